"""The secretariat's view of the network's sync: which office synced when, and which has
been silent (from the server's GET /v1/monitor)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shared.i18n import _

from ..store import Store
from .transport import HttpTransport, SyncError


@dataclass(frozen=True)
class DeviceStatus:
    device_id: str
    name: str
    role: str
    last_sync: str | None
    revoked_at: str | None
    pending: int


@dataclass(frozen=True)
class AuthorityStatus:
    authority: str
    state: str
    name: str
    last_received: str | None
    days_silent: int
    silent: bool
    pending: int
    devices: list[DeviceStatus] = field(default_factory=list)


def network_status(store: Store, server_url: str | None = None) -> list[AuthorityStatus]:
    """Ask the server; SyncError when this device is not the secretariat's or is offline."""
    url = server_url or store.get_meta("server_url")
    token = store.get_meta("device_token")
    if not url or not token:
        raise SyncError(_("this device is not enrolled with a server"))
    with HttpTransport(url, token, retries=1) as http:
        answer = http.monitor()
    try:
        return [_authority(row) for row in answer["authorities"]]
    except (KeyError, TypeError, ValueError):
        raise SyncError(
            _("the server's answer is damaged ({reason})").format(reason="monitor")
        ) from None


def _authority(row: dict[str, Any]) -> AuthorityStatus:
    devices = [
        DeviceStatus(**{k: d[k] for k in DeviceStatus.__dataclass_fields__}) for d in row["devices"]
    ]
    values = {k: row[k] for k in AuthorityStatus.__dataclass_fields__ if k != "devices"}
    return AuthorityStatus(**values, devices=devices)
