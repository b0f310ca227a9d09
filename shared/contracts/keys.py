"""The key endpoints (`GET /keys/state`, `POST /keys/publish`, `POST /keys/holder`):
sealed keysets the server keeps and cannot open (sync_server/space_keys.py)."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

from .types import Bin, Int64, KeyId

MAX_BLOB = 256 * 1024  # an escrow or a grant: a keyset of a few hundred keys at most
MAX_GRANTS = 1000
MAX_KEY_IDS = 10_000
MAX_ESCROW_GENERATION = 2**31 - 1
SEALED_OVERHEAD = 48  # X25519 sealed box: ephemeral public key + MAC
HOLDER_PROOF = 16  # bytes of a holder's MAC

Proof = Annotated[
    bytes,
    Meta(min_length=HOLDER_PROOF, max_length=HOLDER_PROOF, extra_json_schema={"format": "binary"}),
]
Sealed = Annotated[
    bytes,
    Meta(
        min_length=SEALED_OVERHEAD + 1,
        max_length=MAX_BLOB,
        extra_json_schema={"format": "binary"},
        description="a keyset sealed to one device",
    ),
]


class KeyState(Struct):
    """The authority's key state, this device's grant and the active key holders."""

    version: Int64
    current: str
    key_ids: list[KeyId]
    escrow_generation: Int64
    rotation_needed: bool
    escrow: Bin | None = None
    grant: Bin | None = None
    holders: Annotated[
        list[tuple[str, Bin, str, Bin]], Meta(description="[device_id, cert, key_id, proof]")
    ] = []
    may_change_keys: bool = True


class KeyPublish(Struct, omit_defaults=True):
    """A keyset's ids, escrow and grants; compare-and-set on `base_version`."""

    base_version: Int64
    current: KeyId
    key_ids: Annotated[list[KeyId], Meta(min_length=1, max_length=MAX_KEY_IDS)]
    escrow_generation: Annotated[int, Meta(ge=0, le=MAX_ESCROW_GENERATION)]
    escrow: (
        Annotated[bytes, Meta(max_length=MAX_BLOB, extra_json_schema={"format": "binary"})] | None
    ) = None
    grants: Annotated[dict[str, Sealed], Meta(max_length=MAX_GRANTS)] = {}
    proof: Proof | None = None

    def __post_init__(self) -> None:
        if len(set(self.key_ids)) != len(self.key_ids):
            raise ValueError("'key_ids' lists a key id twice")
        if self.current not in self.key_ids:
            raise ValueError("the current key must be one of 'key_ids'")


class KeyPublished(Struct):
    version: Int64


class KeyHolder(Struct):
    """This device holds `key_id`: a MAC under that key, which only other holders check."""

    key_id: KeyId
    proof: Proof


class Ok(Struct):
    ok: bool
