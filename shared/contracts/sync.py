"""Push, pull and certificates (`POST /v1/push`, `POST /v1/pull`, `GET /v1/certs`).

A group, a certificate and a revocation record travel as fixed arrays whose
meaning (signatures, allowed spaces) `shared.envelope` and `shared.revocation`
check; here they have their shape only.
"""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta, Struct

from shared.access import valid_space

from .types import MAX_INT64, Bin, DeviceId, Int64, Space

MAX_GROUPS_PER_PUSH = 10_000
MAX_CURSORS = 10_000
DEFAULT_PULL_BYTES = 256 * 1024

WireGroup = Annotated[
    tuple[Space, DeviceId, str, Bin, Bin],
    Meta(description="a signed group: [space, author, key_id, signature (64 bytes), payload]"),
]
WireCert = Annotated[
    tuple[str, str, str, Bin, str, Bin],
    Meta(description="[device_id, authority, role, public_key, issued_at, signature]"),
]
WireRevocation = Annotated[
    tuple[str, str, str, Bin, Bin],
    Meta(description="[device_id, authority, revoked_at, group ids (32 bytes each), signature]"),
]


class Push(Struct):
    """Signed groups to store in their spaces' logs (idempotent by group id)."""

    groups: Annotated[list[WireGroup], Meta(max_length=MAX_GROUPS_PER_PUSH)]


class PushAnswer(Struct):
    """The groups stored, and each readable group refused for its content, with why."""

    acked: list[Bin]
    stored: Int64
    refused: Annotated[
        list[tuple[Bin, str]],
        Meta(description="[group id, reason]: refused at the trust boundary"),
    ] = []


class Pull(Struct, omit_defaults=True):
    """What a device holds: per space the last sequence number it has seen."""

    cursors: Annotated[
        dict[Space, Int64],
        Meta(max_length=MAX_CURSORS, description="space -> last sequence number seen"),
    ] = {}
    max_bytes: Annotated[int, Meta(ge=1, le=MAX_INT64)] = DEFAULT_PULL_BYTES
    revocations: Annotated[
        int, Meta(ge=0, le=MAX_INT64, description="last revocation record held (0: none)")
    ] = 0
    # Send back the groups this device pushed itself too (once, after a restore from backup).
    include_own: bool = False

    def __post_init__(self) -> None:
        for space in self.cursors:
            if not valid_space(space):
                raise ValueError(f"unknown space {space[:80]!r} in cursors")


class PullAnswer(Struct):
    """A bounded batch of groups after the cursors, with what a device needs to check them.

    `epoch` names the server's log: it changes when the server is restored from a backup."""

    groups: Annotated[list[tuple[Space, Int64, WireGroup]], Meta(description="[space, seq, group]")]
    cursors: dict[Space, Int64]
    certs: list[WireCert]
    more: bool
    remaining: Int64 = 0
    revocations: list[WireRevocation] = []
    revocations_seq: Int64 = 0
    epoch: str = ""


class Certs(Struct):
    """Device certificates (`GET /v1/certs`)."""

    certs: list[WireCert]


class Error(Struct, omit_defaults=True):
    """A refusal: one line of plain words; nothing of the request was stored."""

    error: str
    group: Annotated[str, Meta(description="hex id of the refused group")] | None = None


class Health(Struct, omit_defaults=True):
    status: str
    error: str | None = None
