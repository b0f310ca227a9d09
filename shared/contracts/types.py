"""Field types shared by the messages: bounded numbers, byte strings, ids."""

from __future__ import annotations

from typing import Annotated

from msgspec import Meta

MAX_INT64 = 2**63 - 1  # the largest number a SQLite INTEGER column holds

# A whole number the server's database can store (sequence numbers, versions, counts).
Int64 = Annotated[int, Meta(ge=0, le=MAX_INT64)]
# A msgpack byte string (in JSON Schema: a binary string).
Bin = Annotated[bytes, Meta(extra_json_schema={"format": "binary"})]
KeyId = Annotated[
    str, Meta(pattern="^[0-9a-f]{16}$", description="a space key's id: 16 hex digits")
]
DeviceId = Annotated[str, Meta(pattern="^[A-Za-z0-9_-]{1,64}$", max_length=64)]
Space = Annotated[str, Meta(max_length=200)]
