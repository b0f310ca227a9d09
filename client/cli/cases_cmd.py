"""`entraide case ...`: create, list, show, update and read the history of cases."""

from __future__ import annotations

import argparse
from typing import Any

import client.requests  # noqa: F401 - registers the send gate (client.cases.gates)
from shared.schema.cases import DIRECTIONS, STATUSES
from shared.schema.validation import clean_fields

from .. import cases
from . import exchange_cmd
from .common import (
    CliError,
    emit,
    non_negative_int,
    open_store,
    parse_assignments,
    positive_int,
    read_json_input,
    table,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    case = subparsers.add_parser("case", help="the case register")
    sub = case.add_subparsers(dest="case_command", metavar="ACTION", required=True)

    new = sub.add_parser("new", help="create a case from a JSON object of fields")
    new.add_argument(
        "--json", dest="source", required=True, metavar="FILE|-", help="JSON file, or - for stdin"
    )
    new.add_argument(
        "--output-json", dest="json", action="store_true", help="print the result as JSON"
    )
    new.set_defaults(func=cmd_new)

    lst = sub.add_parser("list", help="list cases")
    lst.add_argument("--direction", choices=DIRECTIONS)
    lst.add_argument("--status", choices=STATUSES)
    lst.add_argument("--state", help="requesting or requested state (ISO code, or its name)")
    lst.add_argument("--type", dest="assistance_type", help="type of assistance")
    lst.add_argument("--overdue", action="store_true", help="open cases past their deadline")
    lst.add_argument("--search", help="full-text search (references, names, notes...)")
    lst.add_argument("--limit", type=positive_int, default=50)
    lst.add_argument("--offset", type=non_negative_int, default=0)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    show = sub.add_parser("show", help="show one case")
    show.add_argument("id")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    upd = sub.add_parser("update", help="change fields of a case")
    upd.add_argument("id")
    upd.add_argument(
        "--set",
        dest="assignments",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help="a field, or one particular: --set particulars.bank_name='Ecobank'",
    )
    upd.add_argument("--json", action="store_true")
    upd.set_defaults(func=cmd_update)

    decide = sub.add_parser(
        "decide", help="settle concurrent statuses: choose which one stands (see `case show`)"
    )
    decide.add_argument("id")
    decide.add_argument("--status", required=True, choices=STATUSES)
    decide.add_argument("--json", action="store_true")
    decide.set_defaults(func=cmd_decide)

    hist = sub.add_parser("history", help="who changed what, when")
    hist.add_argument("id")
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(func=cmd_history)

    exchange_cmd.register_case(sub)


def cmd_new(args: argparse.Namespace) -> int:
    values = read_json_input(args.source)
    if not isinstance(values, dict):
        raise CliError("the JSON must be an object of field names to values")
    clean_fields(values)  # refuse bad input before the store is even created
    store = open_store(args)
    case_id = cases.create_case(store, values)
    emit(args, {"id": case_id}, case_id)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    store = open_store(args)
    flt = cases.CaseFilter(
        direction=args.direction,
        status=args.status,
        state=args.state,
        assistance_type=args.assistance_type,
        overdue=args.overdue,
        search=args.search,
        limit=args.limit,
        offset=args.offset,
    )
    rows = cases.mark_conflicts(store, cases.list_cases(store, flt))
    for row in rows:
        row["!"] = "!" if row["conflict"] else ""
    columns = [
        "!",
        "id",
        "direction",
        "status",
        "our_ref",
        "requesting_state",
        "requested_state",
        "deadline",
        "title",
    ]
    emit(
        args,
        [{k: v for k, v in r.items() if k != "!"} for r in rows],
        lambda _r: table(rows, columns),
    )
    if not args.json and any(r["conflict"] for r in rows):
        print("! concurrent statuses to decide: see `entraide case show ID`")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    record = cases.get_case(store, args.id)
    conflict = cases.find_conflict(store, args.id)
    record["conflict"] = conflict.to_dict() if conflict else None
    emit(args, record, lambda r: _describe(r) + (_describe_conflict(conflict) if conflict else ""))
    return 0


def _describe_conflict(conflict: cases.CaseConflict) -> str:
    lines = ["", f"CONFLICT: {conflict.describe()}", "concurrent versions:"]
    for version in conflict.versions:
        fields = ", ".join(
            f"{k}: {', '.join(v) if isinstance(v, list) else v}"
            for k, v in version.fields.items()
            if v not in ("", [], None)
        )
        lines.append(
            f"  {version.status}  by {version.who} at {version.when}"
            + (f"  ({fields})" if fields else "")
        )
    lines.append(
        f"decide with: entraide case decide {conflict.case_id} --status "
        + "|".join(conflict.choices)
    )
    return "\n".join(lines)


def _describe(record: dict[str, Any]) -> str:
    lines = []
    for key, value in record.items():
        if key.startswith("_") or key == "conflict" or value in ("", [], {}, None):
            continue
        if isinstance(value, dict):
            lines.append(f"{key}:")
            for item in value.values():
                lines.append(f"  - {item}")
        elif isinstance(value, list):
            lines.append(f"{key}: {', '.join(value)}")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def cmd_update(args: argparse.Namespace) -> int:
    values = parse_assignments(args.assignments)
    store = open_store(args)
    values = cases.merge_map_assignments(store, args.id, values)
    changed = cases.update_case(store, args.id, values)
    emit(args, {"id": args.id, "changed": changed}, "updated" if changed else "no change")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    store = open_store(args)
    changed = cases.decide_status(store, args.id, args.status)
    emit(
        args,
        {"id": args.id, "status": args.status, "changed": changed},
        f"decided: {args.status} stands",
    )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    entries = cases.history(open_store(args), args.id)
    data = [
        {
            "when": e.when,
            "who": e.who,
            "change": e.change,
            "fields": {k: {"before": b, "after": a} for k, (b, a) in e.fields.items()},
            "concurrent": e.concurrent,
        }
        for e in entries
    ]

    def text(items: list[dict[str, Any]]) -> str:
        out = []
        for item in items:
            marker = "  (concurrent edit)" if item["concurrent"] else ""
            out.append(f"{item['when']}  {item['who']}{marker}")
            for name, change in item["fields"].items():
                out.append(f"    {name}: {change['before']!r} -> {change['after']!r}")
        return "\n".join(out)

    emit(args, data, text)
    return 0
