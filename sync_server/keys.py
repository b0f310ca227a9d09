"""The server's own Ed25519 key (signs device certificates) and the hashing of secrets.

The key is made at first start and kept in the database, so every process
serving one database signs with the same key. Secrets (enrollment codes and
device tokens) are stored only as SHA-256 hashes: they are long random values,
so a plain hash is enough (no password stretching needed).
"""

from __future__ import annotations

import hashlib
import secrets

import msgpack
from nacl.signing import SigningKey

from shared.envelope import DeviceCert

from .storage import Storage, now_iso

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


def server_key(storage: Storage) -> SigningKey:
    seed = storage.set_meta_once("signing_key", bytes(SigningKey.generate()).hex())
    return SigningKey(bytes.fromhex(seed))


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.strip().encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_enrollment_code() -> str:
    """Four groups of four: 80 bits, typed by hand at enrollment."""
    chars = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(16))
    return "-".join(chars[i : i + 4] for i in range(0, 16, 4))


def make_cert(
    key: SigningKey, device_id: str, public_key: bytes, authority: str, role: str
) -> DeviceCert:
    return DeviceCert(device_id, authority, role, public_key, now_iso()).signed_by(key)


def cert_bytes(cert: DeviceCert) -> bytes:
    return msgpack.packb(cert.to_wire(), use_bin_type=True)
