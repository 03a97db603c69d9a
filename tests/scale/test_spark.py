"""eventwire spark: on local[2], the same records as extract, partitioned by publication date."""

from __future__ import annotations

import io
import json
import shutil
import sys
from importlib.util import find_spec

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import typer
from typer.testing import CliRunner

from eventwire import jobs
from eventwire.scale import spark as job
from eventwire.scale.command import spark as spark_command
from eventwire.store import open_store

needs_spark = pytest.mark.skipif(
    find_spec("pyspark") is None or shutil.which("java") is None,
    reason=f"needs PySpark and Java 17 ({job.INSTALL})",
)

UNDATED = {
    "id": "undated-1",
    "text": "Officials in Baghdad said on Monday that 300 U.S. troops had left the base.",
}


@pytest.fixture(scope="module")
def spark():
    session = job.session("local[2]")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, sample_dir) -> list[str]:
    """The bundled sample, and a JSONL file with an undated article and a broken line."""
    extra = tmp_path_factory.mktemp("spark-inputs") / "extra.jsonl"
    extra.write_text(json.dumps(UNDATED) + "\n" + '{"text": \n', encoding="utf-8")
    return [str(sample_dir), str(extra)]


def _by_id(records) -> list[dict]:
    return sorted(records, key=lambda r: r["id"])


@pytest.mark.spark
@needs_spark
def test_spark_writes_what_extract_does(spark, inputs, tmp_path, settings):
    out = io.StringIO()
    report = jobs.extract(inputs, out, settings)
    expected = [json.loads(line) for line in out.getvalue().splitlines()]

    output = tmp_path / "records"
    spark_report = job.run(inputs, str(output), settings, spark=spark)

    assert _by_id(job.read_output(output)) == _by_id(expected)
    assert spark_report.articles == report.articles == len(expected)
    assert spark_report.failed == len(report.errors) == 1
    assert spark_report.errors == report.errors


@pytest.mark.spark
@needs_spark
def test_output_is_partitioned_by_publication_date(spark, inputs, tmp_path, settings):
    output = tmp_path / "records"
    job.run(inputs, str(output), settings, spark=spark)
    partitions = {p.name for p in output.iterdir() if p.is_dir()}
    assert "published_date=__HIVE_DEFAULT_PARTITION__" in partitions
    assert "published_date=2020-01-03" in partitions
    table = pq.read_table(output / "published_date=2020-01-03")
    assert table.schema.names == job.record_arrow_schema().names
    # The same columns and types as `eventwire export --format parquet`.
    assert table.schema.equals(job.record_arrow_schema())
    db = tmp_path / "loaded.duckdb"
    stored = job.load_output(output, db)
    con = open_store(db, read_only=True)
    undated = con.execute("SELECT count(*) FROM articles WHERE published IS NULL").fetchone()
    con.close()
    assert stored == len(list(job.read_output(output))) and undated == (1,)


@pytest.mark.spark
@needs_spark
def test_parquet_input_reads_like_jsonl(spark, tmp_path, settings):
    rows = [
        UNDATED,
        {"id": 7, "text": UNDATED["text"] + " More followed.", "published": "2020-01-05"},
    ]
    source = tmp_path / "in.parquet"
    columns = [
        {"id": str(r["id"]), "text": r["text"], "published": r.get("published")} for r in rows
    ]
    pq.write_table(pa.Table.from_pylist(columns), source)
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = io.StringIO()
    jobs.extract([str(jsonl)], out, settings)
    expected = [json.loads(line) for line in out.getvalue().splitlines()]

    job.run([str(source)], str(tmp_path / "records"), settings, spark=spark)
    got = list(job.read_output(tmp_path / "records"))

    assert [r["origin"].rsplit("#", 1)[1] for r in _by_id(got)] == ["7", "undated-1"]
    strip = [{**r, "origin": None} for r in expected]
    assert _by_id({**r, "origin": None} for r in got) == _by_id(strip)


def test_without_pyspark_the_error_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    with pytest.raises(job.SparkUnavailable, match=r"pip install 'pyspark\[sql\]==4.3.0'"):
        job.session()


def test_the_command_keeps_an_existing_output(tmp_path):
    app = typer.Typer()
    app.command()(spark_command)
    result = CliRunner().invoke(app, [str(tmp_path), str(tmp_path)])
    assert result.exit_code == 2 and "--overwrite replaces it" in result.output


def test_the_schema_is_the_export_schema_plus_the_partition():
    ddl = job.spark_schema()
    assert ddl.startswith("`id` STRING, `origin` STRING")
    assert "`events` ARRAY<STRUCT<`text`: STRING" in ddl
    assert ddl.endswith("`published_date` DATE")
