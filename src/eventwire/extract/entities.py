"""Named entities exactly as the spaCy pipeline labels them (the actors layer corrects them)."""

from __future__ import annotations

from spacy.tokens import Doc

from eventwire.extract.registry import register
from eventwire.schema import Article, Entity
from eventwire.settings import Settings


@register("entities")
def extract_entities(doc: Doc, article: Article, settings: Settings) -> list[Entity]:
    """One Entity per spaCy entity span."""
    # Sliced from the article's text, which is the doc's: Span.text joins a Token per word.
    text = article.text
    return [
        Entity(text[ent.start_char : ent.end_char], ent.start_char, ent.end_char, ent.label_)
        for ent in doc.ents
    ]
