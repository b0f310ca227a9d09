"""The server's side of the revocation rule, on a real SQLite database: the record lists
exactly the groups stored before the revocation, and nothing else is stored after it."""

from __future__ import annotations

import msgpack
import pytest
from automerge.core import ROOT, Document, ScalarType
from nacl.signing import SigningKey

from shared.changes import pack_changes
from shared.enrollment import normalize_code
from shared.envelope import sign_group
from shared.revocation import Revocation
from sync_server import admin, keys
from sync_server.protocol import ProtocolError, check_push
from sync_server.storage import SqliteStorage, StorageError, now_iso


def a_directory_group(device_id: str, key: SigningKey, title: str):
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "title", ScalarType.Str, title)
    change = doc.get_last_local_change()
    assert change is not None
    payload = pack_changes([("SN-CA", change.raw_bytes)])
    return sign_group("directory", device_id, "", payload, key)


@pytest.fixture
def db(tmp_path):
    storage = SqliteStorage(tmp_path / "server.sqlite")
    admin.add_authority(storage, "SN-CA", "SN", "Ministère de la Justice")
    yield storage
    storage.close()


def enroll(storage: SqliteStorage, device_id: str) -> SigningKey:
    key = SigningKey.generate()
    code = admin.issue_code(storage, "SN-CA", "officer")["code"]
    server_key = keys.server_key(storage)

    def make_cert(authority: str, role: str) -> bytes:
        cert = keys.make_cert(server_key, device_id, bytes(key.verify_key), authority, role)
        return keys.cert_bytes(cert)

    storage.enroll(
        keys.hash_secret(normalize_code(code)),
        device_id,
        bytes(key.verify_key),
        device_id,
        keys.hash_secret(device_id),
        make_cert,
        now_iso(),
    )
    return key


def push(storage: SqliteStorage, device_id: str, *groups) -> int:
    pusher = storage.device(device_id)
    assert pusher is not None
    checked = check_push(storage, pusher, {"groups": [g.to_wire() for g in groups]})
    return storage.store_groups([c.new for c in checked], device_id)


def record_of(storage: SqliteStorage, device_id: str) -> Revocation:
    (record,) = [Revocation.from_wire(msgpack.unpackb(r)) for _, r in storage.revocations_after(0)]
    assert record.device_id == device_id
    record.verify(bytes(keys.server_key(storage).verify_key))
    return record


def test_the_record_lists_what_was_stored_and_nothing_is_stored_after(db):
    key = enroll(db, "x")
    enroll(db, "carrier")
    before = a_directory_group("x", key, "before")
    assert push(db, "x", before) == 1
    late = a_directory_group("x", key, "made before, pushed after")
    checked = check_push(db, db.device("carrier"), {"groups": [late.to_wire()]})

    assert admin.revoke_device(db, "x")["groups_standing"] == 1

    assert record_of(db, "x").accepted == {before.group_id}
    with pytest.raises(StorageError, match="revoked"):  # checked before, stored after: refused
        db.store_groups([c.new for c in checked], "carrier")
    with pytest.raises(ProtocolError, match="revoked"):
        push(db, "carrier", late)
    assert push(db, "carrier", before) == 0  # an accepted group forwarded again: acknowledged
    assert not db.has_group(late.group_id)


def test_a_device_revoked_before_records_existed_gets_one_at_start(db):
    key = enroll(db, "old")
    group = a_directory_group("old", key, "kept")
    push(db, "old", group)
    with db._tx() as conn:  # as an older server revoked: the date only
        conn.execute("UPDATE devices SET revoked_at = ? WHERE device_id = 'old'", (now_iso(),))
    assert db.revocations_after(0) == []
    admin.record_missing_revocations(db)
    admin.record_missing_revocations(db)  # once only
    assert record_of(db, "old").accepted == {group.group_id}
