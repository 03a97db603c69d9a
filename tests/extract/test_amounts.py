"""Counts of things: value, counted object, approximation, exact offsets."""

from __future__ import annotations

import json

import pytest

from eventwire.extract.amounts import _number_run, _openings, _words, extract_amounts
from eventwire.schema import Article
from eventwire.settings import Settings

CASES = [
    # (sentence, [(text, value, object, approximate), ...])
    ("The Pentagon deployed 750 troops to Kuwait.", [("750 troops", 750, "troops", False)]),
    (
        "About 5,000 U.S. troops are stationed in Iraq.",
        [("About 5,000 U.S. troops", 5000, "troops", True)],
    ),
    (
        "The compound occupies more than 100 acres in Baghdad.",
        [("more than 100 acres", 100, "acres", True)],
    ),
    ("U.S. crude oil rose 1.2 percent on Friday.", [("1.2 percent", 1.2, "percent", False)]),
    ("Unemployment reached 7.5% in March.", [("7.5%", 7.5, "percent", False)]),
    (
        "The convoy carried half a dozen others.",
        [("half a dozen others", 6, "others", False)],
    ),
    (
        "Hundreds of embassy personnel sheltered in safe rooms.",
        [("Hundreds of embassy personnel", 100, "personnel", True)],
    ),
    (
        "Tens of thousands of people marched in Tehran.",
        [("Tens of thousands of people", 10000, "people", True)],
    ),
    (
        "Twenty-five soldiers and two dozen civilians were wounded.",
        [
            ("Twenty-five soldiers", 25, "soldiers", False),
            ("two dozen civilians", 24, "civilians", False),
        ],
    ),
    (
        "The aid package is worth $5 million.",
        [("$5 million", 5_000_000, "dollars", False)],
    ),
    (
        "Police arrested a hundred and fifty protesters.",
        [("a hundred and fifty protesters", 150, "protesters", False)],
    ),
]

NOT_COUNTS = [
    "The attack happened on Dec. 27, 2019.",  # a date
    "The strike hit a two-car convoy.",  # a number inside a compound modifier
    "One official said the base was secure.",  # "one" as a determiner
    "He served in the 82nd Airborne Division.",  # an ordinal
    "Flight 752 crashed after takeoff.",  # a name, not a count
]


def _amounts(nlp, text):
    return extract_amounts(nlp(text), _article(text), Settings())


def _article(text: str) -> Article:
    return Article(
        id="t",
        origin="test",
        url=None,
        source=None,
        title=None,
        published=None,
        language="en",
        text=text,
    )


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_counts(nlp, sentence, expected):
    found = _amounts(nlp, sentence)
    assert [(a.text, a.value, a.object, a.approximate) for a in found] == expected
    for amount in found:
        assert sentence[amount.start : amount.end] == amount.text


@pytest.mark.parametrize("sentence", NOT_COUNTS)
def test_not_counts(nlp, sentence):
    assert _amounts(nlp, sentence) == []


@pytest.mark.shared
def test_seed_amounts(nlp, seed_dir):
    text = (seed_dir / "soleimani-strike.txt").read_text(encoding="utf-8")
    expected = json.loads((seed_dir / "soleimani-strike.expected.json").read_text())["amounts"]
    found = {a.text: a for a in _amounts(nlp, text)}
    for item in expected:
        assert item["mention"] in found, item
        amount = found[item["mention"]]
        assert amount.value == item["value"]
        assert amount.object == item["object"]


@pytest.mark.parametrize("sentence", [s for s, _ in CASES] + NOT_COUNTS)
def test_number_phrases_start_only_at_openings(nlp, sentence):
    lows = [t.lower_ for t in nlp(sentence)]
    words = _words()
    starts = [i for i in range(len(lows)) if _number_run(lows, i, words) > i]
    assert set(starts) <= set(_openings(lows, words))
