"""Snapshots of the main screens at 80x24 and 120x40, on fixed data and a fixed "today".

Update after an intended change of look: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest
from textual.widgets import Input

from client.tui.app import make_app
from client.tui.screens.case_detail import CaseDetailScreen

SIZES = [(80, 24), (120, 40)]


async def _still(pilot) -> None:  # noqa: ANN001
    """No blinking cursor in a snapshot."""
    for widget in pilot.app.query(Input):
        widget.cursor_blink = False
    await pilot.pause()


def _open_case(case_id: str, tab: str = "1"):
    async def run_before(pilot) -> None:  # noqa: ANN001
        pilot.app.push_screen(CaseDetailScreen(case_id))
        await pilot.pause()
        await pilot.press(tab)
        await _still(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
class TestMainScreens:
    def test_dashboard(self, snap_compare, sample, settings, size):
        assert snap_compare(make_app(sample, settings), terminal_size=size, run_before=_still)

    def test_cases(self, snap_compare, sample, settings, size):
        app = make_app(sample, settings)
        assert snap_compare(app, press=["f3"], terminal_size=size, run_before=_still)

    def test_case_detail(self, snap_compare, sample, settings, size):
        app = make_app(sample, settings)
        assert snap_compare(app, terminal_size=size, run_before=_open_case("case0008"))

    def test_case_history(self, snap_compare, sample, settings, size):
        app = make_app(sample, settings)
        assert snap_compare(app, terminal_size=size, run_before=_open_case("case0008", "4"))

    def test_directory(self, snap_compare, sample, settings, size):
        app = make_app(sample, settings)
        assert snap_compare(app, press=["f4"], terminal_size=size, run_before=_still)

    def test_own_directory_entry(self, snap_compare, sample, settings, size):
        app = make_app(sample, settings)
        press = ["f4", "tab", "m"]
        assert snap_compare(app, press=press, terminal_size=size, run_before=_still)

    def test_statistics(self, snap_compare, sample, settings, size):
        app = make_app(sample, settings)
        assert snap_compare(app, press=["f6"], terminal_size=size, run_before=_still)


def test_case_form_in_french(snap_compare, sample, settings):
    settings.language = "fr"
    app = make_app(sample, settings)
    assert snap_compare(app, press=["f3", "n"], terminal_size=(80, 24), run_before=_still)
