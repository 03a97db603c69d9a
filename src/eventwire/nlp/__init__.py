"""The one spaCy parse: loading the pipeline and running it over batches."""

from eventwire.nlp.language import is_english
from eventwire.nlp.model import ModelNotInstalled, load_pipeline
from eventwire.nlp.parse import parse_batch

__all__ = ["ModelNotInstalled", "is_english", "load_pipeline", "parse_batch"]
