"""Scoring temporal expressions against TimeML gold: TempEval-3's span, value and type figures.

A gold article lists its TIMEX3 expressions under ``gold.timexes`` (``start``, ``end``,
``text``, ``value``, ``type``). Spans match strictly (same offsets) or relaxed (any
overlap, one prediction to one gold expression); values and types are compared on the
relaxed matches, as TempEval-3 does.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eventwire.evaluate.gold import GoldArticle, predict, prf, read_gold
from eventwire.settings import Settings

EXTRACTORS = ("entities", "times")
# Unspecified trailing fields say nothing: TimeML corpora write 1949 as 1949-XX, the 1990s
# as 199X, week 7 as W7 or W07; compared as one value, as the TempEval-3 scorer's
# normalization does for these forms.
_TRAILING_UNKNOWN = re.compile(r"(?:-XX?)+$")
_DECADE_X = re.compile(r"^(\d{2,3})X+$")
_WEEK_ZERO = re.compile(r"-W0(\d)(?!\d)")


def canonical_value(value: str) -> str:
    """The form two TIMEX3 values are compared in: ``1949-XX`` is ``1949``, ``199X`` ``199``."""
    text = value.strip().upper()
    text = _TRAILING_UNKNOWN.sub("", text)
    text = _DECADE_X.sub(r"\1", text)
    return _WEEK_ZERO.sub(r"-W\1", text)


def score_times(gold: str | Path | list[GoldArticle], settings: Settings) -> dict[str, Any]:
    """TempEval-3 figures for eventwire's times against a gold file (or its read articles)."""
    articles = read_gold(gold) if isinstance(gold, str | Path) else gold
    pairs = []
    for item, article in predict(articles, settings, EXTRACTORS):
        found = [_as_dict(t) for t in article.times] if article else []
        pairs.append((item, found))
    return score_pairs(pairs)


def _as_dict(time: Any) -> dict[str, Any]:
    return {
        "start": time.start,
        "end": time.end,
        "text": time.text,
        "value": time.value,
        "type": time.type,
    }


def score_pairs(pairs: Iterable[tuple[GoldArticle, list[dict[str, Any]]]]) -> dict[str, Any]:
    """The figures for predictions already made: (gold article, predicted timex dicts)."""
    counts: Counter[str] = Counter()
    errors: list[dict[str, Any]] = []
    for item, found in pairs:
        expected = item.gold.get("timexes", [])
        counts["articles"] += 1
        counts["gold"] += len(expected)
        counts["predicted"] += len(found)
        exact = {(g["start"], g["end"]) for g in expected}
        counts["strict"] += sum((p["start"], p["end"]) in exact for p in found)
        matched = _match(expected, found)
        counts["relaxed"] += len(matched)
        for g, p in matched:
            value_ok = canonical_value(p["value"]) == canonical_value(str(g["value"]))
            counts["value"] += value_ok
            counts["value_exact"] += p["value"] == g["value"]
            counts["type"] += p["type"] == g["type"]
            if not value_ok or p["type"] != g["type"]:
                errors.append(_error("value" if not value_ok else "type", item, g, p))
        hit_gold = {id(g) for g, _ in matched}
        hit_found = {id(p) for _, p in matched}
        errors.extend(_error("missed", item, g, None) for g in expected if id(g) not in hit_gold)
        errors.extend(_error("spurious", item, None, p) for p in found if id(p) not in hit_found)
    gold_n, predicted_n, relaxed = counts["gold"], counts["predicted"], counts["relaxed"]

    def f(tp: int) -> dict[str, float]:
        return prf(tp, predicted_n - tp, gold_n - tp)

    return {
        "articles": counts["articles"],
        "gold": gold_n,
        "predicted": predicted_n,
        "strict_matches": counts["strict"],
        "relaxed_matches": relaxed,
        "strict": f(counts["strict"]),
        "relaxed": f(relaxed),
        "value_accuracy": round(counts["value"] / relaxed, 3) if relaxed else 0.0,
        "value_accuracy_exact": round(counts["value_exact"] / relaxed, 3) if relaxed else 0.0,
        "type_accuracy": round(counts["type"] / relaxed, 3) if relaxed else 0.0,
        "value": f(counts["value"]),
        "type": f(counts["type"]),
        "errors": errors,
    }


def _match(
    expected: list[dict[str, Any]], found: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Overlapping gold and predicted expressions, one to one, the largest overlaps first."""
    overlaps = []
    for g in expected:
        for p in found:
            shared = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if shared > 0:
                overlaps.append((-shared, g["start"], p["start"], g, p))
    overlaps.sort(key=lambda o: o[:3])
    used_gold: set[int] = set()
    used_found: set[int] = set()
    matched = []
    for _, _, _, g, p in overlaps:
        if id(g) in used_gold or id(p) in used_found:
            continue
        used_gold.add(id(g))
        used_found.add(id(p))
        matched.append((g, p))
    return matched


def _error(
    kind: str, item: GoldArticle, g: dict[str, Any] | None, p: dict[str, Any] | None
) -> dict[str, Any]:
    where = g or p or {}
    context = item.text[max(0, where["start"] - 60) : where["end"] + 40].replace("\n", " ")
    return {
        "kind": kind,
        "id": item.id,
        "published": item.published,
        "gold": {k: g[k] for k in ("text", "value", "type")} if g else None,
        "predicted": {k: p[k] for k in ("text", "value", "type")} if p else None,
        "context": context,
    }


def format_times_report(scores: dict[str, Any]) -> str:
    """The figures as a small text table, as ``eventwire eval times`` prints them."""
    lines = [
        f"times: {scores['articles']} articles, {scores['gold']} gold expressions, "
        f"{scores['predicted']} predicted",
        f"{'':16}{'precision':>10}{'recall':>8}{'f1':>7}",
    ]
    for label, key in (
        ("strict span", "strict"),
        ("relaxed span", "relaxed"),
        ("value", "value"),
        ("type", "type"),
    ):
        row = scores[key]
        lines.append(f"{label:16}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['f1']:>7.3f}")
    lines.append(
        f"on {scores['relaxed_matches']} relaxed matches: value accuracy "
        f"{scores['value_accuracy']:.3f} ({scores['value_accuracy_exact']:.3f} as exact "
        f"strings), type accuracy {scores['type_accuracy']:.3f}"
    )
    return "\n".join(lines)
