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

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from shared.access import is_encrypted_space, may_read
from shared.changes import ChangeError, GroupChange, unpack_changes
from shared.envelope import DeviceCert, EnvelopeError, SignedGroup, check_write, verify_group
from shared.errors import EntraideError
from shared.i18n import _

from ..identity import Identity, known_cert, remember_certs
from ..store import IncomingChange, Store
from ..store.judge_pool import Speculation
from ..store.judging import Verdicts
from .groups import (
    OPENED,
    QUARANTINED,
    UNREAD,
    is_held,
    mark_opened,
    mark_pushed_in,
    store_group,
    unread_groups,
)
from .keyring import DecryptionError, Keyring
from .revocations import is_refused, store_refused
from .seal import claim_sealed
from .slices import Pacer


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
    with store.write():
        remember_certs(
            store, [c for c in certs.values() if c.device_id in {g.author for g in groups}]
        )
        incoming: list[IncomingChange] = []
        for group in groups:
            arrival = _arrive(store, identity, keyring, group)
            if _record(store, identity, arrival, from_server, report):
                incoming.extend(arrival.incoming())
        _apply(store, incoming, report)
    return report


def ingest_in_slices(
    store: Store,
    identity: Identity,
    keyring: Keyring,
    groups: list[SignedGroup],
    certs: Mapping[str, DeviceCert],
    from_server: bool,
    pacer: Pacer | None = None,
) -> IngestReport:
    """`ingest_groups` slice by slice, each slice its own transaction of about 50 ms of CPU
    (`slices.Pacer`; give the same pacer to successive calls, as a pull does for its
    batches, so that the slices keep their size), so the writer is free between slices.

    Every group is verified first (IngestError before anything is written), and
    opened once. A slice holds whole documents of one group or more: each
    document's changes of one group are stored and judged in one transaction. A
    group's row is stored in the slice that applies its last document: a break
    before leaves the group not held, so the next import or pull takes it again
    and applies what is missing (changes are idempotent by hash).
    """
    if not groups:  # still reports what waits in the store
        return ingest_groups(store, identity, keyring, groups, certs, from_server)
    verify_groups(store, identity, groups, certs)
    authors = {g.author for g in groups}
    # Admission reads the authors' certificate facts from the store.
    remember_certs(store, [c for c in certs.values() if c.device_id in authors])
    pacer = pacer or Pacer()
    total = IngestReport(groups=len(groups))

    def record(arrival: _Arrival, part: IngestReport) -> None:
        _record(store, identity, arrival, from_server, part)

    windows = _windows(_units(store, identity, keyring, groups))
    window = next(windows, None)
    # The window's new documents are judged ahead in worker processes when they are many
    # (`Store.speculate`), the next window's as soon as this one's slices start, so that
    # the workers judge while this process writes; each slice waits for its verdicts
    # before it takes the writer, and the store judges itself whatever changed meanwhile.
    # A slice's large documents (a returns book of thousands of entries) are judged here
    # before it takes the writer (`Store.judge_ahead`), so that a save never waits
    # behind one: the writer is left only their writing.
    speculation, ahead = _speculate(store, window), None
    try:
        while window is not None:
            following = next(windows, None)
            ahead = _speculate(store, following)
            for items in pacer.slices(window):
                verdicts = _judge_first(store, pacer, items, speculation)
                _slice(store, items, verdicts, total, record)
            if speculation is not None:
                speculation.cancel()
            window, speculation, ahead = following, ahead, None
    finally:  # an error or a break: nothing more is judged for this batch
        for left in (speculation, ahead):
            if left is not None:
                left.cancel()
    return total


def _speculate(
    store: Store, window: list[list[IncomingChange] | _Arrival] | None
) -> Speculation | None:
    if window is None:
        return None
    return store.speculate([u for u in window if isinstance(u, list)])


def _judge_first(
    store: Store, pacer: Pacer, items: list[Any], speculation: Speculation | None = None
) -> Verdicts:
    """What a slice judges before it takes the writer: the verdicts of its documents from
    the worker processes (`speculation`), and its large documents here (`judge_ahead`)."""
    units = [i for i in items if isinstance(i, list)]
    verdicts = speculation if speculation is not None else Verdicts()
    with pacer.outside_writer():
        if speculation is not None:
            speculation.wait_for([u[0].doc_id for u in units])
        store.judge_ahead(units, verdicts)
    return verdicts


def _slice(
    store: Store,
    items: list[Any],
    ahead: Verdicts,
    total: IngestReport,
    record: Callable[[Any, IngestReport], None],
) -> None:
    """One slice in one transaction: its documents' changes (the lists among `items`),
    then the groups it ends (the others, each given to `record`)."""
    incoming = [c for item in items if isinstance(item, list) for c in item]
    part = IngestReport()
    with store.write():
        _apply(store, incoming, part, ahead)
        for item in items:
            if not isinstance(item, list):
                record(item, part)
    _merge(total, part)


