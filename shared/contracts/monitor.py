"""The secretariat's sync monitor (`GET /v1/monitor`, JSON): per authority its devices,
when each last synced, when data last arrived, and the groups waiting for it."""

from __future__ import annotations

from msgspec import Struct


class DeviceStatus(Struct, frozen=True):
    device_id: str
    name: str
    role: str
    last_sync: str | None
    revoked_at: str | None
    pending: int


class AuthorityStatus(Struct, frozen=True):
    authority: str
    state: str
    name: str
    last_received: str | None
    days_silent: int
    silent: bool
    pending: int
    devices: list[DeviceStatus] = []


class Monitor(Struct):
    authorities: list[AuthorityStatus]
