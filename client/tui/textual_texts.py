"""Textual's own English words that reach the user: the descriptions of the keys of its
widgets (shown in the footer and in help). Marked here so that the catalogs translate them;
`TranslatedFooter` and the help dialog pass them through gettext."""

from __future__ import annotations

from shared.i18n import N_

# The widget keys worth listing in help; the many cursor-movement keys are left out.
WIDGET_KEYS: frozenset[str] = frozenset(
    {
        N_("Focus Next"),
        N_("Focus Previous"),
        N_("Select"),
        N_("Toggle option"),
        N_("Toggle"),
        N_("Show menu"),
        N_("Dismiss menu"),
        N_("Submit"),
        N_("Press button"),
        N_("Next tab"),
        N_("Previous tab"),
        N_("Copy selected text"),
        N_("Cut selected text"),
        N_("Paste text from the clipboard"),
        N_("Copy"),
        N_("Cut"),
        N_("Paste"),
        N_("Undo"),
        N_("Redo"),
        N_("Select all"),
        N_("Page up"),
        N_("Page down"),
        N_("Top"),
        N_("Bottom"),
    }
)
