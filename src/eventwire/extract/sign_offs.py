"""Sign-offs: a quotation, or a posted message, signed with a dash and the speaker's name.

Vox pops, fact-check lists and epigraphs set a quote on its own line and sign it after it
("“…” ― Sonya Herridge", "“…”" then a line "- Sanders."); an embedded tweet's fallback text
ends "— Paul Ryan (@SpeakerRyan) July 5, 2016". No verb reports these, so the parse finds
no cue: the dash is the cue (as PolNeAR marks it) and the name the speaker. Found here on
the characters; whether the name names someone is for the caller to ask of the parse.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_SPACE = "[ \t\xa0]"
_DASH = "(―|—|–|--?)"
# A dash on the quotation's own line: "…” ― Name", "…”― Name", "…”. — Name".
_SAME_LINE = re.compile(rf"{_SPACE}*[.,]?{_SPACE}*{_DASH}{_SPACE}*")
# A dash opening the next non-empty line: "…”" then "- Sanders.".
_NEXT_LINE = re.compile(rf"{_SPACE}*\n(?:{_SPACE}*\n)*{_SPACE}*{_DASH}{_SPACE}*")
# A tweet's fallback text: the message, a dash, the name, the handle, the date.
_TWEET = re.compile(
    rf"^{_SPACE}*(?:<[^<>\n]*>{_SPACE}*)?(?P<message>[^\n]*?\S)"
    rf"{_SPACE}+(?P<dash>[―—–-]){_SPACE}+(?P<name>[^\n()―—–]{{2,60}}?)"
    rf"{_SPACE}+\(@\w{{1,30}}\){_SPACE}+[A-Z][a-z]+\.? \d{{1,2}}, \d{{4}}",
    re.M,
)
# One word of a name: an initial ("G.") or a word ("Gonzàlez", "O'Neill", "Ocasio-Cortez").
_WORD = re.compile(r"[^\W\d_]\.|[^\W\d_][\w'’-]*")
_GAP = re.compile(rf"{_SPACE}+")
# Lower-case words inside a name: "Carlos de la Fuente".
_PARTICLES = frozenset(
    {"al", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"}
)
_MAX_NAME_WORDS = 6
# What may follow a signing name on its line: nothing, or a full stop, a comma and a
# description ("-President Obama, tweeting after the speech."), a handle.
_AFTER_NAME = re.compile(rf"{_SPACE}*(?:$|\n|[.,;(])")


@dataclass(frozen=True)
class SignOff:
    """``dash`` the cue's and ``name`` the speaker's character range; ``message`` what is
    signed when no quotation marks hold it (a tweet), else None."""

    dash: tuple[int, int]
    name: tuple[int, int]
    message: tuple[int, int] | None = None


def signing(text: str, close: int) -> SignOff | None:
    """The dash and name that sign the quotation ending at ``close``, if any.

    The quotation must be the last thing on its line; the caller checks it opens the line.
    """
    for pattern in (_SAME_LINE, _NEXT_LINE):
        dash = pattern.match(text, close)
        if dash is None:
            continue
        end = _name_end(text, dash.end())
        if end is not None and _AFTER_NAME.match(text, end):
            return SignOff(dash.span(1), (dash.end(), end))
    return None


def tweets(text: str) -> Iterator[SignOff]:
    """Every posted message signed in the fallback form of an embedded tweet."""
    if "(@" not in text:
        return  # no handle, no tweet: spares the line pattern on almost every article
    for line in _TWEET.finditer(text):
        start = line.start("name")
        end = _name_end(text, start)
        if end is not None and end == line.end("name"):
            yield SignOff(line.span("dash"), (start, end), line.span("message"))


def _name_end(text: str, at: int) -> int | None:
    """Where a capitalized name starting at ``at`` ends, or None if none starts there."""
    end = None
    position = at
    for _ in range(_MAX_NAME_WORDS):
        word = _WORD.match(text, position)
        if word is None:
            break
        if word.group()[0].isupper():
            end = word.end()
        elif end is None or word.group() not in _PARTICLES:
            break
        gap = _GAP.match(text, word.end())
        if gap is None:
            break
        position = gap.end()
    return end
