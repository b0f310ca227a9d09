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
from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

import msgpack
from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

from shared.envelope import DeviceCert, EnvelopeError, SignedGroup
from shared.errors import EntraideError
from shared.i18n import N_, _

MAGIC = b"ENTRAIDE-BUNDLE"
VERSION = 2  # 2: groups of format 2 (one payload each)
HEADER = struct.Struct(">H")
FRAME = struct.Struct(">cI")
HEADER_SIZE = len(MAGIC) + HEADER.size

MANIFEST, CERTS, GROUPS, ACKS, SIGNATURE = b"M", b"C", b"G", b"A", b"S"
BODY_FRAMES = (GROUPS, ACKS)
MAX_FRAME = 64 * 1024 * 1024  # no frame of any kind is larger
TARGET_FRAME = 1024 * 1024  # export starts a new frame after about this many body bytes
# Bounds once inflated. A groups frame holds about TARGET_FRAME of payloads plus one
# group of at most 16 MiB (MAX_PAYLOAD), so 32 MiB leaves room for per-group overhead.
MAX_MANIFEST_INFLATED = 1024 * 1024
MAX_CERTS_INFLATED = 4 * 1024 * 1024
MAX_GROUPS_INFLATED = 32 * 1024 * 1024
MAX_CERTS = 10_000
MAX_MANIFEST_ITEMS = 10_000  # keys of a map or items of a list anywhere in the manifest
# Bounds on disk per frame kind, checked on the length field before a byte is read:
# manifest and certificates are small, zlib never grows groups by more than a little,
# exporters write acknowledged ids 1 MiB a frame, a signature is one Ed25519 signature.
MAX_HEAD_FRAME = 1024 * 1024
SIGNATURE_SIZE = 64
FRAME_LIMITS = {
    MANIFEST: MAX_HEAD_FRAME,
    CERTS: MAX_HEAD_FRAME,
    GROUPS: MAX_GROUPS_INFLATED + 1024 * 1024,
    ACKS: 4 * TARGET_FRAME,
    SIGNATURE: SIGNATURE_SIZE,
}
READ_CHUNK = 1024 * 1024  # frames not kept are hashed in chunks of this size
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
        limit = FRAME_LIMITS.get(kind, MAX_FRAME)
        if len(payload) > limit:
            raise BundleError(
                _("a frame of {size} bytes exceeds the {limit}-byte limit").format(
                    size=len(payload), limit=limit
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

    Only raw bytes are handled here: nothing inside a frame is decoded, so the
    hash and signature can be checked before any payload is trusted. Every
    length is checked against its frame kind's limit before a byte is read, and
    frames of kinds not in `keep` are hashed in chunks and yielded empty, so
    memory is bounded by the largest kept frame, never by the file size.
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

    def frames(self, keep: Container[bytes] = (MANIFEST, CERTS, GROUPS, ACKS)) -> Iterator[Frame]:
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
            if kind == SIGNATURE and length == 0:
                raise BundleError(_("the bundle is not signed"))
            if length > FRAME_LIMITS.get(kind, MAX_FRAME):
                raise BundleError(
                    _(
                        "the bundle is damaged: a frame at byte {position} claims {size} bytes"
                    ).format(position=self.position, size=length)
                )
            offset = self.position
            if kind != SIGNATURE:
                self.sha.update(head)
            payload = self._payload(
                length, hashed=kind != SIGNATURE, kept=kind in keep or kind == SIGNATURE
            )
            self.position += FRAME.size + length
            if kind == SIGNATURE:
                if self.source.read(1):
                    raise BundleError(_("the bundle is damaged: bytes follow its signature"))
                if length != SIGNATURE_SIZE:
                    raise BundleError(_("the bundle's signature is malformed"))
                self.signature = payload
                return
            yield Frame(kind, payload, offset)

    def _payload(self, length: int, hashed: bool, kept: bool) -> bytes:
        """Read `length` bytes (hashing them unless told not to); b"" if not kept."""
        parts: list[bytes] = []
        left = length
        while left:
            chunk = self.source.read(min(left, READ_CHUNK if not kept else left))
            if not chunk:
                raise BundleError(
                    _(
                        "the bundle is truncated: a frame at byte {position} needs {size} bytes, "
                        "only {present} are there"
                    ).format(position=self.position, size=length, present=length - left)
                )
            if hashed:
                self.sha.update(chunk)
            if kept:
                parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)


# -- decoding, only once the signature has verified ---------------------------


def inflate(frame: Frame, limit: int, what: str) -> bytes:
    """The frame's zlib payload inflated, refused beyond `limit` bytes (a zip bomb stops here).

    `what` names the frame, marked with N_() by the caller (translated here).
    """
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(frame.payload, limit)
    except zlib.error:
        raise _damaged(frame, what) from None
    if inflater.unconsumed_tail:
        raise BundleError(
            _("the bundle's {part} at byte {position} inflates beyond {limit} bytes").format(
                part=_(what), position=frame.offset, limit=limit
            )
        )
    if not inflater.eof or inflater.unused_data:
        raise _damaged(frame, what)
    return raw


def _damaged(frame: Frame, what: str) -> BundleError:
    return BundleError(
        _("the bundle's {part} at byte {position} is damaged").format(
            part=_(what), position=frame.offset
        )
    )


def decode_manifest(frame: Frame) -> Any:
    """The manifest map, its containers bounded (it is read after the signature verified)."""
    raw = inflate(frame, MAX_MANIFEST_INFLATED, N_("manifest"))
    try:
        return msgpack.unpackb(
            raw,
            raw=False,
            strict_map_key=True,
            max_map_len=MAX_MANIFEST_ITEMS,
            max_array_len=MAX_MANIFEST_ITEMS,
        )
    except (ValueError, TypeError, msgpack.UnpackException):
        raise _damaged(frame, N_("manifest")) from None


def decode_certs(frame: Frame) -> list[DeviceCert]:
    """The certificate list, read row by row (it is needed to check the signature)."""
    raw = inflate(frame, MAX_CERTS_INFLATED, N_("certificate list"))
    rows = _rows(frame, raw, 6, MAX_CERTS, N_("certificate list"))
    try:
        return [DeviceCert.from_wire(row) for row in rows]
    except EnvelopeError as exc:
        raise BundleError(
            _("the bundle's certificate list is malformed: {reason}").format(reason=exc)
        ) from None


def decode_groups(frame: Frame) -> list[SignedGroup]:
    """Signed groups from a G frame; shape errors raise BundleError."""
    raw = inflate(frame, MAX_GROUPS_INFLATED, N_("signed groups"))
    groups = []
    try:
        for row in _rows(frame, raw, 5, MAX_GROUPS_INFLATED, N_("signed groups")):
            groups.append(SignedGroup.from_wire(row))  # checked as it comes: a bomb stops early
    except EnvelopeError as exc:
        raise BundleError(
            _("a signed group in the bundle is malformed: {reason}").format(reason=exc)
        ) from None
    return groups


def _rows(frame: Frame, raw: bytes, width: int, max_rows: int, what: str) -> Iterator[list[Any]]:
    """A msgpack list of lists of `width` scalars, decoded one value at a time.

    A nested container where a scalar belongs is refused as soon as its header
    is read (no container may hold anything), so a few bytes can never expand
    into millions of objects.
    """
    unpacker = msgpack.Unpacker(
        raw=False, max_buffer_size=len(raw) + 1, max_array_len=0, max_map_len=0
    )
    unpacker.feed(raw)
    try:
        count = unpacker.read_array_header()
        if count > max_rows:
            raise _damaged(frame, what)
        for _index in range(count):
            if unpacker.read_array_header() != width:
                raise _damaged(frame, what)
            row = [unpacker.unpack() for _field in range(width)]
            if any(isinstance(value, (list, dict)) for value in row):
                raise _damaged(frame, what)
            yield row
    except (ValueError, TypeError, msgpack.UnpackException, msgpack.OutOfData):
        raise _damaged(frame, what) from None
    try:
        unpacker.unpack()
    except msgpack.OutOfData:
        return  # the list ends exactly where the frame does
    except (ValueError, TypeError, msgpack.UnpackException):
        pass
    raise _damaged(frame, what)  # bytes after the list


def split_ids(frame: Frame) -> list[bytes]:
    data = frame.payload
    if len(data) % GROUP_ID_SIZE:
        raise BundleError(
            _("the acknowledgement list at byte {position} is damaged").format(
                position=frame.offset
            )
        )
    return [data[i : i + GROUP_ID_SIZE] for i in range(0, len(data), GROUP_ID_SIZE)]
