"""Loading the spaCy pipeline once per process, by the name in the settings."""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language

log = logging.getLogger(__name__)


class ModelNotInstalled(RuntimeError):
    """The configured spaCy pipeline is not installed in this environment."""


@functools.cache
def load_pipeline(name: str) -> Language:
    """Load the spaCy pipeline ``name`` (a package name or a path), once per process."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotInstalled(
            f"spaCy pipeline {name!r} is not installed: run scripts/setup, or set "
            f"EVENTWIRE_MODEL / --model to an installed pipeline ({exc})"
        ) from exc
    log.info("loaded spaCy pipeline %s %s", name, nlp.meta.get("version", "?"))
    return nlp
