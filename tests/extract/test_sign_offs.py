"""Sign-offs: the dash and name that sign a quotation or a posted message."""

from __future__ import annotations

import pytest

from eventwire.extract.sign_offs import signing, tweets


def _signed(text: str) -> tuple[str, str] | None:
    close = text.index("”") + 1
    found = signing(text, close)
    if found is None:
        return None
    return text[slice(*found.dash)], text[slice(*found.name)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We are tired.” ― Sonya Ortiz\n“Next.”", ("―", "Sonya Ortiz")),
        ("“We are tired.”― Edwin G. Monroy ", ("―", "Edwin G. Monroy")),
        ("“We are tired.” —\xa0Carla Lastra.\n", ("—", "Carla Lastra")),
        ("“We are tired.”\n\n- Sanders.\n\nThe claim is false.", ("-", "Sanders")),
        ("“We are tired.”\n\n-President Obama, tweeting.", ("-", "President Obama")),
        ("“We are tired.” — Carlos de la Fuente (@cfuente)", ("—", "Carlos de la Fuente")),
        ("“We are tired.” - Ana Ruiz", ("-", "Ana Ruiz")),
    ],
)
def test_a_dash_and_name_sign_the_quotation(text, expected):
    assert _signed(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "“We are tired.” — and then she left.",  # no name after the dash
        "“We are tired.” — Ana Ruiz said the rest",  # the name starts a sentence
        "“We are tired.” She left — Ana Ruiz stayed.",  # the dash is not next to the quote
        "“We are tired.”\n\nThe claim — Ruiz says — is false.",
    ],
)
def test_no_sign_off(text):
    assert _signed(text) is None


def test_a_tweet_is_signed_by_its_author():
    text = (
        "Intro.\n\nThe vote is a disgrace. pic.twitter.com/x1 — Paul Ryan (@SpeakerRyan) "
        "July 5, 2016\n\nMore text."
    )
    [found] = tweets(text)
    assert text[slice(*found.message)] == "The vote is a disgrace. pic.twitter.com/x1"
    assert text[slice(*found.name)] == "Paul Ryan"
    assert text[slice(*found.dash)] == "—"


def test_a_line_without_handle_and_date_is_no_tweet():
    assert list(tweets("The vote is a disgrace — Paul Ryan, July 5, 2016")) == []
