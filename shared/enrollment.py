"""What a device signs at enrollment: the same bytes on the client and on the server."""

from __future__ import annotations


def normalize_code(code: str) -> str:
    """Enrollment codes are read aloud and typed: case and spaces do not matter."""
    return code.strip().upper().replace(" ", "")


def enroll_proof_payload(code: str, device_id: str) -> bytes:
    """Signed by the device to prove it holds the key it registers."""
    return b"entraide-enroll\x00" + normalize_code(code).encode() + b"\x00" + device_id.encode()
