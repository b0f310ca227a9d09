"""How envelope bodies are encrypted for a space and decrypted on arrival.

`default_keyring(store)` is what sealing and ingest use: the space keyring of
`client.keys`. It never sends an authority space in clear: without a key it
makes the authority's first key, or, if the authority already has one this
device lacks, refuses with a message saying how to unlock it.
"""

from __future__ import annotations

from typing import Protocol

from ..store import Store


class DecryptionError(Exception):
    """A ciphertext that fails authentication: it is kept aside, never applied."""


class KeyUnavailable(Exception):
    """No key to encrypt for this space yet: its changes stay unsealed, on this device."""


class Keyring(Protocol):
    def encrypt(
        self, space: str, doc_id: str, change_hash: bytes, plaintext: bytes
    ) -> tuple[str, bytes]:
        """Return (key_id, body to send); key_id "" means the body is plaintext."""
        ...

    def decrypt(
        self, space: str, doc_id: str, change_hash: bytes, key_id: str, body: bytes
    ) -> bytes | None:
        """The plaintext, or None when this device holds no key for it."""
        ...


class PlaintextKeyring:
    def encrypt(
        self, space: str, doc_id: str, change_hash: bytes, plaintext: bytes
    ) -> tuple[str, bytes]:
        return "", plaintext

    def decrypt(
        self, space: str, doc_id: str, change_hash: bytes, key_id: str, body: bytes
    ) -> bytes | None:
        return body if not key_id else None


def default_keyring(store: Store) -> Keyring:
    from ..keys import SpaceKeyring  # client.keys imports this module

    return SpaceKeyring(store)
