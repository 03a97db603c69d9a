"""The HTML pages: rendered on the server from the same queries as their JSON twins."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from eventwire.serve import queries
from eventwire.serve.api import ArticleId, Direction, Filters, NodeKey, Outlet, Period, Sort, Store
from eventwire.serve.filters import (
    MAX_TEXT,
    STATUSES,
    End,
    EventFilters,
    EventSort,
    Limit,
    Offset,
    Order,
    SourceCountry,
    Start,
    TargetCountry,
    parse_day,
)
from eventwire.serve.highlight import LAYERS, marks, segments
from eventwire.serve.templates import actors_label, templates

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
#: Actor pairs the timeline offers in its menu (the busiest first).
TIMELINE_PAIRS = 40


def _page(request: Request, name: str, **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, context)


@router.get("/")
def overview(request: Request, db: Store) -> HTMLResponse:
    with db.connect() as con:
        data = queries.overview(con)
    return _page(request, "overview.html", data=data)


@router.get("/events")
def events(
    request: Request,
    db: Store,
    filters: Filters,
    sort: Sort = EventSort.date,
    order: Direction = Order.desc,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HTMLResponse:
    with db.connect() as con:
        page = queries.list_events(con, filters, sort, order, limit, offset)
        menus = queries.facets(con)
    items = filters.query_items()
    return _page(
        request,
        "events.html",
        page=page,
        filters=filters,
        menus=menus,
        statuses=STATUSES,
        sort=sort.value,
        order=order.value,
        items=items,
        sorted_items=[*items, ("sort", sort.value), ("order", order.value)],
        limit=limit,
    )


@router.get("/articles")
def articles(
    request: Request,
    db: Store,
    source: Outlet = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    start: Start = None,
    end: End = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HTMLResponse:
    first, last = parse_day(start, "start"), parse_day(end, "end")
    with db.connect() as con:
        page = queries.list_articles(con, source or None, q or None, first, last, limit, offset)
        menus = queries.facets(con)
    form = {"source": source or "", "q": q or "", "start": start or "", "end": end or ""}
    items = [(k, v) for k, v in form.items() if v]
    return _page(
        request, "articles.html", page=page, form=form, menus=menus, items=items, limit=limit
    )


@router.get("/articles/{article_id:path}")
def article(request: Request, db: Store, article_id: ArticleId) -> HTMLResponse:
    with db.connect() as con:
        record = queries.article(con, article_id)
    if record is None:
        raise HTTPException(404, f"No article with id {article_id!r}.")
    return _page(
        request,
        "article.html",
        record=record,
        segments=segments(record["text"], marks(record)),
        layers=LAYERS,
        panel=_panel(record),
    )


def _panel(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The side panel: one group per item kind, each item with its key and a label."""
    events = [
        {
            "key": f"event-{i}",
            "label": e.get("type"),
            "quad": e.get("quad_class"),
            "detail": " → ".join(
                part
                for part in (
                    actors_label(e.get("source") or []),
                    actors_label(e.get("target") or []),
                )
                if part
            ),
            "note": _event_note(e),
            "text": (e.get("trigger") or {}).get("text"),
        }
        for i, e in enumerate(record.get("events") or ())
    ]
    quotes = [
        {
            "key": f"quote-{i}",
            "label": _speaker(q.get("speaker")),
            "detail": q.get("text"),
            "note": " · ".join(x for x in (q.get("kind"), (q.get("cue") or {}).get("text")) if x),
        }
        for i, q in enumerate(record.get("quotes") or ())
    ]
    actors = [
        {
            "key": f"actor-{i}",
            "label": a.get("name"),
            "detail": a.get("text"),
            "note": " · ".join(x for x in (a.get("country"), a.get("sector"), a.get("kind")) if x),
        }
        for i, a in enumerate(record.get("actors") or ())
    ]
    places = [
        {
            "key": f"place-{i}",
            "label": p.get("name"),
            "detail": p.get("text"),
            "note": " · ".join(
                x
                for x in (
                    p.get("country"),
                    p.get("feature"),
                    _coordinates(p.get("lat"), p.get("lon")),
                )
                if x
            ),
        }
        for i, p in enumerate(record.get("places") or ())
    ]
    times = [
        {
            "key": f"time-{i}",
            "label": t.get("value"),
            "detail": t.get("text"),
            "note": t.get("type"),
        }
        for i, t in enumerate(record.get("times") or ())
    ]
    entities = [
        {"key": f"entity-{i}", "label": e.get("text"), "detail": None, "note": e.get("label")}
        for i, e in enumerate(record.get("entities") or ())
    ]
    amounts = [
        {
            "key": f"amount-{i}",
            "label": a.get("text"),
            "detail": None,
            "note": f"{a.get('value'):g} {a.get('object') or ''}".strip()
            if isinstance(a.get("value"), int | float)
            else None,
        }
        for i, a in enumerate(record.get("amounts") or ())
    ]
    groups = (
        ("events", "Events", "event", events),
        ("quotes", "Quotes", "quote", quotes),
        ("actors", "Actors", "actor", actors),
        ("places", "Places", "place", places),
        ("times", "Times", "time", times),
        ("entities", "Entities", "entity", entities),
        ("amounts", "Amounts", "amount", amounts),
    )
    blank = dict.fromkeys(("label", "detail", "note", "quad", "text"))
    return [
        {"id": g, "title": t, "kind": k, "items": [{**blank, **item} for item in items]}
        for g, t, k, items in groups
    ]


