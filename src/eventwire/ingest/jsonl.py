"""JSON Lines (``.jsonl``, ``.jsonl.gz``): one article per line, each line read on its own.

A bad line is reported as ``PATH:LINENO`` and the rest of the file is still read.
Lines are split on the newline byte only: JSON escapes every newline inside a
string, while U+2028 and other characters ``str.splitlines`` breaks on may
appear raw inside one.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from eventwire.ingest.decode import GzipStream
from eventwire.ingest.errors import Unreadable, one_line
from eventwire.ingest.fields import fill_from_record, type_name
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits

# Bytes skipped at a time past an over-long line.
_SKIP_CHUNK = 1 << 20


def read_jsonl(
    stream: BinaryIO | GzipStream, name: str, limits: Limits
) -> Iterator[Document | IngestError]:
    """One Document per non-blank line of ``stream``, or an IngestError for ``name:LINENO``.

    Each line is one article, so ``max_file_bytes`` applies to each line, not to the file.
    """
    lineno = 0
    blank = 0
    try:
        while line := stream.readline(limits.max_file_bytes + 1):
            lineno += 1
            where = f"{name}:{lineno}"
            if len(line) > limits.max_file_bytes and not line.endswith(b"\n"):
                _skip_line(stream)
                yield IngestError(where, _over_limit(limits))
                continue
            if lineno == 1:
                line = line.removeprefix(codecs.BOM_UTF8)
            if not line.strip():
                blank += 1
                continue
            try:
                yield document_from_line(line, where)
            except Unreadable as exc:
                yield IngestError(where, str(exc))
    except Unreadable as exc:
        # The stream itself failed (a truncated gzip): the lines read so far stand.
        yield IngestError(f"{name}:{lineno + 1}" if lineno else name, str(exc))
        return
    if lineno == blank:
        yield IngestError(name, "empty file" if lineno == 0 else "file holds only blank lines")


def document_from_line(line: bytes, origin: str) -> Document:
    """The article in one JSON line; raise Unreadable with the reason if it is not one."""
    try:
        record = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise Unreadable(f"not valid UTF-8 (byte {exc.start + 1} of the line)") from exc
    except json.JSONDecodeError as exc:
        raise Unreadable(f"invalid JSON ({one_line(exc.msg)} at column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:
        raise Unreadable(f"invalid JSON ({one_line(str(exc), 80)})") from exc
    if not isinstance(record, dict):
        raise Unreadable(f"line must hold a JSON object, got {type_name(record)}")
    document = Document(text=_text(record), origin=origin)
    fill_from_record(document, record, skip=("text",))
    return document


def _text(record: dict[str, Any]) -> str:
    if "text" not in record:
        raise Unreadable("missing 'text'")
    text = record["text"]
    if not isinstance(text, str):
        raise Unreadable(f"'text' must be a string, got {type_name(text)}")
    if not text.strip():
        raise Unreadable("'text' is empty")
    return text


def _over_limit(limits: Limits) -> str:
    return f"line is over the limit of {limits.max_file_bytes:,} bytes (max_file_bytes)"


def _skip_line(stream: BinaryIO | GzipStream) -> None:
    """Read past the rest of the current line."""
    while chunk := stream.readline(_SKIP_CHUNK):
        if chunk.endswith(b"\n"):
            return
