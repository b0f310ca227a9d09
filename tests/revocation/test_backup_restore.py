"""`entraide backup` and `entraide restore`: a device restored from a backup gets back
its edits made after the backup (from the server and from a peer's bundle), never
reuses its Automerge actor's sequence numbers, and converges with its peers."""

from __future__ import annotations

import json
import stat
from collections import Counter

from automerge.core import Document

from client.bundles import export_bundle, import_bundle
from client.cases import create_case, update_case
from client.store import Store
from client.sync import SyncAgent
from shared.access import authority_space

from .conftest import cli, data_dir_of
from .test_one_sealer import sealed_hashes, start_sealer


def documents(store: Store, space: str) -> dict:
    rows = store.conn.execute(
        "SELECT doc_id, data, heads FROM documents WHERE space = ? ORDER BY doc_id", (space,)
    )
    return {d: (json.loads(data), heads) for d, data, heads in rows}


def actors_and_seqs(store: Store) -> Counter:
    """How many distinct changes each (document, actor, seq) names."""
    seen: dict[tuple[str, bytes, int], set[bytes]] = {}
    for doc_id, state in store.conn.execute("SELECT doc_id, state FROM documents"):
        for change in Document.load(state).get_changes([]):
            key = (doc_id, bytes(change.actor_id), change.seq)
            seen.setdefault(key, set()).add(change.hash)
    return Counter({key: len(hashes) for key, hashes in seen.items()})


def test_restore_gets_later_edits_back_and_converges(tmp_path, device):
    a, b = device("a"), device("b")
    space = authority_space(a.get_meta("authority"))
    first = create_case(a, {"direction": "incoming", "kind": "mla", "title": "before backup"})
    SyncAgent(a).sync_once()
    SyncAgent(b).sync_once()

    backup = tmp_path / "a-backup.sqlite"
    made = cli(data_dir_of(a), "backup", "-o", backup)  # while the store is open here
    assert made.returncode == 0, made.stderr
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600

    # After the backup: edits that reach the server, and one carried by USB only.
    update_case(a, first, {"title": "renamed after the backup"})
    second = create_case(a, {"direction": "outgoing", "kind": "mla", "title": "after backup"})
    SyncAgent(a).sync_once()
    by_usb = create_case(a, {"direction": "incoming", "kind": "mla", "title": "by USB only"})
    stick = tmp_path / "a.bundle"
    export_bundle(a, stick)
    import_bundle(b, stick)
    old_actor, device_id = a.actor, a.device_id
    a.close()  # the disk is lost

    restored = cli(data_dir_of(a), "restore", backup)
    assert restored.returncode == 0, restored.stderr
    a2 = Store(a.path)
    try:
        assert a2.device_id == device_id and a2.actor != old_actor
        assert a2.read(first)["title"] == "before backup"
        # An edit before the first sync, concurrent with the original's later ones.
        update_case(a2, first, {"notes": "written after the restore"})
        SyncAgent(a2).sync_once()
        assert a2.read(first)["title"] == "renamed after the backup"
        assert a2.read(second)["title"] == "after backup"
        full = tmp_path / "b.bundle"
        export_bundle(b, full)
        import_bundle(a2, full)
        assert a2.read(by_usb)["title"] == "by USB only"
        SyncAgent(a2).sync_once()
        SyncAgent(b).sync_once()
        SyncAgent(a2).sync_once()

        assert documents(a2, space) == documents(b, space)
        assert b.read(first)["notes"] == "written after the restore"
        for store in (a2, b):  # no (actor, seq) names two different changes
            assert max(actors_and_seqs(store).values()) == 1
        counts = sealed_hashes(a2)  # and no change of this device was sealed twice
        assert max(counts.values()) == 1
        # A new edit after all this merges everywhere.
        update_case(a2, second, {"notes": "one more"})
        SyncAgent(a2).sync_once()
        SyncAgent(b).sync_once()
        assert b.read(second)["notes"] == "one more"
        assert documents(a2, space) == documents(b, space)
    finally:
        a2.close()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, device):
    a = device("a")
    create_case(a, {"direction": "incoming", "kind": "mla", "title": "kept"})
    bogus = tmp_path / "not-a-backup.sqlite"
    bogus.write_bytes(b"hello" * 100)
    result = cli(data_dir_of(a), "restore", bogus)
    assert result.returncode == 1
    assert result.stderr.startswith("entraide: error: ") and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert a.doc_ids("case")  # the store is untouched


def test_backup_while_another_process_writes(tmp_path, device):
    a = device("a")
    writer = start_sealer(a.path, 40)  # edits and seals in a second process
    backups = []
    try:
        while writer.poll() is None and len(backups) < 20:
            target = tmp_path / f"during-{len(backups)}.sqlite"
            made = cli(data_dir_of(a), "backup", "-o", target)
            assert made.returncode == 0, made.stderr
            backups.append(target)
    finally:
        assert writer.wait(300) == 0
    assert backups
    for target in backups:  # each is a consistent store: every document has its changes
        copy = Store(target)
        try:
            assert copy.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            for doc_id in copy.doc_ids("case"):
                held = copy.conn.execute(
                    "SELECT count(*) FROM changes WHERE doc_id = ? AND applied = 1", (doc_id,)
                ).fetchone()[0]
                assert len(Document.load(copy._row(doc_id)[2]).get_changes([])) == held
        finally:
            copy.close()


def test_restored_device_gets_its_usb_only_edits_from_a_peers_delta_export(tmp_path, device):
    """Offices with no link: the peer believed the device held its later groups; the restored
    device's acknowledgement says it was restored, so the peer sends them again."""
    a, b = device("a"), device("b")
    first = create_case(a, {"direction": "incoming", "kind": "mla", "title": "before"})
    export_bundle(a, tmp_path / "a1.bundle")
    import_bundle(b, tmp_path / "a1.bundle")
    backup = tmp_path / "backup.sqlite"
    assert cli(data_dir_of(a), "backup", "-o", backup).returncode == 0
    later = create_case(a, {"direction": "incoming", "kind": "mla", "title": "after, by USB"})
    export_bundle(a, tmp_path / "a2.bundle")
    import_bundle(b, tmp_path / "a2.bundle")  # b now knows a holds this group
    a.close()
    assert cli(data_dir_of(a), "restore", backup).returncode == 0
    a2 = Store(a.path)
    try:
        ack = cli(data_dir_of(a), "bundle", "ack", "-o", tmp_path / "a.ack")
        assert ack.returncode == 0, ack.stderr
        import_bundle(b, tmp_path / "a.ack")
        delta = tmp_path / "for-a.bundle"
        export_bundle(b, delta, peer=a2.device_id)
        import_bundle(a2, delta)
        assert a2.read(first)["title"] == "before"
        assert a2.read(later)["title"] == "after, by USB"
    finally:
        a2.close()
