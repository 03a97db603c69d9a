"""A small hand-built store for the dashboard tests: every item kind, one hostile article."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.schema import (
    Actor,
    Amount,
    Article,
    Cue,
    Entity,
    Event,
    Place,
    Quote,
    Span,
    Speaker,
    Time,
)
from eventwire.store import open_store, write_batch

with warnings.catch_warnings():
    # Starlette suggests httpx2 for its test client; httpx 0.28 is what we pin.
    warnings.filterwarnings("ignore", message=".*httpx2")
    from fastapi.testclient import TestClient

from eventwire.serve import create_app

XSS = "<script>alert(1)</script>"
ATTR = '" onmouseover="x'
HOSTILE = f"{XSS}{ATTR}"

BAGHDAD = (33.34, 44.40)
KYIV = (50.45, 30.52)
VIENNA = (48.21, 16.37)


def span(text: str, phrase: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``phrase`` in ``text`` (searching from ``after``)."""
    start = text.index(phrase, after)
    return start, start + len(phrase)


def actor(
    text: str,
    phrase: str,
    name: str,
    country: str | None,
    sector: str | None = None,
    after: int = 0,
) -> Actor:
    start, end = span(text, phrase, after)
    return Actor(phrase, start, end, name, country, sector, "country", "test")


def place(text: str, phrase: str, country: str, lat: float | None, lon: float | None) -> Place:
    start, end = span(text, phrase)
    return Place(phrase, start, end, phrase, None, country, None, lat, lon, "city")


def event(
    text: str,
    trigger: str,
    type_: str,
    quad: int,
    intensity: float,
    source: list[Actor],
    target: list[Actor],
    date: str | None,
    where: Place | None = None,
    status: str = "occurred",
) -> Event:
    start, end = span(text, trigger)
    sentence_start = text.rfind(".", 0, start) + 1
    sentence_end = text.find(".", end) + 1 or len(text)
    sentence = Span(text[sentence_start:sentence_end], sentence_start, sentence_end)
    return Event(
        text=text[sentence_start:sentence_end],
        start=sentence_start,
        end=sentence_end,
        type=type_,
        mode=None,
        context=None,
        cameo="190",
        quad_class=quad,
        intensity=intensity,
        source=source,
        target=target,
        status=status,
        attributed_to=None,
        date=date,
        date_source="sentence",
        place=where,
        place_source="sentence" if where else None,
        trigger=Span(trigger, start, end),
        sentence=sentence,
        rule="test",
        confidence=0.9,
    )


def quote(text: str, content: str, speaker: str, name: str | None, kind: str) -> Quote:
    """A direct quote ``content`` followed by "said" and the ``speaker`` mention."""
    anonymous = kind.startswith("anonymous")
    cue = "said"
    start, end = span(text, content)
    cue_start, cue_end = span(text, cue, end)
    sp_start, sp_end = span(text, speaker, cue_end)
    return Quote(
        content,
        start,
        end,
        "direct",
        Cue(cue, cue_start, cue_end, "say"),
        Speaker(speaker, sp_start, sp_end, name, None, None, None, anonymous, kind),
    )


def strike_article() -> Article:
    text = (
        "BAGHDAD — U.S. forces struck a convoy near Baghdad on Friday, killing 7 fighters. "
        "“We acted to protect our troops,” said Mark Esper. "
        "“More strikes are possible,” said a senior official."
    )
    usa = actor(text, "U.S. forces", "U.S. forces", "USA", "MIL")
    baghdad = place(text, "Baghdad", "IQ", *BAGHDAD)
    convoy = actor(text, "convoy", "Iraqi militia convoy", "IRQ", "REB")
    return Article(
        id="strike",
        origin="strike.txt",
        url="https://example.org/strike",
        source="Wire Service",
        title="U.S. strike near Baghdad",
        published="2020-01-03",
        language="en",
        text=text,
        metadata={"dateline": "BAGHDAD"},
        entities=[Entity("Baghdad", *span(text, "Baghdad"), "GPE")],
        actors=[usa, convoy, actor(text, "Mark Esper", "Mark Esper", "USA", "GOV")],
        events=[
            event(text, "struck", "ASSAULT", 4, -10.0, [usa], [convoy], "2020-01-03", baghdad),
        ],
        quotes=[
            quote(text, "We acted to protect our troops,", "Mark Esper", "Mark Esper", "named"),
            quote(
                text, "More strikes are possible,", "a senior official", None, "anonymous_official"
            ),
        ],
        places=[baghdad],
        times=[Time("Friday", *span(text, "Friday"), "2020-01-03", "date", "2020-01-03")],
        amounts=[Amount("7 fighters", *span(text, "7 fighters"), 7.0, "fighters", False)],
    )


