"""JSON Lines: one article per line; a bad line is reported as PATH:LINENO and skipped."""

from __future__ import annotations

import gzip
import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eventwire.settings import Limits
from tests.ingest.conftest import documents, errors

GOOD = {
    "id": "hw-1",
    "text": "PORT VALDORA — Dockworkers ended their strike on Wednesday.\n\nWages were paid.",
    "url": "https://harbour-wire.example/1",
    "title": "Strike ends",
    "published": "Wed, 13 Mar 2024 11:20:00 +0100",
    "source": "Harbour Wire",
    "language": "en",
    "desk": "business",
}

LINES = [
    json.dumps(GOOD),
    "",
    '{"id": "hw-2", "text": "The ferry sailed.", "title": "Ferry" "sails"}',
    json.dumps({"id": 3, "text": "The harbour master reported record traffic."}),
    json.dumps({"id": "hw-4", "text": 42}),
    "   ",
    json.dumps({"id": ["hw-5"], "text": "Valid text, invalid id."}),
    json.dumps({"text": "Metadata must be an object.", "metadata": ["x"]}),
    json.dumps(["a", "list"]),
    json.dumps({"title": "No text at all"}),
    json.dumps({"text": "   "}),
    json.dumps({"text": "Nested metadata is merged.", "metadata": {"desk": "world"}, "k": 1}),
]


def test_lines_are_read_and_bad_ones_reported(tmp_path, read):
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    items = read(path)
    assert [(i.origin if hasattr(i, "origin") else i.input) for i in items] == [
        f"{path}:{n}" for n in (1, 3, 4, 5, 7, 8, 9, 10, 11, 12)
    ]
    assert [(e.input.rsplit(":", 1)[1], e.reason) for e in errors(items)] == [
        ("3", "invalid JSON (Expecting ',' delimiter at column 62)"),
        ("5", "'text' must be a string, got int"),
        ("7", "'id' must be a string or an integer, got array"),
        ("8", "'metadata' must be an object, got array"),
        ("9", "line must hold a JSON object, got array"),
        ("10", "missing 'text'"),
        ("11", "'text' is empty"),
    ]
    first, third, last = documents(items)
    assert first.text == GOOD["text"]
    assert (first.id, first.url, first.title, first.source, first.language) == (
        "hw-1",
        "https://harbour-wire.example/1",
        "Strike ends",
        "Harbour Wire",
        "en",
    )
    assert first.published == "2024-03-13T11:20:00+01:00"
    assert first.metadata == {"desk": "business"}
    assert third.id == "3"
    assert last.metadata == {"desk": "world", "k": 1}


def test_gzipped_jsonl(tmp_path, read):
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(GOOD) + "\n").encode("utf-8") * 3))
    items = read(path)
    assert [d.origin for d in documents(items)] == [f"{path}:{n}" for n in (1, 2, 3)]


def test_truncated_gzip_keeps_the_lines_before_it(tmp_path, read):
    path = tmp_path / "wire.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps(GOOD) + "\n").encode("utf-8") * 200)[:-40])
    items = read(path)
    assert len(documents(items)) > 100
    assert errors(items)[-1].reason == "truncated gzip stream"


def test_unicode_line_separators_inside_strings_do_not_split_lines(tmp_path, read):
    text = "First paragraph.\u2028Still the same line.\u2029And\x85this."
    path = tmp_path / "wire.jsonl"
    path.write_bytes(json.dumps({"text": text}, ensure_ascii=False).encode("utf-8") + b"\r\n")
    [document] = read(path)
    assert document.text == text


def test_an_over_long_line_is_reported_and_the_next_is_read(tmp_path, read):
    path = tmp_path / "wire.jsonl"
    long = json.dumps({"text": "word " * 400})
    path.write_text(long + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    items = read(path, limits=Limits(max_file_bytes=1000))
    assert [type(i).__name__ for i in items] == ["IngestError", "Document"]
    assert items[0].input == f"{path}:1"
    assert "over the limit of 1,000 bytes" in items[0].reason
    assert items[1].origin == f"{path}:2"


def test_invalid_utf8_line_is_reported(tmp_path, read):
    path = tmp_path / "wire.jsonl"
    path.write_bytes(b'{"text": "caf\xe9"}\n' + json.dumps(GOOD).encode("utf-8"))
    items = read(path)
    assert items[0].reason.startswith("not valid UTF-8")
    assert items[1].id == "hw-1"


def test_blank_and_empty_files(tmp_path, read):
    (tmp_path / "blank.jsonl").write_text("\n  \n", encoding="utf-8")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    assert [e.reason for e in read(tmp_path / "blank.jsonl", tmp_path / "empty.jsonl")] == [
        "file holds only blank lines",
        "empty file",
    ]


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=200))
def test_any_text_survives_a_jsonl_round_trip(tmp_path, read, text):
    assume(text.strip())
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    [document] = read(path)
    assert document.text == text
