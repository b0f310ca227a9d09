"""The one-line navigation bar: every section with its key, the current one highlighted."""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from shared.i18n import _


class NavBar(Static):
    DEFAULT_CSS = """
    NavBar { height: 1; width: 1fr; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str, sections: list[tuple[str, str]]) -> None:
        """sections: (mode name, untranslated label) in display order."""
        super().__init__()
        self.current = current
        self.sections = sections

    def on_mount(self) -> None:
        parts = []
        for number, (name, label) in enumerate(self.sections, start=2):
            text = escape(f" F{number} {_(label)} ")
            style = "bold reverse " if name == self.current else ""
            parts.append(f"[{style}@click=app.section('{name}')]{text}[/]")
        self.update("".join(parts))
