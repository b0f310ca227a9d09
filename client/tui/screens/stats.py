"""Statistics: counts by status, counterpart State and type of assistance, and the median
time to completion, with a bar chart. The figures come from client.stats."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Select, Static
from textual_plotext import PlotextPlot

from client.stats import CaseStatistics, case_statistics
from shared.i18n import N_, _, ngettext
from shared.i18n.labels import ASSISTANCE, DIRECTION, STATUS, label

from ..widgets.counts import draw_bars, show_counts
from .base import EntraideScreen

VIEWS = {
    "status": N_("By status"),
    "state": N_("By counterpart State"),
    "assistance": N_("By type of assistance"),
}


class StatsScreen(EntraideScreen):
    CSS_PATH = "stats.tcss"
    LABEL = N_("Statistics")
    SECTION = "stats"
    HELP = N_(
        "Figures about the requests in this register: how many are in each status, "
        "with which States (the other side of each request), for which types of "
        "assistance, and the median number of days from receipt (incoming) or sending "
        "(outgoing) to execution or closing.\n\n"
        "Choose what the chart shows in the list at the top, and whether to count "
        "incoming or outgoing requests only. V switches the chart."
    )
    BINDINGS = [
        Binding("v", "next_view", N_("Switch chart")),
        Binding("r", "reload", N_("Refresh")),
        Binding("n", "network", N_("Network statistics")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.chart_view = "status"
        self.direction: str | None = None
        self.figures = CaseStatistics()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="stats-controls"):
            yield Select(
                [(_(text), key) for key, text in VIEWS.items()],
                value=self.chart_view,
                allow_blank=False,
                id="view",
                compact=True,
            )
            yield Select(
                [(_(DIRECTION[d]), d) for d in ("incoming", "outgoing")],
                prompt=_("Both directions"),
                id="direction",
                compact=True,
            )
        yield Static("", id="stats-summary")
        with Horizontal(id="stats-body"):
            yield DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
            yield PlotextPlot(id="chart")

    def on_mount(self) -> None:
        self.refresh_data()

    def after_recompose(self) -> None:
        self.chart_view, self.direction = "status", None
        self.refresh_data()

    def refresh_data(self) -> None:
        self.figures = case_statistics(self.store, self.direction)
        figures = self.figures
        median = figures.median_days_to_completion
        median_text = (
            ngettext("{days} day", "{days} days", round(median)).format(days=f"{median:g}")
            if median is not None
            else _("not enough data")
        )
        self.query_one("#stats-summary", Static).update(
            _(
                "Requests: {total}   Completed with known dates: {completed}   "
                "Median time to completion: {median}"
            ).format(total=figures.total, completed=figures.completed, median=median_text)
        )
        self.show_view()

    def rows(self) -> list[tuple[str, int]]:
        figures = self.figures
        if self.chart_view == "status":
            return [(label(STATUS, k), n) for k, n in figures.by_status]
        if self.chart_view == "state":
            return list(figures.by_state)
        return [(label(ASSISTANCE, k), n) for k, n in figures.by_assistance]

    def show_view(self) -> None:
        rows = self.rows()
        plot = self.query_one(PlotextPlot)
        table = self.query_one("#stats-table", DataTable)
        plt = show_counts(table, plot, _(VIEWS[self.chart_view]), rows)
        if rows:
            # Every category; names cut to what the chart's width leaves them.
            room = max(8, (plot.size.width or self.app.size.width // 2) // 3)
            names = [name if len(name) <= room else name[: room - 1] + "…" for name, _n in rows]
            draw_bars(plt, names, [n for _name, n in rows])
        plot.refresh()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "view" and isinstance(event.value, str):
            self.chart_view = event.value
            self.show_view()
        elif event.select.id == "direction":
            self.direction = event.value if isinstance(event.value, str) else None
            self.refresh_data()

    def action_next_view(self) -> None:
        keys = list(VIEWS)
        self.query_one("#view", Select).value = keys[(keys.index(self.chart_view) + 1) % len(keys)]

    def action_reload(self) -> None:
        self.reload()

    def action_network(self) -> None:
        from .network_stats import NetworkStatsScreen

        self.app.push_screen(NetworkStatsScreen())

    def palette_commands(self):  # noqa: ANN201
        yield (
            _("Network statistics"),
            _("Figures from de-identified returns, by category and period"),
            self.action_network,
        )
