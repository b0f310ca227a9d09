"""A transmitted request's thread: messages both ways, and proposals the officer confirms.

A received status message never changes the case by itself: it is a proposal
(`accept` applies it), so nobody's register is changed behind their back.
"""

from __future__ import annotations

from dataclasses import dataclass

import client.requests  # noqa: F401 - registers the send gate (client.cases.gates)
from shared.i18n import _
from shared.schema.cases import STATUSES

from ..cases import get_case, set_status
from ..store import Store
from . import log
from .envelopes import send_envelope
from .errors import ExchangeError
from .log import sent_at


@dataclass(frozen=True)
class ThreadItem:
    envelope_id: str
    direction: str  # "out" | "in"
    type: str  # "request" | "ack" | "status" | "info"
    status: str  # the status a message proposes ("" for none)
    text: str
    at: str
    proposal: str  # "pending" | "accepted" | "" (nothing to confirm)


def _thread(store: Store, case_id: str) -> tuple[str, str]:
    get_case(store, case_id)
    linked = log.thread_of_case(store, case_id)
    if linked is None:
        raise ExchangeError(_("this case was neither transmitted nor received through the channel"))
    return linked[0], linked[1]


def send_message(
    store: Store, case_id: str, kind: str, status: str = "", text: str = ""
) -> ThreadItem:
    """Send an acknowledgement, a status change or information on the case's thread."""
    thread, peer = _thread(store, case_id)
    if kind == "ack":
        status = status or "acknowledged"
    if kind not in ("ack", "status", "info"):
        raise ExchangeError(_("a message is an ack, a status or an info"))
    if status and status not in STATUSES:
        raise ExchangeError(
            _("'{value}' is not one of: {allowed}").format(
                value=status, allowed=", ".join(STATUSES)
            )
        )
    if kind == "status" and not status:
        raise ExchangeError(_("a status message needs --status"))
    at = sent_at()
    content = {
        "type": kind,
        "thread": thread,
        "status": status,
        "text": text,
        "sent_at": at,
        "sent_by": store.author,
    }
    with store.write():
        envelope = send_envelope(store, "message", peer, content)
        log.record(
            store,
            log.EnvelopeRecord(
                envelope.envelope_id,
                "message",
                "out",
                peer,
                thread,
                "sent",
                "",
                {"type": kind, "status": status, "text": text},
                at,
                True,
            ),
        )
    return ThreadItem(envelope.envelope_id, "out", kind, status, text, at, "")


def thread_items(store: Store, case_id: str) -> list[ThreadItem]:
    thread, _peer = _thread(store, case_id)
    out = []
    for rec in log.envelopes(store, thread=thread):
        if rec.state == "refused":
            continue
        status = str(rec.content.get("status") or "")
        proposal = ""
        if rec.direction == "in" and rec.kind == "message" and status:
            proposal = "accepted" if rec.accepted else "pending"
        out.append(
            ThreadItem(
                rec.envelope_id,
                rec.direction,
                str(rec.content.get("type") or rec.kind),
                status,
                str(rec.content.get("text") or ""),
                rec.at,
                proposal,
            )
        )
    return out


def accept(store: Store, case_id: str, message: str) -> str:
    """Apply the status a received message proposes (`message`: its id or a prefix of it)."""
    matches = [
        i for i in thread_items(store, case_id) if i.envelope_id.startswith(message) and message
    ]
    if len(matches) != 1:
        raise ExchangeError(
            _("no single message of this thread has the id {id}").format(id=message)
        )
    item = matches[0]
    if item.proposal != "pending":
        raise ExchangeError(_("this message proposes nothing left to confirm"))
    with store.write():
        if get_case(store, case_id).get("status") != item.status:
            set_status(store, case_id, item.status)
        log.mark_accepted(store, item.envelope_id)
    return item.status
