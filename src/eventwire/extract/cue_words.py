"""Cue words: what signals reported speech, read once from ``data/cues.yaml``.

The quotes extractor asks this module which verbs, nouns and adjectives report speech or
stance and what complement each reports (a clause, an object, an infinitive); the speaker
words (anonymity, institutions, honorifics) travel with them to ``speakers.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.strings import hash_string

from eventwire.extract.actor_lexicon import load_lexicon
from eventwire.extract.speakers import SpeakerWords

CLAUSE, OBJECT, INFINITIVE = "clause", "object", "infinitive"
_COMPLEMENTS = frozenset({CLAUSE, OBJECT, INFINITIVE})


@dataclass(frozen=True)
class CueWords:
    """The cue knowledge of ``data/cues.yaml``, loaded once."""

    verbs: dict[str, tuple[str, ...]]
    #: verbs that are cues only when someone (a person or a body) is their subject
    stance_verbs: frozenset[str]
    nouns: frozenset[str]
    not_cues: frozenset[str]
    lemma_fixes: dict[str, str]
    quotation_verbs: frozenset[str]
    source_phrases: tuple[tuple[str, ...], ...]
    speakers: SpeakerWords
    #: verbs whose subject and complement together are the content ("X seems to ...")
    raising: frozenset[str] = frozenset()
    #: verbs whose passive subject is the one addressed ("he was asked whether ...")
    addressee_verbs: frozenset[str] = frozenset()
    #: nouns with the preposition (or "that") whose complement they report, possessor or not
    noun_cues: frozenset[str] = frozenset()
    #: adjectives with the preposition, "that" or "to" whose complement they report
    adjective_cues: frozenset[str] = frozenset()
    #: polls and documents that report what a clause opened by "in" them says
    documents: frozenset[str] = frozenset()
    #: verbs whose object then speaks for their subject: "issued a statement saying"
    issuing_verbs: frozenset[str] = frozenset()
    #: what a line may open with before a colon that names no speaker ("The Latest:")
    heading_labels: frozenset[str] = frozenset()

    @functools.cached_property
    def noun_heads(self) -> frozenset[str]:
        """Every noun some noun entry starts with: nouns that may be a cue at all."""
        return self.nouns | {key.split()[0] for key in self.noun_cues}

    @functools.cached_property
    def phrase_starts(self) -> frozenset[int]:
        """The first words of the source phrases ("according"), as spaCy's LOWER hashes."""
        return frozenset(hash_string(phrase[0]) for phrase in self.source_phrases)

    def frames(self, lemma: str) -> bool:
        """Whether a verb can attribute a quotation it stands beside."""
        return self.verbs.get(lemma, ("",))[0] == CLAUSE or lemma in self.quotation_verbs


@functools.cache
def cue_words() -> CueWords:
    """The cue words, read from the packaged ``data/cues.yaml``, and the actor titles."""
    path = resources.files("eventwire.extract").joinpath("data/cues.yaml")
    raw: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    actors = load_lexicon(None)
    titles = {w.lower() for title in actors.titles for w in title.split()}
    return parse_cue_words(raw, str(path), frozenset(titles | actors.person_roles))


def parse_cue_words(
    raw: dict[str, Any], origin: str, title_words: frozenset[str] = frozenset()
) -> CueWords:
    """Build the cue words from the cues.yaml structure; ``origin`` names it in errors."""
    verbs: dict[str, tuple[str, ...]] = {}
    stance = raw.get("stance_verbs") or {}
    for lemma, complements in [*raw["verbs"].items(), *stance.items()]:
        unknown = set(complements) - _COMPLEMENTS
        if unknown:
            raise ValueError(f"{origin}: verb {lemma!r}: unknown complements {sorted(unknown)}")
        verbs[str(lemma).lower()] = tuple(complements)
    anonymity = raw["anonymity"]
    return CueWords(
        verbs=verbs,
        stance_verbs=frozenset(str(w).lower() for w in stance),
        nouns=frozenset(str(w).lower() for w in raw["nouns"]),
        not_cues=frozenset(str(w).lower() for w in raw["not_cues"]),
        lemma_fixes={str(k).lower(): str(v).lower() for k, v in raw["lemma_fixes"].items()},
        quotation_verbs=frozenset(w.lower() for w in raw["quotation_verbs"]),
        source_phrases=tuple(tuple(p.lower().split()) for p in raw["source_phrases"]),
        speakers=SpeakerWords(
            official_nouns=frozenset(anonymity["official_nouns"]),
            non_official_nouns=frozenset(anonymity["non_official_nouns"]),
            anonymity_phrases=tuple(anonymity["phrases"]),
            institution_nouns=frozenset(raw["institution_nouns"]),
            honorifics=frozenset(raw["honorifics"]),
            title_abbreviations={str(k): str(v) for k, v in raw["title_abbreviations"].items()},
            title_words=title_words | frozenset(raw["honorifics"]),
        ),
        raising=frozenset(str(w).lower() for w in raw.get("raising_verbs") or ()),
        addressee_verbs=frozenset(str(w).lower() for w in raw.get("addressee_verbs") or ()),
        heading_labels=frozenset(str(w).lower() for w in raw.get("heading_labels") or ()),
        noun_cues=frozenset(" ".join(str(w).lower().split()) for w in raw.get("noun_cues") or ()),
        adjective_cues=frozenset(
            " ".join(str(w).lower().split()) for w in raw.get("adjective_cues") or ()
        ),
        documents=frozenset(str(w).lower() for w in raw.get("documents") or ()),
        issuing_verbs=frozenset(str(w).lower() for w in raw.get("issuing_verbs") or ()),
    )
