"""Help for one screen: what it is for, and its keys."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from shared.i18n import N_, _, gettext

from ..bindings import translate_bindings
from ..textual_texts import WIDGET_KEYS


def help_keys(app: Any, active_bindings: dict[str, Any], screen: Any) -> list[tuple[str, str]]:
    """(keys, what they do): the screen's own keys first, then the focused widget's (only
    those worth knowing), then the keys that work everywhere; in the user's language, one
    line per action ("^f, /  Search")."""
    groups: tuple[dict[str, list[str]], ...] = ({}, {}, {})  # own, widget, everywhere
    for active in active_bindings.values():
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        if binding.description in WIDGET_KEYS:
            group = groups[1]
        elif active.node is screen:
            group = groups[0]
        elif active.node is app:
            group = groups[2]
        else:
            continue  # Textual's cursor movements and the like
        keys = group.setdefault(gettext(binding.description), [])
        shown = app.get_key_display(binding)
        if shown not in keys and not binding.key.startswith("super+"):
            keys.append(shown)
    return [(", ".join(keys), what) for group in groups for what, keys in group.items() if keys]


class HelpDialog(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS = [
        Binding("escape,f1,question_mark,q", "close", N_("Close")),
    ]

    def __init__(
        self, label: str, text: str, active_bindings: dict[str, Any], screen: Any = None
    ) -> None:
        super().__init__()
        translate_bindings(self)
        self.label = label
        self.text = text
        self.keys = help_keys(self.app, active_bindings, screen)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Static(_("Help: {screen}").format(screen=_(self.label)), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                if self.text:
                    yield Static(_(self.text), id="help-text")
                yield Static(_("Keys"), classes="dialog-title")
                width = max((len(k) for k, _d in self.keys), default=4) + 2
                yield Static(
                    "\n".join(f"{key.ljust(width)}{description}" for key, description in self.keys),
                    id="help-keys",
                    markup=False,
                )
            with Vertical(classes="dialog-buttons"):
                yield Button(_("Close"), id="close", variant="primary")

    def on_button_pressed(self) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
