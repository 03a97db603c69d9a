"""Loading the pipeline and parsing in batches that release their memory."""

from __future__ import annotations

import pytest

from eventwire.nlp import ModelNotInstalled, load_pipeline, parse_batch


def test_pipeline_is_loaded_once(nlp, settings):
    assert load_pipeline(settings.model) is nlp


def test_missing_model_names_it_and_the_fix():
    with pytest.raises(ModelNotInstalled, match=r"no_such_pipeline.*scripts/setup"):
        load_pipeline("no_such_pipeline")


def test_parse_batch_returns_plain_results_in_order(nlp):
    texts = ["Iran fired missiles.", "The Pentagon said nothing.", ""]
    results = parse_batch(nlp, texts, lambda t: t, lambda t, doc: (t, len(doc)))
    assert results == [("Iran fired missiles.", 4), ("The Pentagon said nothing.", 5), ("", 0)]


def test_parse_batch_keeps_the_vocabulary_flat(nlp):
    """Words first seen inside a batch leave the string store when the batch ends."""
    before = len(nlp.vocab.strings)
    texts = [f"Zorblax{i} met Quuxville{i} officials." for i in range(50)]
    parse_batch(nlp, texts, lambda t: t, lambda t, doc: None)
    assert len(nlp.vocab.strings) == before
