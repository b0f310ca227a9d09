"""The people who use this PC: named local users, each with an optional PIN, and who is
using it now (remembered from one start to the next). The device stays the cryptographic
identity; the user's name is what the history shows as the author of each change.

A PIN keeps colleagues from working under each other's name by mistake; it is not a
security boundary (whoever holds the PC holds the data). It is stored as an Argon2id hash.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import nacl.exceptions
import nacl.pwhash

from shared.errors import EntraideError
from shared.i18n import _

from .store import Store

USERS_META = "local_users"  # JSON: {name: PIN hash, or "" for no PIN}
CURRENT_META = "user_name"  # the name the store writes as author; remembered per PC


class UserError(EntraideError):
    """A local user that cannot be added or chosen, in one sentence."""


@dataclass(frozen=True)
class LocalUser:
    name: str
    has_pin: bool


def _read(store: Store) -> dict[str, str]:
    value = store.get_meta(USERS_META)
    return json.loads(value) if value else {}


def list_users(store: Store) -> list[LocalUser]:
    return [LocalUser(name, bool(pin)) for name, pin in sorted(_read(store).items())]


def add_user(store: Store, name: str, pin: str = "") -> LocalUser:
    name = " ".join(name.split())
    if not name:
        raise UserError(_("give the person's name"))
    if pin and (not pin.isdigit() or len(pin) < 4):
        raise UserError(_("a PIN is at least 4 digits"))
    users = _read(store)
    if name in users:
        raise UserError(_("{name} is already a user of this PC").format(name=name))
    users[name] = (
        nacl.pwhash.argon2id.str(
            pin.encode(),
            opslimit=nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE,
            memlimit=nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE,
        ).decode()
        if pin
        else ""
    )
    store.set_meta(USERS_META, json.dumps(users, sort_keys=True))
    return LocalUser(name, bool(pin))


def remove_user(store: Store, name: str) -> None:
    users = _read(store)
    users.pop(name, None)
    store.set_meta(USERS_META, json.dumps(users, sort_keys=True))


def pin_matches(store: Store, name: str, pin: str) -> bool:
    stored = _read(store).get(name)
    if stored is None:
        return False
    if not stored:
        return True
    try:
        return nacl.pwhash.verify(stored.encode(), pin.encode())
    except nacl.exceptions.InvalidkeyError:
        return False


def sign_in(store: Store, name: str, pin: str = "") -> None:
    """Work as `name` from now on: the history shows this name on every change."""
    if not pin_matches(store, name, pin):
        raise UserError(_("wrong PIN for {name}").format(name=name))
    store.set_meta(CURRENT_META, name)
    store.author = name


def current_user(store: Store) -> str:
    """The remembered user of this PC ("" when none was chosen)."""
    return store.get_meta(CURRENT_META) or ""
