"""Entry point of `entraide`: builds the parser from the command modules and runs one command."""

from __future__ import annotations

import argparse
import importlib
import sys

from shared.schema.validation import ValidationError

from ..store import NotFound
from .common import CliError

# Each module defines `register(subparsers)` and sets `func` on its parsers.
COMMAND_MODULES = (
    "client.cli.cases_cmd",
    "client.cli.request_cmd",
    "client.cli.directory_cmd",
    "client.cli.demo_cmd",
    "client.cli.tui_cmd",
    "client.cli.sync_cmd",
    "client.cli.bundle_cmd",
    "client.cli.keys_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="entraide",
        description="Case register, request writer and directory for mutual legal assistance.",
    )
    parser.add_argument("--data-dir", help="store directory (default: $ENTRAIDE_DATA_DIR or the platform's data dir)")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        if args.command is None:
            args = parser.parse_args([*(argv or sys.argv[1:]), "tui"])
        else:
            parser.parse_args([args.command, "--help"])
    try:
        return args.func(args) or 0
    except (CliError, ValidationError, NotFound) as exc:
        print(f"entraide: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
