"""The ASGI app: routes, device authentication, body limits and error mapping.

Every endpoint but GET /health and GET /metrics (restrict it at the proxy) needs
`Authorization: Bearer <token>` of an enrolled, unrevoked device, within its rate
limit (enrollment itself needs a one-time code). Errors
are JSON `{"error": "<plain words>"}` with a 4xx status; a refused request has
stored nothing.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import msgpack
from nacl.exceptions import BadSignatureError
from nacl.signing import VerifyKey
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared import contracts
from shared.contracts.enroll import Enroll, Enrolled
from shared.contracts.sync import Certs, Error, Health, Pull, Push, PushAnswer, WireCert
from shared.enrollment import enroll_proof_payload, normalize_code
from shared.errors import EntraideError

from . import admin, keys
from .backup import log_epoch
from .idle_pull import INLINE_BODY_BYTES, reads_inline, up_to_date_answer
from .limits import BODY_IDLE_SECONDS, HttpError, parse_json, query_ids, read_body
from .logs import limit_server_logs
from .monitor import Monitor, monitor_routes
from .observability import (
    GROUPS_REFUSED,
    GROUPS_STORED,
    PULL_REMAINING,
    RATE_LIMITED,
    RequestObserver,
    metrics_body,
    setup_logging,
)
from .openapi import openapi_spec
from .protocol import (
    MAX_REQUEST_BYTES,
    ProtocolError,
    PullRequest,
    accept_push,
    answer_pull,
    decode,
    needed_certs,
    parse_pull,
)
from .ratelimit import RateLimiter, limit_from_env
from .space_keys import KEY_PATHS, KeyStore, space_key_routes
from .storage import Device, Storage, StorageError, liveness_due, now_iso, open_storage

CONTENT_TYPE = "application/x-entraide"
MAX_JSON_BYTES = 16 * 1024
MAX_EMPTY_BODY = 1024  # routes that take no body still read (and cap) what is sent


def error_response(status: int, message: str, group: bytes | None = None) -> JSONResponse:
    body = Error(message, group.hex() if group is not None else None)
    return JSONResponse(contracts.to_wire(body), status_code=status)


def create_app(
    db_path: str | Path, storage: Storage | None = None, body_timeout: float = BODY_IDLE_SECONDS
) -> Starlette:
    """The server app over a database; the lifespan opens and closes its storage.
    `body_timeout`: seconds a request body may send nothing before it is refused (408)."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        owned = storage is None
        app.state.storage = storage or open_storage(db_path)
        app.state.key = keys.server_key(app.state.storage)
        app.state.epoch = log_epoch(app.state.storage)  # cached: restores need a stopped server
        app.state.limiter = RateLimiter(app.state.storage, limit_from_env())
        setup_logging()
        limit_server_logs()  # every worker: a flood cannot fill the log
        admin.record_missing_revocations(app.state.storage)
        app.state.monitor = Monitor(app.state.storage)
        app.state.space_keys = KeyStore(app.state.storage)
        try:
            yield
        finally:
            if owned:
                app.state.storage.close()

    routes = [  # matched in this order: the most frequent first
        Route("/v1/pull", pull, methods=["POST"]),
        Route("/v1/push", push, methods=["POST"]),
        Route("/health", health, methods=["GET"]),
        Route("/metrics", metrics, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/v1/enroll", enroll, methods=["POST"]),
        Route("/v1/certs", certs, methods=["GET"]),
        *space_key_routes(authenticate),  # end-to-end key escrow and rotation
        *monitor_routes(authenticate),  # the secretariat's sync monitor
    ]
    handlers: dict[Any, Callable[[Request, Exception], Response]] = {
        EntraideError: refusal,
        ClientDisconnect: lambda request, exc: Response(status_code=400),  # nobody listens
    }
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        middleware=[Middleware(RequestObserver)],
        exception_handlers=handlers,
    )
    app.state.body_timeout = body_timeout
    return app


