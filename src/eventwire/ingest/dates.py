"""Publication dates from any input format to ISO 8601, or dropped with a warning.

The published date anchors every relative time expression in an article
("on Thursday"), so a wrong date is worse than none: anything doubtful is left
empty and the article carries a warning saying why.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime

from eventwire.ingest.errors import quoted

# Clocks and time zones differ; a report dated tomorrow is normal, next week is not.
FUTURE_SLACK = timedelta(days=2)
# No news archive we read goes back further; earlier years are typos or epoch zeros.
MIN_YEAR = 1800

# "2020-01-03" and the ISO week form "2020-W01-5"; anything longer has a time.
_LONGEST_DATE = 10


def normalize_published(
    value: object, now: datetime | None = None
) -> tuple[str | None, str | None]:
    """``(normalized, warning)`` for a published value: ``YYYY-MM-DD`` or ISO 8601 datetime."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    parsed = _parse(value)
    if parsed is None or parsed.year < MIN_YEAR:
        return None, f"published: unreadable date {quoted(value)}; left empty"
    if _in_future(parsed, now or datetime.now(UTC)):
        return None, f"published: date {_format(parsed)} is in the future; left empty"
    return _format(parsed), None


def _parse(value: object) -> date | datetime | None:
    """A date (day only) or datetime from a string, date, datetime or struct_time."""
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, time.struct_time):
        # feedparser's *_parsed values are converted to UTC and carry no offset.
        try:
            return datetime(*value[:6], tzinfo=UTC)
        except (ValueError, OverflowError):
            return None
    if not isinstance(value, str):
        return None
    text = value.strip()
    if len(text) <= _LONGEST_DATE:
        # A day without a time ("2020-01-03", "20200103") stays a day.
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _in_future(value: date | datetime, now: datetime) -> bool:
    limit = now + FUTURE_SLACK
    if not isinstance(value, datetime):
        return value > limit.date()
    if value.tzinfo is None:
        # A naive time is local to the publisher, unknown here: compare it as UTC;
        # the slack covers any offset.
        return value > limit.astimezone(UTC).replace(tzinfo=None)
    return value > limit


def _format(value: date | datetime) -> str:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
