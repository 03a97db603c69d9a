"""From ingested documents to article records: one parse, then the extractors in order."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.extract import get_extractor
from eventwire.extract.speakers import source_profile
from eventwire.nlp import is_english, load_pipeline, parse_batch
from eventwire.schema import Article, Document, IngestError, text_id
from eventwire.settings import Settings

log = logging.getLogger(__name__)


def document_id(document: Document) -> str:
    """The article id: the one the input gave, else a hash of the normalized text."""
    return document.id or text_id(document.text)


def process(
    items: Iterable[Document | IngestError],
    settings: Settings,
    nlp: Language | None = None,
) -> Iterator[Article | IngestError]:
    """Turn each Document into an Article; pass ingest errors through in order.

    A Document the pipeline cannot read (not English) becomes an IngestError, and
    an extractor that fails on one article leaves a warning on that article only.
    """
    for name in settings.extractors:
        get_extractor(name)  # fail before parsing anything if one is unknown
    nlp = nlp or load_pipeline(settings.model)
    iterator = iter(items)
    while batch := list(islice(iterator, settings.batch_size)):
        results: list[Article | IngestError | None] = []
        readable: list[tuple[int, Document]] = []
        for item in batch:
            problem = _unreadable(item) if isinstance(item, Document) else None
            if isinstance(item, IngestError):
                results.append(item)
            elif problem:
                results.append(IngestError(item.origin, problem, stage="nlp"))
            else:
                readable.append((len(results), item))
                results.append(None)
        parsed = parse_batch(
            nlp, readable, lambda p: p[1].text, lambda p, doc: build_article(p[1], doc, settings)
        )
        for (position, _), article in zip(readable, parsed, strict=True):
            results[position] = article
        yield from (r for r in results if r is not None)


def extract_text(text: str, settings: Settings | None = None, **metadata: str) -> Article:
    """Extract one article from a string: the library's shortest path."""
    settings = settings or Settings.from_env()
    document = Document(text=text, origin="<text>", **metadata)
    (result,) = process([document], settings)
    if isinstance(result, IngestError):
        raise ValueError(str(result))
    return result


def build_article(document: Document, doc: Doc, settings: Settings) -> Article:
    """The record for one parsed document, with each configured extractor's items."""
    article = Article(
        id=document_id(document),
        origin=document.origin,
        url=document.url,
        source=document.source,
        title=document.title,
        published=document.published,
        language=document.language or "en",
        text=document.text,
        metadata=dict(document.metadata),
        warnings=list(document.warnings),
    )
    for name in settings.extractors:
        field, extractor = get_extractor(name)
        try:
            setattr(article, field, extractor(doc, article, settings))
        except Exception as exc:  # one extractor's bug must not lose the article
            log.exception("extractor %s failed on %s", name, document.origin)
            article.warnings.append(f"extractor {name} failed: {type(exc).__name__}: {exc}")
    if article.quotes:
        article.source_profile = source_profile(article.quotes)
    return article


def _unreadable(document: Document) -> str | None:
    """Why the English pipeline cannot read this document, or None if it can."""
    if document.language and not document.language.lower().startswith("en"):
        return f"language is {document.language!r}; the pipeline reads English"
    if not document.text.strip():
        return "empty text"
    if is_english(document.text) is False:
        return "text does not look like English, the language the pipeline reads"
    return None
