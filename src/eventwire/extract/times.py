"""Temporal expressions ("Thursday", "Dec. 27", "two weeks ago"), normalized TimeML-style.

HeidelTime's design at spaCy's cost: the rules of ``data/times.yaml`` (regular
expressions over the text, built from its word lists) find expressions, and read the
DATE/TIME entities spaCy found that no rule found on its own. Each expression gets a
TIMEX3 value; relative ones ("Thursday", "In June", "last week") are resolved against
the publication date, in the direction of the tense of the verb that governs them.
"""

from __future__ import annotations

import calendar
import functools
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from importlib import resources
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from eventwire.extract.regex_openings import openings
from eventwire.extract.registry import register
from eventwire.schema import Article, Time
from eventwire.settings import Settings

log = logging.getLogger(__name__)

# A space in a rule pattern: blanks or a hyphen ("five-hour", "late November"), on one line
# or across one line break, never across a blank line (a new paragraph).
_SEP = r"[^\S\n]*[\s-][^\S\n]*"
# An expression neither starts nor ends inside a word; "44-year-old" is an age, not a time.
_BEFORE = r"(?<!\w)"
_AFTER = r"(?!\w|-[a-z])"
_TORN = re.compile(r"\w|-[a-z]")
_PLACEHOLDER = re.compile(r"\{(\w+)\}| ")
_GROUP_NAME = re.compile(r"\(\?P<\w+>")
_DIGITS = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:[^\S\n]+(1)/(2))?")
_KEY_SPACES = re.compile(r"[\s-]+")
_CALENDAR_VALUE = re.compile(r"^\d{4}(?:-\d\d)?(?:-\d\d)?$")
_DAY_VALUE = re.compile(r"^\d{4}-\d\d-\d\d$")
_QUOTES = str.maketrans("’‘", "''")
_TIME_LABELS = {"DATE", "TIME"}
_VERBS = {"VERB", "AUX"}
# Tokens that join two expressions inside one spaCy entity ("between 1994 and 1997").
_JOINERS = {"and", "or", "to", "through", "until", "till", "-", "–", "—", ",", "/"}
_PAST_AUX = {"has", "have", "'ve", "had"}
# A month or day named without a year is the one this close to the publication date,
# whatever the tense ("the Jan. 14 deadline" in a past-tense sentence of Jan. 5): news
# names far-off days with their year. On TempEval-3 AQUAINT value accuracy is flat from
# 20 to 45 days, 0.7 points above none, and falls at 90.
_NEAR_DAYS = 45
# How many characters of a match's opening the gate checks before trying the rules. On
# 1,276 articles (the sample, PLOVER, AQUAINT, GeoWebNews, PolNeAR train) the gate's scan
# took 4.9 ms an article with no check, 1.3 with 4 characters, 0.9 with 5, 0.6 with 6; 6
# costs 0.5 s more to build once, 5 costs 0.1 s.
_OPENING_WIDTH = 5
# Finer units a fraction is given in: 1.5 years is P1Y6M, 5 1/2 hours PT5H30M.
_FINER = {
    ("Y", False): ("M", False, 12),
    ("W", False): ("D", False, 7),
    ("D", False): ("H", True, 24),
    ("H", True): ("M", True, 60),
    ("M", True): ("S", True, 60),
}


@dataclass(frozen=True)
class _Unit:
    name: str
    designator: str
    factor: int
    time: bool
    vague: str


@dataclass(frozen=True)
class _Rule:
    pattern: str
    regex: re.Pattern[str]
    norm: str
    find: bool


@dataclass(frozen=True)
class _Lexicon:
    months: dict[str, int]
    weekdays: dict[str, int]
    numbers: dict[str, float]
    scales: dict[str, float]
    units: dict[str, _Unit]
    parts_of_day: dict[str, str]
    clock_words: dict[str, str]
    seasons: dict[str, tuple[str, int]]
    relative: dict[str, int]
    references: dict[str, str]
    day_words: dict[str, int]
    set_words: dict[str, str]
    ordinals: dict[str, int]
    decade_words: dict[str, int]
    holidays: dict[str, tuple[str, Any]]
    needs_entity: frozenset[str]
    trim_before: frozenset[str]
    trim_after: frozenset[str]
    future_auxiliaries: frozenset[str]
    planning_verbs: frozenset[str]
    abbreviations: frozenset[str]
    rules: tuple[_Rule, ...]
    #: Where any finding rule matches: the places worth trying each rule at.
    gate: re.Pattern[str]


@dataclass
class _Item:
    """One expression: where it is, the rule that read it, and (once resolved) its value."""

    start: int
    end: int
    rule: _Rule
    match: re.Match[str]
    value: str = ""
    type: str = ""
    anchored: bool = False


@dataclass
class _Context:
    doc: Doc
    text: str
    low: str
    anchor: date | None
    lex: _Lexicon
    entity_mask: bytearray
    #: The last calendar value the article named before the expression being read.
    reference: str | None = None
    #: Day-level values found in each sentence, for clock times ("10:35 a.m. Friday").
    sentence_days: dict[int, list[tuple[int, str]]] = field(default_factory=dict)


@dataclass(frozen=True)
class _Value:
    value: str
    type: str
    anchored: bool


def _key(text: str) -> str:
    """The form a word-list entry and a captured word are compared in."""
    return _KEY_SPACES.sub(" ", text.strip().lower()).rstrip(".")


def _keyed(mapping: dict[str, Any]) -> dict[str, Any]:
    return {_key(str(k)): v for k, v in mapping.items()}


def _abbreviated(names: dict[str, int]) -> str:
    """Month or day names, the abbreviations with an optional period ("Aug." "Aug" "August")."""
    full = {max((k for k, v in names.items() if v == n), key=len) for n in set(names.values())}
    return _alternation(full) + "|" + rf"(?:{_alternation(set(names) - full)})\.?"


