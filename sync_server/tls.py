"""TLS with a pinned server key: the certificate's fingerprint travels in the
enrollment code, so a self-signed server is as safe as one a public authority signed.

The fingerprint is the SHA-256 of the server certificate (DER), in hex. The client
checks it on every connection (`client/sync/pinning.py`); this side only computes it,
for `entraide-server admin code issue` to print it inside the code.
"""

from __future__ import annotations

import hashlib
import ssl
from pathlib import Path

FINGERPRINT_META = "tls_fingerprint"  # server_meta: the certificate the server serves


def fingerprint_of_pem(pem: bytes) -> str:
    """SHA-256 of the first certificate of a PEM file; ValueError if there is none."""
    try:
        der = ssl.PEM_cert_to_DER_cert(pem.decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        raise ValueError("not a PEM certificate") from None
    return hashlib.sha256(der).hexdigest()


def fingerprint_of_file(path: str) -> str:
    """The fingerprint of a PEM certificate file; StorageError-friendly ValueError."""
    try:
        return fingerprint_of_pem(Path(path).read_bytes())
    except OSError as exc:
        raise ValueError(f"cannot read certificate {path}: {exc.strerror}") from None
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None
