"""Temporal expressions: extents, TimeML values resolved against the publication date, offsets."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import eventwire.extract.times as times_module  # registers the "times" extractor
from eventwire.extract.registry import get_extractor
from eventwire.extract.times import anchor_date, extract_times
from eventwire.pipeline import extract_text, process
from eventwire.schema import Article, Document
from eventwire.settings import Settings

# Friday, 3 January 2020: every relative expression below is resolved against it.
PUBLISHED = "2020-01-03"

CASES = [
    # (sentence, [(text, value, type), ...])
    # Weekdays follow the tense of their verb.
    ("Rebels shelled the town on Thursday.", [("Thursday", "2020-01-02", "DATE")]),
    ("The envoy will arrive on Thursday.", [("Thursday", "2020-01-09", "DATE")]),
    ("The board met Friday.", [("Friday", "2020-01-03", "DATE")]),
    (
        "Talks resume next Friday after a pause last Friday.",
        [("next Friday", "2020-01-10", "DATE"), ("last Friday", "2019-12-27", "DATE")],
    ),
    ("The minister left on Thursday morning.", [("Thursday morning", "2020-01-02TMO", "TIME")]),
    # Months and days without a year: the year nearest the anchor in the tense's direction.
    ("The drone strike on Dec. 27 hit a convoy.", [("Dec. 27", "2019-12-27", "DATE")]),
    ("The deadline of Jan. 14 was set by the court.", [("Jan. 14", "2020-01-14", "DATE")]),
    ("In June, the ministry cut fuel subsidies.", [("June", "2019-06", "DATE")]),
    ("The firm expects a February delivery of the parts.", [("February", "2020-02", "DATE")]),
    ("Exports fell late last year.", [("late last year", "2019", "DATE")]),
    ("The vote was held on Tuesday, March 3.", [("Tuesday, March 3", "2020-03-03", "DATE")]),
    # Days named relative to the day of writing, and the present, past and future.
    (
        "The rebels retreated yesterday, the council meets today and the vote is tonight.",
        [
            ("yesterday", "2020-01-02", "DATE"),
            ("today", "2020-01-03", "DATE"),
            ("tonight", "2020-01-03TNI", "TIME"),
        ],
    ),
    (
        "Prices have risen recently, and the talks continue now.",
        [
            ("recently", "PAST_REF", "DATE"),
            ("now", "PRESENT_REF", "DATE"),
        ],
    ),
    ("Nobody can say what the future holds.", [("the future", "FUTURE_REF", "DATE")]),
    # Relative to the day of writing: "ago", last/this/next.
    ("The ships sailed two weeks ago.", [("two weeks ago", "2019-W51", "DATE")]),
    ("The mine closed a decade ago.", [("a decade ago", "2010", "DATE")]),
    ("The strikes began last week.", [("last week", "2019-W52", "DATE")]),
    (
        "The budget this year is larger and the next payment comes next month.",
        [("this year", "2020", "DATE"), ("next month", "2020-02", "DATE")],
    ),
    ("The harvest failed last fall.", [("last fall", "2019-FA", "DATE")]),
    # Absolute dates need no anchor.
    (
        "The accord was signed in 1998 after unrest in the 1990s.",
        [("1998", "1998", "DATE"), ("1990s", "199", "DATE")],
    ),
    ("The treaty was signed on Aug. 7, 1998.", [("Aug. 7, 1998", "1998-08-07", "DATE")]),
    ("The truce was agreed on 12 December 2019.", [("12 December 2019", "2019-12-12", "DATE")]),
    ("The drought of summer 2019 was severe.", [("summer 2019", "2019-SU", "DATE")]),
    ("Output rose in the third quarter of 2019.", [("third quarter of 2019", "2019-Q3", "DATE")]),
    ("Elections were held on Thanksgiving Day.", [("Thanksgiving Day", "2019-11-28", "DATE")]),
    # Durations: TimeML leaves out "the" and approximators ("about").
    ("Inflation doubled over the past three years.", [("past three years", "P3Y", "DURATION")]),
    ("The siege lasted three days.", [("three days", "P3D", "DURATION")]),
    ("Negotiators met for about five hours.", [("five hours", "PT5H", "DURATION")]),
    (
        "A 16-hour curfew followed 5 1/2 hours of talks and an hour and a half of questions.",
        [
            ("16-hour", "PT16H", "DURATION"),
            ("5 1/2 hours", "PT5H30M", "DURATION"),
            ("an hour and a half", "PT1H30M", "DURATION"),
        ],
    ),
    ("The dispute has run for decades.", [("decades", "PXDE", "DURATION")]),
    # Sets.
    ("Inspectors come every week.", [("every week", "P1W", "SET")]),
    (
        "Prices are checked daily, monitors visit every Monday and elections come twice a year.",
        [
            ("daily", "P1D", "SET"),
            ("every Monday", "XXXX-WXX-1", "SET"),
            ("twice a year", "P1Y", "SET"),
        ],
    ),
    # Clock times take the day named beside them.
    (
        "The cabinet met at 9:30 a.m. Thursday.",
        [("9:30 a.m. Thursday", "2020-01-02T09:30", "TIME")],
    ),
    (
        "The blast came at 10:35 a.m. on Thursday.",
        [("10:35 a.m.", "2020-01-02T10:35", "TIME"), ("Thursday", "2020-01-02", "DATE")],
    ),
    # Anaphora: resolved against the last date the text named.
    (
        "The treaty was signed on Aug. 7, 1998. Earlier that day, crowds gathered.",
        [("Aug. 7, 1998", "1998-08-07", "DATE"), ("Earlier that day", "1998-08-07", "DATE")],
    ),
]

NOT_TIMES = [
    "The 44-year-old driver was released.",  # an age
    "Jan Smith, 52, spoke to reporters.",  # a name and an age
    "Officials may march to the capital.",  # the verbs "may" and "march"
    "Now the question is who pays.",  # a discourse marker
]

OFF_THE_CALENDAR = [
    # (sentence, [(text, value, type), ...]): past year 1, the length is all that is left.
    ("The cave was painted 40,000 years ago.", [("40,000 years", "P40000Y", "DURATION")]),
    ("Sales fell in the 0th quarter.", []),
]

NO_ANCHOR = [
    ("Rebels shelled the town on Thursday.", [("Thursday", "XXXX-WXX-4", "DATE")]),
    ("The market closes on Christmas Day.", [("Christmas Day", "XXXX-12-25", "DATE")]),
    ("The strike on Dec. 27 hit a convoy.", [("Dec. 27", "XXXX-12-27", "DATE")]),
    ("The ships sailed yesterday.", [("yesterday", "XXXX-XX-XX", "DATE")]),
    ("The siege lasted three days.", [("three days", "P3D", "DURATION")]),
]


def _article(text: str, published: str | None = PUBLISHED) -> Article:
    return Article(
        id="t",
        origin="test",
        url=None,
        source=None,
        title=None,
        published=published,
        language="en",
        text=text,
    )


def _times(nlp, text: str, published: str | None = PUBLISHED):
    return extract_times(nlp(text), _article(text, published), Settings())


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_values(nlp, sentence, expected):
    found = _times(nlp, sentence)
    assert [(t.text, t.value, t.type) for t in found] == expected
    for time in found:
        assert sentence[time.start : time.end] == time.text


@pytest.mark.parametrize("sentence", NOT_TIMES)
def test_not_times(nlp, sentence):
    assert _times(nlp, sentence) == []


@pytest.mark.parametrize(("sentence", "expected"), OFF_THE_CALENDAR)
def test_off_the_calendar(nlp, sentence, expected):
    assert [(t.text, t.value, t.type) for t in _times(nlp, sentence)] == expected


@pytest.mark.parametrize(("sentence", "expected"), NO_ANCHOR)
def test_without_publication_date(nlp, sentence, expected):
    found = _times(nlp, sentence, published=None)
    assert [(t.text, t.value, t.type) for t in found] == expected
    assert all(t.anchor is None for t in found)


def test_anchor_is_the_publication_day_for_relative_expressions_only(nlp):
    text = "The plant opened in 1998 and closed on Thursday."
    found = {t.text: t for t in _times(nlp, text, published="2020-01-03T09:42")}
    assert found["1998"].anchor is None
    assert found["Thursday"].anchor == "2020-01-03"
    assert found["Thursday"].value == "2020-01-02"


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2020-01-03", "2020-01-03"),
        ("2020-01-03T09:42:00+00:00", "2020-01-03"),
        (None, None),
        ("", None),
        ("last Tuesday", None),
    ],
)
def test_anchor_date(published, expected):
    result = anchor_date(published)
    assert (result.isoformat() if result else None) == expected


def test_registered_and_run_by_the_pipeline(nlp):
    assert get_extractor("times")[0] == "times"
    settings = replace(Settings(), extractors=("entities", "times"))
    document = Document(
        text="Militia fighters stormed the embassy compound on Tuesday.",
        origin="test",
        published="2019-12-31",
    )
    (article,) = process([document], settings, nlp)
    assert [(t.text, t.value) for t in article.times] == [("Tuesday", "2019-12-31")]


def test_unknown_word_list_in_a_rule_is_an_error():
    with pytest.raises(ValueError, match="unknown word list"):
        times_module._compile("{month} {fortnightly}", {"month": "jan"})


def test_the_gate_checks_openings_first():
    gate = times_module._lexicon().gate.pattern
    assert gate.startswith(times_module._BEFORE + "(?=(?:")


PIECES = [
    "Thursday",
    "Dec. 27",
    "last week",
    "two weeks ago",
    "the past three years",
    "every week",
    "5 1/2 hours",
    "Aug. 7, 1998",
    "10:35 a.m. Friday",
    "early next month",
    "the 1990s",
    "today",
    "a 44-year-old",
    "the rebels said",
    "attacked the base",
    "and",
    "in",
    "May",
    "now",
    "Earlier that day",
    "40,000 years ago",
    "the 0th quarter",
]


@hsettings(max_examples=40, deadline=None)
@given(
    pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=12),
    separators=st.lists(st.sampled_from([" ", ", ", ". ", "\n", "\n\n", " - ", "  "]), min_size=12),
    published=st.sampled_from([PUBLISHED, None, "1999-02-28"]),
)
def test_offsets_on_generated_texts(nlp, pieces, separators, published):
    text = "".join(p + s for p, s in zip(pieces, separators, strict=False)).strip()
    found = _times(nlp, text, published)
    last_end = 0
    for time in found:
        assert text[time.start : time.end] == time.text
        assert time.start >= last_end  # left to right, none overlapping
        assert time.value and time.type in {"DATE", "TIME", "DURATION", "SET"}
        last_end = time.end


@pytest.mark.shared
def test_seed_times(nlp, seed_dir):
    import json

    expected = json.loads((seed_dir / "soleimani-strike.expected.json").read_text("utf-8"))
    meta = json.loads((seed_dir / "soleimani-strike.json").read_text("utf-8"))
    text = (seed_dir / "soleimani-strike.txt").read_text("utf-8")
    settings = replace(Settings(), extractors=("entities", "times"))
    article = extract_text(text, settings, published=meta["published"])
    # TimeML leaves a leading preposition out of the span: "In June" is found as "June".
    for item in expected["times"]:
        assert any(t.value == item["value"] and t.text in item["mention"] for t in article.times), (
            item
        )
