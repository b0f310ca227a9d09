"""A directory entry as people read it: contacts first, then what a request must meet."""

from __future__ import annotations

from typing import Any

from textual.markup import escape

from shared.i18n import N_, _
from shared.i18n.labels import field_label, value_label

GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (N_("Authority"), ("authority_name", "state", "code", "authority_kind", "networks")),
    (N_("Contact"), ("contact_person", "address", "phones", "emails", "office_hours", "time_zone")),
    (
        N_("Requirements for requests"),
        (
            "languages",
            "documents_required",
            "information_required",
            "formats_channels",
            "interpol_accepted",
            "urgent_procedure",
        ),
    ),
    (N_("Other information"), ("untoc_16_5_declaration", "comments")),
)


def entry_markup(entry: dict[str, Any]) -> str:
    lines: list[str] = []
    for group, names in GROUPS:
        if lines:
            lines.append("")
        lines.append(f"[b $accent]{escape(_(group))}[/]")
        for name in names:
            text = value_label(name, entry.get(name)) or _("not stated")
            if "\n" in text:
                text = "\n    " + "\n    ".join(text.splitlines())
            lines.append(f"  [dim]{escape(field_label(name))}:[/dim] {escape(text)}")
    return "\n".join(lines)
