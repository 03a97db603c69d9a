"""Throughput and memory: eventwire end to end against spaCy alone on the same texts.

One run reads N articles (the bundled sample repeated, or the user's inputs, repeated if
they hold fewer), turns them into records and writes them to a temporary DuckDB store,
timing each part, and parses the same texts with the same pipeline and batch size in
``nlp.pipe`` alone: the floor no extractor can beat. In one process the two alternate
batch by batch, so a machine that slows down midway (other jobs on it) slows both alike;
with worker processes the floor runs after them. Memory is read from ``/proc``.
"""

from __future__ import annotations

import json
import os
import resource
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any

from eventwire.ingest import Defaults, read_inputs
from eventwire.nlp import load_pipeline
from eventwire.pipeline import document_id, process
from eventwire.scale.workers import process_batches
from eventwire.schema import Article, Document, IngestError
from eventwire.settings import Settings
from eventwire.store import BufferedWriter, open_store, stored_ids

# Articles processed, untimed, before the clock starts: the first ones load the model, the
# gazetteer and the lexicons, a cost paid once per process, not per article.
WARM_UP = 8
#: The table's rows: each measure and how the table names it.
_ROWS = {
    "spacy_alone": "spaCy alone (nlp.pipe)",
    "end_to_end": "end to end, records",
    "end_to_end_jsonl": "end to end, JSON lines",
    "end_to_end_store": "end to end, into DuckDB",
    "total": "total (both outputs)",
}


def run_benchmark(
    n_articles: int,
    source_paths: Sequence[str] | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    rss_every: int = 1000,
    store: bool = True,
) -> dict[str, Any]:
    """Time ``n_articles`` end to end and in spaCy alone; RSS after every ``rss_every``."""
    if n_articles < 1:
        raise ValueError(f"n_articles must be 1 or more, not {n_articles}")
    settings = settings or Settings.from_env()
    _check_readable(source_paths, settings)
    nlp = load_pipeline(settings.model)
    list(process(islice(_documents(source_paths, settings), WARM_UP), settings, nlp))
    floor = _Floor(n_articles, source_paths, settings)
    run = _end_to_end(
        n_articles,
        source_paths,
        settings,
        workers,
        rss_every,
        store,
        floor if workers == 1 else None,
    )
    floor.run_rest()
    result: dict[str, Any] = {
        "articles": run["articles"],
        "words": run["words"],
        "errors": run["errors"],
        "workers": workers,
        "batch_size": settings.batch_size,
        "model": settings.model,
        "extractors": list(settings.extractors),
        "inputs": list(source_paths) if source_paths else ["(bundled sample)"],
        # Read, parse and extract: the Article records built, written nowhere.
        "end_to_end": _rates(run["seconds"] - run["store_seconds"] - run["records_seconds"], run),
        # ... and each record made the JSON line `eventwire extract` writes.
        "end_to_end_jsonl": _rates(run["seconds"] - run["store_seconds"], run),
        "spacy_alone": _rates(floor.stats["seconds"], floor.stats),
        # Everything the run did, both outputs included: the figure to compare worker counts by.
        "total": _rates(run["seconds"], run),
        "cpu_seconds": {
            "total": round(run["cpu_seconds"], 3),
            "spacy_alone": round(floor.stats["cpu_seconds"], 3),
        },
        "rss_mb": run["rss_mb"],
        "peak_rss_mb": run["peak_rss_mb"],
    }
    if store:
        # ... and each batch written to a DuckDB store in one transaction, as `ingest` does.
        result["end_to_end_store"] = _rates(run["seconds"] - run["records_seconds"], run)
    floor_rate = result["spacy_alone"]["articles_per_s"]
    for key in _ROWS:
        if key in result and key != "spacy_alone":
            result[key]["vs_spacy"] = round(result[key]["articles_per_s"] / floor_rate, 3)
    first, last = run["rss_mb"][0]["rss_mb"], run["rss_mb"][-1]["rss_mb"]
    result["rss_growth"] = round(last / first - 1, 3)
    return result


