"""Settings: defaults, then the environment, then the command line's options over both."""

from __future__ import annotations

from eventwire.settings import DEFAULT_MODEL, Settings


def test_environment_overrides_defaults(monkeypatch):
    monkeypatch.delenv("EVENTWIRE_MODEL", raising=False)
    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "8")
    settings = Settings.from_env()
    assert (settings.model, settings.batch_size) == (DEFAULT_MODEL, 8)


def test_options_override_the_environment(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_MODEL", "from_env_model")
    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "8")
    assert Settings.from_options().model == "from_env_model"
    settings = Settings.from_options("cli_model", 4)
    assert (settings.model, settings.batch_size) == ("cli_model", 4)
    # Options not given leave the environment's values.
    assert Settings.from_options(batch_size=2).model == "from_env_model"


def test_write_batch_size_from_the_environment(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_WRITE_BATCH_SIZE", "64")
    assert Settings.from_env().write_batch_size == 64
    monkeypatch.delenv("EVENTWIRE_WRITE_BATCH_SIZE")
    assert Settings.from_env().write_batch_size == 128
