"""The Entraide app a dialog or widget runs in, typed: `entraide_app(self.app).today`.

Textual types `self.app` as its own `App`; every screen, dialog and widget of ours runs
inside `EntraideApp`, so this reads its declared attributes instead of guessing them
with `getattr` defaults.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App

    from .app import EntraideApp


def entraide_app(app: App[Any]) -> EntraideApp:
    from .app import EntraideApp  # here: the app module imports every screen and dialog

    if not isinstance(app, EntraideApp):
        raise TypeError(f"{type(app).__name__} is not the Entraide app")
    return app