def format_table(result: dict[str, Any]) -> str:
    """The result as a plain-text table, the way the README shows it."""
    rows = [("", "articles/s", "words/s", "seconds", "x spaCy")]
    for key, label in _ROWS.items():
        if key in result:
            r = result[key]
            rows.append(
                (
                    label,
                    f"{r['articles_per_s']:.2f}",
                    f"{r['words_per_s']:,.0f}",
                    f"{r['seconds']:.1f}",
                    f"{r.get('vs_spacy', 1.0):.2f}",
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        f"{result['articles']:,} articles, {result['words']:,} words, {result['workers']} "
        f"worker(s), batch size {result['batch_size']}, {result['model']}"
    ]
    for row in rows:
        cells = [row[0].ljust(widths[0])]
        cells += [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    if result["workers"] > 1:
        lines.append(
            "(with workers the writer's output overlaps their parsing: compare worker counts "
            "by the total)"
        )
    rss = ", ".join(f"{s['articles']:,}: {s['rss_mb']:.0f}" for s in result["rss_mb"])
    lines.append(f"RSS MB after N articles: {rss} (growth {result['rss_growth']:+.1%})")
    lines.append(f"peak RSS {result['peak_rss_mb']:.0f} MB")
    return "\n".join(lines)


def write_result(result: dict[str, Any], path: Path) -> None:
    """The result as indented JSON."""
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


def _end_to_end(
    n: int,
    paths: Sequence[str] | None,
    settings: Settings,
    workers: int,
    rss_every: int,
    store: bool,
    floor: _Floor | None,
) -> dict[str, Any]:
    """Read, parse, extract, build records (JSON lines) and write them to a throwaway store.

    After each batch, untimed here, ``floor`` (if given) parses the same batch alone.
    """
    stats = {"articles": 0, "words": 0, "errors": 0, "seconds": 0.0, "cpu_seconds": 0.0}
    stats.update(store_seconds=0.0, records_seconds=0.0)
    rss: list[dict[str, Any]] = []
    peak_children = 0.0
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as folder:
        writer = (
            BufferedWriter(open_store(Path(folder) / "bench.duckdb"), settings.write_batch_size)
            if store
            else None
        )
        items = islice(_documents(paths, settings), n)
        batches = ((None, batch) for batch in _batches(items, settings.batch_size))
        results_of = iter(process_batches(batches, settings, workers))
        next_sample = rss_every
        children_cpu = _children_cpu()
        owed = 0  # floor batches put off while a write was in flight; run_rest ends them
        while True:
            clock, cpu = time.perf_counter(), time.process_time()
            try:
                _, results = next(results_of)
            except StopIteration:
                break
            articles = [r for r in results if isinstance(r, Article)]
            errors = [r for r in results if isinstance(r, IngestError)]
            records = time.perf_counter()
            for article in articles:
                article.to_json()
            stats["records_seconds"] += time.perf_counter() - records
            if writer is not None:
                # As ingest does: ask which are stored before parsing, write every
                # write_batch_size articles in one transaction.
                writes = time.perf_counter()
                stored_ids(writer.con, [a.id for a in articles])
                writer.add(articles, errors)
                stats["store_seconds"] += time.perf_counter() - writes
            stats["articles"] += len(articles)
            stats["errors"] += len(errors)
            stats["words"] += sum(len(a.text.split()) for a in articles)
            stats["seconds"] += time.perf_counter() - clock
            stats["cpu_seconds"] += time.process_time() - cpu
            if stats["articles"] >= next_sample:
                rss.append(_rss_sample(stats["articles"]))
                peak_children = max(peak_children, _children_memory("VmHWM"))
                next_sample = (stats["articles"] // rss_every + 1) * rss_every
            if floor is not None:
                owed += 1
                # Never beside a write in flight: as in ingest, a write overlaps the next
                # batch's parse, and here it would slow the floor's parse instead.
                if writer is None or not writer.busy:
                    for _ in range(owed):
                        floor.run_batch()
                    owed = 0
        # Worker processes have exited by now: their CPU time is counted as children's.
        stats["cpu_seconds"] += _children_cpu() - children_cpu
        if writer is not None:
            clock, cpu = time.perf_counter(), time.process_time()
            writer.flush()
            stats["store_seconds"] += time.perf_counter() - clock
            stats["seconds"] += time.perf_counter() - clock
            stats["cpu_seconds"] += time.process_time() - cpu
            writer.con.close()
        if not rss or rss[-1]["articles"] != stats["articles"]:
            rss.append(_rss_sample(stats["articles"]))
    stats["rss_mb"] = rss
    stats["peak_rss_mb"] = round(_memory("/proc/self/status", "VmHWM") + peak_children, 1)
    return stats


class _Floor:
    """The same texts through ``nlp.pipe`` in ``memory_zone``, batch by batch: the floor."""

    def __init__(self, n: int, paths: Sequence[str] | None, settings: Settings) -> None:
        self.nlp = load_pipeline(settings.model)
        self.batch_size = settings.batch_size
        self.batches = _batches(islice(_documents(paths, settings), n), settings.batch_size)
        self.stats = {"articles": 0, "words": 0, "seconds": 0.0, "cpu_seconds": 0.0}

    def run_batch(self) -> bool:
        """Parse the next batch, timed; False when there is none left."""
        batch = next(self.batches, None)
        if batch is None:
            return False
        texts = [d.text for d in batch if isinstance(d, Document) and d.text.strip()]
        clock, cpu = time.perf_counter(), time.process_time()
        with self.nlp.memory_zone():
            for _ in self.nlp.pipe(texts, batch_size=self.batch_size):
                pass
        self.stats["seconds"] += time.perf_counter() - clock
        self.stats["cpu_seconds"] += time.process_time() - cpu
        self.stats["articles"] += len(texts)
        self.stats["words"] += sum(len(t.split()) for t in texts)
        return True

    def run_rest(self) -> None:
        while self.run_batch():
            pass


def _documents(paths: Sequence[str] | None, settings: Settings) -> Iterator[Document | IngestError]:
    """The inputs read again and again, each copy of an article with its own id, lazily."""
    copy = 0
    while True:
        for item in _read(paths, settings):
            if copy and isinstance(item, Document):
                item = replace(
                    item, id=f"{document_id(item)}#{copy}", origin=f"{item.origin}#{copy}"
                )
            yield item
        copy += 1


def _check_readable(paths: Sequence[str] | None, settings: Settings) -> None:
    """Raise ValueError, with the first reason, if the inputs hold no readable article."""
    errors = []
    for item in _read(paths, settings):
        if isinstance(item, Document):
            return
        errors.append(item)
    reason = f": {errors[0]}" if errors else ""
    raise ValueError(f"no readable article in {', '.join(paths or [])}{reason}")


def _read(paths: Sequence[str] | None, settings: Settings) -> Iterator[Document | IngestError]:
    if paths:
        yield from read_inputs(paths, settings.limits, Defaults())
        return
    with resources.as_file(resources.files("eventwire") / "sample") as folder:
        yield from read_inputs([str(folder)], settings.limits, Defaults())


def _rates(seconds: float, stats: dict[str, Any]) -> dict[str, float]:
    seconds = max(seconds, 1e-9)
    return {
        "seconds": round(seconds, 3),
        "articles_per_s": round(stats["articles"] / seconds, 3),
        "words_per_s": round(stats["words"] / seconds, 1),
    }


def _rss_sample(articles: int) -> dict[str, Any]:
    own = _memory("/proc/self/status", "VmRSS")
    children = _children_memory("VmRSS")
    return {"articles": articles, "rss_mb": round(own + children, 1), "children_mb": children}


def _memory(status_path: str, key: str) -> float:
    """A ``/proc/PID/status`` memory line (VmRSS, VmHWM) in MB; 0 if the process is gone."""
    try:
        with open(status_path, encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children_memory(key: str) -> float:
    """The summed memory line of this process's children (worker processes), in MB."""
    total = 0.0
    for pid in _children():
        total += _memory(f"/proc/{pid}/status", key)
    return round(total, 1)


def _children() -> Iterable[int]:
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                # The command name (field 2) may hold spaces: the parent pid follows its ")".
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            yield int(entry)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
