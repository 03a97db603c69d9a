"""Web pages (``.html``, ``.htm``): the article's main text and metadata via trafilatura.

Nesting depth is checked with a cheap tag scan before lxml sees the page: a
document nested thousands of levels deep costs lxml and trafilatura's recursive
tree walks far more than any real page, and real pages sit well under the limit.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

import lxml.html
import trafilatura

from eventwire.ingest.dates import FUTURE_SLACK, normalize_published
from eventwire.ingest.decode import decode_text
from eventwire.ingest.errors import Unreadable, one_line
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits

log = logging.getLogger(__name__)

# A start tag, an end tag or a comment opener. Neither part may contain "<", so a
# page full of stray "<" costs one step each instead of a scan to the end.
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)([^<>]*)>|<!--")
# Elements whose content lxml reads as raw text: tags inside them are not tags.
_RAW_TEXT = ("script", "style")
_RAW_END = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in _RAW_TEXT}
# Void elements: no content and no end tag.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta"}
_VOID.update(("param", "source", "track", "wbr"))
# End tags HTML lets authors omit: opening one of these closes an open sibling.
_CLOSES_SIBLING = {
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr", "td", "th"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
    "thead": {"tbody", "tfoot"},
    "tbody": {"thead", "tbody"},
    "tfoot": {"thead", "tbody"},
}
_NOTHING: frozenset[str] = frozenset()
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_SECTIONS = {"address", "article", "aside", "footer", "header", "main", "nav", "section"}
_GROUPS = {"blockquote", "div", "dl", "figure", "hr", "li", "ol", "p", "pre", "table", "ul"}
# Block elements whose start tag closes an open <p>.
_CLOSES_P = frozenset(_HEADINGS | _SECTIONS | _GROUPS | {"details", "fieldset", "form"})

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})\b""", re.I)
_LINK = re.compile(r"<link\b[^<>]*>", re.I)
_ATTR = re.compile(r"""([A-Za-z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# Where a page declares its charset, language and canonical link.
HEAD_CHARS = 65_536
# Characters lxml refuses in text ("All strings must be XML compatible").
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Block elements in a feed entry's HTML: each starts a paragraph.
_BLOCKS = frozenset(_HEADINGS | _SECTIONS | _GROUPS | {"dd", "dt", "figcaption", "tr"})
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# On a page without an article trafilatura falls back to whatever text there is
# (a lone "Home" link, a cookie notice); the shortest wire brief runs 25 words.
MIN_WORDS = 10


def read_html(
    data: bytes, origin: str, limits: Limits, url: str | None = None, charset: str | None = None
) -> Document | IngestError:
    """The article in an HTML file's bytes, decoded by its BOM, UTF-8 or declared charset."""
    try:
        html = decode_text(data, charset or declared_charset(data))
    except Unreadable as exc:
        return IngestError(origin, str(exc))
    return document_from_html(html, origin, url, limits)


def document_from_html(
    html: str, origin: str, url: str | None = None, limits: Limits | None = None
) -> Document | IngestError:
    """The main text, title, date, author and site of a web page, boilerplate removed."""
    limits = limits or Limits()
    try:
        check_depth(html, limits.max_html_depth)
    except Unreadable as exc:
        return IngestError(origin, str(exc))
    try:
        page = trafilatura.bare_extraction(
            _XML_ILLEGAL.sub("", html),
            url=url,
            with_metadata=True,
            include_comments=False,
            # Without metadata, htmldate's extensive search guesses a date from any
            # date in the text; a wrong anchor for "on Thursday" is worse than none.
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": (datetime.now(UTC) + FUTURE_SLACK).strftime("%Y-%m-%d"),
            },
        )
    except Exception as exc:  # one malformed page must not end the archive or feed it came in
        log.debug("trafilatura failed on %s", origin, exc_info=True)
        return IngestError(origin, f"HTML could not be parsed ({one_line(repr(exc), 80)})")
    text = _paragraphs(page.text or "", page.title) if page is not None else ""
    if len(text.split()) < MIN_WORDS:
        return IngestError(origin, "no main text found in HTML")
    document = Document(
        text=text,
        origin=origin,
        url=url or page.url,
        source=page.sitename,
        title=page.title,
        language=page_language(html),
    )
    document.published, warning = normalize_published(page.date)
    if warning:
        document.warnings.append(warning)
    if page.author:
        document.metadata["author"] = page.author
    return document


