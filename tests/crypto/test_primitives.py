"""The pure crypto layer: AEAD group payloads bound to their space and author, keysets, escrow, proofs."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.signing import SigningKey

from shared.crypto import (
    CryptoError,
    Escrow,
    Keyset,
    SpaceKey,
    WrongSecretError,
    check_holder_proof,
    device_private,
    device_public,
    holder_proof,
    key_id,
    make_escrow,
    new_kdf_params,
    new_key,
    new_recovery_code,
    open_group,
    open_keyset,
    passphrase_private,
    recovery_private,
    seal_group,
    seal_keyset,
)

from .helpers import leaks

SPACE, AUTHOR, KID = "authority/SN-CA", "dev1", "0123456789abcdef"


@given(st.binary(min_size=1, max_size=4000))
def test_payload_round_trip(plaintext: bytes) -> None:
    key = new_key()
    payload = seal_group(key, SPACE, AUTHOR, KID, plaintext)
    assert open_group(key, SPACE, AUTHOR, KID, payload) == plaintext


def test_payload_is_bound_to_space_author_and_key_id() -> None:
    key = new_key()
    payload = seal_group(key, SPACE, AUTHOR, KID, b"Adjoa Mensah-Kpodo, victim")
    for space, author, kid in [
        ("authority/GH-AG", AUTHOR, KID),
        (SPACE, "dev2", KID),
        (SPACE, AUTHOR, "fedcba9876543210"),
    ]:
        with pytest.raises(CryptoError, match="authentication"):
            open_group(key, space, author, kid, payload)
    with pytest.raises(CryptoError, match="authentication"):
        open_group(new_key(), SPACE, AUTHOR, KID, payload)


def test_any_flipped_bit_is_detected() -> None:
    key = new_key()
    payload = seal_group(key, SPACE, AUTHOR, KID, b"x" * 300)
    for position in (0, 23, 24, len(payload) // 2, len(payload) - 1):
        tampered = bytearray(payload)
        tampered[position] ^= 0x01
        with pytest.raises(CryptoError):
            open_group(key, SPACE, AUTHOR, KID, bytes(tampered))
    with pytest.raises(CryptoError, match="too short"):
        open_group(key, SPACE, AUTHOR, KID, payload[:20])


def test_ciphertext_hides_the_plaintext_and_its_encodings() -> None:
    secret = "Zéphirin Okonkwo-Balogun " * 20
    payload = seal_group(new_key(), SPACE, AUTHOR, KID, secret.encode())
    assert leaks(payload, [secret.strip()]) == []
    # Deflated before encryption: repetitive plaintext costs less than its plain size.
    assert len(payload) < len(secret.encode()) // 4
    big = os.urandom(5000)  # incompressible: costs its size plus nonce, tag and zlib framing
    assert len(seal_group(new_key(), SPACE, AUTHOR, KID, big)) <= len(big) + 40 + 16


def test_same_group_encrypts_differently_each_time() -> None:
    key = new_key()
    assert seal_group(key, SPACE, AUTHOR, KID, b"abc") != seal_group(
        key, SPACE, AUTHOR, KID, b"abc"
    )


def test_a_payload_that_inflates_without_bound_is_refused() -> None:
    import zlib

    from nacl import bindings

    from shared.crypto import MAX_PLAINTEXT, NONCE_SIZE, group_aad

    key, nonce = new_key(), os.urandom(NONCE_SIZE)
    bomb = zlib.compress(bytes(MAX_PLAINTEXT + 1), 9)
    sealed = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        bomb, group_aad(SPACE, AUTHOR, KID), nonce, key
    )
    with pytest.raises(CryptoError, match="too large"):
        open_group(key, SPACE, AUTHOR, KID, nonce + sealed)


def test_key_id_names_one_key() -> None:
    key = new_key()
    assert key_id(key) == key_id(bytes(key))
    assert len(key_id(key)) == 16 and key_id(key) != key_id(new_key())
    with pytest.raises(CryptoError):
        key_id(b"short")


def _keyset(generations: list[int]) -> Keyset:
    keyset = Keyset("SN-CA")
    for generation in generations:
        key = new_key()
        keyset.add(SpaceKey(key_id(key), key, generation, "2026-01-01"))
    return keyset


def test_current_key_is_the_newest_generation_and_ties_agree_everywhere() -> None:
    keyset = _keyset([1, 2, 3, 3])
    assert keyset.current is not None and keyset.current.generation == 3
    tied = sorted(k.key_id for k in keyset.keys.values() if k.generation == 3)
    assert keyset.current.key_id == tied[0]
    again = Keyset.from_bytes(keyset.to_bytes())
    assert again.current == keyset.current and again.keys == keyset.keys


def test_merge_never_loses_a_key_and_refuses_other_authorities() -> None:
    ours, theirs = _keyset([1]), _keyset([1, 2])
    assert ours.merge(theirs) is True
    assert set(ours.keys) >= set(theirs.keys) and len(ours.keys) == 3
    assert ours.merge(theirs) is False
    with pytest.raises(CryptoError, match="cannot be merged"):
        ours.merge(Keyset("GH-AG"))


def test_a_key_that_does_not_match_its_id_is_refused() -> None:
    with pytest.raises(CryptoError, match="does not match"):
        Keyset("SN-CA").add(SpaceKey("0" * 16, new_key(), 1, ""))


def test_keyset_sealed_to_a_device_opens_only_with_that_device() -> None:
    device, other = SigningKey.generate(), SigningKey.generate()
    keyset = _keyset([1])
    sealed = seal_keyset(keyset, device_public(bytes(device.verify_key)))
    assert open_keyset(sealed, device_private(device), "SN-CA").keys == keyset.keys
    with pytest.raises(WrongSecretError):
        open_keyset(sealed, device_private(other), "SN-CA")
    with pytest.raises(CryptoError, match="belongs to SN-CA"):
        open_keyset(sealed, device_private(device), "GH-AG")


def test_escrow_opens_with_passphrase_or_recovery_code_only() -> None:
    keyset = _keyset([1, 2])
    kdf = new_kdf_params()
    keyset.passphrase_public = bytes(passphrase_private("correct horse battery", kdf).public_key)
    keyset.kdf = kdf
    code = new_recovery_code()
    keyset.recovery_public = bytes(recovery_private(code).public_key)
    escrow = Escrow.from_bytes(make_escrow(keyset).to_bytes())

    assert escrow.open_with_passphrase("correct horse battery").keys == keyset.keys
    assert escrow.open_with_recovery(code.lower().replace("-", " ")).keys == keyset.keys
    with pytest.raises(WrongSecretError, match="wrong passphrase"):
        escrow.open_with_passphrase("correct horse battery!")
    typo = ("B" if code[0] != "B" else "C") + code[1:]
    with pytest.raises(WrongSecretError, match="typing mistake"):
        escrow.open_with_recovery(typo)
    with pytest.raises(WrongSecretError, match="does not open"):
        escrow.open_with_recovery(new_recovery_code())
    # No key material in the escrow's bytes.
    blob = make_escrow(keyset).to_bytes()
    assert all(k.key not in blob and k.key.hex().encode() not in blob for k in keyset.keys.values())


def test_passphrase_is_normalized_across_systems() -> None:
    kdf = new_kdf_params()
    composed, decomposed = "Clé de l'autorité", "Cle\u0301 de l'autorite\u0301"
    assert (
        passphrase_private(composed, kdf).public_key
        == passphrase_private(decomposed, kdf).public_key
    )


def test_hostile_kdf_parameters_are_refused() -> None:
    with pytest.raises(CryptoError, match="out of range"):
        passphrase_private("x" * 12, (os.urandom(16), 1, 64 * 1024**3))


def test_damaged_escrow_gets_a_clear_error() -> None:
    with pytest.raises(CryptoError, match="not a valid key escrow"):
        Escrow.from_bytes(b"\x93garbage")
    with pytest.raises(CryptoError, match="not a valid keyset"):
        Keyset.from_bytes(b"nonsense")


def test_holder_proof_needs_the_key() -> None:
    key, device = new_key(), SigningKey.generate()
    proof = holder_proof(key, "dev1", bytes(device.verify_key))
    assert check_holder_proof(key, "dev1", bytes(device.verify_key), proof)
    assert not check_holder_proof(new_key(), "dev1", bytes(device.verify_key), proof)
    assert not check_holder_proof(key, "dev2", bytes(device.verify_key), proof)


def test_the_leak_detector_finds_plaintext_in_its_encodings_and_compressed_frames() -> None:
    import base64
    import zlib

    from shared.wire import pack

    secret = "Adjoa Mensah-Kpodo"
    for data in (
        secret.encode("utf-16-le"),
        base64.b64encode(secret.encode()),
        secret.encode().hex().encode(),
        b"header" + pack({"notes": secret}) + b"trailer",
        zlib.compress(pack({"nested": secret})),
    ):
        assert leaks(b"\x00" * 10 + data + b"\x00" * 10, [secret]), data


def test_a_group_of_edits_costs_less_than_the_same_edits_sealed_alone(store) -> None:
    from client.cases import create_case, update_case
    from shared.changes import pack_changes

    store.set_meta("authority", "SN-CA")
    case_id = create_case(store, {"direction": "incoming", "kind": "mla", "title": "t"})
    for note in ("Called the prosecutor", "Hearing moved to Monday", "Prosecutor confirmed"):
        update_case(store, case_id, {"notes": note})
    edits = [
        row[0]
        for row in store.conn.execute(
            "SELECT body FROM changes WHERE doc_id = ? ORDER BY seq", (case_id,)
        )
    ]
    plaintext = pack_changes((case_id, edit) for edit in edits)
    key = new_key()
    payload = seal_group(key, SPACE, AUTHOR, KID, plaintext)
    # One deflate stream and one nonce and tag for the group: cheaper than its plaintext,
    # and than sealing each change alone.
    alone = [seal_group(key, SPACE, AUTHOR, KID, pack_changes([(case_id, e)])) for e in edits]
    assert len(payload) < len(plaintext) and len(payload) < sum(map(len, alone)) * 3 // 4
    assert open_group(key, SPACE, AUTHOR, KID, payload) == plaintext


def test_the_product_refuses_escrows_below_the_interactive_level(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cheap_kdf import CHEAP, PRODUCT_FLOOR

    import shared.crypto as crypto

    monkeypatch.setattr(crypto, "KDF_FLOOR", PRODUCT_FLOOR)
    with pytest.raises(CryptoError, match="weaker than libsodium's interactive level"):
        passphrase_private("correct horse battery", (os.urandom(16), *CHEAP))
