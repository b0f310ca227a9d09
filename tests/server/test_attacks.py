"""Hostile devices and hostile bytes: each gets a clear 4xx and nothing is stored."""

from __future__ import annotations

import zlib
from pathlib import Path

import httpx
import pytest
from automerge.core import ROOT, Document, ScalarType

from client.cases import create_case
from client.identity import load_identity
from client.keys import default_keyring, load_keyset
from client.replication import ingest_groups, quarantined_groups, seal_local_changes
from client.replication.groups import load_group
from client.sync import SyncAgent, SyncError
from shared.access import authority_space, is_encrypted_space
from shared.changes import ChangeError, change_hash, pack_changes
from shared.crypto import seal_group
from shared.envelope import sign_group
from shared.wire import pack, unpack

CT = {"Content-Type": "application/x-entraide"}
HOSTILE = Path(__file__).parent.parent / "trust" / "data"  # the Automerge fuzz corpus


def auth(store) -> dict[str, str]:
    return {"Authorization": f"Bearer {store.get_meta('device_token')}"}


def post(server, path: str, body: bytes, store=None, headers=None) -> httpx.Response:
    merged = {**CT, **(auth(store) if store else {}), **(headers or {})}
    return httpx.post(server.url + path, content=body, headers=merged, timeout=30)


def a_change() -> bytes:
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "title", ScalarType.Str, "x")
    change = doc.get_last_local_change()
    assert change is not None
    return change.raw_bytes


def an_entry(code: str) -> bytes:
    """The creation of a valid directory entry (the server judges what it can read)."""
    doc = Document()
    with doc.transaction() as tx:
        tx.put(ROOT, "_kind", ScalarType.Str, "directory")
        tx.put(ROOT, "code", ScalarType.Str, code)
    change = doc.get_last_local_change()
    assert change is not None
    return change.raw_bytes


def group(store, space: str, doc_id: str, body: bytes | None = None, author=None, key=None):
    """A one-change group; in a case space its payload is opaque (the server cannot open it)."""
    if body is None:
        body = an_entry(doc_id) if space == "directory" else a_change()
    payload = pack_changes([(doc_id, body)])
    key_id = "0123456789abcdef" if is_encrypted_space(space) else ""
    if key_id:
        payload = seal_group(bytes(32), space, author or store.device_id, key_id, payload)
    return sign_group(
        space, author or store.device_id, key_id, payload, key or load_identity(store).signing_key
    )


def push(server, store, *groups) -> httpx.Response:
    return post(server, "/v1/push", pack({"groups": [g.to_wire() for g in groups]}), store)


def code(store) -> str:
    return store.get_meta("authority")


def test_health_is_open_and_everything_else_needs_a_credential(server, make_device):
    a1 = make_device("SN")
    assert httpx.get(server.url + "/health").json() == {"status": "ok"}
    for method, path in (
        ("GET", "/openapi.json"),
        ("GET", "/v1/certs"),
        ("POST", "/v1/pull"),
        ("POST", "/v1/push"),
    ):
        bare = httpx.request(method, server.url + path, content=pack({}), headers=CT)
        assert bare.status_code == 401 and "credential" in bare.json()["error"]
        bad = httpx.request(
            method,
            server.url + path,
            content=pack({}),
            headers={**CT, "Authorization": "Bearer not-a-token"},
        )
        assert bad.status_code == 401 and bad.json()["error"] == "unknown device credential"
    spec = httpx.get(server.url + "/openapi.json", headers=auth(a1)).json()
    assert {"/v1/enroll", "/v1/push", "/v1/pull", "/health"} <= set(spec["paths"])


def test_device_may_not_read_another_authoritys_space(server, make_device):
    a1, b1 = make_device("SN"), make_device("ML")
    create_case(b1, {"direction": "incoming", "kind": "mla", "title": "secret of ML"})
    SyncAgent(b1).sync_once()
    space_b = authority_space(code(b1))
    asked = post(server, "/v1/pull", pack({"cursors": {space_b: 0}}), a1)
    assert asked.status_code == 403 and "may not read" in asked.json()["error"]
    answer = unpack(post(server, "/v1/pull", pack({"cursors": {}}), a1).content)
    assert space_b not in answer["cursors"]
    assert all(g[0] != space_b for g in answer["groups"])
    # The secretariat reads every authority's returns, never its cases.
    sec = make_device("WACAP", role="secretariat")
    answer = unpack(post(server, "/v1/pull", pack({"cursors": {}}), sec).content)
    assert space_b not in answer["cursors"]
    assert post(server, "/v1/pull", pack({"cursors": {space_b: 0}}), sec).status_code == 403


