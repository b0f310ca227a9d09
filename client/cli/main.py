"""Entry point of `entraide`: builds the parser from the command modules and runs one command."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from shared.errors import EntraideError
from shared.i18n import LANGUAGES, _, set_language

from .common import LANGUAGE_ENV

Register = Callable[["argparse._SubParsersAction[argparse.ArgumentParser]"], None]


# Each loader imports its command module only when called, so that a command starts
# without loading every other command's domain packages.
def _cases() -> Register:
    from . import cases_cmd

    return cases_cmd.register


def _request() -> Register:
    from . import request_cmd

    return request_cmd.register


def _directory() -> Register:
    from . import directory_cmd

    return directory_cmd.register


def _library() -> Register:
    from . import library_cmd

    return library_cmd.register


def _demo() -> Register:
    from . import demo_cmd

    return demo_cmd.register


def _tui() -> Register:
    from . import tui_cmd

    return tui_cmd.register


def _sync() -> Register:
    from . import sync_cmd

    return sync_cmd.register


def _bundle() -> Register:
    from . import bundle_cmd

    return bundle_cmd.register


def _keys() -> Register:
    from . import keys_cmd

    return keys_cmd.register


def _stats() -> Register:
    from . import stats_cmd

    return stats_cmd.register


def _backup() -> Register:
    from . import backup_cmd

    return backup_cmd.register


def _network() -> Register:
    from . import network_cmd

    return network_cmd.register


# Top-level command -> the loader of the `register(subparsers)` that defines it.
COMMANDS: dict[str, Callable[[], Register]] = {
    "case": _cases,
    "request": _request,
    "directory": _directory,
    "library": _library,
    "demo": _demo,
    "tui": _tui,
    "init": _sync,
    "sync": _sync,
    "bundle": _bundle,
    "keys": _keys,
    "stats": _stats,
    "backup": _backup,
    "restore": _backup,
    "network": _network,
}
COMMAND_LOADERS = tuple(dict.fromkeys(COMMANDS.values()))


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
    # Read by client.cli.common for every command; the commands with --json override it.
    parser.set_defaults(json=False, func=None)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    loaders = (COMMANDS[command],) if command in COMMANDS else COMMAND_LOADERS
    for load in loaders:
        load()(subparsers)
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
        # getattr: a replaced stream (a test's capture, an IDE's console) may lack it
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
    if args.func is None:
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
