"""Running the pipeline over a batch of texts, with memory released after the batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

T = TypeVar("T")
R = TypeVar("R")


def parse_batch(
    nlp: Language,
    batch: Sequence[T],
    text_of: Callable[[T], str],
    use: Callable[[T, Doc], R],
) -> list[R]:
    """Parse each item's text and return ``use(item, doc)`` for each; Docs never escape.

    The batch runs inside ``Language.memory_zone`` so the strings a batch adds to
    the vocabulary are freed when it ends: memory stays flat on long runs. ``use``
    must return plain data, since a Doc is invalid once its zone closes.
    """
    with nlp.memory_zone():
        docs = nlp.pipe((text_of(item) for item in batch), batch_size=len(batch) or 1)
        return [use(item, doc) for item, doc in zip(batch, docs, strict=True)]
