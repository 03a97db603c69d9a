"""Events: who did what to whom, from the dependency parse, coded in PLOVER and CAMEO.

A trigger is a verb or noun in ``data/verbs.yaml`` (its sense chosen by particle,
object and preposition); its source and target come from syntactic roles (active
and passive voice, "by" agents, possessives, coordination); modality words from
``data/modality.yaml`` decide whether it happened, was threatened, planned, denied,
or is only an opinion. Every event keeps its trigger, sentence, rule and confidence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from spacy.attrs import LEMMA, LOWER, POS
from spacy.strings import hash_string
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from eventwire.extract.actor_lexicon import load_lexicon
from eventwire.extract.event_lexicon import NOT_AN_ACT, EventLexicon, Sense, load_event_lexicon
from eventwire.extract.places import dateline
from eventwire.extract.registry import register
from eventwire.schema import Actor, Article, Event, Place
from eventwire.schema import Span as TextSpan
from eventwire.settings import Settings

# Prepositions that introduce whom an act is aimed at: after a verb ("fired at", "talks
# with", "aid to") and after an event noun ("attack on", "downing of"). "in", "near" and
# the like say where, not whom; a preposition a sense names ("withdrew from") also counts.
_VERB_TARGET_PREPS = {"against", "at", "with", "to", "toward", "towards", "upon"}
_NOUN_TARGET_PREPS = {"against", "on", "upon", "of", "to", "with", "toward", "towards"}
_LOCATIVE_PREPS = {
    "in",
    "near",
    "inside",
    "outside",
    "across",
    "throughout",
    "around",
    "within",
    "along",
    "during",
    "since",
    "after",
    "before",
    "until",
}
# Prepositions through which modality reaches an act: "refrained from attacking".
_ARGUMENT_PREPS = {"from", "of", "to", "for", "on", "about"}
# Clauses below an argument that say something else: their actors are not its actors.
_OTHER_CLAUSES = {"relcl", "ccomp", "advcl", "parataxis", "csubj"}
_SUBJECTS = {"nsubj", "csubj"}
# Codes for bodies that belong to no one country: their acts are never "domestic".
_BODIES = {"IGO", "NGO", "MNC", "IMG"}
# Which place grounds an event when a clause names several: the most specific.
_SPECIFICITY = {"landmark": 0, "city": 1, "admin region": 2, "country": 3, "region": 4}
# Dependencies that open a subordinate clause: an act down there is less the sentence's point.
_CLAUSES = {"advcl", "xcomp", "ccomp", "relcl", "acl", "pcomp", "csubj"}
_OBJECTS = {"dobj", "dative", "attr", "oprd"}
# How many governing words up the tree modality may come from ("did not threaten to attack").
_MAX_CLIMB = 3
# A light verb and its noun stand this close to make one trigger span ("launched an attack").
_MAX_LIGHT_GAP = 4


@dataclass
class _Trigger:
    """A word (or light verb + noun) that states an act, with the sense it was read in."""

    head: Token  # the word whose syntax carries the arguments (the verb, or the noun)
    noun: Token | None  # the event noun, for nominal and light-verb triggers
    sense: Sense
    rule: str

    @property
    def tokens(self) -> tuple[int, int]:
        first = min(self.head.i, self.noun.i) if self.noun is not None else self.head.i
        last = max(self.head.i, self.noun.i) if self.noun is not None else self.head.i
        if self.noun is not None and last - first > _MAX_LIGHT_GAP:
            return self.noun.i, self.noun.i + 1
        return first, last + 1


@register("events")
def extract_events(doc: Doc, article: Article, settings: Settings) -> list[Event]:
    """Every event the article states, sentence by sentence."""
    return _Coder(doc, article, load_event_lexicon()).run()


def main_event(events: Iterable[Event]) -> Event | None:
    """The event a sentence is chiefly about: one that happened, verbal, most confident."""
    ranked = sorted(
        events,
        key=lambda e: (e.status != "occurred", e.rule.startswith("noun"), -e.confidence, e.start),
    )
    return ranked[0] if ranked else None


class _Coder:
    def __init__(self, doc: Doc, article: Article, lexicon: EventLexicon) -> None:
        self.doc = doc
        # The article's text is the doc's: Doc.text would join every token anew.
        self.text = article.text
        self.article = article
        self.lex = lexicon
        self.actor_at: list[Actor | None] = [None] * len(doc)
        for actor in article.actors:
            span = doc.char_span(actor.start, actor.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.actor_at[i] = actor
        self.words = {
            key: lexicon.words(key)
            for key, value in lexicon.modality.items()
            if isinstance(value, list)
        }
        self.domestic_types = lexicon.words("domestic_types")
        self.obligations = lexicon.words("obligations")
        self.future = lexicon.words("future")
        self.hypothetical = lexicon.words("hypothetical")
        # The parse's arrays, read once for the trigger and "according to" scans.
        tags, lemmas, lowers = doc.to_array([POS, LEMMA, LOWER]).T.tolist()
        self.verb_candidates, self.noun_candidates = _candidates(doc, lexicon, tags, lemmas, lowers)
        self.according_to = _according_to(lowers)
        self.place_country, self.country_names = _place_countries(doc, article)
        self._locate_actors()
        # Calendar dates only ("2019-12-27", "2019-06", "2018"): durations and sets say when
        # nothing happened.
        self.place_at: list[Place | None] = [None] * len(doc)
        for place in article.places:
            span = doc.char_span(place.start, place.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.place_at[i] = place
        self.dateline = dateline(article.text) if article.places else None
        self.time_at: list[str | None] = [None] * len(doc)
        for time in article.times:
            if time.type != "DATE" or not time.value[:4].isdigit():
                continue
            span = doc.char_span(time.start, time.end, alignment_mode="expand")
            if span is not None:
                for i in range(span.start, span.end):
                    self.time_at[i] = time.value

    def _locate_actors(self) -> None:
        """Give a country to actors named by a place: "Darfur rebels", "Gaza militants"."""
        for start, end in _runs(self.actor_at):
            actor = self.actor_at[start]
            if actor is None or actor.country:
                continue
            head = self.doc[start:end].root
            modifiers = [t for t in head.children if t.dep_ in ("compound", "nmod")]
            for token in [*self.doc[start:end], *modifiers]:
                country = self.place_country[token.i]
                if country is not None and token.i != head.i:
                    located = replace(
                        actor, country=country, evidence=f"{actor.evidence} + place {token.text!r}"
                    )
                    for i in range(start, end):
                        self.actor_at[i] = located
                    break

    def run(self) -> list[Event]:
        events: list[Event] = []
        for sent in self.doc.sents:
            for trigger in self._triggers(sent):
                event = self._event(trigger, sent)
                if event is not None:
                    events.append(event)
        return events

    # -- finding triggers --------------------------------------------------------------

    def _triggers(self, sent: Span) -> list[_Trigger]:
        triggers: list[_Trigger] = []
        used_nouns: set[int] = set()
        doc = self.doc
        for i in _within(self.verb_candidates, sent):
            token = doc[i]
            lemma = token.lemma_.lower()
            if any(
                c.dep_ == "prt" and f"{lemma} {c.lower_}" in self.words["cancellations"]
                for c in token.children
            ):
                continue  # "called off", "put off": cancels its object, is no act of its own
            sense = self._sense(token, self.lex.verbs.get(lemma, ()))
            if sense is not None:
                triggers.append(_Trigger(token, None, sense, f"verb:{lemma}"))
                # "the attack killed", "imposed sanctions": the noun is the same act.
                used_nouns.update(
                    c.i for c in token.children if c.dep_ in _SUBJECTS or c.dep_ == "dobj"
                )
                continue
            if lemma in self.lex.light_verbs:
                for obj in token.children:
                    noun_sense = self._noun_sense(obj) if obj.dep_ == "dobj" else None
                    if noun_sense is not None:
                        used_nouns.add(obj.i)
                        triggers.append(
                            _Trigger(token, obj, noun_sense, f"light verb:{lemma}+{obj.lemma_}")
                        )
                        break
        for i in _within(self.noun_candidates, sent):
            if i in used_nouns:
                continue
            token = doc[i]
            noun_sense = self._noun_sense(token)
            if noun_sense is not None:
                governor = token.head.lemma_.lower()
                announced = token.dep_ == "dobj" and governor in self.words["speech"]
                # An act announced is stated as squarely as a verb would state it.
                kind = f"announced:{governor}+" if announced else "noun:"
                triggers.append(_Trigger(token, token, noun_sense, f"{kind}{token.lemma_.lower()}"))
        return triggers

    def _noun_sense(self, token: Token) -> Sense | None:
        lemma = token.lemma_.lower()
        for child in token.children:
            if child.dep_ in ("compound", "amod"):
                senses = self.lex.nouns.get(f"{child.lemma_.lower()} {lemma}")
                if senses:
                    return senses[0] if senses[0].cameo != NOT_AN_ACT else None
        senses = self.lex.nouns.get(lemma) or self.lex.nouns.get(token.lower_)
        return senses[0] if senses and senses[0].cameo != NOT_AN_ACT else None

    def _sense(self, verb: Token, senses: Iterable[Sense]) -> Sense | None:
        for sense in senses:
            if all(self._holds(verb, key, value) for key, value in sense.when.items()):
                return sense if sense.cameo != NOT_AN_ACT else None
        return None

    def _holds(self, verb: Token, key: str, value: object) -> bool:
        children = list(verb.children)
        if key == "particle":
            return any(c.dep_ == "prt" and c.lower_ in value for c in children)
        if key == "object":
            objects = [c for c in children if c.dep_ in ("dobj", "nsubjpass")]
            return any(c.lemma_.lower() in value or c.lower_ in value for c in objects)
        if key == "prep":
            # A preposition with an object: "protested to the envoy", not a stray "to".
            preps = [c for c in children if c.dep_ in ("prep", "dative", "agent")]
            return any(p.lower_ in value and any(p.children) for p in preps)
        if key == "prep_object":
            return any(
                o.lemma_.lower() in value or o.lower_ in value
                for p in children
                if p.dep_ == "prep"
                for o in p.children
                if o.dep_ == "pobj"
            )
        if key == "complement":
            has = any(c.dep_ in ("xcomp", "ccomp") for c in children)
            return has == bool(value)
        return False

    # -- arguments ---------------------------------------------------------------------

    def _actors_in(self, token: Token | None) -> list[Actor]:
        """The actors an argument names: the nearest ones in its phrase, conjuncts included."""
        if token is None:
            return []
        found: list[Actor] = []
        level = [token]
        seen: set[int] = set()
        while level and not found:
            next_level: list[Token] = []
            for t in level:
                if t.i in seen:
                    continue
                seen.add(t.i)
                actor = self.actor_at[t.i]
                if actor is not None:
                    found.append(actor)
                for child in t.children:
                    if child.dep_ == "conj":
                        level.append(child)
                    elif child.dep_ == "prep" and child.lower_ in _LOCATIVE_PREPS:
                        continue
                    elif child.dep_ not in _OTHER_CLAUSES:
                        next_level.append(child)
            level = next_level
        # "the foreign ministers of Egypt and Jordan": one actor spans "ministers of Egypt",
        # and its coordinated country must come along.
        for t in token.subtree:
            if t.dep_ != "conj" or self.actor_at[t.i] is None:
                continue
            for ancestor in t.ancestors:
                if any(self.actor_at[ancestor.i] is a for a in found):
                    found.append(self.actor_at[t.i])
                    break
                if ancestor.i == token.i:
                    break
        return _unique(found)

    def _object_actors(self, token: Token) -> list[Actor]:
        """Actors of an object phrase; failing those, the country its relative clause acts on.

        "sanctions that have devastated the Iranian economy" are aimed at Iran.
        """
        found = self._actors_in(token)
        if found:
            return found
        for clause in token.children:
            if clause.dep_ != "relcl":
                continue
            for obj in clause.children:
                if obj.dep_ == "dobj":
                    return [a for a in self._actors_in(obj) if a.country]
        return []

    def _subject_actors(self, verb: Token) -> list[Actor]:
        """The subject's actors; a bare pronoun is the speaker of the clause it sits in.

        "The rebels said they will release him": "they" are the rebels.
        """
        subject = self._subject(verb)
        found = self._actors_in(subject)
        if found or subject is None or subject.pos_ != "PRON":
            return found
        current = verb
        for _ in range(4):
            governor = current.head
            if governor.i == current.i:
                break
            if governor.lemma_.lower() in self.words["speech"]:
                return self._actors_in(self._subject(governor))
            current = governor
        return []

    def _subject(self, verb: Token, depth: int = 0) -> Token | None:
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS and c.tag_ not in ("WDT", "WP")]
        if subjects:
            # The nearest: a dateline ("BAGHDAD –") is sometimes parsed as a second subject.
            return min(subjects, key=lambda c: abs(verb.i - c.i))
        if depth > 3:
            return None
        if verb.dep_ == "xcomp" and verb.head.dep_ == "acomp":
            # "Norway is willing to send": the subject of the copula acts.
            return self._subject(verb.head.head, depth + 1)
        if verb.dep_ == "xcomp":
            # "prompted militiamen to attempt": the object of the governing verb acts; but
            # in "used tear gas to disperse" the object is a thing and the subject acts.
            for child in verb.head.children:
                if child.dep_ == "dobj" and any(self.actor_at[t.i] for t in child.subtree):
                    return child
            return self._subject(verb.head, depth + 1)
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            # "the attack was conducted by a drone and struck a convoy": the shared subject.
            for child in verb.head.children:
                if child.dep_ == "nsubjpass":
                    return child
            return self._subject(verb.head, depth + 1)
        if verb.dep_ == "relcl":
            return verb.head
        if verb.dep_ == "advcl" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
        ):
            # "opened the bridge to allow deliveries": the purpose has the main clause's subject.
            return self._subject(verb.head, depth + 1)
        return None

    def _verb_arguments(
        self, verb: Token, sense: Sense, plover: str
    ) -> tuple[list[Actor], list[Actor]]:
        children = list(verb.children)
        passive = [c for c in children if c.dep_ == "nsubjpass"]
        # What a mobilization moves (troops, ships) is its instrument, not its target.
        objects_are_targets = plover != "MOBILIZE"
        if (
            passive
            and not any(c.dep_ == "agent" for c in children)
            and (verb.lemma_.lower() in self.words["stative_passives"])
        ):
            # "Israel is opposed to", "Vietnam is committed to": a state of the subject.
            passive, children = [], [c for c in children if c.dep_ != "nsubjpass"]
            source = [a for c in verb.children if c.dep_ == "nsubjpass" for a in self._actors_in(c)]
            target = []
            if objects_are_targets:
                target = [a for c in children if c.dep_ in _OBJECTS for a in self._object_actors(c)]
        elif passive:
            agents = [o for c in children if c.dep_ == "agent" for o in c.children]
            source = [a for agent in agents for a in self._actors_in(agent)]
            target = [a for p in passive for a in self._actors_in(p)] if objects_are_targets else []
        else:
            source = self._subject_actors(verb)
            target = []
            if objects_are_targets:
                target = [a for c in children if c.dep_ in _OBJECTS for a in self._object_actors(c)]
        named = set(sense.when.get("prep", ()))
        # "Trump withdrew the United States from the deal": a country acting through its
        # own leader is the source's side, not the target.
        own = {a.country for a in source if a.country and a.country not in _BODIES}
        target = [a for a in target if not (a.kind == "country" and a.country in own)]
        preps = _VERB_TARGET_PREPS | named
        for prep in children:
            if prep.dep_ == "prep" and prep.lower_ in preps:
                target += [a for o in prep.children if o.dep_ == "pobj" for a in self._actors_in(o)]
        return source, target

    def _noun_arguments(self, noun: Token) -> tuple[list[Actor], list[Actor]]:
        source: list[Actor] = []
        target: list[Actor] = []
        for child in noun.children:
            if child.dep_ in ("poss", "compound", "amod", "nmod"):
                source += self._actors_in(child)
            elif child.dep_ == "prep" and child.lower_ == "by":
                source += [a for o in child.children for a in self._actors_in(o)]
            elif child.dep_ == "prep" and child.lower_ in _NOUN_TARGET_PREPS:
                target += [
                    a for o in child.children if o.dep_ == "pobj" for a in self._actors_in(o)
                ]
        governor = noun.head
        if not source and noun.dep_ == "nsubjpass":
            # "the attack was conducted by a U.S. drone"
            source = [
                a
                for c in governor.children
                if c.dep_ == "agent"
                for o in c.children
                for a in self._actors_in(o)
            ]
        if (
            not source
            and noun.dep_ == "dobj"
            and governor.pos_ == "VERB"
            and (
                governor.lemma_.lower() in self.lex.light_verbs
                or governor.lemma_.lower() in self.words["speech"]
            )
        ):
            # "Trump authorized airstrikes", "Italy announced a suspension of air links":
            # who orders or announces the act is its source.
            source = self._actors_in(self._subject(governor))
        return source, target

    # -- modality ----------------------------------------------------------------------

    def _status(self, token: Token) -> str | None:
        """What the text asserts of the act: None when it must not be emitted."""
        words = self.words
        status = "occurred"
        if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children):
            return "negated"
        if self._opinion(token):
            return None
        for child in token.children:
            if child.dep_ in ("aux", "auxpass"):
                if child.lower_ in self.hypothetical:
                    status = "hypothetical"
                elif child.lower_ in self.future and status == "occurred":
                    status = "planned"
        current = token
        for _ in range(_MAX_CLIMB):
            if current.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in words["conditionals"] for c in current.children
            ):
                return "hypothetical"
            if current.dep_ not in ("xcomp", "dobj", "pobj", "pcomp", "ccomp", "nsubjpass", "acl"):
                break
            governor = current.head
            if governor.dep_ == "prep":
                if governor.lower_ not in _ARGUMENT_PREPS:
                    break
                governor = governor.head
            if governor.i == current.i:
                break
            lemma = governor.lemma_.lower()
            particles = [c.lower_ for c in governor.children if c.dep_ == "prt"]
            if lemma in words["cancellations"] or any(
                f"{lemma} {p}" in words["cancellations"] for p in particles
            ):
                return None
            if lemma in words["opinions"] or self._opinion(governor):
                return None
            if any(c.dep_ == "neg" for c in governor.children) and lemma not in words["speech"]:
                return None
            if lemma in words["speech"]:
                break
            if lemma in words["requests"] and current.dep_ in ("xcomp", "ccomp"):
                return None
            if lemma in words["refusals"]:
                return "refused"
            if lemma in words["threats"]:
                return "threatened"
            if lemma in words["denials"]:
                return "denied"
            if lemma in words["plans"]:
                status = "planned"
            current = governor
        return status

    def _opinion(self, token: Token) -> bool:
        opinions = self.words["opinions"]
        near = [*token.children, token.head, *token.head.children]
        return any(
            t.lemma_.lower() in opinions and t.dep_ in ("amod", "acomp", "advmod", "ROOT", "ccomp")
            for t in near
            if t.i != token.i
        )

    def _demanded_by(self, token: Token) -> list[Actor]:
        """Who demands the act: "Russia said Sudan must return the helicopter" -> Russia.

        An obligation ("must", "has to") in reported speech is the speaker's demand on the
        subject, which CAMEO codes as a demand (10), not as the act.
        """
        # The modal sits on the verb, or above it: "must be ready to mediate", "has to go".
        bearers = [token]
        if token.dep_ == "xcomp":
            bearers.append(token.head)
            if token.head.dep_ == "acomp":
                bearers.append(token.head.head)
        obliged = any(
            c.dep_ == "aux" and c.lower_ in self.obligations for b in bearers for c in b.children
        )
        if not obliged:
            return []
        current = token
        for _ in range(4):
            governor = current.head
            if governor.i == current.i:
                break
            if governor.lemma_.lower() in self.words["speech"] and current.dep_ in (
                "ccomp",
                "parataxis",
            ):
                return self._actors_in(self._subject(governor))
            current = governor
        return []

    def _speaker(self, token: Token) -> str | None:
        """Who reports the act: the subject of a speech verb above it, or "according to X"."""
        current = token
        for _ in range(6):
            if current.head.i == current.i:
                break
            governor = current.head
            if governor.lemma_.lower() in self.words["speech"] and current.dep_ in (
                "ccomp",
                "parataxis",
                "xcomp",
            ):
                subject = self._subject(governor)
                if subject is None:
                    return None
                actors = self._actors_in(subject)
                return actors[0].name if actors else _phrase(subject)
            current = governor
        sent = token.sent
        for i in self.according_to:
            if sent.start <= i < sent.end:
                objects = [o for o in self.doc[i + 1].children if o.dep_ == "pobj"]
                if objects:
                    actors = self._actors_in(objects[0])
                    return actors[0].name if actors else _phrase(objects[0])
        return None

    # -- the event ---------------------------------------------------------------------

    def _event(self, trigger: _Trigger, sent: Span) -> Event | None:
        code = self.lex.codes.get(trigger.sense.cameo)
        if code is None:
            return None
        if trigger.noun is trigger.head:
            source, target = self._noun_arguments(trigger.head)
            modality_token = trigger.head
        else:
            source, target = self._verb_arguments(trigger.head, trigger.sense, code.plover)
            if trigger.noun is not None:
                more_source, more_target = self._noun_arguments(trigger.noun)
                source = source or more_source
                target = target + more_target
            modality_token = trigger.head
        # An event noun as subject: its own source acts ("a U.S. airstrike killed").
        if trigger.noun is None:
            subject = self._subject(trigger.head)
            if subject is not None and self._noun_sense(subject) is not None and not source:
                source = self._noun_arguments(subject)[0]
        if not any(a.country for a in source) or all(_ethnic(a) for a in source):
            # "demonstrators in Baghdad": people named by where they are take its country;
            # so do ethnic groups ("ethnic Albanians in Serbia"), as CAMEO codes them.
            located = self._located(self._subject(trigger.head))
            if located:
                source = [
                    replace(
                        a,
                        country=located[0].country,
                        evidence=f"{a.evidence} + located in {located[0].text!r}",
                    )
                    for a in source
                ] or located
        if not target and trigger.noun is not trigger.head:
            target = self._complement_actors(trigger.head)
        source = _unique(source)
        target = [a for a in _unique(target) if not _same(a, source)]
        if not target:
            # CAMEO convention: with no one named, an act aimed at a place targets its country.
            # A cooperative act at home ("resigned in Tbilisi", "surrendered in Soroti") is
            # aimed at no one; a conflictual one at home targets its own country.
            home = {a.country for a in source} if code.quad_class <= 2 else set()
            target = [
                a
                for a in self._place_actors(trigger.head, sent, verbal=code.quad_class == 3)
                if not _same(a, source) and a.country not in home
            ]
        if not source and not target:
            return None
        target = self._domestic(code.plover, source, target)
        if trigger.noun is trigger.head and not source and _definite(trigger.head):
            # "the attack" with no author named refers back; it states nothing new.
            return None
        status = self._status(modality_token)
        rule = trigger.rule
        if status in ("negated", "refused"):
            # Not doing a cooperative act is rejecting it; not doing a hostile one is nothing.
            rejection = self.lex.codes.get("120")
            if code.quad_class > 2 or rejection is None:
                return None
            code, status, rule = rejection, "occurred", f"{rule} ({status})"
        if status is None:
            return None
        speaker = self._speaker(modality_token)
        demanders = self._demanded_by(modality_token)
        if demanders and status in ("occurred", "planned") and "100" in self.lex.codes:
            # The demand is the event; whoever must act is its target.
            target = source or target
            source = demanders
            code, rule, status = self.lex.codes["100"], f"{rule} (demanded)", "occurred"
        if status == "planned" and source:
            converted = self._intent(code.plover)
            if converted is not None:
                code = converted
                status = "occurred"
                rule = f"{rule} (stated intent)"
        first, last = trigger.tokens
        trigger_span = self.doc[first:last]
        date, date_source = self._date(trigger.head, sent)
        place, place_source = self._place(trigger.head, sent)
        starts = [trigger_span.start_char] + [
            a.start for a in source + target if sent.start_char <= a.start < sent.end_char
        ]
        ends = [trigger_span.end_char] + [
            a.end for a in source + target if sent.start_char <= a.end <= sent.end_char
        ]
        start, end = min(starts), max(ends)
        text = self.text
        return Event(
            text=text[start:end],
            start=start,
            end=end,
            type=code.plover,
            mode=trigger.sense.mode,
            context=None,
            cameo=code.cameo,
            quad_class=code.quad_class,
            intensity=code.goldstein,
            source=source,
            target=target,
            status=status,
            attributed_to=speaker,
            date=date,
            date_source=date_source,
            place=place,
            place_source=place_source,
            # Sliced from the text: Span.text joins its tokens anew, and spans are contiguous.
            trigger=TextSpan(
                text[trigger_span.start_char : trigger_span.end_char],
                trigger_span.start_char,
                trigger_span.end_char,
            ),
            sentence=TextSpan(
                text[sent.start_char : sent.end_char], sent.start_char, sent.end_char
            ),
            rule=rule,
            confidence=_confidence(trigger, source, target, status, _clause_depth(trigger.head)),
        )

    def _place(self, head: Token, sent: Span) -> tuple[Place | None, str | None]:
        """The place in the trigger's clause, else in its sentence, else the dateline.

        The most specific place wins ("the Iraqi city of Kirkuk" is Kirkuk, not Iraq), then
        the nearest to the trigger.
        """
        in_clause = [
            t
            for t in self._marked_in_subtree(head, self.place_at)
            if not any(
                a.dep_ in _OTHER_CLAUSES and a.i != head.i
                for a in t.ancestors
                if head.is_ancestor(a)
            )
        ]
        in_sentence = [self.doc[i] for i in range(sent.start, sent.end) if self.place_at[i]]
        for tokens, source in ((in_clause, "clause"), (in_sentence, "sentence")):
            if tokens:
                best = min(
                    tokens,
                    key=lambda t: (
                        _SPECIFICITY.get(self.place_at[t.i].feature, 9),
                        abs(t.i - head.i),
                    ),
                )
                return self.place_at[best.i], source
        if self.dateline is not None:
            return self.dateline, "dateline"
        return None, None

    def _marked_in_subtree(self, head: Token, marks: list[Any]) -> list[Token]:
        """The tokens of ``head``'s subtree with a mark (a place, a date), in text order.

        Marks are few: looked up by index over the subtree's span first, a Token is built
        only for a marked word, not for every word of a long clause.
        """
        doc = self.doc
        return [
            doc[i]
            for i in range(head.left_edge.i, head.right_edge.i + 1)
            if marks[i] and (i == head.i or head.is_ancestor(doc[i]))
        ]

    def _date(self, head: Token, sent: Span) -> tuple[str | None, str | None]:
        """The date governing the trigger's clause, else the nearest in its sentence."""
        for token in self._marked_in_subtree(head, self.time_at):
            if not any(
                a.dep_ in _OTHER_CLAUSES and a.i != head.i
                for a in token.ancestors
                if head.is_ancestor(a)
            ):
                return self.time_at[token.i], "clause"
        dated = [self.doc[i] for i in range(sent.start, sent.end) if self.time_at[i]]
        if dated:
            nearest = min(dated, key=lambda t: abs(t.i - head.i))
            return self.time_at[nearest.i], "sentence"
        published = (self.article.published or "")[:10] or None
        return published, "published" if published else None

    def _domestic(self, plover: str, source: list[Actor], target: list[Actor]) -> list[Actor]:
        """Targets of a domestic act: country-less people take the source's country.

        "Liberian police dispersed demonstrators": the demonstrators are Liberian, as CAMEO
        codes a domestic event; a protest with no one named is aimed at the home government.
        """
        homes = {a.country for a in source if a.country and a.country not in _BODIES}
        if len(homes) != 1:
            return target
        (home,) = homes
        if not target and plover in self.domestic_types:
            name = self.country_names.get(home, home)
            return [
                Actor(
                    source[0].text,
                    source[0].start,
                    source[0].end,
                    name,
                    home,
                    None,
                    "country",
                    "domestic act: the source's own country",
                )
            ]
        if plover not in self.domestic_types:
            return target
        return [
            replace(a, country=home, evidence=f"{a.evidence} + domestic ({home})")
            if a.country is None and a.kind in ("group", "person") and a.sector
            else a
            for a in target
        ]

    def _complement_actors(self, verb: Token) -> list[Actor]:
        """Whom an act aims at when its object is a clause: "demanded that Hamas renounce"."""
        for clause in verb.children:
            if clause.dep_ not in ("ccomp", "xcomp"):
                continue
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            found = self._actors_in(subject)
            if not found:
                for child in clause.children:
                    if child.dep_ in _OBJECTS:
                        found += self._object_actors(child)
                    elif child.dep_ == "prep" and child.lower_ in _VERB_TARGET_PREPS | {"on"}:
                        found += [a for o in child.children for a in self._actors_in(o)]
            if found:
                return found
        return []

    def _located(self, phrase: Token | None) -> list[Actor]:
        """Actors of a phrase that names people by where they are: "demonstrators in Baghdad"."""
        if phrase is None:
            return []
        for prep in phrase.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "from", "of"):
                for obj in prep.children:
                    found = self._place_actors_under(obj)
                    if found:
                        return found
        return []

    def _place_actors(self, verb: Token, sent: Span, verbal: bool = False) -> list[Actor]:
        """Countries of the places an act happens in or is aimed at, from its predicate.

        The search goes breadth first through the predicate (objects, prepositions, the
        clauses it governs: "threatened to impose a curfew in Algiers"), never the subject.
        For a verbal act the place its own preposition names is where it was said
        ("condemned the attack in Washington"), so only what it governs is searched.
        """
        level = [
            c
            for c in verb.children
            if c.dep_ not in _SUBJECTS | {"nsubjpass"}
            and not (verbal and c.dep_ == "prep" and c.lower_ in _LOCATIVE_PREPS | {"at"})
        ]
        seen = 0
        while level and seen < 60:
            next_level: list[Token] = []
            for token in level:
                seen += 1
                if token.dep_ in ("relcl", "parataxis", "advcl") and token.head.i != verb.i:
                    continue
                if token.lemma_.lower() in self.words["reporting_nouns"]:
                    continue  # "condemned, in a statement in Washington, ...": where it was said
                # A place as the verb's own object is what the act moves or takes, not
                # where it is aimed ("withdrew the United States from the deal").
                if token.head.i == verb.i and token.dep_ in _OBJECTS and token.ent_type_:
                    continue
                if token.dep_ == "pobj" or token.ent_type_ in ("GPE", "LOC"):
                    found = self._place_actors_under(token)
                    if found:
                        return found
                next_level.extend(token.children)
            level = next_level
        return []

    def _place_actors_under(self, token: Token) -> list[Actor]:
        """A country actor for the first place named in ``token``'s phrase, if any."""
        for t in token.subtree:
            actor = self.actor_at[t.i]
            if (
                actor is not None
                and actor.country
                and actor.kind == "country"
                and not actor.evidence.startswith("demonym")
            ):
                return [actor]
            country = self.place_country[t.i]
            if country is not None and not self._in_dateline(t):
                name = self.country_names.get(country, country)
                return [
                    Actor(
                        t.text,
                        t.idx,
                        t.idx + len(t.text),
                        name,
                        country,
                        None,
                        "country",
                        f"place {t.text!r} in {name}",
                    )
                ]
        return []

    def _in_dateline(self, token: Token) -> bool:
        """Whether the token is the dateline ("WASHINGTON —"): where the report was filed."""
        line = self.dateline
        return line is not None and line.start <= token.idx < line.end

    def _intent(self, plover: str):
        """A stated future act as the verbal act it is: intent (AGREE) or threat (THREATEN)."""
        codes = self.lex.modality.get("intent_codes", {}) | self.lex.modality.get(
            "threat_codes", {}
        )
        cameo = codes.get(plover)
        return self.lex.codes.get(str(cameo)) if cameo else None


