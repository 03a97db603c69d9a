"""A summary of what is stored: counts, dates, sources, and recent errors."""

from __future__ import annotations

from typing import Any

import duckdb

from eventwire.store.tables import ARTICLES, ERRORS, ITEM_TABLES

TOP = 10


def summarize(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts per table, the publication date range, top sources, entity labels and errors."""
    counts = {
        name: con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
        for name in (ARTICLES.name, *ITEM_TABLES, ERRORS.name)
    }
    first, last = con.execute(
        f"SELECT min(published_date), max(published_date) FROM {ARTICLES.name}"
    ).fetchone()
    return {
        "counts": counts,
        "published": {
            "first": first.isoformat() if first else None,
            "last": last.isoformat() if last else None,
        },
        "sources": _top(con, f"SELECT coalesce(source, '(none)'), count(*) FROM {ARTICLES.name}"),
        "entity_labels": _top(con, "SELECT label, count(*) FROM entities"),
        "amount_objects": _top(con, "SELECT lower(object), count(*) FROM amounts"),
        "event_types": _top(con, "SELECT type, count(*) FROM events WHERE status = 'occurred'"),
        "actor_pairs": _top(
            con,
            "SELECT s || ' -> ' || t, count(*) FROM ("
            " SELECT DISTINCT article_id, idx,"
            " unnest(json_extract_string(source, '$[*].country')) AS s,"
            " unnest(json_extract_string(target, '$[*].country')) AS t"
            " FROM events WHERE status = 'occurred') WHERE s IS NOT NULL AND t IS NOT NULL",
        ),
        "errors": [
            {"input": i, "reason": r, "stage": s}
            for i, r, s in con.execute(
                f"SELECT input, reason, stage FROM {ERRORS.name} "
                f"ORDER BY last_seen DESC, input LIMIT {TOP}"
            ).fetchall()
        ],
    }


def _top(con: duckdb.DuckDBPyConnection, select: str) -> list[tuple[str, int]]:
    rows = con.execute(f"{select} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT {TOP}").fetchall()
    return [(str(k), int(v)) for k, v in rows]
