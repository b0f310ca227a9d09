"""How group payloads are encrypted for a space and decrypted on arrival.

The protocol lives here, beside sealing and ingest; the implementation they
are given in use is `client.keys.default_keyring(store)`.
"""

from __future__ import annotations

from typing import Protocol

from shared.errors import EntraideError


class DecryptionError(EntraideError):
    """A ciphertext that fails authentication: it is kept aside, never applied."""


class KeyUnavailable(Exception):
    """No key to encrypt for this space yet: its changes stay unsealed, on this device."""


class Keyring(Protocol):
    def seal(self, space: str, author: str, plaintext: bytes) -> tuple[str, bytes]:
        """Return (key_id, payload) for a group of an encrypted space."""
        ...

    def open(self, space: str, author: str, key_id: str, payload: bytes) -> bytes | None:
        """The group plaintext, or None when this device holds no key for it;
        DecryptionError when the payload fails authentication."""
        ...


class PlaintextKeyring:
    """Encrypts nothing (tests and tools): only for plaintext spaces."""

    def seal(self, space: str, author: str, plaintext: bytes) -> tuple[str, bytes]:
        return "", plaintext

    def open(self, space: str, author: str, key_id: str, payload: bytes) -> bytes | None:
        return payload if not key_id else None
