"""The event knowledge, loaded once: CAMEO codes, trigger verbs and nouns, modality words."""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

PLOVER_TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
#: A sense whose code is this reads the word as no act at all: "struck a conciliatory tone",
#: "a press release". It stops the senses after it from applying.
NOT_AN_ACT = "none"
CONDITIONS = frozenset({"particle", "object", "prep", "prep_object", "complement"})


@dataclass(frozen=True)
class Code:
    """One CAMEO code: its PLOVER type, quad class and Goldstein score."""

    cameo: str
    name: str
    goldstein: float
    plover: str
    quad_class: int


@dataclass(frozen=True)
class Sense:
    """One reading of a trigger word, with the conditions under which it applies."""

    cameo: str
    mode: str | None
    when: dict[str, Any]


@dataclass
class EventLexicon:
    codes: dict[str, Code] = field(default_factory=dict)
    verbs: dict[str, list[Sense]] = field(default_factory=dict)
    nouns: dict[str, list[Sense]] = field(default_factory=dict)
    light_verbs: frozenset[str] = frozenset()
    modality: dict[str, Any] = field(default_factory=dict)

    @functools.cached_property
    def verb_lemmas(self) -> frozenset[str]:
        """Lemmas a verb needs to be read as a trigger at all: a trigger or a light verb."""
        return frozenset(self.verbs) | self.light_verbs

    @functools.cached_property
    def noun_ends(self) -> frozenset[str]:
        """Every noun entry, and what follows each space in one ("attack" of "air attack")."""
        return frozenset(
            key[i + 1 :]
            for key in self.nouns
            for i in range(-1, len(key))
            if i < 0 or key[i] == " "
        )

    def words(self, key: str) -> frozenset[str]:
        """A modality word list as a set ("negations", "threats", ...)."""
        found = self._word_sets.get(key)
        return found if found is not None else frozenset(str(w) for w in self.modality.get(key, ()))

    @functools.cached_property
    def _word_sets(self) -> dict[str, frozenset[str]]:
        # Asked for per article: built once, as the lexicon does not change once loaded.
        return {
            key: frozenset(str(w) for w in value)
            for key, value in self.modality.items()
            if isinstance(value, list)
        }


def _data(name: str) -> str:
    return resources.files("eventwire.extract").joinpath(f"data/{name}").read_text("utf-8")


def _senses(raw: dict[str, Any], where: str) -> dict[str, list[Sense]]:
    senses: dict[str, list[Sense]] = {}
    for lemma, entries in (raw or {}).items():
        parsed = []
        for entry in entries:
            when = {k: v for k, v in (entry.get("when") or {}).items()}
            unknown = set(when) - CONDITIONS
            if unknown:
                raise ValueError(f"{where}: {lemma}: unknown conditions {sorted(unknown)}")
            for key in ("particle", "object", "prep", "prep_object"):
                if key in when:
                    when[key] = frozenset(str(w).lower() for w in when[key])
            parsed.append(Sense(str(entry["cameo"]), entry.get("mode") or None, when))
        senses[str(lemma).lower()] = parsed
    return senses


@functools.cache
def load_event_lexicon() -> EventLexicon:
    """The bundled CAMEO table, trigger lexicon and modality words."""
    lexicon = EventLexicon()
    lines = [line for line in _data("cameo.tsv").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        if not row.get("plover"):
            continue
        lexicon.codes[row["code"]] = Code(
            row["code"], row["name"], float(row["goldstein"]), row["plover"], int(row["quad_class"])
        )
    raw = yaml.safe_load(_data("verbs.yaml"))
    lexicon.verbs = _senses(raw.get("verbs"), "verbs.yaml")
    lexicon.nouns = _senses(raw.get("nouns"), "verbs.yaml")
    lexicon.light_verbs = frozenset(str(v).lower() for v in raw.get("light_verbs") or ())
    lexicon.modality = yaml.safe_load(_data("modality.yaml"))
    return lexicon
