"""Speakers: who a quote's source mention is, named, anonymous or an institution.

A source mention ("he", "Esper", "the general", "a senior U.S. official familiar with
the matter", "the Pentagon") resolves to a name through the article's people: every
PERSON entity and person actor, their surnames, titles ("Defense Secretary Mark Esper")
and appositions ("Ahmed al-Assadi, the chief spokesman of ..."). Pronouns go to the
last person quoted nearby, else the last person named before them. ``source_profile``
sums up whom an article quotes.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from eventwire.schema import Actor, Quote, Speaker

NAMED = "named"
ANONYMOUS_OFFICIAL = "anonymous official"
ANONYMOUS_NON_OFFICIAL = "anonymous non-official"
INSTITUTION = "institution"
SPEAKER_KINDS = (NAMED, ANONYMOUS_OFFICIAL, ANONYMOUS_NON_OFFICIAL, INSTITUTION)
UNATTRIBUTED = "unattributed"

_PERSONAL = {"he", "she", "him", "her"}
_PLURAL = {"they", "we", "them", "us"}
_RELATIVE = {"who", "which", "that", "whom"}
# A pronoun refers to a speaker quoted this close before it (characters; about two
# paragraphs of news), else to the last person named in its own or the previous paragraph.
_SPEAKER_WINDOW = 1200
# Modifiers that make up a title before a name ("Defense Secretary", "former Florida governor").
_TITLE_DEPS = {"compound", "amod", "nmod", "poss", "case", "prep", "pobj", "npadvmod", "cc"}
# Parts of a source mention that describe it no further (its name or description ends there).
_CLAUSE_DEPS = {"relcl", "appos", "advcl", "punct", "cc", "conj", "parataxis"}
_ORG_LABELS = {"ORG", "GPE", "NORP", "FAC"}
_NEWLINE = re.compile(r"\n")
# Actor evidence that names a person, as extract/actors.py writes it.
_NAMED_EVIDENCE = ("dictionary", "named entity PERSON", "coreference")


@dataclass(frozen=True)
class SpeakerWords:
    """The words that classify a source (from ``data/cues.yaml``, section ``anonymity`` on)."""

    official_nouns: frozenset[str]
    non_official_nouns: frozenset[str]
    anonymity_phrases: tuple[str, ...]
    institution_nouns: frozenset[str]
    honorifics: frozenset[str]
    title_abbreviations: dict[str, str]
    #: lower-case words of titles ("governor", "gen.") that spaCy may put inside a PERSON
    title_words: frozenset[str]


@dataclass
class _Person:
    name: str
    title: str | None = None
    affiliation: str | None = None
    actor: Actor | None = None
    #: character offsets where the person is mentioned, in order
    mentions: list[int] = field(default_factory=list)


@dataclass
class _Said:
    """A speaker already resolved, for pronouns that refer back to it."""

    position: int
    speaker: Speaker
    plural: bool


class SpeakerResolver:
    """Resolves the source mentions of one article, in text order."""

    def __init__(
        self, doc: Doc, actors: list[Actor], lexicon: SpeakerWords, text: str | None = None
    ) -> None:
        """``text`` is the doc's, if the caller has it: ``Doc.text`` joins every token anew."""
        self.doc = doc
        self.actors = actors
        self.lexicon = lexicon
        self.actor_at: dict[int, Actor] = {}
        for actor in actors:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                self.actor_at.setdefault(token.i, actor)
        self.people: dict[str, _Person] = {}
        self.surnames: dict[str, list[str]] = {}
        self.person_at: dict[int, str] = {}
        self.mentions: list[tuple[int, str]] = []  # (char offset, full name), in order
        self.text = doc.text if text is None else text
        self.paragraphs = [0] + [m.end() for m in _NEWLINE.finditer(self.text)]
        self.said: list[_Said] = []
        self._collect_people()

    # -- the article's people -----------------------------------------------------------

    def _collect_people(self) -> None:
        # (span, the full name the actor layer resolved it to, if it did)
        found: list[tuple[Span, str | None]] = []
        covered: set[int] = set()
        for ent in self.doc.ents:
            if ent.label_ == "PERSON":
                actor = self.actor_at.get(ent.root.i)
                alias = (
                    actor.name
                    if actor is not None
                    and actor.evidence.startswith("dictionary")
                    and len(actor.name.split()) > 1
                    else None
                )
                found.append((ent, alias))
                covered.update(range(ent.start, ent.end))
        for actor in self.actors:
            if actor.kind != "person" or not actor.evidence.startswith(_NAMED_EVIDENCE):
                continue
            span = self.doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is None or any(i in covered for i in range(span.start, span.end)):
                continue
            named = actor.evidence.startswith(("dictionary", "coreference"))
            found.append((span, actor.name if named else None))
            covered.update(range(span.start, span.end))
        found = sorted(((self._without_title(s), n) for s, n in found), key=lambda f: f[0].start)
        # Full names first, so a surname seen before its full name still resolves.
        for span, alias in found:
            name = alias or self._clean_name(span)
            if len(name.split()) > 1:
                self._register(name)
        for span, alias in found:
            name = alias or self._resolve_name(self._clean_name(span), span.start_char)
            if name:
                self._mention(span, name)

    def _mention(self, span: Span, name: str) -> _Person:
        """Record that ``span`` names the person ``name``, with the title it gives."""
        person = self._register(name)
        person.mentions.append(span.start_char)
        bisect.insort(self.mentions, (span.start_char, name))
        for token in span:
            self.person_at[token.i] = name
        actor = self.actor_at.get(span.root.i)
        if person.actor is None and actor is not None and actor.kind == "person":
            person.actor = actor
        title, affiliation = self._title(span)
        person.title = person.title or title
        person.affiliation = person.affiliation or affiliation
        return person

    def _without_title(self, span: Span) -> Span:
        """The name in a PERSON span that spaCy opened with a title ("Governor Ana Ruiz")."""
        start = span.start
        words = self.lexicon.title_words
        while start < span.end - 1 and (
            self.doc[start].lower_ in words or self.doc[start].is_punct
        ):
            start += 1
        return self.doc[start : span.end]

    def _register(self, name: str) -> _Person:
        person = self.people.get(name)
        if person is None:
            person = self.people[name] = _Person(name)
            parts = name.split()
            if len(parts) > 1:
                self.surnames.setdefault(parts[-1], []).append(name)
        return person

    def _clean_name(self, span: Span) -> str:
        tokens = list(span)
        while tokens and (tokens[0].lower_ in self.lexicon.honorifics or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and (tokens[-1].tag_ == "POS" or tokens[-1].is_punct):
            tokens = tokens[:-1]
        if not tokens:
            return ""
        return " ".join(self.text[tokens[0].idx : tokens[-1].idx + len(tokens[-1])].split())

    def _resolve_name(self, name: str, position: int) -> str:
        """The full name a surname (or a full name) stands for in this article."""
        if not name or name in self.people:
            return name
        last = name.split()[-1]
        candidates = self.surnames.get(last)
        if not candidates:
            return name
        return candidates[0] if len(candidates) == 1 else self._latest(candidates, position)

    def _latest(self, names: list[str], position: int) -> str:
        best, best_at = names[0], -1
        for start, name in self.mentions:
            if start >= position:
                break
            if name in names and start > best_at:
                best, best_at = name, start
        return best

    def _title(self, span: Span) -> tuple[str | None, str | None]:
        """The title before a name or in apposition to it, and the body it names."""
        root = span.root
        for child in root.children:
            if child.dep_ == "appos" and child.i > span.end - 1:
                tokens = self._description(child, skip_leading=True)
                if tokens and any(t.pos_ == "NOUN" for t in tokens):
                    return _join(tokens), self._body(tokens)
        before = [
            t
            for t in root.lefts
            if t.i < span.start and t.dep_ in _TITLE_DEPS and t.lower_ not in ("the", "a")
        ]
        if not before:
            return None, None
        first = min(t.left_edge.i for t in before)
        tokens = [t for t in self.doc[first : span.start] if t.dep_ != "det" and not t.is_punct]
        possessive = [i for i, t in enumerate(tokens) if t.tag_ == "POS"]
        affiliation = None
        if possessive:
            cut = possessive[-1]
            affiliation = _join(tokens[:cut]) or None
            tokens = tokens[cut + 1 :]
        tokens = [t for t in tokens if t.lower_ not in self.lexicon.honorifics]
        if not tokens:
            return None, affiliation
        return _join(tokens), affiliation

    def _body(self, tokens: list[Token]) -> str | None:
        """The organization named inside a title or description, if any."""
        for token in tokens:
            if token.ent_type_ in ("ORG", "FAC"):
                ent = next((e for e in self.doc.ents if e.start <= token.i < e.end), None)
                if ent is not None:
                    return _strip_det(ent)
            actor = self.actor_at.get(token.i)
            if actor is not None and actor.kind == "organization":
                return actor.name
        return None

    def _description(self, head: Token, skip_leading: bool = False) -> list[Token]:
        """The words of the noun phrase ``head`` heads, without clauses or appositions."""
        tokens: list[Token] = []
        stack = [head]
        while stack:
            token = stack.pop()
            tokens.append(token)
            stack.extend(
                c
                for c in token.children
                if c.dep_ not in _CLAUSE_DEPS
                # "A senior official, speaking on condition of anonymity, said"
                and not (c.dep_ == "acl" and self.doc[c.left_edge.i - 1].is_punct)
            )
        tokens.sort(key=lambda t: t.i)
        if skip_leading:
            while tokens and tokens[0].dep_ in ("det", "advmod", "punct"):
                tokens = tokens[1:]
        return tokens

    # -- one source mention -----------------------------------------------------------

    def resolve(self, head: Token, mention: Span, sentence_text: str = "") -> Speaker:
        """The Speaker for the source mention ``mention`` whose head word is ``head``."""
        speaker = self._speaker(head, mention, sentence_text)
        plural = head.tag_ in ("NNS", "NNPS") or head.lower_ in _PLURAL
        self.said.append(_Said(mention.start_char, speaker, plural))
        return speaker

    def _speaker(self, head: Token, mention: Span, sentence_text: str) -> Speaker:
        low = head.lower_
        if head.pos_ == "PRON" and low in _RELATIVE and head.head.dep_ == "relcl":
            antecedent = head.head.head
            base = self._speaker(antecedent, self.doc[antecedent.i : antecedent.i + 1], "")
            return _at(base, mention)
        if head.pos_ == "PRON":
            return _at(self._pronoun(head), mention)
        person = self._person_in(head)
        if person is not None:
            info = self.people.get(person) or _Person(person)
            actor = self._actor_in(head) or info.actor
            return Speaker(
                mention.text,
                mention.start_char,
                mention.end_char,
                person,
                info.title,
                info.affiliation,
                actor,
                False,
                NAMED,
            )
        return self._unnamed(head, mention, sentence_text)

    def _person_in(self, head: Token) -> str | None:
        if head.i in self.person_at:
            return self.person_at[head.i]
        for child in head.children:
            if child.dep_ in ("compound", "flat") and child.i in self.person_at:
                return self.person_at[child.i]
        if head.pos_ == "PROPN" and head.text in self.surnames:
            return self._resolve_name(head.text, head.idx)
        actor = self.actor_at.get(head.i)
        if (
            actor is not None
            and actor.kind == "person"
            and actor.evidence.startswith("coreference")
        ):
            return actor.name
        for child in head.children:
            # "The mayor, Lena Ortiz, said"
            if child.dep_ == "appos" and child.i in self.person_at:
                return self.person_at[child.i]
        if head.pos_ == "NOUN" and _definite(head):
            # "the general", "the senator": the last person given that title.
            return self._titled(head.lower_, head.idx)
        if (
            head.pos_ == "PROPN"
            and head.ent_type_ in ("", "PERSON")
            and head.i not in self.actor_at
        ):
            return self._unlabelled_name(head)
        return None

    def _unlabelled_name(self, head: Token) -> str | None:
        """A capitalized name spaCy left unlabelled ("Governor Ana Ruiz"), as a person."""
        first = head.i
        while (
            first > 0
            and self.doc[first - 1].dep_ == "compound"
            and (self.doc[first - 1].head.i == head.i and self.doc[first - 1].is_title)
        ):
            first -= 1
        span = self._without_title(self.doc[first : head.i + 1])
        if len(span) < 2 or not all(t.is_title for t in span):
            return None
        return self._mention(span, self._clean_name(span)).name

    def _titled(self, noun: str, position: int) -> str | None:
        best: str | None = None
        for start, name in self.mentions:
            if start >= position:
                break
            title = self.people[name].title
            if not title:
                continue
            words = title.lower().split()
            abbreviations = self.lexicon.title_abbreviations
            if noun in words or noun in (abbreviations.get(w) for w in words):
                best = name
        return best

    def _actor_in(self, head: Token) -> Actor | None:
        if head.i in self.actor_at:
            return self.actor_at[head.i]
        for child in head.children:
            if child.dep_ == "compound" and child.i in self.actor_at:
                return self.actor_at[child.i]
        return None

    def _unnamed(self, head: Token, mention: Span, sentence_text: str) -> Speaker:
        lexicon = self.lexicon
        lemma = head.lemma_.lower()
        tokens = self._description(head)
        description = _join(tokens)
        actor = self._actor_in(head)
        anonymous_phrase = any(p in sentence_text.lower() for p in lexicon.anonymity_phrases)
        kind: str
        if lemma in lexicon.official_nouns or head.lower_ in lexicon.official_nouns:
            kind = ANONYMOUS_OFFICIAL
        elif lemma in lexicon.non_official_nouns or head.lower_ in lexicon.non_official_nouns:
            kind = (
                ANONYMOUS_OFFICIAL
                if anonymous_phrase and _official(tokens)
                else (ANONYMOUS_NON_OFFICIAL)
            )
        elif lemma in lexicon.institution_nouns:
            kind = INSTITUTION
        elif head.ent_type_ in _ORG_LABELS or (
            actor is not None and actor.kind in ("organization", "country")
        ):
            kind = INSTITUTION
        elif head.pos_ == "PROPN":
            # An unknown proper name heading the source: a body spaCy did not label.
            kind = INSTITUTION
        elif _definite(head) and head.tag_ == "NN":
            # "the senator" whose name the article gave in a way we could not follow.
            kind = NAMED
        else:
            kind = ANONYMOUS_NON_OFFICIAL
        anonymous = kind in (ANONYMOUS_OFFICIAL, ANONYMOUS_NON_OFFICIAL)
        if kind == INSTITUTION:
            name = actor.name if actor is not None and actor.kind != "person" else None
            name = name or _join([t for t in tokens if t.dep_ != "det" or t.i != tokens[0].i])
        elif kind == NAMED:
            name = None
        else:
            name = description
        affiliation = self._body([t for t in tokens if t.i != head.i]) if anonymous else None
        return Speaker(
            mention.text,
            mention.start_char,
            mention.end_char,
            name,
            None,
            affiliation,
            actor,
            anonymous,
            kind,
        )

    def _pronoun(self, head: Token) -> Speaker:
        low = head.lower_
        position = head.idx
        if low in _PERSONAL:
            for said in reversed(self.said):
                if position - said.position > _SPEAKER_WINDOW:
                    break
                if not said.plural and said.speaker.kind != INSTITUTION:
                    return said.speaker
            name = self._recent_person(position)
            if name is not None:
                info = self.people[name]
                return Speaker(
                    "", 0, 0, name, info.title, info.affiliation, info.actor, False, NAMED
                )
        elif low in _PLURAL or low == "it":
            for said in reversed(self.said):
                if position - said.position > _SPEAKER_WINDOW:
                    break
                if said.plural or (low == "it" and said.speaker.kind == INSTITUTION):
                    return said.speaker
        return Speaker("", 0, 0, None, None, None, None, False, NAMED)

    def _recent_person(self, position: int) -> str | None:
        paragraph = bisect.bisect_right(self.paragraphs, position) - 1
        earliest = self.paragraphs[max(paragraph - 1, 0)]
        index = bisect.bisect_left(self.mentions, (position, ""))
        for start, name in reversed(self.mentions[:index]):
            if start < earliest:
                break
            return name
        return None


def _at(speaker: Speaker, mention: Span) -> Speaker:
    """The same speaker, seen at another mention."""
    return Speaker(
        mention.text,
        mention.start_char,
        mention.end_char,
        speaker.name,
        speaker.title,
        speaker.affiliation,
        speaker.actor,
        speaker.anonymous,
        speaker.kind,
    )


def _definite(head: Token) -> bool:
    return any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in head.lefts)


