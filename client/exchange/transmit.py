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
from ..directory import approved_entry
from ..keys.local import own_authority
from ..requests.checker import directory_entry_for
from ..requests.export import RequestBlocked, prepare
from ..requests.gate import blocking_without_override
from ..requests.render_docx import render_docx
from ..store import Store
from . import log
from .attachments import case_attachments, check_sizes, read_attachment
from .envelopes import send_envelope
from .errors import ExchangeError
from .log import sent_at
from .pdf import docx_to_pdf

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
    # The requested authority's approved entry says the original must still come by the
    # formal channel: what went is an advance electronic copy.
    original_required: bool = False
    files: tuple[str, ...] = ()  # names of the rendered request files (.docx, .pdf)


def original_required(store: Store, authority: str) -> bool:
    """Whether `authority`'s approved directory entry says a request received through the
    channel is an advance copy, the original still to come by the formal channel."""
    entry = approved_entry(store, authority) or {}
    return entry.get("original_required") == "yes"


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


def transmit(
    store: Store, case_id: str, to: str | None = None, with_pdf: bool = True
) -> Transmitted:
    """Seal the outgoing request to the requested authority and write it for the next sync
    or bundle. The package holds the rendered .docx, a PDF of it where LibreOffice is
    installed (`with_pdf`), the case data the receiver needs and the attached files.
    ExchangeError or RequestBlocked, one sentence, before anything is written."""
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
    lang = prepared.document.lang
    rendered = [{"name": f"request-{lang}.docx", "language": lang, "data": buffer.getvalue()}]
    pdf = docx_to_pdf(buffer.getvalue()) if with_pdf else None
    if pdf is not None:
        rendered.append({"name": f"request-{lang}.pdf", "language": lang, "data": pdf})
    attached = case_attachments(store, case_id)
    check_sizes(sum(a.size for a in attached))
    annexes = [
        {"name": a.name, "sha256": a.sha256, "data": read_attachment(store, a.sha256)}
        for a in attached
    ]
    content = {
        "type": "request",
        "case": {name: case.get(name) for name in CASE_FIELDS_SENT if case.get(name)},
        "request": rendered[0],
        **({"request_pdf": rendered[1]} if len(rendered) > 1 else {}),
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
        # The case itself names its thread, so the authority's other devices find it.
        values = {"exchange_thread": thread, "exchange_peer": recipient}
        if case.get("status") == "draft":
            values.update(status="sent", date_sent=dt.date.today().isoformat())
        update_case(store, case_id, values)
    return Transmitted(
        thread,
        recipient,
        len(envelope.to_bytes()),
        len(annexes),
        original_required(store, recipient),
        tuple(str(f["name"]) for f in rendered),
    )
