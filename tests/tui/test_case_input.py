"""Input that fits the work, in the real case form: State and authority pickers that search
as you type, dates as clerks write them with a key for today, remarks under the fields, our
reference from the office's numbering, and only the status changes that fit the direction."""

from __future__ import annotations

from client.cases import get_case, list_cases
from client.tui.dialogs.item import ItemDialog
from client.tui.dialogs.status import StatusDialog
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.case_form import CaseFormScreen
from client.tui.widgets.forms import FormField
from client.tui.widgets.picker import Picker
from shared import i18n

from .conftest import saved, screen_text
from .test_cases import choose, type_into


def field(app, name: str) -> FormField:  # noqa: ANN001
    return app.screen.query_one(f"#field-{name}", FormField)


async def test_new_incoming_request_with_pickers_dates_and_reference(app, sample):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        assert isinstance(app.screen, CaseFormScreen)
        await choose(pilot, "direction", 1)  # incoming
        await pilot.pause()
        # The next number of the office's pattern, for this direction and year.
        assert field(app, "our_ref").value == "SN/IN/2025/0001"
        await choose(pilot, "kind", 1)

        # Type a few letters of the State's name, go down into the suggestions, pick.
        await type_into(pilot, "requesting_state", "gha")
        await pilot.pause()
        picker = field(app, "requesting_state").widget
        assert isinstance(picker, Picker) and picker.has_class("-open")
        assert "Ghana" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert field(app, "requesting_state").value == "GH"
        assert picker.text_input.value == "Ghana"
        # Accents and case do not matter.
        await type_into(pilot, "requested_state", "senegal")
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert field(app, "requested_state").value == "SN"

        # DD/MM/YYYY is understood; "t" writes today; remarks appear, saving still works.
        await type_into(pilot, "date_received", "t")
        assert field(app, "date_received").value == "2025-03-01"
        await type_into(pilot, "deadline", "15/02/2025")
        await pilot.pause()
        assert field(app, "deadline").value == "2025-02-15"
        assert field(app, "deadline").has_class("-warned")
        assert "The deadline is before Date received (01/03/2025)" in screen_text(app)
        await type_into(pilot, "date_acknowledged", "02/03/2025")
        await pilot.pause()
        assert field(app, "date_acknowledged").has_class("-warned")  # after today
        await pilot.press("ctrl+s")
        await saved(pilot)
        assert isinstance(app.screen, CaseDetailScreen)

    [new] = [c for c in list_cases(sample) if c["our_ref"] == "SN/IN/2025/0001"]
    stored = get_case(sample, new["id"])
    assert stored["status"] == "received"  # a request we receive starts as received
    assert (stored["requesting_state"], stored["requested_state"]) == ("GH", "SN")
    assert (stored["date_received"], stored["deadline"]) == ("2025-03-01", "2025-02-15")


async def test_reference_stays_editable_and_a_duplicate_is_flagged(app, sample):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "n")
        await choose(pilot, "direction", 2)  # outgoing
        await pilot.pause()
        assert field(app, "our_ref").value == "SN/OUT/2025/0001"
        ref = field(app, "our_ref").widget
        ref.value = ""
        await type_into(pilot, "our_ref", "SN/0002")  # a reference case 2 already has
        await pilot.pause()
        assert field(app, "our_ref").has_class("-warned")
        assert "already has this reference" in screen_text(app)
        # Changing the direction does not overwrite a typed reference.
        await choose(pilot, "direction", 1)
        await pilot.pause()
        assert field(app, "our_ref").value == "SN/0002"


async def test_pickers_show_state_names_in_french(app):
    i18n.set_language("fr")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CaseFormScreen("case0001"))
        await pilot.pause()
        picker = field(app, "requesting_state").widget
        assert picker.text_input.value == "Ghana"
        await type_into(pilot, "requested_state", "cote")
        await pilot.pause()
        assert "Côte d'Ivoire" in screen_text(app)


async def test_status_choices_fit_the_direction(app, sample):
    async with app.run_test(size=(100, 30)) as pilot:
        app.push_screen(CaseDetailScreen("case0006"))  # an outgoing draft
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, StatusDialog)
        assert dialog.allowed == ("sent", "withdrawn")  # never "received"


async def test_person_dialog_takes_a_date_as_written(app, sample):
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CaseDetailScreen("case0001"))
        await pilot.pause()
        await pilot.press("2", "a")
        await pilot.pause()
        assert isinstance(app.screen, ItemDialog)
        await type_into(pilot, "name", "Awa Ndiaye")
        await type_into(pilot, "date_of_birth", "07/09/1980")
        await pilot.press("ctrl+s")
        await saved(pilot)
    persons = get_case(sample, "case0001")["persons"]
    assert [p["date_of_birth"] for p in persons.values()] == ["1980-09-07"]
