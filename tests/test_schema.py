"""The record as plain data: ``as_plain`` makes exactly what ``dataclasses.asdict`` makes."""

from __future__ import annotations

import dataclasses
import json
from collections import OrderedDict, namedtuple
from importlib import resources

import pytest

from eventwire.ingest import Defaults, read_inputs
from eventwire.pipeline import process
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
    as_plain,
    to_json,
)

Pair = namedtuple("Pair", "left right")


@dataclasses.dataclass
class Foreign:
    """A dataclass the schema does not know, as a user might put in metadata."""

    name: str
    tags: list[str]


def _rich_article() -> Article:
    iran = Actor("Iran", 0, 4, "Iran", "IRN", "GOV", "country", "gazetteer")
    baghdad = Place("Baghdad", 20, 27, "Baghdad", 98182, "IQ", "07", 33.34, 44.4, "city")
    speaker = Speaker("Zarif", 40, 45, "Javad Zarif", "minister", "IRN", iran, False, "official")
    event = Event(
        "Iran fired missiles", 0, 19, "ASSAULT", "missile", None, "195", 4, -10.0,
        [iran], [], "occurred", None, "2020-01-08", "published", baghdad, "sentence",
        Span("fired", 5, 10), Span("Iran fired missiles", 0, 19), "verb:fire", 0.9,
    )  # fmt: skip
    return Article(
        id="a1",
        origin="in.txt",
        url=None,
        source="tests",
        title="Title",
        published="2020-01-08",
        language="en",
        text="Iran fired missiles at Baghdad, said Zarif.",
        metadata={
            "nested": {"list": [1, 2.5, None, True], "tuple": (1, "a")},
            "pair": Pair(1, [2]),
            "ordered": OrderedDict(a=1),
            "set": {"x"},
            "foreign": Foreign("f", ["t"]),
            "record": Span("Iran", 0, 4),
        },
        entities=[Entity("Iran", 0, 4, "GPE")],
        actors=[iran],
        events=[event],
        quotes=[Quote("missiles", 11, 19, "indirect", Cue("said", 31, 35, "say"), speaker)],
        places=[baghdad],
        times=[Time("Jan. 8", 0, 6, "2020-01-08", "DATE", "2020-01-08")],
        amounts=[Amount("two bases", 0, 9, 2.0, "bases", True)],
        warnings=["a warning"],
        source_profile={"by_kind": {"official": 1}, "top": [("Zarif", 1)]},
    )


def test_as_plain_equals_asdict_on_a_rich_record():
    article = _rich_article()
    assert article.to_dict() == dataclasses.asdict(article)
    # The same container types, not only equal values: tuples stay tuples.
    plain = article.to_dict()
    assert type(plain["metadata"]["pair"]) is Pair
    assert type(plain["metadata"]["ordered"]) is OrderedDict
    assert plain["metadata"]["foreign"] == {"name": "f", "tags": ["t"]}


def test_as_plain_shares_no_mutable_container_with_the_record():
    article = _rich_article()
    plain = article.to_dict()
    plain["warnings"].append("changed")
    plain["metadata"]["nested"]["list"].append(3)
    plain["events"][0]["source"][0]["name"] = "changed"
    assert article.warnings == ["a warning"]
    assert article.metadata["nested"]["list"] == [1, 2.5, None, True]
    assert article.events[0].source[0].name == "Iran"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("text", "text"),
        (2.5, 2.5),
        ([1, [2]], [1, [2]]),
        ({"k": (1, 2)}, {"k": (1, 2)}),
        (Span("a", 0, 1), {"text": "a", "start": 0, "end": 1}),
        ([Span("a", 0, 1)], [{"text": "a", "start": 0, "end": 1}]),
    ],
)
def test_as_plain_of_single_values(value, expected):
    assert as_plain(value) == expected


def test_as_plain_equals_asdict_on_the_bundled_sample(settings, nlp):
    with resources.as_file(resources.files("eventwire") / "sample") as folder:
        documents = list(read_inputs([str(folder)], settings.limits, Defaults()))
    articles = [a for a in process(documents, settings, nlp) if isinstance(a, Article)]
    assert articles and any(a.events and a.quotes for a in articles)
    for article in articles:
        assert article.to_dict() == dataclasses.asdict(article)


def test_to_json_is_the_records_plain_form_on_the_bundled_sample(settings, nlp):
    with resources.as_file(resources.files("eventwire") / "sample") as folder:
        documents = list(read_inputs([str(folder)], settings.limits, Defaults()))
    articles = [a for a in process(documents, settings, nlp) if isinstance(a, Article)]
    for article in articles:
        line = article.to_json()
        assert "\n" not in line
        assert json.loads(line) == json.loads(json.dumps(article.to_dict()))


def test_to_json_keeps_non_ascii_and_encodes_nested_records():
    assert to_json({"k": [Span("Erbil, Irak – ‘ok’", 0, 17)]}) == (
        '{"k":[{"text":"Erbil, Irak – ‘ok’","start":0,"end":17}]}'
    )


def test_to_json_takes_the_standard_path_for_what_orjson_refuses():
    # An integer beyond 64 bits, as a user's JSONL metadata may hold, and a tuple subclass.
    value = {"id": 2**70, "pair": Pair(1, [2]), 3: "int key"}
    assert json.loads(to_json(value)) == {"id": 2**70, "pair": [1, [2]], "3": "int key"}


def test_to_json_fails_clearly_on_a_value_with_no_json_form():
    with pytest.raises(TypeError, match="set"):
        to_json({"tags": {"x"}})
