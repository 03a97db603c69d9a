"""The actor knowledge files: countries.tsv, actors.yaml and sectors.yaml are consistent."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).resolve().parents[2] / "src/eventwire/extract/data"

COLUMNS = ["iso3", "iso2", "name", "aliases", "demonyms", "capitals"]
STRING_COLUMNS = COLUMNS[2:]
SECTOR_CODES = {
    "GOV", "MIL", "POL", "REB", "OPP", "CVL", "BUS", "MED", "JUD", "LEG", "COP", "SPY",
    "REL", "EDU", "HLH", "REF", "IGO", "NGO", "INS", "SEP", "UAF", "ELI",
}  # fmt: skip
NON_STATE_COUNTRIES = {"IGO", "NGO", "MNC", "IMG"}
ACTOR_KEYS = {"name", "aliases", "country", "sector", "kind", "note"}
KINDS = {"person", "organization", "group"}


def _split(field: str) -> list[str]:
    return [s for s in field.split("|") if s]


def _load_countries() -> list[dict[str, str]]:
    with (DATA / "countries.tsv").open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


COUNTRIES = _load_countries()
ACTORS = yaml.safe_load((DATA / "actors.yaml").read_text(encoding="utf-8"))
SECTORS = yaml.safe_load((DATA / "sectors.yaml").read_text(encoding="utf-8"))

# Every country string, case-folded, mapped to the iso3 codes of the rows that hold it.
COUNTRY_STRINGS: dict[str, set[str]] = defaultdict(set)
for _row in COUNTRIES:
    for _column in STRING_COLUMNS:
        for _s in _split(_row[_column] or ""):
            COUNTRY_STRINGS[_s.casefold()].add(_row["iso3"])

# Every actor string (name or alias), case-folded, mapped to the entries that hold it.
ACTOR_STRINGS: dict[str, list[dict]] = defaultdict(list)
for _entry in ACTORS:
    for _s in {_entry["name"].casefold(), *(a.casefold() for a in _entry["aliases"])}:
        ACTOR_STRINGS[_s].append(_entry)


# --- countries.tsv ---------------------------------------------------------------------------


def test_countries_have_the_six_columns():
    with (DATA / "countries.tsv").open(encoding="utf-8") as f:
        header = next(line for line in f if not line.startswith("#"))
    assert header.rstrip("\n").split("\t") == COLUMNS
    short = [row["iso3"] for row in COUNTRIES if None in row.values() or None in row]
    assert not short, f"rows without exactly six columns: {short}"


def test_countries_cover_iso_3166():
    assert len(COUNTRIES) >= 240


@pytest.mark.parametrize(("column", "pattern"), [("iso3", r"[A-Z]{3}"), ("iso2", r"[A-Z]{2}")])
def test_country_codes_are_unique_and_iso_shaped(column, pattern):
    codes = [row[column] for row in COUNTRIES]
    malformed = [c for c in codes if not re.fullmatch(pattern, c)]
    assert not malformed, f"{column} codes not shaped like ISO: {malformed}"
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    assert not repeated, f"{column} codes used twice: {repeated}"


def test_every_country_has_a_name():
    assert all(row["name"] for row in COUNTRIES)


def test_no_country_string_in_two_rows():
    repeated = {s: sorted(codes) for s, codes in COUNTRY_STRINGS.items() if len(codes) > 1}
    assert not repeated, f"strings in more than one row: {repeated}"


@pytest.mark.parametrize(
    ("string", "iso3"),
    [
        ("U.S.", "USA"),
        ("United States", "USA"),
        ("Americans", "USA"),
        ("Washington", "USA"),
        ("Iranian", "IRN"),
        ("Tehran", "IRN"),
        ("Iraqi", "IRQ"),
        ("Baghdad", "IRQ"),
        ("Britain", "GBR"),
        ("Britons", "GBR"),
        ("Burma", "MMR"),
        ("Palestinians", "PSE"),
        ("Ramallah", "PSE"),
        ("Jerusalem", "ISR"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("Soviet Union", "RUS"),
        ("Zaire", "COD"),
        ("Congolese", "COD"),
        ("Ivory Coast", "CIV"),
        ("Kosovo", "XKX"),
        ("Taiwan", "TWN"),
        ("Western Sahara", "ESH"),
        ("Emirati", "ARE"),
        ("Filipinos", "PHL"),
        ("La Paz", "BOL"),
        ("Sucre", "BOL"),
    ],
)
def test_country_spot_checks(string, iso3):
    assert COUNTRY_STRINGS.get(string.casefold()) == {iso3}


# --- actors.yaml -----------------------------------------------------------------------------


def test_actors_are_a_list_of_at_least_400_entries():
    assert isinstance(ACTORS, list)
    assert len(ACTORS) >= 400


def test_actor_entries_are_well_formed():
    iso3 = {row["iso3"] for row in COUNTRIES}
    problems = []
    for entry in ACTORS:
        name = entry.get("name", "?")
        if set(entry) != ACTOR_KEYS:
            problems.append(f"{name}: keys {sorted(entry)}")
            continue
        if not isinstance(entry["name"], str) or not entry["name"]:
            problems.append(f"{name}: empty name")
        if not isinstance(entry["aliases"], list) or not all(
            isinstance(a, str) and a for a in entry["aliases"]
        ):
            problems.append(f"{name}: aliases must be a list of strings")
        if entry["sector"] not in SECTOR_CODES:
            problems.append(f"{name}: sector {entry['sector']!r}")
        if entry["country"] not in iso3 | NON_STATE_COUNTRIES:
            problems.append(f"{name}: country {entry['country']!r}")
        if entry["kind"] not in KINDS:
            problems.append(f"{name}: kind {entry['kind']!r}")
        if not isinstance(entry["note"], str) or not entry["note"]:
            problems.append(f"{name}: empty note")
    assert not problems, "\n".join(problems)


def test_no_actor_string_with_two_codings():
    clashes = {}
    for s, entries in ACTOR_STRINGS.items():
        codings = {(e["country"], e["sector"]) for e in entries}
        if len(codings) > 1:
            clashes[s] = sorted(f"{e['name']} {e['country']} {e['sector']}" for e in entries)
    assert not clashes, f"strings used by entries with different codes: {clashes}"


def test_actor_strings_agree_with_countries():
    """A string that is also a country string (Palestinian Authority) names the same country."""
    disagree = {
        s: (sorted(COUNTRY_STRINGS[s]), sorted({e["country"] for e in entries}))
        for s, entries in ACTOR_STRINGS.items()
        if s in COUNTRY_STRINGS and {e["country"] for e in entries} != COUNTRY_STRINGS[s]
    }
    assert not disagree, f"actor strings coded to another country than countries.tsv: {disagree}"


def _actor(string: str) -> dict:
    entries = ACTOR_STRINGS.get(string.casefold())
    assert entries, f"{string!r} is not in actors.yaml"
    return entries[0]


@pytest.mark.parametrize(
    ("string", "country", "sector"),
    [
        ("Kataib Hezbollah", "IRQ", None),
        ("Popular Mobilization Forces", "IRQ", None),
        ("PMF", "IRQ", "MIL"),
        ("Hashd al-Shaabi", "IRQ", "MIL"),
        ("Pentagon", "USA", "MIL"),
        ("Mark Esper", "USA", "GOV"),
        ("Esper", "USA", "GOV"),
        ("Mike Pompeo", "USA", "GOV"),
        ("Mark Milley", "USA", "MIL"),
        ("Kenneth McKenzie", "USA", "MIL"),
        ("Quds Force", "IRN", "MIL"),
        ("Revolutionary Guards", "IRN", "MIL"),
        ("Soleimani", "IRN", "MIL"),
        ("Abu Mahdi al-Muhandis", "IRQ", "MIL"),
        ("Ali Khamenei", "IRN", "GOV"),
        ("Erdoğan", "TUR", "GOV"),
        ("Zelenskyy", "UKR", "GOV"),
        ("Hezbollah", "LBN", "REB"),
        ("Hamas", "PSE", "REB"),
        ("Houthis", "YEM", "REB"),
        ("ISIS", "IMG", "REB"),
        ("al-Qaeda", "IMG", "REB"),
        ("Rapid Support Forces", "SDN", "MIL"),
        ("Hemedti", "SDN", "MIL"),
        ("Wagner Group", "RUS", "MIL"),
        ("Taliban", "AFG", "REB"),
        ("CIA", "USA", "SPY"),
        ("Mossad", "ISR", "SPY"),
        ("Knesset", "ISR", "LEG"),
        ("UN Security Council", "IGO", "IGO"),
        ("NATO", "IGO", "IGO"),
        ("Red Cross", "NGO", "NGO"),
        ("Amnesty International", "NGO", "NGO"),
    ],
)
def test_actor_spot_checks(string, country, sector):
    entry = _actor(string)
    assert entry["country"] == country, entry
    if sector is not None:
        assert entry["sector"] == sector, entry


@pytest.mark.parametrize("string", ["Senate", "Supreme Court", "Security Council", "George Bush"])
def test_ambiguous_bare_forms_are_left_out(string):
    assert string.casefold() not in ACTOR_STRINGS


# --- sectors.yaml ----------------------------------------------------------------------------


def test_sectors_file_has_its_four_tables():
    assert set(SECTORS) == {"sectors", "person_titles", "generic_roles", "person_roles"}


def test_sector_keys_are_valid_codes():
    assert set(SECTORS["sectors"]) <= SECTOR_CODES, set(SECTORS["sectors"]) - SECTOR_CODES


def test_sector_words_are_lower_case_and_listed_once():
    seen: dict[str, list[str]] = defaultdict(list)
    for code, words in SECTORS["sectors"].items():
        for word in words:
            seen[word].append(code)
    upper = [w for w in seen if w != w.lower()]
    assert not upper, f"not lower case: {upper}"
    repeated = {w: codes for w, codes in seen.items() if len(codes) > 1}
    assert not repeated, f"words under more than one code: {repeated}"


def test_person_titles_map_to_valid_codes():
    bad = {t: c for t, c in SECTORS["person_titles"].items() if c not in SECTOR_CODES}
    assert not bad, f"titles with invalid codes: {bad}"


@pytest.mark.parametrize(
    ("word", "code"),
    [
        ("militia", "REB"),
        ("soldiers", "MIL"),
        ("foreign minister", "GOV"),
        ("police", "COP"),
        ("security forces", "COP"),
        ("counterterrorism force", "MIL"),
        ("protesters", "CVL"),
        ("lawmakers", "LEG"),
        ("journalists", "MED"),
        ("refugees", "REF"),
    ],
)
def test_sector_spot_checks(word, code):
    assert word in SECTORS["sectors"][code]


@pytest.mark.parametrize(
    ("title", "code"),
    [("President", "GOV"), ("Defense Secretary", "GOV"), ("Gen.", "MIL"), ("Sen.", "LEG")],
)
def test_title_spot_checks(title, code):
    assert SECTORS["person_titles"][title] == code
