"""A pinned server key: TLS to a server whose certificate no public authority signed.

The enrollment code carries the SHA-256 fingerprint of the server's certificate
(`ABCD-EFGH-JKLM-NPQR#<64 hex>`); the device keeps it (store meta `server_pin`) and
every later connection checks it during the TLS handshake, before a byte of the
request (the device token) is sent. A server with another certificate is refused.
The pin replaces the certificate-authority and host-name checks: it names the one
certificate this device trusts for its server.
"""

from __future__ import annotations

import hashlib
import hmac
import ssl

from shared.i18n import _

PIN_META = "server_pin"


class PinMismatch(ssl.SSLCertVerificationError):
    """The server's certificate is not the one pinned at enrollment."""

    def __init__(self, expected: str, got: str) -> None:
        super().__init__(
            _(
                "the server's certificate does not match the one pinned at enrollment"
                " (expected SHA-256 {expected}..., got {got}...): connection refused"
            ).format(expected=expected[:16], got=got[:16])
        )
        self.expected = expected
        self.got = got


def fingerprint(der: bytes) -> str:
    return hashlib.sha256(der).hexdigest()


def _check(expected: str, der: bytes | None) -> None:
    got = fingerprint(der or b"")
    if not hmac.compare_digest(got, expected):
        raise PinMismatch(expected, got)


def pinned_context(expected: str) -> ssl.SSLContext:
    """A client SSL context that accepts exactly the certificate with this fingerprint."""
    expected = expected.lower()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the pin below is the check

    class PinnedSocket(ssl.SSLSocket):
        def do_handshake(self, block: bool = False) -> None:
            super().do_handshake(block)
            _check(expected, self.getpeercert(binary_form=True))

    class PinnedObject(ssl.SSLObject):  # TLS through a proxy's tunnel
        def do_handshake(self) -> None:
            super().do_handshake()
            _check(expected, self.getpeercert(binary_form=True))

    context.sslsocket_class = PinnedSocket
    context.sslobject_class = PinnedObject
    return context


def pin_refusal(exc: BaseException) -> PinMismatch | None:
    """The pin mismatch behind a connection error, if that is what it was."""
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, PinMismatch):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    for arg in exc.args:
        if isinstance(arg, PinMismatch):
            return arg
    return None
