"""RSS and Atom feeds: one article per entry, from its content, its page on disk or its summary."""

from __future__ import annotations

import shutil

import pytest

from eventwire.ingest.feeds import looks_like_feed
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits
from tests.ingest.conftest import FIXTURES, documents, errors

LONG_SUMMARY = " ".join(["The harbour council met on Thursday and voted to extend the quay."] * 5)


def _rss(*items: str, title: str = "Harbour Wire") -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>https://harbour-wire.example/</link>"
        + "".join(f"<item>{item}</item>" for item in items)
        + "</channel></rss>"
    )


def test_rss_content_entry_and_summary_entry_resolved_to_the_page_on_disk(read):
    first, second = read(FIXTURES / "wire.rss")
    assert first.origin == f"{FIXTURES / 'wire.rss'}#1"
    assert first.id == "hw-2024-0311-ferry"
    assert first.text == (
        "VALDORA — The transport ministry approved a new ferry route to the northern islands on "
        "Monday, ending a two-year dispute between the island councils and the state ferry "
        "company.\n\nThe route will run twice a day from June, the ministry said. The island "
        "councils welcomed the decision."
    )
    assert first.published == "2024-03-11T17:45:00+01:00"
    assert first.source == "Harbour Wire: Business"
    assert first.language == "en"
    assert first.url == "https://harbour-wire.example/business/ferry-route-northern-islands"
    assert first.metadata == {"author": "Jon Aldric"}

    # Entry 2 has only a one-line summary; its link is the page's canonical URL.
    assert second.origin == f"{FIXTURES / 'wire.rss'}#2"
    assert second.text.startswith("VALDORA — About 3,000 dockworkers walked off the job")
    assert second.text.count("\n\n") == 4
    assert second.id == "https://harbour-wire.example/business/dockworkers-strike-valdora"
    assert second.published == "2024-03-12T08:30:00+01:00"
    assert second.title == "Dockworkers strike at Valdora port over unpaid wages"
    assert second.source == "Harbour Wire: Business"
    assert second.metadata["page"] == str(FIXTURES / "valdora-port-strike.html")
    assert second.warnings == []


def test_page_is_found_by_the_last_segment_of_the_link(tmp_path, read):
    shutil.copy(FIXTURES / "valdora-port-strike.html", tmp_path / "strike-story.htm")
    item = (
        "<title>Strike</title><link>https://elsewhere.example/news/strike-story</link>"
        "<description>Teaser.</description>"
    )
    (tmp_path / "feed.rss").write_text(_rss(item), encoding="utf-8")
    [document] = read(tmp_path / "feed.rss")
    assert document.metadata["page"] == str(tmp_path / "strike-story.htm")
    assert document.url == "https://elsewhere.example/news/strike-story"


def test_atom_feed(read):
    first, second = read(FIXTURES / "wire.atom")
    assert first.text == (
        "VALDORA — The first grain ships left the port of Valdora on Wednesday after dockworkers "
        "ended a one-day strike.\n\nThe union said all wages had been paid."
    )
    assert (first.id, first.published, first.source, first.language) == (
        "urn:harbour-wire:2024-0313-grain",
        "2024-03-13T11:20:00+01:00",
        "Harbour Wire: Shipping",
        "en",
    )
    assert first.url == "https://harbour-wire.example/shipping/grain-ships-leave"
    assert first.metadata == {"author": "Mira Castell"}
    # No <published>: the updated date stands in.
    assert second.published == "2024-03-13T09:00:00+00:00"
    assert second.text.startswith("The harbour master's office said 212 ships")


def test_summary_only_entries(tmp_path, read):
    feed = _rss(
        f"<title>Long</title><guid>a</guid><description>{LONG_SUMMARY}</description>",
        "<title>Short</title><guid>b</guid><link>https://x.example/missing</link>"
        "<description>A teaser of one sentence.</description>",
    )
    (tmp_path / "feed.rss").write_text(feed, encoding="utf-8")
    long, short = read(tmp_path / "feed.rss")
    assert isinstance(long, Document)
    assert long.text == LONG_SUMMARY
    assert long.warnings == ["text is the feed entry's summary; the full article was not available"]
    assert short == IngestError(
        f"{tmp_path / 'feed.rss'}#2",
        "feed entry has only a short summary and its page is not on disk",
    )


MALFORMED = [
    (b"<rss><channel><title>Cut off", "not a well-formed feed ("),
    (b"this is not a feed at all", "not a well-formed feed ("),
    (b'<?xml version="1.0"?><urlset><url>x</url></urlset>', "not an RSS or Atom feed"),
]


@pytest.mark.parametrize(("data", "reason"), MALFORMED)
def test_malformed_feeds(tmp_path, read, data, reason):
    (tmp_path / "bad.rss").write_bytes(data)
    [error] = read(tmp_path / "bad.rss")
    assert error.input == str(tmp_path / "bad.rss")
    assert error.reason.startswith(reason)
    assert "\n" not in error.reason


def test_broken_feed_with_entries_is_read_with_a_warning(tmp_path, read):
    feed = _rss(f"<title>A</title><description>{LONG_SUMMARY}</description>")
    (tmp_path / "cut.rss").write_text(feed[: -len("</channel></rss>")] + "<item><title>", "utf-8")
    documents_read = documents(read(tmp_path / "cut.rss"))
    assert documents_read[0].text == LONG_SUMMARY
    assert documents_read[0].warnings[-1].startswith("feed: not well-formed XML")


def test_entry_cap(tmp_path, read):
    items = [f"<guid>{n}</guid><description>{LONG_SUMMARY}</description>" for n in range(5)]
    (tmp_path / "feed.rss").write_text(_rss(*items), encoding="utf-8")
    result = read(tmp_path / "feed.rss", limits=Limits(max_feed_entries=3))
    assert len(documents(result)) == 3
    [error] = errors(result)
    assert error.reason.startswith("feed has more than 3 entries")


def test_xml_files_are_read_only_if_they_are_feeds(tmp_path, read):
    (tmp_path / "feed.xml").write_bytes((FIXTURES / "wire.atom").read_bytes())
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset/>', encoding="utf-8")
    assert len(documents(read(tmp_path))) == 2  # the sitemap is skipped in a folder
    [error] = read(tmp_path / "sitemap.xml")
    assert error.reason == "XML file is not an RSS or Atom feed"


@pytest.mark.parametrize(
    ("data", "is_feed"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0">', True),
        (b'<?xml version="1.0"?><!-- c --><feed xmlns="http://www.w3.org/2005/Atom">', True),
        (b"<rdf:RDF xmlns:rdf='x'>", True),
        (b"<html><body>feed</body></html>", False),
        (b'<?xml version="1.0"?><urlset>', False),
    ],
)
def test_looks_like_feed(data, is_feed):
    assert looks_like_feed(data) is is_feed
