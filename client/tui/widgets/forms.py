"""A labelled form field with its error shown beneath it, for every kind of case field.

The field keeps what was typed whatever happens: a validation error only
adds a message under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.segment import Segment
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Label, Select, SelectionList, Static, TextArea
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist

from shared.i18n import _
from shared.i18n.labels import label
from shared.schema.dates import normalize_date_input, show_date

from ..running_app import entraide_app
from .picker import Picker


class DateInput(Input):
    """A date as typed (31/03/2025 or 2025-03-31); "t" writes today's date."""

    def on_key(self, event: events.Key) -> None:
        # Public handler: called before Input's own, which prevent_default() then skips.
        if event.character in ("t", "T"):
            event.stop()
            event.prevent_default()
            today = entraide_app(self.app).today
            self.value = today.strftime("%d/%m/%Y")
            self.cursor_position = len(self.value)


class CheckList(SelectionList):
    """A list of tick boxes whose ticks are signs (X or nothing), not colours alone."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if option.value in self.selected or len(segments) < 2:
            return strip
        if segments[1].text == ToggleButton.BUTTON_INNER:
            segments[1] = Segment(" ", segments[1].style)
        return Strip(segments, strip.cell_length)


class FormField(Vertical):
    """kind: "str" | "date" | "choice" | "set" | "text" (as in shared.schema), or "picker"
    (a text box suggesting `options`, (label, value) pairs, as you type)."""

    DEFAULT_CSS = """
    FormField { height: auto; margin-bottom: 1; }
    FormField > Label { color: $text-muted; }
    FormField.-invalid > Label { color: $error; }
    FormField > .field-error { color: $error; height: auto; display: none; }
    FormField.-invalid > .field-error { display: block; }
    FormField > .field-warning { color: $warning; height: auto; display: none; }
    FormField.-warned > .field-warning { display: block; }
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
        options: Sequence[tuple[str, str]] = (),
    ) -> None:
        super().__init__(id=f"field-{name}")
        self.field_name = name
        self.kind = kind
        self.title = title + (" *" if required else "")
        self.initial = value
        self.choices = choices
        self.labels = labels or {}
        self.placeholder = placeholder
        self.options = options

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
            yield CheckList(
                *[(self._choice_label(c), c, c in chosen) for c in self.choices], id="input"
            )
        elif self.kind == "text":
            yield TextArea(value or "", id="input", soft_wrap=True, compact=True)
        elif self.kind == "picker":
            yield Picker(self.options, value or "", self.placeholder or _("Type to search"))
        elif self.kind == "date":
            yield DateInput(
                show_date(value or ""),
                placeholder=self.placeholder or _("DD/MM/YYYY · t: today"),
                id="input",
                compact=True,
            )
        else:
            yield Input(value or "", placeholder=self.placeholder, id="input", compact=True)
        yield Static("", classes="field-error")
        yield Static("", classes="field-warning")

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
        if isinstance(widget, Picker):
            return widget.value
        assert isinstance(widget, Input)
        if self.kind == "date":
            return normalize_date_input(widget.value)  # ISO when it is a date in any form
        return widget.value

    def restore(self, value: Any) -> None:
        """Put back a value typed before the form was rebuilt (after a language switch)."""
        widget = self.widget
        if isinstance(widget, Select):
            widget.value = value if value in self.choices and value else Select.NULL
        elif isinstance(widget, SelectionList):
            widget.deselect_all()
            for chosen in value or ():
                widget.select(chosen)
        elif isinstance(widget, TextArea):
            widget.text = value or ""
        elif isinstance(widget, Picker):
            widget.text_input.value = widget.by_value.get(value, value or "")
        elif isinstance(widget, Input):
            widget.value = show_date(value) if self.kind == "date" else (value or "")

    def show_warning(self, message: str | None) -> None:
        """Worth a second look, but no obstacle to saving."""
        self.set_class(bool(message), "-warned")
        self.query_one(".field-warning", Static).update(("⚠ " + message) if message else "")

    def show_error(self, message: str | None) -> None:
        self.set_class(bool(message), "-invalid")
        self.query_one(".field-error", Static).update(message or "")
