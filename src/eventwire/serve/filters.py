"""Query parameters shared by pages and their JSON twins, validated before any SQL sees them.

Every value here ends up as a bound SQL parameter, never in the SQL text; the patterns
and length limits exist so a bad link fails with a 422 that names the parameter.
HTML forms send empty fields as ``""``, so an empty value means "no filter".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from fastapi import HTTPException, Query
from pydantic import Field, StringConstraints

#: Rows one page or API call returns at most; a larger page is a 422, not a slow answer.
MAX_LIMIT = 500
DEFAULT_LIMIT = 50
#: Offsets past this are a crawler walking every page, not a person.
MAX_OFFSET = 10_000_000
#: Longest text search or place name accepted.
MAX_TEXT = 200

STATUSES = ("occurred", "threatened", "planned", "hypothetical", "denied")
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

_DATE = r"^(\d{4}-\d{2}-\d{2})?$"
_COUNTRY = r"^([A-Za-z]{3})?$"
_TYPE = r"^([A-Za-z_]{1,40})?$"
_STATUS = rf"^({'|'.join(STATUSES)})?$"

Start = Annotated[
    str | None,
    Query(
        pattern=_DATE,
        description="First day (YYYY-MM-DD), inclusive: the event's own date "
        "(or, for articles, the publication date).",
    ),
]
End = Annotated[str | None, Query(pattern=_DATE, description="Last day (YYYY-MM-DD), inclusive.")]
SourceCountry = Annotated[
    str | None,
    Query(
        pattern=_COUNTRY,
        description="Source actor country: ISO 3166 alpha-3 code, or IGO / NGO.",
    ),
]
TargetCountry = Annotated[
    str | None, Query(pattern=_COUNTRY, description="Target actor country code, as `source`.")
]
Limit = Annotated[
    int, Query(ge=1, le=MAX_LIMIT, description=f"Rows per page (at most {MAX_LIMIT}).")
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


class Order(StrEnum):
    asc = "asc"
    desc = "desc"


class EventSort(StrEnum):
    date = "date"
    type = "type"
    quad_class = "quad_class"
    intensity = "intensity"
    place = "place"
    article = "article"


def parse_day(value: str | None, name: str) -> dt.date | None:
    """A YYYY-MM-DD value as a date; None when empty; a 422 naming ``name`` when impossible."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def _blank(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


@dataclass(frozen=True)
class EventFilters:
    """Which events a request asks for; every field optional."""

    start: dt.date | None = None
    end: dt.date | None = None
    source: str | None = None
    target: str | None = None
    type: str | None = None
    quad_class: tuple[int, ...] = ()
    status: tuple[str, ...] = ()
    place: str | None = None
    q: str | None = None
    located: bool = False
    article: str | None = None

    def query_items(self) -> list[tuple[str, str]]:
        """The filters as query-string pairs, for links that keep them (pages, CSV)."""
        items: list[tuple[str, str]] = []
        for name in ("start", "end", "source", "target", "type", "place", "q", "article"):
            value = getattr(self, name)
            if value:
                items.append((name, str(value)))
        items += [("quad_class", str(c)) for c in self.quad_class]
        items += [("status", s) for s in self.status]
        if self.located:
            items.append(("located", "true"))
        return items


def event_filters(
    start: Start = None,
    end: End = None,
    source: SourceCountry = None,
    target: TargetCountry = None,
    type: Annotated[
        str | None,
        Query(pattern=_TYPE, description="PLOVER event type, e.g. ASSAULT, CONSULT, SANCTION."),
    ] = None,
    quad_class: Annotated[
        list[Annotated[int, Field(ge=1, le=4)]] | None,
        Query(
            description="Quad class, repeatable: 1 verbal cooperation, 2 material cooperation, "
            "3 verbal conflict, 4 material conflict.",
        ),
    ] = None,
    status: Annotated[
        list[Annotated[str, StringConstraints(pattern=_STATUS)]] | None,
        Query(
            description=f"Event status, repeatable: {', '.join(STATUSES)}.",
        ),
    ] = None,
    place: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Words in the place name (case-insensitive)."),
    ] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_TEXT,
            description="Words in the event text, its trigger, an actor name or the article "
            "title (case-insensitive).",
        ),
    ] = None,
    located: Annotated[bool, Query(description="Only events whose place has coordinates.")] = False,
    article: Annotated[
        str | None, Query(max_length=MAX_TEXT, description="Only the events of this article id.")
    ] = None,
) -> EventFilters:
    """The event filters of a request (a FastAPI dependency)."""
    first, last = parse_day(start, "start"), parse_day(end, "end")
    return EventFilters(
        start=first,
        end=last,
        source=(_blank(source) or "").upper() or None,
        target=(_blank(target) or "").upper() or None,
        type=(_blank(type) or "").upper() or None,
        quad_class=tuple(sorted(set(quad_class or ()))),
        status=tuple(s for s in dict.fromkeys(status or ()) if s),
        place=_blank(place),
        q=_blank(q),
        located=located,
        article=_blank(article),
    )
