"""Fault class 4 of issue 10: numbers, ids and key publications that knocked the server over
or broke an authority's keys. Each gets a one-line 4xx and leaves the stored data as it was."""

from __future__ import annotations

import httpx
import pytest
from nacl.public import PrivateKey

from client.identity import load_identity
from client.keys import KeyServer, adopt, load_keyset, open_escrow, set_passphrase
from client.keys.remote import KeyServerError
from client.sync import SyncAgent
from client.sync import state as sync_state
from shared.contracts.keys import KeyPublish
from shared.crypto import Escrow, make_escrow, seal_keyset
from shared.enrollment import enroll_proof_payload
from shared.wire import pack

from .conftest import CT, auth

PASSPHRASE = "a long passphrase for the tests"
FAKE_KEY = "00112233445566ff"


def post(server, store, path: str, body: object) -> httpx.Response:
    headers = {**auth(store), "Content-Type": CT}
    return httpx.post(server.url + path, content=pack(body), headers=headers, timeout=30)


def sync(store, keys: bool = True):
    if keys:  # the key step runs every 10 minutes; a test cannot wait
        sync_state.put(store, "keys_synced_at", "0")
    return SyncAgent(store, retries=0).sync_once()


def test_numbers_beyond_what_the_database_holds_get_400(server, make_device):
    a1 = make_device("NUM")
    for cursor in (2**63, 2**64 - 1, -1):
        answer = post(server, a1, "/v1/pull", {"cursors": {"directory": cursor}})
        assert answer.status_code == 400 and "cursor" in answer.json()["error"]
    assert post(server, a1, "/v1/pull", {"cursors": {"directory": 2**63 - 1}}).status_code == 200
    assert post(server, a1, "/v1/pull", {"max_bytes": 2**64 - 1}).status_code == 400
    state = KeyServer.for_store(a1).state()
    for field, value in [("escrow_generation", 2**64 - 1), ("base_version", 2**63)]:
        message = {
            "base_version": state.version,
            "current": FAKE_KEY,
            "key_ids": [FAKE_KEY],
            "escrow_generation": 0,
            field: value,
        }
        answer = post(server, a1, "/keys/publish", message)
        assert answer.status_code == 400, answer.content
    assert KeyServer.for_store(a1).state().version == state.version


def test_ids_must_match_whole(server, make_device, tmp_path):
    a1 = make_device("IDS")
    identity = load_identity(a1)
    code = server.code("IDS-NEW")
    device_id = "laptop-1\n"
    proof = identity.signing_key.sign(enroll_proof_payload(code, device_id)).signature
    before = server.counts()["devices"]
    answer = httpx.post(
        server.url + "/v1/enroll",
        json={
            "code": code,
            "device_id": device_id,
            "public_key": identity.public_key.hex(),
            "proof": proof.hex(),
        },
    )
    assert answer.status_code == 400 and "device_id" in answer.json()["error"]
    assert server.counts()["devices"] == before
    for query in ("ids=abc%0A", "ids=a,b%0A", "other=1"):
        got = httpx.get(f"{server.url}/v1/certs?{query}", headers=auth(a1))
        assert got.status_code == 400, query


def _admin_and_officer(make_device):
    admin_device = make_device("KEYS", role="admin")
    set_passphrase(admin_device, PASSPHRASE)
    sync(admin_device)  # publishes the first keyset with its escrow
    officer = make_device("KEYS")  # holds the same keys (as after `keys unlock`)
    adopt(officer, load_keyset(admin_device))
    sync(officer)
    return admin_device, officer


