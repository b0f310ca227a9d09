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

The server sees key ids (they travel with every encrypted group anyway), never keys.
A revocation makes rotation due: `rotation_needed` stays true until a device
publishes a keyset whose current key is new. Publishing is compare-and-set on
a version number, so two devices rotating at once cannot lose a key.

Mount: `*space_key_routes(authenticate)` in the route list of `sync_server/app.py`.
The tables live in the storage's database (SQLite or PostgreSQL) and are queried
through it.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from shared.wire import WireError, pack, unpack

from .storage import Device, Storage, now_iso

MEDIA_TYPE = "application/x-entraide"
MAX_BODY = 4 * 1024 * 1024
MAX_BLOB = 256 * 1024  # an escrow or a grant: a keyset of a few hundred keys at most
MAX_GRANTS = 1000
MAX_KEY_IDS = 10_000

# The tables are migration 2 of `migrations.py`.


class KeyProtocolError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class KeyState:
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

    def state(self, authority: str) -> KeyState | None:
        rows = self.db._read(
            "SELECT version, current_key, key_ids, escrow_generation, escrow, covered"
            " FROM key_state WHERE authority = ?",
            (authority,),
        )
        if not rows:
            return None
        version, current, key_ids, escrow_gen, escrow, covered = rows[0]
        return KeyState(
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
    ) -> int:
        """Compare-and-set; returns the new version. Raises KeyProtocolError 409 on a lost race."""
        with self.db._tx() as conn:
            row = conn.execute(
                "SELECT version, current_key, key_ids, escrow, covered FROM key_state"
                " WHERE authority = ?" + self.db.for_update,  # publishers take turns
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
                old_ids = set(_split(row[2]))
                if not old_ids <= set(key_ids):
                    raise KeyProtocolError("a keyset may gain keys but never lose one", 409)
                rotated = current != row[1]
                if not rotated and revoked - set(_split(row[4])):
                    raise KeyProtocolError(
                        f"a device of {authority} has been revoked: the key must be rotated", 409
                    )
                covered = revoked if rotated else set(_split(row[4]))
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


def _key_store(request: Request) -> KeyStore:
    """One KeyStore per app, over the storage's database, made at first use."""
    state = request.app.state
    with _OPEN_LOCK:
        keys = getattr(state, "space_keys", None)
        if keys is None:
            keys = state.space_keys = KeyStore(state.storage)
    return keys


_OPEN_LOCK = threading.Lock()
Authenticate = Callable[[Request], Awaitable[Device]]


def space_key_routes(authenticate: Authenticate | None = None) -> list[Route]:
    """The routes to add to the app's list. `authenticate` returns the request's unrevoked
    device or raises; by default a bearer token is checked here."""
    auth = authenticate or _bearer_device

    async def get_state(request: Request) -> Response:
        device = await auth(request)
        storage: Storage = request.app.state.storage
        return _reply(await run_in_threadpool(_state, storage, _key_store(request), device))

    async def post_publish(request: Request) -> Response:
        device = await auth(request)
        msg = await _message(request)
        storage: Storage = request.app.state.storage
        return _reply(await run_in_threadpool(_publish, storage, _key_store(request), device, msg))

    async def post_holder(request: Request) -> Response:
        device = await auth(request)
        msg = await _message(request)
        proof = msg.get("proof")
        if not isinstance(proof, bytes) or len(proof) != 16:
            raise KeyProtocolError("'proof' must be 16 bytes")
        key_id = _key_id(msg.get("key_id"))
        keys = _key_store(request)
        await run_in_threadpool(keys.set_holder, device.authority, device.device_id, key_id, proof)
        return _reply({"ok": True})

    def guarded(
        handler: Callable[[Request], Awaitable[Response]],
    ) -> Callable[[Request], Awaitable[Response]]:
        async def run(request: Request) -> Response:
            try:
                return await handler(request)
            except KeyProtocolError as exc:
                return _reply({"error": str(exc)}, exc.status)
            except Exception as exc:  # the app's own errors (401/403) carry a status
                status = getattr(exc, "status", None)
                if isinstance(status, int):
                    return _reply({"error": str(exc)}, status)
                raise

        return run

    return [
        Route("/keys/state", guarded(get_state), methods=["GET"]),
        Route("/keys/publish", guarded(post_publish), methods=["POST"]),
        Route("/keys/holder", guarded(post_holder), methods=["POST"]),
    ]


def _revoked(storage: Storage, authority: str) -> set[str]:
    return {d.device_id for d in storage.devices(authority) if d.revoked_at is not None}


def _state(storage: Storage, keys: KeyStore, device: Device) -> dict[str, Any]:
    state = keys.state(device.authority)
    gone = _revoked(storage, device.authority)
    active = {d.device_id: d for d in storage.devices(device.authority) if d.revoked_at is None}
    holders = []
    for device_id, key_id, proof in keys.holders(device.authority):
        if device_id in active:
            holders.append([device_id, active[device_id].cert, key_id, proof])
        else:
            keys.forget_device(device.authority, device_id)
    return {
        "version": state.version if state else 0,
        "current": state.current if state else "",
        "key_ids": state.key_ids if state else [],
        "escrow_generation": state.escrow_generation if state else 0,
        "rotation_needed": bool(state and gone - state.covered),
        "escrow": state.escrow if state else None,
        "grant": keys.grant(device.authority, device.device_id),
        "holders": holders,
    }


def _publish(
    storage: Storage, keys: KeyStore, device: Device, msg: dict[str, Any]
) -> dict[str, Any]:
    base_version = _int(msg, "base_version")
    current = _key_id(msg.get("current"))
    key_ids = msg.get("key_ids")
    if not isinstance(key_ids, list) or not 1 <= len(key_ids) <= MAX_KEY_IDS:
        raise KeyProtocolError("'key_ids' must list the keyset's key ids")
    key_ids = [_key_id(k) for k in key_ids]
    if current not in key_ids:
        raise KeyProtocolError("the current key must be one of 'key_ids'")
    escrow = msg.get("escrow")
    if escrow is not None and not (isinstance(escrow, bytes) and 0 < len(escrow) <= MAX_BLOB):
        raise KeyProtocolError("'escrow' must be a sealed blob of at most 256 KiB")
    grants = msg.get("grants", {})
    if not isinstance(grants, dict) or len(grants) > MAX_GRANTS:
        raise KeyProtocolError("'grants' must map device ids to sealed blobs")
    active = {d.device_id for d in storage.devices(device.authority) if d.revoked_at is None}
    for grantee, blob in grants.items():
        if grantee not in active:
            raise KeyProtocolError(f"no active device {grantee!r} in {device.authority}", 403)
        if not isinstance(blob, bytes) or not 0 < len(blob) <= MAX_BLOB:
            raise KeyProtocolError("each grant must be a sealed blob of at most 256 KiB")
    version = keys.publish(
        device.authority,
        device.device_id,
        base_version,
        current,
        key_ids,
        _int(msg, "escrow_generation"),
        escrow,
        grants,
        _revoked(storage, device.authority),
    )
    proof = msg.get("proof")
    if isinstance(proof, bytes) and len(proof) == 16:
        keys.set_holder(device.authority, device.device_id, current, proof)
    return {"version": version}


async def _bearer_device(request: Request) -> Device:
    from .keys import hash_secret  # the server's own secret hashing (tokens are stored hashed)

    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise KeyProtocolError("this request needs a device credential", 401)
    storage: Storage = request.app.state.storage
    device = await run_in_threadpool(storage.device_by_token, hash_secret(token))
    if device is None:
        raise KeyProtocolError("unknown device credential", 401)
    if device.revoked_at is not None:
        raise KeyProtocolError(f"device {device.device_id} has been revoked", 403)
    return device


async def _message(request: Request) -> dict[str, Any]:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise KeyProtocolError("request body too large", 413)
    try:
        msg = unpack(body, max_size=MAX_BODY * 4)
    except WireError as exc:
        raise KeyProtocolError(f"body is not a valid message: {exc}") from None
    if not isinstance(msg, dict):
        raise KeyProtocolError("body must be a map")
    return msg


def _int(msg: dict[str, Any], name: str) -> int:
    value = msg.get(name)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise KeyProtocolError(f"'{name}' must be a whole number >= 0")
    return value


def _key_id(value: Any) -> str:
    if (
        not isinstance(value, str)
        or len(value) != 16
        or any(c not in "0123456789abcdef" for c in value)
    ):
        raise KeyProtocolError("a key id is 16 hex characters")
    return value


def _reply(obj: Any, status: int = 200) -> Response:
    return Response(pack(obj), status_code=status, media_type=MEDIA_TYPE)
