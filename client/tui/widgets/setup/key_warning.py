"""A line on every screen while neither a passphrase nor a recovery code protects the
authority's key: losing this PC would lose its cases."""

from __future__ import annotations

from textual.widgets import Static

from shared.i18n import _


def at_risk(store) -> bool:  # noqa: ANN001 - a client.store.Store
    from client.keys.setup import key_status

    return key_status(store).at_risk


class KeyWarning(Static):
    DEFAULT_CSS = """
    KeyWarning { height: auto; width: 1fr; background: $warning 30%; color: $text;
                 text-style: bold; display: none; padding: 0 1; }
    KeyWarning.-shown { display: block; }
    """

    def on_mount(self) -> None:
        self.check()

    def check(self) -> None:
        shown = at_risk(self.app.store)  # type: ignore[attr-defined]
        self.set_class(shown, "-shown")
        if shown:
            self.update("⚠ " + _("If this PC is lost, its cases are lost: set a passphrase (F7)."))
