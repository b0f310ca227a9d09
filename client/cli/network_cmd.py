"""`entraide network status`: the secretariat's sync monitor, from the server."""

from __future__ import annotations

import argparse

from shared.contracts import to_wire

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
        return "(no authority)"
    lines = []
    for row in rows:
        mark = "!! SILENT" if row.silent else "ok"
        lines.append(
            f"{mark:9} {row.authority:12} last data {row.last_received or 'never'},"
            f" {row.days_silent} day(s) ago; {row.pending} group(s) waiting"
        )
        for device in row.devices:
            lines.append(
                f"          - {device.device_id} ({device.role}): last sync"
                f" {device.last_sync or 'never'}, {device.pending} waiting"
                + (f", revoked {device.revoked_at}" if device.revoked_at else "")
            )
    return "\n".join(lines)
