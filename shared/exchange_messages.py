"""The messages of a case's thread between two authorities (docs/exchange.md).

Defined once for both ends: the sender builds a message with `message_content`,
the receiver checks what it opened with `clean_message`, and both read the
status a message proposes with `proposed_status`. A proposal never changes the
other side's register by itself: the officer there confirms it.

Types (UNTOC art. 18 where it speaks of the step; see docs/exchange.md for what
was verified):

- `ack`: acknowledgement of receipt (proposes "acknowledged");
- `info_request`: the requested authority asks for further information
  (UNTOC 18(16), unverified);
- `info`: information, an answer to a question, or any note;
- `consultation`: consultation before refusing or postponing (UNTOC 18(26));
- `status`: a status change (proposes that status);
- `execution`: full or partial execution, usually with result files
  (proposes "executed" or "partially_executed");
- `refusal`: refusal with grounds (UNTOC 18(21)(a)–(d), unverified; proposes "refused");
- `postponement`: postponement with grounds (UNTOC 18(25)); no status proposed;
- `receipt`: delivery or read receipt for envelopes of the thread (sent automatically).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .errors import EntraideError
from .i18n import _
from .schema.cases import REFUSAL_GROUNDS, STATUSES

MESSAGE_TYPES = (
    "ack",
    "info_request",
    "info",
    "consultation",
    "status",
    "execution",
    "refusal",
    "postponement",
    "receipt",
)
EXECUTIONS = ("full", "partial")
RECEIPTS = ("delivered", "read")
# UNTOC art. 18(25): assistance may be postponed because it interferes with an ongoing
# investigation, prosecution or judicial proceeding.
POSTPONEMENT_GROUNDS = ("ongoing_proceedings", "other")
MAX_TEXT = 10_000
MAX_RECEIPTED = 500  # envelope ids one receipt may name


class MessageError(EntraideError):
    """A thread message that cannot be sent or was received malformed, as one sentence."""


def proposed_status(kind: str, status: str = "", execution: str = "") -> str:
    """The status a message proposes to the other side's case ("" for none)."""
    if kind == "ack":
        return "acknowledged"
    if kind == "status":
        return status
    if kind == "execution":
        return "partially_executed" if execution == "partial" else "executed"
    if kind == "refusal":
        return "refused"
    return ""


def _choices(values: Iterable[str], allowed: Sequence[str], what: str) -> list[str]:
    out = []
    for value in values:
        if value not in allowed:
            raise MessageError(
                _("'{value}' is not one of the {what}: {allowed}").format(
                    value=value, what=what, allowed=", ".join(allowed)
                )
            )
        if value not in out:
            out.append(value)
    return out


def grounds_allowed(kind: str) -> tuple[str, ...]:
    return {"refusal": REFUSAL_GROUNDS, "postponement": POSTPONEMENT_GROUNDS}.get(kind, ())


def message_content(
    kind: str,
    *,
    status: str = "",
    text: str = "",
    grounds: Iterable[str] = (),
    execution: str = "",
    receipt: str = "",
    receipted: Iterable[str] = (),
) -> dict[str, Any]:
    """The checked fields of a message of type `kind` (without thread, time and files);
    MessageError, one sentence, for anything a message of that type cannot say."""
    if kind not in MESSAGE_TYPES:
        raise MessageError(
            _("a message is one of: {allowed}").format(allowed=", ".join(MESSAGE_TYPES))
        )
    grounds = list(grounds)
    if kind == "status":
        if status not in STATUSES:
            raise MessageError(
                _("'{value}' is not one of: {allowed}").format(
                    value=status, allowed=", ".join(STATUSES)
                )
            )
    elif status:
        raise MessageError(_("only a status message carries a status"))
    if kind in ("refusal", "postponement"):
        grounds = _choices(grounds, grounds_allowed(kind), _("grounds"))
        if not grounds:
            raise MessageError(_("a refusal or a postponement states its grounds"))
    elif grounds:
        raise MessageError(_("only a refusal or a postponement has grounds"))
    if kind == "execution":
        if execution not in EXECUTIONS:
            raise MessageError(_("an execution is full or partial"))
    elif execution:
        raise MessageError(_("only an execution message is full or partial"))
    if kind in ("info_request", "consultation", "info") and not text.strip():
        raise MessageError(_("this message needs a text"))
    receipted = list(receipted)
    if kind == "receipt":
        if receipt not in RECEIPTS or not receipted or len(receipted) > MAX_RECEIPTED:
            raise MessageError(_("a receipt says delivered or read, for some envelopes"))
    if len(text) > MAX_TEXT:
        raise MessageError(
            _("a message's text may be at most {limit} characters").format(limit=MAX_TEXT)
        )
    content: dict[str, Any] = {"type": kind, "text": text}
    if status:
        content["status"] = status
    if grounds:
        content["grounds"] = grounds
    if execution:
        content["execution"] = execution
    if kind == "receipt":
        content["receipt"] = receipt
        content["receipted"] = [str(r) for r in receipted]
    return content


def clean_message(content: Mapping[str, Any]) -> dict[str, Any]:
    """What a received message says, checked as the sender's `message_content` checks it;
    MessageError for anything malformed (the envelope is then refused whole)."""

    def text_of(name: str) -> str:
        value = content.get(name, "")
        if not isinstance(value, str):
            raise MessageError(_("the message is malformed"))
        return value

    def list_of(name: str) -> list[str]:
        value = content.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise MessageError(_("the message is malformed"))
        return value

    return message_content(
        text_of("type"),
        status=text_of("status"),
        text=text_of("text"),
        grounds=list_of("grounds"),
        execution=text_of("execution"),
        receipt=text_of("receipt"),
        receipted=list_of("receipted"),
    )
