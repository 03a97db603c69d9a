"""Places: toponyms that name a location, resolved to a gazetteer entry with a point.

Candidates are spaCy's GPE, LOC and FAC entities and gazetteer matches. A toponym used
as an agent ("Washington said", "Tehran's downing") or inside an actor ("U.S. officials")
is an actor, not a place, and is left out. Each toponym is then resolved against the
article's context: the dateline, a qualifier ("Lebanon, Pa.", "the Iraqi city of
Kirkuk"), the countries and admin regions the article names unambiguously, and the
population of each candidate. The gazetteer is in ``gazetteer.py`` and ``data/places.tsv``.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc, Span, Token

from eventwire.extract.actor_lexicon import load_lexicon
from eventwire.extract.gazetteer import DESIGNATORS, Entry, Gazetteer, load_gazetteer
from eventwire.extract.registry import register
from eventwire.schema import Actor, Article, Place
from eventwire.settings import Settings


def _words(text: str) -> frozenset[str]:
    """A word list written as whitespace-separated words."""
    return frozenset(text.split())


# An uppercase dateline opening the text, a paragraph or a sentence: "BAGHDAD —",
# "PLEASANTON, Calif.--", "HORRY COUNTY, SC (WMBF) -", "WASHINGTON (Reuters) -".
_DATELINE = re.compile(
    r"(?:^|(?<=\n)|(?<=\. )|(?<=\.  ))[ \t]*"
    r"(?P<place>[A-Z][A-Z.'’\-]+(?: [A-Z][A-Z.'’\-]+){0,3})"
    r"(?:, (?P<qualifier>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
    r"(?:[ \t]*\([^)\n]{0,40}\)[ \t]*(?:--|[–—-]|:)?|[ \t]*(?:--|[–—-]|:)"
    r"|(?P<bare> (?=[A-Z][a-z])))"
)
# The article's own dateline stands in its first lines.
_DATELINE_WITHIN = 300
_ENTITY_LABELS = {"GPE", "LOC", "FAC"}
# Entity labels whose spans hold toponyms that are part of a name ("Louisiana Purchase").
_NAME_LABELS = {"PERSON", "ORG", "NORP", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT", "LANGUAGE"}
# Labels of spans that are never toponyms ("in March": a month, not the English town).
_NOT_PLACES = _NAME_LABELS | {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
# spaCy often labels a facility ORG ("MetroHealth Medical Center"): its last word tells.
_FACILITY_WORDS = _words(
    """
    Academy Airport Airfield Ave. Avenue Base Boulevard Bridge Camp Castle Cathedral Center
    Centre Chapel Church Circuit Clinic College Court Courthouse Dam Drive Embassy Estate
    Gardens Hall Highway Hospital Hotel Inn Institute Lane Library Mall Market Mosque Museum
    Palace Park Plantation Port Prison Racecourse Road School Square Stadium Station St.
    Street Synagogue Temple Theatre Theater Tower University Zoo
    """
)
# Prepositions after which a name spaCy took for a person or group is read as a place.
_PLACE_PREPOSITIONS = _words(
    """
    in at near outside inside to into from between across around toward towards throughout
    via within on along beyond
    """
)
# Words after which a capitalized name is read as a location.
_LOCATIVE = _words(
    """
    in at near outside inside from to into across around toward towards within throughout
    through via between off along over beyond of on visit visited visiting
    """
)
# A toponym as the subject of these verbs is an agent, a government or its people acting:
# "Iran accused", "Moscow is accused", "the U.S. would sell". As the subject of other verbs
# it stays a place ("Baghdad was hit", "Hawaii has an aging population").
_AGENT_VERBS = _words(
    """
    say tell announce state declare accuse blame warn threaten demand urge call vow pledge
    promise insist deny claim confirm respond reply react retaliate condemn criticize
    criticise praise welcome reject refuse agree sign ratify approve veto oppose support
    back recognize recognise sanction impose lift expel summon recall negotiate propose
    offer request ask seek want plan decide order deploy send launch invade attack strike
    bomb shell kill shoot seize capture arrest detain release execute sell buy fund finance
    arm sue boycott ban block allow permit join withdraw pull intervene mediate host invite
    pressure push press argue believe hope fear consider investigate probe try attempt
    report write contribute aim intend vote elect appoint win beat defeat lead help assist
    aid provide give grant supply deliver export import trade tax spend pay owe borrow lend
    invest cut raise answer fail lack establish maintain play fire place gain
    """
)
# An object of these verbs is a government or team acted on: "accused Russia of".
_AGENT_OBJECT_VERBS = _words(
    """
    accuse blame charge urge punish support back sanction condemn criticize criticise thank
    praise pressure warn defend beat defeat ally join call ask persuade convince help
    """
)
# Prepositions whose object is a party to a relation, not a location: "talks with Iran",
# "sanctions against Russia" (GeoWebNews: 30 metonyms to 7 places after these).
_PARTY_PREPOSITIONS = {"with", "against"}
# Happenings: a city or region before them is where it happened ("the Kirkuk attack"); a
# country before them is usually who did it ("a U.S. airstrike"), so not a place.
_EVENT_NOUNS = _words(
    """
    attack attacks bombing bombings blast explosion earthquake quake flood floods fire
    wildfire shooting airstrike protest protests rally riots clashes fighting battle siege
    offensive massacre crash storm outbreak election elections primary vote referendum
    """
)
# Head nouns that make a modifying toponym a location: "the Amsterdam airport", "the
# Riverdale area", "a Washington-based group".
_LOCATION_NOUNS = _words(
    """
    airport area areas avenue base beach border borders bridge camp campus capital center
    centre church city coast college countryside county court courthouse district downtown
    facility factory frontier harbor harbour highway hospital hotel intersection island
    junction lake library mall market metro mosque mountains neighborhood neighbourhood
    office offices outskirts park plant port prison province region resort river road
    roundabout school schools sea shore soil square stadium state station street suburb
    suburbs temple territory town university valley village waters zone airspace mainland
    branch store visit trip tour leg marathon festival based location site headquarters jail
    clinic venue home homes community communities hotspot complex property land lands
    """
)
# Passive verbs whose subject is the target of a political act: "Moscow is accused".
_AGENT_PASSIVES = _words(
    """
    accuse blame criticize criticise condemn urge ask sanction pressure warn praise invite
    expel suspend punish call
    """
)
# A possessed noun that makes the possessor an agent: "Tehran's support", "China's decision".
_AGENCY_NOUNS = _words(
    """
    support backing decision response reaction refusal threat demand move policy policies
    stance position warning offer proposal attempt effort efforts ambition ambitions
    interest interests influence involvement role approval rejection withdrawal retaliation
    invasion annexation occupation aggression action actions behavior behaviour downing
    attack attacks strike strikes campaign program programme plan plans bid claim claims
    accusation accusations allegations request commitment pledge promise intervention
    sanctions tariffs help aid failure agreement deal relations ties ally allies enemy
    enemies rival rivals partner partners proxy proxies team practice practices export
    exports import imports protection mission expertise attitude approach tactic tactics
    cooperation willingness reluctance quest departure strategy demarche squad side win
    victory defeat loss vote veto view views concern concerns opposition consent permission
    blessing say envoy ambassador delegation representative representatives leader leaders
    leadership government regime administration president minister military army navy forces
    troops embassy officials
    """
)
# The designator words that make a name an admin region: "Idlib province", "Oaxaca State".
_DESIGNATOR_WORDS = {d.lower() for d in DESIGNATORS}
_CITY_WORDS = {"city", "town", "village", "capital"}
# A demonym names its country's territory before these nouns: "the Syrian border", "on
# Syrian soil", "the Greek islands" (elsewhere "Iranian" is an actor, not a place).
_TERRITORY_NOUNS = _words(
    """
    border borders frontier capital city town village villages island islands coast
    coastline enclave region territory soil waters airspace side mainland countryside
    province towns cities states provinces regions bases airbases farms factories beaches
    jails prisons ports airports hospitals streets roads shores
    """
)

# Scores: a table entry (landmark, region) beats a country beats an admin region beats a
# city; among cities, log10(population) decides unless the context outweighs it. The
# context can add at most 1.5 (country) + 1.5 (admin region) + 1 (dateline): enough for
# "Lebanon, Pa."-style local stories to keep a small town, not enough for one mention of
# the U.S. to move London to Ohio. Calibrated as a set on GeoWebNews; change them together.
_BASE = {"landmark": 11.0, "region": 11.0, "country": 10.0, "admin region": 9.5, "city": 0.0}
_CONTEXT_COUNTRY = 1.0
_CONTEXT_MANY = 3
_CONTEXT_COUNTRY_MANY = 0.5
_CONTEXT_ADMIN = 1.5
_CONTEXT_ADMIN_CITY = 0.75
_CONTEXT_NEIGHBOUR = 0.25
_DATELINE_BONUS = 1.0
_DATELINE_CAPITAL = 3.0
_ALTERNATE_PENALTY = 1.5
# A city found only by the gazetteer (spaCy saw no place) must be at least this big.
_GAZETTEER_ONLY_POPULATION = 1_000
# A city this big is a city even where spaCy calls it a person or group.
_MISLABELED_CITY_POPULATION = 100_000
# A dateline with no dash or agency ("LONDON Pope Francis...") must name a big place.
_BARE_DATELINE_POPULATION = 100_000


@dataclass
class _Mention:
    start: int  # token offsets
    end: int
    text: str  # the surface form looked up
    candidates: list[Entry]
    from_entity: str | None
    qualifier: list[Entry] = field(default_factory=list)
    hint: str | None = None  # "city" after "the city of"
    resolved: Entry | None = None


@dataclass
class _Context:
    """What the article has said about where it is: countries, admin regions, dateline."""

    countries: Counter[str] = field(default_factory=Counter)
    admin_regions: Counter[tuple[str | None, str | None]] = field(default_factory=Counter)
    cities_in: Counter[tuple[str | None, str | None]] = field(default_factory=Counter)
    dateline: Entry | None = None

    def add(self, entry: Entry, weight: int = 1) -> None:
        """Count ``entry`` in the context (a negative weight takes it out again)."""
        if entry.country:
            self.countries[entry.country] += weight
        if entry.feature == "admin region":
            self.admin_regions[(entry.country, entry.admin1)] += weight
        elif entry.feature == "city" and entry.admin1:
            self.cities_in[(entry.country, entry.admin1)] += weight

    def bonus(self, entry: Entry, gazetteer: Gazetteer) -> float:
        """How much the context favours ``entry`` (see the weights above)."""
        if not entry.country:
            return 0.0
        count = self.countries[entry.country]
        score = _CONTEXT_COUNTRY if count > 0 else 0.0
        if count >= _CONTEXT_MANY:
            score += _CONTEXT_COUNTRY_MANY
        if self.dateline is not None and entry.country == self.dateline.country:
            score += _DATELINE_BONUS
        key = (entry.country, entry.admin1)
        if entry.feature == "admin region":
            return score + (_CONTEXT_ADMIN_CITY if self.cities_in[key] > 0 else 0.0)
        if entry.feature != "city":
            return score
        if self.admin_regions[key] > 0:
            score += _CONTEXT_ADMIN
        elif self.cities_in[key] > 0:
            score += _CONTEXT_ADMIN_CITY
        if any(self.countries[n] > 0 for n in gazetteer.neighbours(entry.country)):
            score += _CONTEXT_NEIGHBOUR
        return score


@register("places")
def extract_places(doc: Doc, article: Article, settings: Settings) -> list[Place]:
    """Every toponym that names a location, left to right, resolved where the gazetteer can."""
    return _Extractor(doc, article.text, article.actors, load_gazetteer()).run()


def dateline(text: str) -> Place | None:
    """The place the article's uppercase dateline names ("BAGHDAD —"), if it has one."""
    gazetteer = load_gazetteer()
    for (start, end, name), qualifier in _datelines(text, gazetteer):
        if start > _DATELINE_WITHIN:
            break
        qualifiers = _lookup(gazetteer, qualifier[2]) if qualifier else []
        entry = _resolve_dateline(gazetteer, _lookup(gazetteer, name), qualifiers)
        return _place(text[start:end], start, end, entry, "city")
    return None


