"""One page of the case list. Moving past either end asks the screen for the next page,
so a register of any size reads like one long list while the table holds one page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from shared.i18n import _
from shared.i18n.labels import STATUS, label
from shared.schema.cases import OPEN_STATUSES, STATUSES

from ..tables import cell, fit_columns, text_width

# (column key, width); None = the width that is left.
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("our_ref", 16),
    ("title", None),
    ("direction", 5),
    ("status", 14),
    ("counterpart", 5),
    ("deadline", 10),
)
# Column key -> sort key understood by client.cases.CaseFilter.
SORT_KEYS = {
    "our_ref": "our_ref",
    "title": "title",
    "status": "status",
    "deadline": "deadline",
    "direction": "updated_at",
    "counterpart": "requesting_state",
}


# Marks before a status: a conflict to decide, a request that travels on the channel.
CONFLICT_MARK, CHANNEL_MARK, REMINDER_MARK = "!", "⇄", "↻"


def _marks(row: dict[str, Any]) -> str:
    return (
        (CONFLICT_MARK if row.get("conflict") else "")
        + (CHANNEL_MARK if row.get("channel") else "")
        + (REMINDER_MARK if row.get("reminder") else "")
    )


def _status_cell(row: dict[str, Any]) -> Text:
    """The status; "!" and red when concurrent edits left statuses to decide; "⇄" when
    the request was transmitted or received over the channel between authorities."""
    marks = _marks(row)
    text = (marks + " " if marks else "") + label(STATUS, row.get("status") or "draft")
    style = "bold red" if row.get("conflict") else "bold yellow" if row.get("reminder") else ""
    return cell(text, style=style)


def _status_width_text(key: str) -> str:
    """The widest text a status key of `show_page` takes ("!executed" -> "! Executed")."""
    status = key.lstrip(CONFLICT_MARK + CHANNEL_MARK + REMINDER_MARK)
    marks = key[: len(key) - len(status)]
    return (marks + " " if marks else "") + label(STATUS, status)


class CaseTable(DataTable[Any]):
    @dataclass
    class PageRequest(Message):
        delta: int  # +1 next page, -1 previous page

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.has_next = False
        self.has_previous = False
        self._statuses: tuple[str, ...] | None = None  # those the columns were built for
        self._built_for: int | None = None  # the width they were built for

    def on_mount(self) -> None:
        self.build_columns()

    def build_columns(self, statuses: tuple[str, ...] = STATUSES) -> None:
        """`statuses`: those the page shows; the Status column is as wide as their labels,
        leaving the rest to the title."""
        self.clear(columns=True)
        self._statuses = statuses
        labels = {
            "our_ref": _("Reference"),
            "title": _("Title"),
            "direction": _("Dir."),
            "status": _("Status"),
            "counterpart": _("State"),
            "deadline": _("Deadline"),
        }
        # Status and State as wide as their longest label in this language (PT, FR are longer).
        widths = {
            **dict(COLUMNS),
            "status": text_width(
                [_status_width_text(s) for s in statuses] + [labels["status"]], 8, 20
            ),
            "counterpart": text_width([labels["counterpart"]], 5, 8),
        }
        fit_columns(self, [(key, labels[key], widths[key]) for key, _w in COLUMNS])
        self._built_for = self.size.width

    def on_resize(self) -> None:
        if self.size.width != self._built_for:
            self.build_columns(self._statuses or STATUSES)
            self.post_message(self.PageRequest(0))

    def show_page(self, rows: list[dict[str, Any]], today: dt.date, cursor_at_end: bool) -> None:
        # A status with a conflict to decide is shown "! <status>": its column is that wide.
        shown = tuple(sorted({_marks(r) + (r.get("status") or "draft") for r in rows})) or STATUSES
        if shown != self._statuses:
            self.build_columns(shown)
        self.clear()
        day = today.isoformat()
        short_direction = {"incoming": _("In"), "outgoing": _("Out")}
        for row in rows:
            counterpart = (
                row.get("requesting_state")
                if row.get("direction") == "incoming"
                else row.get("requested_state")
            )
            deadline = row.get("deadline") or ""
            late = bool(deadline) and deadline < day and row.get("status") in OPEN_STATUSES
            self.add_row(
                row.get("our_ref") or "",
                cell(row.get("title") or ""),
                short_direction.get(row.get("direction") or "", ""),
                _status_cell(row),
                counterpart or "",
                Text(deadline, style="bold red") if late else deadline,
                key=row["id"],
            )
        if rows:
            self.move_cursor(row=len(rows) - 1 if cursor_at_end else 0, animate=False)

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def action_cursor_down(self) -> None:
        if self.cursor_row >= self.row_count - 1 and self.has_next:
            self.post_message(self.PageRequest(1))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.cursor_row <= 0 and self.has_previous:
            self.post_message(self.PageRequest(-1))
            return
        super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.cursor_row >= self.row_count - 1 and self.has_next:
            self.post_message(self.PageRequest(1))
            return
        super().action_page_down()

    def action_page_up(self) -> None:
        if self.cursor_row <= 0 and self.has_previous:
            self.post_message(self.PageRequest(-1))
            return
        super().action_page_up()
