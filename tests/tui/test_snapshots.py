"""Snapshots of the main screens at 80x24 and 120x40, on fixed data and a fixed "today".

Update after an intended change of look: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea

from client.tui.app import make_app
from client.tui.screens.case_detail import CaseDetailScreen
from shared.i18n import translations

from .conftest import saved

SIZES = [(80, 24), (120, 40)]


async def _still(pilot) -> None:  # noqa: ANN001
    """No blinking cursor in a snapshot: a focused field always shows its cursor."""
    await saved(pilot)  # what the screen wrote (a read receipt) is in, as it shows
    # The active screen's fields: `app.query` searches only the section's first screen,
    # so a pushed screen's cursor went on blinking and a slow run caught it off.
    for widget in pilot.app.screen.query("Input, TextArea").results((Input, TextArea)):
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


# -- every screen and dialog at 80x24, in French and Portuguese ---------------------------------
def _then(*steps):  # noqa: ANN002, ANN202
    """run_before: each step is a key name, or a callable(app) that opens a screen."""

    async def run_before(pilot) -> None:  # noqa: ANN001
        for step in steps:
            if callable(step):
                step(pilot.app)
            else:
                await pilot.press(step)
            await pilot.pause()
        await _still(pilot)

    return run_before


def _fixed_settings_text(app) -> None:  # noqa: ANN001
    """Settings shows the device id and the data folder: different on every run."""
    from textual.widgets import Static

    screen = app.screen
    screen.query_one("#device", Static).update("(device)")
    screen.query_one("#data-dir", Static).update("(data folder)")


def _push(factory):  # noqa: ANN001, ANN202
    return lambda app: app.push_screen(factory())


def _screens():  # noqa: ANN202
    from client.tui.dialogs.confirm import ConfirmDialog
    from client.tui.dialogs.export_done import ExportDoneDialog
    from client.tui.dialogs.handover import HandoverDialog
    from client.tui.dialogs.item import ItemDialog
    from client.tui.dialogs.reply import ReplyDialog
    from client.tui.dialogs.secrets import RecoveryCodeDialog, SecretDialog
    from client.tui.dialogs.status import StatusDialog
    from client.tui.dialogs.transmit import TransmitDialog
    from client.tui.screens.case_form import CaseFormScreen
    from client.tui.screens.case_thread import CaseThreadScreen
    from client.tui.screens.directory_form import DirectoryFormScreen
    from client.tui.screens.request_writer import RequestWriterScreen

    from .exchange_data import add_ci_entry, add_threads

    def threads(app) -> None:  # noqa: ANN001
        add_threads(app.store)

    def ci_entry(app) -> None:  # noqa: ANN001
        add_ci_entry(app.store)

    return {
        "dashboard": _then(),
        "cases": _then("f3"),
        "case_details": _then(_push(lambda: CaseDetailScreen("case0008"))),
        "case_persons": _then(_push(lambda: CaseDetailScreen("case0008")), "2"),
        "case_documents": _then(_push(lambda: CaseDetailScreen("case0008")), "3"),
        "case_history": _then(_push(lambda: CaseDetailScreen("case0008")), "4"),
        "case_form": _then(_push(lambda: CaseFormScreen("case0001"))),
        "status_dialog": _then(
            _push(lambda: CaseDetailScreen("case0001")),
            _push(lambda: StatusDialog("received", "incoming")),
        ),
        "person_dialog": _then(_push(lambda: ItemDialog("persons"))),
        "document_dialog": _then(_push(lambda: ItemDialog("documents"))),
        "request_writer": _then(_push(lambda: RequestWriterScreen("case0006"))),
        "directory": _then("f4"),
        "directory_entry": _then("f4", "tab", "m"),
        "directory_form": _then(_push(lambda: DirectoryFormScreen("SN-CA"))),
        "sync": _then("f5"),
        "statistics": _then("f6"),
        "settings": _then("f7", _fixed_settings_text),
        "help": _then("f3", "f1"),
        "quit_question": _then(_push(lambda: ConfirmDialog("?"))),
        "export_done": _then(_push(lambda: ExportDoneDialog("/media/usb/office.entraide"))),
        "secret_dialog": _then(_push(lambda: SecretDialog("?", "…", new=True))),
        "recovery_code": _then(_push(lambda: RecoveryCodeDialog("ABCD-EFGH-IJKL-MNOP"))),
        "handover": _then(_push(HandoverDialog)),
        # The channel between authorities (issue 16).
        "cases_on_channel": _then(threads, "f3"),
        "case_on_channel": _then(threads, _push(lambda: CaseDetailScreen("case0008"))),
        "thread": _then(threads, _push(lambda: CaseThreadScreen("case0008"))),
        "thread_message": _then(
            threads, _push(lambda: CaseThreadScreen("case0008")), "down", "down", "enter"
        ),
        "reply_dialog": _then(threads, _push(lambda: ReplyDialog("incoming", "GH-CA"))),
        "reply_refusal": _then(
            _push(lambda: ReplyDialog("incoming", "GH-CA")),
            lambda app: setattr(app.screen.query_one("#reply-kind"), "value", "refusal"),
        ),
        "received_case": _then(threads, _push(lambda: CaseDetailScreen("case0001"))),
        "transmit_blocked": _then(ci_entry, _push(lambda: TransmitDialog("case0006"))),
        "transmit_refused": _then(_push(lambda: TransmitDialog("case0006"))),
    }


SCREENS = list(_screens())


@pytest.mark.parametrize("lang", ["fr", "pt"])
@pytest.mark.parametrize("screen", SCREENS)
def test_every_screen_at_80x24(snap_compare, sample, settings, lang, screen):
    settings.language = lang
    app = make_app(sample, settings)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_screens()[screen])


def _footer_of_picture(path: Path) -> str:
    """The bottom row of a stored snapshot, its pieces joined (keys and their labels)."""
    rows: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in _SVG_TEXT.findall(path.read_text(encoding="utf-8")):
        rows.setdefault(float(y), []).append((float(x), html.unescape(text)))
    return "".join(t for _x, t in sorted(rows[max(rows)])).replace("\xa0", " ")


_SVG_TEXT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>')


@pytest.mark.parametrize("lang", ["fr", "pt"])
def test_no_footer_is_cut_at_80_columns(lang):
    """Every screen's footer keeps its last key whole in French and Portuguese (a label
    that grows in translation pushes "F1 Help" off the edge): read from the pictures
    that `test_every_screen_at_80x24` holds equal to the app."""
    help_label = translations(lang).gettext("Help")
    pictures = sorted(
        Path(__file__).parent.glob(f"__snapshots__/*/test_every_screen_at_80x24*-{lang}].svg")
    )
    assert len(pictures) == len(SCREENS)
    cut = {}
    for picture in pictures:
        footer = _footer_of_picture(picture)
        if "f1 " in footer and f"f1 {help_label}" not in footer:
            cut[picture.name] = footer
    assert cut == {}
