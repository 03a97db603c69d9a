"""What a user names on the command line (files, folders, ``-``) to Documents, lazily.

Every input is read behind a guard: whatever goes wrong with one file becomes an
IngestError naming it, and the next input is read as if nothing happened.
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eventwire.ingest.dates import normalize_published
from eventwire.ingest.decode import GZIP_MAGIC, gunzip, open_binary, read_bytes
from eventwire.ingest.errors import Unreadable, one_line
from eventwire.ingest.feeds import linked_pages, looks_like_feed, read_feed
from eventwire.ingest.html import read_html
from eventwire.ingest.jsonl import read_jsonl
from eventwire.ingest.text import SIDECAR_SUFFIX, document_from_text, read_text_file
from eventwire.ingest.warc import read_warc
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits

log = logging.getLogger(__name__)

STDIN = "-"
STDIN_ORIGIN = "<stdin>"

#: Reader by file extension (after any ``.gz``).
KINDS = {
    ".txt": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".warc": "warc",
}

_HTML_START = re.compile(rb"\s*<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE)
_HTML_TAG = re.compile(rb"<(?:html|body|div|p|article)[\s>]", re.IGNORECASE)
_BOM_UTF8 = b"\xef\xbb\xbf"
SNIFF_BYTES = 4096

Item = Document | IngestError


@dataclass(frozen=True)
class Defaults:
    """Values for documents that lack them (the CLI's ``--published`` and ``--source``)."""

    published: str | None = None
    source: str | None = None


def read_inputs(
    paths: Iterable[str],
    limits: Limits,
    defaults: Defaults | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Item]:
    """Every article in ``paths`` (files, folders, ``-`` for stdin) or the reason it was skipped."""
    finish = _Finisher(limits, defaults or Defaults())
    for given in paths:
        for item in _read_given(given, limits, stdin):
            yield finish(item)


def kind_of(path: Path) -> str | None:
    """The reader for a file name (``text``, ``jsonl``, ``html``, ``feed``, ``warc``), if known."""
    name = path.name.lower().removesuffix(".gz")
    return KINDS.get(Path(name).suffix)


def _read_given(given: str, limits: Limits, stdin: BinaryIO | None) -> Iterator[Item]:
    if given == STDIN:
        return _guarded(STDIN_ORIGIN, lambda: _read_stdin(stdin, limits))
    return _guarded(given, lambda: _read_path(Path(given), given, limits))


def _read_path(path: Path, given: str, limits: Limits) -> Iterator[Item]:
    if not given.strip():
        # Path("") is the working directory; an empty argument is a mistake, not a request.
        yield IngestError(given, "empty path")
    elif not path.exists():
        yield IngestError(given, "no such file or directory")
    elif path.is_dir():
        yield from _read_folder(path, limits)
    else:
        yield from _read_file(path, given, limits, explicit=True)


def _read_folder(folder: Path, limits: Limits) -> Iterator[Item]:
    """Every readable file under ``folder``, in sorted order, skipping what is not an article."""
    problems: list[OSError] = []
    files = list_folder(folder, problems.append)
    for problem in problems:
        yield IngestError(str(problem.filename or folder), _os_reason(problem))
    # A page a feed links to is read through the feed (with the entry's id and
    # date), not a second time on its own.
    read_through: set[Path] = set()
    for feed in (f for f in files if kind_of(f) == "feed"):
        try:
            read_through |= linked_pages(feed, limits)
        except Exception:  # a feed that cannot be read claims nothing; reading it reports why
            log.debug("could not list the pages %s links to", feed, exc_info=True)
    for path in files:
        if path not in read_through:
            yield from _guarded(str(path), lambda p=path: _read_file(p, str(p), limits))


def list_folder(folder: Path, onerror: Callable[[OSError], None] | None = None) -> list[Path]:
    """The files under ``folder`` a reader knows, sorted; hidden, README and sidecars left out."""
    found: list[Path] = []
    for root, dirs, names in os.walk(folder, onerror=onerror):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(root) / name for name in names if _wanted(name))
    return sorted(found)


def _wanted(name: str) -> bool:
    lower = name.lower()
    if lower.startswith(".") or lower.startswith("readme") or lower.endswith(SIDECAR_SUFFIX):
        return False
    return kind_of(Path(name)) is not None