def _official(tokens: list[Token]) -> bool:
    # "a person in the administration", "people close to the government"
    return any(t.ent_type_ in _ORG_LABELS for t in tokens)


def _join(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    parts = []
    for token, following in zip(tokens, [*tokens[1:], None], strict=True):
        parts.append(token.text)
        if following is not None and token.whitespace_ and following.i == token.i + 1:
            parts.append(" ")
        elif following is not None and following.i != token.i + 1:
            parts.append(" ")
    return "".join(parts).strip()


def _strip_det(span: Span) -> str:
    tokens = list(span)
    if tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    return _join(tokens)


def source_profile(quotes: list[Quote], top: int = 10) -> dict[str, Any]:
    """Whom one article's quotes come from: statements by kind of source, the most quoted.

    A statement is one attribution: the halves of a split quote, a paragraph that
    continues a quote and the quoted words inside reported speech count once, with the
    quote they belong to (the same cue, or without a cue the same speaker mention).
    """
    statements: dict[tuple[int, int], list[Quote]] = {}
    for quote in quotes:
        if quote.cue is not None:
            key = (quote.cue.start, quote.cue.end)
        elif quote.speaker is not None and quote.speaker.end > quote.speaker.start:
            key = (quote.speaker.start, -quote.speaker.end)
        else:
            key = (quote.start, quote.end)
        statements.setdefault(key, []).append(quote)
    by_kind: Counter[str] = Counter()
    by_source: Counter[tuple[str, str]] = Counter()
    quoted_words: Counter[tuple[str, str]] = Counter()
    for members in statements.values():
        speaker = next((q.speaker for q in members if q.speaker is not None), None)
        kind = speaker.kind if speaker is not None else UNATTRIBUTED
        by_kind[kind] += 1
        if speaker is not None and speaker.name and kind in (NAMED, INSTITUTION):
            by_source[(speaker.name, kind)] += 1
            quoted_words[(speaker.name, kind)] += sum(q.kind == "direct" for q in members)
    return _profile(
        len(quotes), Counter(q.kind for q in quotes), by_kind, by_source, quoted_words, top
    )


def combine_profiles(profiles: Iterable[dict[str, Any]], top: int = 10) -> dict[str, Any]:
    """One profile for many articles, from each article's ``source_profile``."""
    quotes = 0
    quote_kinds: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    by_source: Counter[tuple[str, str]] = Counter()
    quoted_words: Counter[tuple[str, str]] = Counter()
    articles = 0
    for profile in profiles:
        articles += 1
        quotes += profile["quotes"]
        quote_kinds.update(profile["quote_kinds"])
        by_kind.update(profile["statements_by_kind"])
        for row in profile["all_sources"]:
            by_source[(row["name"], row["kind"])] += row["statements"]
            quoted_words[(row["name"], row["kind"])] += row["direct_quotes"]
    combined = _profile(quotes, quote_kinds, by_kind, by_source, quoted_words, top)
    combined["articles"] = articles
    return combined


def _profile(
    quotes: int,
    quote_kinds: Counter[str],
    by_kind: Counter[str],
    by_source: Counter[tuple[str, str]],
    quoted_words: Counter[tuple[str, str]],
    top: int,
) -> dict[str, Any]:
    statements = sum(by_kind.values())
    anonymous = by_kind[ANONYMOUS_OFFICIAL] + by_kind[ANONYMOUS_NON_OFFICIAL]
    sources = [
        {"name": name, "kind": kind, "statements": n, "direct_quotes": quoted_words[(name, kind)]}
        for (name, kind), n in sorted(by_source.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {
        "quotes": quotes,
        "quote_kinds": {k: quote_kinds[k] for k in ("direct", "indirect", "mixed")},
        "statements": statements,
        "statements_by_kind": {k: by_kind[k] for k in (*SPEAKER_KINDS, UNATTRIBUTED)},
        "named": by_kind[NAMED],
        "anonymous": anonymous,
        "institutional": by_kind[INSTITUTION],
        "anonymous_share": round(anonymous / statements, 3) if statements else 0.0,
        "top_sources": sources[:top],
        "all_sources": sources,
    }
