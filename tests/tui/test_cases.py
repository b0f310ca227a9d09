"""The case register through the real app: form, validation, status, search, history, sub-lists."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Select

from client.cases import CaseFilter, count_cases, get_case, history, list_cases, update_case
from client.tui.app import make_app
from client.tui.dialogs.confirm import ConfirmDialog
from client.tui.dialogs.item import ItemDialog
from client.tui.dialogs.status import StatusDialog
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.case_form import CaseFormScreen
from client.tui.screens.case_list import CaseListScreen
from client.tui.widgets.cases.case_table import CaseTable
from client.tui.widgets.forms import FormField

from .conftest import saved, screen_text


async def choose(pilot, field: str, position: int) -> None:  # noqa: ANN001
    """Pick the `position`-th option (1 = first real option) of a form Select by keyboard."""
    select = pilot.app.screen.query_one(f"#field-{field}", FormField).widget
    assert isinstance(select, Select)
    select.focus()
    await pilot.press("enter")
    await pilot.press(*["down"] * position, "enter")


async def type_into(pilot, field: str, text: str) -> None:  # noqa: ANN001
    widget = pilot.app.screen.query_one(f"#field-{field}", FormField).widget
    widget.focus()
    await pilot.press(*text)


async def test_create_case_with_a_rejected_date_keeps_the_form(store, settings):
    app = make_app(store=store, settings=settings)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        assert isinstance(app.screen, CaseListScreen)
        assert "No request yet" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, CaseFormScreen)
        await choose(pilot, "direction", 2)  # outgoing
        await choose(pilot, "kind", 1)  # mla
        await type_into(pilot, "our_ref", "SN/OUT/77")
        await type_into(pilot, "title", "Banque Zeta")
        await type_into(pilot, "deadline", "2025-13-45")
        await pilot.press("ctrl+s")
        await saved(pilot)

        # Refused: the error is next to the field, the form and everything typed remain.
        form = app.screen
        assert isinstance(form, CaseFormScreen)
        deadline = form.query_one("#field-deadline", FormField)
        assert deadline.has_class("-invalid")
        assert "YYYY-MM-DD" in screen_text(app)
        assert form.query_one("#field-title", FormField).value == "Banque Zeta"
        assert form.query_one("#field-direction", FormField).value == "outgoing"
        assert count_cases(store) == 0

        deadline_input = deadline.widget
        assert isinstance(deadline_input, Input)
        deadline_input.value = ""
        deadline_input.focus()
        await pilot.press(*"2025-04-30", "ctrl+s")
        await saved(pilot)

        assert isinstance(app.screen, CaseDetailScreen)
        [case] = list_cases(store)
        stored = get_case(store, case["id"])
        assert (stored["direction"], stored["kind"], stored["our_ref"], stored["deadline"]) == (
            "outgoing",
            "mla",
            "SN/OUT/77",
            "2025-04-30",
        )
        assert stored["status"] == "draft"
        assert "Banque Zeta" in screen_text(app)


async def test_status_changes_offer_only_allowed_transitions(app, sample):
    update_case(sample, "case0006", {"direction": "incoming"})
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseDetailScreen("case0006"))  # an incoming draft
        await pilot.pause()
        await pilot.press("t")
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        offered = [o.id for o in dialog.query_one("#choices").options]
        assert offered == ["received", "withdrawn"]  # never "sent": it came to us
        await pilot.press("enter")  # received
        await pilot.pause()
        assert get_case(sample, "case0006")["status"] == "received"
        assert get_case(sample, "case0006")["date_received"]  # filled in by the workflow
        assert "Status: Received" in screen_text(app)

        # A final status asks first; "No" leaves the case as it was.
        await pilot.press("t")
        options = [o.id for o in app.screen.query_one("#choices").options]
        await pilot.press(*["down"] * options.index("withdrawn"), "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert get_case(sample, "case0006")["status"] == "received"
        await pilot.press("t")
        await pilot.press(*["down"] * options.index("withdrawn"), "enter")
        await pilot.press("y")
        await pilot.pause()
        assert get_case(sample, "case0006")["status"] == "withdrawn"


async def test_search_filter_and_open_history(app, sample):
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("f3")
        table = app.screen.query_one(CaseTable)
        assert table.row_count == 8
        await pilot.press("ctrl+f", *"zimo", "enter")  # a person's name inside case 8
        await pilot.pause()
        assert table.row_count == 1
        assert table.current_id == "case0008"

        table.focus()
        await pilot.press("x")  # clear filters
        await pilot.pause(0.3)
        assert table.row_count == 8
        app.screen.query_one("#overdue").value = True  # the Overdue checkbox
        await pilot.pause(0.1)
        ids = {table.coordinate_to_cell_key((r, 0)).row_key.value for r in range(table.row_count)}
        assert ids == {"case0001"}  # deadline 2025-02-10, still open on 2025-03-01

        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseDetailScreen)
        await pilot.press("4")
        await pilot.pause()
        rows = app.screen.query_one("#history-table", DataTable)
        texts = [str(rows.get_row_at(i)[2]) for i in range(rows.row_count)]
        assert "Case created" in texts
        assert any(t.startswith("Our reference: SN/0001") for t in texts)
        assert str(rows.get_row_at(0)[1]) == "Aminata Diallo"


async def test_history_shows_a_status_change(app, sample):
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseDetailScreen("case0002"))  # sent
        await pilot.pause()
        await pilot.press("t", "enter")  # first allowed: acknowledged
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        assert len(history(sample, "case0002")) == 2
        assert "Status: Sent -> Acknowledged" in screen_text(app)


async def test_persons_add_edit_remove(app, sample):
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseDetailScreen("case0006"))
        await pilot.pause()
        await pilot.press("2", "a")
        await pilot.pause()
        assert isinstance(app.screen, ItemDialog)
        await pilot.press("ctrl+s")  # the name is required
        await pilot.pause()
        assert isinstance(app.screen, ItemDialog)
        name = app.screen.query_one("#field-name", FormField)
        assert name.has_class("-invalid")
        name.widget.focus()
        await pilot.press(*"Lena Ovid", "ctrl+s")
        await saved(pilot)
        persons = get_case(sample, "case0006")["persons"]
        assert [p["name"] for p in persons.values()] == ["Lena Ovid"]
        assert "Lena Ovid" in screen_text(app)

        table = app.screen.query_one("#persons-table", DataTable)
        table.focus()
        await pilot.press("enter")  # edit the selected person
        await pilot.pause()
        nationality = app.screen.query_one("#field-nationality", FormField)
        nationality.widget.focus()
        await pilot.press(*"ML", "ctrl+s")
        await saved(pilot)
        [person] = get_case(sample, "case0006")["persons"].values()
        assert person["nationality"] == "ML"

        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert get_case(sample, "case0006")["persons"] == {}


async def test_leaving_a_typed_form_asks_first(app, sample):
    async with app.run_test(size=(100, 40)) as pilot:
        app.push_screen(CaseDetailScreen("case0006"))
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_into(pilot, "offences", "Fraude")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # keep typing
        await pilot.pause()
        assert isinstance(app.screen, CaseFormScreen)
        assert app.screen.query_one("#field-offences", FormField).value == "Fraude"
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert get_case(sample, "case0006")["offences"] == "Fraude"


async def test_paging_moves_through_all_cases(sample, settings):
    settings.page_size = 3
    app = make_app(store=sample, settings=settings)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        table = app.screen.query_one(CaseTable)
        assert table.row_count == 3
        seen = []
        for _ in range(8):
            seen.append(table.current_id)
            await pilot.press("down")
            await pilot.pause()
        assert table.row_count == 2  # the last page
        expected = [c["id"] for c in list_cases(sample, CaseFilter(limit=None))]
        assert seen == expected
        assert "7–8 of 8" in screen_text(app)


async def test_empty_store_every_section(store, settings):
    app = make_app(store=store, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("f2", "f3", "f4", "f5", "f6", "f7"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("f1")
            await pilot.pause()
            assert "Help:" in screen_text(app)
            await pilot.press("escape")
        await pilot.press("f4")
        await pilot.pause()
        app.screen.query_one("#entries").focus()
        await pilot.press("m")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("has no entry in the directory yet" in m for m in messages), messages
