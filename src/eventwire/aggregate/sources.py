"""Who the stored articles quote: their source profiles, combined overall and per outlet."""

from __future__ import annotations

import json
from typing import Any

import duckdb

from eventwire.extract.speakers import combine_profiles


def sources_summary(
    con: duckdb.DuckDBPyConnection,
    outlet: str | None = None,
    article: str | None = None,
    top: int = 10,
) -> dict[str, Any]:
    """The combined source profile of the stored articles, and one per outlet.

    ``outlet`` and ``article`` narrow it to one outlet's articles or to one article.
    """
    where, params = ["TRUE"], []
    if outlet:
        where.append("source = ?")
        params.append(outlet)
    if article:
        where.append("id = ?")
        params.append(article)
    rows = con.execute(
        f"SELECT coalesce(source, '(no outlet)'), source_profile FROM articles "
        f"WHERE {' AND '.join(where)} ORDER BY 1",
        params,
    ).fetchall()
    by_outlet: dict[str, list[dict[str, Any]]] = {}
    for name, profile in rows:
        parsed = json.loads(profile) if profile else {}
        if parsed:
            by_outlet.setdefault(name, []).append(parsed)
    every = [p for profiles in by_outlet.values() for p in profiles]
    summary = combine_profiles(every, top)
    summary["articles"] = len(rows)
    summary["articles_with_quotes"] = len(every)
    summary["outlets"] = {
        name: _outlet_line(combine_profiles(profiles, top))
        for name, profiles in sorted(by_outlet.items())
    }
    return summary


def _outlet_line(profile: dict[str, Any]) -> dict[str, Any]:
    keys = ("articles", "statements", "named", "anonymous", "institutional", "anonymous_share")
    line = {k: profile[k] for k in keys}
    line["most_quoted"] = profile["top_sources"][0]["name"] if profile["top_sources"] else None
    return line
