"""Sync state in a few plain words (dashboard and sync screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.i18n import _, ngettext

if TYPE_CHECKING:
    from client.sync.status import SyncStatus


def short_time(iso: str | None) -> str:
    """'2026-03-05T10:20:30+00:00' -> '2026-03-05 10:20'."""
    if not iso:
        return _("never")
    return iso.replace("T", " ")[:16]


def connection_words(status: SyncStatus) -> str:
    if status.online is None:
        return _("not tried yet")
    return _("online") if status.online else _("offline")


def sync_lines(status: SyncStatus | None, running: str | None = None) -> list[str]:
    """Two or three lines describing the sync state; `status` None = sync not installed."""
    if status is None:
        return [_("Sync: not available in this installation.")]
    lines = []
    if not status.enrolled:
        lines.append(_("Sync: this device is not enrolled with a server (see Settings)."))
    pending = sum(status.pending.values()) if status.pending else 0
    lines.append(
        _("Last successful sync: {when}   Changes waiting to be sent: {pending}").format(
            when=short_time(status.last_success), pending=pending
        )
    )
    state = connection_words(status)
    if running == "sync":
        state = _("syncing now…")
    line = _("Connection: {state}").format(state=state)
    if status.last_error and status.online is False:
        line += " (" + status.last_error + ")"
    lines.append(line)
    # Changes that can never be applied: they wait on a change of a revoked device.
    lines.extend(status.blocked_lines())
    return lines


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
