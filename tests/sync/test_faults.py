"""Breaks at any byte: mid-push, mid-pull, a stalled link, a server killed mid-sync.
The next sync completes with no duplicate and no loss, re-sending at most one batch."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from faultproxy import Fault, FaultProxy, LinkProfile
from serverproc import ServerProcess, enrolled_store, share_keys

from client.cases import create_case
from client.identity import load_identity
from client.keys import default_keyring
from client.replication import seal_local_changes
from client.sync import SyncAgent, SyncError, sync_status

from .util import own_space

BATCH = 6 * 1024
CASES = 60
UP_BREAK = 9_000  # bytes sent before the link breaks: past the first push batch, before the last


def offline_cases(store, n: int = CASES, group_bytes: int = 600) -> list[str]:
    """n cases made offline, sealed into small groups so that a push takes several batches."""
    ids = [
        create_case(
            store,
            {
                "direction": "outgoing",
                "kind": "mla",
                "title": f"case {i}",
                "notes": f"facts of case {i} " * 8,
            },
        )
        for i in range(n)
    ]
    seal_local_changes(
        store, load_identity(store), default_keyring(store), max_group_bytes=group_bytes
    )
    return ids


def groups_of(store) -> int:
    return store.conn.execute("SELECT count(*) FROM groups").fetchone()[0]


def pushed_of(store) -> int:
    return store.conn.execute("SELECT count(*) FROM groups WHERE pushed = 1").fetchone()[0]


def server_groups(server, store) -> int:
    """Groups of the store's authority on the server: its cases and their returns."""
    spaces = (own_space(store), "returns/" + own_space(store).partition("/")[2])
    (row,) = server.storage._read(
        "SELECT count(*), count(DISTINCT group_id) FROM groups WHERE space IN (?, ?)", spaces
    )
    assert row[0] == row[1]
    return row[0]


def agent(store, proxy, **kwargs) -> SyncAgent:
    return SyncAgent(store, server_url=proxy.url, batch_bytes=BATCH, retries=0, **kwargs)


def batch_groups(store) -> int:
    """How many groups one push batch holds, at most."""
    sizes = [r[0] for r in store.conn.execute("SELECT length(payload) FROM groups ORDER BY seq")]
    return max(sum(1 for _ in _take(sizes[i:])) for i in range(len(sizes)))


def _take(sizes):
    total = 0
    for size in sizes:
        yield size
        total += size
        if total >= BATCH:
            return


@pytest.mark.parametrize("direction", ["up", "down"])
def test_push_broken_mid_transfer_resumes_without_duplicates(server, make_device, direction):
    with FaultProxy(server.port) as proxy:
        a1, a2 = make_device("SN", url=proxy.url), make_device("SN", url=proxy.url)
        agent(a1, proxy).sync_once()  # the key exchange, done before the edits
        ids = offline_cases(a1)
        total = groups_of(a1)
        assert total >= 8
        proxy.arm(Fault(direction, after=UP_BREAK if direction == "up" else 300, action="reset"))
        with pytest.raises(SyncError, match="connection lost|unreachable|did not answer"):
            agent(a1, proxy).sync_once()
        stored, acked = server_groups(server, a1), pushed_of(a1)
        print(f"{direction}: {total} groups, {stored} stored, {acked} acknowledged")
        assert 0 < stored < total and acked <= stored
        assert stored - acked <= batch_groups(a1)  # at most one batch stored but unacknowledged
        report = agent(a1, proxy).sync_once()
        assert report.pushed_groups == total - acked  # only what was not acknowledged
        assert server_groups(server, a1) == total  # every group once
        assert pushed_of(a1) == total
        agent(a2, proxy).sync_once()
        assert sorted(a2.doc_ids("case")) == sorted(ids)  # nothing lost