_Part = tuple[int, int, str]


# The places extractor and the events coder (through ``dateline``) both ask it of the same
# article, one after the other: the scan runs the pattern at every character of the text.
@functools.lru_cache(maxsize=4)
def _datelines(text: str, gazetteer: Gazetteer) -> tuple[tuple[_Part, _Part | None], ...]:
    """Every dateline in the text whose place or qualifier the gazetteer knows."""
    found = []
    for match in _DATELINE.finditer(text):
        name = match.group("place")
        if sum(c.isalpha() for c in name) < 3:
            continue
        qualifier = None
        if match.group("qualifier"):
            qualifier = (*match.span("qualifier"), match.group("qualifier"))
        entries = _lookup(gazetteer, name)
        if match.group("bare") is not None and not (
            match.start() == 0 or text[match.start() - 1] == "\n"
        ):
            continue
        if match.group("bare") is not None and not any(
            e.feature != "city" or abs(e.population) >= _BARE_DATELINE_POPULATION for e in entries
        ):
            continue
        if not entries and not (qualifier and _lookup(gazetteer, qualifier[2])):
            continue
        found.append(((*match.span("place"), name), qualifier))
    return tuple(found)


def _lookup(gazetteer: Gazetteer, text: str) -> list[Entry]:
    """Entries for a surface form, trying Title Case for an all-capitals one ("BAGHDAD")."""
    forms = [text]
    if text.isupper() and len(text) > 3:
        forms.append(text.title())
    for form in forms:
        if not gazetteer.knows(form) and not (len(form) == 2 and form.isupper()):
            continue
        found = gazetteer.lookup(form)
        if len(form) == 2 and form.isupper():
            # A postal code ("SC") is a U.S. state only as a qualifier.
            found = found + [e for e in _us_postal(gazetteer, form)]
        alternates = gazetteer.lookup_alternate(form)
        if found or alternates:
            known = {e.geonameid for e in found if e.geonameid}
            return found + [_alternate(e) for e in alternates if e.geonameid not in known]
    return []


