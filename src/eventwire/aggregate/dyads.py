"""Actor-pair (dyad) time series: event counts by quad class and summed intensity per period."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import duckdb

PERIODS = ("day", "week", "month")
#: Only what the text says happened is counted; threats are events too (CAMEO 13).
COUNTED_STATUSES = ("occurred", "threatened")


@dataclass(frozen=True)
class DyadPoint:
    """One period of one actor pair's series."""

    period: str
    events: int
    verbal_cooperation: int
    material_cooperation: int
    verbal_conflict: int
    material_conflict: int
    intensity: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def dyad_series(
    con: duckdb.DuckDBPyConnection,
    source: str | None = None,
    target: str | None = None,
    by: str = "day",
    start: str | None = None,
    end: str | None = None,
) -> list[DyadPoint]:
    """The series of events from ``source`` to ``target`` (country codes; None = any).

    An event counts once for a pair however many actors of each country it names.
    Periods are ISO dates: the day, the Monday of the week, or the first of the month.
    """
    if by not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, not {by!r}")
    where = ["status IN (SELECT unnest(?))", "date IS NOT NULL"]
    params: list[Any] = [list(COUNTED_STATUSES)]
    for column, code in (("source", source), ("target", target)):
        if code:
            where.append(f"list_contains(json_extract_string({column}, '$[*].country'), ?)")
            params.append(code.upper())
    day = "TRY_CAST(left(date, 10) AS DATE)"
    if start:
        where.append(f"{day} >= CAST(? AS DATE)")
        params.append(start)
    if end:
        where.append(f"{day} <= CAST(? AS DATE)")
        params.append(end)
    period = day if by == "day" else f"date_trunc('{by}', {day})"
    rows = con.execute(
        f"""
        SELECT strftime(CAST({period} AS DATE), '%Y-%m-%d') AS period,
               count(*),
               count(*) FILTER (WHERE quad_class = 1),
               count(*) FILTER (WHERE quad_class = 2),
               count(*) FILTER (WHERE quad_class = 3),
               count(*) FILTER (WHERE quad_class = 4),
               round(sum(intensity), 2)
        FROM events
        WHERE {" AND ".join(where)} AND {day} IS NOT NULL
        GROUP BY 1 ORDER BY 1
        """,
        params,
    ).fetchall()
    return [DyadPoint(r[0], r[1], r[2], r[3], r[4], r[5], float(r[6] or 0.0)) for r in rows]
