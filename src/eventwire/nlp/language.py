"""A cheap check that a text is English, the language the bundled pipeline reads."""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+")

# English news prose runs 35-50% stop words; other Latin-script languages share
# few of them ("a", "de" aside) and score under 10%; scripts without Latin
# letters score near 0.
MIN_STOPWORD_RATIO = 0.15
# Under this many words the ratio is noise: a headline, or one sentence dense with names
# ("Ayatollah Ruhollah Khomeini rejected Iraqi President Saddam Hussein's proposal"), may
# score under the ratio.
MIN_WORDS = 20
# The first 20,000 characters decide; reading a whole long text adds nothing.
SAMPLE_CHARS = 20_000


def is_english(text: str) -> bool | None:
    """True for English text, False for text in another language, None if too short to tell."""
    words = _WORD.findall(text[:SAMPLE_CHARS].lower())
    if len(words) < MIN_WORDS:
        return None
    ratio = sum(w in STOP_WORDS for w in words) / len(words)
    return ratio >= MIN_STOPWORD_RATIO
