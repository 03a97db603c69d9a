"""Helpers for the ingest tests: read paths the way the jobs do, split the results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from eventwire.ingest import Defaults, read_inputs
from eventwire.schema import Document, IngestError
from eventwire.settings import Limits

FIXTURES = Path(__file__).parent / "fixtures"

Reader = Callable[..., list[Document | IngestError]]


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def read() -> Reader:
    """``read(*paths, limits=..., defaults=..., stdin=...)``: every item read_inputs yields."""

    def _read(
        *paths: str | Path,
        limits: Limits | None = None,
        defaults: Defaults | None = None,
        stdin: BinaryIO | None = None,
    ) -> list[Document | IngestError]:
        items = read_inputs([str(p) for p in paths], limits or Limits(), defaults, stdin)
        return list(items)

    return _read


def documents(items: list[Document | IngestError]) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def errors(items: list[Document | IngestError]) -> list[IngestError]:
    return [i for i in items if isinstance(i, IngestError)]
