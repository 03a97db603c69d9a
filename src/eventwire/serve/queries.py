"""The SQL behind every page: parameterized, with whitelisted sort columns and row caps.

User input reaches DuckDB only as bound parameters (``?``). The only SQL text built
from a request is chosen from the fixed dictionaries below (sort columns, node keys),
never copied from it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import duckdb

from eventwire.serve.filters import QUAD_CLASSES, EventFilters, EventSort, Order
from eventwire.store import read_records

#: Rows a CSV download holds at most: a spreadsheet's comfortable size, and a bounded answer.
CSV_MAX_ROWS = 100_000
#: Points the map draws at most; past a few thousand an SVG map is unreadable anyway.
MAP_MAX_POINTS = 5_000
#: Edges the network draws at most (the heaviest first).
NETWORK_MAX_EDGES = 300
TOP = 10

_DAY = "TRY_CAST(left(e.date, 10) AS DATE)"
_LAT = "TRY_CAST(json_extract(e.place, '$.lat') AS DOUBLE)"
_LON = "TRY_CAST(json_extract(e.place, '$.lon') AS DOUBLE)"
_PLACE_NAME = "json_extract_string(e.place, '$.name')"
_ACTOR_NAMES = (
    "lower(array_to_string(json_extract_string(e.source, '$[*].name'), ' ') || ' ' || "
    "array_to_string(json_extract_string(e.target, '$[*].name'), ' '))"
)
_FROM_EVENTS = "FROM events e JOIN articles a ON a.id = e.article_id"

#: Sort keys a request may name, and the SQL each stands for.
EVENT_SORTS: dict[EventSort, str] = {
    EventSort.date: _DAY,
    EventSort.type: "e.type",
    EventSort.quad_class: "e.quad_class",
    EventSort.intensity: "e.intensity",
    EventSort.place: _PLACE_NAME,
    EventSort.article: "a.title",
}
#: Network node keys: an actor's country, or its country and sector.
NODE_KEYS = {
    "country": "actor.country",
    "sector": "actor.country || coalesce('-' || actor.sector, '')",
}
_ACTOR_STRUCT = '[{"name": "VARCHAR", "country": "VARCHAR", "sector": "VARCHAR"}]'

CSV_COLUMNS = (
    "article_id",
    "idx",
    "date",
    "type",
    "cameo",
    "quad_class",
    "intensity",
    "status",
    "source_names",
    "source_countries",
    "target_names",
    "target_countries",
    "place",
    "lat",
    "lon",
    "trigger",
    "text",
    "article_title",
    "article_source",
    "article_published",
    "article_url",
)


def event_where(f: EventFilters) -> tuple[str, list[Any]]:
    """The WHERE clause (with its parameters) that selects the events ``f`` asks for."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.start:
        where.append(f"{_DAY} >= ?")
        params.append(f.start)
    if f.end:
        where.append(f"{_DAY} <= ?")
        params.append(f.end)
    for column, code in (("e.source", f.source), ("e.target", f.target)):
        if code:
            where.append(f"list_contains(json_extract_string({column}, '$[*].country'), ?)")
            params.append(code)
    if f.type:
        where.append("e.type = ?")
        params.append(f.type)
    if f.quad_class:
        where.append("list_contains(?, e.quad_class)")
        params.append(list(f.quad_class))
    if f.status:
        where.append("list_contains(?, e.status)")
        params.append(list(f.status))
    if f.place:
        where.append(f"contains(lower(coalesce({_PLACE_NAME}, '')), ?)")
        params.append(f.place.lower())
    if f.q:
        needle = f.q.lower()
        where.append(
            "(contains(lower(e.text), ?) OR contains(lower(coalesce(a.title, '')), ?) "
            f"OR contains(coalesce({_ACTOR_NAMES}, ''), ?))"
        )
        params += [needle, needle, needle]
    if f.located:
        where.append(f"{_LAT} IS NOT NULL AND {_LON} IS NOT NULL")
    if f.article:
        where.append("e.article_id = ?")
        params.append(f.article)
    return " AND ".join(where), params


