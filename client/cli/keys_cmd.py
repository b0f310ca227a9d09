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
from pathlib import Path
from typing import Any

from shared.crypto import CryptoError
from shared.files import atomic_write

from ..identity import load_identity
from ..keys import (
    KeyManagementError,
    KeyServer,
    KeyServerError,
    adopt,
    export_key_file,
    held_unreadable,
    load_keyset,
    make_recovery_code,
    open_escrow,
    read_key_file,
    rotate,
    set_passphrase,
    sync_keys,
)
from ..keys.local import server_view
from ..keys.manage import create_first_key
from .common import CliError, emit, open_store, read_text_input

PASSPHRASE_ENV = "ENTRAIDE_PASSPHRASE"


def register(subparsers: argparse._SubParsersAction) -> None:
    keys = subparsers.add_parser("keys", help="encryption keys of your authority's cases")
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
    if getattr(args, "passphrase_file", None):
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
    if getattr(args, "recovery_code_file", None):
        return {"recovery_code": _read_secret_file(args.recovery_code_file)}
    return {"passphrase": _passphrase(args, confirm=False)}


# -- helpers ---------------------------------------------------------------------------------


def _upload(store: Any) -> str:
    """Publish key changes now if the server answers; otherwise the next sync does it."""
    if not store.get_meta("server_url") or not store.get_meta("device_token"):
        return "Not enrolled with a server yet: the keys will be uploaded at the first sync."
    try:
        sync_keys(store, load_identity(store), KeyServer.for_store(store))
    except KeyServerError as exc:
        return f"Not uploaded now ({exc}); the next sync will upload them."
    return "Uploaded to the server (sealed: the server cannot read them)."


def _fail(exc: Exception) -> CliError:
    return CliError(str(exc))


# -- commands --------------------------------------------------------------------------------


def cmd_status(args: argparse.Namespace) -> int:
    store = open_store(args)
    keyset = load_keyset(store)
    view = server_view(store)
    current = keyset.current if keyset else None
    data = {
        "authority": store.get_meta("authority"),
        "current_key": current.key_id if current else None,
        "generation": current.generation if current else None,
        "keys_held": len(keyset.keys) if keyset else 0,
        "passphrase_set": bool(keyset and keyset.passphrase_public),
        "recovery_code_set": bool(keyset and keyset.recovery_public),
        "server_current_key": view.get("current") or None,
        "rotation_needed": bool(view.get("rotation_needed")),
        "unreadable_held": held_unreadable(store),
    }

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
        if d["unreadable_held"] or (d["server_current_key"] and not d["current_key"]):
            lines.append("Run `entraide keys unlock` (passphrase) to read your authority's cases.")
        return "\n".join(lines)

    emit(args, data, text)
    return 0


def cmd_create(args: argparse.Namespace) -> int:
    store = open_store(args)
    keyset = load_keyset(store)
    try:
        if keyset is None and server_view(store).get("current"):
            raise CliError(
                "your authority already has a key (made on another device): "
                "run `entraide keys unlock` instead"
            )
        if keyset is not None and keyset.passphrase_public:
            raise CliError(
                "keys and passphrase already exist; `entraide keys passphrase` changes it"
            )
        passphrase = _passphrase(args, confirm=True)
        with store.write():  # one transaction: a refused passphrase leaves no key behind
            create_first_key(store)
            keyset = set_passphrase(store, passphrase)
    except (KeyManagementError, CryptoError) as exc:
        raise _fail(exc) from None
    print(f"Key {keyset.current.key_id} of {keyset.authority} is protected by the passphrase.")
    print(_upload(store))
    print("Next: `entraide keys recovery-code`, print the code and keep it in a safe.")
    return 0


def cmd_passphrase(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        set_passphrase(store, _passphrase(args, confirm=True))
    except (KeyManagementError, CryptoError) as exc:
        raise _fail(exc) from None
    print("Passphrase changed; the old one no longer opens keys uploaded from now on.")
    print(_upload(store))
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        server = KeyServer.for_store(store)
        state = server.state()
        escrow_bytes = state.get("escrow")
        if not isinstance(escrow_bytes, bytes):
            raise CliError(
                "the server holds no passphrase-protected keys for your authority: on a device "
                "that has them, run `entraide keys create`, or bring a key file (`keys import-file`)"
            )
        from shared.crypto import Escrow

        keyset = open_escrow(Escrow.from_bytes(escrow_bytes), **_unlock_secret(args))
        readable = adopt(store, keyset)
        sync_keys(store, load_identity(store), server)
    except (KeyManagementError, CryptoError) as exc:
        raise _fail(exc) from None
    print(
        f"Unlocked {len(keyset.keys)} key(s) of {keyset.authority}; {readable} change(s) now readable."
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        path = export_key_file(store, Path(args.output))
    except KeyManagementError as exc:
        raise _fail(exc) from None
    except OSError as exc:
        raise CliError(f"cannot write {args.output}: {exc.strerror}") from None
    print(f"Wrote {path}: it opens only with the authority passphrase or the recovery code.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        escrow = read_key_file(Path(args.file))
        keyset = open_escrow(escrow, **_unlock_secret(args))
        readable = adopt(store, keyset)
    except (KeyManagementError, CryptoError) as exc:
        raise _fail(exc) from None
    print(
        f"Imported {len(keyset.keys)} key(s) of {keyset.authority}; {readable} change(s) now readable."
    )
    if store.get_meta("server_url"):
        print(_upload(store))
    return 0


def cmd_recovery_code(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        code = make_recovery_code(store)
    except KeyManagementError as exc:
        raise _fail(exc) from None
    if args.output:
        try:
            atomic_write(Path(args.output), (code + "\n").encode("utf-8"))  # owner-only
        except OSError as exc:
            raise CliError(f"cannot write {args.output}: {exc.strerror}") from None
    print("Recovery code (print it, keep it in a safe; it replaces any previous code):")
    print(f"    {code}")
    print(_upload(store))
    return 0


def cmd_rotate(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        fresh = rotate(store)
    except KeyManagementError as exc:
        raise _fail(exc) from None
    print(
        f"New key {fresh.key_id} (generation {fresh.generation}); old keys are kept to read old cases."
    )
    print(_upload(store))
    return 0
