"""--workers N: the same records in the same order as one process, and crashes that say so."""

from __future__ import annotations

import io
import multiprocessing
import os
import signal
from dataclasses import replace

import pytest

from eventwire import jobs
from eventwire.ingest import Defaults, read_inputs
from eventwire.scale.workers import WorkerCrashed, process_batches, process_parallel
from eventwire.store import open_store, read_records


@pytest.fixture
def small_batches(settings):
    """Two inputs a batch, so even a few inputs spread over both workers, and written three
    articles a transaction, so a store write gathers batches and a repeat waits in one."""
    return replace(settings, batch_size=2, write_batch_size=3)


@pytest.fixture
def deadline():
    """Fail, rather than hang, a test that waits on workers for more than two minutes."""

    def expire(signum, frame):
        raise TimeoutError("workers did not answer within 120 s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(120)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _extract(path, settings, workers: int) -> tuple[str, jobs.Report]:
    out = io.StringIO()
    report = jobs.extract([str(path)], out, settings, workers=workers)
    return out.getvalue(), report


def test_two_workers_extract_what_one_does_in_order(mixed_jsonl, small_batches, nlp, deadline):
    one, one_report = _extract(mixed_jsonl, small_batches, workers=1)
    two, two_report = _extract(mixed_jsonl, small_batches, workers=2)
    assert two == one
    assert two_report == one_report
    assert one_report.articles == 6
    assert [e.input.rsplit(":", 1)[-1] for e in one_report.errors] == ["3", "4", "9"]


def test_two_workers_ingest_what_one_does(mixed_jsonl, small_batches, tmp_path, deadline):
    reports, stores = [], []
    for workers in (1, 2):
        db = tmp_path / f"workers-{workers}.duckdb"
        reports.append(jobs.ingest([str(mixed_jsonl)], db, small_batches, workers=workers))
        con = open_store(db, read_only=True)
        stores.append([_without_times(r) for r in read_records(con)])
        con.close()
    assert reports[1] == reports[0]
    assert (reports[0].stored, reports[0].already_stored) == (5, 1)
    assert sorted(stores[1], key=lambda r: r["id"]) == sorted(stores[0], key=lambda r: r["id"])


def test_unknown_worker_count_is_refused(small_batches):
    with pytest.raises(ValueError, match="workers must be 1 or more"):
        list(process_batches([], small_batches, workers=0))


def test_a_killed_worker_is_a_clear_error_not_a_hang(sample_dir, settings, deadline):
    one_each = replace(settings, batch_size=1)
    items = list(read_inputs([str(sample_dir)], settings.limits, Defaults())) * 2
    results = process_parallel(items, one_each, workers=2)
    next(results)
    os.kill(multiprocessing.active_children()[0].pid, signal.SIGKILL)
    with pytest.raises(
        WorkerCrashed, match=r"worker process died, with the batch from .+ on still to do"
    ):
        list(results)


def _without_times(record: dict) -> dict:
    return {k: v for k, v in record.items() if k != "ingested_at"}
