"""The two jobs a user runs: extract records to a stream, or ingest them into the store.

Both read inputs in batches, skip what cannot be read (reporting it), and keep
going: one broken article never stops a batch. With ``workers`` > 1 the parsing and
extraction run in that many processes; the records and the report are the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, BinaryIO

from spacy.language import Language

from eventwire.ingest import Defaults, read_inputs
from eventwire.nlp import load_pipeline
from eventwire.pipeline import document_id
from eventwire.scale.workers import process_batches
from eventwire.schema import Article, Document, IngestError
from eventwire.settings import Settings
from eventwire.store import BufferedWriter, open_store, stored_ids

log = logging.getLogger(__name__)

#: Called after each batch with (inputs done in it, articles in it, errors in it).
Progress = Callable[[int, int, list[IngestError]], None]


@dataclass
class Report:
    """What a job did: counts, and every input that failed with its reason."""

    articles: int = 0
    stored: int = 0
    already_stored: int = 0
    errors: list[IngestError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def extract(
    paths: Iterable[str],
    out: IO[str],
    settings: Settings,
    defaults: Defaults | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    nlp: Language | None = None,
    workers: int = 1,
) -> Report:
    """Write one JSON record per readable article to ``out``, in input order; report the rest."""
    report = Report()
    items = read_inputs(paths, settings.limits, defaults or Defaults(), stdin)
    batches = ((len(batch), batch) for batch in _batches(items, settings.batch_size))
    for inputs, results in process_batches(batches, settings, workers, nlp):
        articles, errors = _split(results)
        for article in articles:
            out.write(article.to_json() + "\n")
        _count(report, articles, errors, progress, inputs)
    return report


def ingest(
    paths: Iterable[str],
    db: str | Path,
    settings: Settings,
    defaults: Defaults | None = None,
    replace: bool = False,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    nlp: Language | None = None,
    workers: int = 1,
) -> Report:
    """Extract every readable article into the DuckDB store at ``db``, a write batch a transaction.

    Articles already stored are not parsed again unless ``replace`` is set, so an
    interrupted ingest re-run with the same inputs completes the set.
    """
    report = Report()
    con = open_store(db)
    try:
        if workers == 1:
            nlp = nlp or load_pipeline(settings.model)
        items = read_inputs(paths, settings.limits, defaults or Defaults(), stdin)
        # Ids sent to be parsed and not yet committed: the next batches are read before this
        # one is stored (the writer gathers and stores in the background, workers read
        # ahead), and a repeat among them counts as stored, as it would had the batches run
        # one after another.
        in_flight: set[str] = set()
        batches = _to_parse(con, items, settings.batch_size, replace, report, in_flight)
        writer = BufferedWriter(con, settings.write_batch_size, replace)
        try:
            for (inputs, ids), results in process_batches(batches, settings, workers, nlp):
                articles, errors = _split(results)
                stored, written = writer.add(articles, errors, ids)
                report.stored += stored
                in_flight -= written
                _count(report, articles, errors, progress, inputs)
        finally:
            # What was parsed before a stop (Ctrl-C, a failing input) is still stored.
            report.stored += writer.flush()[0]
    finally:
        con.close()
    return report


def _to_parse(
    con,
    items: Iterable[Document | IngestError],
    size: int,
    replace: bool,
    report: Report,
    in_flight: set[str],
) -> Iterator[tuple[tuple[int, set[str]], list[Document | IngestError]]]:
    """Each batch as ((inputs read, ids sent), what is left to parse in it)."""
    for batch in _batches(items, size):
        todo = batch if replace else _unstored(con, batch, report, in_flight)
        ids = {document_id(d) for d in todo if isinstance(d, Document)}
        in_flight |= ids
        yield (len(batch), ids), todo


def _unstored(
    con, batch: list[Document | IngestError], report: Report, in_flight: set[str]
) -> list:
    """The batch less the documents whose article is already stored (or on its way)."""
    ids = {document_id(d) for d in batch if isinstance(d, Document)}
    done = stored_ids(con, ids) | (ids & in_flight)
    report.already_stored += sum(
        1 for d in batch if isinstance(d, Document) and document_id(d) in done
    )
    return [d for d in batch if not (isinstance(d, Document) and document_id(d) in done)]


def _batches(
    items: Iterable[Document | IngestError], size: int
) -> Iterator[list[Document | IngestError]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _split(results: Iterable[Article | IngestError]) -> tuple[list[Article], list[IngestError]]:
    articles: list[Article] = []
    errors: list[IngestError] = []
    for result in results:
        (errors if isinstance(result, IngestError) else articles).append(result)
    return articles, errors


def _count(
    report: Report,
    articles: list[Article],
    errors: list[IngestError],
    progress: Progress | None,
    inputs: int,
) -> None:
    report.articles += len(articles)
    report.errors.extend(errors)
    for error in errors:
        log.debug("failed: %s", error)
    if progress:
        progress(inputs, len(articles), errors)
