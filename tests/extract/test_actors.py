"""Actors: dictionary, countries, capitals as metonyms, demonyms, roles, titles, coreference."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from eventwire.extract.actor_lexicon import load_lexicon
from eventwire.extract.actors import _matcher, _Resolver
from eventwire.pipeline import extract_text
from eventwire.schema import Actor
from eventwire.settings import Settings

ACTORS = ("entities", "actors")


def actors_of(text: str, nlp, **settings) -> list[Actor]:
    article = extract_text(text, replace(Settings(), extractors=ACTORS, **settings))
    assert not article.warnings
    for actor in article.actors:
        assert article.text[actor.start : actor.end] == actor.text
    return article.actors


def find(actors: list[Actor], text: str) -> Actor:
    matches = [a for a in actors if a.text == text]
    assert matches, f"no actor {text!r} in {[a.text for a in actors]}"
    return matches[0]


@pytest.mark.parametrize(
    ("sentence", "mention", "name", "country", "sector", "kind"),
    [
        # The dictionary beats spaCy's label (it calls some militias PERSON).
        (
            "Kataib Hezbollah denied firing the rockets.",
            "Kataib Hezbollah",
            "Kataib Hezbollah",
            "IRQ",
            "REB",
            "organization",
        ),
        (
            "Tehran's downing of the drone angered officials.",
            "Tehran",
            "Iran",
            "IRN",
            "GOV",
            "country",
        ),
        (
            "Washington said it would respond within days.",
            "Washington",
            "United States",
            "USA",
            "GOV",
            "country",
        ),
        (
            "An Iraqi militia leader was killed.",
            "Iraqi militia leader",
            "Iraqi militia leader",
            "IRQ",
            "REB",
            "person",
        ),
        (
            "Israeli soldiers crossed the line at dawn.",
            "Israeli soldiers",
            "Israeli soldiers",
            "ISR",
            "MIL",
            "group",
        ),
        (
            "Iran's foreign minister flew to Moscow.",
            "Iran's foreign minister",
            "Iran's foreign minister",
            "IRN",
            "GOV",
            "person",
        ),
        ("Turkey closed the border crossing.", "Turkey", "Turkey", "TUR", None, "country"),
        ("Militiamen stormed the gate.", "Militiamen", "militiamen", None, "REB", "group"),
        (
            "Defense Secretary Mark Esper visited the base.",
            "Mark Esper",
            "Mark Esper",
            "USA",
            "GOV",
            "person",
        ),
    ],
)
def test_resolves_mention(nlp, sentence, mention, name, country, sector, kind):
    actor = find(actors_of(sentence, nlp), mention)
    assert (actor.name, actor.country, actor.sector, actor.kind) == (name, country, sector, kind)
    assert actor.evidence


def test_capital_that_does_not_act_is_not_an_actor(nlp):
    assert actors_of("The minister flew to Baghdad on Monday.", nlp) == []


def test_title_is_not_an_organization(nlp):
    actors = actors_of("Defense Secretary Mark Esper said the base was secure.", nlp)
    assert [a.text for a in actors] == ["Mark Esper"]


def test_coordinated_country_words_share_the_role(nlp):
    actors = actors_of("Hungarian and Romanian officials met on Friday.", nlp)
    assert [(a.text, a.country, a.sector) for a in actors] == [
        ("Hungarian", "HUN", "GOV"),
        ("Romanian", "ROU", "GOV"),
    ]


def test_surname_and_title_corefer_to_the_full_name(nlp):
    text = (
        "Gen. Darius Whitcombe toured the base on Monday. Whitcombe said the general staff "
        "was ready, and the general later left for Kuwait."
    )
    actors = actors_of(text, nlp)
    full = find(actors, "Darius Whitcombe")
    assert full.sector == "MIL"
    later = find(actors, "Whitcombe")
    assert later.name == "Darius Whitcombe"
    assert "coreference" in later.evidence
    general = find(actors, "the general")
    assert general.name == "Darius Whitcombe"
    assert not [a for a in actors if "general staff" in a.text]


def test_person_role_with_a_body(nlp):
    actors = actors_of("An official at Iraq's counterterrorism force said the gates shut.", nlp)
    official = find(actors, "An official")
    assert (official.country, official.sector, official.kind) == ("IRQ", "MIL", "person")


def test_user_dictionary_adds_and_overrides(nlp, tmp_path: Path):
    user = tmp_path / "mine.yaml"
    user.write_text(
        "- name: Northern Shield Brigade\n  aliases: [Shield Brigade]\n"
        "  country: SYR\n  sector: REB\n  kind: group\n"
        "- name: Kataib Hezbollah\n  country: IRQ\n  sector: MIL\n",
        encoding="utf-8",
    )
    actors = actors_of(
        "The Shield Brigade and Kataib Hezbollah fought near the river.",
        nlp,
        actors_file=str(user),
    )
    assert (find(actors, "Shield Brigade").country, find(actors, "Shield Brigade").sector) == (
        "SYR",
        "REB",
    )
    assert find(actors, "Kataib Hezbollah").sector == "MIL"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("- name: X\n  sector: WIZARD\n", "unknown sector"),
        ("- name: X\n  kind: planet\n", "kind must be one of"),
        ("name: X\n", "a YAML list"),
        ("- [unclosed\n", "cannot read"),
    ],
)
def test_bad_user_dictionary_names_the_file(tmp_path: Path, content, message):
    user = tmp_path / "bad.yaml"
    user.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_lexicon(str(user))
    assert str(user) in str(info.value)


def test_documented_dictionary_example_loads():
    doc = (Path(__file__).parents[2] / "docs" / "actors.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", doc, re.S)
    assert example, "docs/actors.md has no yaml example"
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as handle:
        handle.write(example.group(1))
    lexicon = load_lexicon(handle.name)
    assert lexicon.entries["PMC Wagner"].country == "RUS"
    Path(handle.name).unlink()


@pytest.mark.shared
def test_seed_actors(nlp, seed_dir: Path):
    expected = json.loads((seed_dir / "soleimani-strike.expected.json").read_text("utf-8"))
    text = (seed_dir / "soleimani-strike.txt").read_text("utf-8")
    actors = actors_of(text, nlp)
    for item in expected["actors"]:
        found = [a for a in actors if a.text == item["mention"] or a.name == item["mention"]]
        assert found, f"{item['mention']} not found"
        for actor in found:
            assert actor.country == item["country"], (item, actor)
            if "sector" in item:
                assert actor.sector == item["sector"], (item, actor)
    # NER calls the militia PERSON and the general GPE in places; no wrong label leaks.
    for actor in actors:
        if actor.text in ("Kataib Hezbollah", "Soleimani"):
            assert actor.country in ("IRQ", "IRN") and actor.kind != "country"


@pytest.mark.parametrize(
    "text",
    ["Defense Secretary Mark Esper said.", "U.S. forces  hit Kataib\nHezbollah's bases.", ""],
)
def test_span_texts_from_the_arrays_match_spacy(nlp, text):
    doc = nlp(text)
    lexicon, matcher = _matcher(None)
    resolver = _Resolver(doc, lexicon, matcher)
    for start in range(len(doc)):
        for end in range(start + 1, len(doc) + 1):
            assert resolver._text(start, end) == doc[start:end].text
