"""Who is at the keyboard: choose your name (and type your PIN if you set one) at start or
when a colleague takes over the PC; add a person to this PC."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from client.users import UserError, add_user, current_user, list_users, sign_in
from shared.i18n import N_, _

from ..bindings import translate_bindings


class WhoDialog(ModalScreen[str | None]):
    """Returns the name now working, or None when left as it was."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def compose(self) -> ComposeResult:
        store = self.app.store  # type: ignore[attr-defined]
        users = list_users(store)
        remembered = current_user(store)
        with Vertical(classes="dialog", id="who-dialog"):
            yield Static(_("Who is working?"), classes="dialog-title")
            yield Static(
                _("Your name goes on every change you make, in the history."), classes="hint"
            )
            yield OptionList(
                *[Option(u.name + ("  🔒" if u.has_pin else ""), id=u.name) for u in users],
                id="who-list",
            )
            yield Input(password=True, placeholder=_("PIN"), id="who-pin", compact=True)
            yield Static("", id="who-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("OK"), id="ok", variant="primary")
        self._remembered = remembered
        self._pins = {u.name for u in users if u.has_pin}

    def on_mount(self) -> None:
        options = self.query_one("#who-list", OptionList)
        names = [options.get_option_at_index(i).id for i in range(options.option_count)]
        options.highlighted = names.index(self._remembered) if self._remembered in names else 0
        options.focus()
        self._show_pin()

    def _chosen(self) -> str | None:
        options = self.query_one("#who-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def _show_pin(self) -> None:
        self.query_one("#who-pin", Input).display = self._chosen() in self._pins

    def on_option_list_option_highlighted(self) -> None:
        self._show_pin()

    def on_option_list_option_selected(self) -> None:
        if self._chosen() in self._pins:
            self.query_one("#who-pin", Input).focus()
        else:
            self.action_ok()

    def on_input_submitted(self) -> None:
        self.action_ok()

    def action_ok(self) -> None:
        name = self._chosen()
        if name is None:
            return
        pin = self.query_one("#who-pin", Input).value

        def wrong(exc: Exception) -> bool:
            if not isinstance(exc, UserError):
                return False
            self.query_one("#who-error", Static).update(str(exc))
            self.query_one("#who-pin", Input).value = ""
            return True

        # The PIN check (Argon2) and the write, on the store's writer: keys go on.
        self.app.write_then(  # type: ignore[attr-defined]
            lambda store: sign_in(store, name, pin),
            lambda _none: self.is_current and self.dismiss(name),
            wrong,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_ok() if event.button.id == "ok" else self.action_cancel()


class AddUserDialog(ModalScreen[str | None]):
    """A new person on this PC: name and optional PIN. Returns the name added."""

    LABEL = N_("New user")
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("ctrl+s", "ok", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")),
    ]

    def __init__(self) -> None:
        super().__init__()
        translate_bindings(self)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="add-user-dialog"):
            yield Static(_("Add a person to this PC"), classes="dialog-title")
            yield Input(placeholder=_("Name, as the history should show it"), id="user-name",
                        compact=True)  # fmt: skip
            yield Input(password=True, placeholder=_("PIN (optional, 4 digits or more)"),
                        id="user-pin", compact=True)  # fmt: skip
            yield Static("", id="user-error", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Cancel"), id="cancel")
                yield Button(_("Save"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#user-name", Input).focus()

    def holds_typed_text(self) -> bool:
        return self.is_mounted and bool(self.query_one("#user-name", Input).value.strip())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "user-name":
            self.query_one("#user-pin", Input).focus()
        else:
            self.action_ok()

    def action_ok(self) -> None:
        name = self.query_one("#user-name", Input).value
        pin = self.query_one("#user-pin", Input).value

        def refused(exc: Exception) -> bool:
            if not isinstance(exc, UserError):
                return False
            self.query_one("#user-error", Static).update(str(exc))
            return True

        self.app.write_then(  # type: ignore[attr-defined]
            lambda store: add_user(store, name, pin),
            lambda user: self.is_current and self.dismiss(user.name),
            refused,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_ok() if event.button.id == "ok" else self.action_cancel()
