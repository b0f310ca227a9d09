"""Exchange keys: this authority's pairs (in its keyset) and peers' published halves.

The private halves live in the authority's keyset, so they reach its other
devices with the space keys (escrow, grants, key files). The public halves are
fields of the authority's directory entry; another authority uses them only
from the version the secretariat approved.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.crypto import ExchangeKey, exchange_key_id, new_exchange_key
from shared.i18n import _

from ..directory import approved_entry, propose_edit
from ..keys.local import load_keyset, own_authority, save_keyset
from ..keys.manage import require_keyset
from ..store import Store
from ..store.store import now_iso
from .errors import ExchangeError


@dataclass(frozen=True)
class PublishedKey:
    """An authority's exchange key as its approved directory entry gives it."""

    authority: str
    key_id: str
    box_public: bytes
    verify_key: bytes
    revoked: frozenset[str] = frozenset()  # key ids the approved entry says are revoked


def signing_exchange_key(store: Store) -> ExchangeKey:
    """The pair to sign with: the one this authority's approved entry publishes (receivers
    check against it), so a rotation not yet approved does not strand what is sent."""
    authority = own_authority(store)
    approved = published_key(store, authority)
    pair = own_exchange_keys(store).get(approved.key_id)
    if pair is None:
        raise ExchangeError(
            _(
                "this device lacks the exchange key {key} that {authority}'s approved entry"
                " publishes: unlock the authority's keys"
            ).format(key=approved.key_id, authority=authority)
        )
    return pair


def own_exchange_keys(store: Store) -> dict[str, ExchangeKey]:
    """Every pair this authority ever had, old ones included (for packages sealed to them)."""
    keyset = load_keyset(store)
    return dict(keyset.exchange) if keyset is not None else {}


def make_exchange_key(store: Store, rotate: bool = False) -> ExchangeKey:
    """Make the authority's exchange key pair (or a new generation) and propose its public
    halves in the authority's directory entry; the secretariat's approval publishes them.

    Without `rotate`, an existing pair is kept and proposed again (idempotent). The
    escrow generation is bumped so that the next key sync uploads the new keyset.
    """
    authority = own_authority(store)
    with store.write():
        keyset = require_keyset(store)
        pair = keyset.current_exchange
        if pair is None or rotate:
            generation = pair.generation + 1 if pair is not None else 1
            pair = new_exchange_key(generation, now_iso())
            keyset.add_exchange(pair)
            keyset.escrow_generation += 1
            save_keyset(store, keyset)
        propose_edit(
            store,
            authority,
            {
                "exchange_key_id": pair.key_id,
                "exchange_public": pair.box_public.hex(),
                "exchange_verify": pair.verify_key.hex(),
            },
        )
    return pair


def published_key(store: Store, authority: str) -> PublishedKey:
    """The exchange key of `authority` from its approved entry; one clear error otherwise."""
    entry = approved_entry(store, authority) if store.exists(authority) else None
    if entry is None:
        raise ExchangeError(
            _("{authority} has no directory entry approved by the secretariat").format(
                authority=authority
            )
        )
    try:
        box, verify = (
            bytes.fromhex(entry["exchange_public"]),
            bytes.fromhex(entry["exchange_verify"]),
        )
    except (KeyError, TypeError, ValueError):
        box = verify = b""
    key_id = str(entry.get("exchange_key_id") or "")
    if len(box) != 32 or len(verify) != 32 or exchange_key_id(box, verify) != key_id:
        raise ExchangeError(
            _(
                "{authority}'s approved directory entry publishes no valid exchange key yet"
                " (it runs `entraide keys exchange`, then the secretariat approves)"
            ).format(authority=authority)
        )
    return PublishedKey(authority, key_id, box, verify, revoked_key_ids(entry))


def revoked_key_ids(entry: dict) -> frozenset[str]:
    return frozenset(str(entry.get("exchange_revoked") or "").split())


def revoke_exchange_key(store: Store, key_id: str) -> ExchangeKey:
    """Revoke one of this authority's exchange keys (e.g. a device holding it was lost).

    The revocation is proposed in the authority's directory entry, with a new pair when
    the revoked one is the current one, and takes effect once the secretariat approves
    it, as the publication did: from then on, receivers refuse every envelope signed with
    the revoked key that they had not yet opened. Packages sealed to it still open here
    (the private half is kept). Returns the pair now proposed.
    """
    authority = own_authority(store)
    pairs = own_exchange_keys(store)
    if key_id not in pairs:
        raise ExchangeError(
            _("{key} is not one of this authority's exchange keys").format(key=key_id)
        )
    entry = approved_entry(store, authority) or {}
    revoked = sorted(revoked_key_ids(entry) | {key_id})
    with store.write():
        keyset = require_keyset(store)
        current = keyset.current_exchange
        rotate = current is None or current.key_id == key_id
        pair = make_exchange_key(store, rotate=rotate)
        propose_edit(store, authority, {"exchange_revoked": " ".join(revoked)})
    return pair
