"""Opening what arrived in this authority's exchange spaces, after a sync or a bundle import.

Each whole envelope addressed here is checked (both signatures, the sender's
approved key, the sending device's certificate and authority) and opened; a
package becomes an incoming case with its files, a message joins its case's
thread. Every envelope is recorded by id, so a re-delivered one changes
nothing; a refused one is refused whole and its reason kept for `sync --status`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from shared.exchange import Envelope, EnvelopeRefused, open_envelope, verify_envelope
from shared.i18n import _
from shared.schema.validation import ValidationError, clean_fields

from ..cases import create_case
from ..identity import known_cert
from ..store import Store
from ..store.storage_errors import StoreError
from ..store.store import now_iso
from . import log
from .attachments import MAX_ATTACHMENT, add_attachment
from .envelopes import Arrived, arrived_envelopes
from .errors import ExchangeError
from .keys import own_exchange_keys, published_key
from .transmit import CASE_FIELDS_SENT

MESSAGE_TYPES = ("ack", "status", "info")


@dataclass
class ReceiveReport:
    cases: list[str] = field(default_factory=list)  # incoming cases created
    messages: int = 0
    refused: list[str] = field(default_factory=list)
    waiting: int = 0  # envelopes missing parts, or sealed to a key this device lacks


def receive(store: Store) -> ReceiveReport:
    """Open every new envelope addressed to this authority; never raises for their contents."""
    report = ReceiveReport()
    authority = store.get_meta("authority")
    if not authority:
        return report
    seen = {e.envelope_id for e in log.envelopes(store)}
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
    return report


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
                item.envelope_id, env.kind, "out", item.peer, "", "sent", "", {}, now_iso(), True
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


def _open_package(
    store: Store, item: Arrived, env: Envelope, content: dict[str, Any], report: ReceiveReport
) -> None:
    if content.get("type") != "request" or not isinstance(content.get("case"), dict):
        raise EnvelopeRefused(_("the package holds no request"))
    sent = content["case"]
    values = {k: v for k, v in sent.items() if k in CASE_FIELDS_SENT}
    values.update(
        direction="incoming",
        status="received",
        our_ref="",
        their_ref=str(sent.get("our_ref") or ""),
        requesting_authority=str(sent.get("requesting_authority") or env.sender),
        date_received=dt.date.today().isoformat(),
        notes=_("Received through the Entraide channel from {authority}, reference {ref}.").format(
            authority=env.sender, ref=sent.get("our_ref") or "?"
        ),
    )
    clean_fields(values)  # refused whole before anything is written
    files = _files(content)
    with store.write():
        case_id = create_case(store, values)
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
                {"type": "request", "annexes": [n for n, _d in files[1:]]},
                str(content.get("sent_at") or now_iso()),
                True,
            ),
        )
    report.cases.append(case_id)


def _files(content: dict[str, Any]) -> list[tuple[str, bytes]]:
    """The rendered request first, then the annexes; each checked before anything is stored."""
    out = []
    request = content.get("request")
    annexes = content.get("annexes") or []
    if not isinstance(request, dict) or not isinstance(annexes, list):
        raise EnvelopeRefused(_("the package's files are malformed"))
    for item in [request, *annexes]:
        fields = item if isinstance(item, dict) else {}
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
    kind, thread = content.get("type"), str(content.get("thread") or "")
    if kind not in MESSAGE_TYPES:
        raise EnvelopeRefused(_("the message is of no known type"))
    if log.case_of_thread(store, thread) is None:
        raise EnvelopeRefused(_("the message is about a request this authority never sent"))
    kept = {
        "type": kind,
        "status": str(content.get("status") or ""),
        "text": str(content.get("text") or "")[:10_000],
        "sent_by": str(content.get("sent_by") or "")[:200],
    }
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
    report.messages += 1