def test_device_may_not_push_into_another_authoritys_space(server, make_device):
    a1, b1 = make_device("SN"), make_device("ML")
    before = server.counts()
    response = push(server, a1, group(a1, authority_space(code(b1)), "doc1"))
    assert response.status_code == 403
    assert "may not write" in response.json()["error"]
    # Nor someone else's directory entry, nor the library.
    assert push(server, a1, group(a1, "directory", code(b1))).status_code == 403
    assert push(server, a1, group(a1, "library", "treaty")).status_code == 403
    # A good group in the same request does not get through either: all or nothing.
    good = group(a1, "directory", code(a1))
    assert push(server, a1, good, group(a1, authority_space(code(b1)), "d")).status_code == 403
    assert server.counts() == before


def test_forged_authorship_is_refused(server, make_device):
    a1, b1 = make_device("SN"), make_device("ML")
    before = server.counts()
    # Signed with A's key but claiming B's device as author, in B's space.
    forged = group(a1, authority_space(code(b1)), "doc1", author=b1.device_id)
    response = push(server, a1, forged)
    assert response.status_code == 400 and "does not verify" in response.json()["error"]
    assert response.json()["group"] == forged.group_id.hex()
    # An author the server never enrolled.
    ghost = group(a1, authority_space(code(a1)), "doc1", author="ghost-device")
    assert push(server, a1, ghost).status_code == 403
    assert server.counts() == before


def test_replayed_group_stores_nothing_new(server, make_device):
    a1 = make_device("SN")
    g = group(a1, "directory", code(a1))
    first = unpack(push(server, a1, g).content)
    after_first = server.counts()
    second = unpack(push(server, a1, g, g).content)
    assert first == {"acked": [g.group_id], "stored": 1, "refused": []}
    assert second == {"acked": [g.group_id, g.group_id], "stored": 0, "refused": []}
    assert server.counts() == after_first


def test_revoked_device_is_refused_and_its_forwarded_groups_set_aside(
    server, make_device, run_server_cli
):
    a1, a2 = make_device("SN"), make_device("SN")
    create_case(a2, {"direction": "incoming", "kind": "mla", "title": "by a2"})
    identity2 = load_identity(a2)
    seal_local_changes(a2, identity2, default_keyring(a2))
    (gid,) = [
        r[0] for r in a2.conn.execute("SELECT group_id FROM groups WHERE space LIKE 'authority/%'")
    ]
    carried = load_group(a2, gid)
    # a1 received a2's group by USB (store and forward), then a2 is revoked.
    ingest_groups(
        a1, load_identity(a1), default_keyring(a1), [carried], {a2.device_id: identity2.cert}, False
    )
    result = run_server_cli("admin", "device", "revoke", a2.device_id, "--json")
    assert result.returncode == 0, result.stderr
    before = server.counts()
    with pytest.raises(SyncError, match="revoked"):
        SyncAgent(a2).sync_once()
    assert post(server, "/v1/pull", pack({"cursors": {}}), a2).status_code == 403
    assert push(server, a2, group(a2, "directory", code(a2))).status_code == 403
    assert server.counts() == before
    # a1 still syncs: the server refuses the revoked author's group, a1 sets it aside.
    create_case(a1, {"direction": "outgoing", "kind": "mla", "title": "by a1"})
    report = SyncAgent(a1).sync_once()
    # a1's case and its return go through; a2's forwarded group is refused.
    assert report.pushed == 2 and len(report.refused) == 1 and "revoked" in report.refused[0]
    assert server.counts()["groups"] == before["groups"] + 2
    assert SyncAgent(a1).sync_once().refused == []  # not re-sent


def test_malformed_oversized_and_truncated_bodies(server, make_device):
    a1 = make_device("SN")
    good = pack({"groups": [group(a1, "directory", code(a1)).to_wire()]})
    cases = {
        "garbage": (b"\x00\x01not a message", 400, "not validly compressed"),
        "truncated": (good[:-7], 400, "truncated"),
        "trailing": (good + b"xx", 400, "trailing"),
        "not msgpack": (zlib.compress(b"\xc1\xc1\xc1"), 400, "msgpack"),
        "not a map": (pack([1, 2, 3]), 400, "map"),
        "bad group": (pack({"groups": [["directory", "x"]]}), 400, "malformed"),
        "bad group fields": (
            pack({"groups": [["directory", a1.device_id, "", b"s" * 64, [[1, 2]]]]}),
            400,
            "malformed",
        ),
        "bad plaintext": (
            pack({"groups": [group(a1, "directory", code(a1), b"\x85oJ").to_wire()]}),
            400,
            "malformed",
        ),
        "bomb": (zlib.compress(b"\x00" * (40 * 1024 * 1024), 9), 400, "larger than"),
        "oversized": (b"\x00" * (9 * 1024 * 1024), 413, "larger than"),
        "empty": (b"", 400, "empty"),
    }
    before = server.counts()
    for name, (body, status, words) in cases.items():
        response = post(server, "/v1/push", body, a1)
        assert response.status_code == status, name
        assert words in response.json()["error"], (name, response.json())
    assert post(server, "/v1/pull", b"\x00garbage", a1).status_code == 400
    assert post(server, "/v1/pull", pack({"cursors": {"authority/x": -1}}), a1).status_code == 400
    assert (
        post(server, "/v1/push", good, a1, {"Content-Type": "application/json"}).status_code == 415
    )

    def chunks():  # no Content-Length: the limit applies while streaming
        for _ in range(9):
            yield b"\x00" * (1024 * 1024)

    streamed = httpx.post(server.url + "/v1/push", content=chunks(), headers={**CT, **auth(a1)})
    assert streamed.status_code == 413
    assert server.counts() == before
    assert httpx.get(server.url + "/health").status_code == 200


