"""Entry point of `entraide`: builds the parser from the command modules and runs one command."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from shared.errors import EntraideError
from shared.i18n import LANGUAGES, _, set_language

from .common import LANGUAGE_ENV

# Top-level command -> the module that defines it with `register(subparsers)`.
COMMANDS = {
    "case": "client.cli.cases_cmd",
    "request": "client.cli.request_cmd",
    "directory": "client.cli.directory_cmd",
    "library": "client.cli.library_cmd",
    "demo": "client.cli.demo_cmd",
    "tui": "client.cli.tui_cmd",
    "init": "client.cli.sync_cmd",
    "sync": "client.cli.sync_cmd",
    "bundle": "client.cli.bundle_cmd",
    "keys": "client.cli.keys_cmd",
    "stats": "client.cli.stats_cmd",
    "backup": "client.cli.backup_cmd",
    "restore": "client.cli.backup_cmd",
    "network": "client.cli.network_cmd",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; given a known command, only its module is imported (a faster start)."""
    parser = argparse.ArgumentParser(
        prog="entraide",
        description="Case register, request writer and directory for mutual legal assistance.",
    )
    parser.add_argument(
        "--data-dir",
        help="store directory (default: $ENTRAIDE_DATA_DIR or the platform's data dir)",
    )
    parser.add_argument(
        "--lang",
        dest="ui_lang",
        choices=LANGUAGES,
        help=f"language of the output (default: ${LANGUAGE_ENV}, else the app's setting)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    modules = (COMMANDS[command],) if command in COMMANDS else COMMAND_MODULES
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def _command_word(argv: list[str]) -> str | None:
    """The first word that is not an option (nor the value of --data-dir)."""
    words = iter(argv)
    for word in words:
        if word in ("--data-dir", "--lang"):
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def tolerant_output() -> None:
    """A console that cannot show a character (cp1252 on Windows and an Arabic name) prints
    "?" for it instead of stopping the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
            reconfigure(errors="replace")


def choose_language(option: str | None) -> None:
    """--lang, else $ENTRAIDE_LANG; without either, `common.open_store` applies the
    language the terminal app saved in the store."""
    lang = option or os.environ.get(LANGUAGE_ENV, "").strip()
    if not lang:
        return
    if lang not in LANGUAGES:
        raise EntraideError(
            _("{variable}: unknown language '{lang}'; choose one of: {choices}").format(
                variable=LANGUAGE_ENV, lang=lang, choices=", ".join(LANGUAGES)
            )
        )
    set_language(lang)


def main(argv: list[str] | None = None) -> int:
    tolerant_output()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(_command_word(argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None:
            args = build_parser("tui").parse_args([*argv, "tui"])
        else:
            parser.parse_args([args.command, "--help"])
    try:
        choose_language(args.ui_lang)
        return args.func(args) or 0
    except EntraideError as exc:
        print(f"entraide: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
