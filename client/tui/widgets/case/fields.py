"""The read-only view of a case: its fields, grouped, in the user's language."""

from __future__ import annotations

from typing import Any

from textual.markup import escape

from shared.i18n import N_, _
from shared.i18n.labels import field_label, labelled, value_label

# Groups the case form shows the same way (so the two never drift apart).
STATES_GROUP: tuple[str, tuple[str, ...]] = (
    N_("States and authorities"),
    ("requesting_state", "requesting_authority", "requested_state", "requested_authority"),
)
SUBSTANCE_GROUP: tuple[str, tuple[str, ...]] = (
    N_("Substance"),
    ("assistance_types", "offences", "legal_basis", "summary"),
)

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        N_("The request"),
        (
            "direction",
            "kind",
            "status",
            "our_ref",
            "their_ref",
            "urgency",
            "urgency_reason",
            "assigned_officer",
        ),
    ),
    STATES_GROUP,
    SUBSTANCE_GROUP,
    (
        N_("Dates"),
        (
            "date_received",
            "date_sent",
            "date_acknowledged",
            "deadline",
            "deadline_reason",
            "date_executed",
            "date_closed",
        ),
    ),
    (N_("Outcome"), ("outcome", "refusal_grounds", "notes")),
)


def case_markup(case: dict[str, Any], overdue: bool) -> str:
    """Content markup of the whole case; empty fields are left out to keep it short."""
    title = case.get("title") or _("(no title)")
    lines = [f"[b]{escape(title)}[/b]"]
    for group, names in GROUPS:
        shown = [(n, value_label(n, case.get(n))) for n in names]
        shown = [(n, v) for n, v in shown if v]
        if not shown:
            continue
        lines.append("")
        lines.append(f"[b $accent]{escape(_(group))}[/]")
        for name, text in shown:
            mark = ""
            if name == "deadline" and overdue:
                mark = "  [b $error]" + escape(_("overdue")) + "[/]"
            if "\n" in text:
                text = "\n    " + "\n    ".join(text.splitlines())
            lines.append(f"  [dim]{escape(labelled(field_label(name)))}[/dim] {escape(text)}{mark}")
    return "\n".join(lines)
