"""Nothing lost, nothing crashes: every bad input through `eventwire ingest`, crash safety,
one writer at a time. Each threat here is listed in docs/reliability.md with its test."""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire import jobs
from eventwire.cli import app
from eventwire.ingest import Defaults, read_inputs
from eventwire.pipeline import document_id, process
from eventwire.schema import Article, Document
from eventwire.settings import Settings

GOOD = (
    "Turkish warplanes struck positions held by Kurdish fighters in northern Iraq on Monday, "
    "the defence ministry in Ankara said, in the third such raid this month. Officials in "
    "Baghdad condemned the strikes and summoned the Turkish ambassador, the foreign ministry "
    "said in a statement issued late on Monday."
)
GERMAN = (
    "Die Regierung in Berlin hat am Montag neue Sanktionen gegen das Land angekündigt, "
    "nachdem die Gespräche über eine Waffenruhe in der Hauptstadt erneut gescheitert waren, "
    "teilte ein Sprecher des Auswärtigen Amtes mit."
)


def _warc_with_a_bad_record(path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    text = GOOD.replace("Monday", "Wednesday")
    html = f"<html><head><title>Raid</title></head><body><article><p>{text}</p></article>"
    html += "</body></html>"
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://example.org/raid",
        "response",
        payload=io.BytesIO(html.encode()),
        http_headers=headers,
    )
    writer.write_record(record)
    # A second record cut off halfway, as a crawl interrupted mid-write leaves it.
    data = buffer.getvalue()
    path.write_bytes(data + data[: len(data) // 2])


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "latin1.txt").write_bytes(GOOD.replace("ministry", "ministère").encode("latin-1"))
    (folder / "invalid-utf8.txt").write_bytes(GOOD.encode() + b"\xff\xfe caf\xe9 \xc3\x28")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    with (folder / "huge.txt").open("wb") as handle:  # 50 MB, past the 20 MB limit
        handle.truncate(50 * 1024 * 1024)
    (folder / "deep.html").write_text("<div>" * 10_000 + "text" + "</div>" * 10_000)
    (folder / "cut.txt.gz").write_bytes(gzip.compress(GOOD.encode())[:40])
    (folder / "broken.rss").write_text("<?xml version='1.0'?><rss><channel><item><title>x")
    _warc_with_a_bad_record(folder / "crawl.warc")
    lines = [
        json.dumps({"id": "j1", "text": GOOD.replace("Monday", "Tuesday")}),
        "{not json",
        json.dumps({"id": "j3", "text": 42}),
        json.dumps(
            {"id": "j4", "text": GOOD.replace("Monday", "Friday"), "published": "2020-02-30"}
        ),
        json.dumps(
            {"id": "j5", "text": GOOD.replace("Monday", "Sunday"), "published": "2999-01-01"}
        ),
        json.dumps({"id": "j6", "text": GERMAN}),
    ]
    (folder / "batch.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def ingested(bad_folder, tmp_path_factory, nlp):
    db = tmp_path_factory.mktemp("db") / "bad.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(bad_folder), "--db", str(db)])
    con = duckdb.connect(str(db), read_only=True)
    errors = con.execute("SELECT input, reason, stage FROM errors").fetchall()
    origins = {r[0] for r in con.execute("SELECT origin FROM articles").fetchall()}
    con.close()
    return result, errors, origins


# (input, words its reason must contain): each fails alone, with a one-line reason.
FAILURES = [
    ("binary.txt", "binary"),
    ("empty.txt", "empty"),
    ("huge.txt", "limit"),
    ("deep.html", "nests deeper"),
    ("cut.txt.gz", "gzip"),
    ("broken.rss", ""),
    ("crawl.warc#", ""),
    ("batch.jsonl:2", "JSON"),
    ("batch.jsonl:3", "text"),
    ("batch.jsonl:6", "English"),
]


@pytest.mark.parametrize(("name", "words"), FAILURES)
def test_each_bad_input_is_reported_once_and_stored_as_an_error(ingested, bad_folder, name, words):
    result, errors, _ = ingested
    mine = [e for e in errors if e[0].startswith(str(bad_folder / name)) and e[2] != "warning"]
    assert mine, f"no error row for {name}: {errors}"
    assert words.lower() in mine[0][1].lower()
    lines = [line for line in result.output.splitlines() if str(bad_folder / name) in line]
    assert lines, f"{name} not named in the output"


def test_the_rest_of_the_batch_is_stored(ingested, bad_folder):
    result, _, origins = ingested
    assert result.exit_code == 1
    expected = {
        "good.txt",
        "latin1.txt",
        "invalid-utf8.txt",
        "batch.jsonl:1",
        "batch.jsonl:4",
        "batch.jsonl:5",
        "crawl.warc#record-1",
    }
    assert {str(bad_folder / e) for e in expected} <= origins


@pytest.mark.parametrize(("line", "words"), [(4, "unreadable date"), (5, "future")])
def test_impossible_and_future_dates_keep_the_article_with_a_warning(
    ingested, bad_folder, line, words
):
    _, errors, origins = ingested
    origin = f"{bad_folder / 'batch.jsonl'}:{line}"
    assert origin in origins
    warnings = [e for e in errors if e[0] == origin and e[2] == "warning"]
    assert warnings and words in warnings[0][1]


def _documents(n: int) -> list[dict]:
    places = ["Mosul", "Basra", "Kirkuk", "Erbil", "Najaf", "Karbala", "Tikrit", "Ramadi"]
    return [
        {
            "id": f"doc-{i}",
            "published": "2020-01-03",
            "text": f"Report {i}: militants fired {i + 2} rockets at a base near "
            f"{places[i % len(places)]} on Monday, wounding {i % 5 + 1} soldiers, officials "
            "said. Iraqi forces arrested two suspects later that day.",
        }
        for i in range(n)
    ]


def _counts(db: Path) -> dict[str, dict[str, int]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        per_table = {}
        for table in ("entities", "actors", "events", "times", "places", "amounts"):
            rows = con.execute(f"SELECT article_id, count(*) FROM {table} GROUP BY 1").fetchall()
            per_table[table] = dict(rows)
        ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        per_table["articles"] = {i: ids.count(i) for i in ids}
        return per_table
    finally:
        con.close()


def test_sigkill_mid_ingest_leaves_whole_articles_and_a_rerun_completes(tmp_path, nlp):
    docs = _documents(160)
    source = tmp_path / "many.jsonl"
    source.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    db = tmp_path / "crash.duckdb"
    command = [
        sys.executable,
        "-c",
        "from eventwire.cli import app; app()",
        "ingest",
        str(source),
        "--db",
        str(db),
        "--batch-size",
        "4",
        "--quiet",
    ]
    # Eight articles a transaction: several are committed before the kill.
    env = dict(os.environ, EVENTWIRE_WRITE_BATCH_SIZE="8")
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    wal = Path(f"{db}.wal")
    deadline = time.monotonic() + 90
    # Kill it once it has committed a few batches and is in the middle of others.
    while time.monotonic() < deadline and child.poll() is None:
        if wal.exists() and wal.stat().st_size > 200_000:
            break
        time.sleep(0.05)
    assert child.poll() is None, "the ingest finished before it could be killed"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    # What a full run stores for each article, to tell whole articles from half ones.
    settings = Settings()
    reference: dict[str, dict[str, int]] = {}
    documents = [
        Document(d["text"], f"{source}:{n}", id=d["id"], published=d["published"])
        for n, d in enumerate(docs, 1)
    ]
    for article in process(documents, settings, nlp):
        assert isinstance(article, Article)
        reference[article.id] = {
            t: len(getattr(article, t))
            for t in ("entities", "actors", "events", "times", "places", "amounts")
        }

    after_crash = _counts(db)  # opens cleanly after SIGKILL
    stored = after_crash["articles"]
    assert 0 < len(stored) < len(docs)
    for article_id in stored:
        for table, count in reference[article_id].items():
            assert after_crash[table].get(article_id, 0) == count, (article_id, table)
    for table in ("entities", "actors", "events", "times", "places", "amounts"):
        assert set(after_crash[table]) <= set(stored), f"orphan rows in {table}"

    rerun = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    final = _counts(db)
    assert set(final["articles"]) == {d["id"] for d in docs}
    assert all(n == 1 for n in final["articles"].values())
    for article_id, tables in reference.items():
        for table, count in tables.items():
            assert final[table].get(article_id, 0) == count


def test_ctrl_c_mid_ingest_stores_what_was_parsed_and_a_rerun_completes(tmp_path, nlp):
    docs = _documents(12)
    source = tmp_path / "some.jsonl"
    source.write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    db = tmp_path / "stopped.duckdb"
    # Two articles a parse batch, four a write: when the fifth batch is parsed, the first
    # write batch is committed, the second may be in flight and the fifth is gathered.
    settings = replace(Settings(), batch_size=2, write_batch_size=4)
    batches = 0

    def ctrl_c_after_five(inputs: int, articles: int, errors: list) -> None:
        nonlocal batches
        batches += 1
        if batches == 5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        jobs.ingest([str(source)], db, settings, progress=ctrl_c_after_five, nlp=nlp)
    assert set(_counts(db)["articles"]) == {d["id"] for d in docs[:10]}
    report = jobs.ingest([str(source)], db, settings, nlp=nlp)
    assert (report.stored, report.already_stored) == (2, 10)
    assert set(_counts(db)["articles"]) == {d["id"] for d in docs}


def test_a_second_writer_fails_at_once_with_a_clear_message(tmp_path, nlp):
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"from eventwire.store import open_store; c = open_store({str(db)!r}); "
            "print('ready', flush=True); import time; time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
        started = time.monotonic()
        result = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db)])
        assert time.monotonic() - started < 10
        assert result.exit_code == 2
        assert "open for writing in another process" in result.output
        assert "Traceback" not in result.output
    finally:
        holder.kill()
        holder.wait()


def test_reading_the_bad_folder_never_raises(bad_folder):
    results = list(read_inputs([str(bad_folder)], Settings().limits, Defaults(), None))
    assert results
    for item in results:
        assert isinstance(item, Document) or item.reason
        if isinstance(item, Document):
            assert document_id(item)
