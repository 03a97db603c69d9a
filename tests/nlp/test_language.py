"""The English check that keeps other languages away from the English pipeline."""

from __future__ import annotations

import pytest

from eventwire.nlp import is_english

CASES = [
    (
        "The United States carried out an airstrike on Thursday that killed a senior Iranian "
        "commander near the airport in Baghdad, officials said, in a sharp escalation of the "
        "conflict between the two countries.",
        True,
    ),
    (
        "Die Vereinigten Staaten haben am Donnerstag einen Luftangriff durchgeführt, bei dem "
        "ein hochrangiger iranischer Kommandeur nahe dem Flughafen von Bagdad getötet wurde, "
        "teilten Beamte mit.",
        False,
    ),
    (
        "Les États-Unis ont mené jeudi une frappe aérienne qui a tué un haut commandant "
        "iranien près de l'aéroport de Bagdad, ont indiqué des responsables américains.",
        False,
    ),
    (
        "Президент заявил в четверг, что войска будут выведены из региона в ближайшие недели "
        "после переговоров в столице страны между делегациями",
        False,
    ),
    # One sentence dense with names and titles still reads as English.
    (
        "Egypt's foreign minister Sameh Shoukry on Monday rejected Ethiopian Prime Minister "
        "Abiy Ahmed's proposal for a new round of talks during the Nile dam dispute.",
        True,
    ),
    ("Strike kills general", None),
    ("", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_is_english(text, expected):
    assert is_english(text) is expected
