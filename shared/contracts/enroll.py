"""Enrollment (`POST /v1/enroll`, JSON): a one-time code and a device key, for a
certificate and a bearer token."""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, Struct

from shared.access import valid_device_id

from .types import DeviceId

MAX_CODE = 100
MAX_NAME = 200
Role = Literal["officer", "admin", "secretariat"]  # shared.access.ROLES
Hex = Annotated[str, Meta(pattern="^[0-9a-fA-F]*$")]
MAX_HEX = 256  # a key or a signature in an enrollment


class Enroll(Struct, omit_defaults=True):
    code: Annotated[str, Meta(max_length=MAX_CODE, description="the enrollment code")]
    device_id: DeviceId
    public_key: Annotated[
        Hex, Meta(max_length=MAX_HEX, description="Ed25519 public key, 64 hex digits")
    ]
    proof: Annotated[
        Hex, Meta(max_length=MAX_HEX, description="hex signature of the code and device id")
    ]
    name: Annotated[str, Meta(max_length=MAX_NAME)] = ""

    def __post_init__(self) -> None:
        if not self.code.strip():
            raise ValueError("'code' (the enrollment code) is required")
        if not valid_device_id(self.device_id):
            raise ValueError("'device_id' must be 1 to 64 letters, digits, '-' or '_'")
        if not self.name.isprintable():
            raise ValueError("'name' must be one line of at most 200 characters")
        if len(self.public_key) != 64:
            raise ValueError("'public_key' must be 32 bytes in hex (an Ed25519 public key)")


class Enrolled(Struct):
    device_id: str
    token: Annotated[str, Meta(description="bearer credential, shown once")]
    cert: Annotated[Hex, Meta(description="hex of the msgpack DeviceCert")]
    server_public_key: Hex
    authority: str
    role: Role
