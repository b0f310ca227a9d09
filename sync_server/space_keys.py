"""Server side of end-to-end encryption: it keeps sealed keysets it cannot open.

Per authority the server stores:
- the *escrow*: the authority's keyset sealed to its passphrase key and its
  recovery-code key (an opaque blob; a new device fetches it and the user
  types the passphrase);
- *grants*: the keyset sealed to each device that proved it holds a key, so
  the authority's other devices pick up a rotated key without a passphrase;
- *holder proofs*: a MAC under a space key that the device holds it (only
  other key holders can check it, so the server cannot add a device of its
  own to the grants).

The server sees key ids (they travel with every encrypted group anyway), never keys,
so it cannot tell a real key from a made-up one. It therefore decides *who*
may publish (`may_change_keys`): the authority's first keyset comes from any of
its devices; after that only its admin devices publish, or any of its devices
while it has no active admin device. Every publication is also checked for
shape and consistency: an escrow that parses, names the authority and has
KDF parameters a device can afford; an escrow generation that never goes
back and grows by a bounded step; an escrow replaced only together with the
keys or a new generation; grants only to active devices (docs/security.md).
A revocation makes rotation due: `rotation_needed` stays true until a device
publishes a keyset whose current key is new. Publishing is compare-and-set on
a version number, so two devices rotating at once cannot lose a key.

Mount: `*space_key_routes(authenticate)` in the route list of `sync_server/app.py`.
The tables live in the storage's database (SQLite or PostgreSQL) and are queried
through it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shared import contracts
from shared.contracts.keys import (
    MAX_BLOB,
    MAX_GRANTS,
    MAX_KEY_IDS,
    SEALED_OVERHEAD,
    KeyHolder,
    KeyPublish,
    KeyPublished,
    KeyState,
    Ok,
)
from shared.crypto import MAX_MEMLIMIT, MAX_OPSLIMIT, SALT_SIZE, CryptoError, Escrow
from shared.wire import WireError, unpack_raw

from .limits import HttpError, read_body
from .storage import Device, Storage, now_iso

MEDIA_TYPE = "application/x-entraide"
MAX_BODY = 4 * 1024 * 1024
MAX_ESCROW_STEP = 1000  # a publication raises the escrow generation by at most this much

# The tables are migration 2 of `migrations.py`.


class KeyProtocolError(HttpError):
    """A key request refused: its words and status (answered packed, like every /keys/ error)."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(status, message)


@dataclass(frozen=True)
class StoredKeys:
    version: int
    current: str
    key_ids: list[str]
    escrow_generation: int
    escrow: bytes | None
    covered: set[str]


