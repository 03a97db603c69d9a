"""Shared fixtures: the spaCy pipeline loaded once per session, settings, seed paths."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

from eventwire.nlp import load_pipeline
from eventwire.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
# ../shared sits beside a development checkout and in CI, never in a user's clone.
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="session")
def nlp(settings: Settings) -> Language:
    """The spaCy pipeline, loaded once for the whole test session."""
    return load_pipeline(settings.model)


@pytest.fixture(scope="session")
def seed_dir() -> Path:
    if not (SEED / "soleimani-strike.txt").exists():
        pytest.skip("../shared/seed is not present (it sits beside a development checkout)")
    return SEED
