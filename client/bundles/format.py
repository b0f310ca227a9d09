"""The bundle file format, version 2: framing, hashing, signing (docs/bundles.md).

    header   b"ENTRAIDE-BUNDLE" + format version (uint16, big-endian)
    frames   kind (1 byte) + length (uint32, big-endian) + payload
               M manifest       zlib(msgpack map)            first
               C certificates   zlib(msgpack list)           second
               G signed groups  zlib(msgpack list of groups) any number (bundles)
               A acknowledged   raw 32-byte group ids        any number (ack files)
               S signature      64 bytes                     last; nothing may follow

The signature is the exporting device's Ed25519 signature over
msgpack(["entraide-bundle", version, sha256(every byte before the S frame)]),
so every byte of the file except the signature itself is covered, and a flipped
signature byte fails verification. This module knows nothing of the store.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import msgpack
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from shared.envelope import EnvelopeError, SignedGroup
from shared.errors import EntraideError
from shared.i18n import _
from shared.wire import WireError, unpack

MAGIC = b"ENTRAIDE-BUNDLE"
VERSION = 2  # 2: groups of format 2 (one payload each)
HEADER = struct.Struct(">H")
FRAME = struct.Struct(">cI")
HEADER_SIZE = len(MAGIC) + HEADER.size

MANIFEST, CERTS, GROUPS, ACKS, SIGNATURE = b"M", b"C", b"G", b"A", b"S"
BODY_FRAMES = (GROUPS, ACKS)
MAX_FRAME = 64 * 1024 * 1024  # a frame is read whole: this bounds import memory
TARGET_FRAME = 1024 * 1024  # export starts a new frame after about this many body bytes
GROUP_ID_SIZE = 32
ZLIB_LEVEL = 9


class BundleError(EntraideError):
    """A bundle or acknowledgement file that is refused; str() names what is wrong."""


def signed_message(digest: bytes) -> bytes:
    return msgpack.packb(["entraide-bundle", VERSION, digest], use_bin_type=True)


def sign_digest(digest: bytes, key: SigningKey) -> bytes:
    return key.sign(signed_message(digest)).signature


def signature_verifies(digest: bytes, signature: bytes, public_key: bytes) -> bool:
    try:
        VerifyKey(public_key).verify(signed_message(digest), signature)
    except (BadSignatureError, ValueError, TypeError):
        return False
    return True


# -- writing -------------------------------------------------------------------


class FrameWriter:
    """Writes the header and frames to a binary file, hashing everything it writes."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.sha = hashlib.sha256()
        self.bytes = 0
        self._write(MAGIC + HEADER.pack(VERSION))

    def _write(self, data: bytes) -> None:
        self.out.write(data)
        self.sha.update(data)
        self.bytes += len(data)

    def frame(self, kind: bytes, payload: bytes) -> None:
        if len(payload) > MAX_FRAME:
            raise BundleError(
                _("a frame of {size} bytes exceeds the {limit}-byte limit").format(
                    size=len(payload), limit=MAX_FRAME
                )
            )
        self._write(FRAME.pack(kind, len(payload)) + payload)

    def packed(self, kind: bytes, obj: Any) -> None:
        self.frame(kind, zlib.compress(msgpack.packb(obj, use_bin_type=True), ZLIB_LEVEL))

    def finish(self, key: SigningKey) -> bytes:
        """Append the signature frame (not hashed: it is what signs the hash)."""
        digest = self.sha.digest()
        signature = sign_digest(digest, key)
        self.out.write(FRAME.pack(SIGNATURE, len(signature)) + signature)
        self.bytes += FRAME.size + len(signature)
        return digest


def encode_groups(groups: list[SignedGroup]) -> list[Any]:
    """Groups in their wire form; the frame's zlib compresses their payloads together."""
    return [group.to_wire() for group in groups]


def decode_groups(obj: Any) -> list[SignedGroup]:
    """Signed groups from a G frame; shape errors raise BundleError."""
    if not isinstance(obj, list):
        raise BundleError(_("a frame of signed groups is malformed"))
    try:
        return [SignedGroup.from_wire(item) for item in obj]
    except EnvelopeError as exc:
        raise BundleError(
            _("a signed group in the bundle is malformed: {reason}").format(reason=exc)
        ) from None


