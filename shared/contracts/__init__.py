"""The wire messages of the sync protocol, defined once for the client and the server.

Every body that crosses the network is one of the `msgspec.Struct` types of this
package: `sync.py` (push, pull, certificates), `enroll.py`, `keys.py` (key state,
publication, holder), `monitor.py`. Each side builds the Struct it sends and
decodes what it receives with `decode` (packed bodies) or `convert` (an
already-parsed JSON or msgpack value); the limits are part of the types (`Meta`
bounds, `__post_init__` checks), so both sides refuse the same messages with the
same words. The server's OpenAPI document is generated from these types
(`sync_server/openapi.py`).

Packed bodies keep their bounded framing (`shared.wire`: size, nesting and
element counts are capped before any type is checked); byte strings stay msgpack
byte strings (never base64 text).
"""

from __future__ import annotations

import re
from typing import Any, TypeVar

import msgspec

from shared.wire import DEFAULT_MAX_ITEMS, DEFAULT_MAX_SIZE, WireError, pack, unpack

T = TypeVar("T")


class ContractError(WireError):
    """A well-framed message of the wrong shape: its words say what and where."""


def convert(value: Any, kind: type[T], what: str) -> T:
    """`value` (decoded msgpack or JSON) as `kind`, or ContractError naming `what`."""
    try:
        return msgspec.convert(value, kind, builtin_types=(bytes,))
    except msgspec.ValidationError as exc:
        raise ContractError(f"{what} is malformed: {_plain(str(exc))}") from None


def decode(
    data: bytes,
    kind: type[T],
    what: str,
    max_size: int = DEFAULT_MAX_SIZE,
    max_items: int = DEFAULT_MAX_ITEMS,
) -> T:
    """A packed body (msgpack + zlib, bounded by `shared.wire`) as `kind`."""
    return convert(unpack(data, max_size=max_size, max_items=max_items), kind, what)


def to_wire(message: Any) -> Any:
    """Plain maps and lists (byte strings kept) for msgpack or JSON: a Struct, or a list
    of them."""
    return msgspec.to_builtins(message, builtin_types=(bytes,))


def encode(message: msgspec.Struct) -> bytes:
    """A packed body (msgpack + zlib)."""
    return pack(to_wire(message))


def _plain(detail: str) -> str:
    """msgspec's words in the protocol's terms: a JSON `object` is a msgpack map."""
    detail = detail.replace("`object`", "`map`")
    detail = re.sub(r"of length <= (\d+)", r"of length at most \1", detail)
    return re.sub(r"of length >= (\d+)", r"of length at least \1", detail)


__all__ = ["ContractError", "convert", "decode", "encode", "to_wire"]
