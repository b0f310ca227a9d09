"""Verifying, opening and applying signed groups that arrive from the server or a bundle.

Every group is checked before anything is written: its author's certificate
must be signed by the network's server key, the group signature must verify,
and the author must be allowed to write what it touches. Then all groups are
stored and applied in one transaction: all or nothing.

A group is stored whole, as signed, whatever happens to its contents: this
device forwards it. Its changes become rows of `changes` (and are applied)
only when this device can open it; one that fails to open (tampered
ciphertext, malformed plaintext) is quarantined and never applied, and one this
device cannot read yet (another authority's, or its key has not arrived) stays
unread until `open_stored_groups` can open it.

Nothing in a group's contents makes ingest raise: a group that fails to open,
and each change the trust boundary refuses (`Store.apply_changes`, which calls
`shared.policy.admit`), is set aside with its reason for its document only, and
the rest of the batch is applied (see `faults.set_aside` for what is shown).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from shared.access import is_encrypted_space, may_read
from shared.changes import ChangeError, GroupChange, unpack_changes
from shared.envelope import DeviceCert, EnvelopeError, SignedGroup, check_write, verify_group
from shared.errors import EntraideError
from shared.i18n import _

from ..identity import Identity, known_cert, remember_certs
from ..store import IncomingChange, Store
from .groups import OPENED, QUARANTINED, UNREAD, store_group
from .keyring import DecryptionError, Keyring
from .revocations import is_refused, store_refused
from .seal import claim_sealed


class IngestError(EntraideError):
    """A group that must not be accepted; nothing of the batch was written."""


@dataclass
class IngestReport:
    groups: int = 0  # groups received
    new_groups: int = 0  # groups not held before
    changes: int = 0  # changes in the new groups this device could open
    applied: int = 0  # changes now applied to their documents
    pending: int = 0  # changes waiting for their dependencies (whole store)
    kept_unread: int = 0  # new groups this device cannot read (yet), kept for forwarding
    revoked: int = 0  # new groups refused: their author was revoked and they do not stand
    # Hex ids of groups that failed to open and of changes refused at the trust boundary.
    rejected: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Opened:
    """What this device could make of a group's payload."""

    state: int  # OPENED, UNREAD or QUARANTINED (groups.py)
    changes: list[GroupChange] = field(default_factory=list)
    error: str = ""


def open_group(group: SignedGroup, keyring: Keyring, readable: bool) -> Opened:
    """Decrypt (if need be) and parse a verified group; never raises for bad contents."""
    if not readable:
        return Opened(UNREAD)
    try:
        plaintext: bytes | None = group.payload
        if is_encrypted_space(group.space):
            plaintext = keyring.open(group.space, group.author, group.key_id, group.payload)
            if plaintext is None:
                return Opened(UNREAD)
        assert plaintext is not None
        return Opened(OPENED, unpack_changes(plaintext))
    except (DecryptionError, ChangeError) as exc:
        return Opened(QUARANTINED, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a hostile payload must not stop the batch
        return Opened(QUARANTINED, error=_("could not be opened ({reason})").format(reason=exc))


def verify_groups(
    store: Store, identity: Identity, groups: Iterable[SignedGroup], certs: Mapping[str, DeviceCert]
) -> None:
    """Raise IngestError naming the first group that fails a check."""
    if identity.server_public_key is None:
        raise IngestError(
            _("this device is not enrolled, so it cannot check who wrote what it receives")
        )
    checked: dict[str, DeviceCert] = {}
    for group in groups:
        cert = checked.get(group.author)
        if cert is None:
            cert = certs.get(group.author) or known_cert(store, group.author)
            if cert is None or cert.device_id != group.author:
                raise IngestError(
                    _("unknown device {device}: no certificate for it").format(device=group.author)
                )
            try:
                cert.verify(identity.server_public_key)
            except EnvelopeError as exc:
                raise IngestError(str(exc)) from None
            checked[group.author] = cert
        try:
            verify_group(group, cert.public_key)
            check_write(group, cert.authority, cert.role)
        except EnvelopeError as exc:
            raise IngestError(str(exc)) from None
        except ChangeError:
            pass  # signed but malformed: stored and quarantined by `ingest_groups`


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
        remember_certs(
            store, [c for c in certs.values() if c.device_id in {g.author for g in groups}]
        )
        incoming: list[IncomingChange] = []
        for group in groups:
            group_id = group.group_id
            if conn.execute("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)).fetchone():
                if from_server:
                    conn.execute("UPDATE groups SET pushed = 1 WHERE group_id = ?", (group_id,))
                continue
            report.new_groups += 1
            opened = open_group(group, keyring, may_read(authority, role, group.space))
            if is_refused(conn, group):  # its author's revocation does not list it
                store_refused(conn, group, opened.changes)
                report.revoked += 1
                continue
            store_group(
                conn,
                group,
                pushed=from_server,
                opened=opened.state,
                changes=len(opened.changes),
                fault=opened.error or None,
            )
            if group.author == identity.device_id:
                claim_sealed(conn, group_id, [c.hash for c in opened.changes])
            _count(report, group_id, opened)
            incoming.extend(_incoming(group, group_id, opened))
        _apply(store, incoming, report)
    return report


def open_stored_groups(store: Store, keyring: Keyring, space: str) -> IngestReport:
    """Open and apply the unread groups of `space` whose key this device now holds."""
    report = IngestReport()
    with store.write() as conn:
        rows = conn.execute(
            "SELECT group_id, space, author, key_id, payload, signature FROM groups"
            " WHERE space = ? AND opened = ? ORDER BY seq",
            (space, UNREAD),
        ).fetchall()
        incoming: list[IncomingChange] = []
        for group_id, *fields in rows:
            group = SignedGroup(*fields)
            opened = open_group(group, keyring, True)
            if opened.state == UNREAD:
                continue
            conn.execute(
                "UPDATE groups SET opened = ?, changes = ?, fault = ? WHERE group_id = ?",
                (opened.state, len(opened.changes), opened.error or None, group_id),
            )
            _count(report, group_id, opened)
            incoming.extend(_incoming(group, group_id, opened))
        _apply(store, incoming, report)
    return report


def _apply(store: Store, incoming: list[IncomingChange], report: IngestReport) -> None:
    result = store.apply_changes(incoming)
    report.applied = result.applied
    report.pending = result.pending
    report.rejected.extend(result.rejected)


def _count(report: IngestReport, group_id: bytes, opened: Opened) -> None:
    report.changes += len(opened.changes)
    if opened.state == UNREAD:
        report.kept_unread += 1
    elif opened.state == QUARANTINED:
        report.rejected.append(group_id.hex())


def _incoming(group: SignedGroup, group_id: bytes, opened: Opened) -> list[IncomingChange]:
    return [
        IncomingChange(
            hash=change.hash,
            doc_id=change.doc_id,
            space=group.space,
            author=group.author,
            body=change.raw,
            group_id=group_id,
            position=position,
        )
        for position, change in enumerate(opened.changes)
    ]


def quarantined_groups(store: Store) -> list[tuple[str, str, str]]:
    """Groups that failed to open: (group id hex, space, author)."""
    rows = store.conn.execute(
        "SELECT group_id, space, author FROM groups WHERE opened = ? ORDER BY seq", (QUARANTINED,)
    )
    return [(g.hex(), s, a) for g, s, a in rows]
