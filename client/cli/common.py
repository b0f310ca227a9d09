"""What every CLI command shares: opening the store, printing, and turning errors into messages."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shared.errors import EntraideError
from shared.i18n import LANGUAGES, _, set_language

from .. import paths
from ..store import Store

# The CLI's language: --lang, else this variable, else the language saved by the app.
LANGUAGE_ENV = "ENTRAIDE_LANG"


class CliError(EntraideError):
    """An error to show the user as one line, exiting with status 1."""


def open_store(args: argparse.Namespace) -> Store:
    directory = paths.ensure(paths.data_dir(args.data_dir))
    store = Store(paths.store_path(directory))
    if explicit_language(args) is None:
        saved = store.get_meta("language")  # chosen in the terminal app's settings
        if saved in LANGUAGES:
            set_language(saved)
    return store


def explicit_language(args: argparse.Namespace) -> str | None:
    """The language asked for with --lang or $ENTRAIDE_LANG (checked by `main`), if any."""
    lang = args.ui_lang or os.environ.get(LANGUAGE_ENV, "").strip()
    return lang if lang in LANGUAGES else None


def data_directory(args: argparse.Namespace) -> Path:
    return paths.ensure(paths.data_dir(args.data_dir))


def emit(
    args: argparse.Namespace, data: Any, text: Callable[[Any], str] | str | None = None
) -> None:
    """Print `data` as JSON with --json, else as text."""
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
        sys.stdout.write("\n")
    elif callable(text):
        print(text(data))
    elif text is not None:
        print(text)
    else:
        print(data)


def non_negative_int(text: str) -> int:
    """argparse type: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def positive_int(text: str) -> int:
    """argparse type: a whole number, 1 or more."""
    value = non_negative_int(text)
    if value == 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def parse_assignments(pairs: list[str]) -> dict[str, Any]:
    """FIELD=VALUE pairs; a value starting with [ or { is read as JSON."""
    values: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise CliError(f"expected FIELD=VALUE, got '{pair}'")
        if value[:1] in "[{":
            try:
                values[name.strip()] = json.loads(value)
            except json.JSONDecodeError as exc:
                raise CliError(f"{name}: value is not valid JSON ({exc.msg})") from None
            except RecursionError:
                raise CliError(f"{name}: value is nested too deeply") from None
        else:
            values[name.strip()] = value
    return values


def read_text_input(source: str) -> str:
    """A UTF-8 text file, or standard input for "-"; errors as one-line messages.

    A byte-order mark (Notepad writes one) is dropped."""
    try:
        if source == "-":
            return sys.stdin.read().removeprefix("\ufeff")
        return Path(source).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise CliError(f"cannot read {source}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CliError(f"{source} is not UTF-8 text") from None


def read_json_input(source: str) -> Any:
    text = read_text_input(source)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"{source} is not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise CliError(f"{source} is nested too deeply to be a record") from None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise CliError(
            f"{source} contains an escaped lone surrogate (such as \\ud800), which is not text"
        ) from None
    return data


def table(rows: list[dict[str, Any]], columns: list[str], titles: list[str] | None = None) -> str:
    """A plain text table for terminal output; `titles` head the columns (default: their ids)."""
    if not rows:
        return _("(none)")
    heads = dict(zip(columns, titles or columns, strict=True))
    widths = {c: max(len(heads[c]), *(len(str(r.get(c, ""))) for r in rows)) for c in columns}
    widths = {c: min(w, 40) for c, w in widths.items()}
    lines = ["  ".join(heads[c].upper()[: widths[c]].ljust(widths[c]) for c in columns)]
    for row in rows:
        lines.append("  ".join(str(row.get(c, ""))[: widths[c]].ljust(widths[c]) for c in columns))
    return "\n".join(lines)
