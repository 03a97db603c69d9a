"""The DuckDB tables, derived from the record dataclasses so names can never drift.

``articles`` holds one row per article (the record's scalar fields), each item
list of the record has a table of its own linked by ``article_id`` and ordered by
``idx``, and ``errors`` keeps every input that failed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pyarrow as pa

from eventwire.schema import ITEM_TYPES, Article

#: How a schema annotation is stored. Anything not listed (nested records, dicts,
#: lists of records) is stored as JSON text and parsed back on read.
_SQL_TYPES = {
    "str": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "list[str]": "VARCHAR[]",
}
_ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "VARCHAR[]": pa.list_(pa.string()),
    "JSON": pa.string(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "INTEGER": pa.int32(),
}


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str

    @property
    def is_json(self) -> bool:
        return self.sql_type == "JSON"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    #: Columns the store adds that are not fields of the record.
    extra: tuple[str, ...] = ()
    primary_key: tuple[str, ...] = ()

    def ddl(self) -> str:
        cols = [f'"{c.name}" {c.sql_type}' for c in self.columns]
        if self.primary_key:
            cols.append(f"PRIMARY KEY ({', '.join(self.primary_key)})")
        return f"CREATE TABLE IF NOT EXISTS {self.name} (\n    " + ",\n    ".join(cols) + "\n)"

    def arrow_schema(self) -> pa.Schema:
        return pa.schema([(c.name, _ARROW_TYPES[c.sql_type]) for c in self.columns])

    @property
    def record_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.name not in self.extra)


def _sql_type(annotation: str) -> str:
    return _SQL_TYPES.get(annotation.removesuffix(" | None"), "JSON")


def _columns(cls: type, skip: set[str] = frozenset()) -> tuple[Column, ...]:
    return tuple(
        Column(f.name, _sql_type(str(f.type)))
        for f in dataclasses.fields(cls)
        if f.name not in skip
    )


ARTICLES = Table(
    name="articles",
    columns=(
        *_columns(Article, skip=set(ITEM_TYPES)),
        Column("published_date", "DATE"),
        Column("ingested_at", "TIMESTAMP"),
    ),
    extra=("published_date", "ingested_at"),
    primary_key=("id",),
)

ITEM_TABLES: dict[str, Table] = {
    name: Table(
        name=name,
        columns=(Column("article_id", "VARCHAR"), Column("idx", "INTEGER"), *_columns(cls)),
        extra=("article_id", "idx"),
    )
    for name, cls in ITEM_TYPES.items()
}

ERRORS = Table(
    name="errors",
    columns=(
        Column("input", "VARCHAR"),
        Column("reason", "VARCHAR"),
        Column("stage", "VARCHAR"),
        Column("first_seen", "TIMESTAMP"),
        Column("last_seen", "TIMESTAMP"),
    ),
    primary_key=("input", "reason"),
)

META = Table(
    name="eventwire_meta",
    columns=(Column("key", "VARCHAR"), Column("value", "VARCHAR")),
    primary_key=("key",),
)

ALL_TABLES: tuple[Table, ...] = (ARTICLES, *ITEM_TABLES.values(), ERRORS, META)
