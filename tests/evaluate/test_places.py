"""Scoring places: span matching, distance to the gold point, the text table."""

from __future__ import annotations

import json

import pytest

import eventwire.extract.places  # noqa: F401  (registers the extractor)
from eventwire.evaluate.places import format_places, haversine_km, score_places
from eventwire.settings import Settings


def _toponym(text: str, name: str, kind: str, point: tuple[float, float] | None = None) -> dict:
    start = text.index(name)
    toponym = {"start": start, "end": start + len(name), "text": name, "type": kind}
    if point:
        toponym["lat"], toponym["lon"] = point
    return toponym


def _gold_file(tmp_path, articles: list[tuple[str, list[dict]]]):
    path = tmp_path / "gold.jsonl"
    lines = [
        json.dumps(
            {
                "id": f"a{i}",
                "text": text,
                "published": None,
                "source": "test",
                "gold": {"toponyms": toponyms},
            }
        )
        for i, (text, toponyms) in enumerate(articles)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((0.0, 0.0), (0.0, 1.0), 111.2),
        ((33.34, 44.40), (35.47, 44.39), 236.9),
        ((51.5, -0.13), (51.5, -0.13), 0.0),
    ],
)
def test_haversine(a, b, km):
    assert haversine_km(*a, *b) == pytest.approx(km, abs=0.5)


def test_scores_spans_and_distances(nlp, tmp_path):
    first = "Rockets hit Kirkuk on Monday. Later, Washington said it would respond."
    second = "The festival opens in Paris next week."
    path = _gold_file(
        tmp_path,
        [
            (
                first,
                [
                    _toponym(first, "Kirkuk", "Literal", (35.47, 44.39)),
                    # A metonym is not scored: predicting it would be a false positive.
                    _toponym(first, "Washington", "Metonymic", (38.9, -77.04)),
                ],
            ),
            # The gold point is Paris, Texas: found, but resolved 7,900 km away.
            (second, [_toponym(second, "Paris", "Literal", (33.66, -95.56))]),
        ],
    )
    result = score_places(path, Settings())
    assert result["gold_toponyms"] == 2
    assert result["spans"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert result["recall_with_point"] == 1.0
    assert result["resolved"] == 2
    assert result["accuracy_161km"] == 0.5
    assert result["median_error_km"] > 3000
    assert result["far"][0]["text"] == "Paris"
    table = format_places(result)
    assert "accuracy@161km (resolved)" in table and "0.5" in table


def test_a_missed_toponym_counts_against_recall(nlp, tmp_path):
    text = "Rain fell on the village all week."
    path = _gold_file(tmp_path, [(text, [_toponym(text, "village", "Literal", (1.0, 1.0))])])
    result = score_places(path, Settings())
    assert result["spans"]["recall"] == 0.0
    assert result["misses"] == [{"id": "a0", "text": "village", "type": "Literal"}]
    assert result["mean_error_km"] is None
