"""The first-day key steps (wrong secrets raise shared.crypto.CryptoError) of a device, one function each, shared by the CLI and the app:
create the authority's key under a passphrase, unlock it on another device (from the
server or a key file), and say whether losing this device would lose the cases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from shared.crypto import Escrow, Keyset
from shared.i18n import _

from ..identity import load_identity
from ..store import Store
from .local import KeyManagementError, load_keyset, server_view
from .manage import (
    adopt,
    create_first_key,
    export_key_file,
    held_unreadable,
    make_recovery_code,
    open_escrow,
    read_key_file,
    set_passphrase,
)

__all__ = [  # the steps the CLI and the app use, from one module
    "KeyStatus",
    "Unlocked",
    "create_protected_key",
    "ensure_can_create",
    "export_key_file",
    "import_from_file",
    "key_status",
    "make_recovery_code",
    "set_passphrase",
    "unlock_from_server",
    "upload_keys",
    "write_recovery_sheet",
]
from .remote import KeyServer, KeyServerError, sync_keys


@dataclass(frozen=True)
class KeyStatus:
    authority: str | None
    current_key: str | None
    generation: int | None
    keys_held: int
    passphrase_set: bool
    recovery_code_set: bool
    server_current_key: str | None
    rotation_needed: bool
    unreadable_held: int

    @property
    def at_risk(self) -> bool:
        """Neither a passphrase nor a recovery code: losing this device loses the cases."""
        return not (self.passphrase_set or self.recovery_code_set)

    @property
    def needs_unlock(self) -> bool:
        """The authority has keys (made elsewhere) that this device does not hold yet."""
        return bool(self.unreadable_held or (self.server_current_key and not self.current_key))


@dataclass(frozen=True)
class Unlocked:
    keyset: Keyset
    readable: int  # changes held unread that the keys made readable


def key_status(store: Store) -> KeyStatus:
    keyset = load_keyset(store)
    current = keyset.current if keyset else None
    view = server_view(store)
    return KeyStatus(
        authority=store.get_meta("authority"),
        current_key=current.key_id if current else None,
        generation=current.generation if current else None,
        keys_held=len(keyset.keys) if keyset else 0,
        passphrase_set=bool(keyset and keyset.passphrase_public),
        recovery_code_set=bool(keyset and keyset.recovery_public),
        server_current_key=view.get("current") or None,
        rotation_needed=bool(view.get("rotation_needed")),
        unreadable_held=held_unreadable(store),
    )


def ensure_can_create(store: Store) -> None:
    """Refuse, with the reason, when the authority's key exists already."""
    keyset = load_keyset(store)
    if keyset is None and server_view(store).get("current"):
        raise KeyManagementError(
            _(
                "your authority already has a key (made on another device): "
                "unlock it with the passphrase instead"
            )
        )
    if keyset is not None and keyset.passphrase_public:
        raise KeyManagementError(
            _("keys and passphrase already exist; change the passphrase instead")
        )


def create_protected_key(store: Store, passphrase: str, profile: str = "moderate") -> Keyset:
    """The authority's first key, protected at once by the passphrase (one transaction:
    a refused passphrase leaves no key behind)."""
    ensure_can_create(store)
    with store.write():
        create_first_key(store)
        return set_passphrase(store, passphrase, profile)


def unlock_from_server(
    store: Store, passphrase: str | None = None, recovery_code: str | None = None
) -> Unlocked:
    """Fetch the authority's sealed keys from the server and open them here."""
    server = KeyServer.for_store(store)
    escrow_bytes = server.state().escrow
    if escrow_bytes is None:
        raise KeyManagementError(
            _(
                "the server holds no passphrase-protected keys for your authority: create them "
                "on the device that has them, or bring a key file"
            )
        )
    keyset = open_escrow(Escrow.from_bytes(escrow_bytes), passphrase, recovery_code)
    readable = adopt(store, keyset)
    sync_keys(store, load_identity(store), server)
    return Unlocked(keyset, readable)


def import_from_file(
    store: Store, path: Path, passphrase: str | None = None, recovery_code: str | None = None
) -> Unlocked:
    """Open a key file (brought on USB) with the passphrase or the recovery code."""
    keyset = open_escrow(read_key_file(path), passphrase, recovery_code)
    return Unlocked(keyset, adopt(store, keyset))


def upload_keys(store: Store) -> str:
    """Publish key changes now if the server answers, else at the next sync; says which."""
    if not store.get_meta("server_url") or not store.get_meta("device_token"):
        return _("Not enrolled with a server yet: the keys will be uploaded at the first sync.")
    try:
        sync_keys(store, load_identity(store), KeyServer.for_store(store))
    except KeyServerError as exc:
        return _("Not uploaded now ({reason}); the next sync will upload them.").format(reason=exc)
    return _("Uploaded to the server (sealed: the server cannot read them).")


def write_recovery_sheet(path: Path, code: str) -> Path:
    """A text file to print with the recovery code; never over an earlier file."""
    from ..paths import unused_path

    target = unused_path(path)
    text = "\n".join(
        [
            _("Entraide recovery code"),
            "",
            f"    {code}",
            "",
            _(
                "Keep this sheet in a safe. It opens the authority's cases if the passphrase "
                "is forgotten or the PC is lost. Delete the file once printed."
            ),
            "",
        ]
    )
    target.write_text(text, encoding="utf-8")
    return target
