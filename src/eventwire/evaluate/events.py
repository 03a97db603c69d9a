"""Scoring events against PLOVER gold: recall, type and quad-class accuracy, actor countries.

A gold record is one sentence with one hand-coded event. The sentence's predicted
event is ``main_event`` of what eventwire emits for it (an event that happened,
verbal trigger, most confident), so a sentence gets exactly one answer.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from eventwire.evaluate.gold import GoldArticle, predict, prf
from eventwire.extract.events import main_event
from eventwire.settings import Settings

EXTRACTORS = ("entities", "actors", "times", "places", "events")
# Codes of older KEDS/CAMEO dictionaries that the gold still uses, as ISO 3166 alpha-3.
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA"}


def _codes(actors: list[dict[str, Any]] | list[Any]) -> set[str]:
    codes = set()
    for actor in actors:
        code = actor.get("code") if isinstance(actor, dict) else actor.country
        if code:
            codes.add(LEGACY_CODES.get(code, code))
    return codes


def score_events(gold: list[GoldArticle], settings: Settings) -> dict[str, Any]:
    """The figures the events issue names, with a confusion table and per-sentence rows."""
    found = type_right = quad_right = 0
    counts = {"source": Counter(), "target": Counter()}
    confusion: Counter[tuple[str, str]] = Counter()
    rows = []
    scored = [g for g in gold if g.text.strip()]
    for item, article in predict(scored, settings, EXTRACTORS):
        expected = item.gold
        event = main_event(article.events) if article else None
        predicted_type = event.type if event else "(none)"
        confusion[(expected["type"], predicted_type)] += 1
        if event is not None:
            found += 1
            type_right += event.type == expected["type"]
            quad_right += event.quad_class == expected["quad_class"]
        for role in ("source", "target"):
            want = _codes(expected[role])
            got = _codes(getattr(event, role)) if event else set()
            counts[role]["tp"] += len(want & got)
            counts[role]["fp"] += len(got - want)
            counts[role]["fn"] += len(want - got)
        rows.append(
            {
                "id": item.id,
                "gold": expected["type"],
                "predicted": predicted_type,
                "trigger": event.trigger.text if event else None,
                "source": sorted(_codes(event.source)) if event else [],
                "target": sorted(_codes(event.target)) if event else [],
                "gold_source": sorted(_codes(expected["source"])),
                "gold_target": sorted(_codes(expected["target"])),
            }
        )
    n = len(scored)
    return {
        "sentences": n,
        "skipped_empty": len(gold) - n,
        "event_recall": round(found / n, 3) if n else 0.0,
        "type_accuracy": round(type_right / found, 3) if found else 0.0,
        "type_accuracy_all": round(type_right / n, 3) if n else 0.0,
        "quad_class_accuracy": round(quad_right / found, 3) if found else 0.0,
        "source_country": prf(
            counts["source"]["tp"], counts["source"]["fp"], counts["source"]["fn"]
        ),
        "target_country": prf(
            counts["target"]["tp"], counts["target"]["fp"], counts["target"]["fn"]
        ),
        "confusion": [
            {"gold": g, "predicted": p, "count": c} for (g, p), c in sorted(confusion.items())
        ],
        "rows": rows,
    }
