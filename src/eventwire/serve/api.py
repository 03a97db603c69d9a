"""The JSON API under ``/api``: read-only, paginated, every page's twin."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import ExitStack
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.responses import StreamingResponse

from eventwire.aggregate import dyad_series
from eventwire.serve import queries
from eventwire.serve.connection import ReadOnlyStore
from eventwire.serve.filters import (
    MAX_TEXT,
    End,
    EventFilters,
    EventSort,
    Limit,
    Offset,
    Order,
    SourceCountry,
    Start,
    TargetCountry,
    event_filters,
    parse_day,
)

router = APIRouter(prefix="/api", tags=["api"])

# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Format(StrEnum):
    json = "json"
    csv = "csv"


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class NodeKey(StrEnum):
    country = "country"
    sector = "sector"


Filters = Annotated[EventFilters, Depends(event_filters)]
Sort = Annotated[EventSort, Query(description="Column to sort by.")]
Direction = Annotated[Order, Query(description="Sort direction.")]
Outlet = Annotated[str | None, Query(max_length=MAX_TEXT, description="Outlet (article source).")]
ArticleId = Annotated[str, Path(max_length=MAX_TEXT, description="The article id.")]


def store(request: Request) -> ReadOnlyStore:
    """The application's store (a FastAPI dependency)."""
    return request.app.state.store


Store = Annotated[ReadOnlyStore, Depends(store)]


@router.get("/overview", summary="Counts, date ranges, top actors and pairs, latest articles")
def overview(db: Store) -> dict[str, Any]:
    """What the store holds at a glance (the JSON twin of `/`)."""
    with db.connect() as con:
        return queries.overview(con)


@router.get("/facets", summary="Values the filters offer")
def facets(db: Store) -> dict[str, list[str]]:
    """Event types, actor country codes and outlets present in the store."""
    with db.connect() as con:
        return queries.facets(con)


@router.get(
    "/events",
    summary="Events, filtered and paginated",
    responses={200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with format=csv"}},
)
def events(
    db: Store,
    filters: Filters,
    sort: Sort = EventSort.date,
    order: Direction = Order.desc,
    limit: Limit = 50,
    offset: Offset = 0,
    format: Annotated[
        Format, Query(description="json (a page) or csv (every matching row, capped).")
    ] = Format.json,
) -> Any:
    """Events with their actors, place and article (the JSON twin of `/events`).

    With `format=csv` the answer is a CSV file of every matching event (at most
    100,000 rows; `limit` and `offset` are ignored), as `/api/events.csv` gives.
    """
    if format is Format.csv:
        return _csv_response(db, filters, sort, order)
    with db.connect() as con:
        return queries.list_events(con, filters, sort, order, limit, offset)


@router.get(
    "/events.csv",
    summary="Events as CSV",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}, "description": "The matching events."}},
)
def events_csv(
    db: Store, filters: Filters, sort: Sort = EventSort.date, order: Direction = Order.desc
) -> StreamingResponse:
    """Every event matching the filters as CSV, one row per event (at most 100,000 rows)."""
    return _csv_response(db, filters, sort, order)


def _csv_response(
    db: ReadOnlyStore, filters: EventFilters, sort: EventSort, order: Order
) -> StreamingResponse:
    # The connection is opened here, so a locked store is a 503 before any byte is sent,
    # and closed by the stream when it ends or the client goes away.
    stack = ExitStack()
    con = stack.enter_context(db.connect())
    try:
        rows = queries.event_csv_rows(con, filters, sort, order)
        first = next(rows, None)
    except BaseException:
        stack.close()
        raise

    def stream() -> Iterator[str]:
        with stack:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            writer.writerow(queries.CSV_COLUMNS)
            if first is not None:
                writer.writerow(_csv_safe(first))
            for n, row in enumerate(rows):
                writer.writerow(_csv_safe(row))
                if n % 500 == 0:
                    yield buffer.getvalue()
                    buffer.seek(0)
                    buffer.truncate()
            yield buffer.getvalue()

    return StreamingResponse(
        stream(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="eventwire-events.csv"'},
    )


def _csv_safe(row: list[Any]) -> list[Any]:
    """Text cells that a spreadsheet would run as formulas, prefixed with a quote."""
    return [f"'{v}" if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v for v in row]


@router.get("/articles", summary="Articles, newest first, paginated")
def articles(
    db: Store,
    source: Outlet = None,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Words in the title or text.")
    ] = None,
    start: Start = None,
    end: End = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored articles with their event and quote counts (the JSON twin of `/articles`)."""
    with db.connect() as con:
        return queries.list_articles(
            con,
            source or None,
            q or None,
            parse_day(start, "start"),
            parse_day(end, "end"),
            limit,
            offset,
        )


@router.get("/articles/{article_id:path}", summary="One article's whole record")
def article(db: Store, article_id: ArticleId) -> dict[str, Any]:
    """The stored record: text, metadata and every extracted item with its offsets."""
    with db.connect() as con:
        record = queries.article(con, article_id)
    if record is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return record


@router.get("/dyads", summary="An actor pair's series by day, week or month")
def dyads(
    db: Store,
    source: SourceCountry = None,
    target: TargetCountry = None,
    by: Annotated[Period, Query(description="Length of a period.")] = Period.day,
    start: Start = None,
    end: End = None,
) -> dict[str, Any]:
    """Events from `source` to `target` per period: counts by quad class, summed intensity.

    Only events that occurred or were threatened, with a date, are counted (the JSON
    twin of `/timeline`). Periods are the day, the Monday of the week, or the first of
    the month.
    """
    first, last = parse_day(start, "start"), parse_day(end, "end")
    with db.connect() as con:
        series = dyad_series(
            con,
            (source or "").upper() or None,
            (target or "").upper() or None,
            by.value,
            first.isoformat() if first else None,
            last.isoformat() if last else None,
        )
    return {
        "source": (source or "").upper() or None,
        "target": (target or "").upper() or None,
        "by": by.value,
        "series": [point.to_dict() for point in series],
    }


@router.get("/map", summary="Events with coordinates, as map points")
def map_points(db: Store, filters: Filters) -> dict[str, Any]:
    """Events whose place has a latitude and longitude (newest first, at most 5,000)."""
    with db.connect() as con:
        return queries.map_points(con, filters)


@router.get("/network", summary="Actors as nodes, events as directed edges")
def network(
    db: Store,
    filters: Filters,
    by: Annotated[
        NodeKey, Query(description="Node: the actor's country, or its country and sector.")
    ] = NodeKey.country,
    min_count: Annotated[
        int, Query(ge=1, le=1_000_000, description="Leave out edges with fewer events.")
    ] = 1,
) -> dict[str, Any]:
    """Edges weighted by event count with their mean intensity (the heaviest 300)."""
    with db.connect() as con:
        return queries.network(con, filters, by.value, min_count)


@router.get("/sources", summary="Who is quoted, named or anonymous, per outlet")
def sources(
    db: Store,
    outlet: Outlet = None,
    start: Start = None,
    end: End = None,
    q: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Words in the speaker's name.")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Quote totals, speaker kinds, outlets, and a page of named speakers by quote count."""
    with db.connect() as con:
        return queries.sources(
            con,
            outlet or None,
            parse_day(start, "start"),
            parse_day(end, "end"),
            q or None,
            limit,
            offset,
        )
