"""`entraide keys ...`: the authority's space keys on this device.

Secrets (passphrase, recovery code) are never taken from the command line,
where other users and shell histories can see them: they come from a file
(`--passphrase-file`, `-` for stdin), the ENTRAIDE_PASSPHRASE environment
variable, or are typed at a hidden prompt.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from shared.files import atomic_write

from ..keys import export_key_file, make_recovery_code, rotate, set_passphrase
from ..keys.setup import (
    create_protected_key,
    ensure_can_create,
    import_from_file,
    key_status,
    unlock_from_server,
    upload_keys,
)
from . import exchange_cmd
from .common import CliError, emit, open_store, read_text_input

PASSPHRASE_ENV = "ENTRAIDE_PASSPHRASE"


def register(subparsers: argparse._SubParsersAction) -> None:
    keys = subparsers.add_parser("keys", help="encryption keys of your authority's cases")
    keys.set_defaults(passphrase_file=None, recovery_code_file=None)  # read by every action
    sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)

    status = sub.add_parser("status", help="which keys this device holds")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)

    create = sub.add_parser(
        "create", help="first device of an authority: make the key and protect it with a passphrase"
    )
    _secret_args(create, recovery=False)
    create.set_defaults(func=cmd_create)

    change = sub.add_parser("passphrase", help="change the authority passphrase")
    _secret_args(change, recovery=False)
    change.set_defaults(func=cmd_passphrase)

    unlock = sub.add_parser(
        "unlock",
        help="fetch the authority's keys from the server and open them with the passphrase",
    )
    _secret_args(unlock, recovery=True)
    unlock.set_defaults(func=cmd_unlock)

    export = sub.add_parser(
        "export-file", help="write the keys to a file for USB (passphrase-protected)"
    )
    export.add_argument("-o", "--output", required=True, help="file to write")
    export.set_defaults(func=cmd_export)

    imp = sub.add_parser("import-file", help="read keys from a key file")
    imp.add_argument("file")
    _secret_args(imp, recovery=True)
    imp.set_defaults(func=cmd_import)

    code = sub.add_parser(
        "recovery-code", help="make a new recovery code to print and keep in a safe"
    )
    code.add_argument("-o", "--output", help="also write the code to this file")
    code.set_defaults(func=cmd_recovery_code)

    rot = sub.add_parser(
        "rotate", help="switch to a new key now (done automatically after a revocation)"
    )
    rot.set_defaults(func=cmd_rotate)

    exchange_cmd.register_keys(sub)


def _secret_args(parser: argparse.ArgumentParser, recovery: bool) -> None:
    parser.add_argument("--passphrase-file", help="read the passphrase from this file ('-': stdin)")
    if recovery:
        parser.add_argument(
            "--recovery-code-file", help="use the printed recovery code, read from this file"
        )


# -- secrets -------------------------------------------------------------------------------


def _read_secret_file(name: str) -> str:
    secret = read_text_input(name).rstrip("\r\n")
    if not secret:
        raise CliError(f"{name} is empty")
    return secret


def _passphrase(args: argparse.Namespace, confirm: bool) -> str:
    if args.passphrase_file:
        return _read_secret_file(args.passphrase_file)
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise CliError(f"no passphrase: give --passphrase-file FILE or set {PASSPHRASE_ENV}")
    first = getpass.getpass("Authority passphrase: ")
    if confirm and getpass.getpass("Same passphrase again: ") != first:
        raise CliError("the two passphrases differ; nothing was changed")
    return first


def _unlock_secret(args: argparse.Namespace) -> dict[str, str]:
    if args.recovery_code_file:
        return {"recovery_code": _read_secret_file(args.recovery_code_file)}
    return {"passphrase": _passphrase(args, confirm=False)}


# -- commands --------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    status = key_status(open_store(args))
    data = asdict(status)

    def text(d: dict[str, Any]) -> str:
        lines = [
            f"Authority:        {d['authority'] or '(not enrolled)'}",
            f"Current key:      {d['current_key'] or 'none'}"
            + (
                f" (generation {d['generation']}, {d['keys_held']} key(s) held)"
                if d["current_key"]
                else ""
            ),
            f"Passphrase:       {'set' if d['passphrase_set'] else 'NOT SET'}",
            f"Recovery code:    {'made' if d['recovery_code_set'] else 'none'}",
            f"Server's key:     {d['server_current_key'] or 'none known'}",
            f"Unreadable cases: {d['unreadable_held']} group(s) held without their key",
        ]
        if d["current_key"] and not d["passphrase_set"]:
            lines.append(
                "Warning: if this device is lost, nobody can read these cases. "
                "Run `entraide keys create --passphrase-file FILE` and `entraide keys recovery-code`."
            )
        if status.needs_unlock:
            lines.append("Run `entraide keys unlock` (passphrase) to read your authority's cases.")
        return "\n".join(lines)

    emit(args, data, text)
    return 0


def cmd_create(args: argparse.Namespace) -> int:
    store = open_store(args)
    ensure_can_create(store)  # before asking for the passphrase
    keyset = create_protected_key(store, _passphrase(args, confirm=True))
    print(f"Key {keyset.current.key_id} of {keyset.authority} is protected by the passphrase.")
    print(upload_keys(store))
    print("Next: `entraide keys recovery-code`, print the code and keep it in a safe.")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    store = open_store(args)
    set_passphrase(store, _passphrase(args, confirm=True))
    print("Passphrase changed; the old one no longer opens keys uploaded from now on.")
    print(upload_keys(store))
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    unlocked = unlock_from_server(open_store(args), **_unlock_secret(args))
    keyset = unlocked.keyset
    print(
        f"Unlocked {len(keyset.keys)} key(s) of {keyset.authority}; "
        f"{unlocked.readable} change(s) now readable."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        path = export_key_file(store, Path(args.output))
    except OSError as exc:
        raise CliError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"Wrote {path}: it opens only with the authority passphrase or the recovery code.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    unlocked = import_from_file(store, Path(args.file), **_unlock_secret(args))
    keyset = unlocked.keyset
    print(
        f"Imported {len(keyset.keys)} key(s) of {keyset.authority}; "
        f"{unlocked.readable} change(s) now readable."
    )
    if store.get_meta("server_url"):
        print(upload_keys(store))
    return 0


def cmd_recovery_code(args: argparse.Namespace) -> int:
    store = open_store(args)
    code = make_recovery_code(store)
    if args.output:
        try:
            atomic_write(Path(args.output), (code + "\n").encode("utf-8"))  # owner-only
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror}") from None
    print("Recovery code (print it, keep it in a safe; it replaces any previous code):")
    print(f"    {code}")
    print(upload_keys(store))
    return 0


def cmd_rotate(args: argparse.Namespace) -> int:
    store = open_store(args)
    fresh = rotate(store)
    print(
        f"New key {fresh.key_id} (generation {fresh.generation}); old keys are kept to read old cases."
    )
    print(upload_keys(store))
    return 0
