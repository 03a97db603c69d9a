"""The embedded DuckDB store: schema, writes, reads, exports and summaries."""

from eventwire.store.background import BufferedWriter
from eventwire.store.database import StoreError, open_store
from eventwire.store.reader import read_records
from eventwire.store.writer import stored_ids, write_batch

__all__ = [
    "BufferedWriter",
    "StoreError",
    "open_store",
    "read_records",
    "stored_ids",
    "write_batch",
]
