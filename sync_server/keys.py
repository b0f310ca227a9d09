"""The server's own Ed25519 key (signs device certificates) and the hashing of secrets.

The key is made at first start and kept in the database, so every process
serving one database signs with the same key; it is kept sealed
(XSalsa20-Poly1305, libsodium's secretbox) under a *key file* that is not in the
database, so a copy of the database or of its backups does not give it away.
The key file is `ENTRAIDE_SERVER_KEY_FILE` when set, else `<database>.key`
beside a SQLite file, else (PostgreSQL) `signing-key.secret` in the server
user's data folder. It is made (mode 0600) together with the key; a database
from before keeps its key, sealed at its first opening. Secrets (enrollment codes and
device tokens) are stored only as SHA-256 hashes: they are long random values,
so a plain hash is enough (no password stretching needed).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

import msgpack
import platformdirs
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from nacl.signing import SigningKey

from shared.envelope import DeviceCert

from .storage import SqliteStorage, Storage, StorageError, now_iso

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read over the phone


KEY_FILE_ENV = "ENTRAIDE_SERVER_KEY_FILE"
SIGNING_META = "signing_key"
_SEALED = "sealed:"  # then the secretbox (nonce and ciphertext) in hex


def key_file(storage: Storage) -> Path:
    """Where the key that seals the signing key is kept (see the module's docstring)."""
    named = os.environ.get(KEY_FILE_ENV)
    if named:
        return Path(named).expanduser()
    if isinstance(storage, SqliteStorage):
        return storage.path.with_name(storage.path.name + ".key")
    return platformdirs.user_data_path("entraide-server") / "signing-key.secret"


def server_key(storage: Storage) -> SigningKey:
    """The key that signs device certificates: made at first use, stored sealed."""
    path = key_file(storage)
    stored = storage.get_meta(SIGNING_META)
    if stored is None:
        box = SecretBox(_read_or_make_key_file(path))
        stored = storage.set_meta_once(SIGNING_META, _seal(box, bytes(SigningKey.generate())))
    elif not stored.startswith(_SEALED):  # a database from before: seal its key in place
        seed = bytes.fromhex(stored)
        storage.set_meta(SIGNING_META, _seal(SecretBox(_read_or_make_key_file(path)), seed))
        return SigningKey(seed)
    if not path.exists():
        raise StorageError(
            f"the server's signing key is sealed with the key file {path}, which is missing:"
            f" put it back, or name it with {KEY_FILE_ENV}",
            503,
        )
    try:
        seed = SecretBox(_read_key_file(path)).decrypt(bytes.fromhex(stored[len(_SEALED) :]))
    except CryptoError:
        raise StorageError(
            f"the key file {path} does not open this database's signing key"
            " (the key file of another server?)",
            503,
        ) from None
    return SigningKey(seed)


def _seal(box: SecretBox, seed: bytes) -> str:
    return _SEALED + bytes(box.encrypt(seed)).hex()


def _read_key_file(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (ValueError, UnicodeDecodeError):
        key = b""
    if len(key) != SecretBox.KEY_SIZE:
        raise StorageError(f"{path} is not a key file of this server (64 hex digits)", 503)
    return key


def _read_or_make_key_file(path: Path) -> bytes:
    """The key file's key; a new one if there is none. Made whole under another name,
    then linked into place, so that processes starting at once all read the same key."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"{path.name}.{secrets.token_hex(4)}.new")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as out:
            out.write(secrets.token_bytes(SecretBox.KEY_SIZE).hex() + "\n")
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            draft.unlink()
    return _read_key_file(path)


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
