"""Sealing and ingest with real keys, on real stores: who can read what they carry."""

from __future__ import annotations

from pathlib import Path

import pytest
from nacl.signing import SigningKey

from client.cases import get_case, list_cases
from client.cases.queries import CaseFilter
from client.identity import load_identity
from client.keys import (
    MissingKeyError,
    adopt,
    default_keyring,
    held_unreadable,
    load_keyset,
    make_recovery_code,
    open_escrow,
    rotate,
    set_passphrase,
)
from client.keys.local import save_server_view
from client.replication import ingest_groups, quarantined_groups, seal_local_changes
from client.store import Store
from shared.changes import pack_changes
from shared.crypto import CryptoError, make_escrow, open_group
from shared.envelope import EnvelopeError, SignedGroup, sign_group

from .helpers import SECRETS, enrolled_store, leaks, seal_all, secret_case

SN, GH = "SN-CA", "GH-AG"


@pytest.fixture
def server_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
def devices(tmp_path: Path, server_key: SigningKey):
    made: list[Store] = []

    def make(name: str, authority: str = SN) -> Store:
        store = enrolled_store(tmp_path / f"{name}.sqlite", authority, server_key)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()


def certs_of(*stores: Store) -> dict:
    return {s.device_id: load_identity(s).cert for s in stores}


def ingest(store: Store, groups: list, *authors: Store):
    return ingest_groups(
        store, load_identity(store), default_keyring(store), groups, certs_of(*authors), False
    )


def test_first_device_creates_the_key_and_nothing_leaves_in_clear(devices) -> None:
    a = devices("a")
    secret_case(a)
    groups = seal_all(a)
    keyset = load_keyset(a)
    assert keyset is not None and keyset.current is not None
    case_groups = [g for g in groups if g.space == f"authority/{SN}"]
    assert case_groups
    for group in case_groups:
        assert group.key_id == keyset.current.key_id
        assert leaks(group.payload) == []
    # ... while the local store keeps the plaintext, by design (docs/security.md).
    assert leaks(Path(a.path).read_bytes() + Path(str(a.path) + "-wal").read_bytes())


def test_same_authority_reads_other_authority_only_carries(devices) -> None:
    a, b, ghana = devices("a"), devices("b"), devices("gh", GH)
    case_id = secret_case(a, " one")
    groups = seal_all(a)
    adopt(b, load_keyset(a))  # as after `keys unlock`
    report = ingest(b, groups, a)
    assert report.applied >= 1 and not report.rejected
    assert get_case(b, case_id)["notes"] == SECRETS["note"] + " one"

    report = ingest(ghana, groups, a)
    assert report.kept_unread == report.new_groups > 0 and report.applied == 0
    assert report.changes == 0 and not ghana.exists(case_id)
    held = ghana.conn.execute("SELECT count(*) FROM groups WHERE opened = 0").fetchone()[0]
    assert held == report.new_groups  # kept whole to forward, unreadable
    assert ghana.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0


def test_new_device_reads_what_it_held_once_the_passphrase_is_entered(devices) -> None:
    a, b = devices("a"), devices("b")
    case_id = secret_case(a, " two")
    groups = seal_all(a)
    set_passphrase(a, "baobab tree under the rain")
    escrow = make_escrow(load_keyset(a))

    report = ingest(b, groups, a)  # b has no key yet: it keeps the envelopes
    assert report.kept_unread > 0 and not b.exists(case_id)
    assert held_unreadable(b) == report.kept_unread

    with pytest.raises(CryptoError, match="wrong passphrase"):
        open_escrow(escrow, passphrase="baobab tree under the sun")
    assert adopt(b, open_escrow(escrow, passphrase="baobab tree under the rain")) > 0
    names = {p["name"] for p in get_case(b, case_id)["persons"].values()}
    assert SECRETS["suspect"] in names
    assert held_unreadable(b) == 0


def test_recovery_code_restores_the_keys_on_a_replacement_device(devices) -> None:
    a, replacement = devices("a"), devices("a2")
    case_id = secret_case(a)
    groups = seal_all(a)
    code = make_recovery_code(a)
    escrow = make_escrow(load_keyset(a))
    ingest(replacement, groups, a)
    adopt(replacement, open_escrow(escrow, recovery_code=code))
    assert get_case(replacement, case_id)["title"].startswith("Trafficking ring")


