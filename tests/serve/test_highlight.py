"""Cutting an article's text at item boundaries: nothing lost, every item covered exactly."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.serve.highlight import Mark, marks, segments


@pytest.mark.parametrize(
    ("text", "items", "expected"),
    [
        ("abc", [], [("abc", [])]),
        ("abcdef", [Mark("actor", 1, 3, "actor-0")], [("a", []), ("bc", ["actor-0"]), ("def", [])]),
        (
            "abcdef",
            [Mark("quote", 0, 6, "quote-0"), Mark("actor", 2, 4, "actor-0")],
            [("ab", ["quote-0"]), ("cd", ["quote-0", "actor-0"]), ("ef", ["quote-0"])],
        ),
        # Out-of-range or empty offsets are skipped, not trusted.
        ("abc", [Mark("actor", 2, 9, "actor-0"), Mark("time", 1, 1, "time-0")], [("abc", [])]),
        ("abc", [Mark("actor", -1, 2, "actor-0")], [("abc", [])]),
    ],
)
def test_segments(text, items, expected):
    assert [(s.text, s.keys) for s in segments(text, items)] == expected


def test_anchor_at_each_item_start():
    pieces = segments("abcdef", [Mark("event", 3, 4, "event-0"), Mark("argument", 0, 2, "event-0")])
    assert [s.anchors for s in pieces] == [["event-0"], [], [], []]


def test_css_classes():
    (piece,) = [s for s in segments("xy", [Mark("event", 0, 1, "event-0", "q4")]) if s.text == "x"]
    assert piece.css == "hl-event hl-event-q4"


def test_marks_of_a_record():
    record = {
        "text": "Iran said it struck.",
        "actors": [{"start": 0, "end": 4}],
        "events": [
            {
                "quad_class": 4,
                "trigger": {"start": 13, "end": 19},
                "source": [{"start": 0, "end": 4}],
                "target": [],
            }
        ],
        "quotes": [
            {
                "start": 10,
                "end": 19,
                "cue": {"start": 5, "end": 9},
                "speaker": {"start": 0, "end": 4},
            }
        ],
    }
    got = {(m.kind, m.start, m.end, m.key) for m in marks(record)}
    assert got == {
        ("actor", 0, 4, "actor-0"),
        ("event", 13, 19, "event-0"),
        ("argument", 0, 4, "event-0"),
        ("quote", 10, 19, "quote-0"),
        ("cue", 5, 9, "quote-0"),
        ("speaker", 0, 4, "quote-0"),
    }


@st.composite
def text_and_marks(draw):
    text = draw(st.text(min_size=0, max_size=40))
    bound = st.integers(min_value=-2, max_value=len(text) + 2)
    pairs = draw(st.lists(st.tuples(bound, bound), max_size=8))
    return text, [Mark("actor", a, b, f"actor-{i}") for i, (a, b) in enumerate(pairs)]


@given(text_and_marks())
def test_segments_cover_text_and_items(case):
    text, items = case
    pieces = segments(text, items)
    assert "".join(p.text for p in pieces) == text
    for item in items:
        covered = "".join(p.text for p in pieces if item.key in p.keys)
        if 0 <= item.start < item.end <= len(text):
            assert covered == text[item.start : item.end]
        else:
            assert covered == ""
