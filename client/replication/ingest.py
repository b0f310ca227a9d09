"""Verifying and applying signed groups that arrive from the server or a bundle.

Every group is checked before anything is written: its author's certificate
must be signed by the network's server key, the group signature must verify,
and the author must be allowed to write every document it touches. Then all
groups are stored and applied in one transaction: all or nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from shared.access import is_encrypted_space, may_read, may_write
from shared.envelope import DeviceCert, EnvelopeError, SignedGroup, verify_group

from ..identity import Identity, known_cert, remember_certs
from ..store import IncomingChange, Store
from .keyring import DecryptionError, Keyring


class IngestError(Exception):
    """A group that must not be accepted; nothing of the batch was written."""


@dataclass
class IngestReport:
    groups: int = 0  # groups received
    new_groups: int = 0  # groups not held before
    envelopes: int = 0  # envelopes in the new groups
    applied: int = 0  # changes now applied to their documents
    pending: int = 0  # changes waiting for their dependencies (whole store)
    kept_unread: int = 0  # envelopes of spaces this device may not read, kept for forwarding
    rejected: list[str] = field(default_factory=list)  # hashes refused (malformed or failed decryption)


def verify_groups(
    store: Store, identity: Identity, groups: Iterable[SignedGroup], certs: Mapping[str, DeviceCert]
) -> None:
    """Raise IngestError naming the first group that fails a check."""
    if identity.server_public_key is None:
        raise IngestError("this device is not enrolled, so it cannot check who wrote what it receives")
    checked: dict[str, DeviceCert] = {}
    for group in groups:
        cert = checked.get(group.author)
        if cert is None:
            cert = certs.get(group.author) or known_cert(store, group.author)
            if cert is None or cert.device_id != group.author:
                raise IngestError(f"unknown device {group.author}: no certificate for it")
            try:
                cert.verify(identity.server_public_key)
            except EnvelopeError as exc:
                raise IngestError(str(exc)) from None
            checked[group.author] = cert
        try:
            verify_group(group, cert.public_key)
        except EnvelopeError as exc:
            raise IngestError(str(exc)) from None
        for envelope in group.envelopes:
            if not may_write(cert.authority, cert.role, group.space, envelope.doc_id):
                raise IngestError(
                    f"device {group.author} of {cert.authority} may not write "
                    f"'{envelope.doc_id}' in {group.space}"
                )


def ingest_groups(
    store: Store,
    identity: Identity,
    keyring: Keyring,
    groups: list[SignedGroup],
    certs: Mapping[str, DeviceCert],
    from_server: bool,
) -> IngestReport:
    """Verify, then store and apply all groups in one transaction."""
    verify_groups(store, identity, groups, certs)
    report = IngestReport(groups=len(groups))
    authority, role = identity.authority or "", identity.role or ""
    with store.write() as conn:
        remember_certs(store, [c for c in certs.values() if c.device_id in {g.author for g in groups}])
        incoming: list[IncomingChange] = []
        for group in groups:
            group_id = group.group_id
            if conn.execute("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)).fetchone():
                if from_server:
                    conn.execute("UPDATE groups SET pushed = 1 WHERE group_id = ?", (group_id,))
                continue
            report.new_groups += 1
            report.envelopes += len(group.envelopes)
            conn.execute(
                "INSERT INTO groups (group_id, space, author, signature, size, pushed, seq)"
                " VALUES (?, ?, ?, ?, ?, ?, (SELECT coalesce(max(seq), 0) + 1 FROM groups))",
                (group_id, group.space, group.author, group.signature,
                 sum(len(e.body) for e in group.envelopes), int(from_server)),
            )
            readable = may_read(authority, role, group.space)
            for position, envelope in enumerate(group.envelopes):
                body, quarantined = None, False
                if readable and not is_encrypted_space(group.space):
                    body = envelope.body
                elif readable:
                    try:
                        body = keyring.decrypt(
                            group.space, envelope.doc_id, envelope.hash, envelope.key_id, envelope.body
                        )
                    except DecryptionError:
                        quarantined = True
                        report.rejected.append(envelope.hash.hex())
                if body is None and not quarantined:
                    report.kept_unread += 1
                incoming.append(
                    IncomingChange(
                        hash=envelope.hash, doc_id=envelope.doc_id, space=group.space,
                        author=group.author, body=body, envelope=envelope.body,
                        key_id=envelope.key_id, group_id=group_id, position=position,
                        quarantined=quarantined,
                    )
                )
        result = store.apply_changes(incoming)
    report.applied = result.applied
    report.pending = result.pending
    report.rejected.extend(result.rejected)
    return report
