"""Fixed channel data for the snapshots: threads recorded the way `client.exchange` records
them (fixed envelope ids and times), a file attached, and a requested authority whose
approved entry publishes an exchange key. The Pilot tests (test_exchange.py) use real
transmissions through a real server instead."""

from __future__ import annotations

from client.cases import update_case
from client.directory import approve_entry, put_entry
from client.exchange import log
from client.exchange.attachments import add_attachment
from client.store import Store
from shared.crypto import exchange_key_id

INFO = (
    "Please send a certified copy of the warrant of 2 January and the full text of the "
    "provisions of the Penal Code that the facts fall under, with their penalties.\n\n"
    "The examining magistrate cannot hear the witness without them. We also ask whether "
    "the suspect's lawyer may attend the hearing, as our law allows."
)


def _record(store: Store, eid: str, direction: str, thread: str, at: str, **content) -> None:  # noqa: ANN003
    kind = "package" if content.get("type") == "request" else "message"
    log.record(
        store,
        log.EnvelopeRecord(
            eid,
            kind,
            direction,
            "GH-CA",
            thread,
            "sent" if direction == "out" else "opened",
            "",
            content,
            at,
            bool(content.pop("_accepted", direction == "out")),
        ),
    )


def add_threads(store: Store) -> None:
    """case0008 (outgoing) transmitted to GH-CA with answers; case0001 received from GH-CA."""
    out = "a1" * 16
    log.link_thread(store, out, "case0008", "GH-CA", "out")
    _record(store, out, "out", out, "2025-01-05T10:00:00+00:00", type="request")
    _record(
        store,
        "b2" * 16,
        "in",
        out,
        "2025-01-07T08:30:00+00:00",
        type="ack",
        status="acknowledged",
        text="Assigned to the Accra prosecutor",
        _accepted=True,
    )
    _record(
        store, "c3" * 16, "in", out, "2025-01-20T14:05:00+00:00", type="info_request", text=INFO
    )
    _record(
        store,
        "d4" * 16,
        "out",
        out,
        "2025-01-22T09:00:00+00:00",
        type="info",
        text="The certified copy leaves by courier today.",
    )
    _record(
        store,
        "e5" * 16,
        "in",
        out,
        "2025-02-14T16:45:00+00:00",
        type="status",
        status="in_execution",
        text="Witness summoned for 3 March",
    )
    _record(
        store,
        "e6" * 16,
        "in",
        out,
        "2025-02-20T11:00:00+00:00",
        type="execution",
        execution="partial",
        status="partially_executed",
        text="Bank statements attached; the witness is abroad",
        files=[{"name": "Releves-bancaires-2024.pdf"}],
    )
    _record(  # Ghana says the request arrived and was read
        store,
        "f7" * 16,
        "in",
        out,
        "2025-01-05T10:20:00+00:00",
        type="receipt",
        receipt="delivered",
        receipted=[out],
    )
    _record(
        store,
        "f8" * 16,
        "in",
        out,
        "2025-01-06T09:00:00+00:00",
        type="receipt",
        receipt="read",
        receipted=[out],
    )
    add_attachment(store, "case0008", "Mandat-12-copie-certifiee.pdf", b"%PDF-1.4 fixed" * 300)
    add_attachment(store, "case0008", "Releves-bancaires-2024.pdf", b"%PDF-1.4 bank" * 2000)
    add_attachment(store, "case0008", "Code-penal-extraits.docx", b"PK fixed" * 9000)
    inc = "f6" * 16
    log.link_thread(store, inc, "case0001", "GH-CA", "in")
    _record(store, inc, "in", inc, "2024-10-02T07:00:00+00:00", type="request")
    update_case(store, "case0001", {"advance_copy": "original_to_follow"})


def add_ci_entry(store: Store) -> None:
    """An approved entry for the requested State of case0006, with an exchange key."""
    box, verify = bytes(range(32)), bytes(range(32, 64))
    put_entry(
        store,
        {
            "code": "CI-CA",
            "state": "CI",
            "authority_name": "DACG Abidjan",
            "languages": ["fr"],
            "exchange_public": box.hex(),
            "exchange_verify": verify.hex(),
            "exchange_key_id": exchange_key_id(box, verify),
        },
    )
    approve_entry(store, "CI-CA")
