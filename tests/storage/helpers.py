"""Data for the storage tests: enrolled devices and groups (the wire form is the group
id in msgpack: the storage never decodes it)."""

from __future__ import annotations

import hashlib
import itertools

import msgpack

from sync_server.storage import Device, NewGroup, Storage

_counter = itertools.count()


def device(storage: Storage, device_id: str, authority: str = "SN-CA") -> Device:
    if storage.authority(authority) is None:
        storage.add_authority(authority, authority[:2], f"Authority {authority}")
    code_hash = f"code-{device_id}"
    storage.add_code(code_hash, authority, "officer", "2999-01-01T00:00:00+00:00")
    return storage.enroll(
        code_hash,
        device_id,
        hashlib.sha256(device_id.encode()).digest(),
        device_id,
        f"token-{device_id}",
        lambda authority, role: msgpack.packb(f"cert:{device_id}:{authority}:{role}"),
        "2026-01-01T00:00:00+00:00",
    )


def group(space: str, author: str, size: int = 10) -> NewGroup:
    n = next(_counter)
    gid = hashlib.sha256(f"{space}/{author}/{n}".encode()).digest()
    return NewGroup(space, gid, author, msgpack.packb(gid), size)  # spliced into answers
