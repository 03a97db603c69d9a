"""RSS and Atom feeds (``.rss``, ``.atom``, ``.xml``): one article per entry, via feedparser.

An entry's text is its content (``content:encoded``, Atom ``<content>``) when
that is at least as long as its summary; else the page its link points to, if
that page was saved beside the feed; else its summary, if long enough to be
worth reading as an article.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import feedparser
from lxml import etree

from eventwire.ingest.dates import normalize_published
from eventwire.ingest.decode import read_bytes
from eventwire.ingest.errors import Unreadable, one_line
from eventwire.ingest.html import HEAD_CHARS, canonical_url, fragment_text, read_html
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits

log = logging.getLogger(__name__)

# Feed teasers run one or two sentences (20-35 words); below three or so
# sentences a summary holds too little to code events from.
MIN_SUMMARY_WORDS = 40
PAGE_SUFFIXES = (".html", ".htm")
# What a feed's root element looks like in its first bytes (after any XML
# declaration, comments or stylesheet instructions).
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")
FEED_SNIFF_BYTES = 4096


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes open like an RSS, Atom or RSS 1.0 (RDF) document."""
    return _FEED_ROOT.search(data[:FEED_SNIFF_BYTES]) is not None


def read_feed(
    data: bytes, origin: str, limits: Limits, folder: Path | None = None
) -> Iterator[Document | IngestError]:
    """One Document per entry (``origin#N``), or an IngestError for an entry without text.

    ``folder`` is where the feed lives: an entry with only a summary is read from
    the page its link names if that page is saved there.
    """
    try:
        parsed = parse_feed(data)
    except Unreadable as exc:
        yield IngestError(origin, str(exc))
        return
    if not parsed.entries:
        if parsed.bozo:
            reason = one_line(str(parsed.get("bozo_exception", "")), 120)
            yield IngestError(origin, f"not a well-formed feed ({reason})")
        elif not parsed.get("version"):
            yield IngestError(origin, "not an RSS or Atom feed")
        else:
            log.info("%s: feed has no entries", origin)
        return
    feed = _FeedInfo(parsed)
    pages = PageIndex(folder) if folder else None
    for number, entry in enumerate(parsed.entries, start=1):
        if number > limits.max_feed_entries:
            yield IngestError(
                origin,
                f"feed has more than {limits.max_feed_entries:,} entries; "
                "the rest were not read (limit max_feed_entries)",
            )
            return
        yield _entry_document(entry, feed, f"{origin}#{number}", pages, limits)


def parse_feed(data: bytes) -> Any:
    """feedparser's result for ``data``; raise Unreadable where feedparser itself fails."""
    try:
        # A file object, not bytes: feedparser opens bytes as a file path (and
        # fetches a str that looks like a URL).
        return feedparser.parse(io.BytesIO(data))
    except Exception as exc:  # its encoding sniffing raises on malformed XML declarations
        raise Unreadable(f"not a well-formed feed ({one_line(repr(exc), 120)})") from exc


def linked_pages(path: Path, limits: Limits) -> set[Path]:
    """The pages beside a feed file that its entries link to (and so are read through it)."""
    try:
        parsed = parse_feed(read_bytes(path, limits))
    except Unreadable:
        return set()
    pages = PageIndex(path.parent)
    links = (e.get("link") for e in parsed.entries[: limits.max_feed_entries])
    return {page for link in links if link and (page := pages.find(link))}


class _FeedInfo:
    """What every entry of a feed shares: its title (the source) and language."""

    def __init__(self, parsed: Any) -> None:
        self.source = _clean(parsed.feed.get("title"))
        language = _clean(parsed.feed.get("language"))
        self.language = language.split("-")[0].lower() if language else None
        exc = parsed.get("bozo_exception")
        # A declared encoding that differs from the one used is harmless; a
        # recovered XML error may have cost entries or text, so it is reported.
        self.warning = (
            f"feed: not well-formed XML ({one_line(str(exc), 120)}); read what could be parsed"
            if parsed.bozo and not isinstance(exc, feedparser.CharacterEncodingOverride)
            else None
        )