class KeyStore:
    """The three key tables, in the storage's database (its `_tx`, `_read`, `for_update`)."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def state(self, authority: str) -> StoredKeys | None:
        rows = self.db._read(
            "SELECT version, current_key, key_ids, escrow_generation, escrow, covered"
            " FROM key_state WHERE authority = ?",
            (authority,),
        )
        if not rows:
            return None
        version, current, key_ids, escrow_gen, escrow, covered = rows[0]
        return StoredKeys(
            version,
            current,
            _split(key_ids),
            escrow_gen,
            bytes(escrow) if escrow is not None else None,
            set(_split(covered)),
        )

    def grant(self, authority: str, device_id: str) -> bytes | None:
        rows = self.db._read(
            "SELECT blob FROM key_grants WHERE authority = ? AND device_id = ?",
            (authority, device_id),
        )
        return bytes(rows[0][0]) if rows else None

    def holders(self, authority: str) -> list[tuple[str, str, bytes]]:
        rows = self.db._read(
            "SELECT device_id, key_id, proof FROM key_holders WHERE authority = ? ORDER BY device_id",
            (authority,),
        )
        return [(d, k, bytes(p)) for d, k, p in rows]

    def set_holder(self, authority: str, device_id: str, key_id: str, proof: bytes) -> None:
        with self.db._tx() as conn:
            conn.execute(
                "INSERT INTO key_holders (authority, device_id, key_id, proof) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (authority, device_id)"
                " DO UPDATE SET key_id = excluded.key_id, proof = excluded.proof",
                (authority, device_id, key_id, proof),
            )

    def publish(
        self,
        authority: str,
        device_id: str,
        base_version: int,
        current: str,
        key_ids: list[str],
        escrow_generation: int,
        escrow: bytes | None,
        grants: dict[str, bytes],
        revoked: set[str],
        may_change: bool = True,
    ) -> int:
        """Compare-and-set; returns the new version. Raises KeyProtocolError 409 on a lost race,
        403 when a keyset exists and `may_change` is false (see the module's docstring)."""
        with self.db._tx() as conn:
            row = conn.execute(
                "SELECT version, current_key, key_ids, escrow, covered, escrow_generation"
                " FROM key_state WHERE authority = ?" + self.db.for_update,  # publishers take turns
                (authority,),
            ).fetchone()
            version = row[0] if row else 0
            if base_version != version:
                raise KeyProtocolError(
                    f"the keys of {authority} changed meanwhile (version {version}, not "
                    f"{base_version}): fetch them and try again",
                    409,
                )
            if row is not None:
                if not may_change:
                    raise KeyProtocolError(
                        f"only the admin devices of {authority} may change its keys, "
                        "passphrase or recovery code",
                        403,
                    )
                old_ids = set(_split(row[2]))
                if not old_ids <= set(key_ids):
                    raise KeyProtocolError("a keyset may gain keys but never lose one", 409)
                old_generation = row[5]
                if escrow_generation < old_generation:
                    raise KeyProtocolError(
                        f"the escrow of {authority} is already at generation {old_generation}: "
                        "fetch the keys and try again",
                        409,
                    )
                if escrow_generation > old_generation + MAX_ESCROW_STEP:
                    raise KeyProtocolError(
                        f"the escrow generation may grow by at most {MAX_ESCROW_STEP} at a time"
                    )
                keys_changed = current != row[1] or set(key_ids) != old_ids
                if (
                    escrow is not None
                    and row[3] is not None
                    and escrow_generation == old_generation
                    and not keys_changed
                ):
                    escrow = None  # nothing new to seal: keep the stored escrow
                rotated = current != row[1]
                if not rotated and revoked - set(_split(row[4])):
                    raise KeyProtocolError(
                        f"a device of {authority} has been revoked: the key must be rotated", 409
                    )
                covered = revoked if rotated else set(_split(row[4]))
                if escrow is None and escrow_generation != old_generation:
                    raise KeyProtocolError("a new escrow generation needs its escrow")
                escrow = escrow if escrow is not None else row[3]
            else:
                covered = revoked
            conn.execute(
                "INSERT INTO key_state (authority, version, current_key, key_ids,"
                " escrow_generation, escrow, covered, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (authority) DO UPDATE SET"
                " version = excluded.version, current_key = excluded.current_key,"
                " key_ids = excluded.key_ids, escrow_generation = excluded.escrow_generation,"
                " escrow = excluded.escrow, covered = excluded.covered,"
                " updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                (
                    authority,
                    version + 1,
                    current,
                    ",".join(sorted(key_ids)),
                    escrow_generation,
                    escrow,
                    ",".join(sorted(covered)),
                    device_id,
                    now_iso(),
                ),
            )
            for grantee, blob in grants.items():
                conn.execute(
                    "INSERT INTO key_grants (authority, device_id, version, blob)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT (authority, device_id)"
                    " DO UPDATE SET version = excluded.version, blob = excluded.blob",
                    (authority, grantee, version + 1, blob),
                )
            return version + 1

    def forget_device(self, authority: str, device_id: str) -> None:
        """Drop a revoked device's grant and proof (it is refused anyway; nothing to keep)."""
        with self.db._tx() as conn:
            conn.execute(
                "DELETE FROM key_grants WHERE authority = ? AND device_id = ?",
                (authority, device_id),
            )
            conn.execute(
                "DELETE FROM key_holders WHERE authority = ? AND device_id = ?",
                (authority, device_id),
            )


def _split(text: str) -> list[str]:
    return [t for t in text.split(",") if t]


# -- the HTTP side -----------------------------------------------------------------------
KEY_PATHS = "/keys/"  # the app answers these routes' errors packed, like their answers
T = TypeVar("T")


def _key_store(request: Request) -> KeyStore:
    """One KeyStore per app, over the storage's database, made at the app's start."""
    keys: KeyStore = request.app.state.space_keys
    return keys


Authenticate = Callable[[Request], Awaitable[Device]]


def space_key_routes(authenticate: Authenticate) -> list[Route]:
    """The routes to add to the app's list. `authenticate` returns the request's unrevoked
    device or raises; the app's exception handler answers every refusal."""

    async def get_state(request: Request) -> Response:
        device = await authenticate(request)
        await read_body(request, 1024)
        storage: Storage = request.app.state.storage
        return _reply(await run_in_threadpool(_state, storage, _key_store(request), device))

    async def post_publish(request: Request) -> Response:
        device = await authenticate(request)
        msg = await _message(request, KeyPublish, "a key publication")
        storage: Storage = request.app.state.storage
        return _reply(await run_in_threadpool(_publish, storage, _key_store(request), device, msg))

    async def post_holder(request: Request) -> Response:
        device = await authenticate(request)
        msg = await _message(request, KeyHolder, "a key holder's proof")
        keys = _key_store(request)
        await run_in_threadpool(
            keys.set_holder, device.authority, device.device_id, msg.key_id, msg.proof
        )
        return _reply(Ok(True))

    return [
        Route(KEY_PATHS + "state", get_state, methods=["GET"]),
        Route(KEY_PATHS + "publish", post_publish, methods=["POST"]),
        Route(KEY_PATHS + "holder", post_holder, methods=["POST"]),
    ]


