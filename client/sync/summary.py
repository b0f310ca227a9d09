"""Sync state in a few plain words: the terminal app's dashboard and Sync screen, and
`entraide sync --status`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.i18n import _

if TYPE_CHECKING:
    from .status import SyncStatus


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


def space_label(space: str) -> str:
    """A sync space as people name it ("Cases of SN-CA")."""
    prefix, _sep, code = space.partition("/")
    if space == "directory":
        return _("Directory")
    if space == "library":
        return _("Legal library")
    if prefix == "authority":
        return _("Cases of {authority}").format(authority=code)
    if prefix == "returns":
        return _("Statistics of {authority}").format(authority=code)
    return space
