"""Reading gold files: JSON lines of {id, text, published, source, gold}, offsets into text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from eventwire.pipeline import process
from eventwire.schema import Article, Document, IngestError
from eventwire.settings import Settings


@dataclass
class GoldArticle:
    id: str
    text: str
    published: str | None
    gold: dict[str, Any]


def read_gold(path: str | Path) -> list[GoldArticle]:
    """Every article of a gold file; a malformed line is an error naming the line."""
    articles = []
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                articles.append(
                    GoldArticle(str(row["id"]), row["text"], row.get("published"), row["gold"])
                )
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a gold record: {exc}") from exc
    return articles


def predict(
    gold: list[GoldArticle], settings: Settings, extractors: tuple[str, ...]
) -> Iterator[tuple[GoldArticle, Article | None]]:
    """Run the pipeline on each gold text, exactly as given; None where it could not read it."""
    settings = replace(settings, extractors=extractors)
    documents = [
        Document(text=g.text, origin=g.id, id=g.id, published=g.published, language="en")
        for g in gold
    ]
    for item, result in zip(gold, process(documents, settings), strict=True):
        yield item, None if isinstance(result, IngestError) else result


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 from counts (0 where undefined)."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}
