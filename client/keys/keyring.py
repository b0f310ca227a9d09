"""The keyring sealing and ingest use: seals with the current space key, opens by key id."""

from __future__ import annotations

from shared.access import authority_space
from shared.crypto import CryptoError, Keyset, open_group, seal_group
from shared.i18n import _

from ..replication.keyring import DecryptionError, Keyring
from ..store import Store
from .local import MissingKeyError, load_keyset, own_authority, server_view
from .manage import create_first_key


class SpaceKeyring:
    """Keys of this device's authority, read from the store (cached until they change)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._raw: str | None = None
        self._keyset: Keyset | None = None

    def keyset(self) -> Keyset | None:
        raw = self.store.get_meta("keyset")
        if raw != self._raw:
            self._raw, self._keyset = raw, load_keyset(self.store)
        return self._keyset

    def seal(self, space: str, author: str, plaintext: bytes) -> tuple[str, bytes]:
        authority = own_authority(self.store)
        if space != authority_space(authority):
            raise MissingKeyError(
                _("a device of {authority} cannot encrypt for {space}").format(
                    authority=authority, space=space
                )
            )
        keyset = self.keyset()
        if keyset is None or keyset.current is None:
            if server_view(self.store).get("current"):
                # The authority already has a key: making another would split it in two.
                raise MissingKeyError(
                    _(
                        "this device does not hold the key of {authority} yet, so its cases stay "
                        "on this device: run `entraide keys unlock` (passphrase) or "
                        "`entraide keys import-file FILE`"
                    ).format(authority=authority)
                )
            keyset = create_first_key(self.store)
        current = keyset.current
        assert current is not None
        return current.key_id, seal_group(current.key, space, author, current.key_id, plaintext)

    def open(self, space: str, author: str, key_id: str, payload: bytes) -> bytes | None:
        if not key_id:
            raise DecryptionError(
                _("a group of {space} from {author} is not encrypted").format(
                    space=space, author=author
                )
            )
        keyset = self.keyset()
        if keyset is None or authority_space(keyset.authority) != space:
            return None
        key = keyset.keys.get(key_id)
        if key is None:
            return None  # kept unread; `backfill` opens it once the key arrives
        try:
            return open_group(key.key, space, author, key_id, payload)
        except CryptoError as exc:
            raise DecryptionError(
                _("a group of {space} from device {author}: {reason}").format(
                    space=space, author=author, reason=exc
                )
            ) from None


def default_keyring(store: Store) -> Keyring:
    """The keyring sealing and ingest use: never sends an authority space in clear.

    Without a key it makes the authority's first key, or, if the authority already
    has one this device lacks, refuses with a message saying how to unlock it.
    """
    return SpaceKeyring(store)
