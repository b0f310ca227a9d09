"""`entraide-server admin ...` and `entraide init` / `entraide sync` through the real CLIs."""

from __future__ import annotations

import json


def test_admin_commands_with_json_and_clear_errors(server, run_server_cli):
    made = run_server_cli(
        "admin",
        "authority",
        "add",
        "CI-CA",
        "--state",
        "CI",
        "--name",
        "Côte d'Ivoire CA",
        "--json",
    )
    assert made.returncode == 0, made.stderr
    assert json.loads(made.stdout)["code"] == "CI-CA"
    again = run_server_cli("admin", "authority", "add", "CI-CA", "--state", "CI", "--name", "x")
    assert again.returncode == 1 and "already exists" in again.stderr
    bad = run_server_cli(
        "admin", "code", "issue", "--authority", "NOPE", "--role", "officer", "--json"
    )
    assert bad.returncode == 1 and json.loads(bad.stdout) == {
        "error": "no authority NOPE: create it first"
    }
    issued = json.loads(
        run_server_cli(
            "admin", "code", "issue", "--authority", "CI-CA", "--role", "admin", "--json"
        ).stdout
    )
    assert issued["role"] == "admin" and len(issued["code"]) == 19
    # Only the hash of the code is stored.
    rows = server.storage.conn.execute("SELECT code_hash FROM enrollment_codes").fetchall()
    assert issued["code"] not in {r[0] for r in rows}
    listed = json.loads(run_server_cli("admin", "authority", "list", "--json").stdout)
    assert "CI-CA" in {a["code"] for a in listed}
    missing = run_server_cli("admin", "device", "revoke", "no-such-device", "--json")
    assert missing.returncode == 1 and "no device no-such-device" in missing.stdout


def test_init_and_sync_commands(server, run_server_cli, run_cli, tmp_path):
    code = server.code("GH-CA")
    enrolled = run_cli(
        "init", "--server", server.url, "--code", code, "--json", data_dir=tmp_path / "d1"
    )
    assert enrolled.returncode == 0, enrolled.stderr
    device = json.loads(enrolled.stdout)
    assert device["authority"].startswith("GH-CA") and device["role"] == "officer"
    reused = run_cli("init", "--server", server.url, "--code", code, data_dir=tmp_path / "d2")
    assert reused.returncode == 1 and "already been used" in reused.stderr
    made = run_cli(
        "case",
        "new",
        "--json",
        "-",
        input='{"direction": "incoming", "kind": "mla", "title": "t"}',
        data_dir=tmp_path / "d1",
    )
    assert made.returncode == 0, made.stderr
    synced = run_cli("sync", "--json", data_dir=tmp_path / "d1")
    assert synced.returncode == 0, synced.stderr
    assert json.loads(synced.stdout)["pushed"] == 2  # the case and its return
    status = json.loads(run_cli("sync", "--status", "--json", data_dir=tmp_path / "d1").stdout)
    assert status["online"] is True and status["pending"] == {}
    devices = json.loads(
        run_server_cli("admin", "device", "list", "--authority", "GH-CA", "--json").stdout
    )
    assert [d["device_id"] for d in devices] == [device["device_id"]]
    assert devices[0]["last_seen"]
    offline = run_cli("sync", "--server", "http://127.0.0.1:9", data_dir=tmp_path / "d1")
    assert offline.returncode == 1
    assert "sync failed: server unreachable (connection refused)" in offline.stderr
