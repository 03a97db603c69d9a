"""The openings of a regex's matches: what the times gate checks before its rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eventwire.extract.regex_openings import openings

# (pattern, width, the openings' regex): what the gate checks before trying the rules.
OPENINGS = [
    ("may|march", 2, "ma"),
    ("jan|june", 3, "j(?:an|un)"),
    (r"\d+th", 2, r"[\d](?:[\d]|t)"),
    ("1(?:st|nd)?", 3, "1"),
    ("(?<!x)a(?=b)c", 3, "ac"),
    ("(?:ab)*c", 3, "(?:ab(?:a|c)|c)"),
    ("a{2,}", 3, "aa"),
    ("(?:ab){2}x", 3, "aba"),
]


@pytest.mark.parametrize(("pattern", "width", "expected"), OPENINGS)
def test_openings_of_a_pattern(pattern, width, expected):
    assert openings(pattern, width) == expected


@pytest.mark.parametrize("pattern", [r"(a)\1", "(?i:may)", "(?i)may", "(?s)a.b"])
def test_openings_of_constructs_not_modelled_are_unknown(pattern):
    assert openings(pattern, 3) is None


@hsettings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="ab1 -.\n", max_size=12),
    pattern=st.sampled_from(["a+b?1", "(?:a|b )*1", r"\d{2,3}(?!a)", "[^a]b|a{0}", r"(?:a\s)?b"]),
    width=st.integers(1, 4),
)
def test_openings_match_wherever_the_pattern_does(text, pattern, width):
    opening = re.compile(openings(pattern, width))
    for at in range(len(text) + 1):
        if re.compile(pattern).match(text, at):
            assert opening.match(text, at), (text, at)