def _paragraphs(text: str, title: str | None) -> str:
    """trafilatura's lines as paragraphs separated by blank lines, without the headline.

    Our text files separate paragraphs by a blank line and carry the headline in
    ``title`` only; HTML articles are shaped the same so both read alike downstream.
    """
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line]
    if lines and title and lines[0].casefold() == " ".join(title.split()).casefold():
        lines = lines[1:]
    return "\n\n".join(lines)


def check_depth(html: str, limit: int) -> None:
    """Raise Unreadable if ``html``'s elements nest deeper than ``limit``."""
    if nesting_depth(html, stop_at=limit) > limit:
        raise Unreadable(f"HTML nests deeper than {limit} levels (limit max_html_depth)")


def nesting_depth(html: str, stop_at: int | None = None) -> int:
    """How deep ``html``'s elements nest, as a browser would build them (approximately).

    Counting stops once past ``stop_at``. End tags close what they match even if
    elements in between were left open; omitted end tags (``<p>``, ``<li>``) are
    closed by the siblings that imply them.
    """
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    skip_to = 0
    for match in _TAG.finditer(html):
        if match.start() < skip_to:
            continue
        if match.group(0) == "<!--":
            end = html.find("-->", match.end())
            skip_to = len(html) if end < 0 else end + 3
            continue
        closing, name, rest = match.groups()
        name = name.lower()
        if closing:
            if open_count.get(name):
                while (top := stack.pop()) != name:
                    open_count[top] -= 1
                open_count[name] -= 1
            continue
        if name in _VOID or rest.endswith("/"):
            continue
        if name in _RAW_END:
            end_match = _RAW_END[name].search(html, match.end())
            skip_to = len(html) if end_match is None else end_match.end()
            continue
        closes = _CLOSES_SIBLING.get(name, _NOTHING)
        while stack and (stack[-1] in closes or (stack[-1] == "p" and name in _CLOSES_P)):
            open_count[stack.pop()] -= 1
        stack.append(name)
        open_count[name] = open_count.get(name, 0) + 1
        if len(stack) > deepest:
            deepest = len(stack)
            if stop_at is not None and deepest > stop_at:
                break
    return deepest


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in a ``<meta>`` tag, if any."""
    match = _META_CHARSET.search(data[:HEAD_CHARS])
    return match.group(1).decode("ascii") if match else None


def page_language(html: str) -> str | None:
    """The primary language subtag of ``<html lang>``, lowercased (``en`` for ``en-US``)."""
    match = _HTML_LANG.search(html[:HEAD_CHARS])
    return match.group(1).lower() if match else None


def canonical_url(html: str) -> str | None:
    """The ``href`` of a page's ``<link rel="canonical">``, if it has one."""
    for tag in _LINK.findall(html[:HEAD_CHARS]):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(tag)}
        if "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            return attrs["href"].strip()
    return None


def fragment_text(fragment: str, limits: Limits | None = None) -> str:
    """The text of an HTML fragment (a feed entry's body), paragraphs split by blank lines."""
    limits = limits or Limits()
    check_depth(fragment, limits.max_html_depth)
    cleaned = _XML_ILLEGAL.sub("", fragment)
    if not cleaned.strip():
        return ""
    root = lxml.html.fragment_fromstring(cleaned, create_parent="div")
    for element in root.xpath(".//script | .//style"):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _BLOCKS:
            element.text = "\n\n" + (element.text or "")
            element.tail = "\n\n" + (element.tail or "")
        elif element.tag == "br":
            element.tail = "\n" + (element.tail or "")
    paragraphs = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(root.text_content()))
    return "\n\n".join(p for p in paragraphs if p)
