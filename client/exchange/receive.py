"""Opening what arrived in this authority's exchange spaces, after a sync or a bundle import.

Each whole envelope addressed here is checked (both signatures, the sender's
approved key, the sending device's certificate and authority) and opened; a
package becomes an incoming case with its files, a message joins its case's
thread. Every envelope is recorded by id, so a re-delivered one changes
nothing; a refused one is refused whole and its reason kept for `sync --status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from shared.errors import EntraideError
from shared.exchange import Envelope, EnvelopeRefused, open_envelope, verify_envelope
from shared.exchange_messages import MessageError, clean_message, proposed_status
from shared.i18n import _
from shared.schema.validation import ValidationError, clean_fields

from ..cases import create_case, get_case
from ..identity import known_cert
from ..store import Store
from ..store.storage_errors import StoreError
from ..store.store import now_iso
from . import log
from .attachments import MAX_ATTACHMENT, add_attachment
from .envelopes import Arrived, arrived_envelopes
from .errors import ExchangeError
from .keys import own_exchange_keys, published_key
from .receipts import send_delivery_receipts
from .transmit import CASE_FIELDS_SENT, original_required


@dataclass
class ReceiveReport:
    cases: list[str] = field(default_factory=list)  # incoming cases opened
    messages: int = 0  # thread messages opened (receipts apart)
    receipts: int = 0
    receipts_sent: int = 0  # delivery receipts written here, to go with the next push
    refused: list[str] = field(default_factory=list)
    waiting: int = 0  # envelopes missing parts, or sealed to a key this device lacks
    # thread -> envelopes opened here: a delivery receipt goes back for them
    delivered: dict[str, list[str]] = field(default_factory=dict)
    advance_copies: set[str] = field(default_factory=set)  # packages received as advance copies


def receive(store: Store) -> ReceiveReport:
    """Open every new envelope addressed to this authority; never raises for their contents."""
    report = ReceiveReport()
    authority = store.get_meta("authority")
    if not authority:
        return report
    seen = {e.envelope_id for e in log.envelopes(store)}
    _adopt_links(store)
    for item in arrived_envelopes(store, seen):
        if item.data is None and not item.refusal:
            report.waiting += 1
            continue
        try:
            if item.refusal:
                raise EnvelopeRefused(item.refusal)
            assert item.data is not None
            _receive_one(store, authority, item, Envelope.from_bytes(item.data), report)
        except _Wait:
            report.waiting += 1
        except StoreError:
            raise  # this device's disk, not the envelope: tried again at the next sync
        except (EnvelopeRefused, ExchangeError, ValidationError) as exc:
            _refuse(store, item, str(exc), report)
        except Exception as exc:  # noqa: BLE001 - a hostile envelope must not stop the sync
            _refuse(store, item, _("could not be opened ({reason})").format(reason=exc), report)
    _adopt_links(store)  # packages met just now, whose cases came in the same round
    try:
        report.receipts_sent = send_delivery_receipts(
            store, report.delivered, report.advance_copies
        )
    except StoreError:
        raise
    except EntraideError:
        pass  # no receipt now (e.g. this device holds no exchange key yet); the thread is intact
    return report


def _adopt_links(store: Store) -> None:
    """Link here the cases another device of this authority transmitted (their package met
    in the exchange space), from the case's own `exchange_thread`, once the case arrived."""
    wanted = log.unlinked_sent_packages(store)
    if not wanted:
        return
    for doc_id in store.doc_ids("case"):
        case = store.read(doc_id)
        thread = str(case.get("exchange_thread") or "")
        if thread in wanted and case.get("direction") == "outgoing":
            log.link_thread(store, thread, doc_id, str(case.get("exchange_peer") or ""), "out")


def _refuse(store: Store, item: Arrived, reason: str, report: ReceiveReport) -> None:
    """Record the refusal (shown by `sync --status`); the envelope is never opened again."""
    log.record(
        store,
        log.EnvelopeRecord(
            item.envelope_id,
            item.kind,
            "in",
            item.peer,
            "",
            "refused",
            reason,
            {},
            now_iso(),
            False,
        ),
    )
    report.refused.append(
        _("an envelope from {peer} was refused: {reason}").format(peer=item.peer, reason=reason)
    )


class _Wait(Exception):
    """Not openable on this device yet (its key has not arrived): try again later."""


def _receive_one(
    store: Store, authority: str, item: Arrived, env: Envelope, report: ReceiveReport
) -> None:
    if env.kind != item.kind or env.sender not in (authority, item.peer):
        raise EnvelopeRefused(_("the envelope's header does not match the space it came in"))
    if env.sender == authority:  # sent by another device of this authority: not for us
        log.record(
            store,
            log.EnvelopeRecord(
                item.envelope_id,
                env.kind,
                "out",
                item.peer,
                item.envelope_id if env.kind == "package" else "",  # a package is its thread
                "sent",
                "",
                {"type": "request"} if env.kind == "package" else {},
                now_iso(),
                True,
            ),
        )
        return
    if env.recipient != authority:
        raise EnvelopeRefused(_("the envelope is addressed to {code}").format(code=env.recipient))
    cert = known_cert(store, env.device)
    if cert is None:
        raise _Wait
    if cert.authority != env.sender:
        raise EnvelopeRefused(
            _("device {device} is not a device of {authority}").format(
                device=env.device, authority=env.sender
            )
        )
    try:
        sender = published_key(store, env.sender)
    except ExchangeError:
        raise _Wait from None  # its entry's approval has not reached this device yet
    if env.sender_key in sender.revoked:
        raise EnvelopeRefused(
            _("it is signed with an exchange key {authority} revoked").format(authority=env.sender)
        )
    if sender.key_id != env.sender_key:
        # Signed with another key than the approved one: a rotation whose approval has
        # not arrived here yet, or a forgery; it waits, and never opens unless approved.
        raise _Wait
    pair = own_exchange_keys(store).get(env.recipient_key)
    if pair is None:
        raise _Wait
    verify_envelope(env, sender.verify_key, cert.public_key)
    content = open_envelope(env, pair.box_private)
    if env.kind == "package":
        _open_package(store, item, env, content, report)
    else:
        _open_message(store, item, env, content, report)


