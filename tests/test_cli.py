"""The eventwire command end to end: extract, ingest, export, stats, dyads, demo."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.schema import Article

from .conftest import FIXTURES

runner = CliRunner()
COMMANDS = [
    "extract",
    "ingest",
    "export",
    "stats",
    "dyads",
    "sources",
    "demo",
    "serve",
    "eval",
    "eval events",
    "eval places",
    "eval times",
    "eval quotes",
    "bench",
    "spark",
]


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def assert_offsets(record: dict) -> None:
    text = record["text"]
    for field in ("entities", "actors", "events", "quotes", "places", "times", "amounts"):
        for item in record[field]:
            assert text[item["start"] : item["end"]] == item["text"], (field, item)


def table_counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        names = [r[0] for r in tables]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_explains_itself(command):
    result = run(*command.split(), "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output


def test_extract_emits_one_valid_record_per_article(nlp):
    result = run("extract", str(FIXTURES / "strike-report.txt"), "--quiet")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert Article.from_dict(record).to_dict() == record
    assert record["text"] == (FIXTURES / "strike-report.txt").read_text("utf-8")
    assert record["published"] == "2020-01-08"
    assert_offsets(record)
    assert {a["value"] for a in record["amounts"]} >= {1500, 4}


@pytest.mark.shared
def test_extract_seed(nlp, seed_dir: Path):
    expected = json.loads((seed_dir / "soleimani-strike.expected.json").read_text("utf-8"))
    result = run("extract", str(seed_dir / "soleimani-strike.txt"), "--format", "jsonl", "-q")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.strip().splitlines()
    record = json.loads(line)
    assert_offsets(record)
    found = {(a["value"], (a["object"] or "").lower()) for a in record["amounts"]}
    for amount in expected["amounts"]:
        assert (amount["value"], amount["object"].lower()) in found, amount


def test_published_and_source_defaults(nlp, tmp_path: Path):
    (tmp_path / "note.txt").write_text(
        "Police in Lagos arrested twelve protesters on Monday, officials said.", "utf-8"
    )
    result = run(
        "extract", str(tmp_path / "note.txt"), "--published", "2021-03-01", "--source", "Desk", "-q"
    )
    record = json.loads(result.stdout)
    assert (record["published"], record["source"]) == ("2021-03-01", "Desk")


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory, nlp) -> Path:
    db = tmp_path_factory.mktemp("store") / "sample.duckdb"
    result = run("demo", "--db", str(db), "--quiet")
    assert result.exit_code == 0, result.output
    return db


def test_demo_stores_the_sample_and_summarizes(sample_db: Path):
    counts = table_counts(sample_db)
    assert counts["articles"] >= 22
    assert counts["entities"] > 100 and counts["actors"] > 50 and counts["events"] > 20
    assert counts["errors"] == 0


def test_reingesting_the_sample_changes_no_table(sample_db: Path):
    before = table_counts(sample_db)
    result = run("demo", "--db", str(sample_db), "--quiet")
    assert result.exit_code == 0, result.output
    assert table_counts(sample_db) == before


def test_stats_json(sample_db: Path):
    result = run("stats", "--db", str(sample_db), "--json")
    assert result.exit_code == 0
    summary = json.loads(result.stdout)
    assert summary["counts"]["articles"] >= 22
    assert summary["published"]["first"] <= "2020-01-03" <= summary["published"]["last"]


def test_export_jsonl_round_trips(sample_db: Path, tmp_path: Path):
    target = tmp_path / "records.jsonl"
    result = run("export", "--db", str(sample_db), "--format", "jsonl", "-o", str(target))
    assert result.exit_code == 0
    records = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert len(records) == table_counts(sample_db)["articles"]
    for record in records:
        assert_offsets(record)


def test_export_csv_tables(sample_db: Path, tmp_path: Path):
    folder = tmp_path / "csv"
    result = run("export", "--db", str(sample_db), "--format", "csv", "-o", str(folder))
    assert result.exit_code == 0
    with (folder / "events.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == table_counts(sample_db)["events"]
    assert {"article_id", "type", "cameo", "quad_class"} <= set(rows[0])


def test_export_parquet_records(sample_db: Path, tmp_path: Path):
    target = tmp_path / "records.parquet"
    result = run("export", "--db", str(sample_db), "--format", "parquet", "-o", str(target))
    assert result.exit_code == 0
    table = pq.read_table(target)
    assert table.num_rows == table_counts(sample_db)["articles"]
    assert {"id", "text", "events", "actors"} <= set(table.column_names)


def test_dyads(sample_db: Path):
    result = run("dyads", "--db", str(sample_db), "--source", "USA", "--target", "IRN", "--json")
    assert result.exit_code == 0, result.output
    series = json.loads(result.stdout)
    assert series, "no USA -> IRN events in the sample"
    assert all(
        p["events"]
        == sum(
            p[k]
            for k in (
                "verbal_cooperation",
                "material_cooperation",
                "verbal_conflict",
                "material_conflict",
            )
        )
        for p in series
    )
    weekly = json.loads(
        run("dyads", "--db", str(sample_db), "--source", "USA", "--by", "week", "--json").stdout
    )
    assert sum(p["events"] for p in weekly) >= sum(p["events"] for p in series)


def test_sources_profile(sample_db: Path):
    result = run("sources", "--db", str(sample_db), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (
        summary["statements"]
        == summary["named"]
        + summary["anonymous"]
        + summary["institutional"]
        + summary["statements_by_kind"]["unattributed"]
    )
    assert summary["anonymous"] > 0 and summary["named"] > 0
    assert summary["top_sources"][0]["statements"] >= summary["top_sources"][-1]["statements"]
    one = summary["outlets"]
    assert sum(line["articles"] for line in one.values()) == summary["articles_with_quotes"]
    text = run("sources", "--db", str(sample_db)).output
    assert "Most quoted" in text and "Per outlet" in text


def test_malformed_jsonl_line_is_reported_and_the_rest_stored(nlp, tmp_path: Path):
    good = {
        "id": "a1",
        "text": "Rebels shelled the town of Idlib on Sunday, witnesses said.",
        "published": "2019-05-05",
        "source": "Desk",
    }
    also_good = {
        "id": "a2",
        "text": "The two foreign ministers met in Geneva to discuss a truce.",
        "published": "2019-05-06",
    }
    feed = tmp_path / "batch.jsonl"
    feed.write_text(
        json.dumps(good)
        + "\n{broken json\n"
        + json.dumps({"id": 3, "text": 7})
        + "\n"
        + json.dumps(also_good)
        + "\n",
        encoding="utf-8",
    )
    db = tmp_path / "t.duckdb"
    result = run("ingest", str(feed), "--db", str(db), "--quiet")
    assert result.exit_code == 1
    assert f"{feed}:2" in result.output and f"{feed}:3" in result.output
    counts = table_counts(db)
    assert counts["articles"] == 2
    assert counts["errors"] == 2
    again = run("ingest", str(feed), "--db", str(db), "--quiet")
    assert again.exit_code == 1
    assert table_counts(db) == counts


def test_unreadable_database_is_one_clear_line(tmp_path: Path):
    bad = tmp_path / "not.duckdb"
    bad.write_text("this is not a database", "utf-8")
    result = run("stats", "--db", str(bad))
    assert result.exit_code == 2
    assert str(bad) in result.output
    assert "Traceback" not in result.output


def test_missing_input_fails_but_others_are_stored(nlp, tmp_path: Path):
    shutil.copy(FIXTURES / "strike-report.txt", tmp_path / "a.txt")
    shutil.copy(FIXTURES / "strike-report.json", tmp_path / "a.json")
    db = tmp_path / "t.duckdb"
    result = run("ingest", str(tmp_path / "a.txt"), str(tmp_path / "nope.txt"), "--db", str(db))
    assert result.exit_code == 1
    assert "nope.txt" in result.output
    assert table_counts(db)["articles"] == 1
