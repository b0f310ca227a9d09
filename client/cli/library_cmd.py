"""`entraide library ...`: the legal library, the legal-basis finder and country
briefing notes; the secretariat loads, edits and approves the records."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from shared.i18n import _, get_language
from shared.schema.cases import OFFENCE_CATEGORIES
from shared.schema.states import UnknownState, resolve_state

from .. import library
from .common import CliError, emit, open_store, parse_assignments, table

TEXT_LANGS = ("en", "fr", "pt")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("library", help="legal library, legal bases, briefing notes")
    sub = parser.add_subparsers(dest="library_command", metavar="ACTION", required=True)

    bases = sub.add_parser("bases", help="instruments in force between two states on a date")
    bases.add_argument("requesting", help="requesting state (ISO code or name)")
    bases.add_argument("requested", help="requested state (ISO code or name)")
    bases.add_argument("--date", type=_date, help="YYYY-MM-DD (default: today)")
    bases.add_argument("--offence-category", choices=OFFENCE_CATEGORIES, default="")
    bases.add_argument("--kind", choices=("mla", "extradition"), default="mla")
    _lang(bases)
    bases.set_defaults(func=cmd_bases)

    lst = sub.add_parser("instruments", help="the instruments in the library")
    _lang(lst)
    lst.set_defaults(func=cmd_instruments)

    show = sub.add_parser("show", help="one instrument, its provisions and its parties")
    show.add_argument("code")
    _lang(show)
    show.set_defaults(func=cmd_show)

    parties = sub.add_parser("state", help="every recorded event of one state")
    parties.add_argument("state")
    _lang(parties)
    parties.set_defaults(func=cmd_state)

    note = sub.add_parser("note", help="a state's briefing note (export with --format)")
    note.add_argument("state")
    note.add_argument("--requesting", help="the requesting state, for the applicable instruments")
    note.add_argument("--format", choices=("docx", "md"), help="write a file instead of printing")
    note.add_argument("--out", type=Path, help="file to write (default: in this folder)")
    _lang(note)
    note.set_defaults(func=cmd_note)

    prop = sub.add_parser(
        "propose", help="the legal basis the finder proposes for a case (--choose writes it)"
    )
    prop.add_argument("case_id")
    prop.add_argument(
        "--choose",
        nargs="?",
        const="",
        metavar="CODE",
        help="write the proposal (or CODE) into the case's legal basis",
    )
    _lang(prop)
    prop.set_defaults(func=cmd_propose)

    seed = sub.add_parser("seed", help="load the shipped library (secretariat) and approve it")
    seed.add_argument("--no-approve", action="store_true", help="leave the records for review")
    seed.add_argument("--json", action="store_true")
    seed.set_defaults(func=cmd_seed)

    for name, what in (
        ("set-instrument", "instrument"),
        ("set-event", "party event"),
        ("set-note", "briefing note"),
    ):
        edit = sub.add_parser(name, help=f"create or edit a {what} (secretariat)")
        edit.add_argument("--id", help="the record to edit (events)")
        edit.add_argument(
            "--set", dest="assignments", action="append", required=True, metavar="FIELD=VALUE"
        )
        edit.add_argument("--json", action="store_true")
        edit.set_defaults(func=cmd_set, kind=name)

    propose = sub.add_parser(
        "propose-note",
        help="propose (an authority: its own State's) or make (the secretariat) changes "
        "to a briefing note",
    )
    propose.add_argument("state", nargs="?", help="the State (default: this authority's own)")
    propose.add_argument(
        "--set",
        dest="assignments",
        action="append",
        required=True,
        metavar="FIELD=VALUE",
        help="languages=fr,en | channels=... | timelines=... | tips=... | measures.KIND=...",
    )
    propose.add_argument("--json", action="store_true")
    propose.set_defaults(func=cmd_propose_note)

    pending = sub.add_parser("pending", help="library records awaiting approval")
    pending.add_argument("--json", action="store_true")
    pending.set_defaults(func=cmd_pending)

    approve = sub.add_parser("approve", help="approve a record (exactly --version if given)")
    approve.add_argument("id")
    approve.add_argument("--version")
    approve.add_argument("--json", action="store_true")
    approve.set_defaults(func=cmd_approve)

    reject = sub.add_parser("reject", help="reject a record with a reason")
    reject.add_argument("id")
    reject.add_argument("--reason", required=True)
    reject.add_argument("--version")
    reject.add_argument("--json", action="store_true")
    reject.set_defaults(func=cmd_reject)


def _lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=TEXT_LANGS, help="language of the output")
    parser.add_argument("--json", action="store_true")


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from None


def _language(args: argparse.Namespace) -> str:
    lang = args.lang or get_language()
    return lang if lang in TEXT_LANGS else "en"


def _state(value: str) -> str:
    try:
        return resolve_state(value)
    except UnknownState as exc:
        raise CliError(str(exc)) from None


# -- the finder -------------------------------------------------------------------------------


def cmd_bases(args: argparse.Namespace) -> int:
    report = library.find_bases(
        open_store(args),
        _state(args.requesting),
        _state(args.requested),
        args.date,
        args.offence_category,
        args.kind,
        _language(args),
    )
    emit(args, report.as_dict(), lambda _d: describe_report(report))
    return 0


def describe_report(report: library.BasisReport) -> str:
    lines = [
        f"{report.requesting} -> {report.requested}  {report.date}  {report.kind}"
        + (f"  {report.offence_category}" if report.offence_category else "")
    ]
    for heading, group in (("", report.bases), ("--", report.others)):
        if heading and group:
            lines.append("")
            lines.append(heading)
        for basis in group:
            mark = "" if basis.verified else " [unverified]"
            lines.append(f"* {basis.title}{mark}: {basis.status_text}")
            lines += [f"    {line}" for line in basis.standing]
            lines += [f"    ! {c}" for c in basis.caveats]
            lines += [f"    source: {s}" for s in basis.sources]
    return "\n".join(lines)


# -- browsing ---------------------------------------------------------------------------------


def cmd_instruments(args: argparse.Namespace) -> int:
    lang = _language(args)
    rows = [
        {
            "code": i["code"],
            "title": i.get(f"title_{lang}") or i["title_en"],
            "entry_into_force": i["entry_into_force"],
            "verified": i["verified"],
            "approved": i["approved"],
        }
        for i in library.instruments(open_store(args))
    ]
    emit(args, rows, lambda r: table(r, ["code", "title", "entry_into_force", "verified"]))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    store = open_store(args)
    lang = _language(args)
    item = library.instrument(store, args.code)
    events = library.events_for(store, instrument_code=args.code)
    data = {**item, "events": events}

    def text(_d: Any) -> str:
        out = [item.get(f"title_{lang}") or item["title_en"], item["citation"]]
        for prov in item["provisions"].values():
            out.append(
                f"  art. {prov.get('article')}: {prov.get(f'topic_{lang}') or prov.get('topic_en')}"
            )
        out.append("")
        out += [_event_line(e) for e in events] or ["(no party events recorded)"]
        return "\n".join(out)

    emit(args, data, text)
    return 0


def cmd_state(args: argparse.Namespace) -> int:
    events = library.events_for(open_store(args), state=_state(args.state))
    emit(args, events, lambda ev: "\n".join(_event_line(e) for e in ev) or "(none)")
    return 0


def _event_line(e: dict[str, Any]) -> str:
    date = e["date"] or "date unverified"
    flag = "" if e["verified"] == "yes" else " [unverified]"
    status = " (uncertain)" if e["status"] == "uncertain" else ""
    return f"{e['instrument']:<24} {e['state']}  {e['event']:<17} {date}{status}{flag}  [{e['source']}]"


def cmd_note(args: argparse.Namespace) -> int:
    from ..library.briefing import build_note
    from ..library.briefing_render import render_markdown, write_note

    store = open_store(args)
    lang = _language(args)
    requesting = _state(args.requesting) if args.requesting else None
    note = build_note(store, _state(args.state), lang, requesting)
    if args.format:
        out = args.out or Path(f"briefing-{note.state}-{lang}.{args.format}")
        write_note(note, out, args.format)
        emit(args, {"file": str(out), "state": note.state, "language": lang}, f"written: {out}")
        return 0
    emit(args, note.as_dict(), lambda _d: render_markdown(note))
    return 0


def cmd_propose(args: argparse.Namespace) -> int:
    from ..cases import get_case
    from ..requests.legal_basis import choose_basis, report_for

    store = open_store(args)
    lang = _language(args)
    if args.choose is not None:
        values = choose_basis(store, args.case_id, args.choose or None, lang)
        emit(args, values, f"{values['legal_basis']} [{values['legal_basis_category']}]")
        return 0
    report = report_for(store, get_case(store, args.case_id), lang)
    if report is None:
        raise CliError(_("the case needs both states, and the library must hold instruments"))
    emit(args, report.as_dict(), lambda _d: describe_report(report))
    return 0


# -- the secretariat ------------------------------------------------------------------------


def cmd_seed(args: argparse.Namespace) -> int:
    count = library.seed_library(open_store(args), approve=not args.no_approve)
    emit(
        args,
        {"records": count, "approved": not args.no_approve},
        f"{count} library records loaded" + ("" if args.no_approve else " and approved"),
    )
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    store = open_store(args)
    values = parse_assignments(args.assignments)
    if args.kind == "set-instrument":
        doc_id = library.put_instrument(store, values)
    elif args.kind == "set-event":
        doc_id = library.put_event(store, values, doc_id=args.id)
    else:
        doc_id = library.put_note(store, values)
    emit(
        args,
        {"id": doc_id, "approval": library.BOOK.review(store, doc_id).state.value},
        f"{doc_id}: saved, awaiting approval",
    )
    return 0


def cmd_propose_note(args: argparse.Namespace) -> int:
    store = open_store(args)
    state = _state(args.state) if args.state else library.note_editor_state(store)
    if state is None:
        raise CliError(_("name the State whose note to edit"))
    changes: dict[str, Any] = {}
    for name, value in parse_assignments(args.assignments).items():
        group, dot, key = name.partition(".")
        if dot and group == "measures":
            changes.setdefault("measures", {})[key] = value
        else:
            changes[name] = value
    doc_id = library.edit_note(store, state, changes)
    review = library.note_review(store, state)
    emit(
        args,
        {"id": doc_id, "state": state, "approval": review.state.value},
        _("{id}: saved; others see it once the secretariat approves it").format(id=doc_id)
        if review.state.value != "approved"
        else _("{id}: saved").format(id=doc_id),
    )
    return 0


def cmd_pending(args: argparse.Namespace) -> int:
    store = open_store(args)
    rows = [
        {"id": r.doc_id, "state": r.state.value, "version": r.version}
        for r in library.pending_items(store)
    ]
    emit(args, rows, lambda r: table(r, ["id", "state", "version"]))
    return 0


def cmd_approve(args: argparse.Namespace) -> int:
    review = library.approve_item(open_store(args), args.id, args.version)
    emit(
        args,
        {"id": review.doc_id, "state": review.state.value, "version": review.approved_version},
        f"{review.doc_id}: approved",
    )
    return 0


def cmd_reject(args: argparse.Namespace) -> int:
    review = library.reject_item(open_store(args), args.id, args.reason, args.version)
    emit(
        args,
        {"id": review.doc_id, "state": review.state.value, "reason": review.reason},
        f"{review.doc_id}: rejected",
    )
    return 0


__all__ = ["describe_report", "register"]
