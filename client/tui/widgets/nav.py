"""The one-line navigation bar: every section with its key, the current one highlighted.

80 columns must hold every section in English, French and Portuguese, with room for one
more: the bar shows short names (gettext context "nav"), and one space between entries, their
keys set apart by colour as in the footer. Should a bar still not fit (a narrower
terminal), the other sections' names are cut; the current one stays whole.
"""

from __future__ import annotations

from textual.markup import escape
from textual.widgets import Static

from shared.i18n import _, pgettext


def short_names() -> dict[str, str]:
    """The sections' short names for the bar, in the current language (context "nav", so
    that French can say "Synchro" here and "Synchronisation" in a title)."""
    return {
        "dashboard": pgettext("nav", "Home"),
        "cases": pgettext("nav", "Cases"),
        "directory": pgettext("nav", "Directory"),
        "sync": pgettext("nav", "Sync"),
        "stats": pgettext("nav", "Stats"),
        "settings": pgettext("nav", "Settings"),
        "library": pgettext("nav", "Library"),
    }


def nav_name(mode: str, label: str) -> str:
    """The section's name in the bar, in the current language."""
    return short_names().get(mode) or _(label)


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
        labels = [(name, nav_name(name, label)) for name, label in self.sections]
        limit = max(len(text) for _n, text in labels)
        # Shorten the other labels until the bar fits (each entry is " Fn label").
        while limit > 3 and self._length(labels, limit) > width:
            limit -= 1
        parts = []
        for number, (name, text) in enumerate(labels, start=2):
            click = f"@click=app.section('{name}')"
            if name == self.current:
                parts.append(f"[bold reverse {click}]{escape(f' F{number} {text} ')}[/]")
                continue
            if len(text) > limit:
                text = text[: limit - 1] + "."
            parts.append(f"[{click}] [bold $accent]F{number}[/] {escape(text)}[/]")
        self.update("".join(parts))

    def _length(self, labels: list[tuple[str, str]], limit: int) -> int:
        return sum(
            len(f" F{n} ") + (len(text) + 1 if name == self.current else min(len(text), limit))
            for n, (name, text) in enumerate(labels, start=2)
        )
