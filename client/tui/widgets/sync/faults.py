"""The short list of what sync and USB import set aside: document, author device, reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.widgets import DataTable

from client.sync.summary import space_label
from shared.i18n import _

MAX_ROWS = 50


def fill_faults(table: DataTable, faults: Sequence[Any]) -> None:
    """Show each fault (`client.replication.Fault`) as one row; hide the table when none."""
    table.clear(columns=True)
    table.add_columns(_("Document"), _("Author device"), _("Reason"))
    for fault in list(faults)[:MAX_ROWS]:
        where = fault.doc_id or space_label(fault.space)
        reason = fault.reason
        if fault.blocked:
            reason = _("blocked: {reason}").format(reason=reason)
        table.add_row(where, fault.author, reason)
    table.display = bool(faults)
