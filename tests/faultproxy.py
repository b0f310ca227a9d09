"""A fault-injecting, link-emulating TCP proxy between a client and the sync server.

Used by the sync tests (breaks mid-push, mid-pull, resets, stalls) and by
scripts/bench_sync.py (slow links: bandwidth and round-trip time per
direction, with a connection dropped partway). It runs its own asyncio loop in
a thread so that synchronous code (the sync agent) can talk through it.

    with FaultProxy(server_port, link=PROFILES["2G"]) as proxy:
        agent = SyncAgent(store, server_url=proxy.url)
        proxy.arm(Fault("down", after=5000, action="reset"))
        ...
        proxy.bytes_up, proxy.bytes_down, proxy.requests, proxy.connections

The link model: each direction is a pipe of `bandwidth` bytes/s with a
one-way delay of rtt/2; a new connection pays one extra rtt (the TCP
handshake) before its first byte arrives.
"""

from __future__ import annotations

import asyncio
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

_REQUEST_LINE = re.compile(rb"(?:GET|POST|PUT|DELETE) /[^ \r\n]* HTTP/1\.1\r\n")


@dataclass(frozen=True)
class LinkProfile:
    name: str
    down_kbps: float
    up_kbps: float
    rtt_ms: float

    @property
    def down_bps(self) -> float:  # bytes per second
        return self.down_kbps * 1000 / 8

    @property
    def up_bps(self) -> float:
        return self.up_kbps * 1000 / 8

    @property
    def rtt(self) -> float:
        return self.rtt_ms / 1000


# DESIGN.md §3.6
PROFILES = {
    "2G": LinkProfile("2G", 35, 32, 1300),
    "EDGE": LinkProfile("EDGE", 240, 200, 840),
    "slow 3G": LinkProfile("slow 3G", 500, 330, 700),
    "satellite": LinkProfile("satellite", 256, 256, 600),
}


@dataclass
class Fault:
    """After `after` more bytes in `direction` ("up" = client to server), do `action`:
    "drop" (close both sides), "reset" (TCP RST both sides) or "stall" (stop forwarding,
    keep the connection open). `callback` runs (in a thread) when it fires."""

    direction: str
    after: int
    action: str = "drop"
    callback: Callable[[], None] | None = None
    fired: bool = field(default=False, init=False)
    _start: int = field(default=-1, init=False)


