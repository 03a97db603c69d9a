"""From Document to Article: ids, offsets, the language gate, and failing extractors."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eventwire.extract import registry
from eventwire.pipeline import document_id, extract_text, process
from eventwire.schema import Article, Document, IngestError, text_id
from tests.conftest import FIXTURES

REPORT = (FIXTURES / "strike-report.txt").read_text(encoding="utf-8")


def _doc(text: str = REPORT, **kw) -> Document:
    return Document(text=text, origin=kw.pop("origin", "test.txt"), **kw)


def _items(article: Article):
    """Every span-bearing item, nested ones included (triggers, actors of events, cues)."""
    for name in ("entities", "actors", "events", "quotes", "places", "times", "amounts"):
        for item in getattr(article, name):
            yield item
            if name == "events":
                yield item.trigger
                yield item.sentence
                yield from item.source
                yield from item.target
            if name == "quotes":
                yield from (part for part in (item.cue, item.speaker) if part is not None)


def test_record_fields_and_offsets(settings, nlp):
    (article,) = process([_doc(published="2020-01-08", source="tests")], settings, nlp)
    assert article.id == text_id(REPORT)
    assert article.text == REPORT and article.published == "2020-01-08"
    assert [(a.text, a.value) for a in article.amounts] == [
        ("more than a dozen ballistic missiles", 12),
        ("two bases", 2),
        ("About 1,500 U.S. service members", 1500),
        ("about 4 percent", 4),
        ("hundreds of residents", 100),
    ]
    for item in _items(article):
        assert REPORT[item.start : item.end] == item.text


def test_input_id_wins_over_the_text_hash():
    assert document_id(_doc(id="wire-42")) == "wire-42"
    assert document_id(_doc()) == text_id(REPORT)
    assert text_id("a  b\n c") == text_id("a b c")


def test_errors_pass_through_in_order(settings, nlp):
    error = IngestError("bad.jsonl:2", "invalid JSON")
    results = list(
        process([_doc(origin="one.txt"), error, _doc("", origin="empty.txt")], settings, nlp)
    )
    assert isinstance(results[0], Article) and results[1] is error
    assert results[2] == IngestError("empty.txt", "empty text", stage="nlp")


@pytest.mark.parametrize(
    ("language", "text", "reason"),
    [
        ("de", REPORT, "language is 'de'"),
        (
            None,
            "Die Regierung hat am Donnerstag erklärt, dass die Truppen in der Region bleiben "
            "werden, bis die Lage sich beruhigt hat und die Gespräche mit den Nachbarn "
            "abgeschlossen sind.",
            "does not look like English",
        ),
    ],
)
def test_text_the_pipeline_cannot_read_is_an_error(settings, nlp, language, text, reason):
    (result,) = process([_doc(text, language=language)], settings, nlp)
    assert isinstance(result, IngestError) and reason in result.reason


def test_a_failing_extractor_leaves_a_warning_not_a_crash(settings, nlp, monkeypatch):
    def broken(doc, article, settings):
        raise RuntimeError("boom")

    monkeypatch.setitem(registry._REGISTRY, "broken", ("actors", broken))
    (article,) = process([_doc()], replace(settings, extractors=("broken", "amounts")), nlp)
    assert article.warnings == ["extractor broken failed: RuntimeError: boom"]
    assert article.amounts  # the others still ran


def test_unknown_extractor_fails_before_parsing(settings, nlp):
    with pytest.raises(KeyError, match="nonesuch"):
        list(process([_doc()], replace(settings, extractors=("nonesuch",)), nlp))


def test_extract_text_is_the_short_path():
    article = extract_text("About 5,000 U.S. troops are stationed in Iraq.", published="2020-01-03")
    assert article.amounts[0].value == 5000 and article.published == "2020-01-03"


WORDS = st.sampled_from(
    [
        "the",
        "a",
        "Iran",
        "Iraq",
        "U.S.",
        "troops",
        "said",
        "750",
        "5,000",
        "about",
        "more",
        "than",
        "hundreds",
        "of",
        "half",
        "dozen",
        "percent",
        "$",
        "1.2",
        "two-car",
        "“",
        "”",
        "\n",
        "\t",
        ",",
        ".",
        "killed",
        "struck",
        "Baghdad",
        "on",
        "Thursday",
        "Dec.",
        "27",
        "last",
        "year",
        "Tehran's",
        "downing",
        "did",
        "not",
        "attack",
        "according",
        "to",
        "officials",
        "he",
        "Esper",
        "Gen.",
        "Soleimani",
        '"',
        "Kataib",
        "Hezbollah",
        "-",
        "BAGHDAD",
        "—",
        "Washington",
        "\u200b",
        "é",
    ]
)


@hsettings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(WORDS, max_size=40).map(" ".join))
def test_every_offset_is_inside_the_text(settings, nlp, text):
    for result in process([_doc(text, language="en")], settings, nlp):
        if isinstance(result, Article):
            assert not [w for w in result.warnings if "failed" in w], result.warnings
            for item in _items(result):
                assert 0 <= item.start <= item.end <= len(text)
                assert text[item.start : item.end] == item.text