def talks_article() -> Article:
    text = (
        "VIENNA — Iran met European envoys in Vienna on Sunday. "
        "Iran threatened to expand enrichment, the foreign ministry said."
    )
    iran = actor(text, "Iran", "Iran", "IRN", "GOV")
    eu = actor(text, "European envoys", "European Union", "IGO", None)
    vienna = place(text, "Vienna", "AT", *VIENNA)
    iran_again = actor(text, "Iran", "Iran", "IRN", "GOV", after=text.index("Sunday"))
    return Article(
        id="talks",
        origin="talks.txt",
        url="https://example.org/talks",
        source="Daily Ledger",
        title="Iran and Europe meet in Vienna",
        published="2020-01-05",
        language="en",
        text=text,
        actors=[iran, eu, iran_again],
        events=[
            event(text, "met", "CONSULT", 1, 1.0, [iran], [eu], "2020-01-05", vienna),
            event(
                text,
                "threatened",
                "THREATEN",
                3,
                -4.0,
                [iran_again],
                [eu],
                "2020-01-05",
                None,
                "threatened",
            ),
        ],
        quotes=[
            Quote(
                "Iran threatened to expand enrichment",
                *span(text, "Iran threatened to expand enrichment"),
                "indirect",
                Cue("said", *span(text, "said"), "say"),
                Speaker(
                    "the foreign ministry",
                    *span(text, "the foreign ministry"),
                    "Iranian foreign ministry",
                    None,
                    None,
                    None,
                    False,
                    "institution",
                ),
            )
        ],
        places=[vienna],
        times=[Time("Sunday", *span(text, "Sunday"), "2020-01-05", "date", "2020-01-05")],
    )


def aid_article() -> Article:
    text = "KYIV — The United States sent aid to Ukraine on Jan. 12, officials said."
    usa = actor(text, "United States", "United States", "USA", "GOV")
    ukraine = actor(text, "Ukraine", "Ukraine", "UKR", None)
    kyiv = place(text, "KYIV", "UA", *KYIV)
    return Article(
        id="aid",
        origin="aid.txt",
        url=None,
        source="Daily Ledger",
        title="U.S. sends aid to Ukraine",
        published="2020-01-13",
        language="en",
        text=text,
        actors=[usa, ukraine],
        events=[event(text, "sent aid", "AID", 2, 7.0, [usa], [ukraine], "2020-01-12", kyiv)],
        places=[kyiv],
    )


def hostile_article() -> Article:
    """Every stored string a page shows carries markup that must come out as text."""
    text = f"{HOSTILE} attacked the {HOSTILE} base near {HOSTILE} town, said {HOSTILE} chief."
    first = text.index(HOSTILE)
    second = text.index(HOSTILE, first + 1)
    third = text.index(HOSTILE, second + 1)
    fourth = text.index(HOSTILE, third + 1)
    source = Actor(HOSTILE, first, first + len(HOSTILE), HOSTILE, "PRK", "MIL", "group", HOSTILE)
    target = Actor(HOSTILE, second, second + len(HOSTILE), HOSTILE, "KOR", None, "group", "test")
    n = len(HOSTILE)
    town = Place(HOSTILE, third, third + n, HOSTILE, None, "KR", HOSTILE, 37.5, 127.0, HOSTILE)
    attacked = text.index("attacked")
    return Article(
        id="hostile",
        origin=f"{HOSTILE}.txt",
        url="javascript:alert(1)",
        source=HOSTILE,
        title=HOSTILE,
        published="2020-02-01",
        language="en",
        text=text,
        metadata={HOSTILE: HOSTILE},
        entities=[Entity(HOSTILE, first, first + len(HOSTILE), HOSTILE)],
        actors=[source, target],
        events=[
            Event(
                text=text,
                start=0,
                end=len(text),
                type="ASSAULT",
                mode=HOSTILE,
                context=None,
                cameo="190",
                quad_class=4,
                intensity=-9.0,
                source=[source],
                target=[target],
                status="occurred",
                attributed_to=None,
                date="2020-02-01",
                date_source="published",
                place=town,
                place_source="sentence",
                trigger=Span("attacked", attacked, attacked + len("attacked")),
                sentence=Span(text, 0, len(text)),
                rule=HOSTILE,
                confidence=0.5,
            )
        ],
        quotes=[
            Quote(
                text[: text.index(",")],
                0,
                text.index(","),
                "indirect",
                Cue("said", *span(text, "said"), "say"),
                Speaker(
                    HOSTILE, fourth, fourth + n, HOSTILE, HOSTILE, HOSTILE, None, False, "named"
                ),
            )
        ],
        places=[town],
        times=[Time(HOSTILE, first, first + len(HOSTILE), HOSTILE, "date", None)],
        amounts=[],
        warnings=[HOSTILE],
    )


def build_store(path: Path, articles: list[Article]) -> Path:
    con = open_store(path)
    try:
        write_batch(con, articles)
    finally:
        con.close()
    return path


ARTICLES = (strike_article, talks_article, aid_article, hostile_article)


@pytest.fixture(scope="session")
def store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve") / "store.duckdb", [a() for a in ARTICLES])


@pytest.fixture(scope="session")
def empty_store_path(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("serve-empty") / "empty.duckdb", [])


def _client(path: Path) -> TestClient:
    """A client for the app over ``path``; use it in ``with`` so the app closes the store."""
    # The app answers loopback Host headers only, as a browser on this machine sends them.
    return TestClient(create_app(path), base_url="http://127.0.0.1")


@pytest.fixture(scope="session")
def client(store_path) -> Iterator[TestClient]:
    with _client(store_path) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def empty_client(empty_store_path) -> Iterator[TestClient]:
    with _client(empty_store_path) as test_client:
        yield test_client
