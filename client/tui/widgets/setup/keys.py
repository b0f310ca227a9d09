"""The authority's key on this device: create it with a passphrase (first device), unlock it
(second device: from the server or a key file), change the passphrase, make a recovery code,
write a key file. Each step calls client.keys.setup in a worker: Argon2id and the server
take seconds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Static
from textual.worker import Worker, WorkerState

from client.keys import setup
from client.paths import unused_path
from shared.i18n import N_, _, ngettext

from ...dialogs.secrets import RecoveryCodeDialog, SecretDialog
from ...errors import plain_error

# button id -> label (translated when composed)
ACTIONS = {
    "key-create": N_("Create the authority key"),
    "key-unlock": N_("Unlock from the server"),
    "key-import": N_("Import a key file"),
    "key-passphrase": N_("Change the passphrase"),
    "key-recovery": N_("Make a recovery code"),
    "key-export": N_("Write a key file"),
}


class KeysPanel(Vertical):
    DEFAULT_CSS = """
    KeysPanel { height: auto; }
    KeysPanel #key-state { height: auto; }
    KeysPanel .key-buttons { height: auto; }
    KeysPanel .key-buttons Button { margin-right: 1; }
    KeysPanel #key-result { height: auto; }
    """

    class Changed(Message):
        """The keys of this device changed: warnings elsewhere are checked again."""

    def compose(self) -> ComposeResult:
        yield Static("", id="key-state")
        with Horizontal(classes="key-buttons"):
            for button_id in ("key-create", "key-unlock", "key-import"):
                yield Button(_(ACTIONS[button_id]), id=button_id, compact=True)
        with Horizontal(classes="key-buttons"):
            for button_id in ("key-passphrase", "key-recovery", "key-export"):
                yield Button(_(ACTIONS[button_id]), id=button_id, compact=True)
        yield Static("", id="key-result")

    def on_mount(self) -> None:
        self.refresh_state()

    @property
    def store(self) -> Any:
        return self.app.store  # type: ignore[attr-defined]

    def refresh_state(self) -> None:
        status = setup.key_status(self.store)
        enrolled = bool(self.store.get_meta("device_token"))
        has_key = bool(status.current_key)
        lines = []
        if not status.authority:
            lines.append(_("Enroll this device first: the key belongs to its authority."))
        elif has_key:
            lines.append(
                _("This device holds the key of {authority}.").format(authority=status.authority)
            )
        elif status.server_current_key:
            lines.append(_("Your authority has a key made on another device: unlock it here."))
        else:
            lines.append(_("No key yet: on the authority's first device, create it."))
        lines.append(
            _("Passphrase: {state}").format(
                state=_("set") if status.passphrase_set else _("not set")
            )
            + "  ·  "
            + _("Recovery code: {state}").format(
                state=_("made") if status.recovery_code_set else _("none")
            )
        )
        if status.needs_unlock and has_key:
            lines.append(_("Some cases need the authority's newer keys: unlock them."))
        self.query_one("#key-state", Static).update("\n".join(lines))
        shown = {
            "key-create": bool(status.authority) and not has_key and not status.server_current_key,
            "key-unlock": enrolled and (not has_key or status.needs_unlock),
            "key-import": bool(status.authority) and (not has_key or status.needs_unlock),
            "key-passphrase": has_key,
            "key-recovery": has_key,
            "key-export": has_key and not status.at_risk,
        }
        for button_id, visible in shown.items():
            button = self.query_one(f"#{button_id}", Button)
            button.display = visible
            if button_id == "key-passphrase":
                button.label = (
                    _("Change the passphrase") if status.passphrase_set else _("Set a passphrase")
                )

    # -- actions -------------------------------------------------------------------------
    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {
            "key-create": self.create,
            "key-unlock": self.unlock,
            "key-import": self.import_file,
            "key-passphrase": self.change_passphrase,
            "key-recovery": self.recovery_code,
            "key-export": self.export_file,
        }.get(str(event.button.id))
        if action:
            event.stop()
            action()

    def create(self) -> None:
        def chosen(secret: dict[str, str] | None) -> None:
            if secret:
                passphrase = secret["passphrase"]
                self._run(
                    _("Creating the key…"),
                    lambda store: (
                        setup.create_protected_key(store, passphrase),
                        _("The key is created and protected by the passphrase.")
                        + " "
                        + setup.upload_keys(store),
                    )[1],
                )

        self.app.push_screen(
            SecretDialog(
                _("Create the authority key"),
                _(
                    "Choose a passphrase of several words (at least 12 characters). It opens "
                    "the cases on your authority's other devices: share it only with them."
                ),
                new=True,
            ),
            chosen,
        )

    def change_passphrase(self) -> None:
        def chosen(secret: dict[str, str] | None) -> None:
            if secret:
                passphrase = secret["passphrase"]
                self._run(
                    _("Saving the passphrase…"),
                    lambda store: (
                        setup.set_passphrase(store, passphrase),
                        _("Passphrase saved.") + " " + setup.upload_keys(store),
                    )[1],
                )

        self.app.push_screen(
            SecretDialog(
                _("Passphrase"),
                _("The new passphrase replaces the old one for keys uploaded from now on."),
                new=True,
            ),
            chosen,
        )

    def unlock(self) -> None:
        def chosen(secret: dict[str, str] | None) -> None:
            if secret:
                self._run(
                    _("Unlocking…"),
                    lambda store: self._unlocked(setup.unlock_from_server(store, **secret)),
                )

        self.app.push_screen(
            SecretDialog(
                _("Unlock from the server"),
                _("Type the passphrase of your authority, or the printed recovery code."),
                new=False,
            ),
            chosen,
        )

    def import_file(self) -> None:
        from ...dialogs.file_picker import FilePickerDialog

        def picked(path: Path | None) -> None:
            if path is None:
                return

            def chosen(secret: dict[str, str] | None) -> None:
                if secret:
                    self._run(
                        _("Opening the key file…"),
                        lambda store: self._unlocked(setup.import_from_file(store, path, **secret)),
                    )

            self.app.push_screen(
                SecretDialog(
                    _("Import a key file"),
                    _("The file opens with the authority passphrase or the recovery code."),
                    new=False,
                ),
                chosen,
            )

        self.app.push_screen(
            FilePickerDialog(False, self._start_folder(), title=_("Import a key file")), picked
        )

    def export_file(self) -> None:
        from ...dialogs.file_picker import FilePickerDialog

        def picked(path: Path | None) -> None:
            if path is not None:
                target = unused_path(path)
                self._run(
                    _("Writing the key file…"),
                    lambda store: setup.export_key_file(store, target),
                )

        self.app.push_screen(
            FilePickerDialog(
                True, self._start_folder(), "entraide-keys.key", title=_("Write a key file")
            ),
            picked,
        )

    def recovery_code(self) -> None:
        from ...dialogs.confirm import ConfirmDialog

        def confirmed(ok: bool | None) -> None:
            if ok:
                self._run(
                    _("Making the recovery code…"),
                    lambda store: (
                        code := setup.make_recovery_code(store),
                        setup.upload_keys(store),
                        RecoveryCode(code),
                    )[2],
                )

        question = _("Make a new recovery code? It replaces any earlier code, which stops working.")
        status = setup.key_status(self.store)
        if not status.recovery_code_set:
            confirmed(True)
        else:
            self.app.push_screen(ConfirmDialog(question, yes=_("Make a new code")), confirmed)

    @staticmethod
    def _unlocked(done: setup.Unlocked) -> str:
        return ngettext(
            "Unlocked the keys of {authority}; {count} change became readable.",
            "Unlocked the keys of {authority}; {count} changes became readable.",
            done.readable,
        ).format(authority=done.keyset.authority, count=done.readable)

    def _start_folder(self) -> Path:
        return self.app.settings.start_folder or Path.home()  # type: ignore[attr-defined]

    # -- the worker ------------------------------------------------------------------------
    def _run(self, doing: str, work: Callable[[Any], Any]) -> None:
        self.query_one("#key-result", Static).update(doing)
        store = self.store
        self.run_worker(lambda: work(store), name="keys", thread=True, exit_on_error=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.name != "keys" or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
        ):
            return
        event.stop()
        result = self.query_one("#key-result", Static)
        if event.state == WorkerState.ERROR:
            result.update(plain_error(event.worker.error))
        else:
            done = event.worker.result
            if isinstance(done, RecoveryCode):
                result.update(_("A new recovery code was made: print it and keep it in a safe."))
                self.app.push_screen(RecoveryCodeDialog(done.code))
            elif isinstance(done, Path):
                from ...dialogs.export_done import ExportDoneDialog

                result.update("")
                self.app.push_screen(ExportDoneDialog(done, title=_("Key file written")))
            else:
                result.update(str(done))
        self.refresh_state()
        result.scroll_visible(animate=False)
        self.post_message(self.Changed())


class RecoveryCode:
    """A worker's result that is a recovery code, to show once in its dialog."""

    def __init__(self, code: str) -> None:
        self.code = code
