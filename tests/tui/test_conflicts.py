"""Conflicting statuses in the real app: a marker in the list, a notice and a decision in the case."""

from __future__ import annotations

from pathlib import Path

from replicas import executed_and_refused
from textual.widgets import DataTable

from client.cases import find_conflict, get_case, history
from client.store import Store
from client.tui.app import make_app
from client.tui.dialogs.decide import DecideDialog
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.case_list import CaseListScreen

from .conftest import screen_text


async def test_conflict_is_marked_shown_and_decided(tmp_path: Path, settings) -> None:
    store = Store(tmp_path / "a.sqlite", author="Awa Ndiaye")
    colleague = Store(tmp_path / "b.sqlite", author="Bintou Diallo")
    case_id = executed_and_refused(store, colleague)
    app = make_app(store=store, settings=settings)
    async with app.run_test(size=(110, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, CaseListScreen)
        shown = get_case(store, case_id)["status"]
        assert f"! {shown.capitalize()}" in screen_text(app)

        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseDetailScreen)
        text = screen_text(app)
        assert "Conflict:" in text and "Press D to decide" in text
        assert "Awa Ndiaye" in text and "Bintou Diallo" in text

        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, DecideDialog)
        options = [o.id for o in dialog.query_one("#choices").options]
        assert sorted(options) == ["executed", "refused"]
        await pilot.press(*["down"] * options.index("executed"), "enter")
        await pilot.pause()

        assert isinstance(app.screen, CaseDetailScreen)
        assert find_conflict(store, case_id) is None
        assert get_case(store, case_id)["status"] == "executed"
        assert get_case(store, case_id)["refusal_grounds"] == []
        assert "Conflict:" not in screen_text(app)
        assert "Status: Executed" in screen_text(app)

        await pilot.press("4")  # the history keeps both officers' edits, marked
        await pilot.pause()
        table = app.screen.query_one("#history-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        concurrent = [r for r in rows if "(concurrent)" in r[1]]
        assert {r[1].split(" (")[0] for r in concurrent} == {"Awa Ndiaye", "Bintou Diallo"}
        assert any("Decision between concurrent statuses" in r[2] for r in rows)
    assert len([e for e in history(store, case_id) if e.concurrent]) == 2
    store.close()
    colleague.close()
