"""Administration: authorities, enrollment codes, devices. Used by `entraide-server admin`.

Each function returns plain data (for --json) and raises StorageError with a
message for the operator.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgpack

from shared import contracts
from shared.access import ROLES, valid_code
from shared.enrollment import normalize_code, with_pin
from shared.i18n import _, ngettext
from shared.revocation import Revocation

from . import keys, tls
from .monitor import SILENT_DAYS, Monitor
from .storage import Device, MakeRevocation, Storage, StorageError


def add_authority(storage: Storage, code: str, state: str, name: str) -> dict[str, Any]:
    if not valid_code(code):
        raise StorageError(f"authority code {code!r} must be 1-32 letters, digits, '-' or '_'")
    if not (len(state) == 2 and state.isalpha()):
        raise StorageError(f"state {state!r} must be a two-letter ISO code")
    if not name.strip():
        raise StorageError("the authority needs a name")
    authority = storage.add_authority(code, state.upper(), name.strip())
    return vars(authority)


def list_authorities(storage: Storage) -> list[dict[str, Any]]:
    return [vars(a) for a in storage.authorities()]


def issue_code(
    storage: Storage, authority: str, role: str, hours: float = 72, tls_cert: str | None = None
) -> dict[str, Any]:
    """A one-time enrollment code; only its hash is kept, so it is shown this once.

    When the server speaks TLS, the code carries its certificate's SHA-256
    (`CODE#fingerprint`) for the device to pin: the certificate given here (e.g. a
    reverse proxy's), else the one the server last started with."""
    if role not in ROLES:
        raise StorageError(f"role must be one of {', '.join(ROLES)}")
    if not 0 < hours <= 24 * 90:
        raise StorageError("a code must expire within 90 days (--hours between 0 and 2160)")
    code = keys.new_enrollment_code()
    expires = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(hours=hours)
    try:
        pin = (
            tls.fingerprint_of_file(tls_cert)
            if tls_cert
            else storage.get_meta(tls.FINGERPRINT_META)
        )
    except ValueError as exc:
        raise StorageError(str(exc)) from None
    storage.add_code(keys.hash_secret(normalize_code(code)), authority, role, expires.isoformat())
    return {
        "code": with_pin(code, pin),
        "authority": authority,
        "role": role,
        "expires_at": expires.isoformat(),
        "tls_fingerprint": pin,
    }


def device_dict(device: Device) -> dict[str, Any]:
    return {
        "device_id": device.device_id,
        "authority": device.authority,
        "role": device.role,
        "name": device.name,
        "public_key": device.public_key.hex(),
        "enrolled_at": device.enrolled_at,
        "last_seen": device.last_seen,
        "revoked_at": device.revoked_at,
    }


def list_devices(storage: Storage, authority: str | None = None) -> list[dict[str, Any]]:
    return [device_dict(d) for d in storage.devices(authority)]


def revoke_device(storage: Storage, device_id: str) -> dict[str, Any]:
    """Refuse the device from now on, and sign the record of which of its groups stand."""
    device = storage.revoke(device_id, revocation_signer(storage))
    standing = 0
    for _seq, wire in storage.revocations_after(0):
        record = Revocation.from_wire(msgpack.unpackb(wire))
        if record.device_id == device_id:
            standing = len(record.accepted)
    return {**device_dict(device), "groups_standing": standing}


def revocation_signer(storage: Storage) -> MakeRevocation:
    key = keys.server_key(storage)

    def make(device_id: str, authority: str, revoked_at: str, accepted: list[bytes]) -> bytes:
        record = Revocation(device_id, authority, revoked_at, frozenset(accepted))
        return msgpack.packb(record.signed_by(key).to_wire(), use_bin_type=True)

    return make


def record_missing_revocations(storage: Storage) -> None:
    """Devices revoked before revocation records existed get theirs (at server start)."""
    make = revocation_signer(storage)
    for device in storage.devices():
        if device.revoked_at is not None:
            storage.revoke(device.device_id, make)


def network_status(storage: Storage, silent_days: int = SILENT_DAYS) -> list[dict[str, Any]]:
    """The sync monitor: per authority, its devices, last sync, last data received."""
    if silent_days < 1:
        raise StorageError("--silent-days must be at least 1")
    return contracts.to_wire(Monitor(storage).status(storage, silent_days=silent_days))


def status_text(rows: list[dict[str, Any]]) -> str:
    """Silent offices first, marked, then one line per device (in the current language)."""
    if not rows:
        return _("(no authority)")
    lines = []
    for row in rows:
        mark = _("!! SILENT") if row["silent"] else _("ok")
        lines.append(
            f"{mark:9} {row['authority']:12} "
            + ngettext(
                "last data {last}, {days} day ago; {pending} group(s) waiting",
                "last data {last}, {days} days ago; {pending} group(s) waiting",
                row["days_silent"],
            ).format(
                last=row["last_received"] or _("never"),
                days=row["days_silent"],
                pending=row["pending"],
            )
        )
        for device in row["devices"]:
            state = (
                _("revoked {date}").format(date=device["revoked_at"])
                if device["revoked_at"]
                else _("last sync {date}, {count} waiting").format(
                    date=device["last_sync"] or _("never"), count=device["pending"]
                )
            )
            lines.append(f"          - {device['device_id']} ({device['role']}): {state}")
    return "\n".join(lines)
