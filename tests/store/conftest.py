"""Hand-built articles for store tests: no parsing needed."""

from __future__ import annotations

import pytest

from eventwire.schema import Amount, Article, Entity


def make_article(n: int, text: str | None = None) -> Article:
    text = text or f"Report {n}: 750 troops deployed to Kuwait."
    return Article(
        id=f"a{n}",
        origin=f"input-{n}.txt",
        url=f"https://example.org/{n}",
        source="eventwire tests",
        title=f"Report {n}",
        published="2020-01-03",
        language="en",
        text=text,
        metadata={"dateline": "BAGHDAD", "n": n},
        entities=[Entity("Kuwait", text.index("Kuwait"), text.index("Kuwait") + 6, "GPE")],
        amounts=[
            Amount("750 troops", text.index("750"), text.index("750") + 10, 750.0, "troops", False)
        ],
        warnings=["a warning"],
    )


@pytest.fixture
def db(tmp_path):
    return tmp_path / "store.duckdb"
