"""The `devices` table: the certificates of the devices this store has heard of.

`client.identity` records them (at enrollment, and from the certificates that come
with groups); the store reads them to judge who wrote a change.
"""

from __future__ import annotations

from collections.abc import Iterable

import msgpack

from shared.envelope import DeviceCert

from .store import Store


def remember_certs(store: Store, certs: Iterable[DeviceCert]) -> None:
    """Keep these certificates (a newer one for the same device replaces the older)."""
    rows = [
        (
            cert.device_id,
            cert.authority,
            cert.role,
            cert.public_key,
            msgpack.packb(cert.to_wire(), use_bin_type=True),
        )
        for cert in certs
    ]
    with store.write() as conn:
        conn.executemany("INSERT OR REPLACE INTO devices VALUES (?, ?, ?, ?, ?)", rows)


def known_cert(store: Store, device_id: str) -> DeviceCert | None:
    row = store.conn.execute(
        "SELECT cert FROM devices WHERE device_id = ?", (device_id,)
    ).fetchone()
    return DeviceCert.from_wire(msgpack.unpackb(row[0])) if row else None
