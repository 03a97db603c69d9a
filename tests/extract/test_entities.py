"""Entities as spaCy labels them, and the extractor registry."""

from __future__ import annotations

import pytest

from eventwire.extract import get_extractor, register, registered
from eventwire.extract.entities import extract_entities
from eventwire.settings import Settings
from tests.conftest import FIXTURES
from tests.extract.test_amounts import _article


def test_entities_have_exact_offsets(nlp):
    text = (FIXTURES / "strike-report.txt").read_text(encoding="utf-8")
    entities = extract_entities(nlp(text), _article(text), Settings())
    assert {"Pentagon", "Erbil", "Donald Trump"} <= {e.text for e in entities}
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text
        assert entity.label


def test_builtin_extractors_are_registered():
    assert {"entities", "amounts"} <= set(registered())
    field, func = get_extractor("amounts")
    assert field == "amounts" and callable(func)


def test_unknown_extractor_names_the_known_ones():
    with pytest.raises(KeyError, match=r"registered: .*amounts"):
        get_extractor("nonesuch")


def test_register_refuses_a_field_the_record_lacks():
    with pytest.raises(ValueError, match="not an item field"):
        register("bogus", field="bogus")