def _us_postal(gazetteer: Gazetteer, code: str) -> list[Entry]:
    state = gazetteer.admin_region("US", code)
    return [state] if state else []


def _alternate(entry: Entry) -> Entry:
    # Marked by a negative population so scoring can tell an alternate-name match.
    return Entry(
        entry.name,
        entry.feature,
        entry.country,
        entry.admin1,
        entry.lat,
        entry.lon,
        -max(entry.population, 1),
        entry.geonameid,
    )


def _resolve_dateline(
    gazetteer: Gazetteer, entries: list[Entry], qualifiers: list[Entry]
) -> Entry | None:
    entries = _within(entries, qualifiers) or entries
    best, best_score = None, -math.inf
    for e in entries:
        score = _BASE[e.feature] + _population_score(e)
        if e.feature == "city" and gazetteer.capital(e.country) == e.name:
            score += _DATELINE_CAPITAL  # an unqualified dateline is a capital or a big city
        if score > best_score:
            best, best_score = e, score
    return best


def _within(entries: list[Entry], qualifiers: list[Entry]) -> list[Entry]:
    """The entries that lie in one of the qualifying countries or admin regions."""
    kept = []
    for e in entries:
        for q in qualifiers:
            if e is q or e.country != q.country:
                continue
            if q.feature == "country" or (q.feature == "admin region" and e.admin1 == q.admin1):
                kept.append(e)
                break
    return kept


