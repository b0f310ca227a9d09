"""Body bombs against a real server process: each gets a 4xx, and the process's peak
resident memory (VmHWM, read from /proc) stays under 200 MB through all of them."""

from __future__ import annotations

import httpx
import pytest
from hostile_http import (
    MIB,
    msgpack_deep_bomb,
    msgpack_map_bomb,
    msgpack_nested_bomb,
    nested_json,
    stream_until_answered,
)
from serverproc import enrolled_store

from .conftest import CT, auth, linux_only

PEAK_LIMIT_KIB = 200 * 1024


@pytest.fixture
def bombed(own_server, tmp_path):
    server = own_server()
    device = enrolled_store(tmp_path / "device.sqlite", server, "BOMB")
    yield server, {**auth(device), "Content-Type": CT}
    device.close()


@linux_only
def test_body_bombs_get_4xx_and_memory_stays_bounded(bombed):
    server, headers = bombed
    before = server.counts()
    for path in ("/v1/push", "/v1/pull", "/keys/publish", "/keys/holder"):
        for bomb in (msgpack_map_bomb(), msgpack_nested_bomb(), msgpack_deep_bomb()):
            assert len(bomb) < 200 * 1024  # small on the wire
            answer = httpx.post(server.url + path, content=bomb, headers=headers, timeout=60)
            assert 400 <= answer.status_code < 500, (path, answer.status_code, answer.text)
            assert answer.headers["content-type"].startswith(("application/json", CT))
    # Nested JSON, to the one route that takes JSON and needs no credential.
    deep = httpx.post(
        server.url + "/v1/enroll",
        content=nested_json(),
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert deep.status_code == 400 and "nested" in deep.json()["error"]
    # A body that never ends, on every route: refused once its cap is passed, never read whole.
    for method, path in [
        ("POST", "/keys/publish"),
        ("POST", "/keys/holder"),
        ("POST", "/v1/push"),
        ("POST", "/v1/pull"),
        ("POST", "/v1/enroll"),
        ("GET", "/v1/certs"),
        ("GET", "/keys/state"),
        ("GET", "/openapi.json"),
        ("GET", "/health"),
    ]:
        status, sent = stream_until_answered(server.port, path, headers, 256 * MIB, method=method)
        assert status == 413, (path, status, sent)
        assert sent < 256 * MIB, path  # the server answered long before the end
    # The same body declared up front is refused before a byte of it is read.
    status, sent = stream_until_answered(
        server.port, "/keys/publish", headers, 256 * MIB, declared_length=1024 * MIB
    )
    assert status == 413 and sent < 256 * MIB
    assert server.peak_rss_kib() < PEAK_LIMIT_KIB, f"peak {server.peak_rss_kib()} KiB"
    assert server.counts() == before
    assert httpx.get(server.url + "/health").json() == {"status": "ok"}