# -- reading -------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    kind: bytes
    payload: bytes
    offset: int  # position of the frame in the file


def read_version(data: bytes) -> int:
    """The format version from the first bytes, or BundleError if this is no bundle."""
    if not data:
        raise BundleError(_("the file is empty"))
    if len(data) < len(MAGIC) and MAGIC.startswith(data):
        raise BundleError(_("the bundle is truncated: it ends inside its header"))
    if data[: len(MAGIC)] != MAGIC:
        raise BundleError(
            _("this is not an Entraide bundle (its first bytes are not ENTRAIDE-BUNDLE)")
        )
    if len(data) < HEADER_SIZE:
        raise BundleError(_("the bundle is truncated: it ends inside its header"))
    return HEADER.unpack(data[len(MAGIC) : HEADER_SIZE])[0]


class FrameReader:
    """Reads frames one at a time from a binary file, hashing what precedes the signature.

    Memory is bounded by the largest frame (MAX_FRAME), never by the file size.
    """

    def __init__(self, source: BinaryIO) -> None:
        self.source = source
        self.sha = hashlib.sha256()
        header = source.read(HEADER_SIZE)
        version = read_version(header)
        if version != VERSION:
            raise BundleError(
                _(
                    "bundle format version {version} is not supported by this version of "
                    "Entraide (it reads version {supported}); update Entraide to import it"
                ).format(version=version, supported=VERSION)
            )
        self.sha.update(header)
        self.position = HEADER_SIZE
        self.signature: bytes | None = None

    def frames(self) -> Iterator[Frame]:
        """Every frame before the signature; then `self.signature` holds the signature."""
        while True:
            head = self.source.read(FRAME.size)
            if not head:
                raise BundleError(
                    _(
                        "the bundle is truncated: it ends at byte {position} before its signature"
                    ).format(position=self.position)
                )
            if len(head) < FRAME.size:
                raise BundleError(
                    _("the bundle is truncated inside a frame header at byte {position}").format(
                        position=self.position
                    )
                )
            kind, length = FRAME.unpack(head)
            if kind not in (MANIFEST, CERTS, GROUPS, ACKS, SIGNATURE):
                raise BundleError(
                    _("the bundle is damaged: unknown frame type at byte {position}").format(
                        position=self.position
                    )
                )
            if length > MAX_FRAME:
                raise BundleError(
                    _(
                        "the bundle is damaged: a frame at byte {position} claims {size} bytes"
                    ).format(position=self.position, size=length)
                )
            payload = self.source.read(length)
            if len(payload) < length:
                raise BundleError(
                    _(
                        "the bundle is truncated: a frame at byte {position} needs {size} bytes, "
                        "only {present} are there"
                    ).format(position=self.position, size=length, present=len(payload))
                )
            offset = self.position
            self.position += FRAME.size + length
            if kind == SIGNATURE:
                if self.source.read(1):
                    raise BundleError(_("the bundle is damaged: bytes follow its signature"))
                if length == 0:
                    raise BundleError(_("the bundle is not signed"))
                self.signature = payload
                return
            self.sha.update(head)
            self.sha.update(payload)
            yield Frame(kind, payload, offset)


def unpack_frame(frame: Frame, what: str) -> Any:
    """`what` names the frame, marked with N_() by the caller (translated here)."""
    try:
        return unpack(frame.payload, MAX_FRAME)
    except WireError as exc:
        raise BundleError(
            _("the bundle's {part} at byte {position} is damaged: {reason}").format(
                part=_(what), position=frame.offset, reason=exc
            )
        ) from None


def split_ids(frame: Frame) -> list[bytes]:
    data = frame.payload
    if len(data) % GROUP_ID_SIZE:
        raise BundleError(
            _("the acknowledgement list at byte {position} is damaged").format(
                position=frame.offset
            )
        )
    return [data[i : i + GROUP_ID_SIZE] for i in range(0, len(data), GROUP_ID_SIZE)]