def test_pull_broken_mid_transfer_resumes_and_costs_at_most_one_batch(server, make_device):
    with FaultProxy(server.port) as proxy:
        a1 = make_device("SN", url=proxy.url)
        a2, a3 = make_device("SN", url=proxy.url), make_device("SN", url=proxy.url)
        ids = offline_cases(a1)
        agent(a1, proxy).sync_once()
        # A clean pull, for reference.
        proxy.reset_counters()
        clean = agent(a3, proxy).sync_once()
        clean_bytes, clean_requests = proxy.bytes_down, proxy.requests
        assert clean.round_trips == clean_requests >= 3  # several batches
        # The same pull, broken halfway through.
        proxy.reset_counters()
        proxy.arm(Fault("down", after=clean_bytes // 2, action="drop"))
        with pytest.raises(SyncError):
            agent(a2, proxy).sync_once()
        held = set(a2.doc_ids("case"))
        returns_of = "SELECT count(*) FROM changes WHERE space LIKE 'returns/%'"
        held_books = a2.conn.execute(returns_of).fetchone()[0]
        assert 0 < len(held) < len(ids)  # whole batches committed, the broken one not
        assert all(a2.read(i)["title"].startswith("case") for i in held)
        report = agent(a2, proxy).sync_once()
        assert sorted(a2.doc_ids("case")) == sorted(ids)
        # Nothing applied twice (each case has one change, the returns book one per seal).
        books = a1.conn.execute(returns_of).fetchone()[0]
        assert report.pulled + len(held) + held_books == len(ids) + books
        wasted = proxy.bytes_down - clean_bytes
        assert wasted <= BATCH + 4096  # at most one batch (plus framing) fetched again
        assert proxy.requests <= clean_requests + 2


def test_stalled_link_times_out_and_the_next_sync_completes(server, make_device):
    with FaultProxy(server.port) as proxy:
        a1 = make_device("SN", url=proxy.url)
        offline_cases(a1, 10)
        proxy.arm(Fault("down", after=10, action="stall"))
        timeout = httpx.Timeout(1.5)
        with pytest.raises(SyncError, match="did not answer in time"):
            agent(a1, proxy, timeout=timeout).sync_once()
        assert sync_status(a1).online is False
        agent(a1, proxy, timeout=timeout).sync_once()
        assert server_groups(server, a1) == groups_of(a1)
        assert sync_status(a1).pending == {}


def test_server_killed_mid_push_then_restarted(tmp_path, server_db):
    server = ServerProcess(server_db(), log=tmp_path / "restart.log").start()
    try:
        slow = LinkProfile("test", 600, 600, 20)  # 75 kB/s: the push takes a while
        with FaultProxy(server.port, link=slow) as proxy:
            a1 = enrolled_store(tmp_path / "a1.sqlite", server, "SN", url=proxy.url)
            a2 = enrolled_store(tmp_path / "a2.sqlite", server, "SN", url=proxy.url)
            share_keys(a1, a2)
            ids = offline_cases(a1)
            victim = server.proc
            fault = proxy.arm(Fault("up", after=16_000, action="drop", callback=victim.kill))
            with pytest.raises(SyncError):
                agent(a1, proxy).sync_once()
            assert fault.fired and victim.wait(10) is not None  # killed mid-push
            server.stop()
            server.start()
            agent(a1, proxy).sync_once()
            assert server_groups(server, a1) == groups_of(a1)
            agent(a2, proxy).sync_once()
            assert sorted(a2.doc_ids("case")) == sorted(ids)
            a1.close()
            a2.close()
    finally:
        server.close()


def test_unreachable_server_is_reported_in_plain_words(make_device, server):
    a1 = make_device("SN")
    create_case(a1, {"direction": "incoming", "kind": "mla", "title": "waits"})
    with pytest.raises(SyncError) as raised:
        SyncAgent(a1, server_url="http://127.0.0.1:9", retries=1).sync_once()
    assert str(raised.value) == "server unreachable (connection refused)"
    status = sync_status(a1)
    assert status.enrolled and status.online is False
    assert status.last_error == "server unreachable (connection refused)"
    returns = "returns/" + own_space(a1).partition("/")[2]
    assert status.pending == {own_space(a1): 1, returns: 1}  # the case and its return
    assert status.log[0].ok is False
    SyncAgent(a1).sync_once()
    status = sync_status(a1)
    assert status.online and status.pending == {} and status.last_error is None
    assert [e.ok for e in status.log[:2]] == [True, False]


def test_watch_waits_for_the_server_then_syncs_local_edits(tmp_path, server_db):
    server = ServerProcess(server_db(), log=tmp_path / "watch.log")
    proxy = FaultProxy(server.port).start()  # the server is not up yet
    a1 = None
    stop = threading.Event()
    try:
        server.start()
        a1 = enrolled_store(tmp_path / "a1.sqlite", server, "SN", url=proxy.url)
        share_keys(a1)
        server.stop()
        watcher = SyncAgent(a1, server_url=proxy.url, retries=0)
        phases: list[str] = []
        thread = threading.Thread(
            target=watcher.run_forever,
            args=(stop, lambda p: phases.append(p.message)),
            kwargs={"interval": 30, "min_backoff": 0.2, "max_backoff": 0.5, "debounce": 0.1},
        )
        thread.start()
        _wait(lambda: len([e for e in sync_status(a1).log if not e.ok]) >= 2)
        server.start()
        _wait(lambda: sync_status(a1).online is True)
        create_case(a1, {"direction": "incoming", "kind": "mla", "title": "edited while watching"})
        _wait(lambda: server.counts()["groups"] >= 1)
        assert any("retrying in" in m for m in phases)
        stop.set()
        thread.join(10)
        assert not thread.is_alive()
    finally:
        stop.set()
        proxy.stop()
        if a1 is not None:
            a1.close()
        server.close()


def _wait(condition, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