def _population_score(entry: Entry) -> float:
    score = math.log10(abs(entry.population) + 1)
    return score - _ALTERNATE_PENALTY if entry.population < 0 else score


class _Extractor:
    """One article's toponyms: candidates, filters, then resolution in context."""

    def __init__(self, doc: Doc, text: str, actors: list[Actor], gazetteer: Gazetteer) -> None:
        self.doc = doc
        # The article's text, which is the doc's: Doc.text would join every token anew.
        self.text = text
        # Token texts and offsets read once, from the parse's arrays: every doc[i] (and each
        # step over the doc) builds a new Token object, and the gazetteer scan below tries up
        # to eight spans at each capitalized word.
        offsets = doc.to_array([IDX, LENGTH]).tolist()
        self.starts = [start for start, _ in offsets]
        self.words = [text[start : start + length] for start, length in offsets]
        self.capitalized = [_capitalized_text(w) for w in self.words]
        self.gazetteer = gazetteer
        self.lexicon = load_lexicon(None)
        self.actors = actors
        self.taken = [False] * len(doc)
        self.dateline_entry: Entry | None = None
        # Doc.ents builds every entity's Span anew on each read.
        self.ents = doc.ents
        # Surnames of the people the article names in full ("Jordan" after "Michael Jordan").
        self.surnames = {
            ent[-1].text for ent in self.ents if ent.label_ == "PERSON" and len(ent) > 1
        }

    def run(self) -> list[Place]:
        mentions = self._dateline()
        mentions += self._entity_mentions()
        mentions += self._gazetteer_mentions()
        mentions += self._demonym_mentions()
        mentions.sort(key=lambda m: m.start)
        literal = [self._literal(m) for m in mentions]
        for i in range(1, len(mentions)):
            # "Severn, Md. man": a qualifier is as literal as the place it qualifies.
            if self._qualifies(mentions[i - 1], mentions[i]):
                literal[i] = literal[i - 1]
        mentions = [m for m, keep in zip(mentions, literal, strict=True) if keep]
        self._qualify(mentions)
        self._resolve(mentions)
        return [self._to_place(m) for m in mentions]

    # -- candidates ---------------------------------------------------------------------

    def _dateline(self) -> list[_Mention]:
        mentions = []
        for place, qualifier in _datelines(self.text, self.gazetteer):
            parts = [place] + ([qualifier] if qualifier else [])
            found = []
            for start, end, text in parts:
                span = self.doc.char_span(start, end, alignment_mode="expand")
                if span is None or any(self.taken[span.start : span.end]):
                    continue
                entries = _lookup(self.gazetteer, text)
                found.append(_Mention(span.start, span.end, text, entries, "DATELINE"))
                self._take(span.start, span.end)
            if not found or found[0].text != place[2]:
                continue
            qualifiers = found[1].candidates if len(found) == 2 else []
            entry = _resolve_dateline(self.gazetteer, found[0].candidates, qualifiers)
            found[0].resolved = entry
            if len(found) == 2 and entry is not None:
                found[1].resolved = self._best_qualifier(entry, qualifiers)
            if self.dateline_entry is None and place[0] <= _DATELINE_WITHIN:
                self.dateline_entry = entry
            mentions.extend(found)
        return mentions

    def _best_qualifier(self, entry: Entry, qualifiers: list[Entry]) -> Entry | None:
        for q in qualifiers:
            if _within([entry], [q]):
                return q
        return qualifiers[0] if qualifiers else None

    def _entity_mentions(self) -> list[_Mention]:
        mentions = []
        for ent in self.ents:
            if any(self.taken[ent.start : ent.end]):
                continue
            span = _trim(ent)
            if span is None:
                continue
            text = span.text
            entries = _lookup(self.gazetteer, text)
            if ent.label_ in _ENTITY_LABELS:
                extended = self._extend(span)
                if extended is not None:
                    span, entries = extended
                if not entries and (len(span) == 1 or self._person(span)):
                    # A one-word "place" no gazetteer knows is nearly always a name or an
                    # acronym spaCy mislabeled (GeoWebNews: 12 places to 60 others).
                    continue
                mentions.append(_Mention(span.start, span.end, span.text, entries, ent.label_))
                self._take(span.start, span.end)
            elif self._mislabeled(span, ent.label_, entries):
                mentions.append(_Mention(span.start, span.end, text, entries, ent.label_))
                self._take(span.start, span.end)
        return mentions

    def _mislabeled(self, span: Span, label: str, entries: list[Entry]) -> bool:
        """A place spaCy labeled ORG, PERSON or NORP ("the White House", "in Tunis")."""
        if span[-1].text in _FACILITY_WORDS or span[0].text in _FACILITY_WORDS:
            return len(span) > 1 and not self._known_actor(span)
        if not entries:
            return False
        if any(e.feature != "city" for e in entries):
            return True
        if label not in ("PERSON", "ORG", "NORP") or self._known_actor(span):
            return False
        # A city taken for a person or group: only a name known nowhere as a person's, where
        # a place is expected ("in Nelson", "the Nelson office"); "Nelson said" stays a person.
        if len(span) == 1 and span.text in self.surnames:
            return False
        if max(abs(e.population) for e in entries) >= _MISLABELED_CITY_POPULATION:
            return True  # "Kirkuk was hit" with Kirkuk taken for a person
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        if root.dep_ == "pobj":
            return root.head.lower_ in _PLACE_PREPOSITIONS
        return root.dep_ in ("compound", "poss") and _locative_noun(root.head)

    def _person(self, span: Span) -> bool:
        """A name spaCy took for a place that the article shows to be a person's."""
        return (len(span) == 1 and span.text in self.surnames) or any(
            actor.kind == "person" and not actor.evidence.startswith("named entity")
            for actor in self._actors_over(span)
        )

    def _known_actor(self, span: Span) -> bool:
        """Whether the actors layer knows this span as someone, not from spaCy's label alone."""
        return any(not a.evidence.startswith("named entity") for a in self._actors_over(span))

    def _actors_over(self, span: Span) -> list[Actor]:
        """The actor mentions that overlap ``span``."""
        return [a for a in self.actors if a.start < span.end_char and span.start_char < a.end]

    def _extend(self, span: Span) -> tuple[Span, list[Entry]] | None:
        """A longer gazetteer name starting at the entity ("Kirkuk province")."""
        doc = self.doc
        end = span.end
        if end < len(doc) and doc[end].lower_ in _DESIGNATOR_WORDS:
            admins = self.gazetteer.admin_regions_named(span.text)
            if admins:
                return doc[span.start : end + 1], admins
        for length in range(self.gazetteer.max_words, 0, -1):
            stop = span.start + length
            if stop <= span.end or stop > len(doc):
                continue
            text = self._span_text(span.start, stop)
            found = self.gazetteer.lookup(text) if self.gazetteer.knows(text) else []
            if found:
                return doc[span.start : stop], found
        return None

    def _span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``, sliced from the text without building the Span."""
        return self.text[self.starts[start] : self.starts[end - 1] + len(self.words[end - 1])]

    def _gazetteer_mentions(self) -> list[_Mention]:
        doc = self.doc
        mentions = []
        i = 0
        while i < len(doc):
            if self.taken[i] or not self.capitalized[i]:
                i += 1
                continue
            found = None
            for length in range(min(self.gazetteer.max_words, len(doc) - i), 0, -1):
                if any(self.taken[i : i + length]):
                    continue
                last = i + length - 1
                if not self.capitalized[last] and not self.words[last].endswith("."):
                    continue
                entries = _lookup(self.gazetteer, self._span_text(i, i + length))
                if entries:
                    found = (doc[i : i + length], entries)
                    break
            if found is None:
                i += 1
                continue
            span, entries = found
            if self._plausible(span, entries):
                end = span.end
                if end < len(doc) and doc[end].lower_ in _DESIGNATOR_WORDS:
                    admins = self.gazetteer.admin_regions_named(span.text)
                    if admins:
                        span, entries = doc[span.start : end + 1], admins
                mentions.append(_Mention(span.start, span.end, span.text, entries, None))
                self._take(span.start, span.end)
            i = span.end
        return mentions

    def _demonym_mentions(self) -> list[_Mention]:
        """Demonyms naming their country's territory: "the Syrian-Turkish border"."""
        doc = self.doc
        mentions = []
        for i, word in enumerate(self.words):
            iso3 = self.lexicon.demonyms.get(word)
            if iso3 is None or self.taken[i]:
                continue
            token = doc[i]
            j = token.i + 1
            while j < len(doc) and (
                doc[j].text in ("-", "and") or doc[j].text in self.lexicon.demonyms
            ):
                j += 1
            if j >= len(doc) or doc[j].lower_ not in _TERRITORY_NOUNS:
                continue
            country = self.lexicon.countries.get(iso3)
            entry = self.gazetteer.country(country.iso2) if country else None
            if entry is not None:
                mention = _Mention(token.i, token.i + 1, token.text, [entry], "DEMONYM")
                mention.resolved = entry
                mentions.append(mention)
                self._take(token.i, token.i + 1)
        return mentions

    def _plausible(self, span: Span, entries: list[Entry]) -> bool:
        """Whether a gazetteer match spaCy did not tag is a toponym, not a common word."""
        doc = self.doc
        if span.text in self.lexicon.demonyms:
            return False
        inside = {t.ent_type_ for t in span} & _NOT_PLACES
        if inside:
            return False
        if len(span) == 2 and span.text.isupper():
            return False  # postal codes only as qualifiers or in datelines
        first = span[0]
        after = doc[span.end] if span.end < len(doc) else None
        if after is not None and after.pos_ == "PROPN" and _capitalized(after):
            return False  # part of a longer name: "Marjory Stoneman Douglas High School"
        if any(e.feature != "city" for e in entries):
            return first.pos_ == "PROPN" or not first.is_sent_start
        if any(t.pos_ != "PROPN" for t in span if t.is_alpha and not t.is_stop):
            return False
        if max(abs(e.population) for e in entries) < _GAZETTEER_ONLY_POPULATION:
            return False
        before = doc[span.start - 1] if span.start > 0 else None
        if before is not None and before.lower_ in _LOCATIVE:
            return True
        return span.root.dep_ == "compound" and _locative_noun(span.root.head)

    def _take(self, start: int, end: int) -> None:
        for i in range(start, end):
            self.taken[i] = True

    # -- literal or not -----------------------------------------------------------------

    def _literal(self, m: _Mention) -> bool:
        """Whether the toponym names a location here, rather than an agent or an actor."""
        if m.from_entity in ("DATELINE", "DEMONYM"):
            return True
        span = self.doc[m.start : m.end]
        if self._inside_actor(span):
            return False
        if span.text in self.lexicon.demonyms:
            return False
        root = span.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        head, dep = root.head, root.dep_
        lemma = head.lemma_.lower()
        if self._institution(span):
            # "the Pentagon said", "the White House": a building standing for who works
            # there is a place only where something happens at it ("at the White House").
            return dep == "pobj" and head.lower_ in _PLACE_PREPOSITIONS
        if dep == "nsubj" or dep == "csubj":
            return lemma not in _AGENT_VERBS
        if dep == "nsubjpass":
            return lemma not in _AGENT_PASSIVES
        if dep in ("agent", "dative"):
            return False
        if dep == "pobj":
            if head.lower_ in _PARTY_PREPOSITIONS:
                return _locative_noun(head.head)  # "the border with Mexico" is a place
            # "funded by Iran": the agent of a passive verb.
            return not (head.lower_ == "by" and head.head.tag_ == "VBN")
        if dep == "dobj":
            return lemma not in _AGENT_OBJECT_VERBS
        if dep == "poss":
            return not (
                self._agency(head)
                or (
                    m.from_entity == "GPE"
                    and head.pos_ == "PROPN"
                    and head.ent_type_ in ("PERSON", "ORG")
                )
            )
        if dep in ("compound", "amod", "nmod"):
            if m.from_entity in ("FAC", "LOC") and len(span) > 1:
                return True
            if any(e.feature in ("landmark", "region") for e in m.candidates):
                return True
            if head.lower_ in _EVENT_NOUNS or lemma in _EVENT_NOUNS:
                return not all(e.feature == "country" for e in m.candidates)
            return _locative_noun(head) or _hyphenated_to(span, "based")
        return True

    def _agency(self, noun: Token) -> bool:
        """A noun for what an agent does or who acts for it: "decision", "minister"."""
        words = (noun.lower_, noun.lemma_.lower())
        return any(w in _AGENCY_NOUNS or w in self.lexicon.roles for w in words)

    def _institution(self, span: Span) -> bool:
        """Whether the actor dictionary names this span: "Pentagon", "Kremlin", "EU"."""
        return any(
            a.start <= span.start_char
            and a.end >= span.end_char
            and a.evidence.startswith("dictionary")
            for a in self.actors
        )

    def _inside_actor(self, span: Span) -> bool:
        """Part of a longer actor: "U.S. officials", "Iraq's counterterrorism force"."""
        start, end = span.start_char, span.end_char
        for actor in self.actors:
            if actor.end <= start or actor.start >= end:
                continue
            if actor.kind == "country" or actor.evidence == "capital as metonym":
                continue
            if actor.start <= start and actor.end >= end and actor.end - actor.start > end - start:
                before = self.text[actor.start : start].strip().lower()
                if actor.end == end and before in ("", "the", "a", "an"):
                    continue  # the same name with its article: "the South Kilburn Estate"
                return True
        return False

    # -- resolution ---------------------------------------------------------------------

    def _qualify(self, mentions: list[_Mention]) -> None:
        """Qualifiers and hints from the words around each toponym."""
        doc = self.doc
        for a, b in itertools.pairwise(mentions):
            # "Lebanon, Pa.", "Pleasanton, Calif.", "Tacoma, Washington": B qualifies A,
            # and is the country or admin region that holds A.
            if not a.qualifier and self._qualifies(a, b):
                a.qualifier = self._qualifying(b)
                b.candidates = [q for q in a.qualifier if _within(a.candidates, [q])]
        for m in mentions:
            before = doc[max(m.start - 4, 0) : m.start]
            words = [t.lower_ for t in before]
            if words[-2:-1] and words[-1] == "of" and words[-2] in _CITY_WORDS:
                m.hint = "city"
                for token in before:
                    iso3 = self.lexicon.demonyms.get(token.text)
                    country = self.lexicon.countries.get(iso3) if iso3 else None
                    if country and not m.qualifier:
                        m.qualifier = [e for e in [self.gazetteer.country(country.iso2)] if e]
            elif words[-2:-1] and words[-1] == "of" and words[-2] in _DESIGNATOR_WORDS:
                admins = self.gazetteer.admin_regions_named(m.text)
                if admins:
                    m.candidates = admins
            elif m.end < len(doc) and doc[m.end].lower_ in _CITY_WORDS - {"capital"}:
                m.hint = "city"

    def _qualifying(self, m: _Mention) -> list[Entry]:
        """The countries and admin regions a mention could name, as a qualifier."""
        if len(m.text) == 2 and m.text.isupper():
            return _us_postal(self.gazetteer, m.text)
        found = [e for e in m.candidates if e.feature in ("country", "admin region")]
        # "Washington" alone is the capital; after a comma it is the state.
        found += [e for e in self.gazetteer.admin_regions_named(m.text) if e not in found]
        return found

    def _qualifies(self, a: _Mention, b: _Mention) -> bool:
        """Whether ``b`` follows ``a`` after a comma and contains one of its candidates."""
        if b.start != a.end + 1 or self.doc[a.end].text != ",":
            return False
        qualifying = self._qualifying(b)
        return bool(qualifying) and bool(_within(a.candidates, qualifying))

    def _resolve(self, mentions: list[_Mention]) -> None:
        context = _Context()
        if self.dateline_entry is not None:
            context.dateline = self.dateline_entry
            context.add(self.dateline_entry, weight=2)
        for actor in self.actors:
            # Every country the actors name ("Russian diplomats", "Britain said") is context.
            country = self.lexicon.countries.get(actor.country or "")
            if country is not None:
                context.countries[country.iso2] += 1
        self._list_hints(mentions)
        fixed = []
        for m in mentions:
            choices = self._choices(m)
            if m.resolved is None and len(choices) == 1:
                m.resolved = choices[0]
            fixed.append(m.resolved is not None)
            if m.resolved is not None:
                context.add(m.resolved)
        # First pass: each toponym in the light of those before it. Second pass: each in
        # the light of all the others ("Georgia" before "Atlanta and Savannah").
        for m, done in zip(mentions, fixed, strict=True):
            if not done:
                m.resolved = self._best(m, context)
                if m.resolved is not None:
                    context.add(m.resolved)
        for m, done in zip(mentions, fixed, strict=True):
            if done or m.resolved is None:
                continue
            context.add(m.resolved, weight=-1)
            m.resolved = self._best(m, context)
            if m.resolved is not None:
                context.add(m.resolved)
        chosen: dict[str, Entry] = {}
        for m, done in zip(mentions, fixed, strict=True):
            if m.resolved is None:
                continue
            if not done and not m.qualifier and not m.hint and m.text in chosen:
                m.resolved = chosen[m.text]  # one sense per article
            chosen.setdefault(m.text, m.resolved)

    def _list_hints(self, mentions: list[_Mention]) -> None:
        """A toponym listed with admin regions is one too: "Oregon, Alaska and Washington"."""
        by_token = {m.start: m for m in mentions}
        for m in mentions:
            if m.hint or m.qualifier:
                continue
            root = self.doc[m.start : m.end].root
            siblings = [by_token.get(t.left_edge.i) or by_token.get(t.i) for t in root.conjuncts]
            kinds = Counter(
                e.feature
                for s in siblings
                if s is not None
                for e in s.candidates[:1]
                if len(s.candidates) == 1 or e.feature != "city"
            )
            if kinds and kinds.most_common(1)[0][0] == "admin region":
                admins = [e for e in m.candidates if e.feature == "admin region"]
                admins += [a for a in self.gazetteer.admin_regions_named(m.text) if a not in admins]
                if admins:
                    m.candidates = admins

    def _choices(self, m: _Mention) -> list[Entry]:
        entries = m.candidates
        if m.qualifier:
            entries = _within(entries, m.qualifier) or entries
        if m.hint == "city":
            entries = [e for e in entries if e.feature == "city"] or entries
        # "England" names the admin region of the UK, not the UK itself.
        admin_countries = {e.country for e in entries if e.feature == "admin region"}
        return [e for e in entries if not (e.feature == "country" and e.country in admin_countries)]

    def _best(self, m: _Mention, context: _Context) -> Entry | None:
        best, best_score = None, -math.inf
        for e in self._choices(m):
            score = _BASE[e.feature] + context.bonus(e, self.gazetteer)
            if e.feature == "city":
                score += _population_score(e)
            if score > best_score:
                best, best_score = e, score
        return best

    def _to_place(self, m: _Mention) -> Place:
        span = self.doc[m.start : m.end]
        text, start, end = span.text, span.start_char, span.end_char
        if m.from_entity == "DATELINE":
            start = self.text.find(m.text, start)
            text, end = m.text, start + len(m.text)
        return _place(text, start, end, m.resolved, _guess_feature(span, m.from_entity))