def _read_file(path: Path, origin: str, limits: Limits, explicit: bool = False) -> Iterator[Item]:
    kind = kind_of(path)
    if kind is None and path.name.lower().endswith(SIDECAR_SUFFIX):
        yield IngestError(
            origin, "a .json file is read as the sidecar of the .txt file beside it, not alone"
        )
    elif kind in (None, "text"):
        yield read_text_file(path, origin, limits)
    elif kind == "html":
        yield read_html(read_bytes(path, limits), origin, limits)
    elif kind == "feed":
        data = read_bytes(path, limits)
        if looks_like_feed(data) or path.suffix.lower() != ".xml":
            yield from read_feed(data, origin, limits, folder=path.parent)
        elif explicit:
            yield IngestError(origin, "XML file is not an RSS or Atom feed")
    elif kind == "jsonl":
        with open_binary(path) as stream:
            yield from read_jsonl(stream, origin, limits)
    else:
        with open_binary(path) as stream:
            yield from read_warc(stream, origin, limits)


def _read_stdin(stdin: BinaryIO | None, limits: Limits) -> Iterator[Item]:
    """Standard input, read whole and sniffed: JSONL, WARC, feed, HTML or plain text."""
    if stdin is None:
        raise Unreadable("no standard input to read")
    # sys.stdin is text and would translate newlines; its buffer gives the bytes.
    data = getattr(stdin, "buffer", stdin).read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        raise Unreadable(
            f"input is over the limit of {limits.max_file_bytes:,} bytes (max_file_bytes)"
        )
    if data.startswith(GZIP_MAGIC):
        data = gunzip(data, limits)
    if not data.strip():
        raise Unreadable("empty input")
    kind = sniff(data)
    if kind == "jsonl":
        yield from read_jsonl(io.BytesIO(data), STDIN_ORIGIN, limits)
    elif kind == "warc":
        yield from read_warc(io.BytesIO(data), STDIN_ORIGIN, limits)
    elif kind == "feed":
        yield from read_feed(data, STDIN_ORIGIN, limits)
    elif kind == "html":
        yield read_html(data, STDIN_ORIGIN, limits)
    else:
        yield document_from_text(data, STDIN_ORIGIN)


def sniff(data: bytes) -> str:
    """The format of unnamed input, from its first bytes."""
    head = data[:SNIFF_BYTES].removeprefix(_BOM_UTF8).lstrip()
    if head.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"WARC/"):
        return "warc"
    if looks_like_feed(head):
        return "feed"
    if _HTML_START.match(head) or _HTML_TAG.search(head):
        return "html"
    if head.startswith(b"<?xml"):
        return "feed"
    return "text"


def _guarded(origin: str, read: Callable[[], Iterator[Item]]) -> Iterator[Item]:
    """The items ``read`` yields; whatever it raises becomes one IngestError for ``origin``."""
    try:
        yield from read()
    except Unreadable as exc:
        yield IngestError(origin, str(exc))
    except OSError as exc:
        yield IngestError(origin, _os_reason(exc))
    except Exception as exc:  # one broken input must never stop the batch
        log.warning("unexpected error reading %s", origin, exc_info=True)
        yield IngestError(origin, f"unexpected error ({type(exc).__name__}: {one_line(str(exc))})")


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or one_line(str(exc))).lower()


class _Finisher:
    """The checks and defaults every Document gets on its way out."""

    def __init__(self, limits: Limits, defaults: Defaults) -> None:
        self.limits = limits
        self.source = defaults.source
        self.published, self.warning = normalize_published(defaults.published)

    def __call__(self, item: Item) -> Item:
        if isinstance(item, IngestError):
            return item
        if not item.text.strip():
            return IngestError(item.origin, "no text")
        if len(item.text) > self.limits.max_text_chars:
            return IngestError(
                item.origin,
                f"text is {len(item.text):,} characters, over the limit of "
                f"{self.limits.max_text_chars:,} (max_text_chars)",
            )
        if item.published is None:
            item.published = self.published
            if self.warning:
                item.warnings.append(self.warning.replace("published:", "default published:"))
        if item.source is None:
            item.source = self.source
        return item
