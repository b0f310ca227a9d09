"""Compact framing shared by the network protocol and bundles: msgpack, then zlib.

Decoding is bounded because its input comes from other machines: the
decompressed size (zlib stops at the cap), each string, byte string, array and
map length (msgpack refuses a longer header before allocating it), and the
number of elements of all containers together (counted as they are built, so
a few kilobytes that inflate to millions of empty maps stop early).
"""

from __future__ import annotations

import zlib
from typing import Any

import msgpack

from shared.errors import EntraideError

DEFAULT_MAX_SIZE = 64 * 1024 * 1024
DEFAULT_MAX_ITEMS = 1_000_000  # elements of every array and map of one message, together
MAX_ARRAY_LEN = 1_000_000
MAX_MAP_LEN = 100_000


class WireError(EntraideError, ValueError):
    """Bytes that are not a well-formed message."""


def pack(obj: Any, level: int = 6) -> bytes:
    return zlib.compress(msgpack.packb(obj, use_bin_type=True), level)


def unpack(
    data: bytes, max_size: int = DEFAULT_MAX_SIZE, max_items: int = DEFAULT_MAX_ITEMS
) -> Any:
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, max_size)
        if inflater.unconsumed_tail:
            raise WireError(f"message is larger than {max_size} bytes once decompressed")
        if not inflater.eof:
            raise WireError("message is truncated (compressed stream incomplete)")
        if inflater.unused_data:
            raise WireError("message has trailing bytes after its end")
    except zlib.error as exc:
        raise WireError(f"message is not validly compressed ({exc})") from None
    return unpack_raw(raw, max_size, max_items)


class _TooMany(Exception):
    pass


class _Counter:
    """Hooks msgpack calls after building each container: the running element count."""

    def __init__(self, max_items: int) -> None:
        self.left = max_items

    def list_hook(self, value: list) -> list:
        self.left -= len(value) + 1
        if self.left < 0:
            raise _TooMany
        return value

    def object_hook(self, value: dict) -> dict:
        self.left -= 2 * len(value) + 1
        if self.left < 0:
            raise _TooMany
        return value


def unpack_raw(
    raw: bytes, max_size: int = DEFAULT_MAX_SIZE, max_items: int = DEFAULT_MAX_ITEMS
) -> Any:
    if len(raw) > max_size:
        raise WireError(f"message is larger than {max_size} bytes")
    counter = _Counter(max_items)
    try:
        return msgpack.unpackb(
            raw,
            raw=False,
            strict_map_key=True,
            max_str_len=max_size,
            max_bin_len=max_size,
            max_array_len=MAX_ARRAY_LEN,
            max_map_len=MAX_MAP_LEN,
            max_ext_len=0,  # no extension types in our messages
            list_hook=counter.list_hook,
            object_hook=counter.object_hook,
        )
    except _TooMany:
        raise WireError(f"message holds more than {max_items} elements") from None
    except (msgpack.StackError, RecursionError):
        raise WireError("message is nested too deeply") from None
    except (msgpack.ExtraData, msgpack.FormatError, ValueError, TypeError) as exc:
        raise WireError(f"message is not valid msgpack ({exc})") from None
