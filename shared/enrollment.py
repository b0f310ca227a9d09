"""What a device signs at enrollment: the same bytes on the client and on the server."""

from __future__ import annotations

from shared.i18n import _


def normalize_code(code: str) -> str:
    """Enrollment codes are read aloud and typed: case and spaces do not matter."""
    return code.strip().upper().replace(" ", "")


def enroll_proof_payload(code: str, device_id: str) -> bytes:
    """Signed by the device to prove it holds the key it registers."""
    return b"entraide-enroll\x00" + normalize_code(code).encode() + b"\x00" + device_id.encode()


def split_code(text: str) -> tuple[str, str | None]:
    """An enrollment code as given to a device: `CODE` or `CODE#<server certificate's
    SHA-256 in hex>` (the pin of a TLS server); returns (code, fingerprint or None)."""
    code, sep, pin = text.strip().partition("#")
    if not sep:
        return code, None
    pin = pin.strip().lower().replace(":", "")
    if len(pin) != 64 or any(c not in "0123456789abcdef" for c in pin):
        raise ValueError(_("the part after '#' must be the server's 64-hex-digit fingerprint"))
    return code, pin


def with_pin(code: str, fingerprint: str | None) -> str:
    return f"{code}#{fingerprint}" if fingerprint else code
