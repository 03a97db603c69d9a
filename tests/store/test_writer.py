"""Writes: one transaction a batch, each article stored once, errors kept."""

from __future__ import annotations

import duckdb
import pytest

from eventwire.schema import Event, IngestError, Span
from eventwire.store import (
    StoreError,
    open_store,
    read_records,
    stored_ids,
    write_batch,
)
from eventwire.store.database import INDEX_BYTES_PER_KEY, WRITER_CACHE_BYTES, fit_memory_limit
from eventwire.store.tables import ALL_TABLES
from tests.store.conftest import make_article


def _counts(con):
    return {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in ALL_TABLES}


def test_writing_twice_stores_once(db):
    con = open_store(db)
    articles = [make_article(1), make_article(2), make_article(1)]
    assert write_batch(con, articles, [IngestError("bad.jsonl:3", "invalid JSON")]) == 2
    first = _counts(con)
    assert write_batch(con, articles, [IngestError("bad.jsonl:3", "invalid JSON")]) == 0
    assert _counts(con) == first
    # One failed input, and each article's warning.
    assert first["articles"] == 2 and first["amounts"] == 2 and first["errors"] == 3


def test_replace_overwrites_items(db):
    con = open_store(db)
    write_batch(con, [make_article(1)])
    changed = make_article(1)
    changed.amounts = []
    assert write_batch(con, [changed], replace=True) == 1
    (record,) = read_records(con)
    assert record["amounts"] == []
    assert _counts(con)["articles"] == 1


def test_a_failed_batch_leaves_nothing_behind(db, monkeypatch):
    con = open_store(db)
    write_batch(con, [make_article(1)])
    before = _counts(con)
    broken = make_article(2)
    broken.amounts = ["not an amount"]  # fails while the batch is half written
    with pytest.raises(TypeError):
        write_batch(con, [make_article(3), broken])
    assert _counts(con) == before
    assert stored_ids(con, ["a1", "a2", "a3"]) == {"a1"}


def test_an_input_that_reads_cleanly_clears_its_error(db):
    con = open_store(db)
    write_batch(con, [], [IngestError("input-1.txt", "binary file")])
    write_batch(con, [make_article(1)])
    rows = con.execute("SELECT input, reason, stage FROM errors").fetchall()
    assert rows == [("input-1.txt", "a warning", "warning")]


def test_second_writer_is_refused_with_a_clear_message(db, tmp_path):
    open_store(db).close()
    script = (
        "import sys, time; from eventwire.store import open_store; "
        f"c = open_store({str(db)!r}); print('ready', flush=True); time.sleep(30)"
    )
    import subprocess
    import sys

    holder = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="open for writing in another process"):
            open_store(db)
    finally:
        holder.kill()
        holder.wait()


def test_not_an_eventwire_database(tmp_path):
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="not an eventwire database"):
        open_store(path, read_only=True)


def test_missing_database_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no such database"):
        open_store(tmp_path / "absent.duckdb", read_only=True)


def test_a_writer_bounds_its_memory_by_the_keys_it_holds(db):
    con = open_store(db)
    empty = fit_memory_limit(con)
    assert empty == WRITER_CACHE_BYTES
    assert con.execute("SELECT current_setting('memory_limit')").fetchone() == ("64.0 MiB",)
    write_batch(con, [make_article(1), make_article(2)])
    # Two articles and their two warnings: four index keys more.
    assert fit_memory_limit(con) == WRITER_CACHE_BYTES + 4 * INDEX_BYTES_PER_KEY
    con.close()
    reader = open_store(db, read_only=True)
    assert reader.execute("SELECT current_setting('memory_limit')").fetchone() != ("64.0 MiB",)


def test_an_item_of_the_wrong_type_names_the_article(db):
    con = open_store(db)
    broken = make_article(1)
    broken.entities = [broken.amounts[0]]
    with pytest.raises(TypeError, match=r"article a1: entities\[0\] is a Amount, not a Entity"):
        write_batch(con, [broken])


def test_an_item_field_with_no_json_form_fails_the_batch(db):
    con = open_store(db)
    article = make_article(1)
    trigger = Span("deployed", 27, 35)
    event = Event(
        "deployed", 27, 35, "MOBILIZE", None, None, "0", 2, 1.0, [], [], "occurred",
        None, None, None, {"a set"}, None, trigger, trigger, "verb:deploy", 0.5,
    )  # fmt: skip
    article.events = [event]
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        write_batch(con, [article])
    assert stored_ids(con, ["a1"]) == set()
