"""A server restored from an older backup: devices re-push what it lost, and nothing
diverges (backup and restore through `entraide-server admin`, as an operator does)."""

from __future__ import annotations

import subprocess

from serverproc import ServerProcess, enrolled_store, server_command, share_keys

from client.cases import create_case, update_case

from .util import materialized, own_space, sync


def admin(server: ServerProcess, *args: str) -> str:
    result = subprocess.run(
        [*server_command(), "--db", str(server.db), "admin", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_after_a_restore_devices_re_push_what_the_server_lost(tmp_path, server_db):
    server = ServerProcess(server_db(), log=tmp_path / "server.log").start()
    stores = []
    try:
        a = enrolled_store(tmp_path / "a.sqlite", server, "SN-R")
        b = enrolled_store(tmp_path / "b.sqlite", server, "SN-R")
        stores += [a, b]
        share_keys(a, b)
        first = create_case(a, {"direction": "incoming", "kind": "mla", "title": "before"})
        sync(a, server.url)
        sync(b, server.url)
        assert "backup written" in admin(server, "backup", str(tmp_path / "server.backup"))

        # after the backup: an edit on each device, both synced
        update_case(a, first, {"title": "after, from a"})
        second = create_case(b, {"direction": "outgoing", "kind": "mla", "title": "new on b"})
        sync(a, server.url)
        sync(b, server.url)
        sync(a, server.url)
        lost = server.counts()["groups"]

        server.close()  # the operator stops the server, restores, starts it again
        assert "re-push" in admin(server, "restore", str(tmp_path / "server.backup"))
        assert server.counts()["groups"] < lost
        server.start()

        for store in (a, b, a, b):
            sync(store, server.url)
        assert server.counts()["groups"] == lost  # everything came back, nothing twice
        # A device enrolled after the restore gets the whole story from the server alone.
        c = enrolled_store(tmp_path / "c.sqlite", server, "SN-R")
        stores.append(c)
        share_keys(a, c)
        sync(c, server.url)
        space = own_space(a)
        assert materialized(a, space) == materialized(b, space) == materialized(c, space)
        titles = {doc["title"] for doc, _ in materialized(c, space).values()}
        assert titles == {"after, from a", "new on b"} and second
    finally:
        for store in stores:
            store.close()
        server.close()
