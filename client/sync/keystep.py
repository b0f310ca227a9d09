"""The key step of a sync round: `client.keys.sync_keys` (grants, escrow, rotation).

It costs round trips, so it runs only when there may be key work: never done,
this device's keyset changed since (a first key made while sealing, a
passphrase set, a rotation), a pull brought groups this device cannot read
yet, or KEY_SYNC_INTERVAL passed (a revocation elsewhere makes rotation due).
An incremental round therefore stays at one push and one pull.
"""

from __future__ import annotations

import hashlib
import time

from shared.i18n import _

from ..identity import Identity
from ..keys import KeyManagementError, KeyServer, KeyServerError, sync_keys
from ..store import Store
from . import state
from .transport import HttpTransport, SyncError

KEY_SYNC_INTERVAL = 600.0  # seconds


def keyset_fingerprint(store: Store) -> str:
    return hashlib.sha256((store.get_meta("keyset") or "").encode()).hexdigest()[:16]


def key_sync_due(store: Store, now: float | None = None) -> bool:
    last = state.get(store, "keys_synced_at")
    if last is None or state.get(store, "keys_fingerprint") != keyset_fingerprint(store):
        return True
    try:
        return (now or time.time()) - float(last) > KEY_SYNC_INTERVAL
    except ValueError:
        return True


def keyset_changed(store: Store) -> bool:
    return state.get(store, "keys_fingerprint") != keyset_fingerprint(store)


def run_key_sync(store: Store, identity: Identity, http: HttpTransport, warnings: list[str]) -> int:
    """One key exchange; returns how many held changes became readable."""
    token = store.get_meta("device_token") or ""
    server = KeyServer(str(http.client.base_url), token, client=http.client)
    readable = 0
    try:
        report = sync_keys(store, identity, server)
    except KeyServerError as exc:
        if exc.status == 0:  # no answer at all: the network, not the keys
            raise SyncError(_network_words(str(exc)), unreachable=True) from None
        warnings.append(_("keys: {problem}").format(problem=exc))
    except KeyManagementError as exc:
        warnings.append(_("keys: {problem}").format(problem=exc))
    else:
        readable = report.newly_readable
        warnings.extend(_("keys: {problem}").format(problem=p) for p in report.problems or [])
        if report.needs_unlock:
            warnings.append(
                _(
                    "keys: this device does not hold all of its authority's keys yet: "
                    "run `entraide keys unlock` (passphrase) or import a key file"
                )
            )
    state.put(store, "keys_synced_at", str(time.time()))
    state.put(store, "keys_fingerprint", keyset_fingerprint(store))
    return readable


def _network_words(text: str) -> str:
    """The same plain words as the sync transport, for a key exchange that got no answer."""
    lowered = text.lower()
    if "timed out" in lowered or "timeout" in lowered:
        return _("the server did not answer in time")
    if "refused" in lowered:
        return _("server unreachable ({reason})").format(reason=_("connection refused"))
    return _("connection lost during transfer ({reason})").format(
        reason=text.rsplit(": ", 1)[-1][:120]
    )
