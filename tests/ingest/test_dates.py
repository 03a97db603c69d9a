"""Publication dates: every input form to ISO 8601, doubtful ones dropped with a warning."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from eventwire.ingest import normalize_published

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
EAST = timezone(timedelta(hours=3))

READABLE = [
    # (value, normalized)
    ("2020-01-03", "2020-01-03"),
    ("  2020-01-03 ", "2020-01-03"),
    ("20200103", "2020-01-03"),
    ("2020-01-03T10:15:00", "2020-01-03T10:15:00"),
    ("2020-01-03T10:15:00Z", "2020-01-03T10:15:00+00:00"),
    ("2020-01-03T10:15:00+03:00", "2020-01-03T10:15:00+03:00"),
    ("2020-01-03T10:15:00.123456-05:00", "2020-01-03T10:15:00-05:00"),
    ("2020-01-03 10:15", "2020-01-03T10:15:00"),
    ("Fri, 03 Jan 2020 10:15:00 +0300", "2020-01-03T10:15:00+03:00"),
    ("Fri, 03 Jan 2020 07:15:00 GMT", "2020-01-03T07:15:00+00:00"),
    ("3 Jan 2020 10:15 -0500", "2020-01-03T10:15:00-05:00"),
    (date(2020, 1, 3), "2020-01-03"),
    (datetime(2020, 1, 3, 10, 15, tzinfo=EAST), "2020-01-03T10:15:00+03:00"),
    (datetime(2020, 1, 3, 10, 15), "2020-01-03T10:15:00"),
    (time.struct_time((2020, 1, 3, 7, 15, 0, 4, 3, 0)), "2020-01-03T07:15:00+00:00"),
    # Tomorrow is within the slack for time zones and clock skew.
    ("2024-06-02", "2024-06-02"),
]

UNREADABLE = [
    "yesterday",
    "2020-02-30",
    "2020-13-01",
    "2020-01-03T25:00:00",
    "Sun, 30 Feb 2020 10:00:00 +0000",
    "0001-01-01",
    "1799-12-31",
    "03/01/2020",
    12345,
]

FUTURE = [
    ("2024-06-04", "2024-06-04"),
    ("2030-01-01T00:00:00Z", "2030-01-01T00:00:00+00:00"),
    (datetime(2024, 6, 10, 9, 0), "2024-06-10T09:00:00"),
]


@pytest.mark.parametrize(("value", "expected"), READABLE)
def test_readable_dates_are_normalized(value, expected):
    assert normalize_published(value, now=NOW) == (expected, None)


@pytest.mark.parametrize("value", UNREADABLE)
def test_unreadable_dates_are_dropped_with_a_warning(value):
    published, warning = normalize_published(value, now=NOW)
    assert published is None
    assert warning.startswith("published: unreadable date '")
    assert warning.endswith("'; left empty")


@pytest.mark.parametrize(("value", "shown"), FUTURE)
def test_future_dates_are_dropped_with_a_warning(value, shown):
    assert normalize_published(value, now=NOW) == (
        None,
        f"published: date {shown} is in the future; left empty",
    )


@pytest.mark.parametrize("value", [None, "", "   "])
def test_missing_dates_are_empty_without_a_warning(value):
    assert normalize_published(value, now=NOW) == (None, None)


def test_long_values_are_shortened_in_the_warning():
    _, warning = normalize_published("x" * 500, now=NOW)
    assert len(warning) < 120
