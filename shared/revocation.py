"""The server's signed statement that a device was revoked, and which of its groups stand.

When a device is revoked the server records, in the same transaction, the ids
of every group of that device it had accepted until then, and signs
`["entraide-revocation", 1, device_id, authority, revoked_at, sha256(ids)]`
with its key (the key that signs device certificates). The record travels in
pull answers and in bundles; every replica, the server included, then accepts
a group of that device if and only if its id is in the record. So a group the
revoked device made or kept back (say, on a USB stick) is refused everywhere,
whatever road it takes, and everything that it had sent before stands
everywhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import msgpack
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from .envelope import SIGNATURE_SIZE, EnvelopeError

FORMAT = 1
GROUP_ID_SIZE = 32


@dataclass(frozen=True)
class Revocation:
    device_id: str
    authority: str
    revoked_at: str
    accepted: frozenset[bytes]  # ids of the device's groups that stand
    signature: bytes = b""

    def _ids(self) -> bytes:
        return b"".join(sorted(self.accepted))

    def payload(self) -> bytes:
        digest = hashlib.sha256(self._ids()).digest()
        return msgpack.packb(
            [
                "entraide-revocation",
                FORMAT,
                self.device_id,
                self.authority,
                self.revoked_at,
                digest,
            ],
            use_bin_type=True,
        )

    def signed_by(self, server_key: SigningKey) -> Revocation:
        signature = server_key.sign(self.payload()).signature
        return Revocation(self.device_id, self.authority, self.revoked_at, self.accepted, signature)

    def verify(self, server_public_key: bytes) -> None:
        try:
            VerifyKey(server_public_key).verify(self.payload(), self.signature)
        except (BadSignatureError, ValueError, TypeError):
            raise EnvelopeError(
                f"the revocation of device {self.device_id} is not signed by this network's server"
            ) from None

    def to_wire(self) -> list[Any]:
        return [self.device_id, self.authority, self.revoked_at, self._ids(), self.signature]

    @classmethod
    def from_wire(cls, obj: Any) -> Revocation:
        """Check the shape of an untrusted record (not its signature: see `verify`)."""
        try:
            device_id, authority, revoked_at, ids, signature = obj
        except (TypeError, ValueError):
            raise EnvelopeError("a revocation record has five fields") from None
        if not all(isinstance(v, str) and 0 < len(v) <= 64 for v in (device_id, authority)):
            raise EnvelopeError("a revocation names a device and its authority")
        if not isinstance(revoked_at, str) or len(revoked_at) > 64:
            raise EnvelopeError("a revocation's time must be a short string")
        if not isinstance(ids, bytes) or len(ids) % GROUP_ID_SIZE:
            raise EnvelopeError("a revocation's group ids must be 32 bytes each")
        if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZE:
            raise EnvelopeError("a revocation's signature must be 64 bytes")
        accepted = frozenset(ids[i : i + GROUP_ID_SIZE] for i in range(0, len(ids), GROUP_ID_SIZE))
        if len(accepted) * GROUP_ID_SIZE != len(ids):
            raise EnvelopeError("a revocation lists a group id twice")
        return cls(device_id, authority, revoked_at, accepted, signature)
