"""Verifying, opening and applying signed groups that arrive from the server or a bundle.

Every group is checked before anything is written: its author's certificate
must be signed by the network's server key, the group signature must verify,
and the author must be allowed to write what it touches. Then the groups given
to `ingest_groups` are stored and applied in one transaction: all or nothing;
`ingest_in_slices` does so slice by slice, so that the writer is never held long.

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
from ..store import ApplyResult, IncomingChange, Store
from .groups import OPENED, QUARANTINED, UNREAD, is_held, mark_pushed_in, store_group
from .keyring import DecryptionError, Keyring
from .revocations import is_refused, store_refused
from .seal import claim_sealed
from .slices import timed_slices


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
            if is_held(conn, group_id):
                if from_server:
                    mark_pushed_in(conn, group_id)
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


def ingest_in_slices(
    store: Store,
    identity: Identity,
    keyring: Keyring,
    groups: list[SignedGroup],
    certs: Mapping[str, DeviceCert],
    from_server: bool,
) -> IngestReport:
    """`ingest_groups` slice by slice, each slice its own transaction of about 50 ms of CPU
    (`slices.timed_slices`), so the writer is free between slices. A group is the
    smallest unit: it is stored and applied whole, in one slice.

    IngestError stops at the slice that holds the refused group; the slices before it
    stay committed (each group in them was verified), and the next import or pull
    skips them by group id.
    """
    if not groups:  # still reports what waits in the store
        return ingest_groups(store, identity, keyring, groups, certs, from_server)
    total = IngestReport()
    for chunk in timed_slices(groups):
        ahead = ApplyResult(0, 0, 0, [])
        if len(chunk) == 1:  # one group may still be a long transaction
            ahead = _apply_ahead(store, identity, keyring, chunk[0], certs)
        part = ingest_groups(store, identity, keyring, chunk, certs, from_server)
        part.applied += ahead.applied
        part.rejected[:0] = ahead.rejected
        _merge(total, part)
    return total


# A group with more changes than this has them applied ahead, in slices of their own.
AHEAD_CHANGES = 64


def _apply_ahead(
    store: Store,
    identity: Identity,
    keyring: Keyring,
    group: SignedGroup,
    certs: Mapping[str, DeviceCert],
) -> ApplyResult:
    """Apply a large group's changes in timed slices before the group itself is stored.

    Only for a group that is new, verified, not refused by a revocation and readable
    by this device; anything else is left to `ingest_groups`. The group row comes
    last (`ingest_groups`, which then finds its changes held): a break in between
    leaves the group not held, so the next import or pull takes it again and applies
    what is missing.
    """
    none = ApplyResult(0, 0, 0, [])
    authority, role = identity.authority or "", identity.role or ""
    if is_held(store.conn, group.group_id) or is_refused(store.conn, group):
        return none
    try:
        verify_groups(store, identity, [group], certs)
    except IngestError:
        return none
    opened = open_group(group, keyring, may_read(authority, role, group.space))
    if opened.state != OPENED or len(opened.changes) <= AHEAD_CHANGES:
        return none
    # Slices of whole documents (each document's changes in group order), so that a
    # document is loaded and saved once for the group, as in `ingest_groups`.
    by_doc: dict[str, list[IncomingChange]] = {}
    for change in _incoming(group, group.group_id, opened):
        by_doc.setdefault(change.doc_id, []).append(change)
    # Admission reads the author's certificate facts from the store.
    remember_certs(store, [c for c in certs.values() if c.device_id == group.author])
    applied, rejected = 0, []
    for docs in timed_slices(list(by_doc.values())):
        result = store.apply_changes([c for changes in docs for c in changes])
        applied += result.applied
        rejected.extend(result.rejected)
    return ApplyResult(0, applied, 0, rejected)


def _merge(total: IngestReport, part: IngestReport) -> None:
    total.groups += part.groups
    total.new_groups += part.new_groups
    total.changes += part.changes
    total.applied += part.applied
    total.pending = part.pending  # of the whole store, after this part
    total.kept_unread += part.kept_unread
    total.revoked += part.revoked
    # A change refused in one slice may be refused again in a later one, placed in
    # another document (`placement.take_back`): it is one refused change.
    total.rejected.extend(h for h in part.rejected if h not in total.rejected)


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
