"""Envelopes between two authorities: sealed to the recipient, signed twice (docs/exchange.md).

An envelope carries one package (a transmitted request) or one thread message:

- its content (a msgpack map, files as bytes) is deflated, then sealed with
  libsodium's `crypto_box_seal` (PyNaCl `SealedBox`: an ephemeral X25519 key,
  XSalsa20-Poly1305) to the recipient authority's exchange key, as published
  in its approved directory entry; the sealed plaintext repeats the kind,
  sender and recipient, so it cannot be re-addressed;
- the header (format, kind, sender, recipient, both key ids, sending device)
  and the sealed bytes are signed by the sender authority's exchange key
  (Ed25519, vouched for by the secretariat's approval) and by the sending
  device's own key (its certificate names its authority), so a receiver knows
  which authority and which device sent it, and a server that issued itself a
  certificate cannot pass for an authority.

The envelope travels cut into parts (`split_parts`), each a document of the
exchange space; its id is a digest of its bytes, so a missing, reordered or
altered part is detected before anything is opened.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import msgpack
from nacl.exceptions import BadSignatureError
from nacl.exceptions import CryptoError as _NaclCryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.signing import SigningKey, VerifyKey

from .crypto import CryptoError, ExchangeKey

TAG = "entraide-exchange"
FORMAT = 1
KINDS = ("package", "message")
PART_BYTES = 48 * 1024  # bytes per part: 64 KiB of base64, under a field's 100,000 characters
MAX_ENVELOPE = 40 * 1024 * 1024
MAX_CONTENT = 64 * 1024 * 1024  # once inflated


class EnvelopeRefused(CryptoError):
    """An envelope that is not what it claims to be; refused whole, with the reason."""


@dataclass(frozen=True)
class Envelope:
    kind: str  # "package" | "message"
    sender: str  # authority codes
    recipient: str
    recipient_key: str  # exchange key id of the recipient the content is sealed to
    sender_key: str  # exchange key id of the sender that signs as the authority
    device: str  # the sending device
    sealed: bytes
    authority_signature: bytes = b""
    device_signature: bytes = b""

    def signed_bytes(self) -> bytes:
        return msgpack.packb(
            [
                TAG,
                FORMAT,
                self.kind,
                self.sender,
                self.recipient,
                self.recipient_key,
                self.sender_key,
                self.device,
                self.sealed,
            ],
            use_bin_type=True,
        )

    def to_bytes(self) -> bytes:
        return msgpack.packb(
            [self.signed_bytes(), self.authority_signature, self.device_signature],
            use_bin_type=True,
        )

    @property
    def envelope_id(self) -> str:
        return envelope_id(self.to_bytes())

    @classmethod
    def from_bytes(cls, data: bytes) -> Envelope:
        try:
            signed, by_authority, by_device = msgpack.unpackb(data, raw=False)
            tag, fmt, kind, sender, recipient, rkey, skey, device, sealed = msgpack.unpackb(
                signed, raw=False
            )
            if tag != TAG or fmt != FORMAT or kind not in KINDS:
                raise ValueError
            env = cls(
                str(kind),
                str(sender),
                str(recipient),
                str(rkey),
                str(skey),
                str(device),
                bytes(sealed),
                bytes(by_authority),
                bytes(by_device),
            )
        except Exception:
            raise EnvelopeRefused("not an exchange envelope (damaged or truncated)") from None
        if env.signed_bytes() != signed:
            raise EnvelopeRefused("the envelope's header is not in its canonical form")
        return env


def envelope_id(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def seal_envelope(
    kind: str,
    content: Mapping[str, Any],
    *,
    sender: str,
    recipient: str,
    recipient_key: str,
    recipient_public: bytes,
    sender_key: ExchangeKey,
    device: str,
    device_key: SigningKey,
) -> Envelope:
    inner = msgpack.packb([TAG, kind, sender, recipient, dict(content)], use_bin_type=True)
    sealed = SealedBox(PublicKey(recipient_public)).encrypt(zlib.compress(inner, 6))
    env = Envelope(kind, sender, recipient, recipient_key, sender_key.key_id, device, sealed)
    signed = env.signed_bytes()
    return Envelope(
        kind,
        sender,
        recipient,
        recipient_key,
        sender_key.key_id,
        device,
        sealed,
        sender_key.signing_key.sign(signed).signature,
        device_key.sign(signed).signature,
    )


def verify_envelope(env: Envelope, authority_verify: bytes, device_verify: bytes) -> None:
    """EnvelopeRefused unless both signatures hold (keys from the approved entry and the
    device's certificate)."""
    signed = env.signed_bytes()
    for key, signature, who in (
        (authority_verify, env.authority_signature, "the sending authority"),
        (device_verify, env.device_signature, "the sending device"),
    ):
        try:
            VerifyKey(key).verify(signed, signature)
        except (BadSignatureError, ValueError, TypeError):
            raise EnvelopeRefused(f"the signature of {who} does not verify") from None


def open_envelope(env: Envelope, private: PrivateKey) -> dict[str, Any]:
    """The content, after the signatures were verified; EnvelopeRefused if it does not open."""
    try:
        packed = SealedBox(private).decrypt(env.sealed)
    except (_NaclCryptoError, ValueError, TypeError):
        raise EnvelopeRefused(
            "the sealed content does not open with this authority's key"
        ) from None
    inflater = zlib.decompressobj()
    try:
        inner = inflater.decompress(packed, MAX_CONTENT)
    except zlib.error:
        raise EnvelopeRefused("the sealed content does not inflate") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise EnvelopeRefused("the sealed content is too large or truncated")
    try:
        tag, kind, sender, recipient, content = msgpack.unpackb(inner, raw=False)
    except Exception:
        raise EnvelopeRefused("the sealed content is malformed") from None
    if (tag, kind, sender, recipient) != (TAG, env.kind, env.sender, env.recipient):
        raise EnvelopeRefused("the sealed content was addressed otherwise than its header says")
    if not isinstance(content, dict):
        raise EnvelopeRefused("the sealed content is malformed")
    return content


# -- parts ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    envelope: str  # the envelope's id
    index: int
    count: int
    data: bytes


def split_parts(data: bytes, part_bytes: int = PART_BYTES) -> list[Part]:
    eid = envelope_id(data)
    chunks = [data[i : i + part_bytes] for i in range(0, len(data), part_bytes)] or [b""]
    return [Part(eid, i, len(chunks), chunk) for i, chunk in enumerate(chunks)]


def part_fields(part: Part) -> dict[str, str]:
    return {
        "envelope": part.envelope,
        "part": str(part.index),
        "parts": str(part.count),
        "data": base64.b64encode(part.data).decode("ascii"),
    }


def read_part(fields: Mapping[str, Any]) -> Part:
    try:
        envelope = str(fields["envelope"])
        index, count = int(fields["part"]), int(fields["parts"])
        data = base64.b64decode(str(fields["data"]), validate=True)
    except (KeyError, ValueError, TypeError, binascii.Error):
        raise EnvelopeRefused("a part of the envelope is malformed") from None
    if not (0 <= index < count <= MAX_ENVELOPE // 1024 + 1):
        raise EnvelopeRefused("a part of the envelope is out of range")
    return Part(envelope, index, count, data)


def join_parts(parts: Sequence[Part]) -> bytes | None:
    """The envelope's bytes; None while parts are missing; EnvelopeRefused if the parts
    disagree or do not make the envelope their id names."""
    if not parts:
        return None
    eid, count = parts[0].envelope, parts[0].count
    by_index: dict[int, Part] = {}
    for part in parts:
        if part.envelope != eid or part.count != count:
            raise EnvelopeRefused("the parts of the envelope disagree on its size")
        by_index[part.index] = part
    if len(by_index) < count:
        return None
    data = b"".join(by_index[i].data for i in range(count))
    if len(data) > MAX_ENVELOPE or envelope_id(data) != eid:
        raise EnvelopeRefused(
            "the envelope's parts do not make the envelope (altered or truncated)"
        )
    return data
