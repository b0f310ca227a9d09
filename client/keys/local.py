"""This device's copy of its authority's keyset, kept in the store's meta table.

The local store is not encrypted at rest (see docs/security.md): the keyset
sits next to the plaintext it protects elsewhere, so storing it here exposes
nothing more on a stolen PC.
"""

from __future__ import annotations

import json

from shared.access import authority_space
from shared.crypto import Keyset
from shared.errors import EntraideError
from shared.i18n import _

from ..replication.keyring import KeyUnavailable
from ..store import Store

KEYSET = "keyset"
SERVER_VIEW = "keys_server_view"  # what the server last told us: JSON


class KeyManagementError(EntraideError):
    """A key-management problem to show the user as one clear sentence."""


class MissingKeyError(KeyManagementError, KeyUnavailable):
    """This device holds no key it needs."""


def own_authority(store: Store) -> str:
    authority = store.get_meta("authority")
    if not authority:
        raise MissingKeyError(
            _(
                "this device is not enrolled yet, so it does not know its authority: "
                "run `entraide init --server URL --code CODE` first"
            )
        )
    return authority


def load_keyset(store: Store) -> Keyset | None:
    value = store.get_meta(KEYSET)
    return Keyset.from_bytes(bytes.fromhex(value)) if value else None


def save_keyset(store: Store, keyset: Keyset) -> None:
    store.set_meta(KEYSET, keyset.to_bytes().hex())


def server_view(store: Store) -> dict:
    """{"version", "current", "key_ids", "escrow_generation", "rotation_needed"} as last seen."""
    value = store.get_meta(SERVER_VIEW)
    return json.loads(value) if value else {}


def save_server_view(store: Store, view: dict) -> None:
    store.set_meta(SERVER_VIEW, json.dumps(view, sort_keys=True))


def own_space(store: Store) -> str:
    return authority_space(own_authority(store))