def _alternation(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, a space matching any separator."""
    keys = sorted({_key(w) for w in words}, key=len, reverse=True)
    return "|".join(_SEP.join(re.escape(part) for part in k.split(" ")) for k in keys)


def _placeholders(raw: dict[str, Any], units: dict[str, _Unit]) -> dict[str, str]:
    # "a"/"an" counts one alone ("a decade") or before a scale ("a hundred years"), never
    # before another number ("a five-hour meeting" is five hours).
    words = _alternation([w for w in [*raw["numbers"], *raw["scales"]] if w not in ("a", "an")])
    article = rf"(?:an?{_SEP}(?=(?:{_alternation([*raw['scales'], 'half', 'couple'])})\b))?"
    holidays = [name for group in raw["holidays"].values() for name in group]
    plural = [form for form, unit in units.items() if form != unit.name]
    return {
        "month": rf"(?P<month>{_abbreviated(raw['months'])})",
        "mm": r"(?P<month>1[0-2]|0?[1-9])",
        "day": r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?",
        "year": r"(?P<year>(?:1\d|20)\d\d)(?!\d)",
        "yy": r"'(?P<yy>\d\d)",
        "weekday": rf"(?P<weekday>{_abbreviated(raw['weekdays'])})",
        "number": (
            rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:[^\S\n]+1/2)?"
            rf"|half{_SEP}an?|{article}(?:{words})(?:{_SEP}(?:{words}))*|an?)"
        ),
        "few": rf"(?P<few>{_alternation(raw['few'])})",
        "unit": rf"(?P<unit>{_alternation(units)})",
        "units": rf"(?P<unit>{_alternation(plural)})",
        "pod": rf"(?P<pod>{_alternation(raw['parts_of_day'])})",
        "clockword": rf"(?P<clockword>{_alternation(raw['clock_words'])})",
        "season": rf"(?P<season>{_alternation(raw['seasons'])})",
        "rel": rf"(?P<rel>{_alternation(raw['relative'])})",
        "mod": rf"(?P<mod>{_alternation(raw['modifiers'])})",
        "ref": rf"(?P<ref>{_alternation(raw['references'])})",
        "dayword": rf"(?P<dayword>{_alternation(raw['day_words'])})",
        "setword": rf"(?P<setword>{_alternation(raw['set_words'])})",
        "holiday": rf"(?P<holiday>{_alternation(holidays)})",
        "hour": r"(?P<hour>2[0-3]|1\d|0?\d)",
        "minute": r"(?P<minute>[0-5]\d)",
        "ampm": r"(?P<ampm>[ap]\.?m\b\.?)",
        "tz": rf"(?P<tz>{_alternation(raw['time_zones'])})",
        "ordinal": rf"(?P<ordinal>{_alternation(raw['ordinals'])}|\d{{1,2}}(?:st|nd|rd|th))",
        "decade": r"(?P<decade>(?:1\d|20)\d0s|'\d0s)",
        "decadeword": rf"(?P<decadeword>{_alternation(raw['decade_words'])})",
    }


def _compile(pattern: str, placeholders: dict[str, str]) -> re.Pattern[str]:
    def expand(match: re.Match[str]) -> str:
        if match.group(1) is None:
            return _SEP
        try:
            return placeholders[match.group(1)]
        except KeyError:
            raise ValueError(
                f"times.yaml rule {pattern!r}: unknown word list {{{match.group(1)}}}"
            ) from None

    return re.compile(_BEFORE + "(?:" + _PLACEHOLDER.sub(expand, pattern) + ")" + _AFTER)


@functools.cache
def _lexicon() -> _Lexicon:
    raw: dict[str, Any] = yaml.safe_load(
        resources.files("eventwire.extract").joinpath("data/times.yaml").read_text("utf-8")
    )
    units: dict[str, _Unit] = {}
    for name, spec in raw["units"].items():
        designator = spec["designator"]
        unit = _Unit(
            name=name,
            designator=designator,
            factor=int(spec.get("factor", 1)),
            time=bool(spec.get("time", False)),
            vague=spec.get("vague") or f"P{'T' if spec.get('time') else ''}X{designator}",
        )
        for form in [name, *spec.get("plural", [])]:
            units[_key(form)] = unit
    placeholders = _placeholders(raw, units)
    holidays: dict[str, tuple[str, Any]] = {}
    for kind, entries in raw["holidays"].items():
        holidays.update({_key(k): (kind, v) for k, v in entries.items()})
    rules = tuple(
        _Rule(
            pattern=spec["pattern"],
            regex=_compile(spec["pattern"], placeholders),
            norm=spec["norm"],
            find=spec.get("find", True),
        )
        for spec in raw["rules"]
    )
    unknown = {r.norm for r in rules} - set(_NORMALIZERS)
    if unknown:
        raise ValueError(f"times.yaml: unknown norm {sorted(unknown)}")
    return _Lexicon(
        months=_keyed(raw["months"]),
        weekdays=_keyed(raw["weekdays"]),
        numbers={k: float(v) for k, v in _keyed(raw["numbers"]).items()},
        scales={k: float(v) for k, v in _keyed(raw["scales"]).items()},
        units=units,
        parts_of_day=_keyed(raw["parts_of_day"]),
        clock_words=_keyed(raw["clock_words"]),
        seasons={k: (v["code"], int(v["month"])) for k, v in _keyed(raw["seasons"]).items()},
        relative=_keyed(raw["relative"]),
        references=_keyed(raw["references"]),
        day_words=_keyed(raw["day_words"]),
        set_words=_keyed(raw["set_words"]),
        ordinals=_keyed(raw["ordinals"]),
        decade_words=_keyed(raw["decade_words"]),
        holidays=holidays,
        needs_entity=frozenset(_key(w) for w in raw["needs_entity"]),
        trim_before=frozenset(str(w) for w in raw["trim_before"]),
        trim_after=frozenset(str(w) for w in raw["trim_after"]),
        future_auxiliaries=frozenset(raw["future_auxiliaries"]),
        planning_verbs=frozenset(raw["planning_verbs"]),
        abbreviations=frozenset(
            k
            for names in (raw["months"], raw["weekdays"])
            for k, n in names.items()
            if len(k) < max(len(o) for o, m in names.items() if m == n)
        ),
        rules=rules,
        gate=_gate(rules),
    )


def _gate(rules: Iterable[_Rule]) -> re.Pattern[str]:
    """One zero-width scan for the starts of every finding rule's matches.

    Each rule opens with a look-behind, which keeps ``re`` from skipping ahead: scanning
    the text once per rule paid for it at every character, half of the rules' time on the
    sample. Scanned once here, each rule is then tried only where some rule matches. The
    rules together are still tried at every word start; the look-ahead for the first
    characters a match can open with rules most word starts out at a fraction of that.
    """
    inner = "|".join(
        _GROUP_NAME.sub("(?:", r.regex.pattern.removeprefix(_BEFORE)) for r in rules if r.find
    )
    opening = openings(inner, _OPENING_WIDTH)
    if opening is None:
        log.warning("times.yaml rules use a construct the gate cannot read; the gate runs slower")
    prefilter = "" if opening is None else f"(?={opening})"
    return re.compile(_BEFORE + prefilter + "(?=" + inner + ")")


@register("times")
def extract_times(doc: Doc, article: Article, settings: Settings) -> list[Time]:
    """Every temporal expression in the article, left to right, none overlapping."""
    lex = _lexicon()
    # The article's text is the doc's (spaCy keeps every character): Doc.text would join
    # every token anew.
    text = article.text
    mask = bytearray(len(text))
    for ent in doc.ents:
        if ent.label_ in _TIME_LABELS:
            mask[ent.start_char : ent.end_char] = b"\x01" * (ent.end_char - ent.start_char)
    ctx = _Context(doc, text, _fold(text), anchor_date(article.published), lex, mask)
    occupied = bytearray(len(text))
    items = _find(ctx, occupied)
    items.extend(_read_entities(ctx, occupied))
    items.sort(key=lambda item: item.start)
    _resolve(ctx, items)
    anchor = ctx.anchor.isoformat() if ctx.anchor else None
    return [
        Time(
            text=text[item.start : item.end],
            start=item.start,
            end=item.end,
            value=item.value,
            type=item.type,
            anchor=anchor if item.anchored else None,
        )
        for item in items
    ]


def anchor_date(published: str | None) -> date | None:
    """The date relative expressions are resolved against: the day of publication."""
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        log.debug("published %r is not an ISO date; relative times stay unresolved", published)
        return None


def _fold(text: str) -> str:
    """The text lower-cased with offsets unchanged (a few letters lower-case to two)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return low.translate(_QUOTES)


def _find(ctx: _Context, occupied: bytearray) -> list[_Item]:
    """Expressions the rules find on their own; the longest wins where two overlap."""
    found = []
    rules = [(index, rule) for index, rule in enumerate(ctx.lex.rules) if rule.find]
    # Each rule's matches as its own finditer would give them: left to right, each search
    # resuming where the rule's last match ended, tried only where the gate says one starts.
    resume = [0] * len(rules)
    for start in ctx.lex.gate.finditer(ctx.low):
        at = start.start()
        for k, (index, rule) in enumerate(rules):
            if at < resume[k] or (match := rule.regex.match(ctx.low, at)) is None:
                continue
            resume[k] = max(match.end(), at + 1)
            if _plausible(ctx, match):
                found.append((match.start() - match.end(), index, match.start(), rule, match))
    found.sort(key=lambda f: f[:3])
    items = []
    for _, _, start, rule, match in found:
        end = match.end()
        if any(occupied[start:end]):
            continue
        item = _Item(start, end, rule, match)
        if _normalize(ctx, item) is None:
            continue
        occupied[start:end] = b"\x01" * (end - start)
        items.append(item)
    return items


def _plausible(ctx: _Context, match: re.Match[str]) -> bool:
    """Whether a found match is a time: ambiguous words need spaCy to agree."""
    start, end = match.span()
    labelled = any(ctx.entity_mask[start:end])
    if labelled:
        return True
    key = _key(match.group())
    if key in ctx.lex.needs_entity:
        return False
    # "Jan" alone, without its period, is more often a name (Jan Kavan) than January.
    if key in ctx.lex.abbreviations and not match.group().endswith("."):
        return False
    # News capitalizes month and day names; "may" and "sun" in lower case are other words.
    for group in ("month", "weekday", "holiday"):
        at = match.start(group) if group in match.re.groupindex else -1
        if at >= 0 and ctx.text[at].isalpha() and not ctx.text[at].isupper():
            return False
    if "ref" in match.re.groupindex and match.group("ref") == "now":
        # Sentence-initial "Now" is mostly a discourse marker ("Now, the question is ...").
        token = _token_at(ctx.doc, start)
        if token is not None and token.is_sent_start:
            return False
    return True


def _read_entities(ctx: _Context, occupied: bytearray) -> list[_Item]:
    """spaCy's DATE/TIME entities that no rule found, trimmed to what a rule can read."""
    items = []
    for ent in ctx.doc.ents:
        if ent.label_ not in _TIME_LABELS or any(occupied[ent.start_char : ent.end_char]):
            continue
        tokens = list(ent)
        item = _fit(ctx, tokens)
        if item is not None:
            items.append(item)
            continue
        part: list[Token] = []
        for token in [*tokens, None]:
            if token is None or token.lower_ in _JOINERS:
                if part and (item := _fit(ctx, part)) is not None:
                    items.append(item)
                part = []
            else:
                part.append(token)
    return items


def _fit(ctx: _Context, tokens: list[Token]) -> _Item | None:
    """The first rule reading ``tokens``, less as few leading and trailing words as needed."""
    lead = 0
    while lead < len(tokens) and tokens[lead].lower_ in ctx.lex.trim_before:
        lead += 1
    tail = 0
    while tail < len(tokens) and tokens[-1 - tail].lower_ in ctx.lex.trim_after:
        tail += 1
    for i in range(lead + 1):
        for j in range(len(tokens), len(tokens) - tail - 1, -1):
            if i >= j:
                break
            start, end = tokens[i].idx, tokens[j - 1].idx + len(tokens[j - 1])
            if _TORN.match(ctx.low, end):
                continue  # "a years" of "a years-old dispute"
            for rule in ctx.lex.rules:
                match = rule.regex.fullmatch(ctx.low, start, end)
                if match is None:
                    continue
                item = _Item(start, end, rule, match)
                if _normalize(ctx, item) is not None:
                    return item
    return None


def _resolve(ctx: _Context, items: list[_Item]) -> None:
    """Give each item its value: plain ones first, then anaphora and clock times in order."""
    later = {"anaphor", "clock"}
    for item in items:
        if item.rule.norm not in later:
            _set_value(ctx, item)
    for item in items:
        if item.rule.norm == "anaphor":
            _set_value(ctx, item)
        if _CALENDAR_VALUE.match(item.value):
            ctx.reference = item.value
    for item in items:
        if item.type == "DATE" and _DAY_VALUE.match(item.value):
            ctx.sentence_days.setdefault(_sentence(ctx.doc, item.start), []).append(
                (item.start, item.value)
            )
    # Clock times that name their day first, so "4 in the morning (4 a.m. Thursday)" has one.
    clocks = [item for item in items if item.rule.norm == "clock"]
    clocks.sort(key=lambda item: _group(item, "weekday") is None)
    for item in clocks:
        _set_value(ctx, item)
        if _DAY_VALUE.match(item.value[:10]):
            ctx.sentence_days.setdefault(_sentence(ctx.doc, item.start), []).append(
                (item.start, item.value[:10])
            )


def _set_value(ctx: _Context, item: _Item) -> None:
    value = _normalize(ctx, item)
    if value is None:  # cannot happen: every item was read once already
        value = _Value("XXXX-XX-XX", "DATE", False)
    item.value, item.type, item.anchored = value.value, value.type, value.anchored


def _normalize(ctx: _Context, item: _Item) -> _Value | None:
    try:
        return _NORMALIZERS[item.rule.norm](ctx, item)
    except (ValueError, OverflowError):
        return None  # off the calendar: "40,000 years ago", "the 0th quarter"


# --- the parse: tense, tokens, sentences ---------------------------------------------


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _sentence(doc: Doc, char: int) -> int:
    """Where the sentence holding ``char`` starts (0 for a pipeline that sets no sentences)."""
    token = _token_at(doc, char)
    if token is None or not doc.has_annotation("SENT_START"):
        return 0
    return token.sent.start


def _direction(ctx: _Context, item: _Item) -> str | None:
    """Where the expression points from the anchor: "past", "future", or None (nearest)."""
    span = ctx.doc.char_span(item.start, item.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    if span.end < len(ctx.doc) and ctx.doc[span.end].tag_ == "POS":
        # "Wednesday's ruling" dates the ruling, not the verb of the sentence.
        return None
    return _tense(span, ctx.lex)


def _tense(span: Span, lex: _Lexicon) -> str | None:
    """The tense of the verb that governs ``span``, as a direction in time."""
    verb = span.root
    while verb.pos_ not in _VERBS and verb.head.i != verb.i:
        verb = verb.head
    infinitive = False
    for _ in range(4):
        if verb.pos_ not in _VERBS:
            return "future" if infinitive else None
        if verb.lemma_ in lex.planning_verbs:
            # "are expected to join in April" looks ahead; "planned for Saturday was
            # canceled" may not.
            return None if verb.tag_ in ("VBD", "VBN") else "future"
        aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {c.lower_ for c in aux}
        if words & lex.future_auxiliaries:
            return "future"
        if verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux):
            return None if infinitive else "past"
        if verb.tag_ == "VBN" and (words & _PAST_AUX or not aux):
            # "has met", and a participle alone: "the ruling issued Thursday".
            return None if infinitive else "past"
        if verb.tag_ == "VB" and "to" in words and verb.head.i != verb.i:
            # "agreed to meet Thursday": the time looks forward from its governing verb.
            infinitive = True
            verb = verb.head
            continue
        if verb.tag_ == "VBG" and words & {"is", "are", "am", "'s", "'re"}:
            return "future"
        if verb.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am", "do", "does"}:
            return "future" if infinitive else None
        if verb.tag_ in ("VBG", "VBN") and verb.head.i != verb.i:
            verb = verb.head
            continue
        return "future" if infinitive else None
    return None


# --- calendar arithmetic -------------------------------------------------------------


def _month_start(year: int, month: int, offset: int = 0) -> date:
    index = year * 12 + month - 1 + offset
    return date(index // 12, index % 12 + 1, 1)


def _month_end(start: date, months: int = 1) -> date:
    after = _month_start(start.year, start.month, months)
    return after - timedelta(days=1)


def _choose(
    options: list[tuple[date, date, Any]], anchor: date, direction: str | None, near: int = 0
) -> Any:
    """The option (first day, last day, payload) the direction picks from ``anchor``.

    "past" is the latest not after the anchor, "future" the earliest not before it,
    "before"/"after" the same but never the anchor's own; None the nearest. With
    ``near``, an option that close to the anchor wins whatever the tense, and without
    a tense the past wins over a farther future: news reports what happened.
    """
    options = sorted(options, key=lambda o: o[0])

    def distance(o: tuple[date, date, Any]) -> int:
        if o[0] <= anchor <= o[1]:
            return 0
        return min(abs((o[0] - anchor).days), abs((o[1] - anchor).days))

    if near and direction in ("past", "future", None):
        ranked = sorted(options, key=distance)
        if distance(ranked[0]) <= near:
            return ranked[0][2]
        if direction is None and len(ranked) > 1 and distance(ranked[0]) * 2 > distance(ranked[1]):
            direction = "past"  # about as far either way
    if direction == "past":
        eligible = [o for o in options if o[0] <= anchor]
        return eligible[-1][2] if eligible else options[0][2]
    if direction == "before":
        eligible = [o for o in options if o[1] < anchor]
        return eligible[-1][2] if eligible else options[0][2]
    if direction == "future":
        eligible = [o for o in options if o[1] >= anchor]
        return eligible[0][2] if eligible else options[-1][2]
    if direction == "after":
        eligible = [o for o in options if o[0] > anchor]
        return eligible[0][2] if eligible else options[-1][2]
    return min(options, key=distance)[2]


def _rel_direction(offset: int | None, ctx: _Context, item: _Item) -> str | None:
    if offset is None or offset == 0:
        return _direction(ctx, item) if offset is None else "present"
    return "before" if offset < 0 else "after"


def _pick(
    options: list[tuple[date, date, Any]], anchor: date, direction: str | None, near: int = 0
) -> Any:
    """As ``_choose``, where "present" means the option holding the anchor."""
    if direction == "present":
        for first, last, payload in options:
            if first <= anchor <= last:
                return payload
        direction = None
    return _choose(options, anchor, direction, near)


def _week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _nth_weekday(year: int, month: int, weekday: int, on_or_after: int) -> date:
    first = date(year, month, on_or_after)
    return first + timedelta(days=(weekday - first.isoweekday()) % 7)


def _easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    j = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * j) // 451
    month, day = divmod(h + j - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _holiday_date(spec: tuple[str, Any], year: int) -> date:
    kind, data = spec
    if kind == "fixed":
        month, day = (int(p) for p in str(data).split("-"))
        return date(year, month, day)
    if kind == "weekday":
        return _nth_weekday(year, data["month"], data["weekday"], data["on_or_after"])
    return _easter(year) + timedelta(days=int(data))


def _duration(amount: float, unit: _Unit) -> str:
    """An ISO 8601 duration: 3 days is P3D, 5 1/2 hours PT5H30M, a decade P10Y."""
    n = amount * unit.factor
    parts = []
    whole = int(n)
    fraction = n - whole
    if whole:
        parts.append((whole, unit.designator, unit.time))
    if fraction > 1e-9:
        finer = _FINER.get((unit.designator, unit.time))
        if finer is None:
            return f"P{'T' if unit.time else ''}{n:g}{unit.designator}"
        designator, time, multiple = finer
        parts.append((round(fraction * multiple), designator, time))
    if not parts:
        return f"P{'T' if unit.time else ''}0{unit.designator}"
    days = "".join(f"{v}{d}" for v, d, t in parts if not t)
    clock = "".join(f"{v}{d}" for v, d, t in parts if t)
    return "P" + days + (f"T{clock}" if clock else "")


def _number(text: str, lex: _Lexicon) -> float | None:
    """The number a phrase denotes: "5 1/2", "1,000", "twenty five", "a dozen", "half a"."""
    digits = _DIGITS.fullmatch(text.strip())
    if digits:
        value = float(digits.group(1).replace(",", ""))
        return value + 0.5 if digits.group(2) else value
    words = _key(text).split(" ")
    total = current = 0.0
    half = False
    i = 0
    while i < len(words):
        for size in (3, 2, 1):
            phrase = " ".join(words[i : i + size])
            if phrase in lex.numbers or phrase in lex.scales:
                break
        else:
            return None
        if phrase in lex.scales:
            scale = lex.scales[phrase]
            if scale >= 1000:
                total += (current or 1.0) * scale
                current = 0.0
            else:
                current = (current or 1.0) * scale
        elif lex.numbers[phrase] == 0.5:
            half = True
        else:
            current += lex.numbers[phrase]
        i += size
    value = total + current
    if half:
        value = (value or 1.0) * 0.5
    return value


def _ordinal(text: str, lex: _Lexicon) -> int:
    key = _key(text)
    number = int(key[:-2]) if key[:-2].isdigit() else lex.ordinals[key]
    if number < 1:
        raise ValueError(f"no {text!r} in a count")
    return number


def _group(item: _Item, name: str) -> str | None:
    if name not in item.match.re.groupindex:
        return None
    return item.match.group(name)


def _preceded_by_the(ctx: _Context, item: _Item) -> bool:
    return ctx.low[max(0, item.start - 4) : item.start].rstrip().endswith("the")


# --- the normalizers, one per `norm` of times.yaml -------------------------------------


def _norm_date(ctx: _Context, item: _Item) -> _Value | None:
    """Calendar dates, whole or partial: "Aug. 7, 1998", "Dec. 27", "In June", "1998"."""
    lex = ctx.lex
    month_text, day_text = _group(item, "month"), _group(item, "day")
    year_text, yy = _group(item, "year"), _group(item, "yy")
    month = None
    if month_text:
        month = int(month_text) if month_text.isdigit() else lex.months[_key(month_text)]
    day = int(day_text) if day_text else None
    if day is not None and month is None:
        return None
    year = int(year_text) if year_text else None
    if yy is not None:
        year = _two_digit_year(int(yy), ctx.anchor)
    anchored = year is None
    if year is None and (yrel := _group(item, "yrel")):
        if ctx.anchor is None:
            return None
        year = ctx.anchor.year + lex.relative[_key(yrel)]
    if year is None and month is None:
        return None
    if year is None:
        if ctx.anchor is None:
            body = f"XXXX-{month:02d}" + (f"-{day:02d}" if day else "")
            return _Value(body, "DATE", False)
        rel = _group(item, "rel")
        offset = lex.relative[_key(rel)] if rel else None
        direction = _rel_direction(offset, ctx, item)
        weekday_text = _group(item, "weekday")
        years = range(ctx.anchor.year - 1, ctx.anchor.year + 2)
        assert month is not None
        if day is not None:
            options = [
                (d, d, d.year)
                for y in years
                if day <= calendar.monthrange(y, month)[1]
                and (d := date(y, month, day))
                and (not weekday_text or d.isoweekday() == lex.weekdays[_key(weekday_text)])
            ] or [(date(y, month, 1), date(y, month, 1), y) for y in years]
        else:
            options = [
                (_month_start(y, month), _month_end(_month_start(y, month)), y) for y in years
            ]
        year = _pick(options, ctx.anchor, direction, _NEAR_DAYS)
    if month is None:
        return _Value(f"{year:04d}", "DATE", anchored)
    if day is None:
        return _Value(f"{year:04d}-{month:02d}", "DATE", anchored)
    if day > calendar.monthrange(year, month)[1]:
        return None
    return _Value(f"{year:04d}-{month:02d}-{day:02d}", "DATE", anchored)


def _two_digit_year(yy: int, anchor: date | None) -> int:
    """The year '98 names: in the anchor's century unless that puts it in the future."""
    century = (anchor.year if anchor else 2000) // 100 * 100
    year = century + yy
    if anchor and year > anchor.year + 10:
        year -= 100
    return year


def _norm_week_of(ctx: _Context, item: _Item) -> _Value | None:
    """ "the week of March 6": the ISO week holding that day."""
    day = _norm_date(ctx, item)
    if day is None or not _DAY_VALUE.match(day.value):
        return None
    return _Value(_week(date.fromisoformat(day.value)), "DATE", day.anchored)


def _norm_weekday(ctx: _Context, item: _Item) -> _Value | None:
    """ "Thursday", "last Friday", "Friday morning": the day the tense points to."""
    lex = ctx.lex
    weekday = lex.weekdays[_key(item.match.group("weekday"))]
    pod = _group(item, "pod")
    suffix = f"T{lex.parts_of_day[_key(pod)]}" if pod else ""
    kind = "TIME" if pod else "DATE"
    if ctx.anchor is None:
        return _Value(f"XXXX-WXX-{weekday}{suffix}", kind, False)
    day = _resolve_weekday(ctx, item, weekday, _group(item, "rel"))
    return _Value(day.isoformat() + suffix, kind, True)


def _resolve_weekday(ctx: _Context, item: _Item, weekday: int, rel: str | None) -> date:
    assert ctx.anchor is not None
    offset = ctx.lex.relative[_key(rel)] if rel else None
    direction = _rel_direction(offset, ctx, item)
    options = []
    for shift in range(-7, 8):
        day = ctx.anchor + timedelta(days=shift)
        if day.isoweekday() == weekday:
            options.append((day, day, day))
    if direction == "present":
        direction = _direction(ctx, item)
    return _choose(options, ctx.anchor, direction)


def _norm_clock(ctx: _Context, item: _Item) -> _Value | None:
    """Clock times: "10:35 a.m.", "4 in the morning", "noon", "9 a.m. Tuesday"."""
    lex = ctx.lex
    if word := _group(item, "clockword"):
        hour, minute = (int(p) for p in lex.clock_words[_key(word)].split(":"))
    else:
        hour = int(item.match.group("hour"))
        minute = int(_group(item, "minute") or 0)
        ampm = (_group(item, "ampm") or "").replace(".", "")
        pod = _group(item, "pod")
        if ampm and not 1 <= hour <= 12:
            return None
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        elif pod and lex.parts_of_day[_key(pod)] in ("AF", "EV", "NI") and hour < 12:
            hour += 12
    clock = f"T{hour:02d}:{minute:02d}"
    if ctx.anchor is None:
        return _Value("XXXX-XX-XX" + clock, "TIME", False)
    if weekday := _group(item, "weekday"):
        day = _resolve_weekday(ctx, item, ctx.lex.weekdays[_key(weekday)], None).isoformat()
    else:
        day = _day_nearby(ctx, item) or ctx.anchor.isoformat()
    return _Value(day + clock, "TIME", True)


def _day_nearby(ctx: _Context, item: _Item) -> str | None:
    """The day another expression of the same sentence names ("at 10:35 a.m. Friday")."""
    days = ctx.sentence_days.get(_sentence(ctx.doc, item.start), [])
    if not days:
        return None
    return min(days, key=lambda d: abs(d[0] - item.start))[1]


def _norm_dayword(ctx: _Context, item: _Item) -> _Value | None:
    """ "today", "yesterday", "tonight", "this morning", "last night"."""
    lex = ctx.lex
    word = _group(item, "dayword")
    pod = _group(item, "pod")
    if word:
        shift = lex.day_words[_key(word)]
        code = lex.parts_of_day[_key(pod)] if pod else ("NI" if _key(word) == "tonight" else "")
    else:
        code = lex.parts_of_day[_key(pod or "")]
        # "last night" is the night before the day of writing; "this morning" that day's.
        shift = -1 if _key(item.match.group("rel")) == "last" else 0
        if shift and code not in ("EV", "NI"):
            return None
    suffix = f"T{code}" if code else ""
    kind = "TIME" if code else "DATE"
    if ctx.anchor is None:
        return _Value("XXXX-XX-XX" + suffix, kind, False)
    return _Value((ctx.anchor + timedelta(days=shift)).isoformat() + suffix, kind, True)


def _norm_ref(ctx: _Context, item: _Item) -> _Value | None:
    """ "now", "recently", "the future": the present, past or future as a whole."""
    return _Value(ctx.lex.references[_key(item.match.group("ref"))], "DATE", True)


def _norm_relative(ctx: _Context, item: _Item) -> _Value | None:
    """ "last week", "this year", "next month", "late last year"; "the past decade" lasts."""
    lex = ctx.lex
    rel = _key(item.match.group("rel"))
    unit_text = _key(item.match.group("unit"))
    unit = lex.units[unit_text]
    if unit_text != unit.name:
        return None  # "coming years" lasts: a duration rule reads it
    offset = lex.relative[rel]
    lasting = rel == "past" or (rel in ("last", "next") and _preceded_by_the(ctx, item))
    if lasting:
        return _Value(_duration(1, unit), "DURATION", False)
    if unit.time or unit.name == "fortnight":
        return None
    if ctx.anchor is None:
        word = "PRESENT_REF" if offset == 0 else ("PAST_REF" if offset < 0 else "FUTURE_REF")
        return _Value(word, "DATE", False)
    a = ctx.anchor
    if unit.name == "day":
        if offset < 0:
            return None  # "the last day" is the final one, not yesterday
        return _Value((a + timedelta(days=offset)).isoformat(), "DATE", True)
    if unit.name == "week":
        return _Value(_week(a + timedelta(weeks=offset)), "DATE", True)
    if unit.name == "month":
        start = _month_start(a.year, a.month, offset)
        return _Value(f"{start.year:04d}-{start.month:02d}", "DATE", True)
    if unit.name == "quarter":
        index = a.year * 4 + (a.month - 1) // 3 + offset
        return _Value(f"{index // 4:04d}-Q{index % 4 + 1}", "DATE", True)
    if unit.name == "decade":
        return _Value(f"{a.year // 10 + offset:03d}", "DATE", True)
    if unit.name == "century":
        return _Value(f"{a.year // 100 + offset:02d}", "DATE", True)
    return _Value(f"{a.year + offset:04d}", "DATE", True)


def _norm_weekend(ctx: _Context, item: _Item) -> _Value | None:
    """ "the weekend", "last weekend": TimeML's 2020-W01-WE."""
    if ctx.anchor is None:
        return _Value("XXXX-WXX-WE", "DATE", False)
    rel = _group(item, "rel")
    saturday = ctx.anchor + timedelta(days=6 - ctx.anchor.isoweekday())
    options = [
        (saturday + timedelta(weeks=k), saturday + timedelta(weeks=k, days=1), k)
        for k in (-1, 0, 1)
    ]
    offset = ctx.lex.relative[_key(rel)] if rel else None
    weeks = _pick(options, ctx.anchor, _rel_direction(offset, ctx, item))
    return _Value(_week(saturday + timedelta(weeks=weeks)) + "-WE", "DATE", True)


def _norm_anaphor(ctx: _Context, item: _Item) -> _Value | None:
    """ "that day", "later that year", "the next day": from the last date the text named."""
    unit = _key(item.match.group("unit"))
    rel = _key(_group(item, "rel") or "")
    shift = 1 if rel in ("next", "following", "after") else -1 if rel else 0
    if rest := _group(item, "rest"):
        if ctx.anchor is None:
            return _Value("XXXX-XX-XX", "DATE", False)
        words = _key(rest).split(" ")
        if words[-1] in ctx.lex.day_words:
            base = ctx.anchor + timedelta(days=ctx.lex.day_words[words[-1]])
        else:
            wd_rel = words[0] if len(words) > 1 else None
            base = _resolve_weekday(ctx, item, ctx.lex.weekdays[words[-1]], wd_rel)
        return _Value((base + timedelta(days=shift)).isoformat(), "DATE", True)
    reference = ctx.reference or (ctx.anchor.isoformat() if ctx.anchor else None)
    suffix = ""
    if unit == "morning":
        unit, suffix = "day", "TMO"
    if reference is None:
        return _Value({"day": "XXXX-XX-XX", "month": "XXXX-XX"}.get(unit, "XXXX"), "DATE", False)
    parts = reference.split("-")
    if unit == "year":
        value = f"{int(parts[0]) + shift:04d}"
    elif unit == "month":
        if len(parts) < 2:
            value = f"{parts[0]}-XX"
        else:
            start = _month_start(int(parts[0]), int(parts[1]), shift)
            value = f"{start.year:04d}-{start.month:02d}"
    elif len(parts) < 3:
        value = "-".join(parts + ["XX"] * (3 - len(parts)))
        if unit == "week":
            value = f"{parts[0]}-WXX"
    else:
        day = date.fromisoformat(reference)
        value = _week(day + timedelta(weeks=shift)) if unit == "week" else ""
        if unit == "day":
            value = (day + timedelta(days=shift)).isoformat()
    kind = "TIME" if suffix else "DATE"
    return _Value(value + (f"T{suffix[1:]}" if suffix else ""), kind, True)


def _norm_ago(ctx: _Context, item: _Item) -> _Value | None:
    """ "two weeks ago", "a decade ago", "years ago", "three days from now"."""
    lex = ctx.lex
    unit = lex.units[_key(item.match.group("unit"))]
    future = item.match.group().rstrip().endswith("now")
    number = _group(item, "number")
    amount = _number(number, lex) if number else None
    if amount is None or ctx.anchor is None:
        return _Value("FUTURE_REF" if future else "PAST_REF", "DATE", ctx.anchor is not None)
    n = amount * unit.factor * (1 if future else -1)
    a = ctx.anchor
    designator = unit.designator
    if designator == "Y" and n != int(n):
        designator, n = "M", n * 12
    n = round(n)
    if unit.time or designator == "D":
        days = n if designator == "D" else 0
        return _Value((a + timedelta(days=days)).isoformat(), "DATE", True)
    if designator == "W":
        return _Value(_week(a + timedelta(weeks=n)), "DATE", True)
    if designator == "M":
        if unit.name == "quarter":
            index = a.year * 4 + (a.month - 1) // 3 + n // 3
            return _Value(f"{index // 4:04d}-Q{index % 4 + 1}", "DATE", True)
        start = _month_start(a.year, a.month, n)
        return _Value(f"{start.year:04d}-{start.month:02d}", "DATE", True)
    return _Value(f"{date(a.year + n, 1, 1).year:04d}", "DATE", True)


def _norm_duration(ctx: _Context, item: _Item) -> _Value | None:
    """ "three days", "16-hour", "the past three years", "5 1/2 hours", "recent years"."""
    lex = ctx.lex
    unit = lex.units[_key(item.match.group("unit"))]
    number = _group(item, "number")
    if number is None:
        if _group(item, "few") is None and _group(item, "rel") is None:
            plural = _key(item.match.group("unit")) != unit.name
            if not plural and item.match.group().rstrip().endswith("long"):
                return _Value(_duration(1, unit), "DURATION", False)
        return _Value(unit.vague, "DURATION", False)
    amount = _number(number, lex)
    if amount is None or amount <= 0:
        return None
    if _key(number) in ("a", "an") and _key(item.match.group("unit")) != unit.name:
        return None  # "a years-old feud"
    if "and a half" in _key(item.match.group()):
        amount += 0.5
    return _Value(_duration(amount, unit), "DURATION", False)


def _norm_set(ctx: _Context, item: _Item) -> _Value | None:
    """ "every week", "each Monday", "daily", "twice a year"."""
    lex = ctx.lex
    if word := _group(item, "setword"):
        return _Value(lex.set_words[_key(word)], "SET", False)
    if weekday := _group(item, "weekday"):
        return _Value(f"XXXX-WXX-{lex.weekdays[_key(weekday)]}", "SET", False)
    if pod := _group(item, "pod"):
        return _Value(f"XXXX-XX-XXT{lex.parts_of_day[_key(pod)]}", "SET", False)
    unit = lex.units[_key(item.match.group("unit"))]
    number = _group(item, "number")
    text = _key(item.match.group())
    amount = 1.0
    if number and text.startswith(("every", "each")):
        amount = _number(number, lex) or 1.0
    return _Value(_duration(amount, unit), "SET", False)


def _norm_decade(ctx: _Context, item: _Item) -> _Value | None:
    """ "the 1990s", "the '90s", "the nineties": TimeML's 199."""
    text = _group(item, "decade") or _group(item, "digits")
    if text and text[0].isdigit() and len(text) == 5:
        return _Value(text[:3], "DATE", False)
    digit = int(text[-3]) if text else ctx.lex.decade_words[_key(item.match.group("decadeword"))]
    year = _two_digit_year(digit * 10, ctx.anchor)
    return _Value(f"{year // 10:03d}", "DATE", ctx.anchor is not None)


def _norm_century(ctx: _Context, item: _Item) -> _Value | None:
    """ "the 20th century": TimeML's 19."""
    number = _ordinal(item.match.group("ordinal"), ctx.lex)
    return _Value(f"{number - 1:02d}", "DATE", False)


def _norm_quarter(ctx: _Context, item: _Item) -> _Value | None:
    """ "the third quarter (of 2019)", "the first half of 2019": 2019-Q3, 2019-H1."""
    number = _ordinal(item.match.group("ordinal"), ctx.lex)
    half = _key(item.match.group("half")) == "half"
    letter, size = ("H", 6) if half else ("Q", 3)
    if number > 12 // size:
        return None
    year_text = _group(item, "year")
    if year_text:
        return _Value(f"{year_text}-{letter}{number}", "DATE", False)
    if ctx.anchor is None:
        return _Value(f"XXXX-{letter}{number}", "DATE", False)
    options = []
    for y in range(ctx.anchor.year - 1, ctx.anchor.year + 2):
        start = date(y, (number - 1) * size + 1, 1)
        options.append((start, _month_end(start, size), y))
    year = _pick(options, ctx.anchor, _direction(ctx, item))
    return _Value(f"{year:04d}-{letter}{number}", "DATE", True)


def _norm_season(ctx: _Context, item: _Item) -> _Value | None:
    """ "last fall", "summer 2019", "the winter": 2019-SU."""
    code, first_month = ctx.lex.seasons[_key(item.match.group("season"))]
    year_text = _group(item, "year")
    if year_text:
        return _Value(f"{year_text}-{code}", "DATE", False)
    if ctx.anchor is None:
        return _Value(f"XXXX-{code}", "DATE", False)
    options = []
    for y in range(ctx.anchor.year - 2, ctx.anchor.year + 2):
        start = date(y, first_month, 1)
        options.append((start, _month_end(start, 3), y))
    rel = _group(item, "rel")
    offset = ctx.lex.relative[_key(rel)] if rel else None
    year = _pick(options, ctx.anchor, _rel_direction(offset, ctx, item))
    return _Value(f"{year:04d}-{code}", "DATE", True)


def _norm_holiday(ctx: _Context, item: _Item) -> _Value | None:
    """ "Thanksgiving Day", "last Christmas", "Easter week": the date of that holiday."""
    spec = ctx.lex.holidays[_key(item.match.group("holiday"))]
    year_text = _group(item, "year")
    span = _key(_group(item, "span") or "")
    if year_text:
        day = _holiday_date(spec, int(year_text))
    elif ctx.anchor is None:
        if spec[0] != "fixed":
            return _Value("XXXX-XX-XX", "DATE", False)
        return _Value(f"XXXX-{spec[1]}", "DATE", False)
    else:
        years = range(ctx.anchor.year - 1, ctx.anchor.year + 2)
        options = [(d, d, d) for y in years if (d := _holiday_date(spec, y))]
        rel = _group(item, "rel")
        offset = ctx.lex.relative[_key(rel)] if rel else None
        day = _pick(options, ctx.anchor, _rel_direction(offset, ctx, item), _NEAR_DAYS)
    anchored = not year_text
    if span == "week":
        return _Value(_week(day), "DATE", anchored)
    if span == "weekend":
        return _Value(_week(day) + "-WE", "DATE", anchored)
    return _Value(day.isoformat(), "DATE", anchored)


_NORMALIZERS: dict[str, Callable[[_Context, _Item], _Value | None]] = {
    "date": _norm_date,
    "week_of": _norm_week_of,
    "weekday": _norm_weekday,
    "clock": _norm_clock,
    "dayword": _norm_dayword,
    "ref": _norm_ref,
    "relative": _norm_relative,
    "weekend": _norm_weekend,
    "anaphor": _norm_anaphor,
    "ago": _norm_ago,
    "duration": _norm_duration,
    "set": _norm_set,
    "decade": _norm_decade,
    "century": _norm_century,
    "quarter": _norm_quarter,
    "season": _norm_season,
    "holiday": _norm_holiday,
}
