"""The sync monitor: for each authority, its devices, when each last synced, when data
from it last reached the server by any route, and what waits for it.

"Last data received" is when a group written by one of the authority's devices reached
the server, whoever delivered it: a group relayed on a USB stick through another office
counts for its author's authority. Who relayed it is not said: the server does not keep
which office carried another's groups (docs/security.md, "What the server sees"). "Pending" is, per device,
how many groups of the spaces it reads the server holds beyond what it last fetched.

Read by `entraide-server admin status` and by secretariat devices through
GET /v1/monitor (`monitor_routes`). The cursor table (`device_cursors`, migration 5)
lives in the server's database, whichever backend.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared import contracts
from shared.contracts.monitor import AuthorityStatus, DeviceStatus
from shared.contracts.monitor import Monitor as MonitorAnswer

from .limits import HttpError
from .storage import Device, Storage

SILENT_DAYS = 21  # an office silent this long stands out


class Monitor:
    """Reads and writes through the storage's database (its `_tx` and `_read`)."""

    def __init__(self, storage: Storage) -> None:
        self.db: Any = storage

    def note_delivered(self, device_id: str, cursors: Mapping[str, int]) -> None:
        with self.db._tx() as conn:
            conn.executemany(
                "INSERT INTO device_cursors (device_id, space, seq) VALUES (?, ?, ?)"
                " ON CONFLICT (device_id, space) DO UPDATE SET seq = excluded.seq",
                [(device_id, space, seq) for space, seq in cursors.items()],
            )

    def status(
        self, storage: Storage, now: dt.datetime | None = None, silent_days: int = SILENT_DAYS
    ) -> list[AuthorityStatus]:
        from .protocol import device_spaces  # the spaces a device reads, as pull decides

        now = now or dt.datetime.now(dt.timezone.utc)
        cursors: dict[str, dict[str, int]] = {}
        for device_id, space, seq in self.db._read(
            "SELECT device_id, space, seq FROM device_cursors"
        ):
            cursors.setdefault(device_id, {})[space] = int(seq)
        last = self._last_received()
        out = []
        devices_by_authority: dict[str, list[Device]] = {}
        for device in storage.devices():
            devices_by_authority.setdefault(device.authority, []).append(device)
        heads: dict[str, int] = {}
        for authority in storage.authorities():
            devices = []
            for device in devices_by_authority.get(authority.code, []):
                pending = 0
                if device.revoked_at is None:
                    for space in device_spaces(storage, device):
                        head = heads.setdefault(space, storage.head(space))
                        pending += max(0, head - cursors.get(device.device_id, {}).get(space, 0))
                devices.append(
                    DeviceStatus(
                        device_id=device.device_id,
                        name=device.name,
                        role=device.role,
                        last_sync=device.last_seen,
                        revoked_at=device.revoked_at,
                        pending=pending,
                    )
                )
            received_at = last.get(authority.code)
            since = received_at or authority.created_at
            silent = (now - dt.datetime.fromisoformat(since)).days
            out.append(
                AuthorityStatus(
                    authority=authority.code,
                    state=authority.state,
                    name=authority.name,
                    devices=devices,
                    last_received=received_at,
                    days_silent=silent,
                    silent=silent >= silent_days,
                    pending=sum(d.pending for d in devices),
                )
            )
        return sorted(out, key=lambda a: (-a.days_silent, a.authority))

    def _last_received(self) -> dict[str, str]:
        """authority -> when the last group one of its devices wrote reached the server."""
        rows = self.db._read(
            "SELECT d.authority, max(g.received_at) FROM groups g"
            " JOIN devices d ON d.device_id = g.author GROUP BY d.authority"
        )
        return {authority: received_at for authority, received_at in rows}


def monitor_routes(authenticate: Callable[[Request], Awaitable[Device]]) -> list[Route]:
    """GET /v1/monitor for secretariat devices (the app's exception handler answers refusals)."""

    async def status(request: Request) -> Response:
        device = await authenticate(request)
        if device.role != "secretariat":
            raise HttpError(403, f"device {device.device_id} is not a secretariat device")
        monitor: Monitor = request.app.state.monitor
        storage: Storage = request.app.state.storage
        answer = MonitorAnswer(await run_in_threadpool(monitor.status, storage))
        return JSONResponse(contracts.to_wire(answer))

    return [Route("/v1/monitor", status, methods=["GET"])]
