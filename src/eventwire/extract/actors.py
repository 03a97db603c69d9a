"""Actors: every mention that can act or be acted on, resolved to country and sector codes.

Evidence, strongest first: the actor dictionary, country names, capitals used as
metonyms ("Washington said"), demonyms ("Iraqi militia"), titles and roles ("Defense
Secretary", "militiamen"), and within-article coreference (a surname, "the general").
The dictionary beats spaCy's labels, so "Kataib Hezbollah" tagged PERSON is still a group.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import spacy
from spacy.attrs import LEMMA, LOWER, ORTH, POS, SPACY
from spacy.strings import hash_string
from spacy.symbols import ADJ, NOUN, PROPN
from spacy.tokens import Doc, Span, Token

from eventwire.extract.actor_lexicon import ActorLexicon, load_lexicon
from eventwire.extract.registry import register
from eventwire.schema import Actor, Article
from eventwire.settings import Settings

# Match priority when two candidates cover the same tokens.
_DICTIONARY, _COUNTRY, _DEMONYM, _CAPITAL = 4, 3, 2, 1
# A capital names its government only in these roles: "Washington said", "Tehran's
# downing", "by Moscow"; "in Baghdad" is a place.
_ACTOR_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "appos", "dative"}
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod"}
_NOUNS = {"NOUN", "PROPN"}
# How far a role noun may stand from the country word that modifies it ("Iraqi militia
# officials", "U.S. special operations forces").
_MAX_ROLE_GAP = 4
# Prepositions that tie a role to the body it belongs to: "an official at Iraq's force".
_MEMBER_PREPS = {"of", "at", "from", "with", "for", "in"}
_TITLE_ABBREVIATIONS = {
    "gen": "general",
    "adm": "admiral",
    "col": "colonel",
    "lt": "lieutenant",
    "maj": "major",
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "capt": "captain",
    "sgt": "sergeant",
    "pres": "president",
}


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    priority: int
    key: str


@dataclass
class _Matcher:
    """Token-sequence lookup of every lexicon string, keyed by its first token's hash.

    Tokens are compared as the parse's ORTH hashes, so no word's text is read.
    """

    index: dict[int, list[tuple[tuple[int, ...], int, str]]]

    def candidates(self, orths: list[int]) -> list[_Candidate]:
        found: list[_Candidate] = []
        index = self.index
        for i, first in enumerate(orths):
            entries = index.get(first)
            if entries is None:
                continue
            for tokens, priority, key in entries:
                if tuple(orths[i : i + len(tokens)]) == tokens:
                    found.append(_Candidate(i, i + len(tokens), priority, key))
        return found


@functools.cache
def _tokenizer() -> spacy.language.Language:
    # Lexicon strings are split exactly as the English pipeline splits text.
    return spacy.blank("en")


@functools.cache
def _matcher(lexicon_key: str | None) -> tuple[ActorLexicon, _Matcher]:
    lexicon = load_lexicon(lexicon_key)
    tokenizer = _tokenizer()
    index: dict[int, list[tuple[tuple[int, ...], int, str]]] = {}
    sources = (
        (lexicon.entries, _DICTIONARY),
        (lexicon.country_names, _COUNTRY),
        (lexicon.demonyms, _DEMONYM),
        (lexicon.capitals, _CAPITAL),
    )
    for table, priority in sources:
        for key in table:
            tokens = tuple(hash_string(t.text) for t in tokenizer(key))
            if tokens:
                index.setdefault(tokens[0], []).append((tokens, priority, key))
    for entries in index.values():
        entries.sort(key=lambda e: (-len(e[0]), -e[1]))
    return lexicon, _Matcher(index)


@register("actors")
def extract_actors(doc: Doc, article: Article, settings: Settings) -> list[Actor]:
    """Every actor mention in the article, left to right."""
    lexicon, matcher = _matcher(settings.actors_file)
    return _Resolver(doc, lexicon, matcher).run()


class _Resolver:
    """One article's actor mentions: matched, expanded, then filled in from NER and context."""

    def __init__(self, doc: Doc, lexicon: ActorLexicon, matcher: _Matcher) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.matcher = matcher
        self.taken = [False] * len(doc)
        self.actors: list[tuple[int, int, Actor]] = []
        #: surname -> the person it refers back to
        self.surnames: dict[str, Actor] = {}
        #: title or role noun -> the actors it named, in text order ("general", "administration")
        self.titled: dict[str, list[Actor]] = {}
        # The parse's arrays, read once: each doc[i] and each step over the doc builds a
        # Token, and the role and coreference scans below rule out nearly every word.
        self.strings = doc.vocab.strings
        columns = doc.to_array([ORTH, LOWER, POS, LEMMA, SPACY]).T.tolist()
        self.orths, self.lowers, self.pos, self.lemmas, self.spaces = columns
        # Doc.ents builds every entity's Span anew on each read.
        self.ents = doc.ents

    def run(self) -> list[Actor]:
        chosen = self._select(self.matcher.candidates(self.orths))
        # A role expansion must not swallow another match ("Iranian Quds Force commander").
        self.reserved = [False] * len(self.doc)
        for c in chosen:
            for i in range(c.start, c.end):
                self.reserved[i] = True
        for candidate in chosen:
            self._from_lexicon(candidate)
        self._from_entities()
        self._from_roles()
        self._from_coreference()
        self.actors.sort(key=lambda item: item[0])
        return [actor for _, _, actor in self.actors]

    # -- lexicon matches --------------------------------------------------------------

    def _select(self, candidates: list[_Candidate]) -> list[_Candidate]:
        """Longest match first, then the stronger kind of evidence; no overlaps."""
        chosen: list[_Candidate] = []
        used = [False] * len(self.doc)
        for c in sorted(candidates, key=lambda c: (-(c.end - c.start), -c.priority, c.start)):
            if any(used[c.start : c.end]):
                continue
            # A capital is an actor only where it acts ("Washington said"), not a place.
            if c.priority == _CAPITAL and not self._acts(self.doc[c.start : c.end]):
                continue
            for i in range(c.start, c.end):
                used[i] = True
            chosen.append(c)
        return sorted(chosen, key=lambda c: c.start)

    def _acts(self, span: Span) -> bool:
        root = _conj_root(span.root)
        if root.dep_ == "pobj":
            return root.head.lower_ == "by"
        return root.dep_ in _ACTOR_DEPS

    def _from_lexicon(self, c: _Candidate) -> None:
        span = self.doc[c.start : c.end]
        lex = self.lexicon
        if c.priority == _DICTIONARY:
            entry = lex.entries[c.key]
            role = self._role_after(span)
            if role is not None and entry.kind != "person":
                # "European Community foreign ministers", "Hamas fighters": people of the body.
                head, sector, role_text = role
                whole = self.doc[c.start : head.i + 1]
                actor = self._actor(
                    whole,
                    _name(whole),
                    entry.country,
                    entry.sector or sector,
                    self._kind(head, role_text),
                    f"dictionary ({entry.name}) + role '{role_text}'",
                )
                self._remember_role(role_text, actor)
                self._add(whole.start, whole.end, actor)
                return
            if role is not None and role[0].tag_ == "NN" and role[2] not in lex.person_roles:
                # "the Trump administration", "the Netanyahu government": the body acts.
                head, sector, role_text = role
                whole = self.doc[c.start : head.i + 1]
                actor = self._actor(
                    whole,
                    whole.text,
                    entry.country,
                    sector,
                    "organization",
                    f"dictionary + role '{role_text}'",
                )
                self._remember_role(role_text, actor)
                self._add(whole.start, whole.end, actor)
                return
            actor = self._actor(
                span, entry.name, entry.country, entry.sector, entry.kind, "dictionary"
            )
            if entry.kind == "person":
                # "Defense Secretary Mark Esper": the title is his, not an organization.
                title_start, _, _ = self._title_before(c.start)
                for i in range(title_start, c.start):
                    self.taken[i] = True
                self._remember_person(actor, span)
            self._add(c.start, c.end, actor)
            return
        iso3 = {
            _COUNTRY: lex.country_names,
            _DEMONYM: lex.demonyms,
            _CAPITAL: lex.capitals,
        }[c.priority][c.key]
        country = lex.countries[iso3].name if iso3 in lex.countries else iso3
        if c.priority == _CAPITAL:
            self._add(
                c.start,
                c.end,
                self._actor(span, country, iso3, "GOV", "country", "capital as metonym"),
            )
            return
        evidence = "country name" if c.priority == _COUNTRY else "demonym"
        role = self._role_after(span)
        if role is None:
            kind = (
                "group"
                if c.priority == _DEMONYM and span.root.tag_ in ("NNS", "NNPS")
                else ("country")
            )
            self._add(c.start, c.end, self._actor(span, country, iso3, None, kind, evidence))
            return
        head, sector, role_text = role
        if span.root.dep_ == "conj" or any(t.dep_ == "conj" for t in span.root.children):
            # "Hungarian and Romanian officials": each country word is its own actor.
            self._add(
                c.start,
                c.end,
                self._actor(
                    span,
                    f"{span.text} {role_text}",
                    iso3,
                    sector,
                    "group",
                    f"{evidence} + role '{role_text}'",
                ),
            )
            return
        whole = self.doc[c.start : head.i + 1]
        kind = self._kind(head, role_text)
        actor = self._actor(
            whole, _name(whole), iso3, sector, kind, f"{evidence} + role '{role_text}'"
        )
        self._remember_role(role_text, actor)
        self._add(whole.start, whole.end, actor)

    def _role_after(self, span: Span) -> tuple[Token, str, str] | None:
        """The role noun a country word modifies ("Iraqi militia", "Iran's foreign minister")."""
        root = span.root
        if root.dep_ == "conj":
            root = _conj_root(root)
        if root.dep_ not in _MODIFIER_DEPS:
            return None
        head = root.head
        while head.dep_ == "compound" and head.head.i > head.i:
            head = head.head
        if head.i <= span.end - 1 or head.pos_ not in _NOUNS or head.i - span.end > _MAX_ROLE_GAP:
            return None
        # Coordinated country words ("Hungarian and Romanian officials") share the role.
        between = [i for i in range(span.end, head.i + 1) if self.doc[i].dep_ not in ("conj", "cc")]
        if any(self.taken[i] or self.reserved[i] for i in between):
            return None
        found = self._sector(self.doc[span.end : head.i + 1])
        if found is None:
            return None
        return head, found[0], found[1]

    # -- roles, named entities, coreference ------------------------------------------

    def _sector(self, tokens: Span) -> tuple[str, str] | None:
        """The sector the role words in ``tokens`` give, preferring specific words to generic."""
        words = [t.lower_ for t in tokens]
        lemmas = [t.lemma_.lower() for t in tokens]
        best: tuple[str, str] | None = None
        for length in (3, 2, 1):
            for i in range(len(words) - length + 1):
                for seq in (words[i : i + length], lemmas[i : i + length]):
                    phrase = " ".join(seq)
                    sector = self.lexicon.roles.get(phrase)
                    if sector is None:
                        continue
                    if phrase not in self.lexicon.generic_roles:
                        return sector, " ".join(words[i : i + length])
                    best = best or (sector, " ".join(words[i : i + length]))
        return best

    def _kind(self, head: Token, role: str) -> str:
        if head.tag_ in ("NNS", "NNPS"):
            return "group"
        singular = {role, head.lower_, head.lemma_.lower()}
        return "person" if singular & self.lexicon.person_roles else "organization"

    def _from_entities(self) -> None:
        # People first: their titles ("Secretary of State") must not become organizations.
        for ent in self.ents:
            if ent.label_ == "PERSON" and not any(self.taken[ent.start : ent.end]):
                self._person(ent)
        for ent in self.ents:
            if any(self.taken[ent.start : ent.end]):
                continue
            # NER sometimes labels a known person's surname ORG or GPE ("Soleimani").
            if self._surname(ent, f" (NER said {ent.label_})"):
                continue
            if ent.label_ in ("ORG", "NORP"):
                sector = self._sector(ent)
                kind = "organization" if ent.label_ == "ORG" else "group"
                # "Iraqi Kurds", "Syrian Druze": the country word before a group is its country.
                before = self._actor_at(ent.start - 1) if ent.start > 0 else None
                country = None
                evidence = f"named entity {ent.label_}"
                if (
                    before is not None
                    and before.kind == "country"
                    and ent.start <= self.doc[ent.start - 1].head.i < ent.end
                ):
                    country = before.country
                    evidence += f" + {before.text!r}"
                actor = self._actor(
                    ent, _name(ent), country, sector[0] if sector else None, kind, evidence
                )
                self._add(ent.start, ent.end, actor)

    def _surname(self, ent: Span, note: str = "") -> bool:
        """Add ``ent`` as the person named in full earlier, if it is that person's surname."""
        earlier = self.surnames.get(ent.text) if len(ent) == 1 else None
        if earlier is None or not _after(earlier, ent[0]):
            return False
        evidence = f"coreference: surname of {earlier.name}{note}"
        self._add(
            ent.start,
            ent.end,
            replace(
                earlier, text=ent.text, start=ent.start_char, end=ent.end_char, evidence=evidence
            ),
        )
        return True

    def _person(self, ent: Span) -> None:
        """A person the dictionary does not know: country and sector from what stands before."""
        if self._surname(ent):
            return
        title_start, title_sector, title_word = self._title_before(ent.start)
        if title_start < ent.start:
            for i in range(title_start, ent.start):
                self.taken[i] = True
        country: str | None = None
        sector: str | None = title_sector
        title: str | None = title_word
        evidence = ["named entity PERSON"] + ([f"title {title_word!r}"] if title_word else [])
        i = title_start - 1
        while i >= 0 and i >= ent.start - 4:
            token = self.doc[i]
            if token.pos_ not in _NOUNS and token.pos_ != "ADJ" and token.text != ".":
                break
            owner = self._actor_at(i)
            if owner is not None and owner.country:
                country = country or owner.country
                evidence.append(f"{owner.text!r}")
                i -= 1
                continue
            word = token.text
            if word in self.lexicon.titles or f"{word}." in self.lexicon.titles:
                sector = sector or self.lexicon.titles.get(word) or self.lexicon.titles[f"{word}."]
                title = title or _title_noun(word)
                evidence.append(f"title {word!r}")
            elif token.lower_ in self.lexicon.roles:
                sector = sector or self.lexicon.roles[token.lower_]
                title = title or token.lower_
                evidence.append(f"title {word!r}")
            i -= 1
        appositive = self._appositive_body(ent)
        if appositive is not None:
            country = country or appositive.country
            sector = sector or appositive.sector
            evidence.append(f"apposition {appositive.text!r}")
        actor = self._actor(ent, ent.text, country, sector, "person", ", ".join(evidence))
        self._remember_person(actor, ent, title)
        self._add(ent.start, ent.end, actor)

    def _title_before(self, start: int) -> tuple[int, str | None, str | None]:
        """A multi-word title ending just before token ``start``: "Secretary of State"."""
        for length in (4, 3, 2):
            if start - length < 0:
                continue
            words = self._text(start - length, start)
            if words in self.lexicon.titles:
                return start - length, self.lexicon.titles[words], _title_noun(words.split()[-1])
        return start, None, None

    def _appositive_body(self, ent: Span) -> Actor | None:
        """The body in "X, the chief spokesman of the PMF" or "X, a scholar with CNAS".

        Also the other way round: "a member of the Syrian parliament, X".
        """
        phrases = [c for c in ent.root.children if c.dep_ == "appos"]
        if ent.root.dep_ == "appos":
            head = ent.root.head
            phrases.append(head)
        for child in phrases:
            tokens = (
                child.subtree
                if child.i > ent.root.i
                else (t for t in child.subtree if t.i < ent.start)
            )
            for token in tokens:
                found = self._actor_at(token.i)
                if found is not None and found.country:
                    return found
        return None

    def _from_roles(self) -> None:
        """Role nouns alone or tied to a body: "militiamen", "an official at Iraq's force"."""
        for i in self._role_nouns():
            if self.taken[i]:
                continue
            token = self.doc[i]
            sector_found = self._sector(self.doc[token.i : token.i + 1])
            if sector_found is None:
                continue
            sector, role = sector_found
            body = self._member_of(token)
            left = _left_edge(token)
            if any(self.taken[left : token.i]):
                left = token.i
            span = self.doc[left : token.i + 1]
            kind = self._kind(token, role)
            if body is not None:
                if role in self.lexicon.generic_roles and body.sector:
                    sector = body.sector
                self._add(
                    span.start,
                    span.end,
                    self._actor(
                        span,
                        _name(span),
                        body.country,
                        sector,
                        kind,
                        f"role '{role}' of {body.text!r}",
                    ),
                )
            elif token.tag_ == "NNS" and role not in self.lexicon.generic_roles:
                # A bare plural role ("militiamen", "protesters") is an actor with no country.
                self._add(
                    span.start,
                    span.end,
                    self._actor(span, _name(span), None, sector, "group", f"role '{role}'"),
                )

    def _member_of(self, token: Token) -> Actor | None:
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in _MEMBER_PREPS:
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                for inner in obj.subtree:
                    found = self._actor_at(inner.i)
                    if found is not None and found.country:
                        return found
        return None

    def _from_coreference(self) -> None:
        """Surnames and "the general" after the full mention."""
        for i in self._coreference_candidates():
            if self.taken[i]:
                continue
            token = self.doc[i]
            person = None
            if token.pos_ == "PROPN" and token.text in self.surnames:
                person = self.surnames[token.text]
                if not _after(person, token):
                    continue
                evidence = f"coreference: surname of {person.name}"
                span = self.doc[token.i : token.i + 1]
            elif (
                # The tagger sometimes calls "the general" ADJ; what matters is that it heads
                # its phrase rather than modifying a noun ("the general staff").
                token.pos_ in ("NOUN", "ADJ")
                and token.dep_ not in ("amod", "compound", "nmod")
                and token.i > 0
                and self.doc[token.i - 1].lower_ == "the"
                and token.lower_ in self.titled
            ):
                earlier = [a for a in self.titled[token.lower_] if _after(a, token)]
                if not earlier:
                    continue
                person = earlier[-1]
                evidence = f"coreference: the {token.lower_} ({person.name})"
                span = self.doc[token.i - 1 : token.i + 1]
            if person is not None:
                self._add(
                    span.start,
                    span.end,
                    replace(
                        person,
                        text=span.text,
                        start=span.start_char,
                        end=span.end_char,
                        evidence=evidence,
                    ),
                )

    def _role_nouns(self) -> list[int]:
        """The nouns whose word or lemma the sector table lists: all ``_sector`` can find."""
        strings, roles = self.strings, self.lexicon.roles
        return [
            i
            for i, pos in enumerate(self.pos)
            if pos == NOUN
            and (strings[self.lowers[i]] in roles or strings[self.lemmas[i]].lower() in roles)
        ]

    def _coreference_candidates(self) -> list[int]:
        """The words that may refer back: a known surname, or a title already used."""
        strings = self.strings
        found: list[int] = []
        for i, pos in enumerate(self.pos):
            if pos == PROPN and strings[self.orths[i]] in self.surnames:
                found.append(i)
            elif pos in (NOUN, ADJ) and strings[self.lowers[i]] in self.titled:
                found.append(i)
        return found

    # -- bookkeeping ------------------------------------------------------------------

    def _text(self, start: int, end: int) -> str:
        """``doc[start:end].text``, from the arrays."""
        strings, orths, spaces = self.strings, self.orths, self.spaces
        last = end - 1
        return "".join(
            strings[orths[i]] + (" " if spaces[i] and i < last else "") for i in range(start, end)
        )

    def _remember_person(self, actor: Actor, span: Span, title: str | None = None) -> None:
        parts = actor.name.split()
        if len(parts) > 1:
            self.surnames.setdefault(parts[-1], actor)
        if title is None:
            before = self.doc[span.start - 1] if span.start > 0 else None
            if before is not None and before.pos_ == "PROPN":
                title = _title_noun(before.text)
        if title:
            self._remember_role(title, actor)

    def _remember_role(self, role: str, actor: Actor) -> None:
        if actor.country or actor.kind == "person":
            self.titled.setdefault(role.split()[-1], []).append(actor)

    def _actor_at(self, i: int) -> Actor | None:
        for start, end, actor in self.actors:
            if start <= i < end:
                return actor
        return None

    def _actor(
        self,
        span: Span,
        name: str,
        country: str | None,
        sector: str | None,
        kind: str,
        evidence: str,
    ) -> Actor:
        return Actor(
            span.text, span.start_char, span.end_char, name, country, sector, kind, evidence
        )

    def _add(self, start: int, end: int, actor: Actor) -> None:
        for i in range(start, end):
            self.taken[i] = True
        self.actors.append((start, end, actor))


def _conj_root(token: Token) -> Token:
    while token.dep_ == "conj":
        token = token.head
    return token


def _left_edge(token: Token) -> int:
    """Where the noun phrase headed by ``token`` starts (determiners and modifiers)."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "nummod", "poss", "nmod", "quantmod"):
            left = min(left, child.left_edge.i)
    return left


def _name(span: Span) -> str:
    tokens = list(span)
    while tokens and tokens[0].dep_ == "det":
        tokens = tokens[1:]
    if not tokens:
        return span.text
    # A sentence-initial capital is not part of a common noun's name ("Militiamen stormed").
    first = tokens[0]
    if first.is_sent_start and first.pos_ in ("NOUN", "PRON") and not first.is_upper:
        return (
            first.lower_ + first.whitespace_ + span.doc[first.i + 1 : tokens[-1].i + 1].text
        ).strip()
    return span.doc[first.i : tokens[-1].i + 1].text


def _title_noun(word: str) -> str:
    low = word.lower().rstrip(".")
    return _TITLE_ABBREVIATIONS.get(low, low)


def _after(person: Actor, token: Token) -> bool:
    return token.idx >= person.end
