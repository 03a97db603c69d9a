"""Web archives (``.warc``, ``.warc.gz``): each HTML page fetched with HTTP 200, via warcio.

warcio reads a cut-off archive without complaint: the last record just comes
back short, or a half-written header ends the iteration as if the file were
complete. So the gzip layer is ours (it raises on a truncated stream) and every
record is checked against its Content-Length; the first damaged record is
reported and the rest of the file is not read, keeping the pages already read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from eventwire.ingest.decode import GzipStream, decode_text
from eventwire.ingest.errors import Unreadable, one_line
from eventwire.ingest.html import declared_charset, document_from_html
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits

HTML_TYPES = ("text/html", "application/xhtml+xml")
_DRAIN_CHUNK = 1 << 16


def read_warc(
    stream: BinaryIO | GzipStream, name: str, limits: Limits
) -> Iterator[Document | IngestError]:
    """One Document per HTML page in the archive (``name#record-N``, N counting every record)."""
    archive = ArchiveIterator(stream)
    records = iter(archive)
    number = 0
    # Each page is held back until the next record is found where its Content-Length
    # says: warcio only notices a wrong length then (and warns on stderr).
    pending: Document | IngestError | None = None
    while True:
        flaws = archive.err_count
        try:
            record = next(records, None)
        except Exception as exc:  # warcio raises assorted errors on a damaged header
            yield from _held(pending)
            yield IngestError(f"{name}#record-{number + 1}", _damage(exc))
            return
        if archive.err_count > flaws:
            yield IngestError(
                f"{name}#record-{number}", "WARC record is longer than its Content-Length says"
            )
            return
        yield from _held(pending)
        if record is None:
            break
        number += 1
        where = f"{name}#record-{number}"
        if record.format != "warc":
            # warcio falls back to the lenient ARC parser, which takes any text line for a header.
            yield IngestError(where, "not a WARC record")
            return
        if number > limits.max_warc_records:
            yield IngestError(
                name,
                f"archive has more than {limits.max_warc_records:,} records; "
                "the rest were not read (limit max_warc_records)",
            )
            return
        try:
            pending = _record_document(record, where, limits) if is_html_page(record) else None
            _drain(record)
        except Exception as exc:  # a damaged payload: report it and read no further
            yield IngestError(where, _damage(exc))
            return
    try:
        cut_off = _has_leftover(archive, stream)
    except Unreadable as exc:
        cut_off, reason = True, str(exc)
    else:
        reason = "truncated WARC record"
    if cut_off:
        yield IngestError(f"{name}#record-{number + 1}", reason)


def _held(item: Document | IngestError | None) -> Iterator[Document | IngestError]:
    if item is not None:
        yield item


def is_html_page(record: Any) -> bool:
    """Whether a record is an HTTP 200 response with an HTML body."""
    if record.rec_type != "response" or not record.http_headers:
        return False
    if record.http_headers.get_statuscode() != "200":
        return False
    return _media_type(record) in HTML_TYPES


def _record_document(record: Any, where: str, limits: Limits) -> Document | IngestError:
    payload = record.content_stream().read(limits.max_file_bytes + 1)
    if len(payload) > limits.max_file_bytes:
        return IngestError(
            where,
            f"page is over the limit of {limits.max_file_bytes:,} bytes (max_file_bytes)",
        )
    _drain(record)
    try:
        html = decode_text(payload, _charset(record) or declared_charset(payload))
    except Unreadable as exc:
        return IngestError(where, str(exc))
    url = record.rec_headers.get_header("WARC-Target-URI")
    document = document_from_html(html, where, url=url, limits=limits)
    if isinstance(document, Document):
        # The crawl date is when the page was fetched, not when it was published.
        if crawled := record.rec_headers.get_header("WARC-Date"):
            document.metadata["crawled"] = crawled
        if record_id := record.rec_headers.get_header("WARC-Record-ID"):
            document.metadata["warc_record_id"] = record_id
    return document


def _drain(record: Any) -> None:
    """Read the rest of a record's block; raise Unreadable if the file ends inside it."""
    if record.format == "warc" and record.length is None:
        # Content-Length is mandatory; warcio returns a header cut off before it as a record.
        raise Unreadable("truncated WARC record (header without Content-Length)")
    raw = record.raw_stream
    while raw.read(_DRAIN_CHUNK):
        pass
    if getattr(raw, "limit", 0) > 0:
        raise Unreadable("truncated WARC record")


def _has_leftover(archive: ArchiveIterator, stream: BinaryIO | GzipStream) -> bool:
    """Whether bytes follow the last whole record: a record cut off inside its header."""
    while stream.read(_DRAIN_CHUNK):
        pass
    return stream.tell() > archive.offset


def _media_type(record: Any) -> str:
    value = record.http_headers.get_header("Content-Type") or ""
    return value.split(";", 1)[0].strip().lower()


def _charset(record: Any) -> str | None:
    value = record.http_headers.get_header("Content-Type") or ""
    for param in value.split(";")[1:]:
        key, _, charset = param.partition("=")
        if key.strip().lower() == "charset" and charset.strip(" \"'"):
            return charset.strip(" \"'")
    return None


def _damage(exc: Exception) -> str:
    if isinstance(exc, Unreadable):
        return str(exc)
    return f"corrupt or truncated WARC record ({one_line(str(exc) or type(exc).__name__, 120)})"