def _entry_document(
    entry: Any, feed: _FeedInfo, where: str, pages: PageIndex | None, limits: Limits
) -> Document | IngestError:
    """The article an entry stands for, from its content, its page on disk or its summary."""
    try:
        body = max(
            (_content_text(c, limits) for c in entry.get("content", [])), key=len, default=""
        )
        summary = fragment_text(entry.get("summary") or "", limits)
    except Unreadable as exc:
        return IngestError(where, str(exc))
    except (ValueError, etree.LxmlError) as exc:
        return IngestError(where, f"entry HTML could not be parsed ({one_line(str(exc), 80)})")
    link = _clean(entry.get("link"))
    # feedparser copies a lone <content> into the summary; content at least as
    # long as the summary is the entry's body, not a teaser.
    if body and len(body) >= len(summary):
        document = Document(text=body, origin=where)
    elif pages and link and (page := pages.find(link)):
        found = _page_document(page, where, link, limits)
        if isinstance(found, IngestError):
            return found
        document = found
    elif not summary.strip():
        return IngestError(where, "feed entry has no text and its page is not on disk")
    elif len(summary.split()) < MIN_SUMMARY_WORDS:
        return IngestError(where, "feed entry has only a short summary and its page is not on disk")
    else:
        document = Document(text=summary, origin=where)
        document.warnings.append(
            "text is the feed entry's summary; the full article was not available"
        )
    _fill(document, entry, feed, link)
    return document


def _content_text(content: dict[str, Any], limits: Limits) -> str:
    value = content.get("value") or ""
    if content.get("type") == "text/plain":
        paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", value))
        return "\n\n".join(p for p in paragraphs if p)
    return fragment_text(value, limits)


def _page_document(page: Path, where: str, link: str, limits: Limits) -> Document | IngestError:
    """The article read from the saved page an entry links to."""
    try:
        data = read_bytes(page, limits)
    except Unreadable as exc:
        return IngestError(where, f"linked page {page.name}: {exc}")
    except OSError as exc:
        return IngestError(where, f"linked page {page.name}: {(exc.strerror or str(exc)).lower()}")
    document = read_html(data, where, limits, url=link)
    if isinstance(document, IngestError):
        return IngestError(where, f"linked page {page.name}: {document.reason}")
    document.metadata["page"] = str(page)
    return document


def _fill(document: Document, entry: Any, feed: _FeedInfo, link: str | None) -> None:
    """Set the fields the feed knows, over any a linked page gave."""
    document.id = _clean(entry.get("id")) or document.id
    document.url = link or document.url
    document.title = _clean(entry.get("title")) or document.title
    document.source = feed.source or document.source
    document.language = feed.language or document.language
    published, warning = _entry_published(entry)
    if published:
        document.published = published
        # The entry's date stands; a page's complaint about its own date is moot.
        document.warnings = [w for w in document.warnings if not w.startswith("published:")]
    elif warning and not document.published:
        document.warnings.append(warning)
    if author := _clean(entry.get("author")):
        document.metadata.setdefault("author", author)
    if feed.warning:
        document.warnings.append(feed.warning)


def _entry_published(entry: Any) -> tuple[str | None, str | None]:
    """The entry's date, from its text (keeping the original offset) or feedparser's UTC parse."""
    warning = None
    for key in ("published", "updated"):
        for value in (entry.get(key), entry.get(f"{key}_parsed")):
            if value:
                published, problem = normalize_published(value)
                if published:
                    return published, None
                warning = warning or problem
    return None, warning


def _clean(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


class PageIndex:
    """The saved web pages in a folder, found by the link a feed entry gives."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._files: list[Path] | None = None
        self._canonical: dict[str, Path] | None = None

    def find(self, link: str) -> Path | None:
        """The page whose name is the link's last path segment, or whose canonical URL it is."""
        key = _url_key(link)
        if key is None:
            return None
        name = unquote(urlsplit(link.strip()).path.rstrip("/").rsplit("/", 1)[-1]).lower()
        if name:
            stem = name.rsplit(".", 1)[0] if "." in name else name
            for page in self.files():
                if page.name.lower() == name or page.stem.lower() == stem:
                    return page
        return self.canonical().get(key)

    def files(self) -> list[Path]:
        if self._files is None:
            try:
                self._files = sorted(
                    p
                    for p in self.folder.iterdir()
                    if p.suffix.lower() in PAGE_SUFFIXES and p.is_file()
                )
            except OSError:
                self._files = []
        return self._files

    def canonical(self) -> dict[str, Path]:
        if self._canonical is None:
            self._canonical = {}
            for page in self.files():
                try:
                    with page.open("rb") as handle:
                        head = handle.read(HEAD_CHARS).decode("utf-8", "replace")
                except OSError:
                    continue
                if (url := canonical_url(head)) and (key := _url_key(url)):
                    self._canonical.setdefault(key, page)
        return self._canonical


def _url_key(url: str) -> str | None:
    """A URL compared loosely: no scheme, fragment or trailing slash, host lowercased."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # a malformed link ("http://[::1") matches nothing
        return None
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.netloc.lower()}{parts.path.rstrip('/')}{query}"
