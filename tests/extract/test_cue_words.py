"""The cue words of data/cues.yaml: loaded once, every section read, bad entries named."""

from __future__ import annotations

import pytest

from eventwire.extract.cue_words import cue_words, parse_cue_words


def test_cue_words_load_once_and_reject_unknown_complements():
    words = cue_words()
    assert words is cue_words()
    assert "clause" in words.verbs["say"]
    with pytest.raises(ValueError, match=r"bogus\.yaml: verb 'say'"):
        parse_cue_words(
            {"verbs": {"say": ["speech"]}, "lemma_fixes": {}, "quotation_verbs": []},
            "bogus.yaml",
        )


def test_cue_words_read_every_section_of_the_packaged_file():
    words = cue_words()
    assert {"seem", "appear"} <= words.raising
    assert "ask" in words.addressee_verbs
    assert {"question about", "suggestion that"} <= words.noun_cues
    assert {"critical of", "eager to"} <= words.adjective_cues
    assert "object" in words.verbs["see"] and "see" in words.stance_verbs
    assert {"issue", "put out"} <= words.issuing_verbs
