"""The channel between authorities on the command line (docs/exchange.md):

`entraide keys exchange`, `entraide request transmit`, `entraide case attach`,
`entraide case reply`, `entraide case thread`, `entraide case reminders`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from shared.exchange_messages import EXECUTIONS, POSTPONEMENT_GROUNDS
from shared.i18n import _
from shared.i18n.labels import EXECUTION, MESSAGE_TYPE, POSTPONEMENT, REFUSAL, label
from shared.schema.cases import REFUSAL_GROUNDS, STATUSES

from ..exchange import (
    accept,
    attach_file,
    case_attachments,
    make_exchange_key,
    mark_read,
    reminder_days,
    reminders,
    revoke_exchange_key,
    send_message,
    set_reminder_days,
    thread_items,
    transmit,
)
from ..keys.setup import upload_keys
from ..requests.export import RequestBlocked
from .common import emit, open_store

BLOCKED = 2  # exit status, as `request render --final`


def register_keys(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "exchange",
        help="make (or --rotate) the authority's exchange key and propose it in its directory entry",
    )
    parser.add_argument("--rotate", action="store_true", help="a new key pair; old ones are kept")
    parser.add_argument(
        "--revoke",
        metavar="KEY_ID",
        help="revoke an exchange key (a new pair if it is the current one); once approved,"
        " envelopes signed with it are refused",
    )
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=cmd_keys_exchange)


def register_request(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "transmit", help="seal the request and its files to the requested authority and send it"
    )
    parser.add_argument("id")
    parser.add_argument("--to", metavar="CODE", help="the requested authority's directory code")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=cmd_transmit)


def register_case(sub: argparse._SubParsersAction) -> None:
    attach = sub.add_parser("attach", help="attach a file to a case (sent with the request)")
    attach.add_argument("id")
    attach.add_argument("file")
    attach.add_argument("--json", action="store_true")
    attach.set_defaults(func=cmd_attach)

    reply = sub.add_parser("reply", help="send a message on a transmitted request's thread")
    reply.add_argument("id")
    what = reply.add_mutually_exclusive_group(required=True)
    what.add_argument("--ack", action="store_true", help="acknowledge receipt")
    what.add_argument("--status", choices=STATUSES, help="propose a status change")
    what.add_argument("--info", action="store_true", help="information or an answer (--text)")
    what.add_argument(
        "--ask", action="store_true", help="ask for further information (--text says what)"
    )
    what.add_argument(
        "--consult",
        action="store_true",
        help="consult before refusing or postponing, UNTOC art. 18(26) (--text)",
    )
    what.add_argument(
        "--executed", choices=EXECUTIONS, help="full or partial execution (results with --file)"
    )
    what.add_argument("--refuse", action="store_true", help="refuse, with --grounds")
    what.add_argument("--postpone", action="store_true", help="postpone, with --grounds")
    reply.add_argument(
        "--grounds",
        action="append",
        default=[],
        metavar="GROUND",
        help="a ground of a refusal ("
        + ", ".join(REFUSAL_GROUNDS)
        + ") or of a postponement ("
        + ", ".join(POSTPONEMENT_GROUNDS)
        + "); repeat for several",
    )
    reply.add_argument(
        "--file", action="append", default=[], help="a file sent with the message (results)"
    )
    reply.add_argument("--text", default="", help="what the message says")
    reply.add_argument("--json", action="store_true")
    reply.set_defaults(func=cmd_reply)

    thread = sub.add_parser("thread", help="the messages of a transmitted request, both ways")
    thread.add_argument("id")
    thread.add_argument(
        "--accept", metavar="MSG", help="apply the status a received message proposes"
    )
    thread.add_argument("--json", action="store_true")
    thread.set_defaults(func=cmd_thread)

    due = sub.add_parser(
        "reminders", help="transmitted requests still without an answer after N days"
    )
    due.add_argument("--days", type=int, help="set this office's delay (default 14 days)")
    due.add_argument("--json", action="store_true")
    due.set_defaults(func=cmd_reminders)


def cmd_keys_exchange(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.revoke:
        pair = revoke_exchange_key(store, args.revoke)
    else:
        pair = make_exchange_key(store, rotate=args.rotate)
    uploaded = upload_keys(store)  # the new pair reaches the authority's other devices
    data = {"key_id": pair.key_id, "generation": pair.generation, "upload": uploaded}
    emit(
        args,
        data,
        _(
            "Exchange key {key} (generation {generation}) proposed in the directory entry;"
            " others use it once the secretariat approves."
        ).format(key=pair.key_id, generation=pair.generation),
    )
    if not args.json:
        print(uploaded)
    return 0


def cmd_transmit(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        sent = transmit(store, args.id, args.to)
    except RequestBlocked as exc:
        print(f"entraide: refused: {exc.message}", file=sys.stderr)
        return BLOCKED
    emit(
        args,
        asdict(sent),
        _(
            "Sealed to {authority} ({size} bytes, {annexes} annex(es)); thread {thread}."
            " It leaves with the next sync or bundle."
        ).format(
            authority=sent.recipient, size=sent.size, annexes=sent.annexes, thread=sent.thread[:12]
        )
        + (
            " "
            + _(
                "{authority} holds it as an advance electronic copy:"
                " send the original by the formal channel."
            ).format(authority=sent.recipient)
            if sent.original_required
            else ""
        ),
    )
    return 0


def cmd_attach(args: argparse.Namespace) -> int:
    store = open_store(args)
    item = attach_file(store, args.id, args.file)
    emit(
        args,
        asdict(item),
        _("attached {name} ({size} bytes, sha256 {digest})").format(
            name=item.name, size=item.size, digest=item.sha256[:12]
        ),
    )
    return 0


def _reply_kind(args: argparse.Namespace) -> str:
    for option, kind in (
        ("ack", "ack"),
        ("status", "status"),
        ("info", "info"),
        ("ask", "info_request"),
        ("consult", "consultation"),
        ("executed", "execution"),
        ("refuse", "refusal"),
        ("postpone", "postponement"),
    ):
        if getattr(args, option):
            return kind
    return "info"


def cmd_reply(args: argparse.Namespace) -> int:
    store = open_store(args)
    grounds = [g.strip() for value in args.grounds for g in value.split(",") if g.strip()]
    item = send_message(
        store,
        args.id,
        _reply_kind(args),
        args.status or "",
        args.text,
        grounds=grounds,
        execution=args.executed or "",
        files=args.file,
    )
    emit(
        args,
        asdict(item),
        _("message {id} sealed; it leaves with the next sync or bundle").format(
            id=item.envelope_id[:12]
        ),
    )
    return 0


def _grounds_text(kind: str, grounds: list[str]) -> str:
    table = REFUSAL if kind == "refusal" else POSTPONEMENT
    return "; ".join(label(table, g) for g in grounds)


def _thread_line(i: dict) -> list[str]:
    arrow = "->" if i["direction"] == "out" else "<-"
    kind = label(MESSAGE_TYPE, i["type"])
    if i["execution"]:
        kind = label(EXECUTION, i["execution"])
    line = f"{i['at'][:16]} {arrow} {kind} {i['envelope_id'][:12]}"
    if i["sent_by"]:
        line += " " + _("by {who}").format(who=i["sent_by"])
    if i["status"]:
        line += " " + _("proposes {status}").format(status=i["status"])
    if i["proposal"]:
        line += f" [{i['proposal']}]"
    lines = [line]
    if i["grounds"]:
        lines.append(
            "    " + _("grounds: {grounds}").format(grounds=_grounds_text(i["type"], i["grounds"]))
        )
    if i["text"]:
        lines.append(f"    {i['text']}")
    if i["files"]:
        lines.append("    " + _("files: {names}").format(names=", ".join(i["files"])))
    if i["advance_copy"]:
        lines.append(
            "    " + _("advance electronic copy: the original must follow by the formal channel")
        )
    marks = []
    if i["delivered_at"]:
        marks.append(_("delivered {at}").format(at=i["delivered_at"][:16]))
    if i["read_at"]:
        marks.append(_("read {at}").format(at=i["read_at"][:16]))
    if marks:
        lines.append("    " + ", ".join(marks))
    return lines


def cmd_thread(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.accept:
        status = accept(store, args.id, args.accept)
        emit(args, {"status": status}, _("case status set to {status}").format(status=status))
        return 0
    items = [asdict(i) for i in thread_items(store, args.id)]
    files = [asdict(a) for a in case_attachments(store, args.id)]
    read = mark_read(store, args.id)  # an officer has read the thread: the other side sees it

    def text(data: dict) -> str:
        lines = [line for i in data["messages"] for line in _thread_line(i)]
        lines += [_("file: {name} ({size} bytes)").format(**f) for f in data["files"]]
        return "\n".join(lines) or _("no message yet")

    emit(args, {"messages": items, "files": files, "read_receipted": read}, text)
    return 0


def cmd_reminders(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.days is not None:
        set_reminder_days(store, args.days)
    due = [asdict(r) for r in reminders(store)]
    days = reminder_days(store)

    def text(data: dict) -> str:
        lines = [
            _("{days} days without an answer: {ref} to {peer} (sent {sent}), case {case}").format(
                days=r["days"],
                ref=r["our_ref"] or r["title"],
                peer=r["peer"],
                sent=r["sent_on"],
                case=r["case_id"],
            )
            + ("" if r["delivered"] else " " + _("(no delivery receipt)"))
            for r in data["reminders"]
        ]
        return "\n".join(lines) or _(
            "no request is waiting more than {days} days for an answer"
        ).format(days=data["days"])

    emit(args, {"days": days, "reminders": due}, text)
    return 0
