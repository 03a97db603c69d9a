"""Inputs for the scale-out tests: a few sample reports and the inputs that fail."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

GERMAN = (
    "Die Regierung hat am Donnerstag erklärt, dass die Truppen in der Region bleiben werden, "
    "bis die Lage sich beruhigt hat und die Gespräche mit den Nachbarn abgeschlossen sind."
)


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    with resources.as_file(resources.files("eventwire") / "sample") as folder:
        yield folder


@pytest.fixture(scope="session")
def mixed_jsonl(tmp_path_factory, sample_dir) -> Path:
    """Five reports, a repeat of the first, a broken line, a German text and an empty one."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_dir.glob("*.txt"))[:5]]
    lines = [json.dumps({"text": t, "published": "2020-01-03"}) for t in texts]
    lines[2:2] = ['{"text": "cut off', json.dumps({"text": GERMAN})]
    lines += [json.dumps({"text": texts[0], "published": "2020-01-03"}), '{"text": " "}']
    path = tmp_path_factory.mktemp("inputs") / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
