"""The Python heap of a long run: what lives for the whole run is kept out of the collector.

The spaCy pipeline, the gazetteer and the lexicons are some 130,000 Python objects that
live as long as the process. CPython's cyclic collector walks all of them on each full
pass (about 140 ms here), and a run that holds a write batch of records triggers a full
pass every few dozen articles: about 1 ms an article. ``gc.freeze`` moves them to the
permanent generation, which no pass walks; they are freed by reference counting as before.
"""

from __future__ import annotations

import gc

import pyarrow as pa

_settled = False


def settle_once() -> bool:
    """Collect, then freeze every object alive now; only the first call in a process acts.

    Call once the pipeline is warm (after the first batch: the lexicons load lazily).
    Objects alive then that later become unreachable cycles are never collected, so the
    runners call this between batches, not from library functions a user's program calls.
    Returns whether this call froze the heap.
    """
    global _settled
    if _settled:
        return False
    _settled = True
    _load_what_the_store_loads_late()
    gc.collect()
    gc.freeze()
    return True


def _load_what_the_store_loads_late() -> None:
    """Import now what the first store write would: pyarrow loads pandas (where it is
    installed) and its compute modules on the first table it builds, some 40,000 objects
    that would otherwise stay for the collector to walk."""
    pa.Table.from_pydict({"warm": [0]})
