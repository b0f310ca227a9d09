"""`entraide tui`: open the terminal app (also what `entraide` alone does)."""

from __future__ import annotations

import argparse

from .common import explicit_language, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    tui = subparsers.add_parser("tui", help="open the terminal app (the default)")
    tui.set_defaults(func=cmd_tui)


def cmd_tui(args: argparse.Namespace) -> int:
    from ..tui.app import make_app  # Textual is loaded only for the TUI

    # --lang (or $ENTRAIDE_LANG) opens the app in that language; else its saved setting.
    make_app(store=open_store(args), language=explicit_language(args)).run()
    return 0
