"""A case's thread in words: what each message is, who sent it, what it proposes."""

from __future__ import annotations

from typing import Any

from shared.i18n import N_, _, ngettext
from shared.i18n.labels import STATUS, label

# The type of a thread item -> what the officer reads. Types the domain adds later
# (consultation, execution, refusal...) show by their own name until they get a label here.
KINDS = {
    "request": N_("Request"),
    "ack": N_("Acknowledgement"),
    "status": N_("Status change"),
    "info": N_("Further information"),
}
PROPOSALS = {"pending": N_("to confirm"), "accepted": N_("confirmed")}
# The thread table marks proposals with one glyph each (80 columns leave no room for words).
PROPOSAL_MARKS = {"pending": ("●", "bold yellow"), "accepted": ("✓", "green")}


def kind_label(kind: str) -> str:
    return label(KINDS, kind)


def when(at: str) -> str:
    """An ISO time as "2025-03-01 09:30" (the thread is ordered by it)."""
    return at.replace("T", " ")[:16]


def sender(item: Any, own: str, peer: str) -> str:
    return own if item.direction == "out" else peer


def summary(item: Any) -> str:
    """One line: the proposed status (an acknowledgement's goes without saying), then the
    text's first line; Enter shows the whole message."""
    parts = []
    if item.status and item.type != "ack":
        parts.append(label(STATUS, item.status))
    if item.text.strip():
        parts.append(item.text.strip().splitlines()[0])
    return " · ".join(parts)


def full_text(item: Any, own: str, peer: str) -> str:
    """The whole message, for the dialog that shows it in full."""
    lines = [
        _("Kind: {kind}").format(kind=kind_label(item.type)),
        _("From: {who}").format(who=sender(item, own, peer)),
        _("Sent: {when}").format(when=when(item.at)),
    ]
    if item.status:
        lines.append(_("Proposed status: {status}").format(status=label(STATUS, item.status)))
    if item.proposal:
        lines.append(_("Proposal: {state}").format(state=label(PROPOSALS, item.proposal)))
    lines.append(_("Message id: {id}").format(id=item.envelope_id[:12]))
    if item.text:
        lines += ["", item.text]
    return "\n".join(lines)


def channel_line(link: Any) -> str:
    """The case header's line about the channel ("" for a case that never travelled on it)."""
    if link is None:
        return ""
    if link.direction == "in":
        line = _("⇄ Received over the channel from {peer}").format(peer=link.peer)
    else:
        line = _("⇄ Transmitted over the channel to {peer}").format(peer=link.peer)
    if link.pending:
        line += " · " + ngettext(
            "{n} status to confirm", "{n} statuses to confirm", link.pending
        ).format(n=link.pending)
    return line + " · " + _("M: thread")
