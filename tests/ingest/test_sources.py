"""read_inputs: files, folders and stdin to Documents; defaults, limits, and no escaping errors."""

from __future__ import annotations

import gzip
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventwire
from eventwire.ingest import Defaults, sources
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits
from tests.ingest.conftest import FIXTURES, documents, errors

SAMPLE = Path(eventwire.__file__).parent / "sample"
REPORT = "PORT VALDORA — The harbour council voted on Thursday to extend the quay.\n"
HTML = (FIXTURES / "valdora-port-strike.html").read_text(encoding="utf-8")


def _tree(root: Path) -> None:
    """A folder with every kind of file a walk must read or skip."""
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / ".hidden-dir").mkdir()
    (root / "b.txt").write_text(REPORT, encoding="utf-8")
    (root / "b.json").write_text('{"id": "b", "published": "2024-03-14"}', encoding="utf-8")
    (root / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "sub" / "c.jsonl").write_text(json.dumps({"id": "c", "text": REPORT}) + "\n", "utf-8")
    (root / "sub" / "deeper" / "d.html").write_text(HTML, encoding="utf-8")
    (root / "sub" / "e.txt.gz").write_bytes(gzip.compress(REPORT.encode("utf-8")))
    (root / ".hidden.txt").write_text(REPORT, encoding="utf-8")
    (root / ".hidden-dir" / "f.txt").write_text(REPORT, encoding="utf-8")
    (root / "README.md").write_text("# About these files\n", encoding="utf-8")
    (root / "readme.txt").write_text("About these files.\n", encoding="utf-8")
    (root / "notes.docx").write_bytes(b"PK\x03\x04 not ours")
    (root / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")


def test_folder_is_walked_sorted_skipping_hidden_readme_sidecars_and_unknown(tmp_path, read):
    _tree(tmp_path)
    items = read(tmp_path)
    assert [i.origin for i in items] == [
        str(tmp_path / "a.txt"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "c.jsonl") + ":1",
        str(tmp_path / "sub" / "deeper" / "d.html"),
        str(tmp_path / "sub" / "e.txt.gz"),
    ]
    assert items[1].id == "b" and items[1].published == "2024-03-14"


def test_missing_and_empty_paths(read):
    assert read("no/such/file.txt", "") == [
        IngestError("no/such/file.txt", "no such file or directory"),
        IngestError("", "empty path"),
    ]


def test_named_files_with_unknown_extensions_are_read_as_text(tmp_path, read):
    (tmp_path / "story.md").write_text(REPORT, encoding="utf-8")
    (tmp_path / "story").write_text(REPORT, encoding="utf-8")
    assert [d.text for d in read(tmp_path / "story.md", tmp_path / "story")] == [REPORT, REPORT]


def test_a_named_sidecar_is_refused(tmp_path, read):
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    [error] = read(tmp_path / "a.json")
    assert "sidecar" in error.reason


def test_one_broken_input_does_not_stop_the_rest(tmp_path, read):
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    items = read(tmp_path / "binary.txt", "missing.txt", tmp_path / "empty.txt", tmp_path)
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("IngestError", "binary file, not text"),
        ("IngestError", "no such file or directory"),
        ("IngestError", "empty file"),
        ("IngestError", "binary file, not text"),
        ("IngestError", "empty file"),
        ("Document", None),
    ]


