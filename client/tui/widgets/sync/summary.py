"""Sync state in a few plain words (dashboard and sync screen)."""

from __future__ import annotations

from typing import Any

from shared.i18n import _


def short_time(iso: str | None) -> str:
    """'2026-03-05T10:20:30+00:00' -> '2026-03-05 10:20'."""
    if not iso:
        return _("never")
    return iso.replace("T", " ")[:16]


def connection_words(status: Any) -> str:
    if status.online is None:
        return _("not tried yet")
    return _("online") if status.online else _("offline")


def sync_lines(status: Any | None, running: str | None = None) -> list[str]:
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
    lines.extend(getattr(status, "blocked_lines", list)())
    return lines