# -- helpers -----------------------------------------------------------------------------
def refusal(request: Request, exc: Exception) -> Response:
    """Every refusal, in one place: its status and one line of words (`Error`), as JSON, or
    packed on the key routes (whose answers are packed). Nothing of the request was stored.
    An EntraideError without a status of its own is the request's fault: 400."""
    status, group = 400, None
    if isinstance(exc, HttpError):
        status, group = exc.status, exc.group
    elif isinstance(exc, StorageError):
        status = exc.status
    if request.url.path.startswith(KEY_PATHS):
        return Response(
            contracts.encode(Error(str(exc))), status_code=status, media_type=CONTENT_TYPE
        )
    return error_response(status, str(exc), group)


def _storage(request: Request) -> Storage:
    return request.app.state.storage


async def authenticate(request: Request) -> Device:
    token = bearer_token(request)
    return await run_in_threadpool(device_for_token, request, token)


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HttpError(401, "a device credential is required (Authorization: Bearer <token>)")
    return token


def device_for_token(request: Request, token: str) -> Device:
    """The enrolled, unrevoked device of a token, within its rate limit (blocking: call it
    in a thread, with the request's other database work when there is some)."""
    device = known_device(request, token)
    within_rate(request, device, request.app.state.limiter.count(device.device_id))
    return device


def known_device(request: Request, token: str) -> Device:
    """The enrolled, unrevoked device of a token (one read)."""
    device = _storage(request).device_by_token(keys.hash_secret(token))
    if device is None:
        raise HttpError(401, "unknown device credential")
    if device.revoked_at is not None:
        raise HttpError(403, f"device {device.device_id} has been revoked")
    request.state.device_id = device.device_id  # for the request's log line
    return device


def within_rate(request: Request, device: Device, pending: int) -> None:
    """Refuse a device over its rate limit. `pending` is the rate limiter's `count` (in
    memory: most requests stop there, with 0); else the count is added in the database."""
    if pending:
        allowed, wait = request.app.state.limiter.flush(device.device_id, pending)
        if not allowed:
            RATE_LIMITED.inc()
            raise HttpError(
                429, f"too many requests from device {device.device_id}: retry in {wait} s"
            )


async def read_packed_body(request: Request) -> bytes:
    """The body of a packed request, still compressed (decoded once the device is known)."""
    if request.headers.get("content-type", "").split(";")[0].strip() != CONTENT_TYPE:
        raise HttpError(415, f"body must be {CONTENT_TYPE}")
    body = await read_body(request, MAX_REQUEST_BYTES)
    if not body:
        raise HttpError(400, "empty body")
    return body


def packed(message: Any) -> Response:
    """A packed answer: one of the `shared.contracts` Structs."""
    return Response(contracts.encode(message), media_type=CONTENT_TYPE)


# -- endpoints ----------------------------------------------------------------------------
async def health(request: Request) -> Response:
    await read_body(request, MAX_EMPTY_BODY)
    """Up, and the database answers."""
    try:
        await run_in_threadpool(_storage(request).ping)
    except Exception:  # any driver's error: the database is what is down
        down = Health("unavailable", "database unreachable")
        return JSONResponse(contracts.to_wire(down), 503)
    return JSONResponse(contracts.to_wire(Health("ok")))


async def metrics(request: Request) -> Response:
    body, media_type = await run_in_threadpool(metrics_body, _storage(request))
    return Response(body, media_type=media_type)


async def openapi(request: Request) -> Response:
    await authenticate(request)
    await read_body(request, MAX_EMPTY_BODY)
    return JSONResponse(openapi_spec())


