"""TLS with a pinned server key: the enrollment code carries the fingerprint of the
server's (self-signed) certificate; the device pins it and refuses any other server."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from serverproc import ServerProcess, share_keys

from client.cases import create_case, get_case
from client.store import Store
from client.sync import SyncAgent, SyncError, enroll
from client.sync.pinning import PIN_META


def self_signed(directory: Path, name: str) -> tuple[Path, Path, str]:
    """A new key and self-signed certificate for 127.0.0.1; returns paths and SHA-256."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    directory.mkdir(parents=True, exist_ok=True)
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    fingerprint = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()
    return cert_path, key_path, fingerprint


def tls_args(cert: Path, key: Path) -> list[str]:
    return ["--tls-cert", str(cert), "--tls-key", str(key)]


def test_a_pinned_self_signed_server_syncs_and_another_key_is_refused(tmp_path, server_db):
    cert, key, fingerprint = self_signed(tmp_path / "real", "entraide-real")
    db = server_db()
    server = ServerProcess(db, args=tls_args(cert, key), log=tmp_path / "real.log").start()
    stores: list[Store] = []
    try:
        assert server.url.startswith("https://")
        code = server.code("SN-TLS")
        assert code.endswith("#" + fingerprint)  # the code carries the certificate's hash
        for name in ("a", "b"):
            store = Store(tmp_path / f"{name}.sqlite")
            stores.append(store)
            enroll(store, server.url, server.code("SN-TLS") if name == "b" else code)
            assert store.get_meta(PIN_META) == fingerprint
        a, b = stores
        share_keys(a, b)
        case_id = create_case(a, {"direction": "incoming", "kind": "mla", "title": "over TLS"})
        SyncAgent(a).sync_once()
        SyncAgent(b).sync_once()
        assert get_case(b, case_id)["title"] == "over TLS"

        # The same address now answers with another key (an impostor, or a re-keyed
        # server): refused at the handshake, in plain words, not retried as a network error.
        server.stop()
        other_cert, other_key, other = self_signed(tmp_path / "other", "entraide-other")
        impostor = ServerProcess(
            db, server.port, args=tls_args(other_cert, other_key), log=tmp_path / "o.log"
        )
        impostor.start()
        try:
            with pytest.raises(SyncError) as refused:
                SyncAgent(a).sync_once()
            message = str(refused.value)
            assert "does not match the one pinned at enrollment" in message
            assert fingerprint[:16] in message and other[:16] in message
            assert not refused.value.unreachable
            # enrolling with a code pinned to the real server is refused there too
            fresh = Store(tmp_path / "c.sqlite")
            stores.append(fresh)
            with pytest.raises(SyncError, match="does not match"):
                enroll(fresh, impostor.url, code)
        finally:
            impostor.close()
    finally:
        for store in stores:
            store.close()
        server.close()


def test_a_pinned_code_needs_an_https_address(tmp_path, store):
    code = "ABCD-EFGH-JKLM-NPQR#" + "ab" * 32
    with pytest.raises(SyncError, match="https://"):
        enroll(store, "http://127.0.0.1:9", code)
    with pytest.raises(SyncError, match="fingerprint"):
        enroll(store, "https://127.0.0.1:9", "ABCD-EFGH-JKLM-NPQR#1234")