# Documents opened and judged ahead together: bounds the memory a large batch takes.
WINDOW = 512


def _windows(
    units: Iterator[list[IncomingChange] | _Arrival],
) -> Iterator[list[list[IncomingChange] | _Arrival]]:
    window: list[list[IncomingChange] | _Arrival] = []
    documents = 0
    for unit in units:
        window.append(unit)
        documents += isinstance(unit, list)
        if documents >= WINDOW and isinstance(unit, _Arrival):  # a group is never split
            yield window
            window, documents = [], 0
    if window:
        yield window


@dataclass
class _Arrival:
    """A verified group and what this device makes of it (read once, outside the writer)."""

    group: SignedGroup
    held: bool
    refused: bool  # its author's revocation does not list it
    opened: Opened

    def readable_now(self) -> bool:
        return not self.held and not self.refused and self.opened.state == OPENED

    def incoming(self) -> list[IncomingChange]:
        return _incoming(self.group, self.group.group_id, self.opened)


def _arrive(store: Store, identity: Identity, keyring: Keyring, group: SignedGroup) -> _Arrival:
    conn = store.conn
    if is_held(conn, group.group_id):
        return _Arrival(group, True, False, Opened(UNREAD))
    readable = may_read(identity.authority or "", identity.role or "", group.space)
    return _Arrival(group, False, is_refused(conn, group), open_group(group, keyring, readable))


def _record(
    store: Store,
    identity: Identity,
    arrival: _Arrival,
    from_server: bool,
    report: IngestReport,
) -> bool:
    """Store a group's row (in the writer's transaction); True if its changes are to be
    applied. A group found held meanwhile (another import) is only marked."""
    conn = store.conn
    group, group_id = arrival.group, arrival.group.group_id
    if arrival.held or is_held(conn, group_id):
        if from_server:
            mark_pushed_in(conn, group_id)
        return False
    report.new_groups += 1
    if arrival.refused or is_refused(conn, group):
        store_refused(conn, group, arrival.opened.changes)
        report.revoked += 1
        return False
    opened = arrival.opened
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
    return True


def _units(
    store: Store, identity: Identity, keyring: Keyring, groups: list[SignedGroup]
) -> Iterator[list[IncomingChange] | _Arrival]:
    """The work of a batch in order: for each group, each of its documents' changes (a list),
    then the group itself (its row is stored once those are applied)."""
    for group in groups:
        arrival = _arrive(store, identity, keyring, group)
        if arrival.readable_now():
            yield from _by_document(arrival.incoming())
        yield arrival


def _merge(total: IngestReport, part: IngestReport) -> None:
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
    """Open and apply the unread groups of `space` whose key this device now holds, slice
    by slice as an import does (a new device's key can arrive after thousands of its
    cases). A group is marked opened in the slice that applies its last document: a
    break before leaves it unread, and the next call opens it again (changes are
    idempotent by hash)."""
    report = IngestReport()
    pacer = Pacer()

    def record(reopened: _Reopened, part: IngestReport) -> None:
        opened = reopened.opened
        state, count, fault = opened.state, len(opened.changes), opened.error or None
        mark_opened(store.conn, reopened.group_id, state, count, fault)
        _count(part, reopened.group_id, opened)

    for items in pacer.slices(_stored_units(store, keyring, space)):
        _slice(store, items, _judge_first(store, pacer, items), report, record)
    return report


@dataclass(frozen=True)
class _Reopened:
    """A held group this device can open now."""

    group_id: bytes
    opened: Opened


def _stored_units(
    store: Store, keyring: Keyring, space: str
) -> Iterator[list[IncomingChange] | _Reopened]:
    """As `_units`, for the held groups of `space` that open now."""
    for group_id, group in unread_groups(store, space):
        opened = open_group(group, keyring, True)
        if opened.state == UNREAD:
            continue
        yield from _by_document(_incoming(group, group_id, opened))
        yield _Reopened(group_id, opened)


def _by_document(changes: list[IncomingChange]) -> Iterable[list[IncomingChange]]:
    """A group's changes, document by document (each applied whole in one slice)."""
    by_doc: dict[str, list[IncomingChange]] = {}
    for change in changes:
        by_doc.setdefault(change.doc_id, []).append(change)
    return by_doc.values()


def _apply(
    store: Store,
    incoming: list[IncomingChange],
    report: IngestReport,
    ahead: Verdicts | None = None,
) -> None:
    result = store.apply_changes(incoming, ahead)
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
