"""Settings: language, server, this device's enrollment, where the data is kept."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from client.cases.references import (
    DEFAULT_PATTERN,
    next_reference,
    reference_pattern,
    set_reference_pattern,
)
from client.users import list_users
from shared.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _, get_language
from shared.schema.validation import ValidationError

from ..errors import guarded
from ..widgets.setup.enroll import EnrollPanel
from ..widgets.setup.keys import KeysPanel
from .base import EntraideScreen

SERVER_URL_META = "server_url"


class SettingsScreen(EntraideScreen):
    CSS_PATH = "settings.tcss"
    LABEL = N_("Settings")
    SECTION = "settings"
    HELP = N_(
        "Choose the language of the application: the change applies at once and is "
        "remembered.\n\n"
        "Enroll this device once, here, with the server address and the code given by "
        "your administrator (or with the command entraide init).\n\n"
        "The authority key protects your cases. On the authority's first device, create "
        "it with a passphrase, then make a recovery code, print it and keep it in a safe. "
        "On the other devices, unlock it with the passphrase, or import a key file brought "
        "on USB. Until a passphrase or a recovery code exists, losing this PC means losing "
        "its cases.\n\n"
        "The data folder holds everything this device stores: back it up."
    )
    BINDINGS = [Binding("ctrl+s", "save_server", N_("Save"), priority=True)]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="settings"):
            yield Static(_("Language"), classes="setting-title")
            yield Select(
                [(LANGUAGE_NAMES[lang], lang) for lang in LANGUAGES],
                value=get_language(),
                allow_blank=False,
                id="language",
                compact=True,
            )
            yield Static(_("This device"), classes="setting-title")
            yield Static("", id="device")
            yield Static(_("People on this PC"), classes="setting-title")
            yield Static("", id="people")
            with Horizontal(classes="setting-buttons"):
                yield Button(_("Add a person"), id="add-user", compact=True)
                yield Button(_("Change user"), id="change-user", compact=True)
                yield Button(_("Handover"), id="handover", compact=True)
            yield Static(_("Enrollment"), classes="setting-title", id="enroll-title")
            yield EnrollPanel(self.store.get_meta(SERVER_URL_META, "") or "")
            yield Static(_("Server address"), classes="setting-title", id="server-title")
            yield Input("", placeholder="https://…", id="server-url", compact=True)
            yield Button(_("Save the address"), id="save-server", compact=True)
            yield Static(_("Authority key"), classes="setting-title")
            yield KeysPanel(id="keys-panel")
            yield Static(_("Numbering of our references"), classes="setting-title")
            yield Static(
                _(
                    "{state}, {dir} (IN or OUT), {year} and the number {seq:04d}, e.g. {example}"
                ).replace("{example}", DEFAULT_PATTERN),
                classes="hint",
                markup=False,
            )
            yield Input(reference_pattern(self.store), id="ref-pattern", compact=True)
            yield Button(_("Save the numbering"), id="save-pattern", compact=True)
            yield Static(_("Data folder"), classes="setting-title")
            yield Static("", id="data-dir")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        status = None
        try:
            status = self.entraide.transfers.sync_status()
        except Exception:  # noqa: BLE001 - shown as "not available" below
            status = None
        url_input = self.query_one("#server-url", Input)
        if not url_input.value:
            url_input.value = (
                (status.server_url if status else None)
                or self.store.get_meta(SERVER_URL_META, "")
                or ""
            )
        from client.cases.service import own_authority

        if status is None:
            enrolled = _("Sync is not available in this installation.")
        elif status.enrolled:
            enrolled = _("Enrolled: this device may sync with the server.")
        else:
            enrolled = _("Not enrolled: ask your administrator for an enrollment code.")
        enrolled_now = bool(status and status.enrolled)
        self.query_one(EnrollPanel).display = not enrolled_now
        self.query_one("#enroll-title").display = not enrolled_now
        for widget_id in ("#server-title", "#server-url", "#save-server"):
            self.query_one(widget_id).display = enrolled_now
        self.query_one(KeysPanel).refresh_state()
        users = list_users(self.store)
        self.query_one("#people", Static).update(
            _("Working now: {name}").format(name=self.store.author)
            + "\n"
            + (
                ", ".join(u.name for u in users)
                if users
                else _("No named users yet: add the people who share this PC.")
            )
        )
        self.query_one("#change-user", Button).display = bool(users)
        self.query_one("#device", Static).update(
            "\n".join(
                [
                    _("Device identifier: {device}").format(device=self.store.device_id),
                    _("Authority: {code}").format(code=own_authority(self.store)),
                    _("Name shown in the history: {name}").format(name=self.store.author),
                    enrolled,
                ]
            )
        )
        self.query_one("#data-dir", Static).update(
            "\n".join(
                [
                    str(self.entraide.data_dir),
                    _("Data file: {path}").format(path=self.store.path),
                ]
            )
        )

    async def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "language" and isinstance(event.value, str):
            if event.value != get_language():
                await self.entraide.set_language(event.value)
                self.notify(_("Language changed."))

    def after_recompose(self) -> None:
        self.refresh_data()
        self.query_one("#language", Select).focus()

    @guarded
    def action_save_server(self) -> None:
        url = self.query_one("#server-url", Input).value.strip()
        if url and not url.startswith(("http://", "https://")):
            self.notify(_("The address must start with http:// or https://"), severity="error")
            return
        self.entraide.write_then(
            lambda store: store.set_meta(SERVER_URL_META, url),
            lambda _done: self.notify(_("Server address saved.")),
        )

    def save_pattern(self) -> None:
        pattern = self.query_one("#ref-pattern", Input).value

        def saved(_done: None) -> None:
            self.notify(
                _("Numbering saved: the next reference will be {ref}.").format(
                    ref=next_reference(self.store, "incoming", self.entraide.today)
                )
            )

        def refused(exc: Exception) -> bool:
            if isinstance(exc, ValidationError):
                self.notify(exc.message, severity="error")
                return True
            return False

        self.entraide.write_then(
            lambda store: set_reference_pattern(store, pattern), saved, refused
        )

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save-server":
            self.action_save_server()
        elif event.button.id == "save-pattern":
            self.save_pattern()
        elif event.button.id == "add-user":
            from ..dialogs.users import AddUserDialog

            self.app.push_screen(AddUserDialog(), lambda _name: self.refresh_data())
        elif event.button.id == "change-user":
            self.entraide.choose_user()
        elif event.button.id == "handover":
            self.entraide.handover()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "server-url":
            self.action_save_server()
        elif event.input.id == "ref-pattern":
            self.save_pattern()

    def on_enroll_panel_enrolled(self) -> None:
        self.refresh_data()
        self.entraide.keys_changed()

    def on_keys_panel_changed(self) -> None:
        self.entraide.keys_changed()

    def holds_typed_text(self) -> bool:
        return self.is_mounted and self.query_one(EnrollPanel).holds_typed_text()