def _place_countries(doc: Doc, article: Article) -> tuple[list[str | None], dict[str, str]]:
    """For each token, the ISO alpha-3 country of the place it names, if it names one.

    From the places layer when it ran, else from country names and capitals.
    """
    actors = load_lexicon()
    iso3_of = actors.iso3_by_iso2
    names = actors.names_by_iso3
    countries: list[str | None] = [None] * len(doc)
    for place in article.places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        iso3 = iso3_of.get(place.country or "")
        if span is not None and iso3:
            for i in range(span.start, span.end):
                countries[i] = iso3
    if not article.places:
        for ent in doc.ents:
            if ent.label_ not in ("GPE", "LOC"):
                continue
            iso3 = actors.country_names.get(ent.text) or actors.capitals.get(ent.text)
            if iso3:
                for i in range(ent.start, ent.end):
                    countries[i] = iso3
    return countries, names


def _candidates(
    doc: Doc, lexicon: EventLexicon, tags: list[int], lemmas: list[int], lowers: list[int]
) -> tuple[list[int], list[int]]:
    """The verbs and nouns the lexicon may read as triggers, by index, in order.

    Read from the parse's arrays: stepping over every token of every sentence builds a
    Token object each time, and most words are ruled out by their part of speech, the
    rest by their lemma.
    """
    strings = doc.vocab.strings
    verbs: list[int] = []
    nouns: list[int] = []
    for i, tag in enumerate(tags):
        if tag == VERB:
            if strings[lemmas[i]].lower() in lexicon.verb_lemmas:
                verbs.append(i)
        elif tag == NOUN and (
            strings[lemmas[i]].lower() in lexicon.noun_ends or strings[lowers[i]] in lexicon.nouns
        ):
            nouns.append(i)
    return verbs, nouns


