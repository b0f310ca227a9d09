"""Bounds on what one HTTP request may make the server read, parse and store.

Every route reads its body through `read_body` (streamed, capped, stopped at
once with 413; a body that stalls gets 408), parses JSON through `parse_json`
(size and nesting checked before the parser runs) and msgpack through
`shared.wire` (lengths and element counts bounded), and takes numbers and ids
through `whole_number` and `device_id` (full matches, ranges SQLite can store).
A refusal is an `HttpError`: a 4xx status and a one-line message.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
from collections.abc import AsyncIterator
from typing import Any

import anyio
from starlette.requests import Request

from shared.access import valid_device_id
from shared.contracts.types import MAX_INT64  # the largest number a SQLite INTEGER holds
from shared.errors import EntraideError

MAX_JSON_DEPTH = 16
MAX_JSON_ITEMS = 1_000
BODY_IDLE_SECONDS = 30.0  # a body that sends nothing for this long is cut off (408);
# `entraide-server --body-timeout` changes it (create_app puts it in app.state)
BODY_TOTAL_SECONDS = 600.0  # and no body takes longer than this, however it trickles
MAX_QUERY_IDS = 1_000


class HttpError(EntraideError):
    """A refused request: its status and plain words; `group` names a culprit group."""

    def __init__(self, status: int, message: str, group: bytes | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.group = group


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, read as it streams; never more than `limit` bytes are kept."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isascii() or not declared.isdigit() or len(declared) > 18:
            raise HttpError(400, "invalid Content-Length")
        if int(declared) > limit:
            raise HttpError(413, f"request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    idle: float = request.app.state.body_timeout  # set by create_app
    clock = asyncio.get_running_loop().time
    give_up = clock() + BODY_TOTAL_SECONDS
    stream = request.stream().__aiter__()
    try:
        while True:
            # One timer per chunk (the sooner of the idle and the total deadline): a
            # small body, the usual case, costs one timer.
            async with _until(min(give_up, clock() + idle)):
                try:
                    chunk = await stream.__anext__()
                except StopAsyncIteration:
                    break
            size += len(chunk)
            if size > limit:
                raise HttpError(413, f"request body is larger than {limit} bytes")
            chunks.append(chunk)
    except TimeoutError:
        raise HttpError(408, "the request body arrived too slowly") from None
    return b"".join(chunks)


if sys.version_info >= (3, 11):
    _until = asyncio.timeout_at  # a timer on the loop: cheaper than an anyio cancel scope
else:

    @contextlib.asynccontextmanager
    async def _until(when: float) -> AsyncIterator[None]:
        with anyio.fail_after(max(0.0, when - asyncio.get_running_loop().time())):
            yield


def parse_json(body: bytes) -> Any:
    """A JSON document whose nesting and container count were checked before parsing."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "body must be JSON (UTF-8)") from None
    _check_json_shape(text)
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise HttpError(400, "body must be JSON") from None


def _check_json_shape(text: str) -> None:
    """Count brackets outside strings: nesting and containers, without building anything."""
    depth = containers = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            containers += 1
            if depth > MAX_JSON_DEPTH:
                raise HttpError(400, f"JSON is nested more than {MAX_JSON_DEPTH} levels deep")
            if containers > MAX_JSON_ITEMS:
                raise HttpError(400, f"JSON holds more than {MAX_JSON_ITEMS} objects or lists")
        elif char in "]}":
            depth -= 1


def whole_number(value: Any, name: str, maximum: int = MAX_INT64, minimum: int = 0) -> int:
    """An int (not a bool) within [minimum, maximum], or a 400 saying so."""
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise HttpError(400, f"'{name}' must be a whole number from {minimum} to {maximum}")
    return value


def query_ids(request: Request, name: str) -> list[str]:
    """A comma-separated list of device ids from the query string, each checked."""
    unknown = set(request.query_params.keys()) - {name}
    if unknown:
        raise HttpError(400, f"unknown query parameter {sorted(unknown)[0][:40]!r}")
    raw = request.query_params.getlist(name)
    if len(raw) > 1:
        raise HttpError(400, f"give '{name}' once, as a comma-separated list")
    ids = [d for d in (raw[0] if raw else "").split(",") if d]
    if len(ids) > MAX_QUERY_IDS:
        raise HttpError(400, f"'{name}' lists at most {MAX_QUERY_IDS} device ids")
    for device in ids:
        if not valid_device_id(device):
            raise HttpError(400, f"'{name}' must list device ids (letters, digits, '-', '_')")
    return ids
