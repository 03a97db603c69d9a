"""Pairing quotation marks: curly, straight and doubled single, within one paragraph."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eventwire.extract.quotation_marks import find_quotations

QUOTATIONS = [
    # (text, [quoted words])
    ("He said “yes” and “no.”", ["yes", "no."]),
    ('He said "yes" and then "no."', ["yes", "no."]),
    ("''Go,'' she said.", ["Go,"]),
    ("“One. Two.\n“Three.”", ["One. Two.", "Three."]),
    ("A stray ” mark and “an open one", ["an open one"]),
    # A closing mark set the wrong way round to open a line.
    ("Intro.\n”Fear. I am afraid.” ― Ana Ruiz", ["Fear. I am afraid."]),
    ("”Fear,” she said.", ["Fear,"]),
    # Curly marks nest; a quotation ends where its own mark closes.
    ("“What he calls “hell” is home,” she said.", ["What he calls “hell” is home,"]),
]


@pytest.mark.parametrize(("text", "words"), QUOTATIONS)
def test_find_quotations(text, words):
    assert [text[q.start : q.end] for q in find_quotations(text)] == words


@given(st.text(alphabet=st.sampled_from(list("ab .,\n“”\"'")), max_size=80))
@hsettings(max_examples=300, deadline=None)
def test_quotations_stay_inside_their_marks_and_paragraph(text):
    for q in find_quotations(text):
        assert q.open < q.start <= q.end <= q.close <= len(text)
        assert "\n" not in text[q.open : q.close]
        assert text[q.start : q.end].strip()
