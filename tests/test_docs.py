"""The documentation is tested: every record field and table is described in docs/schema.md."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from eventwire.schema import NESTED_TYPES, Article
from eventwire.store.tables import ALL_TABLES

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DOC = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## |\Z)", SCHEMA_DOC, re.S | re.M)
    assert match, f"docs/schema.md has no section '## {title}'"
    return match.group(1)


@pytest.mark.parametrize("cls", [Article, *NESTED_TYPES.values()], ids=lambda c: c.__name__)
def test_every_field_is_documented(cls):
    rows = set(re.findall(r"^\| `(\w+)` \|", _section(cls.__name__), re.M))
    fields = {f.name for f in dataclasses.fields(cls)}
    assert fields - rows == set(), f"undocumented fields of {cls.__name__}"
    assert rows - fields == set(), f"documented fields {cls.__name__} does not have"


def test_every_table_is_documented():
    rows = set(re.findall(r"^\| `(\w+)` \|", _section("The DuckDB store"), re.M))
    assert rows == {t.name for t in ALL_TABLES}


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S)
    assert blocks[0].strip() == "scripts/setup && .venv/bin/eventwire demo"
    assert blocks[1].strip() == "scripts/setup --dev && .venv/bin/pytest"
