"""A transmitted request's thread: typed messages both ways, receipts, and proposals.

Message types and what each proposes are defined once in `shared.exchange_messages`.
A received message that proposes a status never changes the case by itself:
`accept` applies it (with the refusal grounds of a refusal), so nobody's register
is changed behind their back. Result files of an execution (or any message) are
attached to the case on both sides, in the attachment store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import client.requests  # noqa: F401 - registers the send gate (client.cases.gates)
from shared.exchange_messages import MessageError, message_content, proposed_status
from shared.i18n import _

from ..cases import get_case, set_status
from ..keys.local import own_authority
from ..store import Store
from . import log
from .attachments import attach_file, check_total, read_attachment
from .envelopes import send_envelope
from .errors import ExchangeError
from .log import sent_at
from .receipts import receipted, send_receipt


@dataclass(frozen=True)
class ThreadItem:
    """One envelope of the thread as both sides show it (receipts are shown on the items
    they receipt, not as items)."""

    envelope_id: str
    direction: str  # "out" | "in"
    type: str  # "request" or a type of shared.exchange_messages.MESSAGE_TYPES
    status: str  # the status a message proposes ("" for none)
    text: str
    at: str
    proposal: str  # "pending" | "accepted" | "" (nothing to confirm)
    sent_by: str = ""
    grounds: tuple[str, ...] = ()  # of a refusal or a postponement
    execution: str = ""  # "full" | "partial" for an execution
    files: tuple[str, ...] = ()  # names of the files it carried (annexes of a request)
    delivered_at: str = ""  # when the other side said it arrived ("out" items)
    read_at: str = ""  # when an officer of the other side opened the thread ("out" items)
    advance_copy: bool = False  # a request the other side holds as an advance copy


def thread_of(store: Store, case_id: str) -> tuple[str, str]:
    """(thread, other authority) of a case sent or received through the channel.

    From this device's link, else from the case itself (a case another device of this
    authority transmitted or opened), which is then linked here.
    """
    case = get_case(store, case_id)
    linked = log.thread_of_case(store, case_id)
    if linked is not None:
        return linked[0], linked[1]
    thread, peer = str(case.get("exchange_thread") or ""), str(case.get("exchange_peer") or "")
    if not thread or not peer:
        raise ExchangeError(_("this case was neither transmitted nor received through the channel"))
    direction = "out" if case.get("direction") == "outgoing" else "in"
    log.link_thread(store, thread, case_id, peer, direction)
    return thread, peer


def send_message(
    store: Store,
    case_id: str,
    kind: str,
    status: str = "",
    text: str = "",
    *,
    grounds: Iterable[str] = (),
    execution: str = "",
    files: Sequence[Path | str] = (),
) -> ThreadItem:
    """Send a typed message on the case's thread (types in shared.exchange_messages):
    e.g. `send_message(store, id, "execution", execution="partial", files=[path])`,
    `send_message(store, id, "refusal", grounds=["essential_interests"], text=...)`.

    Files (results of an execution, or documents asked for) are attached to the case
    here too, with the attachment store's size limits; MessageError or ExchangeError,
    one sentence, before anything is sent.
    """
    thread, peer = thread_of(store, case_id)
    if kind == "receipt":
        raise MessageError(_("receipts are sent by themselves"))
    said = message_content(kind, status=status, text=text, grounds=grounds, execution=execution)
    check_total([Path(p) for p in files])
    at = sent_at()
    with store.write():
        attached = [attach_file(store, case_id, path) for path in files]
        content = {
            **said,
            "thread": thread,
            "files": [{"name": a.name, "data": read_attachment(store, a.sha256)} for a in attached],
            "sent_at": at,
            "sent_by": store.author,
        }
        envelope = send_envelope(store, "message", peer, content)
        kept = {
            **said,
            "status": proposed_status(kind, status, execution),
            "sent_by": store.author,
            "files": [asdict(a) for a in attached],
        }
        log.record(
            store,
            log.EnvelopeRecord(
                envelope.envelope_id, "message", "out", peer, thread, "sent", "", kept, at, True
            ),
        )
        _copy_for_colleagues(store, peer, thread, envelope.envelope_id, kept, at)
    (rec,) = [
        r for r in log.envelopes(store, thread=thread) if r.envelope_id == envelope.envelope_id
    ]
    return _item(rec, {})


def _copy_for_colleagues(
    store: Store, peer: str, thread: str, sent: str, kept: dict[str, Any], at: str
) -> None:
    """Seal what was sent (without the files' bytes) to this authority too, so that its
    other devices show it on the thread: the message itself is sealed to the other side."""
    copy = send_envelope(
        store,
        "message",
        own_authority(store),
        {"type": "copy", "thread": thread, "copy_of": sent, "message": kept, "sent_at": at},
        space_peer=peer,
    )
    log.record(  # met here already: never opened again on this device
        store,
        log.EnvelopeRecord(
            copy.envelope_id, "message", "out", peer, "", "sent", "", {"type": "copy"}, at, True
        ),
    )


def _item(rec: log.EnvelopeRecord, theirs: dict[str, dict[str, str]]) -> ThreadItem:
    content = rec.content
    status = str(content.get("status") or "")
    proposal = ""
    if rec.direction == "in" and rec.kind == "message" and status:
        proposal = "accepted" if rec.accepted else "pending"
    files = [str(f.get("name") or "") for f in content.get("files") or [] if isinstance(f, dict)]
    files += [str(n) for n in content.get("annexes") or []]
    marks = theirs.get(rec.envelope_id, {}) if rec.direction == "out" else {}
    advance = bool(content.get("advance_copy")) or bool(marks.get("original_to_follow"))
    return ThreadItem(
        rec.envelope_id,
        rec.direction,
        str(content.get("type") or rec.kind),
        status,
        str(content.get("text") or ""),
        rec.at,
        proposal,
        sent_by=str(content.get("sent_by") or ""),
        grounds=tuple(str(g) for g in content.get("grounds") or []),
        execution=str(content.get("execution") or ""),
        files=tuple(files),
        delivered_at=marks.get("delivered", ""),
        read_at=marks.get("read", ""),
        advance_copy=advance,
    )


def thread_items(store: Store, case_id: str) -> list[ThreadItem]:
    """The thread in the order things were sent: the request, then the messages both ways."""
    thread, _peer = thread_of(store, case_id)
    theirs = receipted(store, thread, "in")
    for rec in log.envelopes(store, thread=thread):  # a delivery receipt may say more
        if rec.direction == "in" and rec.content.get("original_to_follow"):
            for envelope in rec.content.get("receipted") or []:
                theirs.setdefault(str(envelope), {})["original_to_follow"] = "yes"
    return [
        _item(rec, theirs)
        for rec in log.envelopes(store, thread=thread)
        if rec.state != "refused" and rec.content.get("type") != "receipt"
    ]


def mark_read(store: Store, case_id: str) -> int:
    """An officer opened the thread: a read receipt goes back for what arrived and was not
    yet said read (call it when the thread is shown). Returns how many were receipted;
    0 too when the receipt cannot be sealed here yet (it is tried again next time)."""
    thread, peer = thread_of(store, case_id)
    unread = _not_said_read(store, thread)
    if not unread:
        return 0
    try:
        send_receipt(store, thread, peer, "read", unread)
    except ExchangeError:
        return 0
    return len(unread)


def unread_messages(store: Store, case_id: str) -> bool:
    """Whether `mark_read` has a receipt to send (a read: the terminal app asks before it
    hands `mark_read` to the store's writer)."""
    return bool(_not_said_read(store, thread_of(store, case_id)[0]))


def _not_said_read(store: Store, thread: str) -> list[str]:
    said_read = receipted(store, thread, "out")
    return [
        rec.envelope_id
        for rec in log.envelopes(store, thread=thread)
        if rec.direction == "in"
        and rec.state == "opened"
        and rec.content.get("type") != "receipt"
        and "read" not in said_read.get(rec.envelope_id, {})
    ]


def accept(store: Store, case_id: str, message: str) -> str:
    """Apply the status a received message proposes (`message`: its id or a prefix of it);
    a refusal also records its grounds in the case."""
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
    extra: dict[str, Any] = {}
    if item.type == "refusal" and item.grounds:
        extra["refusal_grounds"] = list(item.grounds)
    with store.write():
        if get_case(store, case_id).get("status") != item.status:
            set_status(store, case_id, item.status, **extra)
        log.mark_accepted(store, item.envelope_id)
    return item.status
