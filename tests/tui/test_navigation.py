"""Navigation by keyboard: Enter or Down in the search box goes to the results, "/" goes back
to the search, g and G jump to the top and the end of the whole list (not only the page),
ticks are signs and not colours alone."""

from __future__ import annotations

from textual.widgets import Input

from client.tui.app import make_app
from client.tui.widgets.cases.case_table import CaseTable
from client.tui.widgets.forms import FormField

from .conftest import screen_text


async def test_search_box_leads_to_results_and_back(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "slash")
        assert isinstance(app.focused, Input) and app.focused.id == "search"
        await pilot.press(*"Kovak", "enter")
        await pilot.pause()
        assert isinstance(app.focused, CaseTable)
        await pilot.press("slash")
        assert app.focused.id == "search"
        await pilot.press("down")
        assert isinstance(app.focused, CaseTable)


async def test_g_and_shift_g_jump_across_pages(sample, settings):
    settings.page_size = 3  # eight cases: three pages
    app = make_app(sample, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        table = app.screen.query_one(CaseTable)
        table.focus()
        await pilot.press("G")
        await pilot.pause()
        assert app.screen.page_offset == 6
        assert table.cursor_row == table.row_count - 1
        assert "7–8 of 8" in screen_text(app)
        await pilot.press("g")
        await pilot.pause()
        assert app.screen.page_offset == 0 and table.cursor_row == 0
        assert "1–3 of 8" in screen_text(app)


async def test_ticks_are_signs_not_only_colours(app):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        assert "▐ ▌" in screen_text(app)  # "Overdue" not ticked: an empty box
        app.screen.query_one("#overdue").toggle()
        await pilot.pause()
        assert "▐X▌" in screen_text(app)

        from client.tui.screens.case_form import CaseFormScreen

        app.push_screen(CaseFormScreen("case0001"))  # taking evidence ticked, others not
        await pilot.pause()
        field = app.screen.query_one("#field-assistance_types", FormField)
        field.scroll_visible(animate=False)
        await pilot.pause()
        lines = [line for line in screen_text(app).splitlines() if "▐" in line]
        assert any("▐X▌ Taking evidence" in line for line in lines), lines
        assert any("▐ ▌ Service of" in line for line in lines), lines
