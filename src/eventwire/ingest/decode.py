"""Bytes to text: size limits, gzip, byte-order marks, encoding detection, binary refusal.

Text is decoded from bytes here and nowhere else, and never through a text-mode
file, so line endings arrive exactly as they are on disk: the offsets every
extractor records are offsets into this string.
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from pathlib import Path
from typing import BinaryIO

from charset_normalizer import CharsetMatch, from_bytes

from eventwire.ingest.errors import Unreadable, one_line
from eventwire.settings import Limits

GZIP_MAGIC = b"\x1f\x8b"

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 controls other than tab, newlines and form feed, DEL, and the C1 block that
# a single-byte decoding of binary data is full of (less NEL, a line break).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")
# Real text has no control characters or a stray handful; random bytes decoded
# as Latin-1 score about 25%.
MAX_CONTROL_SHARE = 0.05
# The share is measured on the head of the text: a binary file shows it at once.
CONTROL_SAMPLE_CHARS = 65_536

# Labels WHATWG decodes as windows-1252: pages that declare Latin-1 use its
# curly quotes and dashes (0x80-0x9F) all the time.
_AS_CP1252 = {"latin_1", "iso8859_1", "ascii", "cp1252"}


class GzipStream:
    """A gzip file read as a stream, with truncation and corruption raised as Unreadable.

    gzip signals a cut-off stream with EOFError, which archive readers (warcio)
    take for a clean end of file; a distinct exception keeps the damage visible.
    """

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")
        self._error: Unreadable | None = None

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes; what came before damage is returned before the error is raised."""
        chunks: list[bytes] = []
        total = 0
        while size < 0 or total < size:
            if self._error is not None:
                if chunks:
                    break
                raise self._error
            try:
                # read1, not read: GzipFile.read drops what it decompressed if the
                # stream ends inside the same call.
                chunk = self._gzip.read1(size - total if size >= 0 else -1)
            except (EOFError, OSError, zlib.error) as exc:
                self._error = Unreadable(gzip_reason(exc))
                self._error.__cause__ = exc
                continue
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        return b"".join(chunks)

    def readline(self, size: int = -1) -> bytes:
        try:
            return self._gzip.readline(size)
        except (EOFError, OSError, zlib.error) as exc:
            raise Unreadable(gzip_reason(exc)) from exc

    def tell(self) -> int:
        return self._gzip.tell()

    def close(self) -> None:
        self._gzip.close()
        self._raw.close()

    def __enter__(self) -> GzipStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def gzip_reason(exc: BaseException) -> str:
    """The reason for a failed gzip read, in the user's terms."""
    if isinstance(exc, EOFError):
        return "truncated gzip stream"
    return f"corrupt gzip stream ({one_line(str(exc), 80)})"


def open_binary(path: Path) -> BinaryIO | GzipStream:
    """Open a file for reading bytes, decompressing it on the fly if it is gzip.

    The first bytes decide, not the name: a ``.gz`` file saved by a browser or an
    HTTP client that already undid the transfer compression is plain.
    """
    raw = path.open("rb")
    try:
        if raw.peek(len(GZIP_MAGIC)).startswith(GZIP_MAGIC):
            return GzipStream(raw)
    except BaseException:
        raw.close()
        raise
    return raw


def read_bytes(path: Path, limits: Limits) -> bytes:
    """A whole file's bytes, gunzipped, refusing files past ``max_file_bytes``."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise Unreadable(
            f"file is {size:,} bytes, over the limit of {limits.max_file_bytes:,} (max_file_bytes)"
        )
    with open_binary(path) as stream:
        data = _read_capped(stream, limits)
    if not data:
        raise Unreadable("empty file")
    return data


def gunzip(data: bytes, limits: Limits) -> bytes:
    """Decompress an in-memory gzip stream, refusing one past ``max_file_bytes``."""
    return _read_capped(GzipStream(io.BytesIO(data)), limits)


def _read_capped(stream: BinaryIO | GzipStream, limits: Limits) -> bytes:
    """All of ``stream``; raise Unreadable past ``max_file_bytes`` or on damage at its end."""
    data = stream.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        # Decompressed, or a file that grew (or a pipe) since its size was checked.
        what = "gzip stream decompresses to" if isinstance(stream, GzipStream) else "file is"
        raise Unreadable(f"{what} more than {limits.max_file_bytes:,} bytes (limit max_file_bytes)")
    # The read stopped at the end of the stream or at damage; this raises the latter.
    stream.read(1)
    return data


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode bytes to text: BOM, else UTF-8, else ``declared``, else a detected encoding."""
    if not data:
        raise Unreadable("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise Unreadable(f"invalid {encoding.upper()} after its byte-order mark") from exc
    # No text encoding without a BOM puts NUL bytes in text.
    if b"\x00" in data:
        raise Unreadable("binary file, not text")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    if declared and (encoding := _codec(declared)):
        try:
            return _checked(data.decode(encoding))
        except UnicodeDecodeError:
            pass
    return _checked(_decode_detected(data))


def _codec(label: str) -> str | None:
    """The Python codec for an encoding label, windows-1252 for Latin-1 labels."""
    try:
        name = codecs.lookup(label.strip()).name.replace("-", "_")
    except LookupError:
        return None
    # A page that declares UTF-16 in ASCII markup is not UTF-16 (WHATWG reads it as UTF-8).
    if name.startswith(("utf_16", "utf_32")):
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _decode_detected(data: bytes) -> str:
    """Decode with the encoding charset_normalizer finds, preferring windows-1252 on ties."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise Unreadable("binary file, not text")
    # Western European text decodes equally cleanly as cp1250, cp1257 and cp1252,
    # and charset_normalizer's tie-break picks the first; news in a legacy
    # single-byte encoding is far more often windows-1252.
    tied = [m for m in matches if m.chaos <= best.chaos]
    candidates = ["cp1252"] if any(_could_be_cp1252(m) for m in tied) else []
    for encoding in [*candidates, best.encoding]:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise Unreadable(f"text encoding not recognized (best guess {best.encoding} fails)")


def _could_be_cp1252(match: CharsetMatch) -> bool:
    return "cp1252" in (match.encoding, *match.could_be_from_charset)


def _checked(text: str) -> str:
    """``text``, unless control characters show it was decoded from binary data."""
    sample = text[:CONTROL_SAMPLE_CHARS]
    if sample and len(_CONTROL.findall(sample)) > MAX_CONTROL_SHARE * len(sample):
        raise Unreadable("binary file, not text")
    return text
