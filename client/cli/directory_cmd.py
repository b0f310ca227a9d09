"""`entraide directory ...`: browse the directory, propose edits to one's own entry, and
(secretariat) review proposals and publish dated editions."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from shared.i18n import LANGUAGES, _, get_language
from shared.i18n.labels import APPROVAL, field_label, label, value_label

from .. import directory
from ..cases.service import own_authority
from ..directory.edition import build_edition
from ..directory.edition_render import FORMATS, write_edition
from .common import CliError, emit, open_store, parse_assignments, table


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("directory", help="competent national authorities")
    sub = parser.add_subparsers(dest="directory_command", metavar="ACTION", required=True)

    lst = sub.add_parser("list", help="list authorities (others' entries as approved)")
    lst.add_argument("--state", help="only this state (ISO code)")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(func=cmd_list)

    show = sub.add_parser(
        "show", help="one authority's entry: as approved, or your own as it stands"
    )
    show.add_argument("code")
    show.add_argument(
        "--approved", action="store_true", help="the approved version, even of your own entry"
    )
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=cmd_show)

    propose = sub.add_parser(
        "propose", help="propose an edit to this device's own entry (creates it the first time)"
    )
    propose.add_argument(
        "--set", dest="assignments", action="append", required=True, metavar="FIELD=VALUE"
    )
    propose.add_argument("--json", action="store_true")
    propose.set_defaults(func=cmd_propose)

    new = sub.add_parser("new", help="create the entry of a new authority (secretariat)")
    new.add_argument("code")
    new.add_argument(
        "--set", dest="assignments", action="append", required=True, metavar="FIELD=VALUE"
    )
    new.add_argument("--json", action="store_true")
    new.set_defaults(func=cmd_new)

    pending = sub.add_parser("pending", help="proposals awaiting review, with what they change")
    pending.add_argument("--json", action="store_true")
    pending.set_defaults(func=cmd_pending)

    approve = sub.add_parser("approve", help="approve a proposal (secretariat)")
    approve.add_argument("code")
    approve.add_argument(
        "--version", help="the version shown by 'directory pending' (default: as it stands here)"
    )
    approve.add_argument("--json", action="store_true")
    approve.set_defaults(func=cmd_approve)

    reject = sub.add_parser("reject", help="reject a proposal with a reason (secretariat)")
    reject.add_argument("code")
    reject.add_argument("--reason", required=True, help="what the authority should change")
    reject.add_argument("--version", help="the version shown by 'directory pending'")
    reject.add_argument("--json", action="store_true")
    reject.set_defaults(func=cmd_reject)

    edition = sub.add_parser("edition", help="a dated edition of the approved directory")
    edition.add_argument("--as-of", default=None, help="date YYYY-MM-DD (default: today)")
    edition.add_argument("--format", choices=FORMATS, default="docx")
    edition.add_argument("--lang", choices=LANGUAGES, default=None)
    edition.add_argument("--number", help="edition number (default: YEAR-1 or YEAR-2)")
    edition.add_argument("-o", "--output", required=True, metavar="FILE")
    edition.add_argument("--json", action="store_true")
    edition.set_defaults(func=cmd_edition)


def cmd_list(args: argparse.Namespace) -> int:
    rows = directory.visible_entries(open_store(args), args.state)
    for row in rows:
        row["languages"] = ",".join(row["languages"])
    columns = ["code", "state", "authority_name", "languages", "approval"]
    shown = [{**row, "approval": label(APPROVAL, row["approval"])} for row in rows]
    emit(args, rows, lambda _rows: table(shown, columns, [_column_title(c) for c in columns]))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    reviewed = directory.review(store, args.code)
    own = args.code == own_authority(store)
    approved = directory.approved_entry(store, args.code)
    if own and not args.approved:
        entry: dict[str, Any] = directory.get_entry(store, args.code)
    elif approved is None:
        raise CliError(
            _("the entry of {code} has not been approved by the secretariat yet")
            if not own
            else _("your entry ({code}) has no approved version yet").format(code=args.code)
        )
    else:
        entry = approved
    data = {
        **entry,
        "approval": reviewed.state.value,
        "version": reviewed.version if own and not args.approved else reviewed.approved_version,
    }
    if own:
        data["rejection_reason"] = reviewed.reason
        if not args.approved:  # the owner sees both versions, marked
            data["approved_version"] = approved
    emit(args, data, _describe)
    return 0


def _describe(entry: dict[str, Any]) -> str:
    lines = [f"[{label(APPROVAL, entry['approval'])}]"]
    if entry.get("rejection_reason"):
        lines.append(_("rejected: {reason}").format(reason=entry["rejection_reason"]))
    approved = entry.get("approved_version")
    for name, value in entry.items():
        if name in ("approval", "version", "rejection_reason", "approved_version"):
            continue
        if value in ("", [], None):
            continue
        text = value_label(name, value)
        line = f"{field_label(name)}: {text}"
        if approved is not None and approved.get(name) != value:
            before = value_label(name, approved.get(name)) or "-"
            line += "   " + _("(approved: {value})").format(value=before)
        lines.append(line)
    if approved is None and "approved_version" in entry and entry["approval"] != "approved":
        lines.append(_("(no approved version yet)"))
    return "\n".join(lines)


def cmd_propose(args: argparse.Namespace) -> int:
    store = open_store(args)
    code = own_authority(store)
    changed = directory.propose_edit(store, code, parse_assignments(args.assignments))
    state = directory.approval_state(store, code).value
    emit(
        args,
        {"code": code, "changed": changed, "approval": state},
        _("{code}: proposed, awaiting approval").format(code=code)
        if state in ("proposed", "unreviewed")
        else f"{code}: {label(APPROVAL, state)}",
    )
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    store = open_store(args)
    values = parse_assignments(args.assignments)
    code = directory.create_entry(store, {**values, "code": args.code})
    emit(
        args,
        {"code": code, "approval": "unreviewed"},
        _("{code}: created, awaiting approval").format(code=code),
    )
    return 0


def cmd_pending(args: argparse.Namespace) -> int:
    items = directory.pending_entries(open_store(args))
    data = [
        {
            "code": item.code,
            "state": item.state,
            "approval": item.review.state.value,
            "version": item.review.version,
            "approved_version": item.review.approved_version,
            "changes": [
                {"field": c.field, "before": c.before, "after": c.after} for c in item.changes
            ],
        }
        for item in items
    ]
    emit(args, data, _describe_pending)
    return 0


def _describe_pending(items: list[dict[str, Any]]) -> str:
    if not items:
        return _("no proposal awaits review")
    lines = []
    for item in items:
        new = " " + _("(new entry)") if not item["approved_version"] else ""
        version = _("version {version}").format(version=item["version"])
        lines.append(f"{item['code']} [{item['state']}]{new}  {version}")
        for change in item["changes"]:
            before = value_label(change["field"], change["before"]) or "-"
            after = value_label(change["field"], change["after"]) or "-"
            lines.append(f"  {field_label(change['field'])}: {before}  ->  {after}")
        lines.append("")
    return "\n".join(lines).rstrip()


def cmd_approve(args: argparse.Namespace) -> int:
    reviewed = directory.approve_entry(open_store(args), args.code, args.version)
    emit(
        args,
        {"code": args.code, "approval": reviewed.state.value, "version": reviewed.approved_version},
        _("{code}: approved version {version}").format(
            code=args.code, version=reviewed.approved_version
        )
        + (
            "" if reviewed.state.value == "approved" else " " + _("(a later edit is still pending)")
        ),
    )
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    store = open_store(args)
    reviewed = directory.reject_entry(store, args.code, args.reason, args.version)
    emit(
        args,
        {"code": args.code, "approval": reviewed.state.value, "reason": args.reason},
        _("{code}: rejected ({reason})").format(code=args.code, reason=args.reason),
    )
    return 0


def cmd_edition(args: argparse.Namespace) -> int:
    store = open_store(args)
    as_of = args.as_of or dt.date.today().isoformat()
    lang = args.lang or get_language()
    edition = build_edition(store, as_of, lang, args.number)
    target = Path(args.output)
    try:
        write_edition(edition, args.format, target)
    except OSError as exc:
        raise CliError(
            _("cannot write {file}: {reason}").format(file=target, reason=exc.strerror)
        ) from None
    count = sum(len(s.entries) for s in edition.sections)
    emit(
        args,
        {
            "file": str(target),
            "edition": edition.number,
            "date": edition.date,
            "entries": count,
            "language": lang,
        },
        _("edition {number} of {date}: {count} entries -> {file}").format(
            number=edition.number, date=edition.date, count=count, file=target
        ),
    )
    return 0


def _column_title(name: str) -> str:
    if name == "approval":
        return _("Approval")
    return field_label(name)
