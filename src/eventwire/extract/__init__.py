"""Extractors: each takes the parsed article and returns its items, registered by name.

Importing this package registers the built-in extractors; the pipeline runs the
ones a Settings object names, in order, each filling its field of the Article.
"""

from eventwire.extract import actors, amounts, entities, events, places, quotes, times
from eventwire.extract.registry import Extractor, get_extractor, register, registered

__all__ = [
    "Extractor",
    "actors",
    "amounts",
    "entities",
    "events",
    "get_extractor",
    "places",
    "quotes",
    "register",
    "registered",
    "times",
]
