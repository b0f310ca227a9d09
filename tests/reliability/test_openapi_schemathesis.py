"""The OpenAPI document is complete and true: it lists exactly the app's routes, and
schemathesis (run by schemathesis_run.py, in a process of its own) finds no undocumented
answer and no server error on a real server process, with a real device credential."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from serverproc import ServerProcess
from starlette.routing import Route

from sync_server.app import create_app

from .conftest import auth

RUNNER = Path(__file__).with_name("schemathesis_run.py")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """This module's own server, with no per-device rate limit: schemathesis sends far more
    than 600 requests a minute from one device, and a 429 half-way would make its
    generated data depend on time (hypothesis then calls the run flaky)."""
    running = ServerProcess(
        tmp_path_factory.mktemp("schemathesis") / "server.sqlite", args=["--rate-limit", "0"]
    ).start()
    yield running
    running.close()


def test_every_route_of_the_app_is_documented_and_nothing_else(server, make_device, tmp_path):
    spec = httpx.get(server.url + "/openapi.json", headers=auth(make_device("DOC"))).json()
    documented = {
        f"{method.upper()} {path}" for path, item in spec["paths"].items() for method in item
    }
    app = create_app(tmp_path / "unused.sqlite")  # routes only: the lifespan never runs
    served = {
        f"{method} {route.path}"
        for route in app.routes
        if isinstance(route, Route)
        for method in route.methods or ()
        if method != "HEAD"
    }
    assert documented == served
    assert {"GET /keys/state", "POST /keys/publish", "POST /keys/holder"} <= documented
    for method, path in [("GET", "/v1/devices"), ("DELETE", "/keys/state"), ("GET", "/admin")]:
        assert httpx.request(method, server.url + path).status_code in (404, 405)


def test_schemathesis_finds_no_failure(server, make_device):
    device = make_device("ST")
    make_device("ST")  # a second device: certificates, grants and holders to answer about
    run = subprocess.run(
        [sys.executable, str(RUNNER), server.url, device.get_meta("device_token")],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    assert "schemathesis: no failure" in run.stdout
