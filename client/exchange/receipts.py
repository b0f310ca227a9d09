"""Delivery and read receipts: small signed messages that say an envelope arrived, or was read.

A delivery receipt goes back automatically after a sync or a bundle import opened
a package or a message (`send_delivery_receipts`, called by `receive`); a read
receipt when an officer opens the thread (`mark_read`). The other side shows
them on its thread beside what it sent. A receipt is never itself receipted.
"""

from __future__ import annotations

from collections.abc import Iterable

from shared.exchange_messages import message_content

from ..store import Store
from . import log
from .envelopes import send_envelope
from .errors import ExchangeError
from .log import sent_at


def send_receipt(
    store: Store,
    thread: str,
    peer: str,
    receipt: str,
    envelopes: Iterable[str],
    original_to_follow: bool = False,
) -> str:
    """Seal one receipt for `envelopes` of `thread` to `peer`; returns its envelope id."""
    content = {
        **message_content("receipt", receipt=receipt, receipted=list(envelopes)),
        "thread": thread,
        "sent_at": sent_at(),
        "sent_by": store.author,
    }
    if original_to_follow:
        content["original_to_follow"] = True
    with store.write():
        envelope = send_envelope(store, "message", peer, content)
        kept = {k: content[k] for k in ("type", "receipt", "receipted", "text")}
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
                kept,
                str(content["sent_at"]),
                True,
            ),
        )
    return envelope.envelope_id


def send_delivery_receipts(
    store: Store, delivered: dict[str, list[str]], advance_copies: set[str]
) -> int:
    """One delivery receipt per thread for what was just opened; a receipt that cannot be
    sealed now (the other side's key is not approved here) is not retried."""
    sent = 0
    for thread, envelopes in delivered.items():
        linked = log.peer_of_thread(store, thread)
        if linked is None:
            continue
        try:
            send_receipt(store, thread, linked, "delivered", envelopes, thread in advance_copies)
            sent += 1
        except ExchangeError:
            continue
    return sent


def receipted(store: Store, thread: str, direction: str) -> dict[str, dict[str, str]]:
    """envelope id -> {"delivered": at, "read": at}: the receipts met on `thread` going
    `direction` ("in": what the other side says of ours; "out": what we said of theirs)."""
    out: dict[str, dict[str, str]] = {}
    for rec in log.envelopes(store, thread=thread):
        if rec.direction != direction or rec.content.get("type") != "receipt":
            continue
        kind = str(rec.content.get("receipt") or "")
        for envelope in rec.content.get("receipted") or []:
            out.setdefault(str(envelope), {}).setdefault(kind, rec.at)
    return out
