"""This device's identity: its signing key, and what enrollment gave it.

The signing key is made on first use and kept in the store's meta table, so
changes made before enrollment are signed by the same key the server later
registers.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgpack
from nacl.signing import SigningKey

from shared.envelope import DeviceCert

from .store import Store
from .store.devices import known_cert, remember_certs

__all__ = [
    "Identity",
    "is_secretariat",
    "known_cert",
    "load_identity",
    "remember_certs",
    "save_enrollment",
]


@dataclass(frozen=True)
class Identity:
    device_id: str
    signing_key: SigningKey
    cert: DeviceCert | None  # None until enrolled
    server_public_key: bytes | None  # the network's trust anchor, from enrollment

    @property
    def public_key(self) -> bytes:
        return bytes(self.signing_key.verify_key)

    @property
    def authority(self) -> str | None:
        return self.cert.authority if self.cert else None

    @property
    def role(self) -> str | None:
        return self.cert.role if self.cert else None


def is_secretariat(store: Store) -> bool:
    """True on a device enrolled as the network's secretariat (a read only: safe anywhere)."""
    return store.get_meta("role") == "secretariat"


def load_identity(store: Store) -> Identity:
    seed = store.get_meta("signing_key")
    if seed is None:
        store.set_meta("signing_key", bytes(SigningKey.generate()).hex())
        seed = store.get_meta("signing_key")
    assert seed is not None
    cert_hex = store.get_meta("device_cert")
    cert = DeviceCert.from_wire(msgpack.unpackb(bytes.fromhex(cert_hex))) if cert_hex else None
    anchor = store.get_meta("server_public_key")
    return Identity(
        device_id=store.device_id,
        signing_key=SigningKey(bytes.fromhex(seed)),
        cert=cert,
        server_public_key=bytes.fromhex(anchor) if anchor else None,
    )


def save_enrollment(
    store: Store, cert: DeviceCert, server_public_key: bytes, server_url: str, token: str
) -> None:
    """Record what the server granted at enrollment, in one transaction."""
    with store.write():
        for key, value in (
            ("device_cert", msgpack.packb(cert.to_wire(), use_bin_type=True).hex()),
            ("server_public_key", server_public_key.hex()),
            ("server_url", server_url),
            ("device_token", token),
            ("authority", cert.authority),
            ("role", cert.role),
        ):
            store.set_meta(key, value)
        remember_certs(store, [cert])
