"""Sync and USB import from the app, against a real server process and real bundle files."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from serverproc import ServerProcess, enrolled_store, share_keys

from client.bundles import export_bundle
from client.cases import create_case
from client.returns import read_returns
from client.store import Store
from client.sync import SyncAgent
from client.tui.app import make_app
from client.tui.dialogs.file_picker import FilePickerDialog
from client.tui.widgets.cases.case_table import CaseTable

from .conftest import screen_text, wait_for


@pytest.fixture
def two_devices(tmp_path: Path, server: ServerProcess) -> Iterator[tuple[Store, Store]]:
    """Two enrolled devices of one authority, sharing its space key."""
    authority = f"SN-{secrets.token_hex(3)}"
    first = enrolled_store(tmp_path / "first.sqlite", server, authority)
    second = enrolled_store(tmp_path / "second.sqlite", server, authority)
    share_keys(first, second)
    yield first, second
    first.close()
    second.close()


def case_ids(app) -> set[str]:  # noqa: ANN001
    tables = app.screen.query(CaseTable)
    if not tables:  # the case list is not shown yet
        return set()
    table = tables.first()
    return {table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)}


async def test_sync_now_brings_a_case_from_another_device(two_devices, settings):
    first, second = two_devices
    case_id = create_case(first, {"direction": "incoming", "kind": "mla", "title": "Zeta Kovak"})
    SyncAgent(first).sync_once()

    app = make_app(store=second, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5")
        assert "not enrolled" not in screen_text(app)
        await pilot.press("s")
        await wait_for(pilot, lambda: app.transfers.records)
        record = app.transfers.records[0]
        assert (record.task, record.ok) == ("sync", True), record.message
        await wait_for(pilot, lambda: "Sync complete" in screen_text(app))
        await pilot.press("f3")
        await wait_for(pilot, lambda: case_id in case_ids(app))
        assert "Zeta Kovak" in screen_text(app)


async def test_usb_import_with_the_file_picker(two_devices, settings, tmp_path):
    first, second = two_devices
    case_id = create_case(first, {"direction": "outgoing", "kind": "mla", "title": "Bundle Ivo"})
    bundle = tmp_path / "from-first.entraide"
    export_bundle(first, bundle)

    app = make_app(store=second, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        assert case_id not in case_ids(app)
        await pilot.press("f5", "i")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilePickerDialog)
        path_input = picker.query_one("#path")
        path_input.value = str(bundle)
        path_input.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.transfers.records)
        record = app.transfers.records[0]
        assert (record.task, record.ok) == ("import", True), record.message
        await pilot.press("f3")
        await pilot.pause()
        assert case_id in case_ids(app)


async def test_a_damaged_bundle_is_refused_in_plain_words(two_devices, settings, tmp_path):
    _first, second = two_devices
    bad = tmp_path / "bad.entraide"
    bad.write_bytes(b"not a bundle at all")
    app = make_app(store=second, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f5", "i")
        await pilot.pause()
        app.screen.query_one("#path").value = str(bad)
        app.screen.query_one("#path").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.transfers.records)
        record = app.transfers.records[0]
        assert not record.ok
        assert "Traceback" not in record.message and record.message
        assert any(n.severity == "error" for n in app._notifications)


async def test_the_background_sync_keeps_returns_for_later_and_the_sync_key_sends_them(
    two_devices, settings
):
    """The app's timer syncs in the background: its cases go, their returns wait (a day,
    client/returns/book.py); the sync key is a sync by hand and publishes them."""
    first, second = two_devices
    create_case(first, {"direction": "incoming", "kind": "mla", "requesting_state": "NG"})
    app = make_app(store=first, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        assert app.transfers.start_sync(manual=False)
        await wait_for(pilot, lambda: app.transfers.records)
        assert app.transfers.records[0].ok, app.transfers.records[0].message
        SyncAgent(second).sync_once()
        assert len(second.doc_ids("case")) == 1 and read_returns(second) == []
        await pilot.press("f5")
        await pilot.pause()
        hint = app.screen.query_one("#pending-hint")
        assert hint.display  # the Sync screen says why the statistics still wait
        await pilot.press("s")
        await wait_for(pilot, lambda: len(app.transfers.records) == 2)
        assert app.transfers.records[0].ok, app.transfers.records[0].message
        await wait_for(pilot, lambda: not hint.display)  # sent: nothing left to explain
    SyncAgent(second).sync_once()
    assert [r["counterpart_state"] for r in read_returns(second)] == ["NG"]
