"""Training the cue model (``extract/cue_model.py``) on attribution gold in PolNeAR's format.

Every word outside quotation marks whose lemma headed at least ``min_heads`` gold cues is
an example; it is positive when it is the syntactic head of a gold cue. The model is a
logistic regression over ``cue_model.features``, fitted by full-batch gradient descent
(Adam, L2 penalty) with numpy alone, so training needs nothing beyond eventwire's own
dependencies and gives the same weights on every run.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.evaluate.gold import GoldArticle
from eventwire.evaluate.quotes import gold_attributions
from eventwire.extract.cue_model import CANDIDATE_POS, CueModel, features
from eventwire.extract.quotation_marks import find_quotations, quoted_tokens

# A feature seen fewer times than this in training gets no weight: it would only learn
# its handful of examples by heart.
MIN_FEATURE_COUNT = 2
# Weights smaller than this change no decision; dropping them keeps the model file small.
_MIN_WEIGHT = 0.01


@dataclass
class Example:
    features: list[str]
    positive: bool
    lemma: str


def cue_heads(doc: Doc, article: GoldArticle) -> set[int]:
    """The token indices of the syntactic heads of the article's gold cues."""
    heads = set()
    for attribution in gold_attributions(article):
        if attribution.cue is None:
            continue
        span = doc.char_span(attribution.cue[0][0], attribution.cue[-1][1], alignment_mode="expand")
        if span is not None and len(span):
            heads.add(span.root.i)
    return heads


def examples(doc: Doc, article: GoldArticle) -> list[Example]:
    """Every candidate word of one parsed gold article, outside quotation marks."""
    heads = cue_heads(doc, article)
    quoted = quoted_tokens(doc.to_array(IDX).tolist(), find_quotations(doc.text))
    return [
        Example(features(token, quoted), token.i in heads, token.lemma_.lower())
        for token in doc
        if token.pos_ in CANDIDATE_POS and quoted[token.i] < 0
    ]


def collect(
    gold: list[GoldArticle], nlp: Language, progress: Callable[[int], None] | None = None
) -> list[Example]:
    """Parse every gold article once and gather its examples."""
    found: list[Example] = []
    texts = (article.text for article in gold)
    for article, doc in zip(gold, nlp.pipe(texts, batch_size=32), strict=True):
        found.extend(examples(doc, article))
        if progress is not None:
            progress(1)
    return found


def train(
    found: list[Example],
    *,
    min_heads: int = 3,
    iterations: int = 300,
    penalty: float = 1e-5,
    add: float = 0.5,
    drop: float = 0.1,
) -> CueModel:
    """Fit the model on examples from ``collect``."""
    heads = Counter(e.lemma for e in found if e.positive)
    lemmas = frozenset(lemma for lemma, n in heads.items() if n >= min_heads)
    kept = [e for e in found if e.lemma in lemmas]
    if not kept or not any(e.positive for e in kept):
        raise ValueError("no gold cue heads to learn from: is this attribution gold?")
    counts = Counter(f for e in kept for f in e.features)
    names = sorted(f for f, n in counts.items() if n >= MIN_FEATURE_COUNT)
    index = {name: i for i, name in enumerate(names)}
    rows, columns = _sparse((e.features for e in kept), index)
    labels = np.array([e.positive for e in kept], dtype=np.float64)
    weights, bias = _fit(rows, columns, labels, len(names), iterations, penalty)
    return CueModel(
        weights={
            name: round(float(w), 4)
            for name, w in zip(names, weights, strict=True)
            if abs(w) >= _MIN_WEIGHT
        },
        bias=round(bias, 4),
        lemmas=lemmas,
        add=add,
        drop=drop,
    )


def _sparse(
    feature_rows: Iterable[list[str]], index: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(row, column) pairs of the ones of a binary feature matrix."""
    rows: list[int] = []
    columns: list[int] = []
    for row, names in enumerate(feature_rows):
        for name in names:
            column = index.get(name)
            if column is not None:
                rows.append(row)
                columns.append(column)
    return np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64)


def _fit(
    rows: np.ndarray,
    columns: np.ndarray,
    labels: np.ndarray,
    size: int,
    iterations: int,
    penalty: float,
) -> tuple[np.ndarray, float]:
    """Logistic regression on binary features by full-batch Adam."""
    n = len(labels)
    weights = np.zeros(size)
    bias = 0.0
    moment, second = np.zeros(size), np.zeros(size)
    bias_moment = bias_second = 0.0
    rate, beta1, beta2, epsilon = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, iterations + 1):
        z = np.bincount(rows, weights=weights[columns], minlength=n) + bias
        error = 1.0 / (1.0 + np.exp(-z)) - labels
        gradient = np.bincount(columns, weights=error[rows], minlength=size) / n
        gradient += penalty * weights
        bias_gradient = float(error.mean())
        moment = beta1 * moment + (1 - beta1) * gradient
        second = beta2 * second + (1 - beta2) * gradient * gradient
        weights -= (
            rate * (moment / (1 - beta1**step)) / (np.sqrt(second / (1 - beta2**step)) + epsilon)
        )
        bias_moment = beta1 * bias_moment + (1 - beta1) * bias_gradient
        bias_second = beta2 * bias_second + (1 - beta2) * bias_gradient**2
        bias -= (
            rate
            * (bias_moment / (1 - beta1**step))
            / (np.sqrt(bias_second / (1 - beta2**step)) + epsilon)
        )
    return weights, float(bias)


def write_model(model: CueModel, path: Path) -> None:
    """The model as ``cue_model.json`` reads it: sorted, one weight a line, diff-friendly."""
    path.write_text(json.dumps(model.to_json(), indent=0, ensure_ascii=False) + "\n", "utf-8")
