"""Several server processes over one database: PostgreSQL takes any number (two
instances, one of them with two workers; clients split between them), SQLite refuses
a second server on the same file."""

from __future__ import annotations

import subprocess
import threading
from collections import defaultdict

import httpx
from serverproc import ServerProcess, free_port, server_command
from wiredevice import WireDevice, enroll_wire_device

from shared.envelope import SignedGroup


def _run_server(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*server_command(), *args], capture_output=True, text=True, timeout=60)


def test_a_second_server_on_one_sqlite_file_is_refused(tmp_path):
    db = tmp_path / "server.sqlite"
    first = ServerProcess(db).start()
    try:
        second = _run_server("--db", str(db), "--port", str(free_port()))
        assert second.returncode == 1
        assert "another entraide-server is already serving" in second.stderr
        assert "Traceback" not in second.stderr
        assert httpx.get(first.url + "/health").status_code == 200  # the first serves on
    finally:
        first.close()
    workers = _run_server("--db", str(db), "--port", str(free_port()), "--workers", "2")
    assert workers.returncode == 1 and "several workers need PostgreSQL" in workers.stderr
    ServerProcess(db).start().close()  # the file is free again once the first has stopped


def _group_id(wire) -> bytes:
    return SignedGroup.from_wire(wire).group_id


def test_two_instances_over_one_postgresql(tmp_path, postgres):
    url = postgres.database("two")
    a = ServerProcess(url, args=["--workers", "2"], log=tmp_path / "a.log").start()
    b = ServerProcess(url, log=tmp_path / "b.log").start()
    try:
        clients = {a.url: httpx.Client(base_url=a.url), b.url: httpx.Client(base_url=b.url)}
        instances = [a.url, b.url]
        writers: list[tuple[WireDevice, str]] = []
        watchers: list[tuple[WireDevice, str]] = []
        for n, authority in enumerate(["SN-W", "ML-W"]):
            for d in range(4):  # enrolled on one instance, syncing through the other half
                at = instances[(n + d) % 2]
                device = enroll_wire_device(a, clients[at], authority, f"{authority}-w{d}")
                writers.append((device, instances[(n + d + 1) % 2]))
            for d, at in enumerate(instances):
                watchers.append(
                    (enroll_wire_device(a, clients[at], authority, f"{authority}-r{d}"), at)
                )

        pushed: dict[str, set[bytes]] = defaultdict(set)
        seen: dict[str, list[tuple[int, bytes]]] = defaultdict(list)
        errors: list[BaseException] = []
        lock = threading.Lock()
        done = threading.Event()

        def write(device: WireDevice, at: str) -> None:
            try:
                with httpx.Client(base_url=at, timeout=60) as http:
                    for _ in range(12):
                        groups = [device.group(200) for _ in range(3)]
                        device.push(http, groups)
                        with lock:
                            pushed[device.space].update(_group_id(g) for g in groups)
                        device.pull(http)
            except BaseException as exc:
                errors.append(exc)

        def watch(device: WireDevice, at: str) -> None:
            try:
                with httpx.Client(base_url=at, timeout=60) as http:
                    while True:
                        finished = done.is_set()  # read before the pull: then it catches all
                        answer = device.pull(http, max_bytes=4096)
                        for space, seq, wire in answer["groups"]:
                            seen[f"{device.device_id}|{space}"].append((seq, _group_id(wire)))
                        if finished and not answer["more"]:
                            return
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=w) for w in writers]
        tails = [threading.Thread(target=watch, args=w) for w in watchers]
        for thread in threads + tails:
            thread.start()
        for thread in threads:
            thread.join()
        done.set()
        for thread in tails:
            thread.join()
        assert not errors, errors

        for watcher, _ in watchers:
            space = watcher.space
            log = seen[f"{watcher.device_id}|{space}"]
            # no gap, no duplicate, no reordering: exactly 1..N in order
            assert [seq for seq, _ in log] == list(range(1, len(pushed[space]) + 1))
            assert {gid for _, gid in log} == pushed[space]  # no loss
    finally:
        for client in clients.values():
            client.close()
        a.close()
        b.close()


def test_two_instances_judge_one_directory_entry_in_turn(tmp_path, postgres):
    """Two devices of one authority edit its directory entry at the same moment, each
    through another instance over one PostgreSQL: the instances judge in turn (the
    per-space database lock), so the server's copy of the entry holds every change it
    accepted; judged against a stale copy, one instance would write over the other's."""
    from automerge.core import Document
    from serverproc import enrolled_store
    from sync.util import sync

    from client.directory import put_entry

    url = postgres.database("judge")
    a = ServerProcess(url, log=tmp_path / "a.log").start()
    b = ServerProcess(url, log=tmp_path / "b.log").start()
    stores = []
    try:
        code = "ML-J"
        stores = [
            enrolled_store(tmp_path / f"d{i}.sqlite", a, code, url=at)
            for i, at in enumerate([a.url, b.url])
        ]
        put_entry(stores[0], {"code": code, "state": "ML", "authority_name": "first"})
        sync(stores[0], a.url)
        sync(stores[1], b.url)
        errors: list[BaseException] = []

        def edit_and_sync(store, at: str, name: str) -> None:
            try:
                put_entry(store, {"code": code, "state": "ML", "authority_name": name})
                report = sync(store, at)
                assert not report.refused, report.refused
            except BaseException as exc:
                errors.append(exc)

        for round_ in range(6):
            threads = [
                threading.Thread(target=edit_and_sync, args=(store, at, f"{i}-{round_}"))
                for i, (store, at) in enumerate(zip(stores, [a.url, b.url], strict=True))
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
        assert not errors, errors
        doc = a.storage.plain_document("directory", code)
        assert doc.state is not None and len(doc.applied) >= 13  # 1 + 2 x 6 edits
        held = {change.hash for change in Document.load(doc.state).get_changes([])}
        lost = set(doc.applied) - held
        assert not lost, f"{len(lost)} accepted changes missing from the server's copy"
    finally:
        for store in stores:
            store.close()
        a.close()
        b.close()
