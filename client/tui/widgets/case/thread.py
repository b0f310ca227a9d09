"""A case's thread in words: what each message is, who sent it, what it proposes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from shared.i18n import N_, _, ngettext
from shared.i18n.labels import (
    ADVANCE_COPY,
    EXECUTION,
    MESSAGE_TYPE,
    POSTPONEMENT,
    REFUSAL,
    STATUS,
    label,
)

if TYPE_CHECKING:
    from client.exchange import ThreadItem

GROUNDS = {"refusal": REFUSAL, "postponement": POSTPONEMENT}
RECEIPTS = {"delivered": N_("delivered"), "read": N_("read")}
PROPOSALS = {"pending": N_("to confirm"), "accepted": N_("confirmed")}
# The thread table marks proposals with one glyph each (80 columns leave no room for words).
PROPOSAL_MARKS = {"pending": ("●", "bold yellow"), "accepted": ("✓", "green")}


def kind_label(kind: str) -> str:
    return label(MESSAGE_TYPE, kind)


def receipt(item: ThreadItem) -> str:
    """What the other side said of a message sent from here ("" for none yet)."""
    if item.read_at:
        return "read"
    if item.delivered_at:
        return "delivered"
    return ""


def when(at: str) -> str:
    """An ISO time as "2025-03-01 09:30" (the thread is ordered by it)."""
    return at.replace("T", " ")[:16]


def sender(item: ThreadItem, own: str, peer: str) -> str:
    return own if item.direction == "out" else peer


def summary(item: ThreadItem) -> str:
    """One line: the proposed status (an acknowledgement's goes without saying), then the
    text's first line; Enter shows the whole message."""
    parts = []
    if item.execution:
        parts.append(label(EXECUTION, item.execution))
    elif item.status and item.type != "ack":
        parts.append(label(STATUS, item.status))
    grounds = item.grounds
    if grounds:
        parts.append(", ".join(label(GROUNDS.get(item.type, {}), g) for g in grounds))
    files = item.files
    if files:
        parts.append(ngettext("{n} file", "{n} files", len(files)).format(n=len(files)))
    if item.text.strip():
        parts.append(item.text.strip().splitlines()[0])
    return " · ".join(parts)


def full_text(item: ThreadItem, own: str, peer: str) -> str:
    """The whole message, for the dialog that shows it in full."""
    who = sender(item, own, peer)
    if item.sent_by:
        who += f" ({item.sent_by})"
    lines = [
        _("Kind: {kind}").format(kind=kind_label(item.type)),
        _("From: {who}").format(who=who),
        _("Sent: {when}").format(when=when(item.at)),
    ]
    if item.delivered_at:
        lines.append(_("Delivered: {when}").format(when=when(item.delivered_at)))
    if item.read_at:
        lines.append(_("Read: {when}").format(when=when(item.read_at)))
    if item.advance_copy:
        lines.append(label(ADVANCE_COPY, "original_to_follow"))
    if item.execution:
        lines.append(label(EXECUTION, item.execution))
    if item.status:
        lines.append(_("Proposed status: {status}").format(status=label(STATUS, item.status)))
    if item.proposal:
        lines.append(_("Proposal: {state}").format(state=label(PROPOSALS, item.proposal)))
    for ground in item.grounds:
        lines.append(_("Ground: {ground}").format(ground=label(GROUNDS.get(item.type, {}), ground)))
    for name in item.files:
        lines.append(_("File: {name}").format(name=name))
    lines.append(_("Message id: {id}").format(id=item.envelope_id[:12]))
    if item.text:
        lines += ["", item.text]
    return "\n".join(lines)


def channel_line(link: Any, case: dict[str, Any] | None = None, reminder: Any = None) -> str:
    """The case header's line about the channel ("" for a case that never travelled on it):
    where it went or came from, the advance-copy mark, a reminder due, proposals waiting."""
    if link is None:
        return ""
    if link.direction == "in":
        line = _("⇄ Received over the channel from {peer}").format(peer=link.peer)
    else:
        line = _("⇄ Transmitted over the channel to {peer}").format(peer=link.peer)
    if case and case.get("advance_copy"):
        line += "\n" + label(ADVANCE_COPY, case["advance_copy"])
    if reminder is not None:
        line += "\n" + _("↻ No answer {days} days after transmission: remind {peer}.").format(
            days=reminder.days, peer=link.peer
        )
    if link.pending:
        line += " · " + ngettext(
            "{n} status to confirm", "{n} statuses to confirm", link.pending
        ).format(n=link.pending)
    return line + " · " + _("M: thread")