def test_tampered_ciphertext_is_quarantined_and_the_genuine_group_still_applies(devices) -> None:
    a, b = devices("a"), devices("b")
    bad_case, good_case = secret_case(a, " bad"), secret_case(a, " good")
    groups = seal_all(a)
    adopt(b, load_keyset(a))
    identity = load_identity(a)
    # An enrolled device signs a payload that does not authenticate (bug or malice):
    # the group signature holds, the AEAD does not.
    (group,) = [g for g in groups if g.space == f"authority/{SN}"]
    payload = bytearray(group.payload)
    payload[-1] ^= 0xFF
    forged = sign_group(
        group.space, group.author, group.key_id, bytes(payload), identity.signing_key
    )

    report = ingest(b, [forged], a)
    assert report.rejected == [forged.group_id.hex()]
    assert not b.exists(bad_case) and not b.exists(good_case)  # a group is all or nothing
    assert quarantined_groups(b) == [(forged.group_id.hex(), group.space, a.device_id)]
    report = ingest(b, [group], a)  # the genuine group still applies
    assert get_case(b, good_case)["notes"].endswith(" good") and b.exists(bad_case)


def test_plaintext_in_an_encrypted_space_is_refused(devices) -> None:
    a, b = devices("a"), devices("b")
    case_id = secret_case(a)
    seal_all(a)
    adopt(b, load_keyset(a))
    body = a.conn.execute("SELECT body FROM changes WHERE doc_id = ?", (case_id,)).fetchone()[0]
    plaintext = pack_changes([(case_id, body)])
    # Without a key id the group is malformed; with one, the payload does not authenticate.
    with pytest.raises(EnvelopeError, match="must be encrypted"):
        SignedGroup.from_wire([f"authority/{SN}", a.device_id, "", bytes(64), plaintext])
    kid = load_keyset(a).current.key_id
    group = sign_group(f"authority/{SN}", a.device_id, kid, plaintext, load_identity(a).signing_key)
    report = ingest(b, [group], a)
    assert report.rejected == [group.group_id.hex()] and not b.exists(case_id)


def test_rotation_locks_the_old_key_out_of_new_groups(devices) -> None:
    a, b = devices("a"), devices("b")
    secret_case(a, " before")
    sealed_before = {g.group_id for g in seal_all(a)}
    old = load_keyset(a)
    adopt(b, old)  # b had the old key (it will be the revoked one)
    fresh = rotate(a)
    new_case = secret_case(a, " after")
    groups = seal_all(a)
    new_groups = [
        g for g in groups if g.space == f"authority/{SN}" and g.group_id not in sealed_before
    ]
    assert new_groups and all(g.key_id == fresh.key_id for g in new_groups)
    old_key = old.current
    for group in new_groups:
        with pytest.raises(CryptoError):
            open_group(old_key.key, group.space, group.author, old_key.key_id, group.payload)
    report = ingest(b, groups, a)
    assert not b.exists(new_case) and report.kept_unread > 0
    # a still reads its old envelopes: old keys are kept.
    assert old_key.key_id in load_keyset(a).keys
    assert len(list_cases(a, CaseFilter())) == 2


def test_no_plaintext_is_sealed_when_the_key_is_missing(devices) -> None:
    b = devices("b")
    save_server_view(b, {"current": "0123456789abcdef"})  # the authority already has a key
    secret_case(b)
    with pytest.raises(MissingKeyError, match="keys unlock"):
        default_keyring(b).seal(f"authority/{SN}", b.device_id, b"x")
    # Sealing leaves the case's changes on the device, unsealed, and does not fail: only
    # the case's de-identified return (a plaintext space) goes into a group.
    assert seal_local_changes(b, load_identity(b), default_keyring(b)) == 1
    spaces = [s for (s,) in b.conn.execute("SELECT space FROM groups")]
    assert spaces == [f"returns/{SN}"]
    unsealed = b.conn.execute("SELECT count(*) FROM changes WHERE group_id IS NULL").fetchone()[0]
    assert unsealed == 1 and load_keyset(b) is None
