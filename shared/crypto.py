"""End-to-end encryption primitives for authority spaces (pure functions over bytes).

- Group payloads: the group plaintext (every change of a signed group, with
  its document id) deflated as one stream, then XChaCha20-Poly1305 (libsodium,
  through PyNaCl) with a random 24-byte nonce, and the group format, space,
  author and key id as associated data, so a ciphertext cannot be moved to
  another authority or passed off as another device's. Document ids and change
  hashes are inside the ciphertext: the server learns neither.
- Space keys: 32 random bytes; a key id is a short one-way digest of the key,
  so a received key can be checked against the id groups name.
- Keysets (every key an authority ever used, newest generation current) travel
  only sealed: to a device's X25519 key (derived from its Ed25519 identity), or
  to an escrow key pair derived from the authority passphrase (Argon2id) or
  from a printed recovery code.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import unicodedata
import zlib
from dataclasses import dataclass, field

import msgpack
from nacl import bindings
from nacl.exceptions import CryptoError as _NaclCryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.pwhash import argon2id
from nacl.signing import SigningKey, VerifyKey

from shared.errors import EntraideError

from .envelope import FORMAT as GROUP_FORMAT

KEY_SIZE = 32
NONCE_SIZE = bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES  # 24
TAG_SIZE = bindings.crypto_aead_xchacha20poly1305_ietf_ABYTES  # 16
SALT_SIZE = argon2id.SALTBYTES  # 16
FORMAT = 1

MAX_PLAINTEXT = 64 * 1024 * 1024  # a hostile payload must not inflate without bound

# Argon2id cost. "moderate" is libsodium's recommendation for a secret that
# protects stored data (about 0.7 s and 256 MiB on the reference laptop); the
# parameters are stored with each escrow, so they can change without breaking
# old escrows.
KDF_PROFILES: dict[str, tuple[int, int]] = {
    "moderate": (argon2id.OPSLIMIT_MODERATE, argon2id.MEMLIMIT_MODERATE),
    "interactive": (argon2id.OPSLIMIT_INTERACTIVE, argon2id.MEMLIMIT_INTERACTIVE),
}
# No escrow is made or opened below libsodium's interactive level: a cheaper one,
# spread to every device by a keyset merge, could be brute-forced by whoever holds it.
KDF_FLOOR: tuple[int, int] = KDF_PROFILES["interactive"]
# Refuse escrows asking for absurd costs (a hostile blob must not exhaust memory).
MAX_OPSLIMIT = 16
MAX_MEMLIMIT = 1024 * 1024 * 1024


class CryptoError(EntraideError, ValueError):
    """Bytes that fail authentication or are not what they claim to be."""


class WrongSecretError(CryptoError):
    """The passphrase or recovery code does not open the escrow."""


# -- space keys -------------------------------------------------------------------------


def new_key() -> bytes:
    return os.urandom(KEY_SIZE)


def key_id(key: bytes) -> str:
    """16 hex characters naming a key; one-way, so it reveals nothing of the key."""
    if len(key) != KEY_SIZE:
        raise CryptoError("a space key is 32 bytes")
    return hashlib.blake2b(key, digest_size=8, person=b"entraide-keyid").hexdigest()


# -- group payloads ----------------------------------------------------------------------


def group_aad(space: str, author: str, key_id: str) -> bytes:
    return msgpack.packb([GROUP_FORMAT, space, author, key_id], use_bin_type=True)


def seal_group(key: bytes, space: str, author: str, key_id: str, plaintext: bytes) -> bytes:
    """nonce || AEAD(zlib(plaintext)): deflated first, as ciphertext no longer compresses."""
    nonce = os.urandom(NONCE_SIZE)
    sealed = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
        zlib.compress(plaintext, 9), group_aad(space, author, key_id), nonce, key
    )
    return nonce + sealed


def open_group(key: bytes, space: str, author: str, key_id: str, payload: bytes) -> bytes:
    """The group plaintext; CryptoError if the payload fails authentication or inflation."""
    if len(payload) < NONCE_SIZE + TAG_SIZE + 1:
        raise CryptoError("ciphertext is too short")
    nonce, sealed = payload[:NONCE_SIZE], payload[NONCE_SIZE:]
    try:
        packed = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            sealed, group_aad(space, author, key_id), nonce, key
        )
    except _NaclCryptoError:
        raise CryptoError(
            "ciphertext fails authentication (tampered, or not this author's group)"
        ) from None
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(packed, MAX_PLAINTEXT)
    except zlib.error:
        raise CryptoError("authenticated payload does not inflate") from None
    if inflater.unconsumed_tail or not inflater.eof or inflater.unused_data:
        raise CryptoError("authenticated payload is too large or truncated once inflated")
    return out


# -- keysets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SpaceKey:
    key_id: str
    key: bytes
    generation: int  # 1 for the first key, +1 at every rotation
    created_at: str


@dataclass(frozen=True)
class ExchangeKey:
    """An authority's key pair for the channel between authorities (docs/exchange.md).

    `seed` makes both halves: the X25519 key packages are sealed to, and the
    Ed25519 key that signs them as the authority. Old pairs are kept, so a
    package sealed to a key that has since rotated still opens.
    """

    key_id: str
    seed: bytes  # 32 random bytes
    generation: int
    created_at: str

    @property
    def box_private(self) -> PrivateKey:
        return PrivateKey.from_seed(
            hashlib.blake2b(self.seed, digest_size=KEY_SIZE, person=b"entraide-xbox").digest()
        )

    @property
    def signing_key(self) -> SigningKey:
        return SigningKey(
            hashlib.blake2b(self.seed, digest_size=KEY_SIZE, person=b"entraide-xsign").digest()
        )

    @property
    def box_public(self) -> bytes:
        return bytes(self.box_private.public_key)

    @property
    def verify_key(self) -> bytes:
        return bytes(self.signing_key.verify_key)


def exchange_key_id(box_public: bytes, verify_key: bytes) -> str:
    """16 hex characters naming a published exchange key pair (both public halves)."""
    return hashlib.blake2b(
        box_public + verify_key, digest_size=8, person=b"entraide-xkeyid"
    ).hexdigest()


def new_exchange_key(generation: int, created_at: str) -> ExchangeKey:
    seed = os.urandom(KEY_SIZE)
    probe = ExchangeKey("", seed, generation, created_at)
    return ExchangeKey(
        exchange_key_id(probe.box_public, probe.verify_key), seed, generation, created_at
    )


@dataclass
class Keyset:
    """Every key of one authority, plus where copies are escrowed (public keys only)."""

    authority: str
    keys: dict[str, SpaceKey] = field(default_factory=dict)
    # The authority's exchange key pairs, every generation (shared/exchange.py).
    exchange: dict[str, ExchangeKey] = field(default_factory=dict)
    # Escrow recipients (X25519 public keys) and the passphrase's KDF parameters.
    passphrase_public: bytes | None = None
    kdf: tuple[bytes, int, int] | None = None  # (salt, opslimit, memlimit)
    recovery_public: bytes | None = None
    escrow_generation: int = 0  # bumped when the passphrase or recovery code changes

    @property
    def current(self) -> SpaceKey | None:
        """The newest generation; ties (two devices rotating at once) go to the smaller id."""
        if not self.keys:
            return None
        return max(self.keys.values(), key=lambda k: (k.generation, _neg(k.key_id)))

    def add(self, key: SpaceKey) -> None:
        if key_id(key.key) != key.key_id:
            raise CryptoError(f"key {key.key_id} does not match its id")
        self.keys.setdefault(key.key_id, key)

    @property
    def current_exchange(self) -> ExchangeKey | None:
        """The newest exchange key pair (ties to the smaller id, as for space keys)."""
        if not self.exchange:
            return None
        return max(self.exchange.values(), key=lambda k: (k.generation, _neg(k.key_id)))

    def add_exchange(self, key: ExchangeKey) -> None:
        if exchange_key_id(key.box_public, key.verify_key) != key.key_id:
            raise CryptoError(f"exchange key {key.key_id} does not match its id")
        self.exchange.setdefault(key.key_id, key)

    def merge(self, other: Keyset) -> bool:
        """Union of keys (old keys are never dropped); returns True if anything was new."""
        if other.authority != self.authority:
            raise CryptoError(
                f"a keyset of {other.authority} cannot be merged into {self.authority}'s"
            )
        before = (set(self.keys), set(self.exchange), self.escrow_generation)
        for key in other.keys.values():
            self.add(key)
        for pair in other.exchange.values():
            self.add_exchange(pair)
        if other.escrow_generation > self.escrow_generation:
            self.passphrase_public, self.kdf = other.passphrase_public, other.kdf
            self.recovery_public = other.recovery_public
            self.escrow_generation = other.escrow_generation
        return before != (set(self.keys), set(self.exchange), self.escrow_generation)

    def to_bytes(self) -> bytes:
        return msgpack.packb(
            [
                "entraide-keyset",
                FORMAT,
                self.authority,
                [[k.key_id, k.key, k.generation, k.created_at] for k in self.keys.values()],
                self.passphrase_public,
                list(self.kdf) if self.kdf else None,
                self.recovery_public,
                self.escrow_generation,
                [[k.key_id, k.seed, k.generation, k.created_at] for k in self.exchange.values()],
            ],
            use_bin_type=True,
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Keyset:
        try:
            fields = msgpack.unpackb(data, raw=False)
            # A keyset written before exchange keys existed has 8 fields.
            exchange = fields.pop() if len(fields) == 9 else []
            tag, fmt, authority, keys, pass_pub, kdf, recov_pub, escrow_gen = fields
            if tag != "entraide-keyset" or fmt != FORMAT:
                raise ValueError
            keyset = cls(str(authority))
            for kid, key, generation, created_at in keys:
                keyset.add(SpaceKey(str(kid), bytes(key), int(generation), str(created_at)))
            for kid, seed, generation, created_at in exchange:
                keyset.add_exchange(
                    ExchangeKey(str(kid), bytes(seed), int(generation), str(created_at))
                )
            if pass_pub is not None:
                salt, ops, mem = kdf
                keyset.passphrase_public, keyset.kdf = (
                    bytes(pass_pub),
                    (bytes(salt), int(ops), int(mem)),
                )
            keyset.recovery_public = bytes(recov_pub) if recov_pub is not None else None
            keyset.escrow_generation = int(escrow_gen)
        except CryptoError:
            raise
        except Exception:
            raise CryptoError("not a valid keyset") from None
        return keyset


def _neg(text: str) -> tuple[int, ...]:
    return tuple(-ord(c) for c in text)


# -- sealing keysets to a recipient -----------------------------------------------------


def device_public(verify_key: bytes) -> bytes:
    """A device's X25519 public key, from the Ed25519 key its certificate names."""
    return bytes(VerifyKey(verify_key).to_curve25519_public_key())


