"""The extractor registry: named, swappable parts, in the manner of spaCy's factories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Doc

from eventwire.schema import ITEM_TYPES, Article
from eventwire.settings import Settings

#: An extractor reads the parse, the article built so far (earlier extractors' items
#: included) and the settings, and returns the items for its own field of the Article.
Extractor = Callable[[Doc, Article, Settings], list[Any]]

_REGISTRY: dict[str, tuple[str, Extractor]] = {}


def register(name: str, field: str | None = None) -> Callable[[Extractor], Extractor]:
    """Register an extractor under ``name``; it fills ``field`` (default: ``name``)."""
    target = field or name
    if target not in ITEM_TYPES:
        raise ValueError(f"extractor {name!r}: {target!r} is not an item field of Article")

    def decorate(func: Extractor) -> Extractor:
        _REGISTRY[name] = (target, func)
        return func

    return decorate


def registered() -> list[str]:
    """The names of all registered extractors."""
    return sorted(_REGISTRY)


def get_extractor(name: str) -> tuple[str, Extractor]:
    """The field and function registered under ``name``."""
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(registered())
        raise KeyError(f"no extractor named {name!r} (registered: {known})") from None