def _according_to(lowers: list[int]) -> list[int]:
    """Where "according to" stands, by the index of "according", from the parse's LOWER
    array: not by building every sentence's tokens for each event."""
    according, to = hash_string("according"), hash_string("to")
    return [i for i in range(len(lowers) - 1) if lowers[i] == according and lowers[i + 1] == to]


def _within(indices: list[int], sent: Span) -> list[int]:
    """The ``indices`` (sorted) that fall inside ``sent``."""
    return indices[bisect_left(indices, sent.start) : bisect_left(indices, sent.end)]


def _runs(actor_at: list[Actor | None]) -> list[tuple[int, int]]:
    """The token ranges each actor covers, in order."""
    runs: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(actor_at) + 1):
        if i == len(actor_at) or actor_at[i] is not actor_at[start]:
            if actor_at[start] is not None:
                runs.append((start, i))
            start = i
    return runs


def _ethnic(actor: Actor) -> bool:
    """A people named by a plural demonym ("Albanians", "Kurds"), not a state or its organs."""
    return actor.kind == "group" and (
        actor.evidence == "demonym" or actor.evidence.startswith("named entity NORP")
    )


def _unique(actors: Iterable[Actor]) -> list[Actor]:
    seen: set[tuple[str, str | None, str | None]] = set()
    out: list[Actor] = []
    for actor in actors:
        key = (actor.name, actor.country, actor.sector)
        if key not in seen:
            seen.add(key)
            out.append(actor)
    return out


def _same(actor: Actor, others: list[Actor]) -> bool:
    return any(actor.name == o.name for o in others)


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in noun.children)


def _phrase(token: Token) -> str:
    return token.doc[token.left_edge.i : token.right_edge.i + 1].text


def _clause_depth(token: Token) -> int:
    """How many clauses down from the sentence's main verb the trigger sits."""
    return sum(1 for a in [token, *token.ancestors] if a.dep_ in _CLAUSES)


def _confidence(
    trigger: _Trigger, source: list[Actor], target: list[Actor], status: str, depth: int
) -> float:
    """A rough score: main-clause verbal triggers with both arguments score highest."""
    score = 0.4 + 0.2 * bool(source) + 0.15 * bool(target) - 0.1 * min(depth, 3)
    score += 0.15 if trigger.noun is None else 0.05
    score -= 0.15 if status != "occurred" else 0.0
    return round(min(max(score, 0.05), 0.95), 2)
