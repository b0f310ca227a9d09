"""`entraide network status`: the secretariat's sync monitor, from the server."""

from __future__ import annotations

import argparse

from shared.contracts import to_wire
from shared.i18n import _, ngettext

from ..sync.monitor import AuthorityStatus, network_status
from .common import emit, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("network", help="the network's sync state (secretariat)")
    sub = parser.add_subparsers(dest="network_command", metavar="ACTION", required=True)
    status = sub.add_parser(
        "status", help="per authority: devices, last sync, last data received, pending"
    )
    status.add_argument("--server", help="server URL (default: the one this device enrolled with)")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    rows = network_status(open_store(args), args.server)
    emit(args, to_wire(rows), lambda _data: _describe(rows))
    return 0


def _describe(rows: list[AuthorityStatus]) -> str:
    if not rows:
        return _("(no authority)")
    lines = []
    for row in rows:
        mark = _("!! SILENT") if row.silent else _("ok")
        last = row.last_received or _("never")
        lines.append(
            f"{mark:9} {row.authority:12} "
            + ngettext(
                "last data {last}, {days} day ago; {pending} group(s) waiting",
                "last data {last}, {days} days ago; {pending} group(s) waiting",
                row.days_silent,
            ).format(last=last, days=row.days_silent, pending=row.pending)
        )
        for device in row.devices:
            state = _("last sync {date}, {count} waiting").format(
                date=device.last_sync or _("never"), count=device.pending
            )
            if device.revoked_at:
                state += ", " + _("revoked {date}").format(date=device.revoked_at)
            lines.append(f"          - {device.device_id} ({device.role}): {state}")
    return "\n".join(lines)
