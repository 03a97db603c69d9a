"""The serve command: loopback by default, a clear error for a missing store."""

from __future__ import annotations

import pytest
import typer
import uvicorn
from typer.testing import CliRunner

from eventwire.serve.command import is_loopback, serve

app = typer.Typer()
app.command()(serve)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("::", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_missing_store(tmp_path):
    result = CliRunner().invoke(app, ["--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no such database" in result.output


@pytest.mark.parametrize(
    ("args", "host", "port", "checks_host"),
    [
        ([], "127.0.0.1", 8000, True),
        (["--port", "8123"], "127.0.0.1", 8123, True),
        (["--host", "0.0.0.0"], "0.0.0.0", 8000, False),
    ],
)
def test_serve_runs_uvicorn(store_path, monkeypatch, args, host, port, checks_host):
    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    result = CliRunner().invoke(app, ["--db", str(store_path), *args])
    assert result.exit_code == 0, result.output
    ((served, options),) = calls
    assert (options["host"], options["port"]) == (host, port)
    middleware = {m.cls.__name__ for m in served.user_middleware}
    assert ("TrustedHostMiddleware" in middleware) is checks_host
    if not checks_host:
        assert "anyone who can reach this address" in result.output
