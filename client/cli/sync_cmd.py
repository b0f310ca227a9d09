"""`entraide init` (enroll this device) and `entraide sync` (network sync)."""

from __future__ import annotations

import argparse
import sys
import threading

from shared.i18n import _
from shared.i18n.labels import labelled

from ..progress import Progress
from ..sync import SyncAgent, SyncError, enroll, sync_status
from ..sync.status import SyncStatus
from ..sync.summary import space_label, sync_lines
from .common import CliError, emit, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser("init", help="enroll this device with a sync server")
    init.add_argument(
        "--server", required=True, metavar="URL", help="e.g. https://sync.example.org"
    )
    init.add_argument(
        "--code", required=True, help="one-time enrollment code from the secretariat or your admin"
    )
    init.add_argument("--name", default="", help="a name for this device (shown to administrators)")
    init.add_argument("--json", action="store_true")
    init.set_defaults(func=cmd_init)

    sync = subparsers.add_parser("sync", help="sync with the server (push, then pull)")
    sync.add_argument("--server", metavar="URL", help="server address (default: the enrolled one)")
    sync.add_argument(
        "--watch", action="store_true", help="keep syncing; retry with backoff when offline"
    )
    sync.add_argument(
        "--status", action="store_true", help="show sync status without contacting the server"
    )
    sync.add_argument("--quiet", action="store_true", help="no progress lines")
    sync.add_argument("--json", action="store_true")
    sync.set_defaults(func=cmd_sync)


def cmd_init(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        result = enroll(store, args.server, args.code, args.name)
    except SyncError as exc:
        raise CliError(str(exc)) from None
    emit(
        args,
        vars(result),
        f"enrolled device {result.device_id} for {result.authority} ({result.role}) at {result.server_url}",
    )
    return 0


def _printer(args: argparse.Namespace):
    def show(p: Progress) -> None:
        if args.quiet or args.json:
            return
        total = f"/{p.total}" if p.total is not None else ""
        print(f"[{p.phase}] {p.done}{total} {p.message}", file=sys.stderr, flush=True)

    return show


def _status_text(status: SyncStatus) -> str:
    """`sync --status` in the user's language: what the Sync screen shows, as lines."""
    lines = sync_lines(status)
    if status.server_url:
        lines.insert(0, _("Server: {url}").format(url=status.server_url))
    for space, count in sorted(status.pending.items()):
        lines.append(f"  {labelled(space_label(space))} {count}")
    lines.append(_("set aside: {count}").format(count=len(status.faults)))
    for fault in status.faults[:20]:
        place = fault.doc_id or space_label(fault.space)
        state = _("blocked") if fault.blocked else _("refused")
        lines.append(f"  {state} {fault.what} {place} ({fault.author}): {fault.reason}")
    lines += [_("exchange refused: {line}").format(line=line) for line in status.exchange_refused]
    return "\n".join(lines)


def cmd_sync(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.status:
        status = sync_status(store)
        data = {
            **vars(status),
            "log": [vars(e) for e in status.log[:10]],
            "faults": [vars(f) for f in status.faults],
        }
        data["blocked_messages"] = status.blocked_lines()
        emit(args, data, _status_text(status))
        return 0
    agent = SyncAgent(store, server_url=args.server)
    if args.watch:
        stop = threading.Event()
        try:
            agent.run_forever(stop, _printer(args))
        except KeyboardInterrupt:
            stop.set()
        return 0
    try:
        report = agent.sync_once(_printer(args))
    except SyncError as exc:
        raise CliError(_("sync failed: {reason}").format(reason=exc)) from None
    emit(args, vars(report), report.summary())
    return 0
