"""Enrollment: spend a one-time code at the server, keep the certificate and token."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
import msgpack

from shared.contracts.enroll import Enroll
from shared.enrollment import enroll_proof_payload, split_code
from shared.envelope import DeviceCert, EnvelopeError
from shared.i18n import _

from ..identity import load_identity, save_enrollment
from ..store import Store
from . import state
from .pinning import PIN_META
from .transport import HttpTransport, SyncError


@dataclass(frozen=True)
class Enrollment:
    device_id: str
    authority: str
    role: str
    server_url: str


def enroll(
    store: Store,
    server_url: str,
    code: str,
    name: str = "",
    transport: httpx.BaseTransport | None = None,
) -> Enrollment:
    """Register this device's key with the server; raises SyncError with a plain message.

    A code ending in `#<fingerprint>` pins the server's TLS certificate: enrollment
    already checks it, and every later connection does (`pinning.py`)."""
    try:
        code, pin = split_code(code)
    except ValueError as exc:
        raise SyncError(_("invalid enrollment code: {reason}").format(reason=exc)) from None
    if pin and not server_url.lower().startswith("https://"):
        raise SyncError(_("this enrollment code is for a TLS server: give its https:// address"))
    identity = load_identity(store)
    request = Enroll(
        code=code,
        device_id=identity.device_id,
        public_key=identity.public_key.hex(),
        name=name or identity.device_id,
        proof=identity.signing_key.sign(
            enroll_proof_payload(code, identity.device_id)
        ).signature.hex(),
    )
    with HttpTransport(server_url, transport=transport, pin=pin) as http:
        answer = http.enroll(request)
    try:
        cert = DeviceCert.from_wire(msgpack.unpackb(bytes.fromhex(answer.cert)))
        server_key = bytes.fromhex(answer.server_public_key)
        token = answer.token
        cert.verify(server_key)
    except (TypeError, ValueError, EnvelopeError, msgpack.UnpackException) as exc:
        raise SyncError(
            _("the server's enrollment answer is not valid ({reason})").format(reason=exc)
        ) from None
    if cert.device_id != identity.device_id or cert.public_key != identity.public_key:
        raise SyncError(_("the server issued a certificate for another device"))
    previous = store.get_meta("server_public_key")
    save_enrollment(store, cert, server_key, server_url.rstrip("/"), str(token))
    store.set_meta(PIN_META, pin or "")
    if previous != server_key.hex():
        state.reset_cursors(store)  # cursors belong to one server's log
    return Enrollment(cert.device_id, cert.authority, cert.role, server_url.rstrip("/"))
