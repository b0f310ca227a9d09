"""`entraide request transmit`: an outgoing request, sealed to the requested authority.

The package holds the rendered request (.docx), the structured case data the
receiver needs to open its incoming case, and the case's attached files.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from shared.i18n import _

from ..cases import get_case, update_case
from ..keys.local import own_authority
from ..requests.checker import directory_entry_for
from ..requests.export import RequestBlocked, prepare
from ..requests.gate import blocking_without_override
from ..requests.render_docx import render_docx
from ..store import Store
from . import log
from .attachments import case_attachments, read_attachment
from .envelopes import send_envelope
from .errors import ExchangeError
from .log import sent_at

# What the requested authority needs to open its incoming case (never internal notes).
CASE_FIELDS_SENT = (
    "kind",
    "our_ref",
    "title",
    "requesting_state",
    "requesting_authority",
    "requested_state",
    "requested_authority",
    "assistance_types",
    "offences",
    "legal_basis",
    "offence_categories",
    "legal_basis_category",
    "urgency",
    "urgency_reason",
    "deadline",
    "deadline_reason",
    "summary",
    "authority_conducting",
    "proceeding_nature",
    "purpose",
    "assistance_description",
    "procedure_requested",
    "confidentiality",
    "dual_criminality",
    "text_language",
    "particulars",
    "persons",
    "documents",
)


@dataclass(frozen=True)
class Transmitted:
    thread: str  # the package's envelope id: the case's thread on both sides
    recipient: str
    size: int  # bytes of the sealed envelope
    annexes: int


def recipient_of(store: Store, case: dict[str, Any], to: str | None) -> str:
    """The requested authority's code: given, else the directory entry the request is for."""
    if to:
        return to
    entry, _approved = directory_entry_for(store, case)
    if entry is None or not entry.get("code"):
        raise ExchangeError(
            _("the requested authority is not in the directory: give it with --to CODE")
        )
    return str(entry["code"])


def transmit(store: Store, case_id: str, to: str | None = None) -> Transmitted:
    case = get_case(store, case_id)
    if case.get("direction") != "outgoing":
        raise ExchangeError(_("only an outgoing request can be transmitted"))
    if log.thread_of_case(store, case_id) is not None:
        raise ExchangeError(_("this request was already transmitted; its thread goes on"))
    recipient = recipient_of(store, case, to)
    if recipient == own_authority(store):
        raise ExchangeError(_("a request cannot be transmitted to this device's own authority"))
    prepared = prepare(store, case_id)
    remaining = blocking_without_override(store, case_id, language=prepared.document.lang)
    if remaining:
        raise RequestBlocked(remaining)
    buffer = io.BytesIO()
    render_docx(prepared.document, buffer)
    annexes = [
        {"name": a.name, "sha256": a.sha256, "data": read_attachment(store, a.sha256)}
        for a in case_attachments(store, case_id)
    ]
    content = {
        "type": "request",
        "case": {name: case.get(name) for name in CASE_FIELDS_SENT if case.get(name)},
        "request": {
            "name": f"request-{prepared.document.lang}.docx",
            "language": prepared.document.lang,
            "data": buffer.getvalue(),
        },
        "annexes": annexes,
        "sent_at": sent_at(),
        "sent_by": store.author,
    }
    with store.write():
        envelope = send_envelope(store, "package", recipient, content)
        thread = envelope.envelope_id
        log.link_thread(store, thread, case_id, recipient, "out")
        log.record(
            store,
            log.EnvelopeRecord(
                thread,
                "package",
                "out",
                recipient,
                thread,
                "sent",
                "",
                {"type": "request", "annexes": [a["name"] for a in annexes]},
                str(content["sent_at"]),
                True,
            ),
        )
        if case.get("status") == "draft":
            update_case(
                store, case_id, {"status": "sent", "date_sent": dt.date.today().isoformat()}
            )
    return Transmitted(thread, recipient, len(envelope.to_bytes()), len(annexes))
