"""The cue model: its features, its file format, and the bundled model's opinions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.attrs import IDX

from eventwire.extract.cue_model import CueModel, cue_model, features, load_cue_model
from eventwire.extract.quotation_marks import find_quotations, quoted_tokens


def _scored(nlp, text: str) -> dict[str, float]:
    doc = nlp(text)
    quoted = quoted_tokens(doc.to_array(IDX).tolist(), find_quotations(text))
    model = cue_model()
    return {t.text: model.probability(t, quoted) for t in doc if model.scores(t)}


def test_features_name_the_word_its_parse_and_nearby_quotation_marks(nlp):
    doc = nlp("“We will rebuild,” the mayor said.")
    quoted = quoted_tokens(doc.to_array(IDX).tolist(), find_quotations(doc.text))
    said = next(t for t in doc if t.text == "said")
    found = features(said, quoted)
    assert "l=say" in found
    assert f"ld=say|{said.dep_}" in found
    assert "near=True" in found  # the quotation stands beside the cue
    assert features(said, quoted) == found  # the same every time: training relies on it


def test_bundled_model_prefers_reports_to_actions(nlp):
    reported = _scored(nlp, "Critics derided the plan as a giveaway.")
    acted = _scored(nlp, "Lena Ortiz toured the levee on Monday.")
    assert reported["derided"] > 0.5
    assert all(p < 0.5 for p in acted.values())


def test_bundled_model_thresholds_are_probabilities():
    model = cue_model()
    assert 0 < model.drop < model.add < 1
    assert model.lemmas and model.weights


def test_round_trip_through_json(tmp_path: Path):
    model = CueModel({"l=say": 2.0}, -1.0, frozenset({"say"}), add=0.6, drop=0.2)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model.to_json()), encoding="utf-8")
    assert load_cue_model(path) == model


def test_a_broken_model_file_is_named_in_the_error(tmp_path: Path):
    path = tmp_path / "model.json"
    path.write_text('{"bias": 0}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"model\.json: not a cue model"):
        load_cue_model(path)
    with pytest.raises(ValueError, match=r"missing\.json: cannot read"):
        load_cue_model(tmp_path / "missing.json")


def test_scoring_by_ids_agrees_with_scoring_by_token(nlp):
    doc = nlp("Critics derided the plan, and the mayor said the levee would hold in the storm.")
    model = cue_model()
    assert [model.scores_ids(t.pos, t.lemma) for t in doc] == [model.scores(t) for t in doc]
    assert any(model.scores(t) for t in doc) and not all(model.scores(t) for t in doc)