def test_enrollment_refuses_spent_expired_unknown_codes_and_missing_proof(server, tmp_path):
    from client.store import Store
    from client.sync import enroll

    first = Store(tmp_path / "first.sqlite")
    spent = server.code("SN")
    enroll(first, server.url, spent)
    before = server.counts()["devices"]
    other = Store(tmp_path / "other.sqlite")
    with pytest.raises(SyncError, match="already been used"):
        enroll(other, server.url, spent)
    with pytest.raises(SyncError, match="unknown enrollment code"):
        enroll(other, server.url, "AAAA-BBBB-CCCC-DDDD")
    expired = server.code("SN", hours=0.0001)
    import time

    time.sleep(1)
    with pytest.raises(SyncError, match="expired"):
        enroll(other, server.url, expired)
    no_proof = httpx.post(
        server.url + "/v1/enroll",
        json={"code": server.code("SN"), "device_id": "x1", "public_key": "00" * 32},
    )
    assert no_proof.status_code == 400 and "proof" in no_proof.json()["error"]
    assert server.counts()["devices"] == before
    first.close()
    other.close()


def _hostile_files() -> list[Path]:
    return sorted(p for p in HOSTILE.iterdir() if p.name != "README.md")


def test_hostile_automerge_is_stored_opaque_and_quarantined_by_the_receiver(server, make_device):
    a1, a2 = make_device("SN"), make_device("SN")
    legit = create_case(a1, {"direction": "incoming", "kind": "mla", "title": "legit"})
    SyncAgent(a1).sync_once()
    space = authority_space(code(a1))
    key = load_keyset(a1).current
    signing = load_identity(a1).signing_key
    files = [p for p in _hostile_files() if p.stat().st_size > 0]
    chunks, garbage = {}, []
    groups = []
    for i, path in enumerate(files):
        data = path.read_bytes()
        try:
            chunks[change_hash(data)] = data  # a well-formed change chunk, hostile inside
        except ChangeError:
            garbage.append(data)  # not even one uncompressed change chunk
        # Case space: sealed with the real key, as a malicious member device would.
        plaintext = pack_changes([(f"hostile{i}", data)])
        payload = seal_group(key.key, space, a1.device_id, key.key_id, plaintext)
        groups.append(sign_group(space, a1.device_id, key.key_id, payload, signing))
        # Directory space: the server reads it, and refuses what is not a change chunk.
        plain = sign_group("directory", a1.device_id, "", pack_changes([(code(a1), data)]), signing)
        response = push(server, a1, plain)
        expected = 200 if data in chunks.values() else 400
        assert response.status_code == expected, (path.name, response.text)
    assert chunks and garbage
    before = server.counts()["groups"]
    response = push(server, a1, *groups)
    assert response.status_code == 200
    assert server.counts()["groups"] == before + len(groups)  # opaque payloads, stored as sent
    # The empty file cannot even be a change.
    for path in [p for p in _hostile_files() if p.stat().st_size == 0]:
        response = push(server, a1, group(a1, "directory", code(a1), body=path.read_bytes()))
        assert response.status_code == 400
    report = SyncAgent(a2).sync_once()
    # Groups whose plaintext holds no valid change chunk are quarantined whole ...
    assert len(quarantined_groups(a2)) == report.quarantined - len(a2.quarantined()) >= len(garbage)
    # ... and well-formed chunks are kept under their own hash: never applied unless
    # Automerge takes them as exactly that change.
    rows = dict(
        a2.conn.execute(
            f"SELECT hash, applied FROM changes WHERE hash IN ({','.join('?' * len(chunks))})",
            list(chunks),
        ).fetchall()
    )
    assert set(rows) == set(chunks)
    assert a2.read(legit)["title"] == "legit"
    assert a2.get_meta("authority") == code(a1)
    again = SyncAgent(a2).sync_once()  # the cursor moved past them: nothing to pull again
    assert again.pulled == 0 and again.round_trips == 1