def incoming_case_id(package: str) -> str:
    """The id of the incoming case a package opens as: derived from the package, so every
    device of the requested authority opens the same case and their edits merge."""
    return "in" + package[:22]


def _open_package(
    store: Store, item: Arrived, env: Envelope, content: dict[str, Any], report: ReceiveReport
) -> None:
    if content.get("type") != "request" or not isinstance(content.get("case"), dict):
        raise EnvelopeRefused(_("the package holds no request"))
    sent = content["case"]
    values = {k: v for k, v in sent.items() if k in CASE_FIELDS_SENT}
    advance = original_required(store, env.recipient)
    values.update(
        direction="incoming",
        status="received",
        our_ref="",
        their_ref=str(sent.get("our_ref") or ""),
        requesting_authority=str(sent.get("requesting_authority") or env.sender),
        date_received=dt.date.today().isoformat(),
        exchange_thread=item.envelope_id,
        exchange_peer=env.sender,
        advance_copy="original_to_follow" if advance else "",
        notes=_("Received through the Entraide channel from {authority}, reference {ref}.").format(
            authority=env.sender, ref=sent.get("our_ref") or "?"
        ),
    )
    clean_fields(values)  # refused whole before anything is written
    annexes = _files(content, "annexes")
    files = _files(content, "request", "request_pdf") + annexes
    case_id = incoming_case_id(item.envelope_id)
    with store.write():
        if store.exists(case_id):  # opened already by another device of this authority
            if get_case(store, case_id).get("exchange_thread") != item.envelope_id:
                raise EnvelopeRefused(_("another case already has this package's id"))
        else:
            create_case(store, values, doc_id=case_id)
        for name, data in files:
            add_attachment(store, case_id, name, data)
        log.link_thread(store, item.envelope_id, case_id, env.sender, "in")
        log.record(
            store,
            log.EnvelopeRecord(
                item.envelope_id,
                "package",
                "in",
                env.sender,
                item.envelope_id,
                "opened",
                "",
                {
                    "type": "request",
                    "annexes": [name for name, _data in annexes],
                    "sent_by": str(content.get("sent_by") or "")[:200],
                    "advance_copy": advance,
                },
                str(content.get("sent_at") or now_iso()),
                True,
            ),
        )
    report.cases.append(case_id)
    report.delivered.setdefault(item.envelope_id, []).append(item.envelope_id)
    if advance:
        report.advance_copies.add(item.envelope_id)


def _files(content: dict[str, Any], *names: str) -> list[tuple[str, bytes]]:
    """The files of a package (the rendered request, then the annexes) or of a message;
    each checked before anything is stored."""
    items: list[Any] = []
    for key in names:
        value = content.get(key, [] if key != "request" else None)
        if key in ("request", "request_pdf") and not isinstance(value, list):
            value = [value]
        if not isinstance(value, list):
            raise EnvelopeRefused(_("the package's files are malformed"))
        items += value
    out = []
    for entry in items:
        fields: dict[str, Any] = entry if isinstance(entry, dict) else {}
        name, data = fields.get("name"), fields.get("data")
        if not isinstance(name, str) or not isinstance(data, bytes) or not name.strip():
            raise EnvelopeRefused(_("the package's files are malformed"))
        if len(data) > MAX_ATTACHMENT:
            raise EnvelopeRefused(_("a file of the package is larger than the limit"))
        out.append((name.replace("/", "_").replace("\\", "_")[:200], data))
    return out


def _open_message(
    store: Store, item: Arrived, env: Envelope, content: dict[str, Any], report: ReceiveReport
) -> None:
    thread = str(content.get("thread") or "")
    try:
        said = clean_message(content)
    except MessageError as exc:
        raise EnvelopeRefused(str(exc)) from None
    case_id = log.case_of_thread(store, thread)
    if case_id is None and thread in log.unlinked_sent_packages(store):
        raise _Wait  # sent by another device of this authority: its case has not arrived yet
    if case_id is None:
        raise EnvelopeRefused(_("the message is about a request this authority never sent"))
    files = _files(content, "files") if said["type"] != "receipt" else []
    kept = {
        **said,
        "status": proposed_status(
            said["type"], str(said.get("status") or ""), str(said.get("execution") or "")
        ),
        "sent_by": str(content.get("sent_by") or "")[:200],
        "files": [],
    }
    if said["type"] == "receipt":
        kept["original_to_follow"] = content.get("original_to_follow") is True
    with store.write():
        for name, data in files:
            kept["files"].append(asdict(add_attachment(store, case_id, name, data)))
        log.record(
            store,
            log.EnvelopeRecord(
                item.envelope_id,
                "message",
                "in",
                env.sender,
                thread,
                "opened",
                "",
                kept,
                str(content.get("sent_at") or now_iso()),
                False,
            ),
        )
    if said["type"] == "receipt":
        report.receipts += 1
    else:
        report.messages += 1
        report.delivered.setdefault(thread, []).append(item.envelope_id)
