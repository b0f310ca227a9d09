"""Statistics from de-identified returns, with plots: the whole network's on a secretariat
device (it holds every authority's returns), one's own authority's elsewhere. Volumes by
authority and by pair of States, types of assistance, offence categories, legal bases,
outcomes, grounds for refusal, by quarter; filtered by period."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Select, Static
from textual_plotext import PlotextPlot

from client.stats.network import NetworkStatistics, Period, network_statistics, parse_period
from shared.i18n import N_, _
from shared.i18n.labels import (
    ASSISTANCE,
    LEGAL_BASIS_CATEGORY,
    OFFENCE_CATEGORY,
    OUTCOME_CATEGORY,
    REFUSAL,
    label,
    state_label,
)

from ..errors import guarded
from ..widgets.counts import draw_bars, show_counts
from .base import EntraideScreen

VIEWS = {
    "authority": N_("By authority (incoming + outgoing)"),
    "pair": N_("By pair of States"),
    "assistance": N_("By type of assistance"),
    "offence": N_("By offence category"),
    "basis": N_("By legal basis"),
    "outcome": N_("By outcome"),
    "refusal": N_("By ground for refusal"),
    "quarter": N_("By quarter"),
}

# What heads the table's first column: a short word, as at 80 columns a view's title is cut.
COLUMNS = {
    "authority": N_("Authority"),
    "pair": N_("States"),
    "assistance": N_("Types of assistance"),
    "offence": N_("Offence categories"),
    "basis": N_("Legal basis"),
    "outcome": N_("Outcomes"),
    "refusal": N_("Grounds for refusal"),
    "quarter": N_("Quarter"),
}


class NetworkStatsScreen(EntraideScreen):
    CSS_PATH = "stats.tcss"
    LABEL = N_("Network statistics")
    SECTION = "stats"
    HELP = N_(
        "Figures from the de-identified returns this device holds: every authority's on a "
        "secretariat device, your own authority's elsewhere. Choose the breakdown in the list "
        "at the top and type a period (2026, 2026-H2, 2026-Q3 or 2026-07; empty for all), "
        "then Enter. V switches the chart; Escape goes back."
    )
    BINDINGS = [
        Binding("v", "next_view", N_("Switch chart")),
        Binding("escape", "back", N_("Back")),
        Binding("r", "reload", N_("Refresh")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.view = "authority"
        self.period = Period()
        self.figures = NetworkStatistics()

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="stats-controls"):
            yield Select(
                [(_(text), key) for key, text in VIEWS.items()],
                value=self.view,
                allow_blank=False,
                id="view",
                compact=True,
            )
            yield Input(placeholder=_("Period, e.g. 2026-H2"), id="period", compact=True)
        yield Static("", id="stats-summary")
        with Horizontal(id="stats-body"):
            yield DataTable(id="stats-table", cursor_type="row", zebra_stripes=True)
            yield PlotextPlot(id="chart")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        self.figures = network_statistics(self.store, self.period)
        f = self.figures

        def days(value: float | None) -> str:
            return "—" if value is None else f"{value:g}"

        share = "—" if f.untoc_share is None else f"{100 * f.untoc_share:.0f} %"
        self.query_one("#stats-summary", Static).update(
            _(
                "Requests: {total}   Completed: {completed}   Days to completion: median "
                "{median}, 90th percentile {p90}   Overdue: {overdue}   UNTOC: {share}"
            ).format(
                total=f.total,
                completed=f.completed,
                median=days(f.median_days_to_completion),
                p90=days(f.p90_days_to_completion),
                overdue=f.overdue,
                share=share,
            )
        )
        self.show_view()

    def rows(self) -> list[tuple[str, int]]:
        f = self.figures
        tables = {
            "assistance": (ASSISTANCE, f.by_assistance),
            "offence": (OFFENCE_CATEGORY, f.by_offence),
            "basis": (LEGAL_BASIS_CATEGORY, f.by_legal_basis),
            "outcome": (OUTCOME_CATEGORY, f.by_outcome),
            "refusal": (REFUSAL, f.by_refusal_ground),
        }
        if self.view == "authority":
            return [(code, i + o) for code, i, o in f.by_authority]
        if self.view == "pair":
            return [
                (f"{state_label(a) or '?'} → {state_label(b) or '?'}", n) for a, b, n in f.by_pair
            ]
        if self.view == "quarter":
            return list(f.by_quarter)
        table, ranked = tables[self.view]
        return [(label(table, k), n) for k, n in ranked]

    def show_view(self) -> None:
        rows = self.rows()
        plot = self.query_one(PlotextPlot)
        table = self.query_one("#stats-table", DataTable)
        plt = show_counts(table, plot, _(VIEWS[self.view]), rows, _(COLUMNS[self.view]))
        top = rows if self.view == "quarter" else rows[:10]
        if top:
            names = [name[:12] for name, _n in top]
            draw_bars(plt, names, [n for _name, n in top], horizontal=self.view != "quarter")
        plot.refresh()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "view" and isinstance(event.value, str):
            self.view = event.value
            self.show_view()

    @guarded
    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        self.period = parse_period(text) if text else Period()
        self.refresh_data()

    def action_next_view(self) -> None:
        keys = list(VIEWS)
        self.query_one("#view", Select).value = keys[(keys.index(self.view) + 1) % len(keys)]

    def action_back(self) -> None:
        self.dismiss(None)

    def action_reload(self) -> None:
        self.reload()
