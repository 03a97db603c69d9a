"""Writing what is stored: records as JSON lines or Parquet, tables as CSV or Parquet."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import IO, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from eventwire.schema import NESTED_TYPES, Article, to_json
from eventwire.store.reader import read_records
from eventwire.store.tables import ALL_TABLES, META

FORMATS = ("jsonl", "csv", "parquet")
#: Tables a user can export on their own (the meta table is the store's business).
EXPORTABLE = tuple(t.name for t in ALL_TABLES if t is not META)

_SCALARS = {
    "str": pa.string(),
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "list[str]": pa.list_(pa.string()),
}


def export_jsonl(con: duckdb.DuckDBPyConnection, out: IO[str]) -> int:
    """Write every stored record to ``out``, one JSON object per line; return the count."""
    count = 0
    for record in read_records(con):
        # Encoded as `eventwire extract` encodes its lines, so the two print the same text.
        out.write(to_json(record, default=str) + "\n")
        count += 1
    return count


#: Record fields of no fixed shape (metadata, source_profile), exported as JSON text.
_FREE_FORM = tuple(f.name for f in dataclasses.fields(Article) if str(f.type).startswith("dict["))


def record_arrow_schema() -> pa.Schema:
    """The Arrow schema of a record: nested items as lists of structs, free-form dicts as JSON."""
    return pa.schema([(f.name, _arrow_type(str(f.type))) for f in dataclasses.fields(Article)])


def records_to_arrow(records: list[dict[str, Any]]) -> pa.Table:
    """Records (as ``extract`` emits them) as an Arrow table in the record schema."""
    rows = [
        {**r, **{k: json.dumps(r.get(k) or {}, ensure_ascii=False) for k in _FREE_FORM}}
        for r in records
    ]
    return pa.Table.from_pylist(rows, schema=record_arrow_schema())


def export_parquet_records(con: duckdb.DuckDBPyConnection, path: Path, chunk: int = 1000) -> int:
    """Write every stored record as one Parquet row with nested item lists."""
    count = 0
    records = read_records(con)
    with pq.ParquetWriter(str(path), record_arrow_schema()) as writer:
        for batch in _chunks(records, chunk):
            writer.write_table(records_to_arrow(batch))
            count += len(batch)
    return count


def export_table(con: duckdb.DuckDBPyConnection, table: str, path: Path, fmt: str) -> int:
    """Write one stored table, flat, as CSV or Parquet; return its row count."""
    if table not in EXPORTABLE:
        raise ValueError(f"no table {table!r} (tables: {', '.join(EXPORTABLE)})")
    if fmt not in ("csv", "parquet"):
        raise ValueError(f"tables export as csv or parquet, not {fmt!r}")
    options = "FORMAT CSV, HEADER" if fmt == "csv" else "FORMAT PARQUET"
    # The path is bound by DuckDB's own quoting rules: single quotes doubled.
    target = str(path).replace("'", "''")
    con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' ({options})")
    (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    return int(count)


def _arrow_type(annotation: str) -> pa.DataType:
    inner = annotation.removesuffix(" | None")
    if inner in _SCALARS:
        return _SCALARS[inner]
    if inner.startswith("list[") and inner[5:-1] in NESTED_TYPES:
        return pa.list_(_struct(NESTED_TYPES[inner[5:-1]]))
    if inner in NESTED_TYPES:
        return _struct(NESTED_TYPES[inner])
    # Free-form dicts (metadata) have no fixed shape: JSON text keeps them whole.
    return pa.string()


def _struct(cls: type) -> pa.StructType:
    return pa.struct([(f.name, _arrow_type(str(f.type))) for f in dataclasses.fields(cls)])


def _chunks(records: Iterator[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    while batch := list(islice(records, size)):
        yield batch
