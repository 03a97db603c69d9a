"""Read-only access to the store: a shared connection while requests come, closed when idle.

DuckDB lets one process write a file, or many read it, not both. The server opens the
file read-only when a request comes, gives each request its own cursor, and lets go of
the file after ``KEEP_OPEN_S`` without requests, so an ``eventwire ingest`` (a separate
writer process) can take it while nobody is browsing. A request that arrives while a
writer holds the file is answered 503, not a crash.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from eventwire.store import StoreError, open_store

log = logging.getLogger(__name__)

#: A dashboard query over a few million events takes well under a second; one that runs
#: this long is a runaway (a huge CSV, a pathological search) and is interrupted.
QUERY_TIMEOUT_S = 15.0
#: Opening the file costs 50-150 ms, too much for every request of a page that makes
#: several; holding it longer than a pause in browsing would keep ingest out for nothing.
KEEP_OPEN_S = 2.0
#: DuckDB settings for the read-only database: a request may not take the whole machine.
DATABASE_SETTINGS = {"memory_limit": "2GB", "threads": 4}


class StoreUnavailable(RuntimeError):
    """The store cannot answer now (locked by a writer, missing, too slow), with the reason."""


class ReadOnlyStore:
    """The DuckDB file, opened read-only on demand; one cursor per request."""

    def __init__(
        self,
        path: str | Path,
        timeout_s: float = QUERY_TIMEOUT_S,
        keep_open_s: float = KEEP_OPEN_S,
    ) -> None:
        self.path = Path(path)
        self.timeout_s = timeout_s
        self.keep_open_s = keep_open_s
        self._lock = threading.Lock()
        self._database: duckdb.DuckDBPyConnection | None = None
        self._users = 0
        self._closer: threading.Timer | None = None

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A read-only cursor; its query is interrupted if it outlives ``timeout_s``."""
        cursor = self._acquire()
        timer = threading.Timer(self.timeout_s, cursor.interrupt)
        timer.daemon = True
        try:
            timer.start()
            yield cursor
        except duckdb.InterruptException as exc:
            raise StoreUnavailable(
                f"{self.path}: the query took longer than {self.timeout_s:g} s and was stopped; "
                "narrow the filters"
            ) from exc
        finally:
            timer.cancel()
            cursor.close()
            self._release()

    def close(self) -> None:
        """Let go of the file now (the next request opens it again)."""
        with self._lock:
            if self._closer:
                self._closer.cancel()
                self._closer = None
            self._close_database()

    def _acquire(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            if self._closer:
                self._closer.cancel()
                self._closer = None
            if self._database is None:
                self._database = self._open()
            self._users += 1
            return self._database.cursor()

    def _open(self) -> duckdb.DuckDBPyConnection:
        try:
            database = open_store(self.path, read_only=True)
        except StoreError as exc:
            log.warning("store unavailable: %s", exc)
            raise StoreUnavailable(str(exc)) from exc
        for name, value in DATABASE_SETTINGS.items():
            # Constant names and values from this module, not from a request.
            database.execute(f"SET {name} = '{value}'")
        return database

    def _release(self) -> None:
        with self._lock:
            self._users -= 1
            if self._users:
                return
            if self.keep_open_s <= 0:
                self._close_database()
                return
            # Not a daemon: at exit Python waits for it, so DuckDB is closed by a live
            # thread (a daemon thread cut off inside DuckDB's C++ aborts the process).
            self._closer = threading.Timer(self.keep_open_s, self._close_idle)
            self._closer.start()

    def _close_idle(self) -> None:
        with self._lock:
            if self._users == 0:
                self._close_database()

    def _close_database(self) -> None:
        if self._database is not None:
            self._database.close()
            self._database = None
