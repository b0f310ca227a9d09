"""The sync agent: one round = seal, push what the server lacks, pull until caught up.

- Push sends unacknowledged groups in local order, in batches bounded in bytes;
  a group is marked pushed only once the server acknowledged it.
- Pull asks for groups after this device's per-space cursors; each batch is
  ingested and its cursors saved in ONE store transaction, so a break at any
  byte costs at most the batch in flight, and nothing is applied twice.
- Network I/O happens outside store transactions; the store's write lock is
  only held to seal, mark and ingest one batch, so local work is never blocked
  for long.
- An incremental round costs one push and one pull (one when nothing is new).
"""

from __future__ import annotations

import datetime as dt
import random
import threading
import time
from dataclasses import dataclass, field
from typing import Any, cast

import httpx

from shared.access import may_read
from shared.contracts.sync import Pull, PullAnswer, Push, PushAnswer, WireGroup
from shared.envelope import DeviceCert, EnvelopeError, SignedGroup
from shared.i18n import _
from shared.revocation import Revocation

from ..exchange import ReceiveReport, receive
from ..identity import Identity, known_cert, load_identity
from ..keys import KeyManagementError, default_keyring
from ..progress import Progress, ProgressCallback, ignore_progress
from ..replication import (
    IngestError,
    ingest_in_slices,
    mark_all_unpushed,
    mark_pushed,
    record_refusal,
    seal_local_changes,
    unpushed_groups,
)
from ..replication.groups import changes_in_groups, unpushed_change_count
from ..replication.ingest import verify_groups
from ..replication.revocations import apply_revocations, parse_records
from ..replication.slices import Pacer
from ..store import Store
from . import state
from .keystep import key_sync_due, keyset_changed, run_key_sync
from .pinning import PIN_META
from .transport import HttpTransport, SyncError

DEFAULT_BATCH_BYTES = 256 * 1024
# A device far behind (a first sync) pulls in larger batches: 100,000 groups take 7
# round trips at 4 MiB instead of 97 at 256 KiB. (Not by bytes left: 10,000 cases in 126
# groups pulled in 4 MiB batches took 5 round trips instead of 28, but 11 MB more memory.)
CATCH_UP_GROUPS = 2000
CATCH_UP_BYTES = 4 * 1024 * 1024
REFUSED = -1  # groups.pushed for a group the server refused (logged, never re-sent)


@dataclass
class SyncReport:
    pushed: int = 0  # changes acknowledged by the server (those this device can count)
    pulled: int = 0  # changes received in groups new to this device (that it could open)
    applied: int = 0  # changes applied to documents
    bytes_up: int = 0
    bytes_down: int = 0
    round_trips: int = 0
    seconds: float = 0.0
    sealed: int = 0  # groups made from local changes this round
    pushed_groups: int = 0
    pulled_groups: int = 0
    pending: int = 0  # received changes still waiting for their dependencies
    quarantined: int = 0  # received changes and groups set aside (trust boundary, undecryptable)
    unreadable: int = 0  # received groups this device cannot read (yet)
    revoked: int = 0  # groups refused because their author was revoked (not in its record)
    refused: list[str] = field(default_factory=list)  # what the server or this device refused
    warnings: list[str] = field(default_factory=list)  # e.g. keys this device still lacks
    # Opened from the exchange spaces (client/exchange): incoming cases made, refusals.
    exchange: ReceiveReport = field(default_factory=ReceiveReport)

    def summary(self) -> str:
        text = (
            f"pushed {self.pushed} change(s), pulled {self.pulled}, applied {self.applied};"
            f" {self.bytes_up} B up, {self.bytes_down} B down, {self.round_trips} round trip(s),"
            f" {self.seconds:.1f} s"
        )
        if self.quarantined:
            text += f"; {self.quarantined} received change(s) or group(s) set aside (sync --status)"
        if self.refused:
            text += f"; {len(self.refused)} group(s) refused"
        if self.unreadable:
            text += f"; {self.unreadable} group(s) wait for a key"
        if self.revoked:
            text += f"; {self.revoked} group(s) of revoked devices refused"
        if self.exchange.cases:
            text += f"; {len(self.exchange.cases)} request(s) received through the channel"
        if self.exchange.messages:
            text += f"; {self.exchange.messages} thread message(s) received"
        for warning in [*self.warnings, *self.exchange.refused]:
            text += f"; {warning}"
        return text


