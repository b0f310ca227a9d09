"""Documents judged in worker processes (`client/store/judge_pool.py`) give the store the
same state as judged in the client's own process: on a real pull from a real server, with
a worker killed, and for a change that makes Automerge panic."""

from __future__ import annotations

import os
import signal

import pytest
from hostile import PANIC_CHANGE
from replicas import stored_rows

import client.store.store as store_module
from client.cases import create_case, update_case
from client.store import IncomingChange, Store
from client.store.judge_pool import WORKERS_VARIABLE
from client.sync import SyncAgent
from shared.changes import change_hash


@pytest.fixture
def thirty_cases(make_device) -> Store:
    """A device that pushed 30 cases (3 of them edited) to the server."""
    source = make_device("SN")
    ids = [
        create_case(source, {"direction": "incoming", "kind": "mla", "title": f"case {n}"})
        for n in range(30)
    ]
    for case_id in ids[:3]:
        update_case(source, case_id, {"notes": "witness heard"})
    SyncAgent(source).sync_once()
    return source


def _pull_in_process(make_device, monkeypatch: pytest.MonkeyPatch) -> Store:
    """A pull judged in the client's own process (the default), then workers are on."""
    monkeypatch.delenv(WORKERS_VARIABLE, raising=False)
    alone = make_device("SN")
    SyncAgent(alone).sync_once()
    monkeypatch.setenv(WORKERS_VARIABLE, "2")
    return alone


def test_a_pull_judged_in_workers_stores_what_one_judged_here_stores(
    thirty_cases: Store, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MIN_POOL_DOCUMENTS", 4)
    alone = _pull_in_process(make_device, monkeypatch)
    pooled = make_device("SN")
    SyncAgent(pooled).sync_once()
    assert pooled.judge_pool().started == 1  # the pool judged this pull
    assert alone.judge_pool().started == 0
    assert len(pooled.doc_ids("case")) == 30
    assert stored_rows(pooled) == stored_rows(alone)


def test_a_worker_that_dies_is_replaced_and_the_pull_goes_on(
    thirty_cases: Store, make_device, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "MIN_POOL_DOCUMENTS", 4)
    alone = _pull_in_process(make_device, monkeypatch)
    pooled = make_device("SN")
    pool = pooled.judge_pool()
    assert pool.submit([]).result() == []  # a worker runs
    for pid in pool.pids():
        os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    SyncAgent(pooled).sync_once()
    assert pool.started == 2  # the broken pool was replaced
    assert pooled.quarantined() == []
    assert stored_rows(pooled) == stored_rows(alone)


def test_a_change_that_panics_automerge_in_a_worker_is_refused_as_here(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A directory entry whose change makes Automerge panic, among new documents judged
    in the pool: refused with the same reason as in the client's own process, and the
    documents around it applied."""
    source = Store(tmp_path / "source.sqlite")
    for n in range(6):
        create_case(source, {"direction": "incoming", "kind": "mla", "title": f"case {n}"})
    rows = source.conn.execute("SELECT hash, doc_id, space, body FROM changes ORDER BY seq")
    units = [
        [IncomingChange(h, doc_id, space, source.device_id, body)]
        for h, doc_id, space, body in rows
    ]
    units.insert(
        3, [IncomingChange(change_hash(PANIC_CHANGE), "SN-CA", "directory", "x", PANIC_CHANGE)]
    )
    source.close()
    monkeypatch.setattr(store_module, "MIN_POOL_DOCUMENTS", 2)
    results = []
    for workers in ("0", "2"):
        monkeypatch.setenv(WORKERS_VARIABLE, workers)
        store = Store(tmp_path / f"judged-{workers}.sqlite")
        speculation = store.speculate(units)
        assert (speculation is None) == (workers == "0")
        applied = store.apply_changes([c for unit in units for c in unit], speculation)
        results.append(
            (applied.applied, applied.rejected, store.change_faults(), stored_rows(store))
        )
        if workers == "2":
            assert store.judge_pool().started == 1
        store.close()
    alone, pooled = results
    assert pooled[:2] == alone[:2]
    assert [f.hash for f in pooled[2]] == [change_hash(PANIC_CHANGE).hex()]
    assert [f.reason for f in pooled[2]] == [f.reason for f in alone[2]]
    assert pooled[3] == alone[3]
