"""Training the cue model on attribution gold written for the test."""

from __future__ import annotations

from pathlib import Path

from eventwire.evaluate.cue_training import collect, cue_heads, train, write_model
from eventwire.evaluate.gold import GoldArticle
from eventwire.extract.cue_model import load_cue_model

_REPORTED = "Ana Ruiz remarked that the levee would hold."
_ACTED = "Tom Becker remarked the levee from the bridge."


def _gold(number: int, text: str, cue: str | None) -> GoldArticle:
    attributions = []
    if cue is not None:
        start = text.index(cue)
        content = text.index("that")
        attributions.append(
            {
                "source": [{"start": 0, "end": text.index(" " + cue)}],
                "cue": [{"start": start, "end": start + len(cue)}],
                "content": [{"start": content, "end": len(text) - 1}],
            }
        )
    return GoldArticle(str(number), text, None, {"attributions": attributions})


def test_gold_cue_heads_are_found_in_the_parse(nlp):
    article = _gold(0, _REPORTED, "remarked")
    doc = nlp(article.text)
    assert [doc[i].text for i in cue_heads(doc, article)] == ["remarked"]


def test_training_learns_which_uses_report(nlp, tmp_path: Path):
    gold = [_gold(i, _REPORTED, "remarked") for i in range(4)]
    gold += [_gold(10 + i, _ACTED, None) for i in range(4)]
    examples = collect(gold, nlp)
    model = train(examples, min_heads=3, iterations=100)
    assert model.lemmas == {"remark"}
    path = tmp_path / "model.json"
    write_model(model, path)
    loaded = load_cue_model(path)
    reported, acted = nlp(_REPORTED), nlp(_ACTED)
    outside = [-1] * 20
    p_reported = loaded.probability(next(t for t in reported if t.text == "remarked"), outside)
    p_acted = loaded.probability(next(t for t in acted if t.text == "remarked"), outside)
    assert p_reported > 0.5 > p_acted
