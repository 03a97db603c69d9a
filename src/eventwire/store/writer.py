"""Writing articles and errors: one transaction per batch, each article stored once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.schema import Article, IngestError
from eventwire.store.tables import ARTICLES, ERRORS, ITEM_TABLES, Table


def stored_ids(con: duckdb.DuckDBPyConnection, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` are already stored."""
    wanted = list(set(ids))
    if not wanted:
        return set()
    rows = con.execute(
        f"SELECT id FROM {ARTICLES.name} WHERE list_contains(?, id)", [wanted]
    ).fetchall()
    return {r[0] for r in rows}


def write_batch(
    con: duckdb.DuckDBPyConnection,
    articles: Sequence[Article],
    errors: Sequence[IngestError] = (),
    replace: bool = False,
) -> int:
    """Store a batch in one transaction; return how many articles were new.

    Articles already stored are skipped (``replace`` overwrites them instead), so
    ingesting the same input twice stores it once. A crash mid-batch rolls the whole
    batch back: the store never holds half an article.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    unique = list({a.id: a for a in articles}.values())
    con.execute("BEGIN")
    try:
        ids = [a.id for a in unique]
        if replace:
            _delete(con, ids)
            fresh = unique
        else:
            existing = stored_ids(con, ids)
            fresh = [a for a in unique if a.id not in existing]
        _insert(con, ARTICLES, [_article_row(a, now) for a in fresh])
        for name, table in ITEM_TABLES.items():
            _insert(con, table, [row for a in fresh for row in _item_rows(a, name, table)])
        # An input that now reads cleanly no longer has an open error; what it was read
        # with (a date left empty, an extractor that failed) is recorded as a warning.
        origins = [a.origin for a in unique]
        if origins:
            con.execute(
                f"DELETE FROM {ERRORS.name} WHERE list_contains(?, input) AND stage <> 'warning'",
                [origins],
            )
        warnings = [
            IngestError(a.origin, warning, stage="warning") for a in fresh for warning in a.warnings
        ]
        _record_errors(con, [*errors, *warnings], now)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(fresh)


def _delete(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    for table in ITEM_TABLES.values():
        con.execute(f"DELETE FROM {table.name} WHERE list_contains(?, article_id)", [ids])
    con.execute(f"DELETE FROM {ARTICLES.name} WHERE list_contains(?, id)", [ids])


def _record_errors(
    con: duckdb.DuckDBPyConnection, errors: Sequence[IngestError], now: dt.datetime
) -> None:
    rows = {(e.input, e.reason): e.stage for e in errors}
    if not rows:
        return
    con.executemany(
        f"INSERT INTO {ERRORS.name} VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO UPDATE SET last_seen = excluded.last_seen, stage = excluded.stage",
        [[inp, reason, stage, now, now] for (inp, reason), stage in rows.items()],
    )


def _insert(con: duckdb.DuckDBPyConnection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    # Arrow hands DuckDB whole columns at once: far faster than row-by-row inserts.
    batch = pa.Table.from_pylist(rows, schema=table.arrow_schema())
    con.register("_eventwire_batch", batch)
    try:
        con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM _eventwire_batch")
    finally:
        con.unregister("_eventwire_batch")


def _encode(table: Table, values: dict[str, Any]) -> dict[str, Any]:
    return {
        c.name: json.dumps(values[c.name], ensure_ascii=False) if c.is_json else values[c.name]
        for c in table.record_columns
    }


def _article_row(article: Article, now: dt.datetime) -> dict[str, Any]:
    values = {c.name: getattr(article, c.name) for c in ARTICLES.record_columns}
    row = _encode(ARTICLES, values)
    row["published_date"] = (
        dt.date.fromisoformat(article.published[:10]) if article.published else None
    )
    row["ingested_at"] = now
    return row


def _item_rows(article: Article, name: str, table: Table) -> Iterable[dict[str, Any]]:
    for idx, item in enumerate(getattr(article, name)):
        row = _encode(table, dataclasses.asdict(item))
        row["article_id"] = article.id
        row["idx"] = idx
        yield row
