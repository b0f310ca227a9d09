"""What an operator relies on: health that checks the database, Prometheus metrics,
JSON request logs with request ids, and per-device rate limits shared by instances."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import httpx
import psycopg
from serverproc import ServerProcess
from wiredevice import enroll_wire_device

from shared.wire import pack


def test_health_metrics_and_request_logs(tmp_path):
    server = ServerProcess(tmp_path / "s.sqlite", args=["--log-level", "info"]).start()
    try:
        with httpx.Client(base_url=server.url) as http:
            assert http.get("/health").json() == {"status": "ok"}
            device = enroll_wire_device(server, http, "SN-OPS", "ops-1")
            device.push(http, [device.group() for _ in range(3)])
            device.pull(http)
            answer = http.post(
                "/v1/pull",
                content=pack({"cursors": {}}),
                headers={**device.headers, "X-Request-ID": "trace-42"},
            )
            assert answer.headers["x-request-id"] == "trace-42"
            made = http.get("/health").headers["x-request-id"]
            assert len(made) == 16
            text = http.get("/metrics").text
        assert 'entraide_requests_total{route="/v1/push",status="200"} 1.0' in text
        assert 'entraide_request_seconds_count{route="/v1/pull"} 2.0' in text
        assert "entraide_groups_stored_total 3.0" in text
        assert "entraide_groups 3.0" in text
        assert 'entraide_space_head{space="authority/SN-OPS"} 3.0' in text
        assert 'entraide_devices{state="active"} 1.0' in text
        server.stop()
        lines = [
            json.loads(line) for line in server.log.read_text().splitlines() if line.startswith("{")
        ]
        traced = [line for line in lines if line.get("request_id") == "trace-42"]
        assert traced and traced[0]["path"] == "/v1/pull" and traced[0]["status"] == 200
        assert traced[0]["device"] == "ops-1" and traced[0]["level"] == "INFO"
    finally:
        server.close()


def test_a_device_over_its_rate_limit_is_refused_on_every_instance(tmp_path, postgres):
    url = postgres.database("rate")
    a = ServerProcess(url, args=["--rate-limit", "30"], log=tmp_path / "a.log").start()
    b = ServerProcess(url, args=["--rate-limit", "30"], log=tmp_path / "b.log").start()
    try:
        with httpx.Client(base_url=a.url) as via_a, httpx.Client(base_url=b.url) as via_b:
            busy = enroll_wire_device(a, via_a, "SN-RL", "busy")
            calm = enroll_wire_device(a, via_a, "SN-RL", "calm")
            for _ in range(20):
                assert via_a.get("/v1/certs", headers=busy.headers).status_code == 200
            # 20 more through the other instance: the count is shared, so it refuses
            statuses = [via_b.get("/v1/certs", headers=busy.headers).status_code for _ in range(20)]
            assert 429 in statuses and statuses[0] == 200
            refused = via_b.get("/v1/certs", headers=busy.headers)
            assert refused.status_code == 429
            assert "too many requests from device busy" in refused.json()["error"]
            assert via_b.get("/v1/certs", headers=calm.headers).status_code == 200
            assert "entraide_rate_limited_total" in via_b.get("/metrics").text
    finally:
        a.close()
        b.close()


def test_health_reports_a_lost_database(tmp_path, postgres):
    url = postgres.database("gone")
    server = ServerProcess(url, log=tmp_path / "s.log").start()
    try:
        assert httpx.get(server.url + "/health").status_code == 200
        server.storage.close()
        server._admin = None
        name = urlsplit(url).path.lstrip("/")
        with psycopg.connect(postgres.url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        answer = httpx.get(server.url + "/health", timeout=60)
        assert answer.status_code == 503
        assert answer.json() == {"status": "unavailable", "error": "database unreachable"}
    finally:
        server.stop()
