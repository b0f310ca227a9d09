"""`entraide backup -o FILE` and `entraide restore FILE`."""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import paths
from ..store import Store
from ..store.backup import backup_store, restore_backup
from ..sync.restore import prepare_restored
from .common import data_directory, emit, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup", help="copy the store to a file (safe while the app runs)"
    )
    backup.add_argument("-o", "--output", required=True, metavar="FILE", help="the backup file")
    backup.add_argument("--json", action="store_true")
    backup.set_defaults(func=cmd_backup)

    restore = subparsers.add_parser(
        "restore", help="replace the store with a backup (close the app first)"
    )
    restore.add_argument("file", metavar="FILE", help="a file written by 'entraide backup'")
    restore.add_argument("--json", action="store_true")
    restore.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        size = backup_store(store, Path(args.output))
    finally:
        store.close()
    emit(
        args,
        {"path": str(args.output), "bytes": size},
        f"backup written to {args.output} ({size} bytes); keep it as safe as this computer",
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    target = paths.store_path(data_directory(args))
    report = restore_backup(Path(args.file), target)
    store = Store(target)
    try:
        prepare_restored(store)
    finally:
        store.close()
    data = {
        "device_id": report.device_id,
        "new_actor": report.new_actor,
        "set_aside": str(report.set_aside) if report.set_aside else None,
    }
    text = (
        f"restored device {report.device_id}; the next 'entraide sync' brings back its later"
        " edits from the server (import a full bundle from a peer for those sent by USB)"
    )
    if report.set_aside:
        text += f"\nthe store it replaced was kept as {report.set_aside}"
    emit(args, data, text)
    return 0
