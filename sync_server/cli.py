"""`entraide-server`: serve the sync API, or administer its database.

    entraide-server [--db PATH|postgresql://...] [--host H] [--port P] [--workers N]
                    [--tls-cert FILE --tls-key FILE] [--max-connections N] [--body-timeout S]
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
`--db` is a SQLite file (the default) or a PostgreSQL URL; see docs/deployment.md.
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

from shared.i18n import LANGUAGES, set_language

from . import admin, backup
from .serve import DB_ENV, serve
from .storage import Storage, StorageError, is_database_url, open_storage

LANGUAGE_ENV = "ENTRAIDE_LANG"  # as for the `entraide` client


def default_db() -> str:
    return os.environ.get(DB_ENV) or str(
        Path(platformdirs.user_data_dir("entraide-server", appauthor=False)) / "server.sqlite"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="entraide-server", description="Entraide sync server.")
    # What `main` reads of every command; the commands that differ set their own.
    parser.set_defaults(json=False, raw_db=False, translated=False)
    parser.add_argument(
        "--db",
        default=None,
        help=f"SQLite database file or postgresql:// URL (default: ${DB_ENV} or the"
        " platform's data dir)",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--workers", type=int, default=1, help="worker processes (PostgreSQL only; default 1)"
    )
    parser.add_argument("--tls-cert", metavar="FILE", help="serve HTTPS with this certificate")
    parser.add_argument("--tls-key", metavar="FILE", help="the certificate's private key")
    parser.add_argument(
        "--rate-limit",
        type=int,
        metavar="N",
        help="requests per device per minute, shared by every worker (default 600; 0: none)",
    )
    parser.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=None,
        help="open connections at most (default 780, less if the open-files limit is lower)",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=30.0,
        help="seconds a request body may send nothing before it is refused (default 30)",
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
    issue.add_argument(
        "--tls-cert",
        dest="pin_cert",
        metavar="FILE",
        help="pin this certificate in the code (a reverse proxy's; default: the one the"
        " server last started with --tls-cert)",
    )
    issue.set_defaults(
        func=lambda a, s: admin.issue_code(s, a.authority, a.role, a.hours, a.pin_cert),
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
        text=lambda d: (
            f"device {d['device_id']} revoked at {d['revoked_at']}; the {d['groups_standing']}"
            " group(s) of it the server had accepted stand, any other is refused everywhere"
        ),
    )

    back = asub.add_parser(
        "backup", help="copy the database to a new file (safe while clients sync)"
    )
    back.add_argument("output", help="the backup file to write")
    back.set_defaults(
        func=lambda a, s: backup.backup(a.db_path, a.output),
        text=lambda d: f"backup written to {d['backup']} ({d['bytes']} bytes)",
        raw_db=True,
    )
    rest = asub.add_parser(
        "restore", help="replace the database with a backup (stop the server first)"
    )
    rest.add_argument("backup_file", help="a file written by 'admin backup'")
    rest.set_defaults(
        func=lambda a, s: backup.restore(a.db_path, a.backup_file),
        text=lambda d: (
            f"restored {d['restored']}: {d['groups']} groups; devices will"
            " re-push what the server lost"
        ),
        raw_db=True,
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
    status.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=None,
        help=f"language of the text (default: ${LANGUAGE_ENV}, else English)",
    )
    status.set_defaults(
        func=lambda a, s: admin.network_status(s, a.silent_days),
        text=admin.status_text,
        translated=True,
    )

    for p in (add, lst, issue, dlist, revoke, back, rest, stats, status):
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


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = args.db or default_db()
    if args.command is None:
        return serve(
            db,
            args.host,
            args.port,
            args.log_level,
            args.workers,
            args.tls_cert,
            args.tls_key,
            args.rate_limit,
            args.max_connections,
            args.body_timeout,
        )
    if args.command == "openapi":
        json.dump(cmd_openapi(args, None), sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    storage = None
    try:
        if not is_database_url(db):
            Path(db).expanduser().parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        args.db_path = db
        # backup and restore work on the database's files, not through the storage
        storage = None if args.raw_db else open_storage(db)
        data = args.func(args, storage)
    except StorageError as exc:
        _fail(args, str(exc))
        return 1
    except (OSError, sqlite3.Error) as exc:
        # getattr: sqlite3.Error has no strerror, OSError's may be None
        _fail(args, f"cannot open database {db}: {getattr(exc, 'strerror', None) or exc}")
        return 1
    except Exception as exc:  # PostgreSQL's driver errors, in one line
        if not type(exc).__module__.startswith(("psycopg", "psycopg_pool")):
            raise
        _fail(args, f"database error: {(str(exc).strip().splitlines() or [type(exc).__name__])[0]}")
        return 1
    finally:
        if storage is not None:
            storage.close()
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        if args.translated:
            set_language(_text_language(args.lang))
        print(args.text(data))
    return 0


def _text_language(option: str | None) -> str:
    """--lang, else $ENTRAIDE_LANG (the client's variable too), else English."""
    lang = option or os.environ.get(LANGUAGE_ENV, "").strip()
    return lang if lang in LANGUAGES else "en"


def _fail(args: argparse.Namespace, message: str) -> None:
    if args.json:
        json.dump({"error": message}, sys.stdout)
        sys.stdout.write("\n")
    print(f"entraide-server: error: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
