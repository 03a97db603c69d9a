"""The load benchmark runs: concurrent clients on the events API, no errors (small scale)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCHMARK = Path(__file__).resolve().parents[1] / "benchmarks" / "load.py"


def test_concurrent_clients_on_the_events_api(tmp_path):
    spec = importlib.util.spec_from_file_location("load_benchmark", BENCHMARK)
    load = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(load)
    result = load.run(events=2_000, clients=8, seconds=3, workdir=tmp_path)
    assert result["errors"] == 0, result["first_errors"]
    assert result["requests"] > 8
    assert result["latency_ms"]["p50"] <= result["latency_ms"]["p99"]
