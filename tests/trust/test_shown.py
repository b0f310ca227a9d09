"""A change set aside is shown, not silent: `entraide sync --status` (text and --json) and
the TUI's sync screen list it with its document, author device and reason."""

from __future__ import annotations

import json
from pathlib import Path

from client.bundles import export_bundle, import_bundle
from client.directory import put_entry
from client.paths import store_path
from client.tui.app import make_app
from client.tui.screens.sync import SyncScreen
from client.tui.settings import TuiSettings

from .hostile import BAD_SCALARS, forked, inject, put


def _victim_with_a_fault(network, tmp_path: Path):  # noqa: ANN001, ANN202
    attacker = network.enroll("attacker", "ML")
    data_dir = tmp_path / "victim-data"
    data_dir.mkdir()
    victim = network.enroll("victim", "SN", path=store_path(data_dir))
    put_entry(attacker, {"code": "ML", "state": "ML", "authority_name": "ML"})
    inject(
        attacker, "directory", "ML", [put(forked(attacker, "ML"), {"phones": BAD_SCALARS["bytes"]})]
    )
    import_bundle(victim, export_bundle(attacker, tmp_path / "a.bundle").path)
    return attacker, victim, data_dir


def test_sync_status_lists_what_was_set_aside(network, tmp_path: Path, run_cli) -> None:
    attacker, victim, data_dir = _victim_with_a_fault(network, tmp_path)
    victim.close()
    shown = run_cli("--data-dir", data_dir, "sync", "--status", "--json")
    assert shown.returncode == 0, shown.stderr
    [fault] = json.loads(shown.stdout)["faults"]
    assert fault["doc_id"] == "ML" and fault["author"] == attacker.device_id
    assert "phones may not hold a value of type Bytes" in fault["reason"]
    text = run_cli("--data-dir", data_dir, "sync", "--status")
    assert "set aside: 1" in text.stdout and "Bytes" in text.stdout


async def test_sync_screen_lists_what_was_set_aside(network, tmp_path: Path) -> None:
    attacker, victim, _ = _victim_with_a_fault(network, tmp_path)
    app = make_app(victim, TuiSettings(auto_sync=False, start_folder=tmp_path))
    async with app.run_test(size=(160, 40)) as pilot:
        app.action_section("sync")
        await pilot.pause()
        assert isinstance(app.screen, SyncScreen)
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert "Set aside" in text and attacker.device_id in text and "Bytes" in text
