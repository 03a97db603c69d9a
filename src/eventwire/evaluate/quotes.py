"""Scoring quotes against PolNeAR attribution gold: content, source and cue spans, attributions.

A gold attribution is a content span (one or more fragments), its source and its cue.
eventwire's quotes are grouped back into attributions by their cue (a split quote's
halves share one), so both sides compare like with like. Spans are compared after
trimming whitespace, quotation marks and edge punctuation, since PolNeAR keeps the marks
and eventwire does not; "exact" means equal after that trim, "overlap" that the shared
characters are at least half of the longer span. Each predicted span matches at most one
gold span. An attribution is right when its content and its source both overlap (or
neither side has a source).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.evaluate.gold import GoldArticle, predict, prf, read_gold
from eventwire.schema import Quote
from eventwire.settings import Settings

EXTRACTORS = ("entities", "actors", "quotes")
KINDS = ("direct", "indirect", "mixed")
_QUOTE_MARKS = "\"“”‘’'`"
_TRAILING = _QUOTE_MARKS + ".,;:"

# A span as scored: the character ranges of its fragments, trimmed.
Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Attribution:
    content: Ranges
    source: Ranges | None
    cue: Ranges | None
    kind: str


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Whitespace, quotation marks and edge punctuation off a span; a span of punctuation
    only (PolNeAR's ":" cue) keeps its characters."""
    first, last = start, end
    while first < last and (text[first].isspace() or text[first] in _QUOTE_MARKS):
        first += 1
    while last > first and (text[last - 1].isspace() or text[last - 1] in _TRAILING):
        last -= 1
    if first < last:
        return first, last
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ranges(text: str, fragments: Iterable[tuple[int, int]]) -> Ranges:
    """Trimmed, sorted, merged character ranges; empty fragments dropped."""
    trimmed = sorted(_trim(text, s, e) for s, e in fragments)
    merged: list[list[int]] = []
    for start, end in trimmed:
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def _size(ranges: Ranges) -> int:
    return sum(e - s for s, e in ranges)


def _shared(a: Ranges, b: Ranges) -> int:
    total = 0
    for s1, e1 in a:
        for s2, e2 in b:
            total += max(0, min(e1, e2) - max(s1, s2))
    return total


def overlaps(a: Ranges, b: Ranges) -> bool:
    """Whether two spans share at least half of the longer one's characters."""
    longer = max(_size(a), _size(b))
    return longer > 0 and 2 * _shared(a, b) >= longer


def gold_kind(text: str, content: Ranges) -> str:
    """PolNeAR has no kinds: a content all in quotation marks is direct, partly quoted mixed."""
    first, last = content[0][0], content[-1][1]
    raw = text[max(first - 1, 0) : last + 1]
    marks = sum(raw.count(m) for m in '"“”') + raw.count("''")
    if marks == 0:
        return "indirect"
    inner = text[first:last]
    if raw[:1] in "\"“'" and not any(m in inner for m in '"“”'):
        return "direct"
    return "mixed"


def gold_attributions(article: GoldArticle) -> list[_Attribution]:
    """The scorable attributions of a gold article (those with a content span)."""
    found = []
    for raw in article.gold.get("attributions", []):
        if not raw.get("content"):
            continue
        content = _ranges(article.text, ((f["start"], f["end"]) for f in raw["content"]))
        if not content:
            continue
        source = _fragments(article.text, raw.get("source"))
        cue = _fragments(article.text, raw.get("cue"))
        found.append(_Attribution(content, source, cue, gold_kind(article.text, content)))
    return found


def _fragments(text: str, fragments: list[dict[str, Any]] | None) -> Ranges | None:
    if not fragments:
        return None
    return _ranges(text, ((f["start"], f["end"]) for f in fragments)) or None


def predicted_attributions(text: str, quotes: list[Quote]) -> list[_Attribution]:
    """eventwire's quotes grouped by cue into attributions, as PolNeAR counts them."""
    groups: dict[tuple[int, int], list[Quote]] = {}
    # A quote that continues an earlier one has no cue of its own but the same speaker
    # mention: it belongs to that attribution, as PolNeAR joins such fragments.
    by_speaker: dict[tuple[int, int], tuple[int, int]] = {}
    for quote in quotes:
        speaker = (quote.speaker.start, quote.speaker.end) if quote.speaker else None
        if quote.cue is not None:
            key = (quote.cue.start, quote.cue.end)
        elif speaker is not None and speaker in by_speaker:
            key = by_speaker[speaker]
        else:
            key = (-1, quote.start)
        groups.setdefault(key, []).append(quote)
        if speaker is not None and speaker[1] > speaker[0]:
            by_speaker.setdefault(speaker, key)
    found = []
    for members in groups.values():
        content = _ranges(text, ((q.start, q.end) for q in members))
        if not content:
            continue
        speaker = next((q.speaker for q in members if q.speaker and q.speaker.end), None)
        source = _ranges(text, [(speaker.start, speaker.end)]) if speaker else None
        cue = members[0].cue
        kinds = {q.kind for q in members}
        kind = kinds.pop() if len(kinds) == 1 else "mixed"
        found.append(
            _Attribution(
                content,
                source or None,
                _ranges(text, [(cue.start, cue.end)]) if cue else None,
                kind,
            )
        )
    return found


