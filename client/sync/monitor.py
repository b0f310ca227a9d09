"""The secretariat's view of the network's sync: which office synced when, and which has
been silent (from the server's GET /v1/monitor)."""

from __future__ import annotations

from shared.contracts.monitor import AuthorityStatus, DeviceStatus
from shared.i18n import _

from ..store import Store
from .transport import HttpTransport, SyncError

__all__ = ["AuthorityStatus", "DeviceStatus", "network_status"]  # the contract's rows


def network_status(store: Store, server_url: str | None = None) -> list[AuthorityStatus]:
    """Ask the server; SyncError when this device is not the secretariat's or is offline."""
    url = server_url or store.get_meta("server_url")
    token = store.get_meta("device_token")
    if not url or not token:
        raise SyncError(_("this device is not enrolled with a server"))
    with HttpTransport(url, token, retries=1) as http:
        return http.monitor().authorities
