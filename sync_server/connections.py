"""Connections a slow or hostile client cannot hoard.

uvicorn closes idle keep-alive connections, but not one that opened and sends
its request head a byte at a time, nor one that never reads its answer, and
it accepts connections until the process runs out of file descriptors (then
every new one, `/health` included, fails with "Too many open files").
`GuardedProtocol` is uvicorn's httptools protocol (the HTTP parser in C; h11,
in pure Python, only where httptools is not installed) with these additions:

- a connection that owes a request head (just opened, or bytes of the next
  request arrived) is closed after HEAD_SECONDS without completing it;
- a request still running after REQUEST_SECONDS is cut off (a slow body is
  cut sooner, at the ASGI level: `sync_server.limits.read_body`);
- at most `max_connections` are open: a new one closes the connection that
  has kept the server waiting longest without a request in progress (or, if
  every one is busy, the oldest request), so a newcomer always gets in;
- a request head (request line and headers) larger than HEAD_BYTES is refused
  with 400 and the connection closed (h11 has this limit built in:
  `h11_max_incomplete_event_size`; httptools has none).

`connection_cap()` derives the cap from the open-files limit, leaving room
for the database, the log and the listening socket.
"""

from __future__ import annotations

import asyncio
import os
import time

try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _UvicornProtocol

    PARSER = "httptools"
except ImportError:  # httptools has no wheel for this platform: the pure-Python parser
    from uvicorn.protocols.http.h11_impl import H11Protocol as _UvicornProtocol  # type: ignore[assignment]

    PARSER = "h11"

HEAD_SECONDS = 10.0
HEAD_BYTES = 16 * 1024  # request line and headers
REQUEST_SECONDS = 900.0
CHECK_SECONDS = 1.0
DEFAULT_MAX_CONNECTIONS = 780  # fits a 1,024 open-files limit (see connection_cap)
BACKLOG = 128  # asyncio accepts up to this many at once, before an eviction takes effect
RESERVED_FILES = 100 + BACKLOG  # database, WAL, log, listening socket, threads, stdio + a burst


def connection_cap(requested: int | None = None) -> int:
    """The most connections this process can hold without running out of file descriptors."""
    cap = requested or DEFAULT_MAX_CONNECTIONS
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, ValueError, OSError):  # Windows: no such limit to fit
        return cap
    if soft != resource.RLIM_INFINITY:
        cap = min(cap, soft - RESERVED_FILES)
    return max(cap, 8)


class HeadTooLarge(Exception):
    """Raised from httptools' callbacks: uvicorn answers 400 and closes the connection."""


class GuardedProtocol(_UvicornProtocol):
    max_connections = DEFAULT_MAX_CONNECTIONS
    head_seconds = HEAD_SECONDS
    request_seconds = REQUEST_SECONDS

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        now = time.monotonic()
        self._head_since: float | None = now  # a new connection owes a request head
        self._request_since = now
        self._head_bytes = 0
        self._timer: asyncio.TimerHandle | None = self.loop.call_later(CHECK_SECONDS, self._check)
        if len(self.connections) > self.max_connections:
            self._evict_one()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._head_since is None and not self._busy():
            self._head_since = time.monotonic()
        super().data_received(data)
        if self._busy() and self._head_since is not None:
            self._head_since = None
            self._request_since = time.monotonic()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self._busy():
            self._head_since = None  # idle: uvicorn's keep-alive timeout applies
        else:  # a pipelined request started from buffered bytes
            self._request_since = time.monotonic()

    # -- httptools' callbacks (h11 has neither these nor the need) -------------------------
    def on_message_begin(self) -> None:
        self._head_bytes = 0
        super().on_message_begin()  # type: ignore[misc]

    def on_url(self, url: bytes) -> None:
        self._count_head(len(url))
        super().on_url(url)  # type: ignore[misc]

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count_head(len(name) + len(value) + 4)
        super().on_header(name, value)  # type: ignore[misc]

    def _count_head(self, size: int) -> None:
        self._head_bytes += size
        if self._head_bytes > HEAD_BYTES:
            raise HeadTooLarge(f"request head larger than {HEAD_BYTES} bytes")

    # -- helpers ------------------------------------------------------------------------
    def _busy(self) -> bool:
        return self.cycle is not None and not self.cycle.response_complete

    def _waited_since(self) -> float:
        """Since when this connection has kept the server waiting (busy ones rank last)."""
        if self._busy():
            return float("inf")
        return self._head_since if self._head_since is not None else self._request_since

    def _close(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()

    def _evict_one(self) -> None:
        others = [c for c in self.connections if c is not self and isinstance(c, GuardedProtocol)]
        others = [c for c in others if not c.transport.is_closing()]
        if not others:
            return
        idle = [c for c in others if not c._busy()]
        if idle:
            victim = min(idle, key=lambda c: c._waited_since())
        else:
            victim = min(others, key=lambda c: c._request_since)
        victim._close()

    def _check(self) -> None:
        self._timer = None
        if self.transport.is_closing():
            return
        now = time.monotonic()
        if self._head_since is not None and now - self._head_since > self.head_seconds:
            self._close()
            return
        if self._busy() and now - self._request_since > self.request_seconds:
            self._close()
            return
        self._timer = self.loop.call_later(CHECK_SECONDS, self._check)


MAX_CONNECTIONS_ENV = "ENTRAIDE_MAX_CONNECTIONS"


def configured_cap() -> int:
    """The cap `serve` chose (`--max-connections`), fitted to this process's files limit."""
    return connection_cap(int(os.environ.get(MAX_CONNECTIONS_ENV) or 0) or None)


class ConfiguredProtocol(GuardedProtocol):
    """The guarded protocol with the cap `serve` chose, read from the environment that
    each worker process inherits: uvicorn can send a module-level class to its workers,
    not one made at run time."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        self.max_connections = configured_cap()
        super().connection_made(transport)
