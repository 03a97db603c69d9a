"""Reads and exports return exactly what was written."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from eventwire.schema import to_json
from eventwire.store import open_store, read_records, write_batch
from eventwire.store.export import export_jsonl, export_parquet_records, export_table
from eventwire.store.stats import summarize
from tests.store.conftest import make_article


@pytest.fixture
def con(db):
    con = open_store(db)
    write_batch(con, [make_article(n) for n in range(3)])
    return con


def test_records_round_trip(con):
    assert list(read_records(con)) == [make_article(n).to_dict() for n in range(3)]


def test_jsonl_export(con):
    buffer = io.StringIO()
    assert export_jsonl(con, buffer) == 3
    lines = [json.loads(line) for line in buffer.getvalue().splitlines()]
    assert lines == [make_article(n).to_dict() for n in range(3)]
    # Encoded as `eventwire extract` encodes its lines (compact, non-ASCII as is).
    assert buffer.getvalue().splitlines() == [to_json(line) for line in lines]


def test_parquet_export_keeps_records_nested(con, tmp_path):
    path = tmp_path / "records.parquet"
    assert export_parquet_records(con, path) == 3
    rows = pq.read_table(path).to_pylist()
    assert [r["id"] for r in rows] == ["a0", "a1", "a2"]
    assert rows[0]["amounts"][0]["object"] == "troops"
    assert json.loads(rows[0]["metadata"]) == {"dateline": "BAGHDAD", "n": 0}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_table_export(con, tmp_path, fmt):
    path = tmp_path / f"amounts.{fmt}"
    assert export_table(con, "amounts", path, fmt) == 3
    if fmt == "csv":
        rows = list(csv.DictReader(path.open()))
        assert rows[0]["text"] == "750 troops" and rows[0]["article_id"] == "a0"
    else:
        assert pq.read_table(path).num_rows == 3


def test_unknown_table_is_refused(con, tmp_path):
    with pytest.raises(ValueError, match="no table 'nope'"):
        export_table(con, "nope", tmp_path / "x.csv", "csv")


def test_summary(con):
    summary = summarize(con)
    assert summary["counts"]["articles"] == 3
    assert summary["published"] == {"first": "2020-01-03", "last": "2020-01-03"}
    assert summary["amount_objects"] == [("troops", 3)]
