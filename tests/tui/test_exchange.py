"""The channel in the terminal app, with real stores and a real server: Nigeria transmits a
request from the case screen (recording an override first), Senegal's app receives it,
saves its annex, acknowledges it; Nigeria's app shows the proposal and confirms it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, DataTable, Input, Select, TextArea

from client.cases import get_case
from client.exchange import case_attachments, read_attachment, thread_items
from client.exchange.links import channel_link
from client.store import Store
from client.tui.app import make_app
from client.tui.dialogs.file_picker import FilePickerDialog
from client.tui.dialogs.reply import ReplyDialog
from client.tui.dialogs.transmit import TransmitDialog
from client.tui.screens.case_detail import CaseDetailScreen
from client.tui.screens.case_thread import CaseThreadScreen
from client.tui.screens.request_writer import RequestWriterScreen
from client.tui.settings import TuiSettings
from tests.exchange.net import (
    Pair,
    annex_file,
    approve_all,
    outgoing_request,
    publish_entry,
    sync,
)

from .conftest import screen_text, wait_for

pytestmark = pytest.mark.usefixtures("server")


@pytest.fixture
def pair(make_device) -> Pair:  # noqa: ANN001
    ng, sn = make_device("NG"), make_device("SN")
    sec = make_device("WACAP", role="secretariat")
    publish_entry(ng, "NG", "Central Authority Unit, Abuja")
    publish_entry(sn, "SN", "Direction des affaires criminelles et des grâces")
    for store in (ng, sn, sec):
        sync(store)
    made = Pair(ng, sn, sec)
    approve_all(sec, made.ng_code, made.sn_code)
    for store in (sec, ng, sn):
        sync(store)
    return made


def app_for(store: Store, tmp_path: Path):  # noqa: ANN201
    settings = TuiSettings(auto_sync=False, start_folder=tmp_path, page_size=100)
    return make_app(store=store, settings=settings)


async def sync_in_app(pilot) -> None:  # noqa: ANN001
    done = len(pilot.app.transfers.records)
    pilot.app.sync_now()
    await wait_for(pilot, lambda: len(pilot.app.transfers.records) > done)
    assert pilot.app.transfers.records[0].ok, pilot.app.transfers.records[0].message


async def test_transmit_receive_acknowledge_confirm(pair: Pair, tmp_path: Path) -> None:
    case_id = outgoing_request(pair.ng, pair.sn_code)
    from client.exchange import attach_file

    attach_file(pair.ng, case_id, annex_file(tmp_path))

    # Nigeria: X on the case, the gate stops it, an override, then the transmission.
    async with app_for(pair.ng, tmp_path).run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(CaseDetailScreen(case_id))
        await pilot.pause()
        assert "X transmits it" in screen_text(pilot.app)  # the header names the key
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TransmitDialog))
        dialog = pilot.app.screen
        assert "blocking finding" in screen_text(pilot.app)
        assert not dialog.query_one("#transmit", Button).display
        await pilot.press("enter")  # no reason typed: refused, nothing recorded
        assert "Type the reason" in screen_text(pilot.app)
        assert not get_case(pair.ng, case_id)["overrides"]
        dialog.query_one("#override-reason", Input).value = "Advance copy agreed by phone"
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.query_one("#transmit", Button).display)
        assert "Nothing blocks the transmission" in screen_text(pilot.app)
        assert pair.sn_code in screen_text(pilot.app)
        await pilot.click("#transmit")
        await wait_for(pilot, lambda: dialog.sent is not None)
        await pilot.pause()
        assert "next sync" in screen_text(pilot.app)
        assert get_case(pair.ng, case_id)["status"] == "sent"
        assert channel_link(pair.ng, get_case(pair.ng, case_id)).direction == "out"
        await pilot.click("#sync-now")  # the package leaves now
        await wait_for(pilot, lambda: not isinstance(pilot.app.screen, TransmitDialog))
        await wait_for(pilot, lambda: pilot.app.transfers.records != [])
        assert pilot.app.transfers.records[0].ok
        await pilot.pause()
        text = screen_text(pilot.app)
        assert "Transmitted over the channel to " + pair.sn_code in text
        assert "X transmits" not in text and "M: thread" in text  # the thread goes on
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseThreadScreen))
        assert "Request" in screen_text(pilot.app) and "ledger.txt" in screen_text(pilot.app)

    # Senegal: the sync brings an incoming case, marked in the list; its thread, its files.
    saved = tmp_path / "out" / "ledger.txt"
    saved.parent.mkdir()
    async with app_for(pair.sn, tmp_path).run_test(size=(80, 24)) as pilot:
        await sync_in_app(pilot)
        [incoming] = pair.sn.doc_ids("case")
        await pilot.press("f3")
        await wait_for(pilot, lambda: "⇄ Received" in screen_text(pilot.app))
        pilot.app.push_screen(CaseDetailScreen(incoming))
        await pilot.pause()
        assert "Received over the channel from " + pair.ng_code in screen_text(pilot.app)
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseThreadScreen))
        thread = pilot.app.screen
        assert "request-en.docx" in screen_text(pilot.app)
        # Enter on the request opens it in full.
        await pilot.press("enter")
        await pilot.pause()
        assert "Message id:" in screen_text(pilot.app)
        await pilot.press("escape")
        # Save the annex through the path dialog.
        files = thread.query_one("#files", DataTable)
        names = [a.name for a in case_attachments(pair.sn, incoming)]
        files.focus()
        files.move_cursor(row=names.index("ledger.txt"))
        await pilot.press("s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FilePickerDialog))
        pilot.app.screen.query_one("#path", Input).value = str(saved)
        await pilot.click("#choose")
        await wait_for(pilot, lambda: saved.exists())
        assert saved.read_bytes() == annex_file(tmp_path).read_bytes()
        await pilot.press("escape")
        # Acknowledge.
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReplyDialog))
        pilot.app.screen.query_one("#reply-text", TextArea).text = "Assigned to Dakar"
        await pilot.click("#send")
        await wait_for(pilot, lambda: len(thread_items(pair.sn, incoming)) == 2)
        await pilot.pause()
        assert "Acknowledgement" in screen_text(pilot.app)
        # A refusal without grounds is refused in the dialog; then a partial execution
        # with a result file chosen in the file picker.
        result = tmp_path / "hearing-record.txt"
        result.write_text("Record of the hearing of the witness", encoding="utf-8")
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReplyDialog))
        reply = pilot.app.screen
        reply.query_one("#reply-kind", Select).value = "refusal"
        await pilot.pause()
        await pilot.click("#send")
        await pilot.pause()
        assert "states its grounds" in screen_text(pilot.app)
        reply.query_one("#reply-kind", Select).value = "execution"
        reply.query_one("#reply-execution", Select).value = "partial"
        await pilot.pause()
        reply.query_one("#add-file", Button).press()
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FilePickerDialog))
        await wait_for(pilot, lambda: not [w for w in pilot.app.workers if w.name == "places"])
        await pilot.pause()  # the places list is filled: it no longer resets the path
        pilot.app.screen.query_one("#path", Input).value = str(result)
        await pilot.click("#choose")
        await wait_for(pilot, lambda: pilot.app.screen is reply)
        assert "hearing-record.txt" in screen_text(pilot.app)
        reply.action_send()
        await wait_for(pilot, lambda: len(thread_items(pair.sn, incoming)) == 3)
        assert thread_items(pair.sn, incoming)[2].execution == "partial"
        await sync_in_app(pilot)

    # Nigeria: the acknowledgement is a proposal; the case changes when A confirms it.
    async with app_for(pair.ng, tmp_path).run_test(size=(80, 24)) as pilot:
        await sync_in_app(pilot)
        pilot.app.push_screen(CaseDetailScreen(case_id))
        await pilot.pause()
        await wait_for(pilot, lambda: "2 statuses to confirm" in screen_text(pilot.app))
        await pilot.press("m")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, CaseThreadScreen))
        await wait_for(pilot, lambda: "● Assigned to Dakar" in screen_text(pilot.app))
        assert "Partial execution" in screen_text(pilot.app)
        assert "hearing-record.txt" in screen_text(pilot.app)  # the result file, to save
        thread = pilot.app.screen
        thread.query_one("#messages", DataTable).move_cursor(row=1)
        assert get_case(pair.ng, case_id)["status"] == "sent"
        await pilot.press("a")
        await pilot.pause()
        await pilot.press("y")
        await wait_for(pilot, lambda: get_case(pair.ng, case_id)["status"] == "acknowledged")
        # The acknowledgement's sender sees it read: Senegal's thread says [read] after a sync.
        await pilot.pause()
        await wait_for(pilot, lambda: "✓ Assigned to Dakar" in screen_text(pilot.app))
        assert "1 proposed status to confirm" in screen_text(pilot.app)  # the execution
        assert "[read]" in screen_text(pilot.app)  # Senegal opened the request's thread


async def test_reply_needs_text_and_writer_transmits(pair: Pair, tmp_path: Path) -> None:
    """Ctrl+T in the writer opens the same gate; an information request needs its text."""
    case_id = outgoing_request(pair.ng, pair.sn_code)
    async with app_for(pair.ng, tmp_path).run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(RequestWriterScreen(case_id))
        await pilot.pause()
        await pilot.press("ctrl+t")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TransmitDialog))
        dialog = pilot.app.screen
        dialog.query_one("#override-reason", Input).value = "Urgent: detained suspect"
        await pilot.press("enter")
        await wait_for(pilot, lambda: dialog.query_one("#transmit", Button).display)
        await pilot.click("#transmit")
        await wait_for(pilot, lambda: dialog.sent is not None)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RequestWriterScreen)
        # The thread: a reply of kind "further information" with no text is refused.
        pilot.app.push_screen(CaseThreadScreen(case_id))
        await pilot.pause()
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReplyDialog))
        pilot.app.screen.query_one("#reply-kind", Select).value = "info"
        await pilot.click("#send")
        await pilot.pause()
        assert "this message needs a text" in screen_text(pilot.app)
        assert len(thread_items(pair.ng, case_id)) == 1
        pilot.app.screen.query_one("#reply-text", TextArea).text = "Original follows by DHL"
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(thread_items(pair.ng, case_id)) == 2)
        assert thread_items(pair.ng, case_id)[1].text == "Original follows by DHL"


async def test_transmit_refused_without_directory_entry(sample, settings) -> None:  # noqa: ANN001
    """A request to a State with no directory entry: the dialog says why; nothing is sent."""
    app = make_app(sample, settings)
    async with app.run_test(size=(80, 24)) as pilot:
        pilot.app.push_screen(CaseDetailScreen("case0006"))
        await pilot.pause()
        await pilot.press("x")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, TransmitDialog))
        assert "not in the directory" in screen_text(pilot.app)
        assert not pilot.app.screen.query_one("#transmit", Button).display
        await pilot.press("escape")
        await pilot.pause()
        assert channel_link(sample, get_case(sample, "case0006")) is None
        assert get_case(sample, "case0006")["status"] == "draft"


def test_saved_bytes_are_the_attachment(pair: Pair, tmp_path: Path) -> None:
    """(read_attachment is what the save writes: guard against a silent transformation)"""
    case_id = outgoing_request(pair.ng, pair.sn_code)
    from client.exchange import attach_file

    item = attach_file(pair.ng, case_id, annex_file(tmp_path))
    assert read_attachment(pair.ng, item.sha256) == annex_file(tmp_path).read_bytes()


async def test_reminder_marks_a_request_with_no_answer(pair: Pair, tmp_path: Path) -> None:
    """Transmitted, nothing back after the office's delay: ↻ in the list and the header."""
    import datetime as dt

    from client.exchange import set_reminder_days, transmit
    from client.requests.gate import record_override

    case_id = outgoing_request(pair.ng, pair.sn_code)
    record_override(pair.ng, case_id, "Urgent")
    transmit(pair.ng, case_id)
    set_reminder_days(pair.ng, 3)
    for days, due in ((2, False), (5, True)):
        settings = TuiSettings(
            auto_sync=False,
            start_folder=tmp_path,
            page_size=100,
            today=dt.date.today() + dt.timedelta(days=days),
        )
        async with make_app(store=pair.ng, settings=settings).run_test(size=(80, 24)) as pilot:
            await pilot.press("f3")
            await wait_for(pilot, lambda: "⇄" in screen_text(pilot.app))
            assert ("↻" in screen_text(pilot.app)) is due
            pilot.app.push_screen(CaseDetailScreen(case_id))
            await pilot.pause()
            text = screen_text(pilot.app)
            assert ("No answer 5 days after transmission" in text) is due
