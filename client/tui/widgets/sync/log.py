"""The Sync screen's log of rounds and transfers, repeats folded."""

from __future__ import annotations

from shared.i18n import ngettext

LogRow = tuple[str, str, str, str]  # when, what, result, details


def fold_repeats(rows: list[LogRow]) -> list[LogRow]:
    """Identical rounds in a row (newest first), e.g. "offline" every minute, become one row
    that says how many times and since when."""
    folded: list[tuple[LogRow, int, str]] = []  # (newest row, count, oldest time)
    for row in rows:
        if folded and folded[-1][0][1:] == row[1:]:
            newest, count, _oldest = folded[-1]
            folded[-1] = (newest, count + 1, row[0])
        else:
            folded.append((row, 1, row[0]))
    result: list[LogRow] = []
    for (when, what, outcome, details), count, oldest in folded:
        if count > 1:
            details = ngettext(
                "{details} ({count} time since {since})",
                "{details} ({count} times since {since})",
                count,
            ).format(details=details, count=count, since=oldest)
        result.append((when, what, outcome, details))
    return result
