"""The ``eventwire serve`` command: the dashboard and JSON API on uvicorn, loopback by default."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

import typer

from eventwire.settings import DEFAULT_DB


def serve(
    db: Annotated[Path, typer.Option("--db", help="The DuckDB file to serve (read-only).")] = Path(
        DEFAULT_DB
    ),
    host: Annotated[
        str,
        typer.Option(
            help="Address to listen on. The default answers this machine only; another "
            "address shows the store to the network, without authentication."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Browse the store in a web browser, with a JSON API: events, articles, map, network."""
    # Imported here: the other commands need neither FastAPI nor uvicorn.
    import uvicorn

    from eventwire.serve.app import LOOPBACK_HOSTS, create_app

    if not db.is_file():
        typer.echo(f"eventwire: {db}: no such database (run `eventwire ingest` first)", err=True)
        raise typer.Exit(2)
    loopback = is_loopback(host)
    if not loopback:
        typer.echo(
            f"eventwire: serving {db} on {host}: anyone who can reach this address can read it",
            err=True,
        )
    app = create_app(db, allowed_hosts=(*LOOPBACK_HOSTS, host) if loopback else None)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Serving {db} at http://{shown}:{port}/ (Ctrl+C stops)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address (or the name) that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