def _event_note(event: dict[str, Any]) -> str:
    place = (event.get("place") or {}).get("name")
    parts = [event.get("status"), event.get("date"), place]
    intensity = event.get("intensity")
    if isinstance(intensity, int | float):
        parts.append(f"intensity {intensity:+g}")
    return " · ".join(str(p) for p in parts if p)


def _speaker(speaker: dict[str, Any] | None) -> str:
    if not speaker:
        return "Unattributed"
    name = speaker.get("name") or speaker.get("text") or "?"
    return f"{name} (anonymous)" if speaker.get("anonymous") else name


def _coordinates(lat: Any, lon: Any) -> str | None:
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return f"{lat:.2f}, {lon:.2f}"
    return None


@router.get("/timeline")
def timeline(
    request: Request,
    db: Store,
    source: SourceCountry = None,
    target: TargetCountry = None,
    by: Annotated[Period, Query()] = Period.day,
    start: Start = None,
    end: End = None,
) -> HTMLResponse:
    for name, value in (("start", start), ("end", end)):
        parse_day(value, name)
    with db.connect() as con:
        pairs = queries.network(con, EventFilters(), "country", 1, TIMELINE_PAIRS)
        menus = queries.facets(con)
    source = (source or "").upper()
    target = (target or "").upper()
    if not source and not target and pairs["edges"]:
        source, target = pairs["edges"][0]["source"], pairs["edges"][0]["target"]
    form = {
        "source": source,
        "target": target,
        "by": by.value,
        "start": start or "",
        "end": end or "",
    }
    return _page(request, "timeline.html", pairs=pairs["edges"], menus=menus, form=form)


@router.get("/map")
def map_page(request: Request, db: Store, filters: Filters) -> HTMLResponse:
    with db.connect() as con:
        menus = queries.facets(con)
    return _page(request, "map.html", filters=filters, menus=menus)


@router.get("/network")
def network(
    request: Request,
    db: Store,
    filters: Filters,
    by: Annotated[NodeKey, Query()] = NodeKey.country,
    min_count: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
) -> HTMLResponse:
    with db.connect() as con:
        menus = queries.facets(con)
    return _page(
        request, "network.html", filters=filters, menus=menus, by=by.value, min_count=min_count
    )


@router.get("/sources")
def sources(
    request: Request,
    db: Store,
    outlet: Outlet = None,
    start: Start = None,
    end: End = None,
    q: Annotated[str | None, Query(max_length=MAX_TEXT)] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> HTMLResponse:
    first, last = parse_day(start, "start"), parse_day(end, "end")
    with db.connect() as con:
        data = queries.sources(con, outlet or None, first, last, q or None, limit, offset)
        menus = queries.facets(con)
    form = {"outlet": outlet or "", "start": start or "", "end": end or "", "q": q or ""}
    items = [(k, v) for k, v in form.items() if v]
    return _page(
        request, "sources.html", data=data, form=form, menus=menus, items=items, limit=limit
    )


@router.get("/api")
def api_index(request: Request) -> HTMLResponse:
    """The API reference, rendered from the OpenAPI schema (no external assets)."""
    schema = request.app.openapi()
    routes = []
    for path, methods in schema.get("paths", {}).items():
        for method, spec in methods.items():
            routes.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": spec.get("summary", ""),
                    "description": spec.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in spec.get("parameters", [])
                    ],
                }
            )
    return _page(request, "api.html", routes=routes, info=schema.get("info", {}))
