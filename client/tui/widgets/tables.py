"""Columns that fit the terminal: fixed widths for short values, the rest to one column."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.widgets import DataTable


def fit_columns(table: DataTable[Any], columns: list[tuple[str, str, int | None]]) -> None:
    """columns: (key, label, width); the one with width None takes the space left."""
    width = table.size.width or table.app.size.width
    fixed = sum(w for _k, _l, w in columns if w) + 2 * len(columns) + 2
    for key, label, column_width in columns:
        table.add_column(label, key=key, width=column_width or max(10, width - fixed))


def cell(text: str, style: str = "") -> Text:
    """A cell that is cut with an ellipsis instead of wrapping or overflowing."""
    return Text(text, style=style, overflow="ellipsis", no_wrap=True)


def text_width(texts: Iterable[str], least: int = 4, most: int = 20) -> int:
    """A column as wide as its longest text (labels vary with the language), within bounds."""
    return max(least, min(most, max((len(t) for t in texts), default=least)))
