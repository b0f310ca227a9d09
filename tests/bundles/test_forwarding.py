"""Store-and-forward through a real server on loopback: a stick carries one office's traffic
to another, whose next network sync delivers it."""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path

from serverproc import ServerProcess

from client.bundles import export_bundle, import_bundle
from client.cases import get_case, update_case
from client.directory import get_entry, propose_edit, put_entry
from client.store import Store
from client.sync import SyncAgent

from .conftest import new_case, share_keys, state


def _code() -> str:
    """A fresh authority code, so tests sharing the server do not see each other's cases."""
    return f"T{secrets.token_hex(3).upper()}"


def _device(server: ServerProcess, tmp_path: Path, name: str, authority: str) -> Store:
    return server.enroll(Store(tmp_path / f"{name}.sqlite"), authority)


def _server_holds(server: ServerProcess, group_ids: set[bytes]) -> dict[bytes, str]:
    """Which of these groups the server's log holds, and whom it recorded as their pusher."""
    conn = sqlite3.connect(server.db)
    try:
        marks = ",".join("?" * len(group_ids))
        rows = conn.execute(
            f"SELECT group_id, received_from FROM groups WHERE group_id IN ({marks})",
            list(group_ids),
        ).fetchall()
        return {bytes(g): who for g, who in rows}
    finally:
        conn.close()


def test_three_hops_deliver_without_the_carrier_reading(
    server: ServerProcess, tmp_path: Path
) -> None:
    code_a, code_b, code_c = _code(), _code(), _code()
    a = _device(server, tmp_path, "a", code_a)  # offline office
    b = _device(server, tmp_path, "b", code_b)  # the office the stick travels to
    c = _device(server, tmp_path, "c", code_c)  # a third office, online
    a2 = _device(server, tmp_path, "a2", code_a)  # A's colleague at the ministry, online

    # A works offline: cases (encrypted for its authority) and its directory entry.
    ids = [new_case(a, f"Entraide {i}", summary=f"witness hearing {i}") for i in range(3)]
    put_entry(a, {"code": code_a, "state": "SN", "authority_name": "Authority A"})
    propose_edit(a, code_a, {"phones": "+221 33 000 00 00"})
    share_keys(a, a2)  # the colleague holds A's space key (escrow, in real life)

    got = import_bundle(b, export_bundle(a, tmp_path / "a.bundle").path)
    # Cases and their returns unread, the directory read.
    assert got.kept_for_forwarding == 2 and got.applied == 2
    assert b.doc_ids("case") == []
    a_groups = {
        g for (g,) in b.conn.execute("SELECT group_id FROM groups WHERE author = ?", (a.device_id,))
    }

    pushed = SyncAgent(b).sync_once()
    # A's three groups (cases, returns, directory), forwarded on A's signatures; B counts
    # only the changes it can read.
    assert (pushed.pushed_groups, pushed.pushed) == (3, 2)
    assert b.conn.execute("SELECT count(*) FROM groups WHERE pushed = 0").fetchone()[0] == 0
    # The server holds them, without recording that B's office carried them (issue 10).
    assert _server_holds(server, a_groups) == dict.fromkeys(a_groups, "")
    assert b.doc_ids("case") == []  # syncing did not give B A's cases either

    SyncAgent(c).sync_once()
    assert get_entry(c, code_a)["phones"] == "+221 33 000 00 00"
    assert c.doc_ids("case") == []

    SyncAgent(a2).sync_once()
    assert sorted(a2.doc_ids("case")) == sorted(ids)
    assert get_case(a2, ids[2])["summary"] == "witness hearing 2"
    for store in (a, b, c, a2):
        store.close()


def test_bundle_and_network_sync_mix_converge(server: ServerProcess, tmp_path: Path) -> None:
    """Edits that travel partly by stick and partly by network end up identical everywhere."""
    code = _code()
    online = _device(server, tmp_path, "online", code)
    offline = _device(server, tmp_path, "offline", code)
    share_keys(online, offline)
    case_id = new_case(online, "shared case")
    SyncAgent(online).sync_once()
    import_bundle(offline, export_bundle(online, tmp_path / "1.bundle").path)
    new_case(offline, "made offline")
    update_case(offline, case_id, {"notes": "offline note"})
    update_case(online, case_id, {"summary": "online summary"})
    SyncAgent(online).sync_once()
    # The offline office's changes reach the server only through the online one.
    import_bundle(online, export_bundle(offline, tmp_path / "2.bundle").path)
    SyncAgent(online).sync_once()
    import_bundle(
        offline, export_bundle(online, tmp_path / "3.bundle", peer=offline.device_id).path
    )
    assert _same_authority_state(online, code) == _same_authority_state(offline, code)
    merged = get_case(offline, case_id)
    assert (merged["notes"], merged["summary"]) == ("offline note", "online summary")
    # A third device that only ever syncs with the server sees it all too.
    late = _device(server, tmp_path, "late", code)
    share_keys(online, late)
    SyncAgent(late).sync_once()
    assert _same_authority_state(late, code) == _same_authority_state(online, code)
    for store in (online, offline, late):
        store.close()


def _same_authority_state(store: Store, code: str) -> dict:
    full = state(store)
    space = f"authority/{code}"
    docs = {
        d for (d,) in store.conn.execute("SELECT doc_id FROM documents WHERE space = ?", (space,))
    }
    hashes = {
        h for (h,) in store.conn.execute("SELECT hash FROM changes WHERE space = ?", (space,))
    }
    return {"documents": {d: full["documents"][d] for d in docs}, "changes": hashes}
