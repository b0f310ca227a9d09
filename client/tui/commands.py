"""The command palette (ctrl+p): sections, app actions and the current screen's actions."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

PaletteEntry = tuple[str, str, Callable[[], object]]  # title, help, callback


class EntraideCommands(Provider):
    def _entries(self) -> list[PaletteEntry]:
        from .running_app import entraide_app
        from .screens.base import EntraideScreen  # here: the screens import this module

        app = entraide_app(self.app)
        entries: list[PaletteEntry] = list(app.palette_commands())
        # The palette is its own screen; offer the commands of the Entraide screen below it.
        stack = app.screen_stack
        for candidate in reversed(stack[:-1] if len(stack) > 1 else stack):
            if isinstance(candidate, EntraideScreen):
                return list(candidate.palette_commands()) + entries
        return entries

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(callback), help=help_text)
