"""Screens in detail: the file picker hides dot-folders and lists bundles first, the sync log
folds repeated rounds, long log lines and history entries open in full, the chart counts in
whole numbers and shows every category."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from client.tui.dialogs.file_picker import FilePickerDialog
from client.tui.dialogs.text import TextDialog
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.stats import StatsScreen
from client.tui.widgets.counts import integer_ticks
from client.tui.widgets.sync.log import fold_repeats

from .conftest import screen_text, wait_for


def test_sync_log_folds_identical_rounds_in_a_row() -> None:
    offline = ("Sync", "Failed", "server unreachable")
    rows = [
        ("2025-03-01 10:05", *offline),
        ("2025-03-01 10:04", *offline),
        ("2025-03-01 10:03", *offline),
        ("2025-03-01 10:02", "Sync", "OK", "2 sent"),
        ("2025-03-01 10:01", *offline),
    ]
    assert fold_repeats(rows) == [
        (
            "2025-03-01 10:05",
            "Sync",
            "Failed",
            "server unreachable (3 times since 2025-03-01 10:03)",
        ),
        ("2025-03-01 10:02", "Sync", "OK", "2 sent"),
        ("2025-03-01 10:01", *offline),
    ]


def test_integer_ticks() -> None:
    assert integer_ticks(3) == [0, 1, 2, 3]
    assert integer_ticks(1) == [0, 1]
    assert integer_ticks(23) == [0, 5, 10, 15, 20, 25]


async def test_file_picker_hides_dot_folders_and_lists_bundles_first(app, settings):
    folder: Path = settings.start_folder / "stick"
    folder.mkdir()
    (folder / ".hidden").mkdir()
    (folder / "zeta").mkdir()
    (folder / "a-notes.txt").write_text("x")
    (folder / "m-office.entraide").write_bytes(b"x")
    (folder / ".secret.entraide").write_bytes(b"x")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(FilePickerDialog(False, folder))
        await pilot.pause()
        tree = app.screen.query_one("#tree")
        await wait_for(pilot, lambda: len(tree.root.children) == 3)
        assert [str(n.label) for n in tree.root.children] == [
            "zeta",
            "m-office.entraide",
            "a-notes.txt",
        ]


async def test_history_entry_opens_in_full(app, sample):
    from client.cases import update_case

    long_note = "Une très longue note " * 8
    update_case(sample, "case0001", {"notes": long_note})
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CaseDetailScreen("case0001"))
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        table = app.screen.query_one("#history-table", DataTable)
        last = table.row_count - 1
        table.move_cursor(row=last)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert long_note.strip() in app.screen.text
        assert "longue note" in screen_text(app)


async def test_chart_shows_every_category(app, sample):
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        await pilot.pause()
        assert len(screen.rows()) == 8  # eight statuses in the sample, none left out
