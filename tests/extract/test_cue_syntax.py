"""What the quotes extractor asks of the parse: a cue's subject, its voice, its clause."""

from __future__ import annotations

import pytest

from eventwire.extract.cue_syntax import (
    cue_lemma,
    is_finite,
    is_passive,
    opened_by_that,
    subject_of,
)


def _verb(nlp, text: str, word: str):
    doc = nlp(text)
    return next(t for t in doc if t.text == word)


@pytest.mark.parametrize(
    ("text", "verb", "subject"),
    [
        ("The minister said that talks would resume.", "said", "minister"),
        # A second report shares the first one's subject.
        ("The minister arrived late and said that talks would resume.", "said", "minister"),
        ("The mayor spoke briefly, adding that the roads were closed.", "adding", "mayor"),
        # A passive participle has no one who says it.
        ("The plan, announced on Monday, drew criticism.", "announced", None),
    ],
)
def test_subject_of_a_cue(nlp, text, verb, subject):
    found = subject_of(_verb(nlp, text, verb))
    assert (found.text if found is not None else None) == subject


def test_voice_and_clause_marks(nlp):
    assert is_passive(_verb(nlp, "The strike was condemned by the council.", "condemned"))
    assert not is_passive(_verb(nlp, "The council condemned the strike.", "condemned"))
    said = _verb(nlp, "She said that the border stayed open.", "said")
    clause = next(c for c in said.children if c.dep_ == "ccomp")
    assert opened_by_that(clause) and is_finite(clause)


def test_a_particle_joins_the_lemma(nlp):
    verb = _verb(nlp, "He pointed out that the vote was close.", "pointed")
    assert cue_lemma(verb, {}) == "point out"
    assert cue_lemma(_verb(nlp, "She said no.", "said"), {"said": "say"}) == "say"
