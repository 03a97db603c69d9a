"""Scoring times TempEval-3-style: strict and relaxed spans, values and types on matches."""

from __future__ import annotations

import json

import pytest

from eventwire.evaluate.gold import GoldArticle, read_gold
from eventwire.evaluate.times import canonical_value, format_times_report, score_pairs, score_times
from tests.conftest import SHARED

AQUAINT = SHARED / "eval" / "times" / "aquaint.jsonl"


def _timex(text: str, phrase: str, value: str, type_: str) -> dict:
    start = text.index(phrase)
    return {
        "start": start,
        "end": start + len(phrase),
        "text": phrase,
        "value": value,
        "type": type_,
    }


def _gold_file(tmp_path):
    first = "Rebels shelled the town on Thursday. The siege lasted three days."
    second = "Negotiators met for about five hours on Monday, and at that moment hope returned."
    rows = [
        {
            "id": "one",
            "text": first,
            "published": "2020-01-03",
            "source": "test",
            "gold": {
                "timexes": [
                    _timex(first, "Thursday", "2020-01-02", "DATE"),
                    # A wrong gold value, so that value accuracy is not 1.
                    _timex(first, "three days", "P4D", "DURATION"),
                ]
            },
        },
        {
            "id": "two",
            "text": second,
            "published": "2020-01-03",
            "source": "test",
            "gold": {
                "timexes": [
                    # Wider than eventwire's extent: a relaxed match, not a strict one.
                    _timex(second, "about five hours", "PT5H", "DURATION"),
                    # Not found: a miss. ("Monday" is not in the gold: a spurious find.)
                    _timex(second, "that moment", "PRESENT_REF", "DATE"),
                ]
            },
        },
    ]
    path = tmp_path / "times.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_score_times_on_a_small_gold_file(tmp_path, settings):
    scores = score_times(_gold_file(tmp_path), settings)
    assert (scores["articles"], scores["gold"], scores["predicted"]) == (2, 4, 4)
    assert (scores["strict_matches"], scores["relaxed_matches"]) == (2, 3)
    assert scores["strict"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert scores["relaxed"] == {"precision": 0.75, "recall": 0.75, "f1": 0.75}
    assert scores["value_accuracy"] == 0.667
    assert scores["type_accuracy"] == 1.0
    assert scores["value"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    kinds = sorted((e["kind"], (e["gold"] or e["predicted"])["text"]) for e in scores["errors"])
    assert kinds == [("missed", "that moment"), ("spurious", "Monday"), ("value", "three days")]


def test_score_times_takes_read_articles_too(tmp_path, settings):
    path = _gold_file(tmp_path)
    assert score_times(read_gold(path), settings)["relaxed_matches"] == 3


def test_relaxed_matching_is_one_to_one():
    text = "on Thursday, Jan. 6 and later"
    gold = GoldArticle(
        "g",
        text,
        "2000-01-06",
        {
            "timexes": [
                _timex(text, "Thursday", "2000-01-06", "DATE"),
                _timex(text, "Jan. 6", "2000-01-06", "DATE"),
            ]
        },
    )
    predicted = [_timex(text, "Thursday, Jan. 6", "2000-01-06", "DATE")]
    scores = score_pairs([(gold, predicted)])
    assert scores["relaxed_matches"] == 1
    assert scores["relaxed"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667}
    assert scores["strict_matches"] == 0


def test_empty_input_scores_zero():
    scores = score_pairs([])
    assert scores["relaxed"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert scores["value_accuracy"] == 0.0


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("2020-01-02", "2020-01-02"),
        ("1949-XX", "1949"),
        ("1998-12-XX", "1998-12"),
        ("199X", "199"),
        ("199", "199"),
        ("2000-W7", "2000-W7"),
        ("2000-W07", "2000-W7"),
        ("2019-W52", "2019-W52"),
        ("P3D", "P3D"),
        ("PXY", "PXY"),
        ("present_ref", "PRESENT_REF"),
        ("2020-01-02TMO", "2020-01-02TMO"),
    ],
)
def test_canonical_value(value, canonical):
    assert canonical_value(value) == canonical


def test_report_table(tmp_path, settings):
    report = format_times_report(score_times(_gold_file(tmp_path), settings))
    lines = report.splitlines()
    assert lines[0] == "times: 2 articles, 4 gold expressions, 4 predicted"
    assert lines[2].split() == ["strict", "span", "0.500", "0.500", "0.500"]
    assert lines[3].split() == ["relaxed", "span", "0.750", "0.750", "0.750"]
    assert "value accuracy 0.667" in lines[-1]


@pytest.mark.shared
def test_aquaint_scores_run(settings):
    if not AQUAINT.exists():
        pytest.skip(
            "../shared/eval/times/aquaint.jsonl is not present (beside a development checkout)"
        )
    # A few articles only: this checks the scorer reads the real file; `eventwire eval times`
    # measures the whole of it.
    scores = score_times(read_gold(AQUAINT)[:5], settings)
    assert scores["articles"] == 5 and scores["gold"] > 0
    for key in ("strict", "relaxed", "value", "type"):
        assert set(scores[key]) == {"precision", "recall", "f1"}
        assert 0.0 <= scores[key]["f1"] <= 1.0
    assert 0.0 <= scores["value_accuracy"] <= 1.0
    assert format_times_report(scores).startswith("times: 5 articles")
