"""Space keys of an authority: creation, escrow (passphrase, recovery code, key file),
distribution to the authority's devices, rotation after a revocation."""

from .keyring import SpaceKeyring, default_keyring
from .local import KeyManagementError, MissingKeyError, load_keyset
from .manage import (
    adopt,
    backfill,
    create_first_key,
    export_key_file,
    held_unreadable,
    make_recovery_code,
    open_escrow,
    read_key_file,
    rotate,
    set_passphrase,
)
from .remote import KeyServer, KeyServerError, KeySyncReport, sync_keys

__all__ = [
    "KeyManagementError",
    "KeyServer",
    "KeyServerError",
    "KeySyncReport",
    "MissingKeyError",
    "SpaceKeyring",
    "adopt",
    "backfill",
    "create_first_key",
    "default_keyring",
    "export_key_file",
    "held_unreadable",
    "load_keyset",
    "make_recovery_code",
    "open_escrow",
    "read_key_file",
    "rotate",
    "set_passphrase",
    "sync_keys",
]
