"""Extraction in worker processes: each loads the spaCy pipeline once and returns records.

The parent reads the inputs, sends them to the workers a batch at a time, and gets back
plain records (Articles or IngestErrors, never spaCy Docs) in input order, so the one
writer sees exactly what a single process would have produced.

Workers start with ``spawn``: a fresh interpreter that imports eventwire and loads the
pipeline itself. Forking a process that has opened DuckDB or run spaCy copies locks held
by threads the child does not have; spawn costs a second or two per worker, once.
Programs that call this from a script must guard their entry point
(``if __name__ == "__main__":``), as with any spawned multiprocessing.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from typing import TypeVar

from spacy.language import Language

from eventwire.extract import get_extractor
from eventwire.nlp import load_pipeline
from eventwire.pipeline import process
from eventwire.scale.heap import settle_once
from eventwire.schema import Article, Document, IngestError
from eventwire.settings import Settings

log = logging.getLogger(__name__)

START_METHOD = "spawn"
# Batches waiting per worker beyond the one it is on: a worker never waits for the writer,
# and at most (1 + BATCHES_AHEAD) × workers batches of documents and records are in memory.
BATCHES_AHEAD = 1

Item = Document | IngestError
Result = Article | IngestError
T = TypeVar("T")


class WorkerCrashed(RuntimeError):
    """A worker process died mid-run: killed, out of memory, or a crash in native code."""


def process_parallel(items: Iterable[Item], settings: Settings, workers: int) -> Iterator[Result]:
    """``eventwire.pipeline.process`` over ``workers`` processes: one result per input, in order."""
    batches = ((None, batch) for batch in _batches(items, settings.batch_size))
    for _, results in process_batches(batches, settings, workers):
        yield from results


def process_batches(
    batches: Iterable[tuple[T, Sequence[Item]]],
    settings: Settings,
    workers: int = 1,
    nlp: Language | None = None,
) -> Iterator[tuple[T, list[Result]]]:
    """Each ``(tag, batch)`` as ``(tag, results)``, in order, one result per input.

    With one worker the batches run here, on ``nlp`` if given; with more, in that many
    processes (``nlp`` is then unused: each worker loads ``settings.model``). Batches are
    read from ``batches`` only as workers free up, so a long input never piles up in
    memory. A worker that dies raises WorkerCrashed; the results before it stand.
    """
    if workers < 1:
        raise ValueError(f"workers must be 1 or more, not {workers}")
    for name in settings.extractors:
        get_extractor(name)  # fail before starting anything if one is unknown
    if workers == 1:
        for tag, batch in batches:
            results = list(process(batch, settings, nlp))
            settle_once()  # the pipeline is warm now: set its objects aside from the collector
            yield tag, results
        return
    yield from _in_workers(batches, settings, workers)


def _in_workers(
    batches: Iterable[tuple[T, Sequence[Item]]], settings: Settings, workers: int
) -> Iterator[tuple[T, list[Result]]]:
    context = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker)
    pending: deque[tuple[T, Sequence[Item], Future[list[Result]]]] = deque()
    finished = False
    try:
        for tag, batch in batches:
            try:
                future = pool.submit(_run, list(batch), settings)
            except BrokenProcessPool as exc:  # a worker died since the last submit
                raise _crashed(batch) from exc
            pending.append((tag, batch, future))
            if len(pending) > workers * (1 + BATCHES_AHEAD):
                yield _collect(*pending.popleft())
        while pending:
            yield _collect(*pending.popleft())
        finished = True
    finally:
        # On an early stop (an error, Ctrl+C, the caller dropping the iterator) the queued
        # batches are cancelled; those already running finish in the background.
        pool.shutdown(wait=finished, cancel_futures=True)


def _collect(tag: T, batch: Sequence[Item], future: Future[list[Result]]) -> tuple[T, list[Result]]:
    try:
        return tag, future.result()
    except BrokenProcessPool as exc:
        raise _crashed(batch) from exc


def _crashed(batch: Sequence[Item]) -> WorkerCrashed:
    first = next((_origin(item) for item in batch), "?")
    return WorkerCrashed(
        f"an extraction worker process died, with the batch from {first} "
        "on still to do; the results before it were delivered. It was killed (by the "
        "out-of-memory killer or a signal) or crashed in native code: run again with fewer "
        "workers, or with one to see which input it was."
    )


def _origin(item: Item) -> str:
    return item.origin if isinstance(item, Document) else item.input


def _start_worker() -> None:
    # Ctrl+C reaches the whole process group: the parent stops the pool, workers ignore it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run(batch: list[Item], settings: Settings) -> list[Result]:
    """In a worker: the batch's records, the pipeline loaded on the first call only."""
    results = list(process(batch, settings, load_pipeline(settings.model)))
    settle_once()
    return results


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