class _Pipe:
    """One direction of the emulated link, shared by all connections."""

    def __init__(self, bandwidth: float | None, one_way: float) -> None:
        self.bandwidth = bandwidth
        self.one_way = one_way
        self.free_at = 0.0

    def schedule(self, size: int, not_before: float) -> float:
        """When a chunk of `size` bytes entering now is fully delivered."""
        now = time.monotonic()
        if self.bandwidth is None:
            return max(now, not_before)
        start = max(now, self.free_at, not_before)
        self.free_at = start + size / self.bandwidth
        return self.free_at + self.one_way


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        link: LinkProfile | None = None,
        upstream_host: str = "127.0.0.1",
        capture: bool = False,
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.link = link
        self.capture = capture
        self.port = 0
        self.bytes_up = 0
        self.bytes_down = 0
        self.connections = 0
        self.requests = 0
        self.captured_down: list[bytearray] = []  # per connection, server to client
        self.faults: list[Fault] = []
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: asyncio.base_events.Server | None = None
        self._ready = threading.Event()
        self._tasks: set[asyncio.Task] = set()
        self._set_link(link)

    def _set_link(self, link: LinkProfile | None) -> None:
        self.link = link
        if link is None:
            self._pipes = {"up": _Pipe(None, 0.0), "down": _Pipe(None, 0.0)}
        else:
            self._pipes = {
                "up": _Pipe(link.up_bps, link.rtt / 2),
                "down": _Pipe(link.down_bps, link.rtt / 2),
            }

    def set_link(self, link: LinkProfile | None) -> None:
        with self._lock:
            self._set_link(link)

    # -- control ------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def arm(self, fault: Fault) -> Fault:
        with self._lock:
            fault._start = self.bytes_up if fault.direction == "up" else self.bytes_down
            self.faults.append(fault)
        return fault

    def reset_counters(self) -> None:
        """Zero the counters; armed faults keep the bytes they still wait for."""
        with self._lock:
            for fault in self.faults:
                fault._start -= self.bytes_up if fault.direction == "up" else self.bytes_down
            self.bytes_up = self.bytes_down = self.connections = self.requests = 0
            self.captured_down.clear()

    def start(self) -> FaultProxy:
        self._thread = threading.Thread(target=self._run, name="faultproxy", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("fault proxy did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- the loop ---------------------------------------------------------------------------
    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._server = loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            self._server.close()
            for task in list(self._tasks):
                task.cancel()
            loop.run_until_complete(asyncio.sleep(0))
            loop.close()

    async def _handle(self, c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            s_reader, s_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            _abort(c_writer)
            self._tasks.discard(task)
            return
        with self._lock:
            self.connections += 1
            capture = bytearray() if self.capture else None
            if capture is not None:
                self.captured_down.append(capture)
        # The TCP handshake costs one round trip before the first byte goes through.
        handshake = time.monotonic() + (self.link.rtt if self.link else 0.0)
        conn = _Conn(c_writer, s_writer)
        try:
            await asyncio.gather(
                self._pump(c_reader, s_writer, "up", conn, handshake, None),
                self._pump(s_reader, c_writer, "down", conn, handshake, capture),
            )
        finally:
            conn.close()
            self._tasks.discard(task)

    async def _pump(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        direction: str,
        conn: _Conn,
        not_before: float,
        capture: bytearray | None,
    ) -> None:
        """Read as fast as the sender offers; deliver each chunk at its emulated arrival time
        (a separate task, so that latency pipelines as on a real link)."""
        chunk_size = 2048 if self.link else 65536
        queue: asyncio.Queue = asyncio.Queue()
        deliver_task = asyncio.ensure_future(self._deliver(queue, writer, conn, capture))
        try:
            while not conn.closed:
                data = await reader.read(chunk_size)
                if not data:
                    break
                data, fault = self._account(direction, data)
                if data:
                    queue.put_nowait((self._pipes[direction].schedule(len(data), not_before), data))
                if fault is not None:
                    queue.put_nowait((0.0, fault))
                    break
        except (ConnectionError, OSError):
            pass
        queue.put_nowait((0.0, None))
        await deliver_task

    async def _deliver(
        self,
        queue: asyncio.Queue,
        writer: asyncio.StreamWriter,
        conn: _Conn,
        capture: bytearray | None,
    ) -> None:
        try:
            while True:
                when, item = await queue.get()
                if item is None:
                    break
                if isinstance(item, Fault):
                    await self._fire(item, conn)
                    return
                delay = when - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                if conn.closed:
                    return
                writer.write(item)
                if capture is not None:
                    capture.extend(item)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        if not conn.stalled:
            conn.close()

    def _account(self, direction: str, data: bytes) -> tuple[bytes, Fault | None]:
        """Count the bytes; cut them short if a fault fires inside this chunk."""
        with self._lock:
            before = self.bytes_up if direction == "up" else self.bytes_down
            fault = next(
                (
                    f
                    for f in self.faults
                    if not f.fired
                    and f.direction == direction
                    and before + len(data) >= f._start + f.after
                ),
                None,
            )
            if fault is not None:
                fault.fired = True
                data = data[: max(0, fault._start + fault.after - before)]
            if direction == "up":
                self.bytes_up += len(data)
                self.requests += len(_REQUEST_LINE.findall(data))
            else:
                self.bytes_down += len(data)
        return data, fault

    async def _fire(self, fault: Fault, conn: _Conn) -> None:
        if fault.callback is not None:
            await asyncio.get_running_loop().run_in_executor(None, fault.callback)
        if fault.action == "stall":
            conn.stalled = True
            conn.closed = True  # stop forwarding; sockets stay open until the proxy stops
            return
        conn.close(reset=fault.action == "reset")


class _Conn:
    def __init__(self, client: asyncio.StreamWriter, server: asyncio.StreamWriter) -> None:
        self.client, self.server = client, server
        self.closed = False
        self.stalled = False

    def close(self, reset: bool = False) -> None:
        if self.stalled:
            return
        self.closed = True
        for writer in (self.client, self.server):
            if reset:
                _abort(writer)
            else:
                writer.close()


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with a TCP RST rather than a FIN."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


def split_http_responses(stream: bytes) -> list[tuple[int, bytes]]:
    """(status, body) of each HTTP/1.1 response in a captured server-to-client stream
    (Content-Length framing, which is what uvicorn sends for our endpoints)."""
    out = []
    pos = 0
    while pos < len(stream):
        end = stream.find(b"\r\n\r\n", pos)
        if end < 0:
            break
        head = stream[pos:end].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        length = 0
        for line in head[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value.strip())
        body = stream[end + 4 : end + 4 + length]
        out.append((status, body))
        pos = end + 4 + length
    return out
