"""Counts of things ("750 troops", "hundreds of embassy personnel"), as GDELT's GKG keeps them.

A count is a number phrase (digits or number words, with any approximator before it)
and the noun it counts, found through the dependency parse. Number words,
approximators and currencies live in ``data/amounts.yaml``.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from spacy.attrs import LOWER
from spacy.tokens import Doc, Token

from eventwire.extract.registry import register
from eventwire.schema import Amount, Article
from eventwire.settings import Settings

# Digits as news writes them: "750", "5,000", "1.2".
_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# A year, a date, a clock time or a rank is not a count of things.
_NOT_COUNTS = {"DATE", "TIME", "ORDINAL"}
_NOUNS = {"NOUN", "PROPN"}
# The counted noun stands this close after the number ("About 5,000 U.S. troops").
_MAX_GAP = 4
_PERCENT_SIGNS = {"%": "percent"}


@dataclass(frozen=True)
class _Words:
    units: dict[str, float]
    scales: dict[str, float]
    vague: dict[str, float]
    fractions: dict[str, float]
    approximators: tuple[tuple[str, ...], ...]
    currencies: dict[str, str]
    skip_alone: frozenset[str]

    @functools.cached_property
    def openers(self) -> frozenset[str]:
        """Every word a number phrase can begin with, digits aside ("half a", "a hundred")."""
        return frozenset([*self.units, *self.scales, *self.vague, *self.fractions, "a"])


@functools.cache
def _words() -> _Words:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("eventwire.extract").joinpath("data/amounts.yaml").read_text("utf-8")
    )
    approximators = sorted((tuple(a.split()) for a in raw["approximators"]), key=len, reverse=True)
    return _Words(
        units={k: float(v) for k, v in raw["units"].items()},
        scales={k: float(v) for k, v in raw["scales"].items()},
        vague={k: float(v) for k, v in raw["vague"].items()},
        fractions={k: float(v) for k, v in raw["fractions"].items()},
        approximators=tuple(approximators),
        currencies=dict(raw["currencies"]),
        skip_alone=frozenset(raw["skip_alone"]),
    )


@register("amounts")
def extract_amounts(doc: Doc, article: Article, settings: Settings) -> list[Amount]:
    """Every count of things in the article, left to right, none overlapping."""
    words = _words()
    # Lower forms from the parse's arrays: stepping over the doc builds a Token per word.
    strings = doc.vocab.strings
    lows = [strings[h] for h in doc.to_array(LOWER).tolist()]
    amounts: list[Amount] = []
    resume = 0
    for i in _openings(lows, words):
        if i < resume:
            continue
        end = _number_run(lows, i, words)
        if end == i:
            continue
        amount, after = _amount(doc, lows, i, end, words)
        if amount is not None:
            amounts.append(amount)
        resume = max(after, end)
    return amounts


def _openings(lows: list[str], words: _Words) -> list[int]:
    """The tokens a number phrase may start at; ``_number_run`` rules out every other."""
    openers = words.openers
    return [
        i
        for i, low in enumerate(lows)
        if low in openers or (low[:1].isdigit() and _DIGITS.match(low))
    ]


def _is_number_word(text: str, words: _Words) -> bool:
    return text in words.units or text in words.scales or text in words.vague


def _number_run(lows: list[str], i: int, words: _Words) -> int:
    """The end (exclusive) of the number phrase starting at token ``i``; ``i`` if none.

    ``lows`` holds the lower-case form of every token of the article.
    """
    j = i
    while j < len(lows):
        low = lows[j]
        nxt = lows[j + 1] if j + 1 < len(lows) else ""
        if _DIGITS.match(low) or _is_number_word(low, words):
            j += 1
        elif low in words.fractions and nxt == "a":
            j += 1
        elif low == "a" and nxt in words.scales and j + 1 < len(lows):
            j += 1
        elif low == "-" and j > i and _is_number_word(nxt, words):
            # "twenty-five": spaCy splits the hyphen out.
            j += 1
        elif low == "and" and j > i and lows[j - 1] in words.scales and nxt in words.units:
            # "a hundred and fifty"
            j += 1
        elif low == "of" and j > i and lows[j - 1] in words.vague and nxt in words.vague:
            # "tens of thousands"
            j += 1
        else:
            break
    # A phrase must hold a number, not only "half a" or "a".
    if not any(_DIGITS.match(low) or _is_number_word(low, words) for low in lows[i:j]):
        return i
    return j


def _value(tokens: list[Token], words: _Words) -> tuple[float, bool]:
    """The number a phrase denotes, and whether it is vague ("hundreds")."""
    total = current = 0.0
    factor = 1.0
    vague = False
    for token in tokens:
        low = token.lower_
        if _DIGITS.match(low):
            current += float(low.replace(",", ""))
        elif low in words.units:
            current += words.units[low]
        elif low in words.fractions:
            factor = words.fractions[low]
        elif low == "a":
            current = current or 1.0
        elif low in words.vague:
            current = (current or 1.0) * words.vague[low]
            vague = True
        elif low in words.scales:
            scale = words.scales[low]
            if scale >= 1000:
                total += (current or 1.0) * scale
                current = 0.0
            else:
                current = (current or 1.0) * scale
    return (total + current) * factor, vague


def _approximator_start(lows: list[str], start: int, words: _Words) -> int:
    """Where an approximator ("more than", "at least") before token ``start`` begins."""
    for phrase in words.approximators:
        first = start - len(phrase)
        if first >= 0 and tuple(lows[first:start]) == phrase:
            return first
    return start


def _counted_noun(doc: Doc, start: int, end: int) -> Token | None:
    """The noun the number phrase ``doc[start:end]`` counts, if the parse says which."""
    last = doc[end - 1]
    # "hundreds of embassy personnel": the quantity heads a prepositional phrase.
    for child in last.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in _NOUNS]
            if objects:
                return objects[0]
    head = last
    while start <= head.i < end and head.head.i != head.i:
        head = head.head
    if head.i < end or head.pos_ not in _NOUNS or head.i - end > _MAX_GAP:
        return None
    # Words between the number and the noun must belong to the noun ("U.S. troops").
    if all(head in t.ancestors for t in doc[end : head.i]):
        return head
    return None


def _amount(
    doc: Doc, lows: list[str], start: int, end: int, words: _Words
) -> tuple[Amount | None, int]:
    """The Amount for the number phrase ``doc[start:end]`` and the token to resume at."""
    run = list(doc[start:end])
    if any(t.ent_type_ in _NOT_COUNTS for t in run):
        return None, end
    if len(run) == 1 and run[0].lower_ in words.skip_alone:
        return None, end
    # "two-car convoy": a number inside a compound modifier counts nothing.
    if end < len(doc) and doc[end].text == "-":
        return None, end
    value, vague = _value(run, words)

    first = start
    obj_text: str | None = None
    last_token = doc[end - 1]
    if start > 0 and doc[start - 1].text in words.currencies:
        first = start - 1
        obj_text = words.currencies[doc[start - 1].text]
    elif end < len(doc) and doc[end].text in _PERCENT_SIGNS:
        obj_text = _PERCENT_SIGNS[doc[end].text]
        last_token = doc[end]
    else:
        noun = _counted_noun(doc, start, end)
        if noun is None:
            return None, end
        obj_text = noun.text
        last_token = noun
    first_with_approx = _approximator_start(lows, first, words)
    approximate = vague or first_with_approx < first
    span = doc[first_with_approx : last_token.i + 1]
    amount = Amount(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        value=value,
        object=obj_text,
        approximate=approximate,
    )
    return amount, last_token.i + 1
