"""Cases: the register, filtered, searched and sorted, one page at a time."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from client.cases import CaseFilter, count_cases, list_cases, mark_conflicts
from client.cases.queries import states_in_use
from client.exchange import reminders
from client.exchange.links import channel_links
from shared.i18n import N_, _

from ..errors import guarded
from ..widgets.cases.case_table import SORT_KEYS, CaseTable
from ..widgets.cases.filters import FilterBar, FilterValues
from .base import EntraideScreen

# Sort orders offered by "s", in turn: (CaseFilter sort key, label, newest/largest first).
SORTS: tuple[tuple[str, str, bool], ...] = (
    ("updated_at", N_("last change"), True),
    ("deadline", N_("deadline"), False),
    ("our_ref", N_("reference"), False),
    ("status", N_("status"), False),
    ("date_received", N_("date received"), True),
    ("date_sent", N_("date sent"), True),
    ("title", N_("title"), False),
)


class CaseListScreen(EntraideScreen):
    CSS_PATH = "case_list.tcss"
    LABEL = N_("Cases")
    SECTION = "cases"
    HELP = N_(
        "The register of incoming and outgoing requests.\n\n"
        "Type in the search box to find a request by reference, title, name of a person, "
        "offence, State or words of the notes; press Enter to search at once. "
        "The filters below it narrow the list by direction, status, State, type of "
        "assistance, or to overdue requests only. Tab moves between the search box, "
        "the filters and the list.\n\n"
        "In the list, the arrow keys and Page Up / Page Down move through all the "
        "requests, page after page. Enter opens the request; N creates a new one.\n\n"
        "In the Status column, ⇄ marks a request transmitted or received over the secure "
        "channel between authorities, ↻ one transmitted with no answer after the office's "
        "reminder delay, and ! a status left to decide after concurrent edits."
    )
    BINDINGS = [
        Binding("n", "new_case", N_("New")),
        Binding("enter", "open_case", N_("Open"), show=False),
        Binding("ctrl+f,slash", "focus_search", N_("Search")),
        Binding("s", "next_sort", N_("Sort")),
        Binding("o", "reverse_sort", N_("Reverse order"), show=False),  # in help (F1)
        Binding("x", "clear_filters", N_("Clear filters")),
        Binding("g", "first", N_("Top of the list"), show=False),
        Binding("G", "last", N_("End of the list"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = FilterValues()
        self.sort_index = 0
        self.descending = SORTS[0][2]
        self.page_offset = 0
        self.total = 0

    def compose_body(self) -> ComposeResult:
        yield FilterBar(self._states(), id="filters")
        yield CaseTable(id="cases")
        yield Static("", id="pager")

    def on_mount(self) -> None:
        self.refresh_data()
        self.query_one(CaseTable).focus()

    def after_recompose(self) -> None:
        self.filters = FilterValues()
        self.refresh_data()

    # -- data -----------------------------------------------------------------------
    def _states(self) -> list[str]:
        return states_in_use(self.store)

    def case_filter(self) -> CaseFilter:
        values = self.filters
        sort = SORTS[self.sort_index][0]
        return CaseFilter(
            direction=values.direction,
            status=values.status,
            state=values.state,
            assistance_type=values.assistance_type,
            overdue=values.overdue,
            search=values.search or None,
            sort=sort,
            descending=self.descending,
            limit=self.entraide.settings.page_size,
            offset=self.page_offset,
            today=self.entraide.today,
        )

    def refresh_data(self, cursor_at_end: bool = False) -> None:
        flt = self.case_filter()
        self.total = count_cases(self.store, replace(flt, limit=None, offset=0))
        if self.page_offset >= self.total and self.total:
            self.page_offset = max(0, (self.total - 1) // flt.limit * flt.limit)
            flt = replace(flt, offset=self.page_offset)
        rows = mark_conflicts(self.store, list_cases(self.store, flt))
        links = channel_links(self.store, rows)
        due = {r.case_id for r in reminders(self.store, self.entraide.today)}
        for row in rows:
            link = links.get(row["id"])
            if link is not None:
                row["channel"] = link.direction
            row["reminder"] = row["id"] in due
        table = self.query_one(CaseTable)
        keep = table.current_id
        table.has_previous = self.page_offset > 0
        table.has_next = self.page_offset + len(rows) < self.total
        table.show_page(rows, self.entraide.today, cursor_at_end)
        if keep and not cursor_at_end:
            try:
                table.move_cursor(row=table.get_row_index(keep), animate=False)
            except Exception:  # noqa: BLE001 - the case left this page
                pass
        self.query_one(FilterBar).set_states(self._states())
        self._show_pager(len(rows))

    def _show_pager(self, shown: int) -> None:
        sort_label = _(SORTS[self.sort_index][1])
        order = _("descending") if self.descending else _("ascending")
        if self.total == 0:
            text = (
                _("No request matches these filters.")
                if self.filters != FilterValues()
                else _("No request yet. Press N to register the first one.")
            )
        else:
            text = _("{first}–{last} of {total}").format(
                first=self.page_offset + 1, last=self.page_offset + shown, total=self.total
            )
        self.query_one("#pager", Static).update(
            f"{text}   " + _("Sorted by {key}, {order}").format(key=sort_label, order=order)
        )

    # -- events -------------------------------------------------------------------------
    def on_filter_bar_changed(self, message: FilterBar.Changed) -> None:
        self.filters = message.values
        self.page_offset = 0
        self.refresh_data()

    def on_case_table_page_request(self, message: CaseTable.PageRequest) -> None:
        size = self.entraide.settings.page_size
        if message.delta == 0:
            self.refresh_data()
            return
        new = self.page_offset + message.delta * size
        if 0 <= new < max(self.total, 1):
            self.page_offset = new
            self.refresh_data(cursor_at_end=message.delta < 0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_case()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        sort = SORT_KEYS.get(str(event.column_key.value))
        for index, (key, _label, descending) in enumerate(SORTS):
            if key == sort:
                if index == self.sort_index:
                    self.descending = not self.descending
                else:
                    self.sort_index, self.descending = index, descending
                self.page_offset = 0
                self.refresh_data()
                return

    # -- actions ----------------------------------------------------------------------------
    @guarded
    def action_open_case(self) -> None:
        case_id = self.query_one(CaseTable).current_id
        if case_id:
            from .case_detail import CaseDetailScreen

            self.app.push_screen(CaseDetailScreen(case_id))

    def action_new_case(self) -> None:
        from .case_form import CaseFormScreen

        self.app.push_screen(CaseFormScreen(None), self._after_form)

    def _after_form(self, case_id: str | None) -> None:
        if case_id:
            from .case_detail import CaseDetailScreen

            self.app.push_screen(CaseDetailScreen(case_id))

    def on_filter_bar_to_results(self) -> None:
        self.query_one(CaseTable).focus()

    def action_first(self) -> None:
        """The very first request of the whole list (not only of this page)."""
        self.page_offset = 0
        self.refresh_data()
        table = self.query_one(CaseTable)
        table.move_cursor(row=0, animate=False)
        table.focus()

    def action_last(self) -> None:
        """The very last request of the whole list."""
        size = self.entraide.settings.page_size
        self.page_offset = max(0, (self.total - 1) // size * size) if self.total else 0
        self.refresh_data(cursor_at_end=True)
        self.query_one(CaseTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_next_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.descending = SORTS[self.sort_index][2]
        self.page_offset = 0
        self.refresh_data()

    def action_reverse_sort(self) -> None:
        self.descending = not self.descending
        self.page_offset = 0
        self.refresh_data()

    def action_clear_filters(self) -> None:
        self.query_one(FilterBar).clear()

    def palette_commands(self):  # noqa: ANN201
        yield (
            _("New case"),
            _("Register a new incoming or outgoing request"),
            self.action_new_case,
        )
        yield (_("Search cases"), _("Put the cursor in the search box"), self.action_focus_search)
        yield (_("Clear filters"), _("Show all requests again"), self.action_clear_filters)
        yield (_("Change the sort order"), _("Sort by another column"), self.action_next_sort)
