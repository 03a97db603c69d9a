"""The article record: the dataclasses every stage reads and writes.

Field names are a public contract (JSONL output, DuckDB columns, Parquet exports):
renaming one is a breaking change. Every extracted item carries ``start``/``end``
character offsets into ``Article.text`` with ``text[start:end] == item.text``.
Documented field by field in ``docs/schema.md``.
"""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import orjson

SCHEMA_VERSION = 2

_WHITESPACE = re.compile(r"\s+")


@dataclass
class Document:
    """One article as ingest hands it on: text and metadata, before any NLP."""

    text: str
    origin: str
    id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Problems ingest worked around (an unreadable date dropped); copied to the Article.
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestError:
    """An input (a file, a line, a record) that could not be read, and why."""

    input: str
    reason: str
    stage: str = "ingest"

    def __str__(self) -> str:
        return f"{self.input}: {self.reason}"


@dataclass
class Span:
    """A stretch of the article text."""

    text: str
    start: int
    end: int


@dataclass
class Entity:
    """A named entity as the spaCy pipeline labels it (uncorrected)."""

    text: str
    start: int
    end: int
    label: str


@dataclass
class Amount:
    """A count of things, as GDELT's GKG records them: ``750 troops``."""

    text: str
    start: int
    end: int
    value: float
    object: str | None
    approximate: bool


@dataclass
class Actor:
    """A mention of someone who can act or be acted on, resolved to codes."""

    text: str
    start: int
    end: int
    name: str
    country: str | None
    sector: str | None
    kind: str
    evidence: str


@dataclass
class Place:
    """A toponym resolved to a gazetteer entry."""

    text: str
    start: int
    end: int
    name: str
    geonameid: int | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    feature: str


@dataclass
class Time:
    """A temporal expression normalized TimeML-style against ``anchor``."""

    text: str
    start: int
    end: int
    value: str
    type: str
    anchor: str | None


@dataclass
class Cue:
    """The word that signals reported speech ("said", "according to")."""

    text: str
    start: int
    end: int
    lemma: str


@dataclass
class Speaker:
    """Who a quote is attributed to: the mention here, and who it resolves to."""

    text: str
    start: int
    end: int
    name: str | None
    title: str | None
    affiliation: str | None
    actor: Actor | None
    anonymous: bool
    kind: str


@dataclass
class Quote:
    """Reported speech: the content span, its cue and its speaker."""

    text: str
    start: int
    end: int
    kind: str
    cue: Cue | None
    speaker: Speaker | None


@dataclass
class Event:
    """Who did what to whom, coded in PLOVER and CAMEO, with its evidence."""

    text: str
    start: int
    end: int
    type: str
    mode: str | None
    context: str | None
    cameo: str
    quad_class: int
    intensity: float
    source: list[Actor]
    target: list[Actor]
    status: str
    attributed_to: str | None
    date: str | None
    date_source: str | None
    place: Place | None
    place_source: str | None
    trigger: Span
    sentence: Span
    rule: str
    confidence: float


@dataclass
class Article:
    """One article and everything extracted from it."""

    id: str
    origin: str
    url: str | None
    source: str | None
    title: str | None
    published: str | None
    language: str | None
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    entities: list[Entity] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Whom the quotes come from: statements by kind of source, the most quoted.
    source_profile: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The record as plain dicts and lists: equal to ``dataclasses.asdict(self)``."""
        return as_plain(self)

    def to_json(self) -> str:
        """The record as one line of JSON: ``to_dict`` encoded, non-ASCII kept as is."""
        return to_json(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return _build(cls, data)


#: The item lists of an Article, each stored in a table of the same name.
ITEM_TYPES: dict[str, type] = {
    "entities": Entity,
    "actors": Actor,
    "events": Event,
    "quotes": Quote,
    "places": Place,
    "times": Time,
    "amounts": Amount,
}

T = TypeVar("T")


def _build(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a dataclass (and the dataclasses nested in it) from plain dicts."""
    hints = _field_types(cls)
    kwargs: dict[str, Any] = {}
    for name, value in data.items():
        if name not in hints:
            continue
        kwargs[name] = _coerce(hints[name], value)
    return cls(**kwargs)


def _coerce(annotation: str, value: Any) -> Any:
    if value is None:
        return None
    inner = annotation.removesuffix(" | None")
    if inner.startswith("list[") and inner[5:-1] in NESTED_TYPES:
        return [_build(NESTED_TYPES[inner[5:-1]], v) for v in value]
    if inner in NESTED_TYPES:
        return _build(NESTED_TYPES[inner], value)
    return value


def _field_types(cls: type) -> dict[str, str]:
    # Annotations are strings under ``from __future__ import annotations``; the
    # schema only uses simple forms, so reading them as text is exact and cheap.
    return {f.name: str(f.type) for f in dataclasses.fields(cls)}


#: The record types that nest inside others, by annotation name.
NESTED_TYPES: dict[str, type] = {
    c.__name__: c for c in (Span, Entity, Amount, Actor, Place, Time, Cue, Speaker, Quote, Event)
}


#: Each record type's field names, in order: read once, not per value as ``asdict`` does.
_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    c: tuple(f.name for f in dataclasses.fields(c)) for c in (Article, *NESTED_TYPES.values())
}
# Immutable values: ``asdict`` deep-copies them into themselves, so they pass through as is.
_ATOMS = frozenset({str, int, float, bool, type(None)})


def as_plain(value: Any) -> Any:
    """``dataclasses.asdict`` for records and their items, several times faster.

    ``asdict`` looks up a dataclass's fields and deep-copies every leaf value: 2 ms of
    an article's time. Here the record types' fields are read once and immutable values
    are shared; any other value takes ``asdict``'s own path, so the result is the same.
    """
    kind = type(value)
    if kind in _ATOMS:
        return value
    names = _FIELD_NAMES.get(kind)
    if names is not None:
        # Atoms are tested inline: a call per field value would cost as much again.
        return {
            name: v if type(v := getattr(value, name)) in _ATOMS else as_plain(v) for name in names
        }
    if kind is list:
        return [v if type(v) in _ATOMS else as_plain(v) for v in value]
    if kind is dict:
        return {as_plain(k): as_plain(v) for k, v in value.items()}
    return _as_plain_other(value)


def _as_plain_other(value: Any) -> Any:
    """What ``asdict`` makes of a value that is no record, atom, plain list or dict."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*[as_plain(v) for v in value])
    if isinstance(value, (list, tuple)):
        return type(value)(as_plain(v) for v in value)
    if isinstance(value, dict):
        return type(value)((as_plain(k), as_plain(v)) for k, v in value.items())
    return copy.deepcopy(value)


def to_json(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    """``value`` (a record, an item, or plain data holding them) as compact JSON text.

    orjson encodes dataclasses field by field in C, five times faster than
    ``json.dumps(as_plain(value))``; what it refuses (an integer beyond 64 bits, a lone
    surrogate) takes the standard library's path, which decides whether it has a JSON form.
    ``default`` is asked, as by ``json.dumps``, for a value neither knows.
    """
    try:
        return orjson.dumps(value, default=default, option=orjson.OPT_NON_STR_KEYS).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(
            as_plain(value), ensure_ascii=False, separators=(",", ":"), default=default
        )


def normalize_text(text: str) -> str:
    """The form of a text that decides whether two articles are the same."""
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_id(text: str) -> str:
    """A stable id for an article that came without one: a hash of its text."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()[:16]
