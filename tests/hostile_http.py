"""Hostile HTTP clients for the reliability suite and scripts/bench_reliability.py:
body bombs (small on the wire, huge once decoded), endless streamed bodies, and
slow connections that hold a socket open without finishing a request."""

from __future__ import annotations

import select
import socket
import time
import zlib

MIB = 1024 * 1024


# -- bombs: what each one would become if decoded naively ---------------------------------
def msgpack_map_bomb(maps: int = 32 * MIB) -> bytes:
    """One msgpack array of `maps` empty maps (1 byte each), deflated: ~32 KB on the wire,
    millions of dicts (gigabytes) if unpacked without limits."""
    raw = b"\xdd" + maps.to_bytes(4, "big") + b"\x80" * maps
    return zlib.compress(raw, 9)


def msgpack_nested_bomb(outer: int = 500, inner: int = 60_000) -> bytes:
    """Arrays that each stay under a per-array length cap, but hold 30 million maps together."""
    inner_array = b"\xdc" + inner.to_bytes(2, "big") + b"\x80" * inner
    raw = b"\xdc" + outer.to_bytes(2, "big") + inner_array * outer
    return zlib.compress(raw, 9)


def msgpack_deep_bomb(depth: int = 1_000_000) -> bytes:
    """A million nested one-element arrays."""
    return zlib.compress(b"\x91" * depth + b"\xc0", 9)


def nested_json(depth: int = 8_000) -> bytes:
    """Brackets nested deeper than any JSON parser's recursion (fits the 16 KB enroll cap)."""
    return b"[" * depth + b"]" * depth


# -- streaming a body that never ends ------------------------------------------------------
def stream_until_answered(
    port: int,
    path: str,
    headers: dict[str, str],
    limit: int = 256 * MIB,
    chunk: int = MIB,
    timeout: float = 60,
    method: str = "POST",
    declared_length: int | None = None,
) -> tuple[int, int]:
    """Send a chunked body of zero bytes until the server answers (or `limit` bytes went out).

    Returns (HTTP status or 0 if none came, bytes sent). Raw socket: an HTTP client
    would insist on sending its whole body before reading the answer.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if declared_length is None:
        head.append("Transfer-Encoding: chunked")
        frame = f"{chunk:x}\r\n".encode() + b"\x00" * chunk + b"\r\n"
    else:  # announced up front: the server may refuse before reading any of it
        head.append(f"Content-Length: {declared_length}")
        frame = b"\x00" * chunk
    head += [f"{name}: {value}" for name, value in headers.items()]
    sent = 0
    try:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        while sent < limit:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                break
            sock.sendall(frame)
            sent += chunk
        return _status(sock, timeout), sent
    except OSError:  # the server closed its side after answering
        return _status(sock, timeout), sent
    finally:
        sock.close()


def _status(sock: socket.socket, timeout: float) -> int:
    sock.settimeout(timeout)
    data = b""
    try:
        while b"\r\n" not in data:
            more = sock.recv(4096)
            if not more:
                break
            data += more
    except OSError:
        pass
    parts = data.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


# -- slow connections ---------------------------------------------------------------------
def open_slow_connections(port: int, count: int, pause: float = 0.0) -> list[socket.socket]:
    """`count` connections that each sent half a request head and then nothing."""
    opened = []
    for _ in range(count):
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=10)
            sock.sendall(b"POST /v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty")
        except OSError:
            continue  # refused or reset: the server is shedding them, which is the point
        opened.append(sock)
        if pause:
            time.sleep(pause)
    return opened


def still_open(sockets: list[socket.socket]) -> int:
    """How many of these connections the server has not closed."""
    alive = 0
    for sock in sockets:
        try:
            readable, _, _ = select.select([sock], [], [], 0)
            if not readable:
                alive += 1
            elif sock.recv(1, socket.MSG_PEEK):
                alive += 1  # it answered something but kept the connection
        except OSError:
            pass
    return alive


def close_all(sockets: list[socket.socket]) -> None:
    for sock in sockets:
        try:
            sock.close()
        except OSError:
            pass