def test_an_officer_cannot_replace_the_authoritys_keys(server, make_device, tmp_path):
    admin_device, officer = _admin_and_officer(make_device)
    keys = KeyServer.for_store(officer)
    state = keys.state()
    assert state.may_change_keys is False
    keyset = load_keyset(officer)
    forged = {
        "base_version": state.version,
        "current": FAKE_KEY,
        "key_ids": [*state.key_ids, FAKE_KEY],
        "escrow_generation": state.escrow_generation + 1,
        "escrow": make_escrow(keyset).to_bytes(),
        "grants": {
            admin_device.device_id: seal_keyset(keyset, bytes(PrivateKey.generate().public_key))
        },
    }
    with pytest.raises(KeyServerError, match="only the admin devices") as refused:
        keys.publish(KeyPublish(**forged))
    assert refused.value.status == 403
    after = keys.state()
    assert (after.version, after.current, after.key_ids) == (
        state.version,
        state.current,
        state.key_ids,
    )
    # A new device still unlocks with the passphrase, and the admin device can still publish.
    newcomer = make_device("KEYS-NEW")
    escrow = Escrow.from_bytes(after.escrow)
    assert set(open_escrow(escrow, passphrase=PASSPHRASE).keys) == set(keyset.keys)
    assert KeyServer.for_store(admin_device).state().may_change_keys is True
    newcomer.close()


@pytest.mark.parametrize(
    "escrow, words",
    [
        (b"garbage" * 10, "not an Entraide key escrow"),
        (pack(["entraide-escrow", 1, "OTHER", None, None, b"x" * 100])[2:], "escrow"),
        (Escrow("{authority}", (b"s" * 16, 2, 2**40), b"x" * 100, None), "out of range"),
        (Escrow("OTHER", None, None, b"x" * 100), "sealed for"),
        (Escrow("{authority}", None, None, None), "neither"),
        (Escrow("{authority}", None, None, b"x" * 10), "impossible size"),
    ],
)
def test_a_malformed_escrow_is_refused_even_from_an_admin(server, make_device, escrow, words):
    admin_device = make_device("ESC", role="admin")
    authority = admin_device.get_meta("authority")
    if isinstance(escrow, Escrow):
        escrow = Escrow(
            escrow.authority.format(authority=authority),
            escrow.kdf,
            escrow.by_passphrase,
            escrow.by_recovery,
        ).to_bytes()
    keys = KeyServer.for_store(admin_device)
    message = {
        "base_version": 0,
        "current": FAKE_KEY,
        "key_ids": [FAKE_KEY],
        "escrow_generation": 1,
        "escrow": escrow,
    }
    with pytest.raises(KeyServerError, match=words) as refused:
        keys.publish(KeyPublish(**message))
    assert refused.value.status == 400
    assert keys.state().version == 0


def test_the_escrow_generation_never_goes_back_nor_jumps(server, make_device):
    admin_device, _officer = _admin_and_officer(make_device)
    keys = KeyServer.for_store(admin_device)
    state = keys.state()
    keyset = load_keyset(admin_device)
    base = {
        "base_version": state.version,
        "current": state.current,
        "key_ids": state.key_ids,
        "escrow": make_escrow(keyset).to_bytes(),
    }
    with pytest.raises(KeyServerError, match="already at generation") as back:
        keys.publish(KeyPublish(**base, escrow_generation=state.escrow_generation - 1))
    assert back.value.status == 409
    with pytest.raises(KeyServerError, match="at most 1000"):
        keys.publish(KeyPublish(**base, escrow_generation=state.escrow_generation + 5000))
    assert keys.state().version == state.version


def test_rotation_after_a_revocation_waits_for_an_admin_device(server, make_device):
    from sync_server import admin

    admin_device, officer = _admin_and_officer(make_device)
    gone = make_device("KEYS")
    admin.revoke_device(server.storage, gone.device_id)
    before = KeyServer.for_store(officer).state()
    assert before.rotation_needed
    report = sync(officer)
    assert not [w for w in report.warnings if "keys" in w], report.warnings
    assert load_keyset(officer).current.key_id == before.current  # it did not rotate
    sync(admin_device)  # the admin device rotates
    after = KeyServer.for_store(officer).state()
    assert not after.rotation_needed and after.current != before.current
    sync(officer)
    assert load_keyset(officer).current.key_id == after.current  # granted to it
