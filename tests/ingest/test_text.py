"""Text files: the text kept byte for byte, fields from the JSON sidecar beside it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from eventwire.ingest.text import sidecar_path
from tests.ingest.conftest import documents, errors

REPORT = (
    "PORT VALDORA – Dockworkers ended their strike on Wednesday.\r\n\r\n"
    "The union said all wages had been paid.\r\n"
)


def test_text_is_the_file_exactly(tmp_path, read):
    (tmp_path / "a.txt").write_bytes(REPORT.encode("utf-8"))
    [document] = read(tmp_path / "a.txt")
    assert document.text == REPORT
    assert document.origin == str(tmp_path / "a.txt")
    assert (document.id, document.published, document.metadata) == (None, None, {})


def test_sidecar_fields_and_metadata(tmp_path, read):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8", newline="")
    sidecar = {
        "id": 1042,
        "url": "https://harbour-wire.example/a",
        "title": "Strike ends",
        "source": "Harbour Wire",
        "published": "2024-03-13T11:20:00Z",
        "language": "en",
        "dateline": "PORT VALDORA",
        "tags": ["labour", "shipping"],
    }
    (tmp_path / "a.json").write_text(json.dumps(sidecar), encoding="utf-8")
    [document] = read(tmp_path / "a.txt")
    assert document.text == REPORT
    assert document.id == "1042"
    assert document.url == "https://harbour-wire.example/a"
    assert document.title == "Strike ends"
    assert document.source == "Harbour Wire"
    assert document.published == "2024-03-13T11:20:00+00:00"
    assert document.language == "en"
    assert document.metadata == {"dateline": "PORT VALDORA", "tags": ["labour", "shipping"]}
    assert document.warnings == []


def test_gzipped_text_uses_the_same_sidecar(tmp_path, read):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(REPORT.encode("utf-8")))
    (tmp_path / "a.json").write_text('{"published": "2024-03-13"}', encoding="utf-8")
    [document] = read(tmp_path / "a.txt.gz")
    assert (document.text, document.published) == (REPORT, "2024-03-13")


def test_unreadable_sidecar_date_becomes_a_warning(tmp_path, read):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "a.json").write_text('{"published": "2020-02-30"}', encoding="utf-8")
    [document] = read(tmp_path / "a.txt")
    assert document.published is None
    assert document.warnings == ["published: unreadable date '2020-02-30'; left empty"]


BROKEN_SIDECARS = [
    ('{"title": "Strike ends",}', "invalid JSON in sidecar (Expecting property name enclosed"),
    ('["not", "an", "object"]', "sidecar must hold a JSON object, got array"),
    ('{"title": 7}', "'title' must be a string, got int"),
    ('{"id": [1]}', "'id' must be a string or an integer, got array"),
    ('{"metadata": "x"}', "'metadata' must be an object, got string"),
]


def test_broken_sidecars_name_the_sidecar_and_the_problem(tmp_path, read):
    for content, reason in BROKEN_SIDECARS:
        (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
        (tmp_path / "a.json").write_text(content, encoding="utf-8")
        [error] = errors(read(tmp_path / "a.txt"))
        assert error.input == str(tmp_path / "a.json")
        assert error.reason.startswith(reason), error.reason
        assert "\n" not in error.reason


def test_whitespace_only_and_empty_files_are_errors(tmp_path, read):
    (tmp_path / "blank.txt").write_text(" \n\n\t\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    assert [(e.input, e.reason) for e in read(tmp_path / "blank.txt", tmp_path / "empty.txt")] == [
        (str(tmp_path / "blank.txt"), "file holds only whitespace"),
        (str(tmp_path / "empty.txt"), "empty file"),
    ]


@pytest.mark.parametrize(
    ("name", "sidecar"),
    [("a.txt", "a.json"), ("a.txt.gz", "a.json"), ("a.b.txt", "a.b.json"), ("notes", "notes.json")],
)
def test_sidecar_path(name, sidecar):
    assert sidecar_path(Path("/data") / name) == Path("/data") / sidecar


TEXT = st.text(
    alphabet=st.one_of(
        st.characters(exclude_categories=("Cs", "Cc")), st.sampled_from("\n\r\t\x0b\x0c\x85")
    ),
    min_size=1,
    max_size=300,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXT)
def test_any_text_comes_back_unchanged(tmp_path, read, text):
    assume(text.strip())  # whitespace is no article
    assume(not text.startswith("\ufeff"))  # a leading BOM is an encoding mark, not text
    (tmp_path / "t.txt").write_bytes(text.encode("utf-8"))
    [document] = documents(read(tmp_path / "t.txt"))
    assert document.text.encode("utf-8") == text.encode("utf-8")
