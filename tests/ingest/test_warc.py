"""Web archives: one article per HTML page fetched with HTTP 200; damage stops the file."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.schema import Document, IngestError
from eventwire.settings import Limits
from tests.ingest.conftest import documents, errors

PARAGRAPH = (
    "The harbour council voted on {day} to extend the northern quay by 200 metres, its chair said."
)
DATED = (
    "<html><head><title>Quay vote</title>"
    '<meta property="article:published_time" content="2024-03-14T10:00:00+01:00"></head>'
    "<body><nav><a href='/'>Home</a></nav><article><h1>Quay vote</h1>"
    + "".join(f"<p>{PARAGRAPH.format(day='Thursday')}</p>" for _ in range(3))
    + "</article><footer>All rights reserved.</footer></body></html>"
)
UNDATED = (
    "<html><head><title>Ferry delays</title></head><body><article>"
    + "".join(f"<p>{PARAGRAPH.format(day='Friday')} Ferries ran late.</p>" for _ in range(3))
    + "</article></body></html>"
)

# (record type, target URI, HTTP status, content type, payload)
RECORDS = [
    ("response", "https://harbour-wire.example/quay", "200 OK", "text/html; charset=utf-8", DATED),
    ("response", "https://harbour-wire.example/missing", "404 Not Found", "text/html", DATED),
    ("response", "https://harbour-wire.example/logo.png", "200 OK", "image/png", "\x89PNG"),
    ("request", "https://harbour-wire.example/ferry", None, None, ""),
    ("response", "https://harbour-wire.example/ferry", "200 OK", "application/xhtml+xml", UNDATED),
]


def write_warc(path: Path, records=RECORDS, gzip: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for kind, uri, status, content_type, payload in records:
        if kind == "request":
            headers = StatusAndHeaders("GET /ferry HTTP/1.1", [], is_http_request=True)
        else:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], "HTTP/1.1")
        body = io.BytesIO(payload.encode("utf-8"))
        writer.write_record(
            writer.create_warc_record(uri, kind, payload=body, http_headers=headers)
        )
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_only_html_200_responses_become_documents(tmp_path, read, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    write_warc(path, gzip=gzip)
    items = read(path)
    assert all(isinstance(i, Document) for i in items)
    quay, ferry = items
    assert quay.origin == f"{path}#record-1"
    assert ferry.origin == f"{path}#record-5"
    assert quay.url == "https://harbour-wire.example/quay"
    assert ferry.url == "https://harbour-wire.example/ferry"
    assert quay.id is None and ferry.id is None
    assert quay.text.startswith("The harbour council voted on Thursday")
    assert "Home" not in quay.text and "All rights reserved" not in quay.text
    assert quay.published == "2024-03-14"
    # The crawl date is kept as metadata, never taken for the publication date.
    assert ferry.published is None
    for document in (quay, ferry):
        assert document.metadata["crawled"].endswith("Z")
        assert document.metadata["warc_record_id"].startswith("<urn:uuid:")


@pytest.mark.parametrize("gzip", [True, False], ids=["warc.gz", "warc"])
def test_truncated_archive_keeps_what_was_read_and_reports_the_damage(tmp_path, read, gzip):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    records = [RECORDS[0], RECORDS[0], RECORDS[4]]
    data = write_warc(path, records, gzip=gzip)
    path.write_bytes(data[: len(data) - 200])
    items = read(path)
    assert [d.origin for d in documents(items)] == [f"{path}#record-1", f"{path}#record-2"]
    [error] = errors(items)
    assert error.input == f"{path}#record-3"
    assert "truncated" in error.reason


def test_every_cut_point_is_either_complete_or_reported(tmp_path, read):
    data = write_warc(tmp_path / "full.warc", [RECORDS[0], RECORDS[4]], gzip=False)
    path = tmp_path / "cut.warc"
    for cut in range(1, len(data), 53):
        path.write_bytes(data[:cut])
        items = read(path)
        assert errors(items), f"cut at byte {cut} went unreported"


def test_a_record_longer_than_its_content_length_is_reported(tmp_path, read):
    path = tmp_path / "crawl.warc"
    data = write_warc(path, [RECORDS[0], RECORDS[4]], gzip=False)
    length = re.search(rb"Content-Length: (\d+)", data)
    shorter = str(int(length.group(1)) - 100).encode()
    path.write_bytes(data[: length.start(1)] + shorter + data[length.end(1) :])
    # The page read short is not passed on.
    assert read(path) == [
        IngestError(f"{path}#record-1", "WARC record is longer than its Content-Length says")
    ]


def test_not_a_warc(tmp_path, read):
    (tmp_path / "junk.warc").write_bytes(b"GIF89a this is not an archive\r\n\r\n")
    [error] = read(tmp_path / "junk.warc")
    assert error.input == f"{tmp_path / 'junk.warc'}#record-1"
    assert error.reason == "not a WARC record"


def test_record_cap(tmp_path, read):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path)
    items = read(path, limits=Limits(max_warc_records=2))
    assert [d.origin for d in documents(items)] == [f"{path}#record-1"]
    assert errors(items)[-1].reason.startswith("archive has more than 2 records")
