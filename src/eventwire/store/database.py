"""Opening the DuckDB file: creating the tables, checking the schema version, locking."""

from __future__ import annotations

from pathlib import Path

import duckdb

from eventwire.schema import SCHEMA_VERSION
from eventwire.store.tables import ALL_TABLES, ARTICLES, ERRORS, META

# DuckDB caches every block it reads or writes until it reaches its memory limit, by
# default 80% of RAM: a writer's memory grew with the store (+10% RSS from 1,000 to 10,000
# articles in `eventwire bench`) for a cache an appending writer hardly reads. 64 MB keeps
# one batch, the write-ahead log before a checkpoint (16 MB) and the recent blocks.
WRITER_CACHE_BYTES = 64 * 2**20
# The primary-key indexes (articles, errors) cannot be evicted: past the limit a checkpoint
# fails and DuckDB closes the database. They took 72 bytes a key (DuckDB 2.0, 16-character
# ids, 800,000 keys); 512 leaves room for long ids and error keys. The limit grows with them.
INDEX_BYTES_PER_KEY = 512


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
    if not read_only:
        fit_memory_limit(con)
    return con


def fit_memory_limit(con: duckdb.DuckDBPyConnection) -> int:
    """Bound a writer's memory to its cache and its stored keys' indexes; return the limit.

    Called on opening and after each batch, as the indexes grow with the store.
    """
    (keys,) = con.execute(
        f"SELECT (SELECT count(*) FROM {ARTICLES.name}) + (SELECT count(*) FROM {ERRORS.name})"
    ).fetchone()
    limit = WRITER_CACHE_BYTES + INDEX_BYTES_PER_KEY * int(keys)
    con.execute(f"SET memory_limit = '{limit}B'")
    return limit


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
