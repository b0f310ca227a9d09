"""The store's one writer: a queue served by one thread, futures, and the synchronous turn."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from client.cases import create_case, get_case, set_status, update_case
from client.store import Store
from client.store.writer import Priority, WriteQueue
from shared.schema.validation import ValidationError


@pytest.fixture
def store(tmp_path: Path):
    s = Store(tmp_path / "s.sqlite")
    s.set_meta("authority", "SN-CA")
    yield s
    s.close()


def _case(store: Store) -> str:
    return create_case(store, {"direction": "incoming", "kind": "mla", "title": "t"})


def test_submit_runs_on_the_writer_thread_and_gives_a_future(store: Store) -> None:
    case_id = _case(store)
    seen: list[str] = []

    def job(s: Store) -> bool:
        seen.append(threading.current_thread().name)
        return update_case(s, case_id, {"notes": "from the writer"})

    assert store.submit(job).result() is True
    assert seen and seen[0].startswith("store-writer")
    assert get_case(store, case_id)["notes"] == "from the writer"
    assert store.run(lambda s: s.read(case_id)["notes"]) == "from the writer"


def test_an_error_reaches_the_caller_through_the_future_and_writes_nothing(store: Store) -> None:
    case_id = _case(store)
    future = store.submit(lambda s: set_status(s, case_id, "closed"))
    with pytest.raises(ValidationError):  # draft -> closed is not a step of the workflow
        future.result()
    assert get_case(store, case_id)["status"] == "draft"


def test_a_job_waits_for_the_turn_held_and_jobs_run_in_order(store: Store) -> None:
    """A synchronous writer holding its turn (an import's slice) keeps queued jobs
    waiting; when it ends they run in the order they were submitted."""
    case_id = _case(store)
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with store.write():
            holding.set()
            release.wait()

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait()
    order: list[int] = []
    futures = [store.submit(lambda s, n=n: order.append(n)) for n in range(5)]
    assert not any(f.done() for f in futures)  # still queued behind the held turn
    release.set()
    holder.join()
    for f in futures:
        f.result()
    assert order == [0, 1, 2, 3, 4]
    assert get_case(store, case_id)["status"] == "draft"


def test_nested_writes_and_submits_inside_a_job_join_it(store: Store) -> None:
    """A job that opens `write()` or submits another job joins its own transaction
    (never waits for itself); an error rolls back all of it."""
    case_id = _case(store)

    def job(s: Store) -> str:
        with s.write():
            update_case(s, case_id, {"notes": "inner"})
        return s.submit(lambda t: t.read(case_id)["notes"]).result()

    assert store.run(job) == "inner"

    def failing(s: Store) -> None:
        update_case(s, case_id, {"notes": "rolled back"})
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        store.run(failing)
    assert get_case(store, case_id)["notes"] == "inner"


def test_a_save_goes_before_the_background_turns_queued_before_it(store: Store) -> None:
    """An import's next slice queued while a slice holds the writer does not delay a save
    asked after it: the save runs as soon as the writer is free, then the slice."""
    case_id = _case(store)
    order: list[str] = []
    holding, release = threading.Event(), threading.Event()

    def slice_now() -> None:
        with store.write():
            holding.set()
            release.wait()

    def next_slice() -> None:
        with store.write():
            order.append("next slice")

    first = threading.Thread(target=slice_now)
    first.start()
    holding.wait()
    second = threading.Thread(target=next_slice)
    second.start()
    while store._queue.waiting(Priority.BACKGROUND) < 1:  # the slice is queued first
        time.sleep(0.001)
    saved = store.submit(lambda s: order.append("save") or update_case(s, case_id, {"notes": "n"}))
    assert store.saves_waiting()
    release.set()
    saved.result()
    for t in (first, second):
        t.join()
    assert order == ["save", "next slice"]
    assert not store.saves_waiting()


def test_the_write_queue_serves_saves_first_then_in_order() -> None:
    queue = WriteQueue("t")
    order: list[str] = []
    gate = threading.Event()
    blocker = queue.submit(gate.wait, Priority.BACKGROUND)
    while not blocker.running():
        time.sleep(0.001)
    futures = [
        queue.submit(lambda: order.append("b1"), Priority.BACKGROUND),
        queue.submit(lambda: order.append("s1"), Priority.SAVE),
        queue.submit(lambda: order.append("b2"), Priority.BACKGROUND),
        queue.submit(lambda: order.append("s2"), Priority.SAVE),
    ]
    assert queue.waiting(Priority.SAVE) == 2 and queue.waiting(Priority.BACKGROUND) == 2
    gate.set()
    for f in futures:
        f.result()
    assert order == ["s1", "s2", "b1", "b2"]
    queue.close()
    assert queue.submit(lambda: "after close").result() == "after close"  # starts again
    queue.close()


def test_reading_connections_go_back_to_the_pool_when_their_thread_ends(store: Store) -> None:
    _case(store)  # this thread reads too: it holds one connection while it lives

    def read() -> None:
        store.doc_ids("case")

    for _ in range(3):  # workers come and go, one after the other: one connection serves
        t = threading.Thread(target=read)
        t.start()
        t.join()
        assert store.readers_lent() == 1
    assert store.reader_count() == 2  # this thread's, and the one the workers shared


def test_reading_connections_are_bounded_and_closed_with_the_store(tmp_path: Path) -> None:
    """With three connections at most (this thread holds one), a third thread reads once
    one of the other two has ended."""
    store = Store(tmp_path / "b.sqlite", readers=3)
    _case(store)
    hold, stop = threading.Barrier(3), threading.Event()
    third_read = threading.Event()
    seen: list[sqlite3.Connection] = []

    def reader(wait: bool) -> None:
        seen.append(store.conn)
        store.doc_ids("case")
        if wait:
            hold.wait()
            stop.wait()

    def late_reader() -> None:
        seen.append(store.conn)
        third_read.set()

    first = [threading.Thread(target=reader, args=(True,)) for _ in range(2)]
    for t in first:
        t.start()
    hold.wait()
    late = threading.Thread(target=late_reader)
    late.start()
    assert not third_read.wait(0.3)  # every connection is lent: it waits
    assert store.reader_count() == 3
    stop.set()
    assert third_read.wait(10)  # one came back, and the third thread reads on it
    late.join()
    for t in first:
        t.join()
    assert store.reader_count() == 3 and len(set(map(id, seen))) == 2
    store.close()
    assert store.reader_count() == 0
    with pytest.raises(sqlite3.ProgrammingError):  # closed, not left open
        seen[0].execute("SELECT 1")


def test_listeners_hear_of_writes_that_changed_rows_only(store: Store) -> None:
    """The app reloads its screen on a write: one that changed nothing (a receipt that
    could not be sealed yet) must not make a screen that writes on reload loop."""
    case_id = _case(store)
    heard: list[int] = []
    store.on_change(lambda: heard.append(1))
    store.run(lambda s: s.read(case_id))
    assert heard == []
    store.run(lambda s: update_case(s, case_id, {"notes": "changed"}))
    assert heard == [1]