def test_unexpected_exceptions_become_errors_for_that_input(tmp_path, read, monkeypatch):
    def explode(path, origin, limits):
        if path.name == "bad.txt":
            raise RuntimeError("reader bug\nwith two lines")
        return Document(text=REPORT, origin=origin)

    monkeypatch.setattr(sources, "read_text_file", explode)
    (tmp_path / "bad.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "good.txt").write_text(REPORT, encoding="utf-8")
    bad, good = read(tmp_path)
    assert bad == IngestError(
        str(tmp_path / "bad.txt"), "unexpected error (RuntimeError: reader bug with two lines)"
    )
    assert good.origin == str(tmp_path / "good.txt")


def test_unreadable_file_is_reported(tmp_path, read, monkeypatch):
    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    (tmp_path / "locked.txt").write_text(REPORT, encoding="utf-8")
    monkeypatch.setattr(sources, "read_text_file", denied)
    assert read(tmp_path / "locked.txt") == [
        IngestError(str(tmp_path / "locked.txt"), "permission denied")
    ]


def test_defaults_fill_what_documents_lack(tmp_path, read):
    (tmp_path / "dated.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "dated.json").write_text(
        '{"published": "2024-03-14", "source": "Harbour Wire"}', encoding="utf-8"
    )
    (tmp_path / "undated.txt").write_text(REPORT, encoding="utf-8")
    defaults = Defaults(published="2024-03-01T09:00:00Z", source="Archive")
    dated, undated = read(tmp_path, defaults=defaults)
    assert (dated.published, dated.source) == ("2024-03-14", "Harbour Wire")
    assert (undated.published, undated.source) == ("2024-03-01T09:00:00+00:00", "Archive")


def test_an_unreadable_default_date_is_a_warning(tmp_path, read):
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    [document] = read(tmp_path / "a.txt", defaults=Defaults(published="last week"))
    assert document.published is None
    assert document.warnings == ["default published: unreadable date 'last week'; left empty"]


def test_text_over_the_character_limit(tmp_path, read):
    (tmp_path / "long.txt").write_text("word " * 30, encoding="utf-8")
    [error] = read(tmp_path / "long.txt", limits=Limits(max_text_chars=100))
    assert error == IngestError(
        str(tmp_path / "long.txt"), "text is 150 characters, over the limit of 100 (max_text_chars)"
    )


def test_a_file_over_the_size_limit(tmp_path, read):
    (tmp_path / "big.txt").write_text("word " * 300, encoding="utf-8")
    [error] = read(tmp_path / "big.txt", limits=Limits(max_file_bytes=1000))
    assert error.reason == "file is 1,500 bytes, over the limit of 1,000 (max_file_bytes)"


def test_truncated_gz_text(tmp_path, read):
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(REPORT.encode("utf-8") * 100)[:-20])
    assert read(tmp_path / "cut.txt.gz") == [
        IngestError(str(tmp_path / "cut.txt.gz"), "truncated gzip stream")
    ]


STDIN = [
    # (bytes on stdin, origins read)
    (
        json.dumps({"text": REPORT}).encode() + b"\n\n" + json.dumps({"text": "Two."}).encode(),
        ["<stdin>:1", "<stdin>:3"],
    ),
    (REPORT.encode("utf-8"), ["<stdin>"]),
    (b"\xef\xbb\xbf" + REPORT.encode("utf-8"), ["<stdin>"]),
    (HTML.encode("utf-8"), ["<stdin>"]),
    ((FIXTURES / "wire.atom").read_bytes(), ["<stdin>#1", "<stdin>#2"]),
    (gzip.compress(REPORT.encode("utf-8")), ["<stdin>"]),
]


@pytest.mark.parametrize(
    ("data", "origins"), STDIN, ids=["jsonl", "text", "text-bom", "html", "atom", "gzip"]
)
def test_stdin_is_sniffed(read, data, origins):
    items = read("-", stdin=io.BytesIO(data))
    assert [i.origin for i in documents(items)] == origins
    assert not errors(items)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'  \n{"text": "x"}', "jsonl"),
        (b"WARC/1.0\r\n", "warc"),
        (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "feed"),
        (b"<!DOCTYPE html><html>", "html"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
        (b"<p>A paragraph.</p>", "html"),
        (b"<?xml version='1.0'?><unknown/>", "feed"),
        (b"Plain text with a < sign.", "text"),
    ],
)
def test_sniff(data, kind):
    assert sources.sniff(data) == kind


def test_stdin_text_keeps_its_newlines(read):
    data = b"One.\r\nTwo.\rThree.\n"
    [document] = read("-", stdin=io.BytesIO(data))
    assert document.text == "One.\r\nTwo.\rThree.\n"


def test_empty_and_missing_stdin(read):
    assert read("-", stdin=io.BytesIO(b" \n")) == [IngestError("<stdin>", "empty input")]
    assert read("-") == [IngestError("<stdin>", "no standard input to read")]


