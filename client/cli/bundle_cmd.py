"""`entraide bundle ...`: carry changes on a USB stick (export, import, acknowledge, inspect)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from ..bundles import (
    SERVER,
    BundleError,
    ExportReport,
    ImportReport,
    export_ack,
    export_bundle,
    import_bundle,
    list_peers,
    read_manifest,
)
from ..keys import KeyManagementError
from ..progress import Progress, ProgressCallback, ignore_progress
from .common import CliError, emit, open_store, table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("bundle", help="offline sync by USB stick")
    sub = parser.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)

    exp = sub.add_parser("export", help="write a signed bundle of changes to a file")
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    exp.add_argument(
        "--for-peer",
        metavar="ACK_FILE|DEVICE|server",
        help="only what this peer may still lack: its acknowledgement file, its device id "
        "(acknowledged earlier), or 'server' (what the server has not acknowledged); "
        "default: everything this device holds",
    )
    _common(exp)
    exp.set_defaults(func=cmd_export)

    imp = sub.add_parser("import", help="verify a bundle and apply it (all or nothing)")
    imp.add_argument("file", metavar="FILE")
    ack = imp.add_mutually_exclusive_group()
    ack.add_argument(
        "--ack-out",
        metavar="FILE",
        help="where to write the acknowledgement (default: FILE.ack beside the bundle)",
    )
    ack.add_argument("--no-ack", action="store_true", help="do not write an acknowledgement file")
    _common(imp)
    imp.set_defaults(func=cmd_import)

    ackp = sub.add_parser("ack", help="write a signed list of what this device holds, for a peer")
    ackp.add_argument("-o", "--output", required=True, metavar="FILE")
    _common(ackp)
    ackp.set_defaults(func=cmd_ack)

    info = sub.add_parser("info", help="verify a bundle and show its manifest, without importing")
    info.add_argument("file", metavar="FILE")
    info.add_argument("--json", action="store_true")
    info.set_defaults(func=cmd_info)

    peers = sub.add_parser("peers", help="devices whose acknowledgements this device holds")
    peers.add_argument("--json", action="store_true")
    peers.set_defaults(func=cmd_peers)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )


def cmd_export(args: argparse.Namespace) -> int:
    store = open_store(args)
    peer = args.for_peer
    try:
        if peer and peer != SERVER and Path(peer).is_file():
            if read_manifest(peer, store)["kind"] != "ack":
                raise CliError(f"{peer} is a bundle, not an acknowledgement file")
            peer = import_bundle(store, peer).exporter
        with _bar(args) as progress:
            report = export_bundle(store, Path(args.output), peer=peer, progress=progress)
    except (BundleError, KeyManagementError) as exc:
        raise CliError(str(exc)) from None
    emit(args, _export_dict(report), _describe_export)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store = open_store(args)
    path = Path(args.file)
    try:
        with _bar(args) as progress:
            report = import_bundle(store, path, progress=progress)
    except BundleError as exc:
        raise CliError(f"{path.name} refused, nothing was applied: {exc}") from None
    result: dict[str, Any] = _import_dict(report)
    if report.kind == "bundle" and not args.no_ack:
        ack_path = Path(args.ack_out) if args.ack_out else path.with_name(path.name + ".ack")
        try:
            result["ack"] = str(export_ack(store, ack_path).path)
        except (BundleError, OSError) as exc:
            # The import itself succeeded; a read-only stick only costs the acknowledgement.
            print(f"entraide: warning: acknowledgement not written: {exc}", file=sys.stderr)
    emit(args, result, _describe_import)
    return 0


def cmd_ack(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        with _bar(args) as progress:
            report = export_ack(store, Path(args.output), progress=progress)
    except BundleError as exc:
        raise CliError(str(exc)) from None
    emit(
        args,
        {"path": str(report.path), "groups": report.groups, "bytes": report.bytes},
        lambda r: f"acknowledged {_n(r['groups'], 'group')} in {r['path']} ({_size(r['bytes'])})",
    )
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    try:
        manifest = read_manifest(Path(args.file), open_store(args))
    except BundleError as exc:
        raise CliError(f"{Path(args.file).name} refused: {exc}") from None
    emit(args, manifest, _describe_manifest)
    return 0


def cmd_peers(args: argparse.Namespace) -> int:
    rows = [
        {
            "device": p.device_id,
            "authority": p.authority,
            "groups": len(p.groups),
            "updated": p.updated,
        }
        for p in list_peers(open_store(args))
    ]
    emit(args, rows, lambda r: table(r, ["device", "authority", "groups", "updated"]))
    return 0


# -- output ------------------------------------------------------------------------


def _export_dict(report: ExportReport) -> dict[str, Any]:
    return {
        "path": str(report.path),
        "groups": report.groups,
        "changes": report.changes,
        "bytes": report.bytes,
        "peer": report.peer,
    }


def _describe_export(r: dict[str, Any]) -> str:
    target = f" for {r['peer']}" if r["peer"] else ""
    return f"wrote {r['path']}{target}: {_n(r['changes'], 'change')} in {_n(r['groups'], 'group')}, {_size(r['bytes'])}"


def _import_dict(report: ImportReport) -> dict[str, Any]:
    return {
        "kind": report.kind,
        "exporter": report.exporter,
        "authority": report.exporter_authority,
        "changes": report.changes,
        "new": report.new,
        "applied": report.applied,
        "kept_for_forwarding": report.kept_for_forwarding,
        "pending": report.pending,
        "acknowledged": report.acknowledged,
        "rejected": report.rejected,
        "revoked": report.revoked,
    }


def _describe_import(r: dict[str, Any]) -> str:
    who = f"device {r['exporter']} ({r['authority']})"
    if r["kind"] == "ack":
        return f"recorded that {who} holds {_n(r['acknowledged'], 'group')}"
    lines = [
        f"from {who}: {_n(r['changes'], 'change')}, {r['new']} new, {r['applied']} applied, "
        f"{_n(r['kept_for_forwarding'], 'group')} kept unread for forwarding to the server"
    ]
    if r["pending"]:
        lines.append(f"{r['pending']} changes wait for earlier changes not received yet")
    if r["rejected"]:
        lines.append(
            f"{len(r['rejected'])} group(s) or change(s) failed their checks and were set aside"
        )
    if r.get("revoked"):
        lines.append(
            f"{_n(r['revoked'], 'group')} of revoked devices refused: they were made or kept"
            " back after the revocation"
        )
    if r.get("ack"):
        lines.append(f"acknowledgement written to {r['ack']} (give it back to the sender)")
    return "\n".join(lines)


def _describe_manifest(m: dict[str, Any]) -> str:
    lines = [
        f"{k}: {m[k]}"
        for k in ("kind", "format", "device", "authority", "role", "created", "app")
        if k in m
    ]
    if m.get("since"):
        lines.append(f"since: {m['since']}")
    for space, counts in sorted((m.get("spaces") or {}).items()):
        lines.append(
            f"  {space}: {_n(counts.get('changes', 0), 'change')} in {_n(counts.get('groups', 0), 'group')}"
        )
    if "acknowledged" in m:
        lines.append(f"acknowledged groups: {m['acknowledged']}")
    return "\n".join(lines)


def _n(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


# -- progress bar --------------------------------------------------------------------


class TextBar:
    """A one-line progress bar on stderr, redrawn at most ten times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.drawn = False

    def __call__(self, p: Progress) -> None:
        now = time.monotonic()
        final = p.total is not None and p.done >= p.total
        if now - self.last < 0.1 and not final:
            return
        self.last = now
        if p.total:
            filled = int(self.WIDTH * min(p.done, p.total) / p.total)
            bar = "#" * filled + "." * (self.WIDTH - filled)
            counts = f"{p.done:,}/{p.total:,} groups"
        else:
            bar, counts = "." * self.WIDTH, ""
        self.stream.write(f"\r{p.phase:<7} [{bar}] {counts}  {_size(p.bytes)}   ")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


class _bar:
    """Context manager giving the progress callback for a command (a no-op when disabled)."""

    def __init__(self, args: argparse.Namespace) -> None:
        show = args.progress
        if show is None:
            show = sys.stderr.isatty() and not args.json
        self.bar = TextBar(sys.stderr) if show else None

    def __enter__(self) -> ProgressCallback:
        return self.bar or ignore_progress

    def __exit__(self, *exc: object) -> None:
        if self.bar:
            self.bar.close()
