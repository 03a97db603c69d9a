"""Opening the DuckDB file: creating the tables, checking the schema version, locking."""

from __future__ import annotations

from pathlib import Path

import duckdb

from eventwire.schema import SCHEMA_VERSION
from eventwire.store.tables import ALL_TABLES, META


class StoreError(RuntimeError):
    """The database cannot be opened or used, with the reason."""


def open_store(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the eventwire database at ``path``.

    DuckDB lets one process write a file at a time; a second writer gets a
    StoreError naming the file instead of DuckDB's lock message.
    """
    path = Path(path)
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such database (run `eventwire ingest` first)")
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            raise StoreError(
                f"{path}: the database is open for writing in another process "
                "(an ingest or serve already running); wait for it or use another --db"
            ) from exc
        raise StoreError(f"{path}: cannot open the database: {exc}") from exc
    except duckdb.Error as exc:
        raise StoreError(f"{path}: not an eventwire database: {exc}") from exc
    if not read_only:
        _create(con)
    _check_version(con, path)
    return con


def _create(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("BEGIN")
    for table in ALL_TABLES:
        con.execute(table.ddl())
    con.execute(
        f"INSERT INTO {META.name} VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
        [str(SCHEMA_VERSION)],
    )
    con.execute("COMMIT")


def _check_version(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    try:
        row = con.execute(f"SELECT value FROM {META.name} WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException as exc:
        raise StoreError(f"{path}: not an eventwire database (no {META.name} table)") from exc
    if row is None or int(row[0]) != SCHEMA_VERSION:
        found = row[0] if row else "none"
        raise StoreError(
            f"{path}: schema version {found}, this eventwire writes {SCHEMA_VERSION}; "
            "re-ingest into a new file"
        )
