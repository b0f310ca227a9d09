"""TLS with a pinned server key: the certificate's fingerprint travels in the
enrollment code, so a self-signed server is as safe as one a public authority signed.

The fingerprint is the SHA-256 of the server certificate (DER), in hex. The client
checks it on every connection (`client/sync/pinning.py`); this side only computes it,
for `entraide-server admin code issue` to print it inside the code.
"""

from __future__ import annotations

import hashlib
import ssl


def fingerprint_of_pem(pem: bytes) -> str:
    """SHA-256 of the first certificate of a PEM file; ValueError if there is none."""
    try:
        der = ssl.PEM_cert_to_DER_cert(pem.decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        raise ValueError("not a PEM certificate") from None
    return hashlib.sha256(der).hexdigest()
