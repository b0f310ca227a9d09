"""Slow clients against a real server process whose open-files limit is low (256, so a
few hundred connections would exhaust it): /health keeps answering, the server closes
what it cannot hold, requests that stall are cut off, and the log stays short."""

from __future__ import annotations

import socket
import time

import httpx
from hostile_http import close_all, open_slow_connections, still_open

from .conftest import linux_only

SLOW = 400  # more connections than the process has file descriptors


def _health_ok(url: str) -> bool:
    try:
        return httpx.get(url + "/health", timeout=10).json() == {"status": "ok"}
    except httpx.HTTPError:
        return False


@linux_only
def test_health_answers_while_hundreds_of_slow_connections_are_open(own_server):
    server = own_server(max_open_files=256)
    slow = open_slow_connections(server.port, SLOW)
    try:
        for _ in range(5):
            assert _health_ok(server.url)
        # The server holds fewer connections than were opened: it closed the ones that kept
        # it waiting longest, and stays within its file descriptors.
        assert still_open(slow) < SLOW
        # A second wave, while the first is still there.
        more = open_slow_connections(server.port, SLOW)
        assert _health_ok(server.url)
        close_all(more)
    finally:
        close_all(slow)
    log = server.log.read_text(errors="replace")
    assert "Too many open files" not in log
    assert len(log.splitlines()) < 100, log[-2000:]


@linux_only
def test_a_request_head_that_never_ends_is_closed(own_server):
    server = own_server()
    (slow,) = open_slow_connections(server.port, 1)
    slow.settimeout(30)  # the server's head timeout is 10 s; this bounds the test
    try:
        assert slow.recv(100) == b""  # closed by the server, without an answer
    except TimeoutError:
        raise AssertionError("the server kept a half-sent request open for 30 s") from None
    finally:
        slow.close()
    assert _health_ok(server.url)


def test_the_log_keeps_a_few_lines_of_a_flood(own_server):
    server = own_server()
    for _ in range(300):  # each one makes uvicorn log "Invalid HTTP request received."
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            sock.recv(1000)
    assert _health_ok(server.url)
    time.sleep(0.2)
    lines = server.log.read_text(errors="replace").splitlines()
    invalid = [line for line in lines if "Invalid HTTP request" in line]
    assert 1 <= len(invalid) <= 5, lines[-20:]


def test_a_body_that_stalls_gets_408(own_server):
    server = own_server(args=("--body-timeout", "1"))
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(
            b"POST /v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 1000\r\n\r\n{"code": '
        )
        answer = b""
        while b"too slowly" not in answer:  # the socket timeout (30 s) bounds the test
            more = sock.recv(1000)
            if not more:
                break
            answer += more
    assert answer.startswith(b"HTTP/1.1 408"), answer
    assert b"too slowly" in answer
    assert _health_ok(server.url)


def test_the_server_parses_http_with_httptools():
    """`uvicorn[standard]` installs httptools: the guarded protocol is built on it, not on
    the pure-Python h11 parser (twice the CPU per request)."""
    from sync_server.connections import PARSER, ConfiguredProtocol

    assert PARSER == "httptools"
    assert any(cls.__name__ == "HttpToolsProtocol" for cls in ConfiguredProtocol.__mro__)


def test_an_oversized_request_head_is_refused(own_server):
    server = own_server()
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        for _ in range(40):  # 40 headers of 1 KiB: more than the 16 KiB a head may take
            try:
                sock.sendall(b"X-Filler: " + b"a" * 1024 + b"\r\n")
            except OSError:  # closed by the server half-way: what is expected
                break
        else:
            sock.sendall(b"\r\n")  # a complete request: answered unless refused
        answer = b""
        try:
            while more := sock.recv(1000):
                answer += more
        except ConnectionResetError:
            pass
    assert answer.startswith(b"HTTP/1.1 400") or answer == b"", answer[:200]
    assert b'"status"' not in answer  # not answered as a request
    assert _health_ok(server.url)
