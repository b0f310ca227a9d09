"""The one-line navigation bar: every section with its key, the current one highlighted.

When the labels do not fit (80 columns, long French or Portuguese words), the
other sections' labels are shortened; the current one stays whole.
"""

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
        self.show()

    def on_resize(self) -> None:
        self.show()

    def show(self) -> None:
        width = self.size.width or self.app.size.width
        labels = [(name, _(label)) for name, label in self.sections]
        limit = max(len(text) for _n, text in labels)
        # Shorten the other labels until the bar fits (each entry is " Fn label ").
        while limit > 3 and self._length(labels, limit) > width:
            limit -= 1
        parts = []
        for number, (name, text) in enumerate(labels, start=2):
            if name != self.current and len(text) > limit:
                text = text[: limit - 1] + "."
            style = "bold reverse " if name == self.current else ""
            parts.append(f"[{style}@click=app.section('{name}')]{escape(f' F{number} {text} ')}[/]")
        self.update("".join(parts))

    def _length(self, labels: list[tuple[str, str]], limit: int) -> int:
        return sum(
            len(f" F{n} ") + 1 + (len(text) if name == self.current else min(len(text), limit))
            for n, (name, text) in enumerate(labels, start=2)
        )
