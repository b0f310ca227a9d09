"""Signed groups and device certificates: the unit of replication.

A signed group carries some Automerge changes of one space by one author, as
one payload: the group plaintext (`shared.changes`) as is for plaintext spaces,
or sealed with the space key for authority spaces (`shared.crypto.seal_group`;
then `key_id` names the key, and document ids and change hashes are inside the
ciphertext). One Ed25519 signature covers the group, and a group is never
split, so whoever carries it (the server, a USB stick through another office)
passes on the author's signature untouched.

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

from shared.errors import EntraideError

from .access import is_encrypted_space, may_write, valid_device_id, valid_space
from .changes import unpack_changes

FORMAT = 2  # of signed groups
CERT_FORMAT = 1
MAX_PAYLOAD = 16 * 1024 * 1024
MAX_KEY_ID = 64
SIGNATURE_SIZE = 64


class EnvelopeError(EntraideError, ValueError):
    """A group or certificate that is malformed or whose signature fails."""


@dataclass(frozen=True)
class SignedGroup:
    space: str
    author: str  # device id
    key_id: str  # "" for plaintext spaces
    payload: bytes  # group plaintext, or its ciphertext when key_id is set
    signature: bytes

    def signing_payload(self) -> bytes:
        return _signed_message(self.space, self.author, self.key_id, self.payload)

    @property
    def group_id(self) -> bytes:
        return hashlib.sha256(self.signing_payload()).digest()

    def to_wire(self) -> list[Any]:
        return [self.space, self.author, self.key_id, self.signature, self.payload]

    @classmethod
    def from_wire(cls, obj: Any) -> SignedGroup:
        """Check the shape of an untrusted group (not its signature: see `verify_group`)."""
        try:
            space, author, key_id, signature, payload = obj
        except (TypeError, ValueError):
            raise EnvelopeError(
                "a group must be [space, author, key_id, signature, payload]"
            ) from None
        if not isinstance(space, str) or not valid_space(space):
            raise EnvelopeError(f"unknown space {space!r}")
        if not valid_device_id(author):
            raise EnvelopeError("author must be a device id")
        if not isinstance(key_id, str) or len(key_id) > MAX_KEY_ID:
            raise EnvelopeError("key_id must be a short string")
        if bool(key_id) != is_encrypted_space(space):
            raise EnvelopeError(
                f"a group of {space} must be {'encrypted' if key_id == '' else 'in clear'}"
            )
        if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZE:
            raise EnvelopeError("signature must be 64 bytes")
        if not isinstance(payload, bytes) or not 0 < len(payload) <= MAX_PAYLOAD:
            raise EnvelopeError("payload must be 1 byte to 16 MiB")
        return cls(space, author, key_id, payload, signature)


def _signed_message(space: str, author: str, key_id: str, payload: bytes) -> bytes:
    digest = hashlib.sha256(payload).digest()
    return msgpack.packb(
        ["entraide-group", FORMAT, space, author, key_id, digest], use_bin_type=True
    )


def sign_group(
    space: str, author: str, key_id: str, payload: bytes, key: SigningKey
) -> SignedGroup:
    signature = key.sign(_signed_message(space, author, key_id, payload)).signature
    return SignedGroup(space, author, key_id, payload, signature)


def verify_group(group: SignedGroup, public_key: bytes) -> None:
    try:
        VerifyKey(public_key).verify(group.signing_payload(), group.signature)
    except (BadSignatureError, ValueError, TypeError):
        raise EnvelopeError(
            f"signature of a group from device {group.author} in {group.space} does not verify"
        ) from None


def check_write(group: SignedGroup, authority: str, role: str) -> None:
    """EnvelopeError unless the author (of `authority`, with `role`) may write what it carries.

    Encrypted spaces are writable as a whole (their document ids are sealed);
    in plaintext spaces every document id is checked, so the payload is parsed:
    a malformed one raises `shared.changes.ChangeError`.
    """
    if is_encrypted_space(group.space):
        doc_ids = [""]  # may_write ignores the document in an authority space
    else:
        doc_ids = sorted({c.doc_id for c in unpack_changes(group.payload)})
    for doc_id in doc_ids:
        if not may_write(authority, role, group.space, doc_id):
            target = f"'{doc_id}' in {group.space}" if doc_id else group.space
            raise EnvelopeError(f"device {group.author} of {authority} may not write {target}")


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
            [
                "entraide-device",
                CERT_FORMAT,
                self.device_id,
                self.authority,
                self.role,
                self.public_key,
                self.issued_at,
            ],
            use_bin_type=True,
        )

    def signed_by(self, server_key: SigningKey) -> DeviceCert:
        sig = server_key.sign(self.payload()).signature
        return DeviceCert(
            self.device_id, self.authority, self.role, self.public_key, self.issued_at, sig
        )

    def verify(self, server_public_key: bytes) -> None:
        try:
            VerifyKey(server_public_key).verify(self.payload(), self.signature)
        except (BadSignatureError, ValueError, TypeError):
            raise EnvelopeError(
                f"certificate of device {self.device_id} is not signed by this network's server"
            ) from None

    def to_wire(self) -> list[Any]:
        return [
            self.device_id,
            self.authority,
            self.role,
            self.public_key,
            self.issued_at,
            self.signature,
        ]

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
