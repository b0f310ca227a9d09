"""`entraide-server`: serve the sync API, or administer its database.

    entraide-server [--db PATH] [--host H] [--port P]
    entraide-server [--db PATH] admin authority add CODE --state SN --name "..."
    entraide-server [--db PATH] admin authority list
    entraide-server [--db PATH] admin code issue --authority CODE --role officer [--hours 72]
    entraide-server [--db PATH] admin device list [--authority CODE]
    entraide-server [--db PATH] admin device revoke DEVICE_ID
    entraide-server [--db PATH] admin stats
    entraide-server [--db PATH] admin status [--silent-days 21]
    entraide-server openapi

Every admin command takes --json. The admin commands work on the database
directly, also while the server runs (revocation takes effect at once).
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import platformdirs

from . import admin
from .storage import Storage, StorageError, open_storage

DB_ENV = "ENTRAIDE_SERVER_DB"


def default_db() -> str:
    return os.environ.get(DB_ENV) or str(
        Path(platformdirs.user_data_dir("entraide-server", appauthor=False)) / "server.sqlite"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="entraide-server", description="Entraide sync server.")
    parser.add_argument(
        "--db",
        default=None,
        help=f"SQLite database file (default: ${DB_ENV} or the platform's data dir)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("openapi", help="print the OpenAPI description").set_defaults(func=cmd_openapi)

    adm = sub.add_parser("admin", help="authorities, enrollment codes and devices")
    asub = adm.add_subparsers(dest="admin_command", metavar="WHAT", required=True)

    auth = asub.add_parser("authority", help="central authorities").add_subparsers(
        dest="action", required=True
    )
    add = auth.add_parser("add", help="create an authority")
    add.add_argument("code", help="authority code, e.g. SN-CA")
    add.add_argument("--state", required=True, help="ISO country code, e.g. SN")
    add.add_argument("--name", required=True)
    add.set_defaults(
        func=lambda a, s: admin.add_authority(s, a.code, a.state, a.name),
        text=lambda d: f"authority {d['code']} created",
    )
    lst = auth.add_parser("list", help="list authorities")
    lst.set_defaults(
        func=lambda a, s: admin.list_authorities(s), text=_rows("code", "state", "name")
    )

    code = asub.add_parser("code", help="one-time enrollment codes").add_subparsers(
        dest="action", required=True
    )
    issue = code.add_parser("issue", help="issue a one-time enrollment code")
    issue.add_argument("--authority", required=True)
    issue.add_argument("--role", required=True, choices=["officer", "admin", "secretariat"])
    issue.add_argument("--hours", type=float, default=72, help="validity (default 72)")
    issue.set_defaults(
        func=lambda a, s: admin.issue_code(s, a.authority, a.role, a.hours),
        text=lambda d: f"{d['code']}  ({d['authority']}, {d['role']}, expires {d['expires_at']})",
    )

    dev = asub.add_parser("device", help="enrolled devices").add_subparsers(
        dest="action", required=True
    )
    dlist = dev.add_parser("list", help="list devices")
    dlist.add_argument("--authority")
    dlist.set_defaults(
        func=lambda a, s: admin.list_devices(s, a.authority),
        text=_rows("device_id", "authority", "role", "name", "last_seen", "revoked_at"),
    )
    revoke = dev.add_parser("revoke", help="revoke a device: refused from now on")
    revoke.add_argument("device_id")
    revoke.set_defaults(
        func=lambda a, s: admin.revoke_device(s, a.device_id),
        text=lambda d: f"device {d['device_id']} revoked at {d['revoked_at']}",
    )

    stats = asub.add_parser("stats", help="row counts of the database")
    stats.set_defaults(
        func=lambda a, s: s.counts(), text=lambda d: "\n".join(f"{k}: {v}" for k, v in d.items())
    )

    status = asub.add_parser(
        "status", help="sync monitor: per authority, devices, last sync, last data received"
    )
    status.add_argument(
        "--silent-days", type=int, default=admin.SILENT_DAYS, help="flag offices silent this long"
    )
    status.set_defaults(
        func=lambda a, s: admin.network_status(s, a.silent_days), text=admin.status_text
    )

    for p in (add, lst, issue, dlist, revoke, stats, status):
        p.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _rows(*columns: str) -> Callable[[list[dict[str, Any]]], str]:
    def render(rows: list[dict[str, Any]]) -> str:
        if not rows:
            return "(none)"
        widths = {c: max(len(c), *(len(str(r.get(c) or "")) for r in rows)) for c in columns}
        lines = ["  ".join(c.upper().ljust(widths[c]) for c in columns)]
        lines += ["  ".join(str(r.get(c) or "").ljust(widths[c]) for c in columns) for r in rows]
        return "\n".join(lines)

    return render


def cmd_openapi(args: argparse.Namespace, storage: Storage | None) -> dict[str, Any]:
    from .openapi import openapi_spec

    return openapi_spec()


def serve(db: str, host: str, port: int, log_level: str) -> int:
    import uvicorn

    from .app import create_app

    Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
    print(f"entraide-server: serving {db} on http://{host}:{port}", file=sys.stderr, flush=True)
    # Idle connections stay open 2 minutes: a client in --watch mode (30 s rounds) then pays
    # no new TCP/TLS handshake per round, which is a whole round trip on a 2G link.
    uvicorn.run(
        create_app(db),
        host=host,
        port=port,
        log_level=log_level,
        access_log=False,
        timeout_keep_alive=120,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = args.db or default_db()
    if args.command is None:
        return serve(db, args.host, args.port, args.log_level)
    if args.command == "openapi":
        json.dump(cmd_openapi(args, None), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    storage = None
    try:
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        storage = open_storage(db)
        data = args.func(args, storage)
    except StorageError as exc:
        _fail(args, str(exc))
        return 1
    except (OSError, sqlite3.Error) as exc:
        _fail(args, f"cannot open database {db}: {getattr(exc, 'strerror', None) or exc}")
        return 1
    finally:
        if storage is not None:
            storage.close()
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print(args.text(data))
    return 0


def _fail(args: argparse.Namespace, message: str) -> None:
    if getattr(args, "json", False):
        json.dump({"error": message}, sys.stdout)
        sys.stdout.write("\n")
    print(f"entraide-server: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
