"""The actor knowledge, loaded once: countries, the actor dictionary, sector role words.

The facts live in ``data/countries.tsv``, ``data/actors.yaml`` and ``data/sectors.yaml``;
a user's own dictionary (``--actors FILE``, same format as actors.yaml) is merged on
top, its entries winning.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

SECTORS = frozenset(
    [
        "GOV",
        "MIL",
        "POL",
        "REB",
        "OPP",
        "CVL",
        "BUS",
        "MED",
        "JUD",
        "LEG",
        "COP",
        "SPY",
        "REL",
        "EDU",
        "HLH",
        "REF",
        "IGO",
        "NGO",
        "INS",
        "SEP",
        "UAF",
        "ELI",
        "AGR",
        "LAB",
        "ENV",
        "CRM",
    ]
)
KINDS = frozenset({"person", "organization", "group", "country"})


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str


@dataclass(frozen=True)
class Entry:
    """One actor the dictionary knows: a person, organization or group."""

    name: str
    country: str | None
    sector: str | None
    kind: str


@dataclass
class ActorLexicon:
    """Every string that names an actor, with what it names."""

    countries: dict[str, Country] = field(default_factory=dict)
    #: alias -> entry, for dictionary actors (people, organizations, groups).
    entries: dict[str, Entry] = field(default_factory=dict)
    #: country names and aliases -> iso3
    country_names: dict[str, str] = field(default_factory=dict)
    #: demonyms (adjectives and plurals) -> iso3
    demonyms: dict[str, str] = field(default_factory=dict)
    #: capitals -> iso3; actors only when used as one ("Washington said")
    capitals: dict[str, str] = field(default_factory=dict)
    #: lower-case role word or phrase -> sector ("militia" -> REB)
    roles: dict[str, str] = field(default_factory=dict)
    #: title before a name -> sector ("Gen." -> MIL)
    titles: dict[str, str] = field(default_factory=dict)
    #: roles too general to decide a sector when a more specific word stands beside them
    generic_roles: frozenset[str] = frozenset()
    #: roles that name one person ("official", "commander"), not a body ("embassy")
    person_roles: frozenset[str] = frozenset()

    @functools.cached_property
    def iso3_by_iso2(self) -> dict[str, str]:
        """Each country's alpha-3 code by its alpha-2 code (GeoNames gives alpha-2)."""
        return {c.iso2: c.iso3 for c in self.countries.values()}

    @functools.cached_property
    def names_by_iso3(self) -> dict[str, str]:
        return {c.iso3: c.name for c in self.countries.values()}

    def add_entries(self, raw: list[dict[str, Any]], origin: str) -> None:
        for number, item in enumerate(raw, 1):
            entry = _entry(item, f"{origin} entry {number}")
            for alias in [item["name"], *(item.get("aliases") or [])]:
                self.entries[str(alias)] = entry


def _data(name: str) -> str:
    return resources.files("eventwire.extract").joinpath(f"data/{name}").read_text("utf-8")


def _entry(item: dict[str, Any], where: str) -> Entry:
    if not isinstance(item, dict) or "name" not in item:
        raise ValueError(f"{where}: an actor entry needs at least a name")
    sector = item.get("sector") or None
    if sector is not None and sector not in SECTORS:
        raise ValueError(f"{where}: unknown sector {sector!r}")
    kind = item.get("kind") or "organization"
    if kind not in KINDS:
        raise ValueError(f"{where}: kind must be one of {sorted(KINDS)}, not {kind!r}")
    return Entry(str(item["name"]), item.get("country") or None, sector, kind)


def _split(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _load_countries(lexicon: ActorLexicon) -> None:
    lines = [line for line in _data("countries.tsv").splitlines() if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        country = Country(row["iso3"], row["iso2"], row["name"])
        lexicon.countries[country.iso3] = country
        for name in [row["name"], *_split(row["aliases"])]:
            lexicon.country_names.setdefault(name, country.iso3)
        for demonym in _split(row["demonyms"]):
            lexicon.demonyms.setdefault(demonym, country.iso3)
        for capital in _split(row["capitals"]):
            lexicon.capitals.setdefault(capital, country.iso3)


def _load_sectors(lexicon: ActorLexicon) -> None:
    raw = _yaml(_data("sectors.yaml"))
    for sector, words in (raw.get("sectors") or {}).items():
        for word in words:
            lexicon.roles.setdefault(str(word).lower(), str(sector))
    lexicon.titles.update({str(t): str(s) for t, s in (raw.get("person_titles") or {}).items()})
    lexicon.generic_roles = frozenset(str(w).lower() for w in raw.get("generic_roles") or ())
    lexicon.person_roles = frozenset(str(w).lower() for w in raw.get("person_roles") or ())


def _yaml(text: str) -> Any:
    # The C loader reads the 1,400-entry dictionary ten times faster than the pure one.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def load_lexicon(user_file: str | None = None) -> ActorLexicon:
    """The bundled actor knowledge, with ``user_file``'s entries merged on top."""
    lexicon = ActorLexicon()
    _load_countries(lexicon)
    _load_sectors(lexicon)
    lexicon.add_entries(_yaml(_data("actors.yaml")), "actors.yaml")
    if user_file:
        path = Path(user_file)
        try:
            raw = _yaml(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ValueError(f"{path}: cannot read the actor dictionary: {exc}") from exc
        if not isinstance(raw, list):
            raise ValueError(f"{path}: an actor dictionary is a YAML list of entries")
        lexicon.add_entries(raw, str(path))
    return lexicon