def _match(gold: list[Ranges], predicted: list[Ranges], exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), largest shared span first."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if (g == p) if exact else overlaps(g, p):
                pairs.append((_shared(g, p), i, j))
    pairs.sort(reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i in used_gold or j in used_predicted:
            continue
        used_gold.add(i)
        used_predicted.add(j)
        matched.append((i, j))
    return matched


class _Tally:
    """Running true-positive, false-positive and false-negative counts per figure."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}

    def add(self, name: str, gold: int, predicted: int, matched: int) -> None:
        counts = self.counts.setdefault(name, Counter())
        counts["tp"] += matched
        counts["fp"] += predicted - matched
        counts["fn"] += gold - matched

    def prf(self, name: str) -> dict[str, float]:
        c = self.counts.get(name, Counter())
        return prf(c["tp"], c["fp"], c["fn"]) | {
            "gold": c["tp"] + c["fn"],
            "predicted": c["tp"] + c["fp"],
        }


def score_article(
    text: str, gold: list[_Attribution], predicted: list[_Attribution], tally: _Tally
) -> None:
    """Add one article's counts to ``tally``."""
    gold_content = [a.content for a in gold]
    predicted_content = [a.content for a in predicted]
    for exact in (True, False):
        matched = _match(gold_content, predicted_content, exact)
        name = "content exact" if exact else "content overlap"
        tally.add(name, len(gold), len(predicted), len(matched))
        if exact:
            continue
        for kind in KINDS:
            gold_of_kind = sum(a.kind == kind for a in gold)
            predicted_of_kind = sum(a.kind == kind for a in predicted)
            hits_gold = sum(gold[i].kind == kind for i, _ in matched)
            hits_predicted = sum(predicted[j].kind == kind for _, j in matched)
            counts = tally.counts.setdefault(f"kind {kind}", Counter())
            counts["tp"] += hits_predicted
            counts["fp"] += predicted_of_kind - hits_predicted
            counts["fn"] += gold_of_kind - hits_gold
            counts["tp_gold"] += hits_gold
    for role in ("source", "cue"):
        gold_spans = sorted({getattr(a, role) for a in gold if getattr(a, role)})
        predicted_spans = sorted({getattr(a, role) for a in predicted if getattr(a, role)})
        for exact in (True, False):
            matched = _match(gold_spans, predicted_spans, exact)
            name = f"{role} {'exact' if exact else 'overlap'}"
            tally.add(name, len(gold_spans), len(predicted_spans), len(matched))
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if not overlaps(g.content, p.content):
                continue
            if g.source is None and p.source is None:
                pass
            elif g.source is None or p.source is None or not overlaps(g.source, p.source):
                continue
            pairs.append((_shared(g.content, p.content), i, j))
    pairs.sort(reverse=True)
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    for _, i, j in pairs:
        if i not in used_gold and j not in used_predicted:
            used_gold.add(i)
            used_predicted.add(j)
    tally.add("attribution", len(gold), len(predicted), len(used_gold))


def score_pairs(pairs: Iterable[tuple[GoldArticle, list[Quote] | None]]) -> dict[str, Any]:
    """Scores for gold articles and the quotes predicted for each (None: article unread)."""
    tally = _Tally()
    articles = unread = 0
    for item, quotes in pairs:
        articles += 1
        if quotes is None:
            unread += 1
            quotes = []
        gold = gold_attributions(item)
        predicted = predicted_attributions(item.text, quotes)
        score_article(item.text, gold, predicted, tally)
    by_kind = {}
    for kind in KINDS:
        c = tally.counts.get(f"kind {kind}", Counter())
        precision = prf(c["tp"], c["fp"], 0)["precision"]
        recall = prf(c["tp_gold"], 0, c["fn"])["recall"]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        by_kind[kind] = {
            "precision": precision,
            "recall": recall,
            "f1": round(f1, 3),
            "gold": c["tp_gold"] + c["fn"],
            "predicted": c["tp"] + c["fp"],
        }
    return {
        "articles": articles,
        "unread": unread,
        "content_exact": tally.prf("content exact"),
        "content_overlap": tally.prf("content overlap"),
        "source_exact": tally.prf("source exact"),
        "source_overlap": tally.prf("source overlap"),
        "cue_exact": tally.prf("cue exact"),
        "cue_overlap": tally.prf("cue overlap"),
        "attribution": tally.prf("attribution"),
        "by_kind": by_kind,
    }


def score_quotes(
    gold_path: str | Path, settings: Settings, limit: int | None = None
) -> dict[str, Any]:
    """Run eventwire on a PolNeAR gold file (its first ``limit`` articles) and score it."""

    gold = read_gold(gold_path)[:limit]
    predictions = predict(gold, settings, EXTRACTORS)
    scores = score_pairs(
        (item, article.quotes if article else None) for item, article in predictions
    )
    scores["gold_file"] = str(gold_path)
    return scores


_ROWS = (
    ("content exact", "content_exact"),
    ("content overlap", "content_overlap"),
    ("source exact", "source_exact"),
    ("source overlap", "source_overlap"),
    ("cue exact", "cue_exact"),
    ("cue overlap", "cue_overlap"),
    ("attribution", "attribution"),
)


def format_table(scores: dict[str, Any]) -> str:
    """The scores as a plain-text table, one figure a row."""
    lines = [
        f"{scores['articles']} articles ({scores['unread']} unread)",
        f"{'':<22}{'P':>7}{'R':>7}{'F1':>7}{'gold':>8}{'pred':>8}",
    ]
    rows = [(label, scores[key]) for label, key in _ROWS]
    rows += [(f"  {kind} (content)", scores["by_kind"][kind]) for kind in KINDS]
    for label, row in rows:
        lines.append(
            f"{label:<22}{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}"
            f"{row['gold']:>8}{row['predicted']:>8}"
        )
    return "\n".join(lines)
