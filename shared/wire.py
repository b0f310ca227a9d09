"""Compact framing shared by the network protocol and bundles: msgpack, then zlib.

Decoding is bounded (decompressed size, nesting, container lengths) because
its input comes from other machines.
"""

from __future__ import annotations

import zlib
from typing import Any

import msgpack

from shared.errors import EntraideError

DEFAULT_MAX_SIZE = 64 * 1024 * 1024


class WireError(EntraideError, ValueError):
    """Bytes that are not a well-formed message."""


def pack(obj: Any, level: int = 6) -> bytes:
    return zlib.compress(msgpack.packb(obj, use_bin_type=True), level)


def unpack(data: bytes, max_size: int = DEFAULT_MAX_SIZE) -> Any:
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
    return unpack_raw(raw, max_size)


def unpack_raw(raw: bytes, max_size: int = DEFAULT_MAX_SIZE) -> Any:
    try:
        return msgpack.unpackb(
            raw,
            raw=False,
            strict_map_key=True,
        )
    except (
        msgpack.ExtraData,
        msgpack.FormatError,
        msgpack.StackError,
        ValueError,
        TypeError,
    ) as exc:
        raise WireError(f"message is not valid msgpack ({exc})") from None