def device_private(signing_key: SigningKey) -> PrivateKey:
    return signing_key.to_curve25519_private_key()


def seal_keyset(keyset: Keyset, recipient_public: bytes) -> bytes:
    return SealedBox(PublicKey(recipient_public)).encrypt(keyset.to_bytes())


def open_keyset(sealed: bytes, private: PrivateKey, authority: str) -> Keyset:
    try:
        data = SealedBox(private).decrypt(sealed)
    except (_NaclCryptoError, ValueError, TypeError):
        raise WrongSecretError("the sealed keyset does not open with this secret") from None
    keyset = Keyset.from_bytes(data)
    if keyset.authority != authority:
        raise CryptoError(f"the sealed keyset belongs to {keyset.authority}, not {authority}")
    return keyset


# -- escrow: passphrase and recovery code ---------------------------------------------


def normalize_passphrase(passphrase: str) -> bytes:
    # NFC so the same passphrase typed on different systems derives the same key.
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def new_kdf_params(profile: str = "moderate") -> tuple[bytes, int, int]:
    ops, mem = KDF_PROFILES[profile]
    return os.urandom(SALT_SIZE), ops, mem


def passphrase_private(passphrase: str, kdf: tuple[bytes, int, int]) -> PrivateKey:
    salt, ops, mem = kdf
    if not (len(salt) == SALT_SIZE and 1 <= ops <= MAX_OPSLIMIT and 8192 <= mem <= MAX_MEMLIMIT):
        raise CryptoError("the escrow's key-derivation parameters are out of range")
    if ops < KDF_FLOOR[0] or mem < KDF_FLOOR[1]:
        raise CryptoError(
            "the escrow's key derivation is weaker than libsodium's interactive level:"
            " refused, since it could be brute-forced"
        )
    seed = argon2id.kdf(
        KEY_SIZE, normalize_passphrase(passphrase), salt, opslimit=ops, memlimit=mem
    )
    return PrivateKey.from_seed(seed)


