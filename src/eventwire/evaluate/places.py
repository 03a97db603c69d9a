"""Scoring places against GeoWebNews-style gold: toponym spans, then distance to the gold point.

Only toponyms that name a location count (``SCORED_TYPES``); metonyms, demonyms and
toponyms inside other names are actors, and a predicted place on one of them is a false
positive. Spans match when they overlap, one prediction per gold toponym. For found
toponyms that have a gold point and a predicted one, the error is the great-circle
distance; accuracy@161km is the share within 161 km (100 miles), the field's standard.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwire.evaluate.gold import GoldArticle, predict, prf, read_gold
from eventwire.schema import Article
from eventwire.settings import Settings

EXTRACTORS = ("entities", "actors", "places")
SCORED_TYPES = frozenset({"Literal", "Literal_Modifier", "Mixed", "Embedded_Literal", "Coercion"})
ACCURACY_KM = 161.0
EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _overlaps(a: dict[str, Any], start: int, end: int) -> bool:
    return a["start"] < end and start < a["end"]


def score_places(gold_path: str | Path, settings: Settings) -> dict[str, Any]:
    """Span precision/recall/F1, recall of gold points, accuracy@161km and error in km."""
    gold = read_gold(gold_path)
    return score_predictions(predict(gold, settings, EXTRACTORS), len(gold))


def score_predictions(
    pairs: Iterable[tuple[GoldArticle, Article | None]], articles: int
) -> dict[str, Any]:
    """The figures of ``score_places`` for gold articles already paired with predictions."""
    tp = fp = fn = 0
    with_point = found_with_point = resolved = within = 0
    errors: list[float] = []
    false_positive_types: Counter[str] = Counter()
    by_feature: dict[str, list[float]] = {}
    misses: list[dict[str, Any]] = []
    false_positives: list[dict[str, Any]] = []
    unresolved: list[dict[str, Any]] = []
    far: list[dict[str, Any]] = []
    for item, article in pairs:
        toponyms = item.gold.get("toponyms", [])
        scored = [t for t in toponyms if t.get("type") in SCORED_TYPES]
        places = list(article.places) if article else []
        used = [False] * len(places)
        for toponym in scored:
            has_point = toponym.get("lat") is not None and toponym.get("lon") is not None
            with_point += has_point
            match = next(
                (
                    i
                    for i, p in enumerate(places)
                    if not used[i] and _overlaps(toponym, p.start, p.end)
                ),
                None,
            )
            if match is None:
                fn += 1
                misses.append({"id": item.id, "text": toponym["text"], "type": toponym["type"]})
                continue
            used[match] = True
            tp += 1
            place = places[match]
            if not has_point:
                continue
            found_with_point += 1
            if place.lat is None or place.lon is None:
                unresolved.append({"id": item.id, "text": toponym["text"], "type": toponym["type"]})
                continue
            resolved += 1
            km = haversine_km(toponym["lat"], toponym["lon"], place.lat, place.lon)
            errors.append(km)
            by_feature.setdefault(place.feature, []).append(km)
            within += km <= ACCURACY_KM
            if km > ACCURACY_KM:
                far.append(
                    {
                        "id": item.id,
                        "text": toponym["text"],
                        "predicted": place.name,
                        "country": place.country,
                        "feature": place.feature,
                        "km": round(km),
                    }
                )
        for i, place in enumerate(places):
            if used[i]:
                continue
            fp += 1
            other = next((t for t in toponyms if _overlaps(t, place.start, place.end)), None)
            kind = other["type"] if other else "(not a gold toponym)"
            false_positive_types[kind] += 1
            false_positives.append({"id": item.id, "text": place.text, "gold_type": kind})
    return {
        "articles": articles,
        "gold_toponyms": tp + fn,
        "spans": prf(tp, fp, fn),
        "gold_with_point": with_point,
        "recall_with_point": round(found_with_point / with_point, 3) if with_point else 0.0,
        "found_with_point": found_with_point,
        "resolved": resolved,
        "resolved_share": round(resolved / found_with_point, 3) if found_with_point else 0.0,
        "accuracy_161km": round(within / resolved, 3) if resolved else 0.0,
        "accuracy_161km_of_found": round(within / found_with_point, 3) if found_with_point else 0.0,
        "mean_error_km": round(statistics.fmean(errors), 1) if errors else None,
        "median_error_km": round(statistics.median(errors), 1) if errors else None,
        "accuracy_by_feature": {
            feature: {
                "resolved": len(kms),
                "accuracy_161km": round(sum(k <= ACCURACY_KM for k in kms) / len(kms), 3),
            }
            for feature, kms in sorted(by_feature.items())
        },
        "false_positives_by_gold_type": dict(false_positive_types.most_common()),
        "misses": misses,
        "unresolved": unresolved,
        "false_positives": false_positives,
        "far": sorted(far, key=lambda r: -r["km"]),
    }


def format_places(result: dict[str, Any]) -> str:
    """The headline figures of ``score_places`` as a plain-text table."""
    spans = result["spans"]
    rows = [
        ("articles", result["articles"]),
        ("gold toponyms (scored types)", result["gold_toponyms"]),
        ("span precision", spans["precision"]),
        ("span recall", spans["recall"]),
        ("span F1", spans["f1"]),
        ("gold toponyms with a point", result["gold_with_point"]),
        ("recall of those", result["recall_with_point"]),
        ("found and resolved to a point", result["resolved"]),
        ("share of found resolved", result["resolved_share"]),
        ("accuracy@161km (resolved)", result["accuracy_161km"]),
        ("accuracy@161km (all found)", result["accuracy_161km_of_found"]),
        ("mean error km", result["mean_error_km"]),
        ("median error km", result["median_error_km"]),
    ]
    for feature, figures in result["accuracy_by_feature"].items():
        rows.append(
            (
                f"  {feature}: accuracy@161km",
                f"{figures['accuracy_161km']} of {figures['resolved']}",
            )
        )
    for kind, count in result["false_positives_by_gold_type"].items():
        rows.append((f"  false positives on {kind}", count))
    width = max(len(label) for label, _ in rows)
    return "\n".join(f"{label:<{width}}  {value}" for label, value in rows)
