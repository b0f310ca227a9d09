"""The sync monitor with a real server: last data received by any route (a USB relay
included), per-device pending counts, silent offices, and who may read it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from client.bundles import export_bundle, import_bundle
from client.cases import create_case
from client.sync import SyncAgent
from client.sync.monitor import network_status
from client.sync.transport import SyncError
from sync_server.monitor import Monitor

from .net import Net


def _mine(rows, net: Net) -> dict:
    codes = {s.get_meta("authority") for s in (net.a, net.b, net.c, net.sec)}
    return {r.authority: r for r in rows if r.authority in codes}


def test_relayed_data_counts_for_its_author_and_silence_stands_out(
    net: Net, tmp_path: Path, run_server_cli
) -> None:
    a, b, c, sec = net.a, net.b, net.c, net.sec
    code_a, code_b, code_c = (s.get_meta("authority") for s in (a, b, c))
    create_case(a, {"direction": "incoming", "kind": "mla"})
    SyncAgent(a).sync_once()
    create_case(c, {"direction": "incoming", "kind": "mla"})
    import_bundle(b, export_bundle(c, tmp_path / "c.bundle").path)  # C never goes online
    SyncAgent(b).sync_once()
    create_case(a, {"direction": "outgoing", "kind": "mla"})  # waits on A, for nobody else
    SyncAgent(a).sync_once()

    rows = _mine(network_status(sec), net)
    assert rows[code_c].last_received is not None
    # By stick, through B: it counts for C, and the server does not keep who carried it.
    assert "carried" not in str(rows[code_c])
    assert rows[code_b].last_received is None  # B wrote nothing itself
    assert [d.last_sync for d in rows[code_c].devices] == [None]  # C's device never synced
    assert rows[code_a].devices[0].last_sync is not None
    assert rows[code_a].devices[0].pending == 0  # A's device fetched what it may read
    assert not any(r.silent for r in rows.values())

    # Thirty days on, everyone is silent; the admin command marks them.
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=30)
    monitor = Monitor(net.server.storage)
    status = {r.authority: r for r in monitor.status(net.server.storage, now=later)}
    assert status[code_c].silent and status[code_c].days_silent >= 29
    out = run_server_cli("admin", "status", "--json")
    assert out.returncode == 0, out.stderr
    assert {r["authority"] for r in json.loads(out.stdout)} >= {code_a, code_b, code_c}
    text = run_server_cli("admin", "status", "--silent-days", "1").stdout
    assert code_c in text
    bad = run_server_cli("admin", "status", "--silent-days", "0")
    assert bad.returncode == 1 and "silent-days" in bad.stderr


def test_pending_counts_what_waits_for_a_device(net: Net) -> None:
    a, sec = net.a, net.sec
    code_a = a.get_meta("authority")
    SyncAgent(sec).sync_once()
    create_case(a, {"direction": "incoming", "kind": "mla"})
    SyncAgent(a).sync_once()  # a case group and a return group reach the server
    rows = _mine(network_status(sec), net)
    secretariat = rows[sec.get_meta("authority")].devices[0]
    assert secretariat.pending >= 1  # A's new return waits for the secretariat
    SyncAgent(sec).sync_once()
    rows = _mine(network_status(sec), net)
    assert rows[sec.get_meta("authority")].devices[0].pending == 0
    assert rows[code_a].devices[0].pending == 0


def test_only_secretariat_devices_read_the_monitor(net: Net) -> None:
    with pytest.raises(SyncError, match="not a secretariat device"):
        network_status(net.b)


def test_cli_prints_the_monitor(net: Net, run_cli) -> None:
    SyncAgent(net.a).sync_once()
    out = run_cli("network", "status", data_dir=net.dirs["sec"])
    assert out.returncode == 0, out.stderr
    assert net.a.get_meta("authority") in out.stdout and "last sync" in out.stdout
    refused = run_cli("network", "status", data_dir=net.dirs["b"])
    assert refused.returncode == 1 and "not a secretariat device" in refused.stderr


async def test_monitor_screen_puts_silent_offices_first(net: Net, settings) -> None:
    from tui.conftest import screen_text, wait_for

    from client.tui.app import make_app

    SyncAgent(net.a).sync_once()
    app = make_app(store=net.sec, settings=settings)
    async with app.run_test(size=(120, 36)) as pilot:
        app.action_section("sync")
        await pilot.pause()
        await pilot.press("m")
        code_a = net.a.get_meta("authority")
        await wait_for(pilot, lambda: "silent for three weeks or more" in screen_text(app))
        rows = app.screen.rows
        assert code_a in [r.authority for r in rows]
        days = [r.days_silent for r in rows]
        assert days == sorted(days, reverse=True)  # the longest silent first
        # The whole network is listed, not the Sync screen's six rows (an app-wide id rule).
        assert app.screen.query_one("#pending").region.height > 6
