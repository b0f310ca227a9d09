"""`entraide directory ...`: browse the directory and propose edits to one's own entry."""

from __future__ import annotations

import argparse
from typing import Any

from .. import directory
from ..cases.service import own_authority
from .common import emit, open_store, parse_assignments, table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("directory", help="competent national authorities")
    sub = parser.add_subparsers(dest="directory_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help="list authorities")
    lst.add_argument("--state", help="only this state (ISO code)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    show = sub.add_parser("show", help="one authority's entry")
    show.add_argument("code")
    show.add_argument(
        "--approved", action="store_true", help="the approved version, not the latest proposal"
    )
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    propose = sub.add_parser("propose", help="propose an edit to this device's own entry")
    propose.add_argument(
        "--set", dest="assignments", action="append", required=True, metavar="FIELD=VALUE"
    )
    propose.add_argument("--json", action="store_true")
    propose.set_defaults(func=cmd_propose)


def cmd_list(args: argparse.Namespace) -> int:
    rows = directory.list_entries(open_store(args), args.state)
    for row in rows:
        row["languages"] = ",".join(row["languages"])
    emit(
        args, rows, lambda r: table(r, ["code", "state", "authority_name", "languages", "approval"])
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    entry = (
        directory.approved_entry(store, args.code)
        if args.approved
        else directory.get_entry(store, args.code)
    )
    if entry is None:
        entry = {}
    entry["approval"] = directory.approval_state(store, args.code).value
    emit(args, entry, _describe)
    return 0


def _describe(entry: dict[str, Any]) -> str:
    return "\n".join(
        f"{k}: {', '.join(v) if isinstance(v, list) else v}"
        for k, v in entry.items()
        if v not in ("", [])
    )


def cmd_propose(args: argparse.Namespace) -> int:
    store = open_store(args)
    code = own_authority(store)
    changed = directory.propose_edit(store, code, parse_assignments(args.assignments))
    state = directory.approval_state(store, code).value
    emit(
        args,
        {"code": code, "changed": changed, "approval": state},
        f"{code}: {'proposed, awaiting approval' if state == 'proposed' else state}",
    )
    return 0