def count_events(con: duckdb.DuckDBPyConnection, f: EventFilters) -> int:
    where, params = event_where(f)
    return con.execute(f"SELECT count(*) {_FROM_EVENTS} WHERE {where}", params).fetchone()[0]


def _event_select(f: EventFilters, sort: EventSort, order: Order) -> tuple[str, list[Any]]:
    where, params = event_where(f)
    direction = "ASC" if order is Order.asc else "DESC"
    sql = f"""
        SELECT e.article_id, e.idx, e.date, e.type, e.cameo, e.quad_class, e.intensity,
               e.status, e.mode, e.source, e.target, e.place,
               json_extract_string(e.trigger, '$.text'), e.text, e.confidence,
               a.title, a.source, a.published, a.url
        {_FROM_EVENTS}
        WHERE {where}
        ORDER BY {EVENT_SORTS[sort]} {direction} NULLS LAST, e.article_id, e.idx
    """
    return sql, params


def list_events(
    con: duckdb.DuckDBPyConnection,
    f: EventFilters,
    sort: EventSort = EventSort.date,
    order: Order = Order.desc,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of events and the number of events that match."""
    sql, params = _event_select(f, sort, order)
    rows = con.execute(f"{sql} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return {
        "total": count_events(con, f),
        "limit": limit,
        "offset": offset,
        "items": [_event(row) for row in rows],
    }


def _event(row: tuple) -> dict[str, Any]:
    (article_id, idx, date, type_, cameo, quad, intensity, status, mode) = row[:9]
    source, target, place, trigger, text, confidence = row[9:15]
    title, outlet, published, url = row[15:]
    return {
        "article_id": article_id,
        "idx": idx,
        "date": date,
        "type": type_,
        "cameo": cameo,
        "quad_class": quad,
        "quad_label": QUAD_CLASSES.get(quad, ""),
        "intensity": intensity,
        "status": status,
        "mode": mode,
        "source": _actors(source),
        "target": _actors(target),
        "place": _place(place),
        "trigger": trigger,
        "text": text,
        "confidence": confidence,
        "article": {"title": title, "source": outlet, "published": published, "url": url},
    }


def _actors(value: str | None) -> list[dict[str, Any]]:
    actors = json.loads(value) if value else []
    return [
        {"name": a.get("name"), "country": a.get("country"), "sector": a.get("sector")}
        for a in actors or ()
        if isinstance(a, dict)
    ]


def _place(value: str | None) -> dict[str, Any] | None:
    place = json.loads(value) if value else None
    if not isinstance(place, dict):
        return None
    keys = ("name", "country", "admin1", "feature", "lat", "lon")
    return {k: place.get(k) for k in keys}


def event_csv_rows(
    con: duckdb.DuckDBPyConnection,
    f: EventFilters,
    sort: EventSort = EventSort.date,
    order: Order = Order.desc,
    max_rows: int = CSV_MAX_ROWS,
) -> Iterator[list[Any]]:
    """The filtered events as flat CSV rows (``CSV_COLUMNS``), at most ``max_rows``."""
    sql, params = _event_select(f, sort, order)
    cursor = con.execute(f"{sql} LIMIT ?", [*params, max_rows])
    while batch := cursor.fetchmany(1000):
        for row in batch:
            event = _event(row)
            place = event["place"] or {}
            yield [
                event["article_id"],
                event["idx"],
                event["date"],
                event["type"],
                event["cameo"],
                event["quad_class"],
                event["intensity"],
                event["status"],
                "; ".join(a["name"] or "" for a in event["source"]),
                "; ".join(a["country"] or "" for a in event["source"]),
                "; ".join(a["name"] or "" for a in event["target"]),
                "; ".join(a["country"] or "" for a in event["target"]),
                place.get("name"),
                place.get("lat"),
                place.get("lon"),
                event["trigger"],
                event["text"],
                event["article"]["title"],
                event["article"]["source"],
                event["article"]["published"],
                event["article"]["url"],
            ]


def map_points(
    con: duckdb.DuckDBPyConnection, f: EventFilters, max_points: int = MAP_MAX_POINTS
) -> dict[str, Any]:
    """Events whose place has coordinates, as map points (newest first, capped)."""
    located = replace(f, located=True)
    where, params = event_where(located)
    rows = con.execute(
        f"""
        SELECT e.article_id, e.idx, e.date, e.type, e.quad_class, e.intensity,
               {_LAT}, {_LON}, {_PLACE_NAME},
               array_to_string(json_extract_string(e.source, '$[*].name'), '; '),
               array_to_string(json_extract_string(e.target, '$[*].name'), '; '),
               json_extract_string(e.trigger, '$.text'), a.title
        {_FROM_EVENTS}
        WHERE {where} AND {_LAT} BETWEEN -90 AND 90 AND {_LON} BETWEEN -180 AND 180
        ORDER BY {_DAY} DESC NULLS LAST, e.article_id, e.idx
        LIMIT ?
        """,
        [*params, max_points],
    ).fetchall()
    keys = (
        "article_id",
        "idx",
        "date",
        "type",
        "quad_class",
        "intensity",
        "lat",
        "lon",
        "place",
        "source",
        "target",
        "trigger",
        "title",
    )
    return {
        "total": count_events(con, located),
        "max_points": max_points,
        "points": [dict(zip(keys, row, strict=True)) for row in rows],
    }


def network(
    con: duckdb.DuckDBPyConnection,
    f: EventFilters,
    by: str = "country",
    min_count: int = 1,
    max_edges: int = NETWORK_MAX_EDGES,
) -> dict[str, Any]:
    """Actors as nodes, events as directed edges weighted by count, with mean intensity.

    An event counts once per (source node, target node) pair however many actors of
    each node it names. Actors without a country, and events within one node, are left out.
    """
    where, params = event_where(f)
    key = NODE_KEYS[by]
    rows = con.execute(
        f"""
        WITH ev AS (
            SELECT e.article_id, e.idx, e.intensity, e.quad_class, e.source, e.target
            {_FROM_EVENTS} WHERE {where}
        ),
        src AS (
            SELECT DISTINCT article_id, idx, {key} AS node FROM (
                SELECT article_id, idx,
                       unnest(from_json(source, '{_ACTOR_STRUCT}')) AS actor FROM ev
            ) WHERE actor.country IS NOT NULL
        ),
        tgt AS (
            SELECT DISTINCT article_id, idx, {key} AS node FROM (
                SELECT article_id, idx,
                       unnest(from_json(target, '{_ACTOR_STRUCT}')) AS actor FROM ev
            ) WHERE actor.country IS NOT NULL
        )
        SELECT s.node, t.node, count(*), round(avg(ev.intensity), 2),
               count(*) FILTER (WHERE ev.quad_class = 1),
               count(*) FILTER (WHERE ev.quad_class = 2),
               count(*) FILTER (WHERE ev.quad_class = 3),
               count(*) FILTER (WHERE ev.quad_class = 4)
        FROM ev JOIN src s USING (article_id, idx) JOIN tgt t USING (article_id, idx)
        WHERE s.node <> t.node
        GROUP BY 1, 2
        HAVING count(*) >= ?
        ORDER BY 3 DESC, 1, 2
        LIMIT ?
        """,
        [*params, min_count, max_edges],
    ).fetchall()
    edges = [
        {
            "source": s,
            "target": t,
            "events": n,
            "mean_intensity": float(mean or 0.0),
            "quad_classes": {"1": q1, "2": q2, "3": q3, "4": q4},
        }
        for s, t, n, mean, q1, q2, q3, q4 in rows
    ]
    nodes: dict[str, dict[str, Any]] = {}
    for edge in edges:
        for end, role in ((edge["source"], "out"), (edge["target"], "in")):
            node = nodes.setdefault(end, {"id": end, "out": 0, "in": 0})
            node[role] += edge["events"]
    return {
        "by": by,
        "nodes": sorted(nodes.values(), key=lambda n: (-(n["out"] + n["in"]), n["id"])),
        "edges": edges,
        "max_edges": max_edges,
    }


def top_actors(con: duckdb.DuckDBPyConnection, limit: int = TOP) -> list[dict[str, Any]]:
    """The actors mentioned most, with how many articles mention them."""
    rows = con.execute(
        """
        SELECT name, country, count(*) AS mentions, count(DISTINCT article_id)
        FROM actors GROUP BY name, country ORDER BY mentions DESC, name LIMIT ?
        """,
        [limit],
    ).fetchall()
    return [{"name": n, "country": c, "mentions": m, "articles": a} for n, c, m, a in rows]


def overview(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts, date ranges, quad-class totals, top actors and pairs, latest articles."""
    tables = ("articles", "events", "actors", "quotes", "places", "times", "errors")
    # One round trip: DuckDB's fixed cost per query is larger than these scans on most stores.
    row = con.execute(
        "SELECT "
        + ", ".join(f"(SELECT count(*) FROM {table})" for table in tables)
        + ", (SELECT min(published_date) FROM articles), (SELECT max(published_date) FROM articles)"
        + f", (SELECT min({_DAY}) FROM events e), (SELECT max({_DAY}) FROM events e)"
        + ", (SELECT map(list(quad_class), list(n)) FROM"
        + " (SELECT quad_class, count(*) AS n FROM events GROUP BY 1))"
    ).fetchone()
    counts = dict(zip(tables, row[: len(tables)], strict=True))
    first, last, event_first, event_last, quads = row[len(tables) :]
    quads = quads or {}
    pairs = network(con, EventFilters(), "country", 1, TOP)["edges"]
    return {
        "counts": counts,
        "published": {"first": _iso(first), "last": _iso(last)},
        "event_dates": {"first": _iso(event_first), "last": _iso(event_last)},
        "quad_classes": [
            {"quad_class": q, "label": label, "events": int(quads.get(q, 0))}
            for q, label in QUAD_CLASSES.items()
        ],
        "top_actors": top_actors(con),
        "top_pairs": pairs,
        "latest_articles": list_articles(con, limit=TOP)["items"],
    }


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _article_where(
    outlet: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[list[str], list[Any]]:
    """Conditions (and parameters) on the article: its outlet and publication dates."""
    where: list[str] = ["TRUE"]
    params: list[Any] = []
    for condition, value in (
        ("a.source = ?", outlet),
        ("a.published_date >= ?", start),
        ("a.published_date <= ?", end),
    ):
        if value:
            where.append(condition)
            params.append(value)
    return where, params


def list_articles(
    con: duckdb.DuckDBPyConnection,
    source: str | None = None,
    q: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """One page of articles, newest first, with how many events and quotes each has."""
    where, params = _article_where(source, start, end)
    if q:
        where.append("(contains(lower(coalesce(a.title, '')), ?) OR contains(lower(a.text), ?))")
        params += [q.lower(), q.lower()]
    clause = " AND ".join(where)
    rows = con.execute(
        f"""
        SELECT a.id, a.title, a.source, a.published, a.url, a.language,
               (SELECT count(*) FROM events e WHERE e.article_id = a.id),
               (SELECT count(*) FROM quotes q WHERE q.article_id = a.id)
        FROM articles a WHERE {clause}
        ORDER BY a.published_date DESC NULLS LAST, a.ingested_at DESC, a.id
        LIMIT ? OFFSET ?
        """,
        [*params, limit, offset],
    ).fetchall()
    (total,) = con.execute(f"SELECT count(*) FROM articles a WHERE {clause}", params).fetchone()
    keys = ("id", "title", "source", "published", "url", "language", "events", "quotes")
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "items": [dict(zip(keys, row, strict=True)) for row in rows],
    }


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """The stored record of one article, or None."""
    return next(iter(read_records(con, [article_id])), None)


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The values filter menus offer: event types, actor countries, outlets."""
    types = [r[0] for r in con.execute("SELECT DISTINCT type FROM events ORDER BY 1").fetchall()]
    countries = [
        r[0]
        for r in con.execute(
            """
            SELECT DISTINCT c FROM (
                SELECT unnest(json_extract_string(source, '$[*].country')) AS c FROM events
                UNION ALL
                SELECT unnest(json_extract_string(target, '$[*].country')) FROM events
            ) WHERE c IS NOT NULL ORDER BY 1
            """
        ).fetchall()
    ]
    outlets = [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    return {"types": types, "countries": countries, "outlets": outlets}


def sources(
    con: duckdb.DuckDBPyConnection,
    outlet: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    q: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> dict[str, Any]:
    """Who is quoted, how often, named or anonymous, and per outlet."""
    where, params = _article_where(outlet, start, end)
    base = f"""
        SELECT coalesce(a.source, '(no outlet)') AS outlet, q.article_id,
               json_extract_string(q.speaker, '$.name') AS name,
               json_extract_string(q.speaker, '$.title') AS title,
               json_extract_string(q.speaker, '$.affiliation') AS affiliation,
               coalesce(TRY_CAST(json_extract(q.speaker, '$.anonymous') AS BOOLEAN), FALSE)
                   AS anonymous,
               coalesce(json_extract_string(q.speaker, '$.kind'),
                        CASE WHEN q.speaker IS NULL THEN 'unattributed' END) AS kind,
               q.speaker IS NOT NULL AS attributed
        FROM quotes q JOIN articles a ON a.id = q.article_id
        WHERE {" AND ".join(where)}
    """
    # Totals, speaker kinds and outlets in one pass: grouping sets () / (kind) / (outlet).
    groups = con.execute(
        f"""
        SELECT grouping(kind), grouping(outlet), kind, outlet, count(*),
               count(*) FILTER (WHERE attributed AND NOT anonymous),
               count(*) FILTER (WHERE anonymous), count(*) FILTER (WHERE NOT attributed),
               count(DISTINCT name)
        FROM ({base})
        GROUP BY GROUPING SETS ((), (kind), (outlet))
        """,
        params,
    ).fetchall()
    totals = (0, 0, 0, 0)
    kinds: list[tuple[str, int]] = []
    outlets: list[tuple[str, int, int, int, int]] = []
    # grouping(x) is 1 on the rows where x is rolled up (not part of the grouping set).
    for kind_rolled, outlet_rolled, kind, name, n, named, anon, unattributed, distinct in groups:
        if kind_rolled and outlet_rolled:
            totals = (n, named, anon, unattributed)
        elif outlet_rolled:
            kinds.append((kind, n))
        else:
            outlets.append((name, n, named, anon, distinct))
    kinds.sort(key=lambda k: (-k[1], k[0] or ""))
    outlets.sort(key=lambda o: (-o[1], o[0]))
    speaker_where = "name IS NOT NULL AND NOT anonymous"
    speaker_params = list(params)
    if q:
        speaker_where += " AND contains(lower(name), ?)"
        speaker_params.append(q.lower())
    speakers = con.execute(
        f"""
        SELECT name, mode(kind), mode(title), mode(affiliation), count(*),
               count(DISTINCT article_id), count(DISTINCT outlet),
               list(DISTINCT outlet ORDER BY outlet), count(*) OVER ()
        FROM ({base}) WHERE {speaker_where}
        GROUP BY name ORDER BY 5 DESC, name LIMIT ? OFFSET ?
        """,
        [*speaker_params, limit, offset],
    ).fetchall()
    if speakers:
        speaker_total = speakers[0][-1]
    else:
        (speaker_total,) = con.execute(
            f"SELECT count(DISTINCT name) FROM ({base}) WHERE {speaker_where}", speaker_params
        ).fetchone()
    quotes, named, anonymous, unattributed = totals
    return {
        "totals": {
            "quotes": quotes,
            "named": named,
            "anonymous": anonymous,
            "unattributed": unattributed,
        },
        "kinds": [{"kind": k, "quotes": n} for k, n in kinds],
        "outlets": [
            {
                "outlet": o,
                "quotes": n,
                "named": nm,
                "anonymous": an,
                "anonymous_share": round(an / n, 3) if n else 0.0,
                "speakers": sp,
            }
            for o, n, nm, an, sp in outlets[:500]
        ],
        "speakers": {
            "total": speaker_total,
            "limit": limit,
            "offset": offset,
            "items": [
                {
                    "name": name,
                    "kind": kind,
                    "title": title,
                    "affiliation": affiliation,
                    "quotes": n,
                    "articles": arts,
                    "outlet_count": n_outlets,
                    "outlets": outlet_list,
                }
                for name, kind, title, affiliation, n, arts, n_outlets, outlet_list, _ in speakers
            ],
        },
    }
