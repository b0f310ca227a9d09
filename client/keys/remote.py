"""The device side of the server's key endpoints (`sync_server/space_keys.py`).

`sync_keys` is one step of every sync round, run before local changes are
sealed: it picks up keys granted to this device, publishes keys the server
lacks (first key, a passphrase change), rotates the key when the server says a
device of the authority was revoked, and registers this device as a holder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
import msgpack

from shared import contracts
from shared.contracts.keys import KeyHolder, KeyPublish, KeyPublished, KeyState, Ok
from shared.contracts.sync import Error
from shared.crypto import (
    CryptoError,
    Keyset,
    check_holder_proof,
    device_private,
    device_public,
    holder_proof,
    make_escrow,
    open_keyset,
    seal_keyset,
)
from shared.envelope import DeviceCert, EnvelopeError
from shared.i18n import _
from shared.wire import WireError

from ..identity import Identity
from ..store import Store
from .local import KeyManagementError, load_keyset, own_authority, save_server_view
from .manage import adopt, discard_key, rotate

MEDIA_TYPE = "application/x-entraide"
T = TypeVar("T")


class KeyServerError(KeyManagementError):
    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


class KeyServer:
    """HTTP calls to the key endpoints, with this device's bearer token."""

    def __init__(self, base_url: str, token: str, client: httpx.Client | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.client = client or httpx.Client(timeout=httpx.Timeout(60, connect=15))

    @classmethod
    def for_store(cls, store: Store, client: httpx.Client | None = None) -> KeyServer:
        url, token = store.get_meta("server_url"), store.get_meta("device_token")
        if not url or not token:
            raise KeyServerError(
                _(
                    "this device is not enrolled with a server: "
                    "run `entraide init --server URL --code CODE`"
                )
            )
        return cls(url, token, client)

    def _call(self, method: str, path: str, kind: type[T], body: Any = None) -> T:
        """One exchange of `shared.contracts.keys` messages; a refusal raises with the
        server's words and status."""
        headers = {"authorization": f"Bearer {self.token}", "content-type": MEDIA_TYPE}
        try:
            response = self.client.request(
                method,
                self.base_url + path,
                headers=headers,
                content=contracts.encode(body) if body is not None else None,
            )
        except httpx.HTTPError as exc:
            raise KeyServerError(
                _("cannot reach the server at {url}: {reason}").format(
                    url=self.base_url, reason=exc
                )
            ) from None
        if response.status_code != 200:
            try:
                message = contracts.decode(response.content, Error, "a refusal").error
            except WireError:
                message = response.text[:200] or _("server answered {status}").format(
                    status=response.status_code
                )
            raise KeyServerError(message, response.status_code)
        try:
            return contracts.decode(response.content, kind, "the key server's answer")
        except WireError as exc:
            raise KeyServerError(
                _("the server's answer is damaged ({reason})").format(reason=exc)
            ) from None

    def state(self) -> KeyState:
        return self._call("GET", "/keys/state", KeyState)

    def publish(self, message: KeyPublish) -> KeyPublished:
        return self._call("POST", "/keys/publish", KeyPublished, message)

    def holder(self, key_id: str, proof: bytes) -> None:
        self._call("POST", "/keys/holder", Ok, KeyHolder(key_id, proof))


@dataclass
class KeySyncReport:
    received: bool = False  # keys granted to this device were merged
    newly_readable: int = 0  # changes of held groups that became readable
    published: bool = False
    rotated: str = ""  # id of the key this device made at a rotation
    needs_unlock: bool = False  # the authority has keys this device lacks
    current: str = ""  # the current key id, as this device now sees it
    problems: list[str] = field(default_factory=list)


def sync_keys(
    store: Store, identity: Identity, server: KeyServer, attempts: int = 3
) -> KeySyncReport:
    report = KeySyncReport(problems=[])
    authority = own_authority(store)
    for _attempt in range(attempts):
        state = server.state()
        grant = state.grant
        if grant is not None:
            try:
                received = open_keyset(grant, device_private(identity.signing_key), authority)
                before = load_keyset(store)
                report.newly_readable += adopt(store, received)
                after = load_keyset(store)
                report.received = before is None or (
                    after is not None and set(after.keys) != set(before.keys)
                )
            except (CryptoError, KeyManagementError) as exc:
                report.problems.append(
                    _("the keys granted to this device do not open: {reason}").format(reason=exc)
                )
        server_ids = set(state.key_ids)
        server_current = state.current
        save_server_view(
            store,
            {
                "version": state.version,
                "current": server_current,
                "key_ids": sorted(server_ids),
                "rotation_needed": state.rotation_needed,
            },
        )
        keyset = load_keyset(store)
        if keyset is None or keyset.current is None:
            report.needs_unlock = bool(server_current)
            return report
        if server_ids - set(keyset.keys):
            # We cannot publish a complete keyset; the passphrase (or a key file) brings the rest.
            report.needs_unlock = True
            if server_current in keyset.keys:
                _register(server, identity, keyset, server_current, state)
            report.current = keyset.current.key_id
            return report
        may_change = state.may_change_keys
        if state.rotation_needed and keyset.current.key_id == server_current:
            if not may_change:  # the authority's admin devices rotate; this one waits
                _register(server, identity, keyset, server_current, state)
                report.current = server_current
                return report
            report.rotated = rotate(store).key_id
            keyset = load_keyset(store)
            assert keyset is not None
        current = keyset.current
        assert current is not None
        report.current = current.key_id
        must_publish = (
            not server_current
            or current.key_id != server_current
            or set(keyset.keys) - server_ids
            or keyset.escrow_generation > state.escrow_generation
        )
        if not must_publish:
            _register(server, identity, keyset, current.key_id, state)
            return report
        escrow = make_escrow(keyset)
        message = KeyPublish(
            base_version=state.version,
            current=current.key_id,
            key_ids=sorted(keyset.keys),
            escrow_generation=keyset.escrow_generation,
            escrow=escrow.to_bytes() if escrow.by_passphrase or escrow.by_recovery else None,
            grants=_grants(identity, keyset, state, report),
            proof=holder_proof(current.key, identity.device_id, identity.public_key),
        )
        try:
            server.publish(message)
        except KeyServerError as exc:
            if report.rotated:  # never used yet: drop it rather than seal with a key nobody gets
                discard_key(store, report.rotated)
                report.rotated = ""
            if exc.status == 409:
                continue  # another device published meanwhile: fetch its keys and merge
            raise
        report.published = True
        return report
    report.problems.append(_("the authority's keys kept changing during this sync; will retry"))
    return report


def _register(
    server: KeyServer, identity: Identity, keyset: Keyset, key_id: str, state: KeyState
) -> None:
    """Tell the server (and so the next rotating device) that this device holds `key_id`."""
    for device_id, _cert, held, _proof in state.holders:
        if device_id == identity.device_id and held == key_id:
            return
    proof = holder_proof(keyset.keys[key_id].key, identity.device_id, identity.public_key)
    server.holder(key_id, proof)


def _grants(
    identity: Identity, keyset: Keyset, state: KeyState, report: KeySyncReport
) -> dict[str, bytes]:
    """The keyset sealed to every active device that proved it holds one of our keys, and to us."""
    grants = {identity.device_id: seal_keyset(keyset, device_public(identity.public_key))}
    for device_id, cert_wire, held, proof in state.holders:
        try:
            cert = DeviceCert.from_wire(msgpack.unpackb(cert_wire, raw=False))
            if identity.server_public_key is None:
                raise EnvelopeError(_("this device has no server key to check certificates with"))
            cert.verify(identity.server_public_key)
        except (ValueError, TypeError, EnvelopeError) as exc:
            report.problems.append(_("a holder entry was ignored: {reason}").format(reason=exc))
            continue
        key = keyset.keys.get(held)
        if cert.device_id != device_id or cert.authority != keyset.authority or key is None:
            continue
        if not check_holder_proof(key.key, device_id, cert.public_key, proof):
            report.problems.append(
                _("device {device} claims a key it cannot prove it holds").format(device=device_id)
            )
            continue
        grants[device_id] = seal_keyset(keyset, device_public(cert.public_key))
    return grants
