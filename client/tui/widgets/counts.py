"""A table of counts beside its chart: what both statistics screens show for a view."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable
from textual_plotext import PlotextPlot

from shared.i18n import _

from .tables import cell, fit_columns


def show_counts(
    table: DataTable[Any],
    plot: PlotextPlot,
    title: str,
    rows: list[tuple[str, int]],
    column: str | None = None,
) -> Any:
    """Fill the table with (name, count) rows and clear the chart under `title`;
    returns the chart's plotext object for the screen to draw its bars. `column` heads
    the names (default: the title; a short word where the title would be cut)."""
    table.clear(columns=True)
    fit_columns(table, [("name", column or title, None), ("n", _("Requests"), 8)])
    for name, count in rows:
        table.add_row(cell(name), str(count))
    if not rows:
        table.add_row(_("No request yet."), "")
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    plt.title(title)
    return plt


def integer_ticks(highest: int, most: int = 6) -> list[int]:
    """Whole numbers from 0 to at least `highest`, at most `most` of them: requests are
    counted, never split."""
    step = max(1, -(-highest // (most - 1)))
    return list(range(0, highest + step, step))


def draw_bars(plt: Any, names: list[str], counts: list[int], horizontal: bool = True) -> None:
    """Bars of whole counts, one per name, with whole-number ticks on the counts' axis."""
    plt.bar(names, counts, orientation="h" if horizontal else "v", width=0.6)
    ticks = integer_ticks(max(counts))
    if horizontal:
        plt.xticks(ticks)
        plt.yfrequency(len(names))
    else:
        plt.yticks(ticks)
