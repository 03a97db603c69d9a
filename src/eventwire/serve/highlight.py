"""An article's text cut into segments at every item boundary, for highlighting on its page.

Items overlap freely (a quote holds actors, an event's trigger sits inside an entity),
so the text is split at every start and end offset and each segment carries the kinds
and the keys of all items covering it. The template escapes each segment's text; no
stored string is ever joined into markup here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

#: Layers in the order the page lists them; ``on`` is whether a layer shows by default.
LAYERS: tuple[tuple[str, str, bool], ...] = (
    ("event", "Event triggers", True),
    ("argument", "Event arguments", False),
    ("actor", "Actors", True),
    ("quote", "Quotes", True),
    ("cue", "Speech cues", True),
    ("speaker", "Speakers", True),
    ("place", "Places", True),
    ("time", "Times", True),
    ("entity", "Entities", False),
    ("amount", "Amounts", False),
)


@dataclass
class Mark:
    """One highlighted stretch: its layer, offsets and the item key it belongs to."""

    kind: str
    start: int
    end: int
    key: str
    extra: str = ""


@dataclass
class Segment:
    """A stretch of text between two boundaries, and what covers it."""

    text: str
    start: int
    kinds: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    #: Anchors of the items that start here (``id`` targets for the side panel's links).
    anchors: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{k}" for k in dict.fromkeys(self.kinds))


def marks(record: dict[str, Any]) -> list[Mark]:
    """Every highlightable span of a stored record, keyed as the side panel lists it."""
    out: list[Mark] = []
    for i, item in enumerate(record.get("entities") or ()):
        out.append(Mark("entity", item["start"], item["end"], f"entity-{i}"))
    for i, item in enumerate(record.get("actors") or ()):
        out.append(Mark("actor", item["start"], item["end"], f"actor-{i}"))
    for i, item in enumerate(record.get("places") or ()):
        out.append(Mark("place", item["start"], item["end"], f"place-{i}"))
    for i, item in enumerate(record.get("times") or ()):
        out.append(Mark("time", item["start"], item["end"], f"time-{i}"))
    for i, item in enumerate(record.get("amounts") or ()):
        out.append(Mark("amount", item["start"], item["end"], f"amount-{i}"))
    for i, event in enumerate(record.get("events") or ()):
        key = f"event-{i}"
        trigger = event.get("trigger") or {}
        if "start" in trigger:
            quad = event.get("quad_class")
            out.append(Mark("event", trigger["start"], trigger["end"], key, f"q{quad}"))
        for role in ("source", "target"):
            for actor in event.get(role) or ():
                out.append(Mark("argument", actor["start"], actor["end"], key, role))
    for i, quote in enumerate(record.get("quotes") or ()):
        key = f"quote-{i}"
        out.append(Mark("quote", quote["start"], quote["end"], key))
        for part in ("cue", "speaker"):
            span = quote.get(part)
            if span:
                out.append(Mark(part, span["start"], span["end"], key))
    return out


def segments(text: str, items: list[Mark]) -> list[Segment]:
    """``text`` split at every boundary of ``items`` (invalid offsets are skipped)."""
    valid = [m for m in items if _valid(m, len(text))]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    pieces: list[Segment] = []
    anchored: set[str] = set()
    for start, end in pairwise(cuts):
        segment = Segment(text[start:end], start)
        for m in valid:
            if m.start <= start and end <= m.end:
                segment.kinds.append(m.kind)
                if m.extra:
                    segment.kinds.append(f"{m.kind}-{m.extra}")
                segment.keys.append(m.key)
            if m.start == start and m.key not in anchored:
                anchored.add(m.key)
                segment.anchors.append(m.key)
        segment.keys = list(dict.fromkeys(segment.keys))
        pieces.append(segment)
    return pieces


def _valid(mark: Mark, length: int) -> bool:
    return (
        isinstance(mark.start, int)
        and isinstance(mark.end, int)
        and 0 <= mark.start < mark.end <= length
    )