class SyncAgent:
    """Network sync of one store with its server."""

    def __init__(
        self,
        store: Store,
        server_url: str | None = None,
        *,
        batch_bytes: int = DEFAULT_BATCH_BYTES,
        transport: httpx.BaseTransport | None = None,
        retries: int = 2,
        timeout: httpx.Timeout | None = None,
        keep_alive: bool = False,
    ) -> None:
        self.store = store
        self.server_url = server_url
        self.batch_bytes = batch_bytes
        self.transport = transport
        self.retries = retries
        self.timeout = timeout
        self._round = threading.Lock()
        self._wake = threading.Event()
        self._sync_thread: int | None = None
        self._listening = False
        self.keep_alive = keep_alive
        self._http: HttpTransport | None = None
        self._http_key: tuple[str, str] | None = None

    # -- one round ----------------------------------------------------------------------
    def sync_once(
        self,
        progress: ProgressCallback = ignore_progress,
        *,
        by_hand: bool = True,
        now: dt.datetime | None = None,
    ) -> SyncReport:
        """One round. `by_hand=False` is a background sync: it publishes the staged
        returns only when they are due at `now` (`client.returns.book.returns_due`); a
        sync someone asked for publishes them all."""
        with self._round:
            self._sync_thread = threading.get_ident()
            try:
                report = self._round_trip(progress, by_hand, now)
            except SyncError as exc:
                state.record_attempt(self.store, False, str(exc))
                raise
            finally:
                self._sync_thread = None
            state.record_attempt(self.store, True, report.summary())
            return report

    def _round_trip(
        self, progress: ProgressCallback, by_hand: bool, now: dt.datetime | None
    ) -> SyncReport:
        started = time.monotonic()
        identity = load_identity(self.store)
        token = self.store.get_meta("device_token")
        url = self.server_url or self.store.get_meta("server_url")
        if identity.cert is None or not token:
            raise SyncError(
                _("this device is not enrolled: run 'entraide init --server URL --code CODE'")
            )
        if not url:
            raise SyncError(_("no server address: give --server URL"))
        report = SyncReport()
        keyring = default_keyring(self.store)
        kwargs: dict[str, Any] = {
            "retries": self.retries,
            "transport": self.transport,
            "pin": self.store.get_meta(PIN_META) or None,
        }
        if self.timeout is not None:
            kwargs["timeout"] = self.timeout
        http = self._connection(url, token, kwargs)
        counted = (http.bytes_up, http.bytes_down, http.round_trips)
        try:
            keys_done = key_sync_due(self.store)
            if keys_done:
                report.applied += run_key_sync(self.store, identity, http, report.warnings)
            if state.include_own(self.store):
                # Restored from a backup: get back the groups the original sealed after the
                # backup before sealing, so their changes are not sealed twice.
                self._pull(http, identity, keyring, report, progress)
            self._seal(identity, keyring, report, by_hand, now)
            if keyset_changed(self.store):  # a first key was made while sealing: publish it
                run_key_sync(self.store, identity, http, report.warnings)
                keys_done = True
            self._push(http, report, progress)
            self._pull(http, identity, keyring, report, progress)
            if report.unreadable and not keys_done:  # their key may have been granted since
                report.applied += run_key_sync(self.store, identity, http, report.warnings)
            report.exchange = receive(self.store)
            if report.exchange.receipts_sent:  # delivery receipts leave in the same round
                self._seal(identity, keyring, report, by_hand, now)
                self._push(http, report, progress)
        finally:
            report.bytes_up = http.bytes_up - counted[0]
            report.bytes_down = http.bytes_down - counted[1]
            report.round_trips = http.round_trips - counted[2]
            report.seconds = time.monotonic() - started
            if not self.keep_alive:
                http.close()
        progress(
            Progress("done", report.pulled, report.pulled, report.bytes_down, report.summary())
        )
        return report

    def _connection(self, url: str, token: str, kwargs: dict[str, Any]) -> HttpTransport:
        """A new connection per round, or (keep_alive, as in --watch) one kept across rounds:
        a later round then pays no TCP (and TLS) handshake."""
        if not self.keep_alive:
            return HttpTransport(url, token, **kwargs)
        if self._http is None or self._http_key != (url, token):
            if self._http is not None:
                self._http.close()
            self._http, self._http_key = HttpTransport(url, token, **kwargs), (url, token)
        return self._http

    def close(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None

    def _seal(
        self,
        identity: Identity,
        keyring: Any,
        report: SyncReport,
        by_hand: bool,
        now: dt.datetime | None,
    ) -> None:
        try:
            report.sealed = seal_local_changes(
                self.store, identity, keyring, all_returns=by_hand, now=now
            )
        except KeyManagementError as exc:
            # Without its authority's key this device cannot seal its cases; it still
            # pushes what it holds and pulls, and says why its own changes wait.
            report.warnings.append(_("local changes not sent: {reason}").format(reason=exc))

    # -- push -----------------------------------------------------------------------------
    def _push(self, http: HttpTransport, report: SyncReport, progress: ProgressCallback) -> None:
        total = self._unpushed_changes()
        progress(Progress("push", 0, total, 0, f"{total} change(s) to send"))
        while True:
            batch = unpushed_groups(self.store, self.batch_bytes)
            if not batch:
                return
            try:
                answer = http.push(Push(cast(list[WireGroup], [g.to_wire() for g in batch])))
            except SyncError as exc:
                if exc.group is None or exc.status not in (400, 403):
                    raise
                # One group the server will never take (e.g. its author was revoked):
                # set it aside and log it, so it cannot block everything behind it.
                record_refusal(self.store, exc.group, str(exc))
                report.refused.append(str(exc))
                continue
            sent = {g.group_id for g in batch}
            # Groups the server refused for their content (the trust boundary), the rest
            # of the push being stored: set aside with the server's reason, never re-sent.
            refused = {g: why for g, why in _refused_groups(answer).items() if g in sent}
            for group_id, reason in refused.items():
                record_refusal(self.store, group_id, reason)
                report.refused.append(_("refused by the server: {reason}").format(reason=reason))
            acked = _acked_ids(answer) & sent
            if not acked and not refused:
                raise SyncError(_("the server acknowledged none of the changes sent"))
            if not acked:
                continue
            mark_pushed(self.store, sorted(acked))
            report.pushed_groups += len(acked)
            report.pushed += changes_in_groups(self.store, acked)
            progress(Progress("push", report.pushed, total, http.bytes_up, "sending"))

    def _unpushed_changes(self) -> int:
        return unpushed_change_count(self.store)

    # -- pull -----------------------------------------------------------------------------
    def _pull(
        self,
        http: HttpTransport,
        identity: Identity,
        keyring: Any,
        report: SyncReport,
        progress: ProgressCallback,
    ) -> None:
        cursors = state.cursors(self.store)
        revocations = state.revocations_cursor(self.store)
        include_own = state.include_own(self.store)  # once, after a restore from backup
        progress(Progress("pull", 0, None, 0, "asking for changes"))
        max_bytes = self.batch_bytes
        pacer = Pacer()  # the slices keep their size from one batch to the next
        while True:
            request = Pull(cursors, max_bytes, revocations, include_own)
            answer = http.pull(request)
            if self._server_restored(answer):
                self._push(http, report, progress)  # what the server lost, from this device
                cursors = {}
                continue
            batch = parse_pull_answer(answer, identity, cursors)
            self._complete_certs(http, batch)
            self._ingest(
                identity, keyring, batch, report, pacer, done=include_own and not batch.more
            )
            moved = any(seq > cursors.get(space, 0) for space, seq in batch.cursors.items())
            cursors = {**cursors, **batch.cursors}
            revocations = max(revocations, batch.revocations_seq)
            progress(
                Progress(
                    "pull",
                    report.pulled,
                    report.pulled + batch.remaining,
                    http.bytes_down,
                    f"{batch.remaining} group(s) left" if batch.more else "caught up",
                )
            )
            if not batch.more:
                return
            if not batch.groups and not moved:  # (skipping its own groups moves cursors)
                raise SyncError(_("the server said more changes are waiting but sent none"))
            if batch.remaining >= CATCH_UP_GROUPS:
                max_bytes = max(self.batch_bytes, CATCH_UP_BYTES)  # fewer round trips

    def _server_restored(self, answer: PullAnswer) -> bool:
        """Whether the server's log was restored from a backup since the last pull (its
        epoch changed). Then every group this device holds is marked not pushed and the
        cursors restart from 0, in one transaction: the server gets back what it lost
        and this device misses none of the groups that now take the lost numbers."""
        epoch = answer.epoch
        if not epoch:
            return False
        known = state.server_epoch(self.store)
        if known == epoch:
            return False
        if known is None:  # the first pull that tells: nothing was lost
            state.put(self.store, state.EPOCH_KEY, epoch)
            return False
        with self.store.write() as conn:
            resent = mark_all_unpushed(conn)
            state.restart_log(conn, epoch)
        state.record_attempt(
            self.store,
            True,
            f"the server was restored from a backup: sending its {resent} group(s) again",
        )
        return True

    def _complete_certs(self, http: HttpTransport, batch: PullBatch) -> None:
        """Fetch the authors' certificates the batch lacks and this store does not hold.

        The server sends each certificate to a device once; a device that lost
        one (a batch not committed, a restored store) asks for it here.
        """
        missing = {g.author for g in batch.groups} - set(batch.certs)
        missing = {a for a in missing if known_cert(self.store, a) is None}
        if not missing:
            return
        answer = http.certs(missing)
        try:
            fetched = [DeviceCert.from_wire(w) for w in answer.certs]
        except EnvelopeError as exc:
            raise SyncError(
                _("the server's certificates are malformed ({reason})").format(reason=exc)
            ) from None
        batch.certs.update({c.device_id: c for c in fetched if c.device_id in missing})

    def _ingest(
        self,
        identity: Identity,
        keyring: Any,
        batch: PullBatch,
        report: SyncReport,
        pacer: Pacer,
        done: bool = False,
    ) -> None:
        groups = batch.groups
        # Revocations first: they decide which of the batch's groups stand.
        with self.store.write():
            report.revoked += self._apply_revocations(identity, batch)
        # The groups in slices of about 50 ms of CPU each, so that the writer is free in
        # between (a save in the app goes first); the cursors move only once every
        # group of the batch is stored. A pull cut short asks for the batch again and
        # skips the groups already held.
        try:
            result = ingest_in_slices(
                self.store, identity, keyring, groups, batch.certs, True, pacer
            )
        except IngestError:
            # Keep the good groups and log the bad ones: a bad group must not stall
            # the cursor forever (the server checked them, so this is rare).
            good = []
            for group in groups:
                try:
                    verify_groups(self.store, identity, [group], batch.certs)
                    good.append(group)
                except IngestError as exc:
                    report.refused.append(_("refused from server: {reason}").format(reason=exc))
            result = ingest_in_slices(self.store, identity, keyring, good, batch.certs, True, pacer)
        with self.store.write() as conn:
            if done:
                state.set_include_own(conn, False)  # the restore has its own groups back
            state.save_cursors(conn, batch.cursors)
        report.pulled_groups += result.new_groups
        report.pulled += result.changes
        report.applied += result.applied
        report.pending = result.pending
        report.quarantined += len(result.rejected)
        report.unreadable += result.kept_unread
        report.revoked += result.revoked

    def _apply_revocations(self, identity: Identity, batch: PullBatch) -> int:
        if batch.revocations_seq <= state.revocations_cursor(self.store):
            return 0
        assert identity.server_public_key is not None
        try:
            refused = apply_revocations(self.store, batch.revocations, identity.server_public_key)
        except EnvelopeError as exc:
            raise SyncError(
                _("the server sent a revocation that does not verify ({reason})").format(reason=exc)
            ) from None
        state.save_revocations_cursor(self.store.conn, batch.revocations_seq)
        return refused

    # -- background -------------------------------------------------------------------------
    def run_forever(
        self,
        stop_event: threading.Event,
        progress: ProgressCallback = ignore_progress,
        *,
        interval: float = 30.0,
        min_backoff: float = 2.0,
        max_backoff: float = 300.0,
        debounce: float = 1.0,
    ) -> None:
        """Sync now, then whenever local changes appear or `interval` passes; when the
        server is unreachable, retry with exponential backoff and jitter."""
        if not self._listening:
            self.store.on_change(self._on_store_change)
            self._listening = True
        keep, self.keep_alive = self.keep_alive, True
        try:
            self._watch(stop_event, progress, interval, min_backoff, max_backoff, debounce)
        finally:
            self.keep_alive = keep
            self.close()

    def _watch(
        self,
        stop_event: threading.Event,
        progress: ProgressCallback,
        interval: float,
        min_backoff: float,
        max_backoff: float,
        debounce: float,
    ) -> None:
        failures = 0
        while not stop_event.is_set():
            self._wake.clear()
            try:
                self.sync_once(progress, by_hand=False)
                failures = 0
                delay = interval
            except SyncError as exc:
                failures += 1
                delay = backoff_delay(failures, min_backoff, max_backoff)
                progress(Progress("waiting", 0, None, 0, f"{exc}; retrying in {delay:.0f} s"))
            deadline = time.monotonic() + delay
            while not stop_event.is_set() and time.monotonic() < deadline:
                if failures == 0 and self._wake.is_set():
                    stop_event.wait(debounce)  # let a burst of edits finish
                    break
                stop_event.wait(min(0.25, max(0.0, deadline - time.monotonic())))

    def _on_store_change(self) -> None:
        if threading.get_ident() != self._sync_thread:  # our own writes do not wake us
            self._wake.set()


def backoff_delay(failures: int, low: float, high: float) -> float:
    """Exponential backoff with jitter: between half and all of low * 2^(n-1), capped."""
    ceiling = min(high, low * 2 ** (failures - 1))
    return random.uniform(ceiling / 2, ceiling)


@dataclass
class PullBatch:
    groups: list[SignedGroup]
    certs: dict[str, DeviceCert]
    cursors: dict[str, int]
    more: bool
    remaining: int
    revocations: list[Revocation] = field(default_factory=list)
    revocations_seq: int = 0


def parse_pull_answer(answer: PullAnswer, identity: Identity, sent: dict[str, int]) -> PullBatch:
    """Check a pull answer (its shape is the contract's) against what this device sent and
    may read; refuse spaces it may not read."""
    authority, role = identity.authority or "", identity.role or ""
    cursors: dict[str, int] = {}
    for space, seq in answer.cursors.items():
        if not may_read(authority, role, space):
            raise SyncError(
                _("the server sent a cursor for a space this device may not read ({space})").format(
                    space=repr(space)
                )
            )
        if seq < sent.get(space, 0):
            raise SyncError(
                _("the server moved the cursor of {space} backwards").format(space=space)
            )
        cursors[space] = seq
    groups: list[SignedGroup] = []
    try:
        for space, seq, wire in answer.groups:
            group = SignedGroup.from_wire(wire)
            if group.space != space or not may_read(authority, role, space):
                raise SyncError(
                    _(
                        "the server sent a group of a space this device may not read ({space})"
                    ).format(space=space)
                )
            if seq <= sent.get(space, 0) or seq > cursors.get(space, 0):
                raise SyncError(
                    _("the server sent a group out of sequence in {space}").format(space=space)
                )
            groups.append(group)
        certs = {c.device_id: c for c in (DeviceCert.from_wire(w) for w in answer.certs)}
        revocations = parse_records(answer.revocations)
    except EnvelopeError as exc:
        raise SyncError(
            _("the server's pull batch is malformed ({reason})").format(reason=exc)
        ) from None
    return PullBatch(
        groups,
        certs,
        cursors,
        answer.more,
        answer.remaining,
        revocations,
        answer.revocations_seq,
    )


def _refused_groups(answer: PushAnswer) -> dict[bytes, str]:
    """`refused` of a push answer: group id -> the server's reason (cut to one line)."""
    return {group_id: reason[:500] for group_id, reason in answer.refused}


def _acked_ids(answer: PushAnswer) -> set[bytes]:
    return set(answer.acked)