def may_change_keys(storage: Storage, device: Device) -> bool:
    """After the first keyset: admin devices, or any device of an authority without one."""
    if device.role == "admin":
        return True
    return not any(
        d.role == "admin" and d.revoked_at is None for d in storage.devices(device.authority)
    )


def _revoked(storage: Storage, authority: str) -> set[str]:
    return {d.device_id for d in storage.devices(authority) if d.revoked_at is not None}


def _state(storage: Storage, keys: KeyStore, device: Device) -> KeyState:
    state = keys.state(device.authority)
    gone = _revoked(storage, device.authority)
    active = {d.device_id: d for d in storage.devices(device.authority) if d.revoked_at is None}
    holders = []
    for device_id, key_id, proof in keys.holders(device.authority):
        if device_id in active:
            holders.append((device_id, active[device_id].cert, key_id, proof))
        else:
            keys.forget_device(device.authority, device_id)
    return KeyState(
        version=state.version if state else 0,
        current=state.current if state else "",
        key_ids=state.key_ids if state else [],
        escrow_generation=state.escrow_generation if state else 0,
        rotation_needed=bool(state and gone - state.covered),
        escrow=state.escrow if state else None,
        grant=keys.grant(device.authority, device.device_id),
        holders=holders,
        may_change_keys=state is None or may_change_keys(storage, device),
    )


def _publish(storage: Storage, keys: KeyStore, device: Device, msg: KeyPublish) -> KeyPublished:
    """A publication whose shape the contract checked: now its escrow and its grantees."""
    if msg.escrow is not None:
        problem = escrow_problem(msg.escrow, device.authority)
        if problem:
            raise KeyProtocolError(f"'escrow' is refused: {problem}")
    active = {d.device_id for d in storage.devices(device.authority) if d.revoked_at is None}
    for grantee in msg.grants:
        if grantee not in active:
            raise KeyProtocolError(f"no active device {grantee[:64]!r} in {device.authority}", 403)
    version = keys.publish(
        device.authority,
        device.device_id,
        msg.base_version,
        msg.current,
        msg.key_ids,
        msg.escrow_generation,
        msg.escrow,
        msg.grants,
        _revoked(storage, device.authority),
        may_change_keys(storage, device),
    )
    if msg.proof is not None:
        keys.set_holder(device.authority, device.device_id, msg.current, msg.proof)
    return KeyPublished(version)


async def _message(request: Request, kind: type[T], what: str) -> T:
    if request.headers.get("content-type", "").split(";")[0].strip() != MEDIA_TYPE:
        raise KeyProtocolError(f"body must be {MEDIA_TYPE}", 415)
    body = await read_body(request, MAX_BODY)
    try:
        return contracts.decode(
            body, kind, what, max_size=MAX_BODY * 2, max_items=4 * (MAX_GRANTS + MAX_KEY_IDS)
        )
    except contracts.ContractError as exc:
        raise KeyProtocolError(str(exc)) from None
    except WireError as exc:
        raise KeyProtocolError(f"body is not a valid message: {exc}") from None


def escrow_problem(data: bytes, authority: str) -> str | None:
    """Why an escrow blob cannot be what a device of `authority` needs to unlock, or None.

    The server cannot open it; it checks what a new device relies on before the
    passphrase is even asked: the format, the authority, sealed parts of a
    plausible size, and Argon2id parameters within what devices accept."""
    if not 0 < len(data) <= MAX_BLOB:
        return "it must be a blob of at most 256 KiB"
    try:
        unpack_raw(data, MAX_BLOB, max_items=64)  # bounded before Escrow parses it
        escrow = Escrow.from_bytes(data)
    except (WireError, CryptoError):
        return "it is not an Entraide key escrow"
    if escrow.authority != authority:
        return f"it is sealed for {escrow.authority[:40]!r}, not {authority}"
    if escrow.by_passphrase is None and escrow.by_recovery is None:
        return "it is sealed to neither a passphrase nor a recovery code"
    for part in (escrow.by_passphrase, escrow.by_recovery):
        if part is not None and not SEALED_OVERHEAD < len(part) <= MAX_BLOB:
            return "a sealed part has an impossible size"
    if (escrow.by_passphrase is None) != (escrow.kdf is None):
        return "the passphrase part and its key-derivation parameters go together"
    if escrow.kdf is not None:
        salt, ops, mem = escrow.kdf
        if not (
            len(salt) == SALT_SIZE and 1 <= ops <= MAX_OPSLIMIT and 8192 <= mem <= MAX_MEMLIMIT
        ):
            return "its key-derivation parameters are out of range"
    return None


def _reply(message: Any, status: int = 200) -> Response:
    return Response(contracts.encode(message), status_code=status, media_type=MEDIA_TYPE)
