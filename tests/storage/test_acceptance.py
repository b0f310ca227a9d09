"""What every storage backend must do, run against SQLite and PostgreSQL alike."""

from __future__ import annotations

import msgpack
import pytest

from sync_server.admin import revocation_signer
from sync_server.migrations import all_migrations
from sync_server.storage import SCHEMA, StorageError

from .helpers import device, group


def test_schema_is_migrated_once_and_recorded(storage, open_more):
    versions = [v for (v,) in storage._read("SELECT version FROM schema_migrations ORDER BY 1")]
    assert versions == [m[0] for m in all_migrations(SCHEMA)]
    again = open_more()  # a second worker opening the same database applies nothing
    assert again._read("SELECT count(*) FROM schema_migrations")[0][0] == len(versions)


def test_meta_first_writer_wins(storage, open_more):
    assert storage.get_meta("signing_key") is None
    assert storage.set_meta_once("signing_key", "first") == "first"
    assert open_more().set_meta_once("signing_key", "second") == "first"
    assert storage.get_meta("signing_key") == "first"


def test_authorities(storage):
    storage.add_authority("SN-CA", "SN", "Senegal")
    with pytest.raises(StorageError) as refused:
        storage.add_authority("SN-CA", "SN", "again")
    assert refused.value.status == 409
    assert [a.code for a in storage.authorities()] == ["SN-CA"]
    assert storage.authority("SN-CA").name == "Senegal"
    assert storage.authority("ML-CA") is None


def test_enrollment_codes_are_spent_once(storage):
    first = device(storage, "dev-1")
    assert first.authority == "SN-CA" and msgpack.unpackb(first.cert) == "cert:dev-1:SN-CA:officer"
    assert storage.device_by_token("token-dev-1").device_id == "dev-1"

    def enroll(code: str, device_id: str, key: bytes = b"k" * 32, now: str = "2026-01-02"):
        return storage.enroll(code, device_id, key, "n", f"t-{device_id}", lambda a, r: b"c", now)

    with pytest.raises(StorageError, match="already been used"):
        enroll("code-dev-1", "dev-other")
    # the same device (same key) may spend its code again: a retry after a lost answer
    retried = storage.enroll(
        "code-dev-1", "dev-1", first.public_key, "n", "token-2", lambda a, r: b"c2", "2026-01-02"
    )
    assert retried.device_id == "dev-1" and storage.device_by_token("token-2") is not None
    with pytest.raises(StorageError, match="unknown enrollment code"):
        enroll("no-such-code", "dev-2")
    storage.add_code("old", "SN-CA", "officer", "2020-01-01T00:00:00+00:00")
    with pytest.raises(StorageError, match="expired"):
        enroll("old", "dev-3")
    with pytest.raises(StorageError):
        storage.add_code("x", "NO-SUCH", "officer", "2999-01-01")


def test_devices_list_revoke_and_touch(storage):
    device(storage, "dev-1")
    device(storage, "dev-2", "ML-CA")
    assert [d.device_id for d in storage.devices()] == ["dev-2", "dev-1"]  # by authority
    assert [d.device_id for d in storage.devices("SN-CA")] == ["dev-1"]
    sign = revocation_signer(storage)
    revoked = storage.revoke("dev-1", sign)
    assert revoked.revoked_at is not None
    assert storage.revoke("dev-1", sign).revoked_at == revoked.revoked_at
    assert [seq for seq, _ in storage.revocations_after(0)] == [1]  # one record, kept once
    with pytest.raises(StorageError) as refused:
        storage.revoke("nobody", sign)
    assert refused.value.status == 404
    assert storage.device("dev-2").last_seen is None
    storage.touch("dev-2")
    assert storage.device("dev-2").last_seen is not None


def test_log_is_dense_per_space_and_idempotent(storage):
    device(storage, "dev-1")
    a = [group("authority/SN-CA", "dev-1") for _ in range(3)]
    b = [group("directory", "dev-1") for _ in range(2)]
    assert storage.store_groups([a[0], b[0], a[1]], "dev-1") == 3
    assert storage.store_groups([a[1], a[2], b[1], a[2]], "dev-1") == 2  # repeats ignored
    assert storage.store_groups(a + b, "dev-1") == 0
    log = storage.read_log("authority/SN-CA", 0, 100)
    assert [r.seq for r in log] == [1, 2, 3]
    assert [r.wire for r in log] == [g.wire for g in a]
    assert [r.seq for r in storage.read_log("directory", 0, 100)] == [1, 2]
    assert storage.head("authority/SN-CA") == 3 and storage.head("library") == 0
    assert storage.heads(["authority/SN-CA", "directory", "library"]) == {
        "authority/SN-CA": 3,
        "directory": 2,
    }
    assert storage.counts()["groups"] == 5


def test_read_log_window_and_exclusion(storage):
    device(storage, "me")
    device(storage, "other")
    space = "authority/SN-CA"
    storage.store_groups([group(space, "me") for _ in range(5)], "me")
    storage.store_groups([group(space, "other")], "other")
    storage.store_groups([group(space, "me") for _ in range(2)], "me")
    assert [r.seq for r in storage.read_log(space, 2, 3)] == [3, 4, 5]
    assert [r.seq for r in storage.read_log(space, 0, 100, upto=4)] == [1, 2, 3, 4]
    assert [r.seq for r in storage.read_log(space, 0, 100, exclude_from="me")] == [6]
    assert storage.count_from(space, "me", 0, 8) == 7
    assert storage.count_from(space, "me", 5, 8) == 2
    assert storage.count_from(space, "other", 0, 5) == 0
    assert storage.read_log(space, 0, 1)[0].received_from == "me"


def test_certificates_are_delivered_once(storage):
    for name in ("reader", "a", "b"):
        device(storage, name)
    assert storage.new_certs("reader", []) == []
    first = storage.new_certs("reader", ["a", "b", "nobody"])
    assert [author for author, _ in first] == ["a", "b"]
    assert msgpack.unpackb(first[0][1]) == "cert:a:SN-CA:officer"
    storage.note_certs_delivered("reader", ["a"])
    storage.note_certs_delivered("reader", ["a"])  # twice is harmless
    assert [author for author, _ in storage.new_certs("reader", ["a", "b"])] == ["b"]
    assert storage.certs_delivered("reader", ["a", "b"]) == {"a"}


def test_spaces_like(storage):
    device(storage, "dev-1")
    for space in ("returns/SN-CA", "returns/ML-CA", "directory"):
        storage.store_groups([group(space, "dev-1")], "dev-1")
    assert storage.spaces_like("returns/") == ["returns/ML-CA", "returns/SN-CA"]


def test_shared_sql_runs_on_both_backends(storage):
    """The queries are written once with `?` and SQLite's INSERT OR IGNORE; the
    PostgreSQL adapter runs them unchanged (so tables added for SQLite come over)."""
    with storage._tx() as conn:
        conn.execute("INSERT OR IGNORE INTO server_meta (key, value) VALUES (?, ?)", ("k", "1"))
        conn.execute("INSERT OR IGNORE INTO server_meta (key, value) VALUES (?, ?)", ("k", "2"))
    assert storage._read("SELECT value FROM server_meta WHERE key LIKE ?", ("k%",)) == [("1",)]
