"""Writing articles and errors: one transaction per batch, each article stored once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from eventwire.schema import ITEM_TYPES, Article, IngestError, to_json
from eventwire.store.database import fit_memory_limit
from eventwire.store.tables import ARTICLES, ERRORS, ITEM_TABLES, Column, Table


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
        _insert(con, ARTICLES, _article_columns(fresh, now))
        for name, table in ITEM_TABLES.items():
            _insert(con, table, _item_columns(fresh, name, table))
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
    fit_memory_limit(con)
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


def _insert(con: duckdb.DuckDBPyConnection, table: Table, columns: dict[str, list[Any]]) -> None:
    if not next(iter(columns.values())):
        return
    # Arrow hands DuckDB whole columns at once: far faster than row-by-row inserts. DuckDB
    # finds the local variable by its name, a third faster than registering it as a view.
    _eventwire_batch = pa.Table.from_pydict(columns, schema=table.arrow_schema())
    con.execute(f"INSERT INTO {table.name} BY NAME SELECT * FROM _eventwire_batch")


def _encoded(column: Column, values: list[Any]) -> list[Any]:
    """A column's values as stored: a JSON column's as text."""
    if not column.is_json:
        return values
    return [to_json(v) for v in values]


def _article_columns(articles: Sequence[Article], now: dt.datetime) -> dict[str, list[Any]]:
    columns = {
        c.name: _encoded(c, [getattr(a, c.name) for a in articles]) for c in ARTICLES.record_columns
    }
    columns["published_date"] = [
        dt.date.fromisoformat(a.published[:10]) if a.published else None for a in articles
    ]
    columns["ingested_at"] = [now] * len(articles)
    return columns


def _item_columns(articles: Sequence[Article], name: str, table: Table) -> dict[str, list[Any]]:
    """One item list of every article as columns, a field at a time rather than a row."""
    kind = ITEM_TYPES[name]
    article_ids: list[str] = []
    indexes: list[int] = []
    items: list[Any] = []
    for article in articles:
        for idx, item in enumerate(getattr(article, name)):
            if not isinstance(item, kind):
                raise TypeError(
                    f"article {article.id}: {name}[{idx}] is a {type(item).__name__}, "
                    f"not a {kind.__name__}"
                )
            article_ids.append(article.id)
            indexes.append(idx)
            items.append(item)
    columns: dict[str, list[Any]] = {"article_id": article_ids, "idx": indexes}
    for c in table.record_columns:
        columns[c.name] = _encoded(c, [getattr(item, c.name) for item in items])
    return columns
