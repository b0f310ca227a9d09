"""A text box that suggests values from a list as you type (States, authorities of the
directory): the list shows names, the field keeps the code. Down or Enter goes into the
suggestions; Enter picks one. A value that is not in the list may still be typed."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

MAX_SHOWN = 6


def folded(text: str) -> str:
    """Case and accents do not matter when searching: "cote" finds "Côte d'Ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class PickerInput(Input):
    """The text box of a Picker: Down moves into the suggestions."""

    def on_key(self, event: events.Key) -> None:
        # Public handler: called before Input's own, which prevent_default() then skips.
        if event.key == "down":
            picker = self.parent
            if isinstance(picker, Picker) and picker.open_suggestions():
                event.stop()
                event.prevent_default()


class Picker(Vertical):
    DEFAULT_CSS = """
    Picker { height: auto; }
    Picker > OptionList { height: auto; max-height: 8; display: none; }
    Picker.-open > OptionList { display: block; }
    """

    class Changed(Message):
        """A suggestion was chosen (typing posts Input.Changed as usual)."""

    def __init__(
        self, options: Sequence[tuple[str, str]], value: str = "", placeholder: str = ""
    ) -> None:
        """options: (label shown, value stored)."""
        super().__init__(id="input")
        self.options = list(options)
        self.by_value = {v: label for label, v in self.options}
        self.by_label = {folded(label): v for label, v in self.options}
        self.initial_value = value or ""
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        shown = self.by_value.get(self.initial_value, self.initial_value)
        yield PickerInput(shown, placeholder=self.placeholder, compact=True, id="picker-text")
        yield OptionList(id="picker-options")

    @property
    def text_input(self) -> Input:
        return self.query_one(PickerInput)

    @property
    def value(self) -> str:
        """The code of the chosen entry, or the text as typed when it matches none."""
        text = self.text_input.value.strip()
        if text in self.by_value:
            return text
        return self.by_label.get(folded(text), text)

    def focus(self, scroll_visible: bool = True) -> Picker:
        self.text_input.focus(scroll_visible)
        return self

    def matches(self, text: str) -> list[tuple[str, str]]:
        wanted = folded(text.strip())
        if not wanted:
            return []
        starts = [
            o for o in self.options if folded(o[0]).startswith(wanted) or folded(o[1]) == wanted
        ]
        inside = [o for o in self.options if o not in starts and wanted in folded(o[0])]
        return (starts + inside)[:MAX_SHOWN]

    def on_input_changed(self, event: Input.Changed) -> None:
        found = self.matches(event.value)
        exact = len(found) == 1 and folded(found[0][0]) == folded(event.value.strip())
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(label, id=value) for label, value in found])
        self.set_class(bool(found) and not exact, "-open")

    def open_suggestions(self) -> bool:
        if not self.has_class("-open"):
            return False
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.has_class("-open"):
            event.stop()
            self.open_suggestions()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.choose(str(event.option.id))

    def choose(self, value: str) -> None:
        text = self.text_input
        with text.prevent(Input.Changed):
            text.value = self.by_value.get(value, value)
        text.cursor_position = len(text.value)
        self.remove_class("-open")
        text.focus()
        self.post_message(self.Changed())

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.has_class("-open"):
            event.stop()
            self.remove_class("-open")
            self.text_input.focus()
