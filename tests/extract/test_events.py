"""Events: PLOVER/CAMEO coding, arguments, modality and provenance on sentences we wrote."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from eventwire.extract.events import main_event
from eventwire.pipeline import extract_text
from eventwire.schema import Event
from eventwire.settings import Settings

EVENTS = ("entities", "actors", "times", "places", "events")


def events_of(text: str, nlp, published: str | None = "2020-01-03") -> list[Event]:
    article = extract_text(text, replace(Settings(), extractors=EVENTS), published=published)
    assert not article.warnings
    for event in article.events:
        assert article.text[event.start : event.end] == event.text
        trigger = event.trigger
        assert article.text[trigger.start : trigger.end] == trigger.text
        assert event.sentence.start <= trigger.start < trigger.end <= event.sentence.end
        assert 0.0 <= event.confidence <= 1.0
        assert -10.0 <= event.intensity <= 10.0
    return article.events


def countries(actors) -> set[str]:
    return {a.country for a in actors if a.country}


@pytest.mark.parametrize(
    ("sentence", "plover", "quad", "source", "target"),
    [
        (
            "The United States and Britain imposed sanctions on Iran and Syria.",
            "SANCTION",
            4,
            {"USA", "GBR"},
            {"IRN", "SYR"},
        ),
        (
            "Tehran's downing of an American drone angered officials.",
            "ASSAULT",
            4,
            {"IRN"},
            {"USA"},
        ),
        ("The convoy was attacked by Houthi rebels near Hodeidah.", "ASSAULT", 4, {"YEM"}, set()),
        ("Turkish troops withdrew from the border town on Friday.", "RETREAT", 2, {"TUR"}, set()),
        (
            "The foreign ministers of Egypt and Jordan met in Cairo.",
            "CONSULT",
            1,
            {"EGY", "JOR"},
            set(),
        ),
        (
            "Germany accused Russia of poisoning the opposition leader.",
            "ACCUSE",
            3,
            {"DEU"},
            {"RUS"},
        ),
        ("Japan sent humanitarian aid to Turkey after the earthquake.", "AID", 2, {"JPN"}, {"TUR"}),
        ("Israel is opposed to French mediation, an aide said.", "REJECT", 3, {"ISR"}, {"FRA"}),
    ],
)
def test_codes_the_act_and_its_actors(nlp, sentence, plover, quad, source, target):
    event = main_event(events_of(sentence, nlp))
    assert event is not None, sentence
    assert (event.type, event.quad_class, event.status) == (plover, quad, "occurred")
    assert countries(event.source) == source
    assert countries(event.target) >= target
    assert event.rule and event.cameo[:2].isdigit()


def test_compound_actors_are_one_event(nlp):
    events = events_of("The United States and Britain imposed sanctions on Iran and Syria.", nlp)
    sanctions = [e for e in events if e.type == "SANCTION"]
    assert len(sanctions) == 1
    assert len(sanctions[0].source) == 2 and len(sanctions[0].target) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Iran did not attack the tanker.",
        "The president called off airstrikes on Iran.",
        "Washington canceled the planned strike on Iranian radar sites.",
        "The rebels refrained from attacking the capital.",
        "Analysts said it was likely that Iran would retaliate against the United States.",
        "A possible Iranian attack on Saudi oil fields worried traders.",
    ],
)
def test_acts_that_did_not_happen_are_not_assaults(nlp, sentence):
    assert not [e for e in events_of(sentence, nlp) if e.type == "ASSAULT"]


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("If talks fail, Israel could strike Iran's nuclear sites.", "hypothetical"),
        ("Hezbollah denied attacking the Israeli convoy.", "denied"),
        ("North Korea threatened to strike Guam.", "threatened"),
    ],
)
def test_modality_is_marked(nlp, sentence, status):
    assaults = [e for e in events_of(sentence, nlp) if e.type == "ASSAULT"]
    assert assaults and all(e.status == status for e in assaults)


def test_a_threat_is_itself_a_threaten_event(nlp):
    event = main_event(events_of("North Korea threatened to strike Guam.", nlp))
    assert (event.type, countries(event.source)) == ("THREATEN", {"PRK"})


def test_stated_intent_to_cooperate_is_agree(nlp):
    event = main_event(events_of("Japan will send humanitarian aid to Turkey.", nlp))
    assert event.type == "AGREE" and "stated intent" in event.rule


@pytest.mark.parametrize(
    "sentence",
    ["Russia never agreed to the plan.", "Turkey refused to meet the Greek envoy."],
)
def test_refused_or_negated_cooperation_is_a_rejection(nlp, sentence):
    event = main_event(events_of(sentence, nlp))
    assert event.type == "REJECT" and event.quad_class == 3


def test_an_obligation_in_reported_speech_is_a_demand(nlp):
    event = main_event(events_of("Germany said that Iran must release the two sailors.", nlp))
    assert (event.type, countries(event.source), countries(event.target)) == (
        "REQUEST",
        {"DEU"},
        {"IRN"},
    )


@pytest.mark.parametrize(
    ("sentence", "plover", "home"),
    [
        ("Thousands of Kenyan teachers went on strike on Monday.", "PROTEST", "KEN"),
        ("Iraqi police arrested dozens of protesters in Basra.", "COERCE", "IRQ"),
    ],
)
def test_domestic_acts_target_home(nlp, sentence, plover, home):
    event = main_event(events_of(sentence, nlp))
    assert (event.type, countries(event.source), countries(event.target)) == (
        plover,
        {home},
        {home},
    )


def test_attribution_is_kept(nlp):
    events = events_of("Iraqi police arrested six men in Basra, the interior ministry said.", nlp)
    arrest = main_event(events)
    assert arrest.type == "COERCE"
    assert arrest.attributed_to


def test_date_falls_back_to_publication(nlp):
    (event,) = [e for e in events_of("Iran seized a British tanker.", nlp) if e.type]
    assert event.date == "2020-01-03"
    assert event.date_source == "published"


@pytest.mark.shared
def test_seed_events(nlp, seed_dir: Path):
    expected = json.loads((seed_dir / "soleimani-strike.expected.json").read_text("utf-8"))
    text = (seed_dir / "soleimani-strike.txt").read_text("utf-8")
    events = [e for e in events_of(text, nlp, "2020-01-03") if e.status == "occurred"]
    for item in expected["events"]:
        matches = [
            e
            for e in events
            if e.type == item.get("plover", e.type)
            and item.get("source_country", "?") in countries(e.source) | {"?"}
            and item.get("target_country", "?") in countries(e.target) | {"?"}
        ]
        assert matches, item["what"]
        if "date" in item:
            assert any(e.date == item["date"] for e in matches), (item["what"], matches)
        if "place" in item:
            assert any(e.place and e.place.name == item["place"] for e in matches), item["what"]
    # "in part because it was seen as likely to ignite a significant Iranian response"
    assert not [e for e in events if "ignite" in e.trigger.text]
