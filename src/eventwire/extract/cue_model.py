"""A learned second opinion on cue words: how likely a word heads an attribution's cue.

The rules of ``quotes.py`` know the common cues ("said", "according to") but not the long
tail PolNeAR annotates (light verbs such as "made it clear", copular stances such as "is
confident that", nouns such as "support for"). A logistic model over the word's lemma,
its place in the parse and the quotation marks near it, trained on PolNeAR train by
``eventwire train-cues`` (``eventwire/evaluate/cue_training.py``), scores the words whose
lemma headed a cue there. The quotes extractor drops a rule's cue the model finds very
unlikely and adds the cues the rules missed that it finds likely. The weights live in
``data/cue_model.json``; the features below are the contract between training and use.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import repeat
from pathlib import Path
from typing import Any

from spacy.strings import hash_string
from spacy.symbols import IDS
from spacy.tokens import Token

#: parts of speech a cue's head word has in PolNeAR (verbs, "be", nouns, stance adjectives,
#: "according to")
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADJ", "ADP", "PROPN"})
# Dependents that tell a report from an action: who speaks, and what is said.
_COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "acomp", "attr"})
_FRAME_DEPS = ("nsubj", "ccomp", "dobj", "xcomp", "prep", "nsubjpass", "acomp", "attr")
_CORE_DEPS = ("nsubj", "ccomp", "dobj", "xcomp", "nsubjpass")
# How far (in tokens) a quotation mark counts as near the word.
_QUOTE_WINDOW = 12


def features(token: Token, quoted: Sequence[int]) -> list[str]:
    """The named features of ``token``; ``quoted[i]`` is >= 0 for words inside quotation marks."""
    # Asked of some 25 words an article: each attribute is read once, neighbours through
    # ``nbor`` and the quotation window as one slice.
    i = token.i
    lemma = token.lemma_.lower()
    pos = token.pos_
    dep = token.dep_
    head = token.head
    head_pos = head.pos_
    head_lemma = head.lemma_.lower()
    inside = quoted[i] >= 0
    near = max(quoted[max(i - _QUOTE_WINDOW, 0) : i + _QUOTE_WINDOW + 1]) >= 0
    found = [
        f"l={lemma}",
        f"p={pos}",
        f"d={dep}",
        f"ld={lemma}|{dep}",
        f"lp={lemma}|{pos}",
        f"tag={token.tag_}",
        f"hp={head_pos}",
        f"dhp={dep}|{head_pos}",
        f"hl={head_lemma}",
        f"lhl={lemma}|{head_lemma}",
        f"inq={inside}",
        f"near={near}",
        f"linq={lemma}|{inside}",
        f"lnear={lemma}|{near}",
    ]
    if i + 1 < len(quoted):
        after = token.nbor(1)
        word = after.lower_
        found += [f"n={word}", f"ln={lemma}|{word}", f"np={after.pos_}"]
    if i > 0:
        before = token.nbor(-1)
        word = before.lower_
        found += [f"pv={word}", f"lpv={lemma}|{word}", f"pvp={before.pos_}"]
    deps = set()
    for child in token.children:
        child_dep = child.dep_
        deps.add(child_dep)
        if child_dep == "nsubj" or child_dep == "nsubjpass":
            child_pos = child.pos_
            kind = child.ent_type_ or ("PRON" if child_pos == "PRON" else child_pos)
            found += [f"subj={kind}", f"lsubj={lemma}|{kind}"]
        elif child_dep == "prep":
            word = child.lower_
            found += [f"prep={word}", f"lprep={lemma}|{word}"]
        elif child_dep == "prt":
            found.append(f"lprt={lemma}|{child.lower_}")
        if child_dep in _COMPLEMENT_DEPS:
            found.append(f"lc={lemma}|{child_dep}|{child.pos_}")
    ordered = sorted(deps)
    found += [f"c={d}" for d in ordered]
    found += [f"lc2={lemma}|{d}" for d in ordered]
    found.append("cset=" + ",".join(d for d in _FRAME_DEPS if d in deps))
    found.append(f"l|cset={lemma}|" + ",".join(d for d in _CORE_DEPS if d in deps))
    return found


@dataclass(frozen=True)
class CueModel:
    """Feature weights of a logistic model, and the thresholds the quotes extractor uses."""

    weights: dict[str, float]
    bias: float
    #: the lemmas the model scores; it has no opinion of other words
    lemmas: frozenset[str]
    #: above this, a word the rules missed is taken as a cue
    add: float
    #: below this, a rule's cue is dropped
    drop: float

    def scores(self, token: Token) -> bool:
        """Whether the model has an opinion of ``token`` at all."""
        # Compared as spaCy's hashes: asked of every word, reading strings costs a
        # millisecond an article. Lemmas are lower case but for the odd capitalized
        # headline verb ("Says").
        return self.scores_ids(token.pos, token.lemma)

    def scores_ids(self, pos: int, lemma: int) -> bool:
        """``scores`` for a word's part of speech and lemma as spaCy's ids."""
        return pos in self._pos_ids and lemma in self._lemma_ids

    @functools.cached_property
    def _pos_ids(self) -> frozenset[int]:
        return frozenset(IDS[pos] for pos in CANDIDATE_POS)

    @functools.cached_property
    def _lemma_ids(self) -> frozenset[int]:
        forms = self.lemmas | {lemma.capitalize() for lemma in self.lemmas}
        return frozenset(hash_string(form) for form in forms)

    def probability(self, token: Token, quoted: Sequence[int]) -> float:
        """How likely ``token`` heads a cue."""
        found = features(token, quoted)
        z = self.bias + sum(map(self.weights.get, found, repeat(0.0, len(found))))
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "bias": self.bias,
            "add": self.add,
            "drop": self.drop,
            "lemmas": sorted(self.lemmas),
            "weights": dict(sorted(self.weights.items())),
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any], origin: str) -> CueModel:
        try:
            return cls(
                weights={str(k): float(v) for k, v in raw["weights"].items()},
                bias=float(raw["bias"]),
                lemmas=frozenset(str(x) for x in raw["lemmas"]),
                add=float(raw["add"]),
                drop=float(raw["drop"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"{origin}: not a cue model ({error!r})") from error


def load_cue_model(path: Path) -> CueModel:
    """A cue model written by ``eventwire train-cues``."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: cannot read the cue model ({error})") from error
    return CueModel.from_json(raw, str(path))


@functools.cache
def cue_model() -> CueModel:
    """The bundled model, read once."""
    path = resources.files("eventwire.extract").joinpath("data/cue_model.json")
    return load_cue_model(Path(str(path)))
