"""Reading stored articles back as records, in the same shape ``extract`` emits."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Any

import duckdb

from eventwire.store.tables import ARTICLES, ITEM_TABLES, Table

# Records are rebuilt this many at a time: bounded memory on a store of any size.
CHUNK = 500


def read_records(
    con: duckdb.DuckDBPyConnection, ids: Sequence[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every stored article (or those with ``ids``) as a record dict, in ingest order."""
    if ids is None:
        order = con.execute(f"SELECT id FROM {ARTICLES.name} ORDER BY ingested_at, id").fetchall()
        ids = [r[0] for r in order]
    for start in range(0, len(ids), CHUNK):
        yield from _read_chunk(con, list(ids[start : start + CHUNK]))


def _read_chunk(con: duckdb.DuckDBPyConnection, ids: list[str]) -> Iterator[dict[str, Any]]:
    articles = {row["id"]: row for row in _select(con, ARTICLES, "id", ids)}
    items: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for name, table in ITEM_TABLES.items():
        for row in _select(con, table, "article_id", ids, order="article_id, idx"):
            items[row.pop("article_id")][name].append(row)
    for article_id in ids:
        if article_id not in articles:
            continue
        record = articles[article_id]
        for name in ITEM_TABLES:
            record[name] = items[article_id][name]
        yield record


def _select(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    key: str,
    ids: list[str],
    order: str | None = None,
) -> list[dict[str, Any]]:
    columns = [c for c in table.columns if c.name not in table.extra or c.name == key]
    names = ", ".join(f'"{c.name}"' for c in columns)
    sql = f"SELECT {names} FROM {table.name} WHERE list_contains(?, {key})"
    if order:
        sql += f" ORDER BY {order}"
    rows = con.execute(sql, [ids]).fetchall()
    return [
        {
            c.name: json.loads(v) if c.is_json and v is not None else v
            for c, v in zip(columns, row, strict=True)
        }
        for row in rows
    ]
