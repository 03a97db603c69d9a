from __future__ import annotations

import gc

import pytest

from eventwire.scale import heap, workers
from eventwire.schema import Document


@pytest.fixture
def unsettled(monkeypatch):
    """A process that has not frozen its heap yet; whatever a test freezes is thawed after."""
    monkeypatch.setattr(heap, "_settled", False)
    yield
    gc.unfreeze()


def test_the_first_call_freezes_what_is_alive_and_later_calls_do_nothing(unsettled):
    gc.unfreeze()
    kept = [object() for _ in range(10)]
    assert heap.settle_once() is True
    frozen = gc.get_freeze_count()
    assert frozen >= len(kept)
    assert heap.settle_once() is False
    assert gc.get_freeze_count() == frozen


def test_cycles_made_after_settling_are_still_collected(unsettled):
    heap.settle_once()
    cycle: list[object] = []
    cycle.append(cycle)
    del cycle
    assert gc.collect() >= 1


def test_one_worker_settles_after_its_first_batch(unsettled, settings, nlp, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(workers, "settle_once", lambda: calls.append(1))
    texts = ["Rebels shelled the town on Sunday.", "The ministers met in Geneva on Monday."]
    batches = [(n, [Document(text=t, origin=f"t{n}")]) for n, t in enumerate(texts)]
    results = list(workers.process_batches(batches, settings, 1, nlp))
    assert [tag for tag, _ in results] == [0, 1]
    assert calls  # and only the first call acts, which settle_once itself sees to