def _place(text: str, start: int, end: int, entry: Entry | None, feature: str) -> Place:
    if entry is None:
        return Place(text, start, end, text, None, None, None, None, None, feature)
    return Place(
        text,
        start,
        end,
        entry.name,
        entry.geonameid,
        entry.country,
        entry.admin1,
        entry.lat,
        entry.lon,
        entry.feature,
    )


def _guess_feature(span: Span, label: str | None) -> str:
    """The feature of a toponym the gazetteer does not know, from its label and last word."""
    last = span[-1].text
    if last in DESIGNATORS or last.lower() in _DESIGNATOR_WORDS:
        return "admin region"
    if label == "FAC" or last in _FACILITY_WORDS or span[0].text in _FACILITY_WORDS:
        return "landmark"
    if label == "LOC":
        return "region"
    return "city"


def _trim(span: Span) -> Span | None:
    """The entity without a leading article or trailing possessive ("the Gulf")."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and doc[end - 1].text in ("'s", "’s", "'", "’"):
        end -= 1
    return doc[start:end] if end > start else None


def _capitalized(token: Token) -> bool:
    return _capitalized_text(token.text)


def _capitalized_text(word: str) -> bool:
    return word[:1].isupper() or word[:3] in ("al-", "el-")


def _hyphenated_to(span: Span, word: str) -> bool:
    """Whether the span is hyphenated to ``word``: "Washington-based"."""
    doc, end = span.doc, span.end
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == word


def _locative_noun(noun: Token) -> bool:
    """A noun for a place, or a place's name: "the Riverdale area", "the Delft station"."""
    return (
        noun.lower_ in _LOCATION_NOUNS
        or noun.lemma_.lower() in _LOCATION_NOUNS
        or noun.ent_type_ in _ENTITY_LABELS
        or noun.text in _FACILITY_WORDS
    )
