"""Load on the events API: many concurrent clients over a large store, on loopback.

    .venv/bin/python benchmarks/load.py [--events 100000] [--clients 50] [--seconds 30]

Builds a store of synthetic articles (no NLP: records written directly) holding the given
number of events, serves it with uvicorn on a free loopback port in a subprocess, and runs the
clients against /api/events with varied filters and pages for the given time. Prints and
writes (--output) requests, errors, requests/s and latency percentiles. Exits 1 on any error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from eventwire.schema import Actor, Article, Event, Place, Span
from eventwire.store import open_store, write_batch

COUNTRIES = ["USA", "IRN", "IRQ", "ISR", "PSE", "RUS", "UKR", "CHN", "TUR", "SYR", "SAU", "YEM"]
TYPES = [
    ("ASSAULT", 4, "190", -10.0),
    ("CONSULT", 1, "040", 1.0),
    ("AID", 2, "070", 7.0),
    ("ACCUSE", 3, "112", -2.0),
    ("PROTEST", 4, "141", -6.5),
    ("AGREE", 1, "030", 4.0),
]
PLACES = [
    ("Baghdad", "IQ", 33.34, 44.40),
    ("Kyiv", "UA", 50.45, 30.52),
    ("Gaza", "PS", 31.50, 34.47),
    ("Tehran", "IR", 35.69, 51.42),
]
EVENTS_PER_ARTICLE = 10


def _actor(code: str, text: str, start: int) -> Actor:
    return Actor(text, start, start + len(text), code, code, "GOV", "country", "benchmark")


def build_store(path: Path, events: int, seed: int = 7) -> None:
    """A store holding ``events`` events in articles of ten, written in batches."""
    rng = random.Random(seed)
    con = open_store(path)
    try:
        batch: list[Article] = []
        for n in range(events // EVENTS_PER_ARTICLE):
            sentence = "{} struck {} near the border on Monday, officials said. "
            text = ""
            items = []
            for _ in range(EVENTS_PER_ARTICLE):
                src, tgt = rng.sample(COUNTRIES, 2)
                plover, quad, cameo, intensity = rng.choice(TYPES)
                start = len(text)
                piece = sentence.format(src, tgt)
                text += piece
                trigger = start + len(src) + 1
                place = rng.choice(PLACES)
                items.append(
                    Event(
                        text=piece.strip(),
                        start=start,
                        end=start + len(piece.strip()),
                        type=plover,
                        mode=None,
                        context=None,
                        cameo=cameo,
                        quad_class=quad,
                        intensity=intensity,
                        source=[_actor(src, src, start)],
                        target=[_actor(tgt, tgt, trigger + 7)],
                        status="occurred",
                        attributed_to=None,
                        date=f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}",
                        date_source="published",
                        place=Place(
                            place[0],
                            0,
                            0,
                            place[0],
                            None,
                            place[1],
                            None,
                            place[2],
                            place[3],
                            "city",
                        ),
                        place_source="sentence",
                        trigger=Span("struck", trigger, trigger + 6),
                        sentence=Span(piece.strip(), start, start + len(piece.strip())),
                        rule="benchmark",
                        confidence=0.9,
                    )
                )
            batch.append(
                Article(
                    id=f"load-{n}",
                    origin=f"load-{n}",
                    url=None,
                    source=f"Outlet {n % 7}",
                    title=f"Report {n}",
                    published=f"2020-{1 + n % 12:02d}-{1 + n % 28:02d}",
                    language="en",
                    text=text,
                    events=items,
                )
            )
            if len(batch) == 500:
                write_batch(con, batch)
                batch = []
        write_batch(con, batch)
    finally:
        con.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _queries(rng: random.Random) -> dict[str, str]:
    query: dict[str, str] = {
        "limit": str(rng.choice([20, 50, 100])),
        "offset": str(rng.choice([0, 0, 100, 5000])),
    }
    if rng.random() < 0.5:
        query["source"] = rng.choice(COUNTRIES)
    if rng.random() < 0.3:
        query["target"] = rng.choice(COUNTRIES)
    if rng.random() < 0.3:
        query["type"] = rng.choice(TYPES)[0]
    if rng.random() < 0.2:
        query["quad_class"] = str(rng.randint(1, 4))
    if rng.random() < 0.2:
        query["start"], query["end"] = "2020-03-01", "2020-06-30"
    if rng.random() < 0.1:
        query["q"] = rng.choice(["border", "officials", "Monday"])
    return query


async def _client(base: str, stop: float, seed: int, latencies: list[float], errors: list[str]):
    rng = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=30.0) as client:
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                response = await client.get("/api/events", params=_queries(rng))
                if response.status_code != 200:
                    errors.append(f"{response.status_code}: {response.text[:120]}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
            latencies.append(time.perf_counter() - started)


async def _load(base: str, clients: int, seconds: float) -> tuple[list[float], list[str]]:
    latencies: list[float] = []
    errors: list[str] = []
    stop = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, stop, i, latencies, errors) for i in range(clients)))
    return latencies, errors


def run(events: int, clients: int, seconds: float, workdir: Path) -> dict:
    """Build the store, serve it, load it; the figures as a dict."""
    db = workdir / "load.duckdb"
    started = time.monotonic()
    build_store(db, events)
    built = time.monotonic() - started
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from eventwire.cli import app; app()",
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/api/overview", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the server did not start")
        latencies, errors = asyncio.run(_load(base, clients, seconds))
    finally:
        server.terminate()
        server.wait(timeout=10)
    ordered = sorted(latencies)
    pick = lambda q: round(1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)  # noqa: E731
    return {
        "events": events,
        "clients": clients,
        "seconds": seconds,
        "store_build_s": round(built, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:5],
        "requests_per_s": round(len(latencies) / seconds, 1),
        "latency_ms": {
            "p50": pick(0.50),
            "p90": pick(0.90),
            "p99": pick(0.99),
            "max": round(1000 * ordered[-1], 1) if ordered else None,
            "mean": round(1000 * statistics.fmean(ordered), 1) if ordered else None,
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--output", type=Path, help="Write the figures as JSON here too.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        result = run(args.events, args.clients, args.seconds, Path(workdir))
    text = json.dumps(result, indent=2)
    print(text)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
