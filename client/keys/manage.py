"""Key management on this device: creating, rotating, escrowing, importing, backfilling.

Every function that changes the keyset saves it in one meta write; the
server learns about it at the next `sync_keys` (see remote.py).
"""

from __future__ import annotations

from pathlib import Path

import msgpack

from shared.access import authority_space
from shared.crypto import (
    CryptoError,
    Escrow,
    Keyset,
    SpaceKey,
    key_id,
    make_escrow,
    new_kdf_params,
    new_key,
    new_recovery_code,
    passphrase_private,
    recovery_private,
)
from shared.files import atomic_write
from shared.i18n import _

from ..replication.groups import unread_group_count
from ..replication.ingest import open_stored_groups
from ..store import Store
from ..store.store import now_iso
from .local import KeyManagementError, MissingKeyError, load_keyset, own_authority, save_keyset

KEY_FILE_TAG = "entraide-keyfile"


def _new_space_key(generation: int) -> SpaceKey:
    key = new_key()
    return SpaceKey(key_id(key), key, generation, now_iso())


def create_first_key(store: Store) -> Keyset:
    """The authority's first key, made on this device (idempotent: keeps an existing one)."""
    with store.write():
        keyset = load_keyset(store)
        if keyset is not None and keyset.current is not None:
            return keyset
        keyset = Keyset(own_authority(store))
        keyset.add(_new_space_key(1))
        save_keyset(store, keyset)
    return keyset


def require_keyset(store: Store) -> Keyset:
    keyset = load_keyset(store)
    if keyset is None or keyset.current is None:
        raise MissingKeyError(
            _(
                "this device holds no key of its authority: run `entraide keys create` on the "
                "authority's first device, or `entraide keys unlock` / `import-file` on the others"
            )
        )
    return keyset


def set_passphrase(store: Store, passphrase: str, profile: str = "moderate") -> Keyset:
    """Escrow the keyset under a (new) passphrase; only its public key stays in the keyset."""
    if len(passphrase) < 12:
        raise KeyManagementError(
            _("the passphrase must have at least 12 characters (use several words)")
        )
    kdf = new_kdf_params(profile)
    public = bytes(passphrase_private(passphrase, kdf).public_key)
    with store.write():
        keyset = require_keyset(store)
        keyset.passphrase_public, keyset.kdf = public, kdf
        keyset.escrow_generation += 1
        save_keyset(store, keyset)
    return keyset


def make_recovery_code(store: Store) -> str:
    """A new printed recovery code; the previous one stops working at the next escrow upload."""
    code = new_recovery_code()
    public = bytes(recovery_private(code).public_key)
    with store.write():
        keyset = require_keyset(store)
        keyset.recovery_public = public
        keyset.escrow_generation += 1
        save_keyset(store, keyset)
    return code


def rotate(store: Store) -> SpaceKey:
    """A new current key (old ones are kept to read old envelopes)."""
    with store.write():
        keyset = require_keyset(store)
        current = keyset.current
        assert current is not None
        fresh = _new_space_key(current.generation + 1)
        keyset.add(fresh)
        save_keyset(store, keyset)
    return fresh


def discard_key(store: Store, key_id: str) -> None:
    """Drop a key this device made but could not publish (nothing was sealed with it yet)."""
    with store.write():
        keyset = require_keyset(store)
        if len(keyset.keys) > 1:
            keyset.keys.pop(key_id, None)
            save_keyset(store, keyset)


def open_escrow(
    escrow: Escrow, passphrase: str | None = None, recovery_code: str | None = None
) -> Keyset:
    if passphrase is not None:
        return escrow.open_with_passphrase(passphrase)
    if recovery_code is not None:
        return escrow.open_with_recovery(recovery_code)
    raise KeyManagementError(_("give the passphrase or the recovery code"))


def adopt(store: Store, received: Keyset) -> int:
    """Merge a received keyset into ours; then apply envelopes it makes readable."""
    authority = own_authority(store)
    if received.authority != authority:
        raise KeyManagementError(
            _("these keys belong to {owner}, but this device is enrolled for {authority}").format(
                owner=received.authority, authority=authority
            )
        )
    with store.write():
        keyset = load_keyset(store) or Keyset(authority)
        keyset.merge(received)
        save_keyset(store, keyset)
    return backfill(store)


# -- key files (USB) ---------------------------------------------------------------------


def export_key_file(store: Store, path: Path) -> Path:
    """The escrow in a file: opens only with the passphrase or the recovery code."""
    keyset = require_keyset(store)
    if keyset.passphrase_public is None and keyset.recovery_public is None:
        raise KeyManagementError(
            _(
                "set a passphrase first (`entraide keys create --passphrase-file FILE`): "
                "a key file is protected by it"
            )
        )
    data = msgpack.packb([KEY_FILE_TAG, 1, make_escrow(keyset).to_bytes()], use_bin_type=True)
    atomic_write(path, data)  # owner-only, whole or absent
    return path


def read_key_file(path: Path) -> Escrow:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyManagementError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    try:
        tag, fmt, blob = msgpack.unpackb(data, raw=False)
        if tag != KEY_FILE_TAG or fmt != 1:
            raise ValueError
    except Exception:
        raise KeyManagementError(
            _("{path} is not an Entraide key file").format(path=path)
        ) from None
    try:
        return Escrow.from_bytes(blob)
    except CryptoError as exc:
        raise KeyManagementError(_("{path}: {reason}").format(path=path, reason=exc)) from None


# -- groups that arrived before their key ---------------------------------------------------


def held_unreadable(store: Store) -> int:
    """Groups of our space this device holds but cannot read yet (no key)."""
    try:
        space = authority_space(own_authority(store))
    except MissingKeyError:
        return 0
    return unread_group_count(store, space)


def backfill(store: Store) -> int:
    """Open and apply held groups whose key is now here; returns how many changes became readable.

    One that fails authentication is quarantined, never applied.
    """
    from .keyring import SpaceKeyring  # keyring imports this module

    space = authority_space(own_authority(store))
    return open_stored_groups(store, SpaceKeyring(store), space).changes
