"""Handover when a focal point leaves: choose whose open cases, who takes them, write the
report (.docx or .md), and reassign them all in one step."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Select, Static

from client.cases.handover import (
    handover_report,
    officers_with_open_cases,
    open_cases_of,
    reassign,
    write_report,
)
from client.users import list_users
from shared.i18n import N_, _, ngettext

from ..bindings import translate_bindings
from ..running_app import entraide_app
from ..widgets.picker import Picker


class HandoverDialog(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    @property
    def store(self):  # noqa: ANN201
        return self.app.store  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        officers = officers_with_open_cases(self.store)
        names = sorted({*officers, *(u.name for u in list_users(self.store))})
        with Vertical(classes="dialog", id="handover-dialog"):
            yield Static(_("Handover"), classes="dialog-title")
            yield Static(_("Whose open cases?"), classes="hint")
            yield Select(
                [(name, name) for name in officers],
                prompt=_("(choose)"),
                id="handover-from",
                compact=True,
            )
            yield Static(_("Who takes them over?"), classes="hint")
            yield Picker([(n, n) for n in names], placeholder=_("Type a name"))
            yield Static("", id="handover-count")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Report (.docx)"), id="report-docx")
                yield Button(_("Report (.md)"), id="report-md")
                yield Button(_("Reassign"), id="reassign", variant="primary")
                yield Button(_("Close"), id="close")

    def _from(self) -> str:
        value = self.query_one("#handover-from", Select).value
        return value if isinstance(value, str) else ""

    def _to(self) -> str:
        return self.query_one(Picker).value.strip()

    def on_select_changed(self) -> None:
        count = len(open_cases_of(self.store, self._from())) if self._from() else 0
        self.query_one("#handover-count", Static).update(
            ngettext("{count} open case.", "{count} open cases.", count).format(count=count)
            if self._from()
            else ""
        )

    def _report(self, suffix: str) -> None:
        from .export_done import ExportDoneDialog

        officer = self._from()
        if not officer:
            self.notify(_("Choose whose cases first."), severity="warning")
            return
        report = handover_report(self.store, officer, self._to(), self.app.today)  # type: ignore[attr-defined]
        folder = entraide_app(self.app).data_dir
        safe = "".join(c if c.isalnum() else "-" for c in officer).strip("-") or "officer"
        try:
            path = write_report(report, Path(folder) / f"handover-{safe}{suffix}")
        except OSError as exc:
            self.app.show_error(exc)  # type: ignore[attr-defined]
            return
        self.app.push_screen(ExportDoneDialog(path, title=_("Handover report written")))

    def _reassign(self) -> None:
        officer, successor = self._from(), self._to()
        if not officer or not successor:
            self.notify(_("Choose whose cases and who takes them over."), severity="warning")
            return

        def moved(count: int) -> None:
            self.notify(
                ngettext(
                    "{count} case passed from {officer} to {successor}.",
                    "{count} cases passed from {officer} to {successor}.",
                    count,
                ).format(count=count, officer=officer, successor=successor)
            )
            if self.is_current:
                self.dismiss(None)

        self.app.write_then(  # type: ignore[attr-defined]
            lambda store: reassign(store, officer, successor), moved
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        button = event.button.id
        if button == "report-docx":
            self._report(".docx")
        elif button == "report-md":
            self._report(".md")
        elif button == "reassign":
            self._reassign()
        else:
            self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