async def enroll(request: Request) -> Response:
    data = parse_json(await read_body(request, MAX_JSON_BYTES))
    try:
        asked = contracts.convert(data, Enroll, "an enrollment")
    except contracts.ContractError as exc:
        raise HttpError(400, str(exc)) from None
    code, device_id, name = asked.code, asked.device_id, asked.name
    public_key = bytes.fromhex(asked.public_key)  # 64 hex digits (the contract)
    try:
        proof = bytes.fromhex(asked.proof)
        VerifyKey(public_key).verify(enroll_proof_payload(code, device_id), proof)
    except (ValueError, TypeError, BadSignatureError):
        raise HttpError(
            400, "'proof' must be the device key's signature of the code and device id"
        ) from None
    key = request.app.state.key
    token = keys.new_token()

    def make_cert(authority: str, role: str) -> bytes:
        return keys.cert_bytes(keys.make_cert(key, device_id, public_key, authority, role))

    device = await run_in_threadpool(
        _storage(request).enroll,
        keys.hash_secret(normalize_code(code)),
        device_id,
        public_key,
        name,
        keys.hash_secret(token),
        make_cert,
        now_iso(),
    )
    enrolled = Enrolled(
        device_id=device.device_id,
        token=token,
        cert=device.cert.hex(),
        server_public_key=bytes(key.verify_key).hex(),
        authority=device.authority,
        role=device.role,
    )
    return JSONResponse(contracts.to_wire(enrolled))


async def push(request: Request) -> Response:
    token = bearer_token(request)
    body = await read_packed_body(request)
    storage = _storage(request)

    def work() -> PushAnswer:
        # One trip to a thread: authentication, then the body decoded and the push stored.
        device = device_for_token(request, token)
        message = decode(body, Push, "a push")
        try:
            return accept_push(storage, device, message)
        except ProtocolError:
            GROUPS_REFUSED.inc()
            raise

    answer = await run_in_threadpool(work)
    GROUPS_STORED.inc(answer.stored)
    GROUPS_REFUSED.inc(len(answer.refused))
    return packed(answer)


async def pull(request: Request) -> Response:
    token = bearer_token(request)
    body = await read_packed_body(request)
    storage = _storage(request)
    known: tuple[Device, int] | None = None
    parsed: PullRequest | None = None
    if reads_inline(storage):  # SQLite: an up-to-date pull is answered on the loop
        device = known_device(request, token)
        pending = request.app.state.limiter.count(device.device_id)
        known = (device, pending)
        if not pending and not liveness_due(device.last_seen) and len(body) <= INLINE_BODY_BYTES:
            parsed = parse_pull(decode(body, Pull, "a pull"))
            answer = up_to_date_answer(storage, device, parsed, request.app.state.epoch)
            if answer is not None:
                PULL_REMAINING.observe(0)
                return Response(answer, media_type=CONTENT_TYPE)

    def work() -> bytes:
        # One trip to a thread for the whole request: authentication, then the answer.
        if known is None:
            device = device_for_token(request, token)
        else:  # authenticated on the loop already, its request counted
            device = known[0]
            within_rate(request, device, known[1])
        pull_request = parsed or parse_pull(decode(body, Pull, "a pull"))
        if liveness_due(device.last_seen):
            storage.touch(device.device_id)
        answer, figures = answer_pull(storage, device, pull_request, request.app.state.epoch)
        PULL_REMAINING.observe(figures["remaining"])
        if any(
            seq != pull_request.cursors.get(space, 0) for space, seq in figures["cursors"].items()
        ):  # the sync monitor's "pending"; an up-to-date pull still writes nothing
            request.app.state.monitor.note_delivered(device.device_id, figures["cursors"])
        return answer

    return Response(await run_in_threadpool(work), media_type=CONTENT_TYPE)


async def certs(request: Request) -> Response:
    """Certificates this device needs: of the authors of groups it may read, and of its own
    authority's devices (key holders); with ?ids=, only those among them."""
    device = await authenticate(request)
    wanted = query_ids(request, "ids")
    await read_body(request, MAX_EMPTY_BODY)
    storage = _storage(request)

    def work() -> list[WireCert]:
        return [msgpack.unpackb(d.cert) for d in needed_certs(storage, device, wanted or None)]

    return packed(Certs(await run_in_threadpool(work)))