_RECOVERY_SECRET = 16  # 128 bits
_RECOVERY_CHECK = 4


def new_recovery_code() -> str:
    """A code to print and keep in a safe: 8 groups of 4 characters, with a checksum."""
    secret = os.urandom(_RECOVERY_SECRET)
    check = hashlib.blake2b(secret, digest_size=_RECOVERY_CHECK, person=b"entraide-rcheck").digest()
    text = base64.b32encode(secret + check).decode("ascii")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def recovery_private(code: str) -> PrivateKey:
    """Accepts lower case, spaces and look-alike digits; rejects a mistyped code."""
    cleaned = "".join(c for c in code.upper() if c.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    try:
        raw = base64.b32decode(cleaned)
    except (ValueError, TypeError):
        raise WrongSecretError(
            "this is not a recovery code (expected 8 groups of 4 letters/digits)"
        ) from None
    if len(raw) != _RECOVERY_SECRET + _RECOVERY_CHECK:
        raise WrongSecretError("a recovery code has 32 characters (8 groups of 4)")
    secret, check = raw[:_RECOVERY_SECRET], raw[_RECOVERY_SECRET:]
    expected = hashlib.blake2b(
        secret, digest_size=_RECOVERY_CHECK, person=b"entraide-rcheck"
    ).digest()
    if not hmac.compare_digest(check, expected):
        raise WrongSecretError(
            "the recovery code has a typing mistake (its checksum does not match)"
        )
    seed = hashlib.blake2b(secret, digest_size=KEY_SIZE, person=b"entraide-recov").digest()
    return PrivateKey.from_seed(seed)


@dataclass(frozen=True)
class Escrow:
    """The opaque blob the server keeps: the keyset sealed to the passphrase and recovery keys."""

    authority: str
    kdf: tuple[bytes, int, int] | None
    by_passphrase: bytes | None
    by_recovery: bytes | None

    def to_bytes(self) -> bytes:
        return msgpack.packb(
            [
                "entraide-escrow",
                FORMAT,
                self.authority,
                list(self.kdf) if self.kdf else None,
                self.by_passphrase,
                self.by_recovery,
            ],
            use_bin_type=True,
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Escrow:
        try:
            tag, fmt, authority, kdf, by_pass, by_recov = msgpack.unpackb(data, raw=False)
            if tag != "entraide-escrow" or fmt != FORMAT:
                raise ValueError
            params = (bytes(kdf[0]), int(kdf[1]), int(kdf[2])) if kdf is not None else None
            return cls(str(authority), params, by_pass, by_recov)
        except Exception:
            raise CryptoError(
                "not a valid key escrow (file damaged, or not an Entraide key file)"
            ) from None

    def open_with_passphrase(self, passphrase: str) -> Keyset:
        if self.by_passphrase is None or self.kdf is None:
            raise WrongSecretError("no passphrase has been set for this authority's keys")
        try:
            return open_keyset(
                self.by_passphrase, passphrase_private(passphrase, self.kdf), self.authority
            )
        except WrongSecretError:
            raise WrongSecretError("wrong passphrase") from None

    def open_with_recovery(self, code: str) -> Keyset:
        if self.by_recovery is None:
            raise WrongSecretError("no recovery code has been made for this authority's keys")
        try:
            return open_keyset(self.by_recovery, recovery_private(code), self.authority)
        except WrongSecretError as exc:
            if "recovery code" in str(exc):
                raise
            raise WrongSecretError(
                "this recovery code does not open this authority's keys"
            ) from None


def make_escrow(keyset: Keyset) -> Escrow:
    """Seal the keyset to whichever escrow recipients it names (public keys only: no secret needed)."""
    by_pass = seal_keyset(keyset, keyset.passphrase_public) if keyset.passphrase_public else None
    by_recov = seal_keyset(keyset, keyset.recovery_public) if keyset.recovery_public else None
    return Escrow(keyset.authority, keyset.kdf if by_pass else None, by_pass, by_recov)


# -- holder proofs ----------------------------------------------------------------------


def holder_proof(key: bytes, device_id: str, verify_key: bytes) -> bytes:
    """Proof, checkable by other key holders only, that a device holds a space key.

    Rotation seals new keys only to devices with such a proof, so a server that
    issues itself a certificate for an authority still gets no key.
    """
    message = msgpack.packb(["entraide-holder", device_id, verify_key], use_bin_type=True)
    return hashlib.blake2b(message, key=key, digest_size=16, person=b"entraide-holder").digest()


def check_holder_proof(key: bytes, device_id: str, verify_key: bytes, proof: bytes) -> bool:
    return hmac.compare_digest(holder_proof(key, device_id, verify_key), proof)
