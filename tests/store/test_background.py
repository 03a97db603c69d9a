"""Writing while parsing: each write batch stored once on the writer's thread, counted once,
its ids handed back only once committed, and a failed write raised, never lost."""

from __future__ import annotations

import threading

import pytest

from eventwire.schema import IngestError
from eventwire.store import BufferedWriter, background, open_store, stored_ids
from tests.store.conftest import make_article


@pytest.fixture
def gate(monkeypatch) -> threading.Event:
    """Writes wait until the gate opens: a write in flight for as long as a test needs."""
    opened = threading.Event()
    write_batch = background.write_batch

    def held(con, *args, **kwargs):
        assert threading.current_thread() is not threading.main_thread()
        assert opened.wait(10), "the gate never opened"
        return write_batch(con, *args, **kwargs)

    monkeypatch.setattr(background, "write_batch", held)
    return opened


def _broken(n: int):
    article = make_article(n)
    article.amounts = ["not an amount"]  # fails while the batch is half written
    return article


def test_a_full_batch_is_written_while_the_caller_goes_on(db, gate):
    con = open_store(db)
    writer = BufferedWriter(con, size=2)
    assert writer.add([make_article(1)], ids={"a1"}) == (0, set())
    # Full: its write starts and add returns at once; its ids are not handed back yet.
    assert writer.add([make_article(2)], ids={"a2"}) == (0, set())
    assert writer.add([make_article(3)], ids={"a3"}) == (0, set())
    # The caller's connection answers while the write is in flight on the writer's cursor.
    assert stored_ids(con, ["a1", "a2", "a3"]) == set()
    gate.set()
    assert writer.flush() == (3, {"a1", "a2", "a3"})
    assert stored_ids(con, ["a1", "a2", "a3"]) == {"a1", "a2", "a3"}


def test_a_second_full_batch_waits_for_the_write_in_flight(db, gate):
    writer = BufferedWriter(open_store(db), size=1)
    assert writer.add([make_article(1)], ids={"a1"}) == (0, set())
    results = []
    second = threading.Thread(
        target=lambda: results.append(writer.add([make_article(2)], ids={"a2"}))
    )
    second.start()
    second.join(0.3)
    # One write in flight at a time: at most two write batches are ever held.
    assert second.is_alive()
    gate.set()
    second.join(10)
    assert results == [(1, {"a1"})]
    assert writer.flush() == (1, {"a2"})


@pytest.mark.parametrize("size", [1, 3, 8, 128])
def test_every_article_is_stored_once_and_counted_once(db, size):
    con = open_store(db)
    writer = BufferedWriter(con, size)
    batches = [[make_article(n) for n in range(first, first + 4)] for first in range(1, 41, 4)]
    batches.append([make_article(1), make_article(40)])  # repeats of articles already sent
    stored, written = 0, set()
    for number, batch in enumerate(batches):
        ids = {a.id for a in batch}
        new, done = writer.add(batch, [IngestError(f"bad-{number}.txt", "binary file")], ids)
        # Ids come back only once their write batch is committed.
        assert stored_ids(con, done) == done
        stored, written = stored + new, written | done
    new, done = writer.flush()
    stored, written = stored + new, written | done
    assert stored == 40
    assert written == {f"a{n}" for n in range(1, 41)}
    assert con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone() == (40, 40)
    # Eleven failed inputs and each article's warning.
    assert con.execute("SELECT count(*) FROM errors").fetchone() == (51,)


def test_ids_that_produced_nothing_are_handed_back_on_flush(db):
    # A batch whose documents all failed still leaves the ids it was sent with.
    writer = BufferedWriter(open_store(db), size=2)
    assert writer.add([], ids={"gone"}) == (0, set())
    assert writer.flush() == (0, {"gone"})
    assert writer.flush() == (0, set())


def test_a_failed_write_is_raised_by_the_next_add_and_what_follows_is_written(db):
    con = open_store(db)
    writer = BufferedWriter(con, size=1)
    assert writer.add([_broken(1)], ids={"a1"}) == (0, set())
    with pytest.raises(TypeError, match=r"article a1: amounts\[0\] is a str"):
        writer.add([make_article(2)], ids={"a2"})
    # Raised once; the failed batch rolled back, its id never handed back as written.
    assert writer.flush() == (1, {"a2"})
    assert stored_ids(con, ["a1", "a2"]) == {"a2"}


def test_a_failed_write_is_raised_by_flush(db):
    con = open_store(db)
    writer = BufferedWriter(con, size=2)
    writer.add([make_article(1), _broken(2)], ids={"a1", "a2"})
    with pytest.raises(TypeError, match=r"article a2: amounts\[0\] is a str"):
        writer.flush()
    assert stored_ids(con, ["a1", "a2"]) == set()
    assert writer.flush() == (0, set())


def test_a_run_stopped_midway_still_writes_what_it_gathered(db):
    con = open_store(db)
    writer = BufferedWriter(con, size=3)
    stored = 0
    with pytest.raises(KeyboardInterrupt):
        try:
            for n in range(1, 6):
                stored += writer.add([make_article(n)], ids={f"a{n}"})[0]
                if n == 4:  # a Ctrl-C while a1-a3 are being written and a4 is gathered
                    raise KeyboardInterrupt
        finally:
            stored += writer.flush()[0]
    assert stored == 4
    assert stored_ids(con, [f"a{n}" for n in range(1, 6)]) == {"a1", "a2", "a3", "a4"}


def test_busy_only_while_a_write_is_in_flight(tmp_path):
    con = open_store(tmp_path / "busy.duckdb")
    writer = BufferedWriter(con, 2)
    assert not writer.busy
    writer.add([make_article(1), make_article(2)])
    writer.flush()
    assert not writer.busy
    con.close()
