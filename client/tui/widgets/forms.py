"""A labelled form field with its error shown beneath it, for every kind of case field.

The field keeps what was typed whatever happens: a validation error only
adds a message under it.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea

from shared.i18n import _
from shared.i18n.labels import label


class FormField(Vertical):
    """kind: "str" | "date" | "choice" | "set" | "text" (as in shared.schema)."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField > Label { color: $text-muted; }
    FormField.-invalid > Label { color: $error; }
    FormField > .field-error { color: $error; height: auto; display: none; }
    FormField.-invalid > .field-error { display: block; }
    FormField SelectionList { height: auto; max-height: 8; }
    FormField TextArea { height: 5; background: $boost; }
    FormField Input { background: $boost; }
    FormField Input:focus { background: $surface-lighten-1; }
    """

    def __init__(
        self,
        name: str,
        kind: str,
        title: str,
        value: Any = None,
        choices: tuple[str, ...] = (),
        labels: dict[str, str] | None = None,
        required: bool = False,
        placeholder: str = "",
    ) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.kind = kind
        self.title = title + (" *" if required else "")
        self.initial = value
        self.choices = choices
        self.labels = labels or {}
        self.placeholder = placeholder

    def _choice_label(self, value: str) -> str:
        return label(self.labels, value) if self.labels else value

    def compose(self) -> ComposeResult:
        yield Label(self.title)
        value = self.initial
        if self.kind == "choice":
            options = [(self._choice_label(c), c) for c in self.choices if c]
            yield Select(
                options,
                value=value if value in self.choices and value else Select.NULL,
                prompt=_("(choose)"),
                id="input",
                compact=True,
            )
        elif self.kind == "set":
            chosen = set(value or ())
            yield SelectionList(
                *[(self._choice_label(c), c, c in chosen) for c in self.choices], id="input"
            )
        elif self.kind == "text":
            yield TextArea(value or "", id="input", soft_wrap=True, compact=True)
        else:
            placeholder = self.placeholder or (_("YYYY-MM-DD") if self.kind == "date" else "")
            yield Input(value or "", placeholder=placeholder, id="input", compact=True)
        yield Static("", classes="field-error")

    @property
    def widget(self) -> Widget:
        return self.query_one("#input")

    @property
    def value(self) -> Any:
        widget = self.widget
        if isinstance(widget, Select):
            return widget.value if isinstance(widget.value, str) else ""
        if isinstance(widget, SelectionList):
            return sorted(widget.selected)
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def show_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(message or "")