def test_bundled_sample_folder(read):
    items = read(SAMPLE)
    assert all(isinstance(i, Document) for i in items), errors(items)
    origins = [Path(d.origin).name for d in items]
    assert not any(name.endswith((".json", ".md")) for name in origins)
    texts = sorted(SAMPLE.glob("*.txt"))
    assert len(texts) == 20
    by_name = {Path(d.origin).name: d for d in items}
    for path in texts:
        document = by_name[path.name]
        sidecar = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        assert document.text == path.read_bytes().decode("utf-8")
        assert document.id == sidecar.get("id")
        assert document.published == sidecar["published"]
        assert document.title == sidecar["title"]
    # The page the feed links to is read once, through the feed entry.
    feed_entries = [d for d in items if "#" in d.origin]
    assert len(items) == 20 + len(feed_entries)
    assert not any(name.endswith(".html") for name in origins)
    coup = next(d for d in feed_entries if d.url.endswith("2021-02-01-myanmar-military-coup"))
    assert coup.metadata["page"].endswith("2021-02-01-myanmar-military-coup.html")
    assert coup.text.startswith("YANGON")
    assert coup.published == "2021-02-01T09:00:00+00:00"
    assert "Cookie" not in coup.text and "Related stories" not in coup.text
    vote = next(d for d in feed_entries if "general-assembly" in d.url)
    assert vote.text.startswith("UNITED NATIONS")
    assert vote.text.count("\n\n") >= 5


def test_a_page_named_on_its_own_is_read_even_if_a_feed_links_to_it(tmp_path, read):
    shutil.copy(FIXTURES / "wire.rss", tmp_path)
    shutil.copy(FIXTURES / "valdora-port-strike.html", tmp_path)
    assert len(read(tmp_path)) == 2
    assert len(read(tmp_path / "valdora-port-strike.html", tmp_path / "wire.rss")) == 3


@pytest.mark.shared
def test_shared_seed_text_and_sidecar(seed_dir, read):
    [document] = read(seed_dir / "soleimani-strike.txt")
    assert document.text == (seed_dir / "soleimani-strike.txt").read_bytes().decode("utf-8")
    assert document.published == "2020-01-03"
    assert document.source == "The Washington Post"
    assert document.language == "en"
    assert document.metadata["dateline"] == "BAGHDAD"


# Valid inputs of each format, cut and spliced with junk by the fuzz test below.
SEEDS = [
    REPORT.encode("utf-8"),
    json.dumps({"id": 1, "text": REPORT}).encode() + b"\n" + json.dumps({"text": 5}).encode(),
    HTML.encode("utf-8"),
    (FIXTURES / "wire.rss").read_bytes(),
    (FIXTURES / "wire.atom").read_bytes(),
    gzip.compress(REPORT.encode("utf-8")),
    b"<div>" * 600,
]
SUFFIXES = [".txt", ".txt.gz", ".jsonl", ".jsonl.gz", ".html", ".rss", ".atom", ".xml"]
SUFFIXES += [".warc", ".warc.gz", ".bin", "-"]

FUZZ = st.one_of(
    st.binary(max_size=600),
    st.builds(
        lambda seed, cut, junk, at: seed[:cut][:at] + junk + seed[:cut][at:],
        st.sampled_from(SEEDS),
        st.integers(0, 4000),
        st.binary(max_size=40),
        st.integers(0, 4000),
    ),
)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=FUZZ, suffix=st.sampled_from(SUFFIXES), packed=st.booleans())
def test_no_input_makes_an_exception_escape(tmp_path, data, suffix, packed):
    if suffix.endswith(".gz") and packed:
        data = gzip.compress(data)
    limits = Limits(max_file_bytes=50_000, max_text_chars=20_000, max_html_depth=100)
    if suffix == "-":
        items = list(sources.read_inputs(["-"], limits, Defaults(), io.BytesIO(data)))
    else:
        path = tmp_path / f"fuzz{suffix}"
        path.write_bytes(data)
        items = list(sources.read_inputs([str(path)], limits, Defaults()))
    for item in items:
        assert isinstance(item, Document | IngestError)
        if isinstance(item, IngestError):
            assert item.reason and "\n" not in item.reason
        else:
            assert item.text.strip()
