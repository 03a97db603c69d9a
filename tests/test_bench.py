"""eventwire bench: a tiny run returns every figure, each of a sane size."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from eventwire.bench import format_table, run_benchmark
from eventwire.bench_command import bench

RATES = ("end_to_end", "end_to_end_jsonl", "end_to_end_store", "total", "spacy_alone")


@pytest.fixture(scope="module")
def result(nlp):
    return run_benchmark(6, rss_every=2)


def test_a_tiny_run_reports_every_figure(result):
    assert (result["articles"], result["errors"], result["workers"]) == (6, 0, 1)
    assert result["words"] > 6 * 100
    for key in RATES:
        rate = result[key]
        assert rate["seconds"] > 0 and rate["articles_per_s"] > 0
        assert rate["words_per_s"] == pytest.approx(result["words"] / rate["seconds"], rel=0.01)
    floor = result["spacy_alone"]["articles_per_s"]
    for key in ("end_to_end", "end_to_end_jsonl", "end_to_end_store", "total"):
        # Only the arithmetic is checked: on six articles on a shared CI machine the ratio
        # itself is timer noise, and speed is the benchmark's job, not a test's.
        expected = result[key]["articles_per_s"] / floor
        assert result[key]["vs_spacy"] == pytest.approx(expected, abs=0.001)
    assert result["total"]["seconds"] >= result["end_to_end"]["seconds"]
    assert result["cpu_seconds"]["total"] > 0 and result["cpu_seconds"]["spacy_alone"] > 0


def test_memory_is_read_from_proc(result):
    (sample,) = result["rss_mb"]
    assert sample["articles"] == 6 and 50 < sample["rss_mb"] < 4000
    # Other tests in the same session may leave child processes: only the reading is checked.
    assert sample["children_mb"] >= 0
    assert result["peak_rss_mb"] >= sample["rss_mb"]
    assert result["rss_growth"] == 0


def test_the_table_shows_each_measure(result):
    table = format_table(result)
    for label in ("spaCy alone", "end to end, records", "into DuckDB", "RSS MB", "peak RSS"):
        assert label in table


def test_the_command_prints_the_table_and_writes_json(tmp_path, nlp):
    app = typer.Typer()
    app.command()(bench)
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["--articles", "3", "--no-store", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "end to end, records" in result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["articles"] == 3 and "end_to_end_store" not in written


def test_the_command_names_missing_inputs(tmp_path):
    app = typer.Typer()
    app.command()(bench)
    result = CliRunner().invoke(app, [str(tmp_path / "nothing.jsonl"), "--articles", "2"])
    assert result.exit_code == 2
    assert "no readable article" in result.output
