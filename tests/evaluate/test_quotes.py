"""Scoring quotes against PolNeAR-style gold: span matching, grouping, figures, the table."""

from __future__ import annotations

import json

import pytest

from eventwire.evaluate.gold import GoldArticle
from eventwire.evaluate.quotes import (
    format_table,
    gold_attributions,
    gold_kind,
    overlaps,
    predicted_attributions,
    score_pairs,
    score_quotes,
)
from eventwire.schema import Cue, Quote, Speaker

TEXT = "Lena Ortiz said the shelters were full. “We need more buses,” said Tom Becker."
OTHER = "The voters remain unhappy with the plan."


def _span(text: str, part: str, after: int = 0) -> dict:
    start = text.index(part, after)
    return {"start": start, "end": start + len(part), "text": part}


def _gold(text: str, *rows: tuple[str | None, str | None, str]) -> dict:
    attributions = []
    for source, cue, content in rows:
        attributions.append(
            {
                "source": [_span(text, source)] if source else None,
                "cue": [_span(text, cue)] if cue else None,
                "content": [_span(text, content)],
            }
        )
    return {"attributions": attributions}


GOLD_ROWS = [
    {
        "id": "one",
        "text": TEXT,
        "published": None,
        "source": "test",
        "gold": _gold(
            TEXT,
            ("Lena Ortiz", "said", "the shelters were full"),
            ("Tom Becker", "said Tom", "“We need more buses,”"),
        ),
    },
    {
        "id": "two",
        "text": OTHER,
        "published": None,
        "source": "test",
        "gold": _gold(OTHER, ("The voters", "remain unhappy with", "the plan")),
    },
]


def _quote(text: str, content: str, kind: str, cue: str | None, speaker: str | None) -> Quote:
    c = _span(text, content)
    cue_span = _span(text, cue) if cue else None
    s = _span(text, speaker) if speaker else None
    return Quote(
        content,
        c["start"],
        c["end"],
        kind,
        Cue(cue, cue_span["start"], cue_span["end"], cue) if cue_span else None,
        Speaker(speaker, s["start"], s["end"], speaker, None, None, None, False, "named")
        if s
        else None,
    )


OVERLAPS = [
    # (a, b, overlap?)
    (((0, 10),), ((0, 10),), True),
    (((0, 10),), ((5, 10),), True),  # 5 of the longer 10
    (((0, 10),), ((6, 10),), False),  # 4 of 10
    (((0, 4), (6, 10)), ((0, 10),), True),  # fragments count together
    (((0, 10),), ((20, 30),), False),
]


@pytest.mark.parametrize(("a", "b", "expected"), OVERLAPS)
def test_overlap_is_half_of_the_longer_span(a, b, expected):
    assert overlaps(a, b) is expected


KINDS = [
    ("He said “we are ready.” Then he left.", "we are ready.", "direct"),
    ("He said the plan was “a mistake” and left.", "the plan was “a mistake”", "mixed"),
    ("He said the plan was a mistake and left.", "the plan was a mistake", "indirect"),
]


@pytest.mark.parametrize(("text", "content", "kind"), KINDS)
def test_gold_kind(text, content, kind):
    start = text.index(content)
    assert gold_kind(text, ((start, start + len(content)),)) == kind


def test_split_quote_halves_and_continuations_are_one_attribution():
    text = "“We are ready,” Ortiz said. “We need buses.”\n\n“And food.”"
    cue = _span(text, "said")
    quotes = [
        _quote(text, "We are ready", "direct", "said", "Ortiz"),
        _quote(text, "We need buses.", "direct", "said", "Ortiz"),
        _quote(text, "And food.", "direct", None, "Ortiz"),
    ]
    (attribution,) = predicted_attributions(text, quotes)
    assert [text[s:e] for s, e in attribution.content] == [
        "We are ready",
        "We need buses",
        "And food",
    ]
    assert attribution.cue == ((cue["start"], cue["end"]),)
    assert attribution.kind == "direct"


def test_gold_attributions_trim_marks_and_skip_empty_content():
    article = GoldArticle("one", TEXT, None, GOLD_ROWS[0]["gold"])
    article.gold["attributions"].append({"source": None, "cue": None, "content": None})
    found = gold_attributions(article)
    assert [TEXT[s:e] for a in found for s, e in a.content] == [
        "the shelters were full",
        "We need more buses",
    ]
    assert [a.kind for a in found] == ["indirect", "direct"]


def test_score_pairs_counts_each_figure():
    one = GoldArticle("one", TEXT, None, GOLD_ROWS[0]["gold"])
    two = GoldArticle("two", OTHER, None, GOLD_ROWS[1]["gold"])
    quotes = [
        _quote(TEXT, "the shelters were full", "indirect", "said", "Lena Ortiz"),
        _quote(TEXT, "We need more buses", "direct", "said Tom", "Becker"),
        _quote(TEXT, "Ortiz said the shelters", "indirect", None, None),  # a wrong one
    ]
    scores = score_pairs([(one, quotes), (two, None)])
    assert (scores["articles"], scores["unread"]) == (2, 1)
    assert scores["content_exact"] | {} == {
        "precision": 0.667,
        "recall": 0.667,
        "f1": 0.667,
        "gold": 3,
        "predicted": 3,
    }
    assert scores["source_exact"]["recall"] == 0.333  # "Becker" is not "Tom Becker"
    assert scores["source_overlap"]["recall"] == 0.667  # ... but half of it
    assert scores["cue_exact"]["precision"] == 1.0
    assert scores["attribution"]["recall"] == 0.667
    assert scores["by_kind"]["direct"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "gold": 1,
        "predicted": 1,
    }
    table = format_table(scores)
    assert "content overlap" in table and "attribution" in table and "  mixed" in table


def test_score_quotes_runs_the_pipeline_on_a_gold_file(tmp_path, settings, nlp):
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in GOLD_ROWS) + "\n", encoding="utf-8")
    scores = score_quotes(path, settings)
    assert scores["articles"] == 2 and scores["unread"] == 0
    assert scores["content_overlap"]["gold"] == 3
    assert scores["content_overlap"]["precision"] == 1.0
    assert scores["content_overlap"]["recall"] == 0.667
    assert scores["source_overlap"]["recall"] == 0.667
    assert scores["attribution"]["recall"] == 0.667
    assert score_quotes(path, settings, limit=1)["articles"] == 1
