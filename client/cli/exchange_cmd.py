"""The channel between authorities on the command line (docs/exchange.md):

`entraide keys exchange`, `entraide request transmit`, `entraide case attach`,
`entraide case reply`, `entraide case thread`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from shared.i18n import _
from shared.schema.cases import STATUSES

from ..exchange import (
    accept,
    attach_file,
    case_attachments,
    make_exchange_key,
    send_message,
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
    what.add_argument("--info", action="store_true", help="information or a question")
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


def cmd_keys_exchange(args: argparse.Namespace) -> int:
    store = open_store(args)
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


def cmd_reply(args: argparse.Namespace) -> int:
    store = open_store(args)
    kind = "ack" if args.ack else "status" if args.status else "info"
    item = send_message(store, args.id, kind, args.status or "", args.text)
    emit(
        args,
        asdict(item),
        _("message {id} sealed; it leaves with the next sync or bundle").format(
            id=item.envelope_id[:12]
        ),
    )
    return 0


def cmd_thread(args: argparse.Namespace) -> int:
    store = open_store(args)
    if args.accept:
        status = accept(store, args.id, args.accept)
        emit(args, {"status": status}, _("case status set to {status}").format(status=status))
        return 0
    items = [asdict(i) for i in thread_items(store, args.id)]
    files = [asdict(a) for a in case_attachments(store, args.id)]

    def text(data: dict) -> str:
        lines = []
        for i in data["messages"]:
            arrow = "->" if i["direction"] == "out" else "<-"
            line = f"{i['at'][:16]} {arrow} {i['type']} {i['envelope_id'][:12]}"
            if i["status"]:
                line += f" status={i['status']}"
            if i["proposal"]:
                line += f" [{i['proposal']}]"
            if i["text"]:
                line += f": {i['text']}"
            lines.append(line)
        lines += [_("file: {name} ({size} bytes)").format(**f) for f in data["files"]]
        return "\n".join(lines) or _("no message yet")

    emit(args, {"messages": items, "files": files}, text)
    return 0
