"""What an operator watches: Prometheus metrics at GET /metrics and one JSON log line
per request, each with a request id (taken from `X-Request-ID` when the client or a
proxy sent a sane one, else made here, and returned in the answer's header).

With several worker processes, prometheus_client's multiprocess mode adds up the
workers' counters (`serve.py` sets PROMETHEUS_MULTIPROC_DIR before they start).
Figures from the database (groups stored, devices, each space's head) are read at
each scrape, so every instance reports the same.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import sys
import time
from collections.abc import Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import REGISTRY, Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOG_LEVEL_ENV = "ENTRAIDE_SERVER_LOG_LEVEL"
LOGGER = logging.getLogger("entraide.server")
ROUTES = {
    "/health",
    "/metrics",
    "/openapi.json",
    "/v1/enroll",
    "/v1/push",
    "/v1/pull",
    "/v1/certs",
    "/keys/state",
    "/keys/publish",
    "/keys/holder",
}
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")

REQUESTS = Counter("entraide_requests_total", "HTTP requests answered", ["route", "status"])
LATENCY = Histogram(
    "entraide_request_seconds",
    "time to answer a request",
    ["route"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
GROUPS_STORED = Counter("entraide_groups_stored_total", "groups appended to the log")
GROUPS_REFUSED = Counter(
    "entraide_groups_refused_total", "pushes refused because of a group (bad signature...)"
)
PULL_REMAINING = Histogram(
    "entraide_pull_remaining_groups",
    "groups still waiting for a device after a pull (how far behind pullers are)",
    buckets=(0, 1, 10, 100, 1000, 10_000, 100_000),
)
RATE_LIMITED = Counter("entraide_rate_limited_total", "requests refused by the rate limit")


def setup_logging(level: str | None = None) -> None:
    """JSON lines on stderr for the server's logger (once per process)."""
    if LOGGER.handlers:
        return
    from pythonjsonlogger.json import JsonFormatter

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    LOGGER.addHandler(handler)
    LOGGER.setLevel((level or os.environ.get(LOG_LEVEL_ENV) or "warning").upper())
    LOGGER.propagate = False


@functools.lru_cache(maxsize=512)
def _requests(route: str, status: int) -> Any:
    """The counter of one route and status (prometheus_client's `labels()` takes a lock
    and builds a key at every call; the routes and statuses are few)."""
    return REQUESTS.labels(route, str(status))


@functools.lru_cache(maxsize=64)
def _latency(route: str) -> Any:
    return LATENCY.labels(route)


class RequestObserver:
    """ASGI middleware: request id, metrics and a log line for every request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = ""
        for name, value in scope.get("headers") or ():
            if name == b"x-request-id":
                given = value.decode("latin-1")
                break
        request_id = given if _REQUEST_ID.match(given) else os.urandom(8).hex()
        state = scope.setdefault("state", {})
        state["request_id"] = request_id
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [
                    *message.get("headers", []),
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            path = scope.get("path", "")
            route = path if path in ROUTES else "other"
            _requests(route, status).inc()
            _latency(route).observe(elapsed)
            level = logging.ERROR if status >= 500 else logging.INFO
            if LOGGER.isEnabledFor(level):
                LOGGER.log(
                    level,
                    "request",
                    extra={
                        "request_id": request_id,
                        "method": scope.get("method"),
                        "path": route,
                        "status": status,
                        "ms": round(elapsed * 1000, 2),
                        "device": state.get("device_id"),
                        "client": (scope.get("client") or ("", 0))[0],
                    },
                )


class DatabaseFigures(Collector):
    """Gauges read from the database at each scrape."""

    def __init__(self, storage: Any) -> None:
        self.storage = storage

    def collect(self) -> Iterator[GaugeMetricFamily]:
        counts = self.storage.counts()
        groups = GaugeMetricFamily("entraide_groups", "groups stored in the log")
        groups.add_metric([], counts["groups"])
        yield groups
        devices = GaugeMetricFamily("entraide_devices", "enrolled devices", labels=["state"])
        revoked = self.storage.revoked_count()
        devices.add_metric(["active"], counts["devices"] - revoked)
        devices.add_metric(["revoked"], revoked)
        yield devices
        heads = GaugeMetricFamily(
            "entraide_space_head", "last sequence number of each space", labels=["space"]
        )
        for space, head in self.storage.all_heads().items():
            heads.add_metric([space], head)
        yield heads


def metrics_body(storage: Any) -> tuple[bytes, str]:
    """The exposition text: this process's (or every worker's) figures, then the database's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    database = CollectorRegistry()
    database.register(DatabaseFigures(storage))
    return generate_latest(registry) + generate_latest(database), CONTENT_TYPE_LATEST
