"""Envelopes, signed groups and device certificates: the unit of replication.

An envelope carries one Automerge change of one document: its hash, and its
bytes in clear or encrypted (then `key_id` names the space key). Envelopes
travel in **signed groups**: one author, one space, one Ed25519 signature over
the digest of every envelope. Signing a group rather than each envelope keeps
the overhead to 64 bytes per group, and a group is never split, so whoever
carries it (the server, a USB stick through another office) passes on the
author's signature untouched.

A device certificate binds a device id, its authority, its role and its public
key, signed by the server's key; clients learn that key at enrollment, so a
bundle can be checked offline.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import msgpack
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from .access import valid_space

FORMAT = 1
MAX_ENVELOPES_PER_GROUP = 50_000
MAX_BODY = 8 * 1024 * 1024
HASH_SIZE = 32
SIGNATURE_SIZE = 64


class EnvelopeError(ValueError):
    """A group, envelope or certificate that is malformed or whose signature fails."""


@dataclass(frozen=True)
class Envelope:
    doc_id: str
    hash: bytes  # the Automerge change hash, 32 bytes
    body: bytes  # change bytes, or ciphertext when key_id is set
    key_id: str = ""

    def digest_entry(self) -> list[Any]:
        return [self.doc_id, self.hash, self.key_id, hashlib.sha256(self.body).digest()]


@dataclass(frozen=True)
class SignedGroup:
    space: str
    author: str  # device id
    envelopes: tuple[Envelope, ...]
    signature: bytes

    def signing_payload(self) -> bytes:
        return _payload(self.space, self.author, self.envelopes)

    @property
    def group_id(self) -> bytes:
        return hashlib.sha256(self.signing_payload()).digest()

    def to_wire(self) -> list[Any]:
        return [
            self.space,
            self.author,
            self.signature,
            [[e.doc_id, e.hash, e.key_id, e.body] for e in self.envelopes],
        ]

    @classmethod
    def from_wire(cls, obj: Any) -> SignedGroup:
        """Check the shape of an untrusted group (not its signature: see `verify_group`)."""
        try:
            space, author, signature, items = obj
        except (TypeError, ValueError):
            raise EnvelopeError("a group must be [space, author, signature, envelopes]") from None
        if not isinstance(space, str) or not valid_space(space):
            raise EnvelopeError(f"unknown space {space!r}")
        if not isinstance(author, str) or not 1 <= len(author) <= 64:
            raise EnvelopeError("author must be a device id")
        if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZE:
            raise EnvelopeError("signature must be 64 bytes")
        if not isinstance(items, list) or not 1 <= len(items) <= MAX_ENVELOPES_PER_GROUP:
            raise EnvelopeError("a group holds 1 to 50,000 envelopes")
        envelopes = tuple(_envelope_from_wire(item) for item in items)
        return cls(space, author, envelopes, signature)


def _envelope_from_wire(item: Any) -> Envelope:
    try:
        doc_id, change_hash, key_id, body = item
    except (TypeError, ValueError):
        raise EnvelopeError("an envelope must be [doc_id, hash, key_id, body]") from None
    if not isinstance(doc_id, str) or not 1 <= len(doc_id) <= 64:
        raise EnvelopeError("doc_id must be a short string")
    if not isinstance(change_hash, bytes) or len(change_hash) != HASH_SIZE:
        raise EnvelopeError("hash must be 32 bytes")
    if not isinstance(key_id, str) or len(key_id) > 64:
        raise EnvelopeError("key_id must be a short string")
    if not isinstance(body, bytes) or not 0 < len(body) <= MAX_BODY:
        raise EnvelopeError("body must be 1 byte to 8 MiB")
    return Envelope(doc_id, change_hash, body, key_id)


def _payload(space: str, author: str, envelopes: tuple[Envelope, ...]) -> bytes:
    entries = [e.digest_entry() for e in envelopes]
    return msgpack.packb(["entraide-group", FORMAT, space, author, entries], use_bin_type=True)


def sign_group(
    space: str, author: str, envelopes: list[Envelope] | tuple[Envelope, ...], key: SigningKey
) -> SignedGroup:
    envelopes = tuple(envelopes)
    signature = key.sign(_payload(space, author, envelopes)).signature
    return SignedGroup(space, author, envelopes, signature)


def verify_group(group: SignedGroup, public_key: bytes) -> None:
    try:
        VerifyKey(public_key).verify(group.signing_payload(), group.signature)
    except (BadSignatureError, ValueError, TypeError):
        raise EnvelopeError(
            f"signature of a group from device {group.author} in {group.space} does not verify"
        ) from None


@dataclass(frozen=True)
class DeviceCert:
    """The server's statement that a device belongs to an authority with a role."""

    device_id: str
    authority: str
    role: str
    public_key: bytes
    issued_at: str
    signature: bytes = b""

    def payload(self) -> bytes:
        return msgpack.packb(
            ["entraide-device", FORMAT, self.device_id, self.authority, self.role,
             self.public_key, self.issued_at],
            use_bin_type=True,
        )

    def signed_by(self, server_key: SigningKey) -> DeviceCert:
        sig = server_key.sign(self.payload()).signature
        return DeviceCert(self.device_id, self.authority, self.role, self.public_key, self.issued_at, sig)

    def verify(self, server_public_key: bytes) -> None:
        try:
            VerifyKey(server_public_key).verify(self.payload(), self.signature)
        except (BadSignatureError, ValueError, TypeError):
            raise EnvelopeError(f"certificate of device {self.device_id} is not signed by this network's server") from None

    def to_wire(self) -> list[Any]:
        return [self.device_id, self.authority, self.role, self.public_key, self.issued_at, self.signature]

    @classmethod
    def from_wire(cls, obj: Any) -> DeviceCert:
        try:
            device_id, authority, role, public_key, issued_at, signature = obj
        except (TypeError, ValueError):
            raise EnvelopeError("a device certificate has six fields") from None
        if not all(isinstance(v, str) for v in (device_id, authority, role, issued_at)):
            raise EnvelopeError("device certificate fields must be strings")
        if not isinstance(public_key, bytes) or len(public_key) != 32:
            raise EnvelopeError("device public key must be 32 bytes")
        if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZE:
            raise EnvelopeError("device certificate signature must be 64 bytes")
        return cls(device_id, authority, role, public_key, issued_at, signature)
