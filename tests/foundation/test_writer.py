"""The store's one writer: a queue served by one thread, futures, and the synchronous turn."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from client.cases import create_case, get_case, set_status, update_case
from client.store import Store
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


def test_reading_connections_of_ended_threads_are_closed(store: Store) -> None:
    _case(store)

    def read() -> None:
        store.doc_ids("case")

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.doc_ids("case")  # this thread's reader
    assert store.reader_count() == 1
