"""The local store: Automerge documents persisted in one SQLite file.

Every write goes through one connection, one transaction at a time
(`writer.WriteQueue`): `submit` hands a job to the writer thread and returns a
future (the terminal app awaits it; it goes before queued background turns),
`write()` takes the writer's turn for a block of synchronous code. Each is a `BEGIN IMMEDIATE` transaction that stores
the new change and the new document state together: after a crash at any instant
an edit is wholly there or wholly absent. Reads of lists and searches use the
materialized tables, never Automerge, on a reading connection lent to each thread
that reads by a bounded pool (`readers.ReaderPool`), given back when it ends.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import sqlite3
import threading
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from automerge.core import Document

from shared.errors import EntraideError
from shared.files import private_sqlite
from shared.i18n import _
from shared.policy import Author, Candidate
from shared.schema.cases import SCHEMA_VERSION
from shared.schema.kinds import SPECS_BY_KIND

from . import materialize
from .automerge_fields import put_meta, read_document, write_fields
from .judge_pool import MIN_POOL_DOCUMENTS, JudgePool, Speculation, worker_count
from .judging import JudgeRequest, Verdict, Verdicts, judge_safely
from .migrations import migrate
from .placement import take_back
from .readers import READERS, ReaderPool
from .storage_errors import opening_errors, writing_errors
from .writer import Priority, WriteQueue

T = TypeVar("T")

log = logging.getLogger(__name__)

# A document whose arriving changes, or whose stored state, weigh at least this many
# bytes is judged before its slice of an import or a pull takes the writer
# (`judge_ahead`). A returns book of 10,000 entries (228 KB) costs about 80 ms to judge
# and 180 ms to turn into rows, about 1.1 ms per KB: at 64 KiB (about 2,800 entries)
# that is some 70 ms, more than a whole slice's target (`slices.TARGET_SECONDS`). A
# case (a few KB, under 1 ms) stays in its slice's transaction: judging it before as
# well would read what admission needs twice, for every document of a first pull
# (docs/architecture.md has the figures).
LARGE_DOCUMENT = 64 * 1024

# Kinds whose documents carry no time stamps nor author name: a de-identified return
# must not say when (to the second) or by whom a case was saved.
UNSTAMPED_KINDS = frozenset({"return", "return_book", "package", "message"})


class NotFound(EntraideError, KeyError):
    """No record with that id in this store."""

    def __str__(self) -> str:
        return f"no record with id '{self.args[0]}'"


@dataclass(frozen=True)
class IncomingChange:
    """A change received from elsewhere (server or bundle), already authenticated."""

    hash: bytes
    doc_id: str
    space: str
    author: str
    body: bytes  # the uncompressed change chunk, as it travelled in its group
    group_id: bytes | None = None
    position: int | None = None  # index in its group's plaintext


@dataclass(frozen=True)
class ApplyResult:
    new: int  # changes not seen before
    applied: int  # changes now part of their document
    pending: int  # changes still waiting for their dependencies
    rejected: list[str]  # hashes (hex) refused at the trust boundary (set aside)


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class _ThreadState(threading.local):
    writing = False  # set while this thread runs a write transaction


class Store:
    """One SQLite file holding this device's documents and changes."""

    def __init__(self, path: Path, author: str | None = None, readers: int = READERS) -> None:
        self.path = Path(path)
        self._local = _ThreadState()
        self._readers = ReaderPool(self._connect, readers)
        self._lock = threading.RLock()
        self._queue = WriteQueue(f"store-writer {self.path.name}")
        self._no_writes_from: threading.Thread | None = None  # the terminal app's event loop
        self._listeners: list[Callable[[], None]] = []
        self._judges: JudgePool | None = None  # worker processes for large batches
        # One writer connection, used in the writer's turn; each thread reads through
        # its own connection, so a reader never sees another thread's uncommitted
        # transaction.
        with opening_errors(self.path):
            private_sqlite(self.path)  # 0600, with its -wal and -shm (docs/security.md)
            self._writer = self._connect()
            self._writer.execute("PRAGMA journal_mode=WAL")
            migrate(self._writer)
        self.device_id = self._meta_default("device_id", lambda: secrets.token_hex(8))
        self.actor = bytes.fromhex(self._meta_default("actor", lambda: secrets.token_hex(16)))
        self.author = author or self.get_meta("user_name") or self.device_id

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        return conn

    @property
    def conn(self) -> sqlite3.Connection:
        """The connection for this thread: the writer inside `write()`, else a reader."""
        if self._local.writing:
            return self._writer
        return self._readers.connection()

    def reader_count(self) -> int:
        """Reading connections open now: lent to live threads, or idle in the pool (at
        most `readers`; a thread's connection goes back to the pool when it ends)."""
        return self._readers.open_count()

    def readers_lent(self) -> int:
        """Reading connections held by live threads."""
        return self._readers.lent_count()

    # -- meta --------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.write() as conn:
            conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def _meta_default(self, key: str, make: Callable[[], str]) -> str:
        value = self.get_meta(key)
        if value is None:
            value = make()
            with self.write() as conn:
                conn.execute("INSERT OR IGNORE INTO meta VALUES (?, ?)", (key, value))
            value = self.get_meta(key) or value
        return value

    # -- transactions ------------------------------------------------------------
    def submit(self, job: Callable[[Store], T]) -> Future[T]:
        """Run `job(store)` on the writer thread, in one transaction; its future holds
        the result or the exception. The terminal app awaits it from a worker. It goes
        before the queued turns of `write()` (an import's next slice): someone waits."""
        return self._queue.submit(lambda: self._transaction(job))

    def saves_waiting(self) -> bool:
        """Whether a submitted job (a save someone waits for) is queued for the writer: a
        long background writer can end its transaction early and let it go first."""
        return self._queue.waiting(Priority.SAVE) > 0

    def run(self, job: Callable[[Store], T]) -> T:
        """`submit` and wait: the synchronous form, for the CLI and tests."""
        return self.submit(job).result()

    def _transaction(self, job: Callable[[Store], T]) -> T:
        with self.write():
            return job(self)

    def keep_writes_off(self, thread: threading.Thread | None) -> None:
        """Name the thread that must never write (the terminal app's event loop: a write
        there makes every key wait for SQLite); None lifts it. A write asked from that
        thread still happens, and is reported to `event_loop_write`."""
        self._no_writes_from = thread

    @staticmethod
    def event_loop_write(where: str) -> None:
        """A write was asked from the thread `keep_writes_off` named: a fault of the
        calling code (`where` is its stack). Logged; the app's tests collect them."""
        log.warning("a store write on the terminal app's event loop:\n%s", where)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction in the writer's turn; nested calls join the outer one.
        The turn is a background one: the jobs of `submit` queued meanwhile go first."""
        if self._no_writes_from is threading.current_thread():
            Store.event_loop_write("".join(traceback.format_stack(limit=24)[:-2]))
        with self._queue.turn(), self._lock:
            if self._writer.in_transaction:
                yield self._writer
                return
            self._writer.execute("BEGIN IMMEDIATE")
            self._local.writing = True
            rows_before = self._writer.total_changes
            try:
                with writing_errors():
                    yield self._writer
                    self._writer.execute("COMMIT")
            except BaseException:
                # SQLite has already rolled back after some errors (a full disk): a second
                # ROLLBACK would hide the real error behind "no transaction is active".
                if self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                raise
            finally:
                self._local.writing = False
            changed = self._writer.total_changes != rows_before
        if changed:  # a screen reloads on it: a write that changed nothing must not loop
            for listener in list(self._listeners):
                listener()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every committed write that changed a row (the TUI
        refreshes on it)."""
        self._listeners.append(listener)

    def close(self) -> None:
        if self._judges is not None:
            self._judges.close()
            self._judges = None
        self._queue.close()
        self._readers.close()
        self._writer.close()

    # -- local edits ---------------------------------------------------------------
    def create(
        self,
        space: str,
        kind: str,
        values: Mapping[str, Any],
        doc_id: str | None = None,
        when: str | None = None,
    ) -> str:
        """Create a record from cleaned values; returns its document id."""
        doc_id = doc_id or secrets.token_hex(8)
        doc = Document(actor_id=self.actor)
        stamp = when or now_iso()
        with doc.transaction() as tx:
            put_meta(tx, "_schema", SCHEMA_VERSION)
            put_meta(tx, "_kind", kind)
            put_meta(tx, "_doc", doc_id)  # two identical records never share a change hash
            if kind not in UNSTAMPED_KINDS:
                put_meta(tx, "created_at", stamp)
                put_meta(tx, "updated_at", stamp)
                put_meta(tx, "updated_by", self.author)
            write_fields(tx, SPECS_BY_KIND[kind], values)
        with self.write():
            self._save_local(doc, doc_id, space, kind, stamp)
        return doc_id

    def update(self, doc_id: str, values: Mapping[str, Any], when: str | None = None) -> bool:
        """Apply cleaned values as one change; returns False when nothing differed."""
        with self.write():
            space, kind, doc = self._load(doc_id)
            before = doc.get_heads()
            stamp = when or now_iso()
            with doc.transaction() as tx:
                changed = write_fields(tx, SPECS_BY_KIND[kind], values)
                if changed and kind not in UNSTAMPED_KINDS:
                    put_meta(tx, "updated_at", stamp)
                    put_meta(tx, "updated_by", self.author)
            if not changed or doc.get_heads() == before:
                return False
            self._save_local(doc, doc_id, space, kind, stamp)
            return True

    def save_local_changes(self, doc: Document, doc_id: str, changes: list[Any]) -> None:
        """Store several changes made on `doc` in memory (this device's edits, in order),
        and the document once: for imports and benchmarks that edit a record many times."""
        with self.write():
            space, kind, _state, _data = self._row(doc_id)
            self._insert_local(changes, doc_id, space, now_iso())
            self._save_document(doc, doc_id, space, kind)

    def _save_local(self, doc: Document, doc_id: str, space: str, kind: str, stamp: str) -> None:
        change = doc.get_last_local_change()
        assert change is not None
        self._insert_local([change], doc_id, space, stamp)
        self._save_document(doc, doc_id, space, kind)

    def _insert_local(self, changes: list[Any], doc_id: str, space: str, stamp: str) -> None:
        # The raw (uncompressed) chunk: groups carry it, and its hash is sha256(raw[8:]).
        self.conn.executemany(
            "INSERT INTO changes (hash, doc_id, space, author, deps, body, applied, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            [
                (c.hash, doc_id, space, self.device_id, b"".join(c.deps), c.raw_bytes, stamp)
                for c in changes
            ],
        )

    def _save_document(
        self, doc: Document, doc_id: str, space: str, kind: str, data: dict[str, Any] | None = None
    ) -> None:
        row = self._document_row(doc, doc_id, space, kind, data)
        self.conn.execute(_SAVE_DOCUMENT, row.values())
        materialize.refresh(self.conn, doc_id, kind, row.data, space)

    @staticmethod
    def _document_row(
        doc: Document, doc_id: str, space: str, kind: str, data: dict[str, Any] | None
    ) -> _DocumentRow:
        data = read_document(doc) if data is None else data
        return _DocumentRow(doc_id, space, kind, doc.save(), doc.get_heads(), data)

    # -- reads -----------------------------------------------------------------------
    def _row(self, doc_id: str) -> tuple[str, str, bytes, str]:
        row = self.conn.execute(
            "SELECT space, kind, state, data FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(doc_id)
        return row

    def _load(self, doc_id: str) -> tuple[str, str, Document]:
        space, kind, state, _data = self._row(doc_id)
        doc = Document.load(state)
        doc.set_actor(self.actor)
        return space, kind, doc

    def exists(self, doc_id: str) -> bool:
        found = self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,))
        return found.fetchone() is not None

    def read(self, doc_id: str) -> dict[str, Any]:
        """The record's current fields (from the materialized copy)."""
        space, _kind, _state, data = self._row(doc_id)
        record = json.loads(data)
        record.update(id=doc_id, space=space)
        return record

    def document(self, doc_id: str) -> Document:
        return self._load(doc_id)[2]

    def kind_of(self, doc_id: str) -> str:
        return self._row(doc_id)[1]

    def heads(self, doc_id: str) -> list[bytes]:
        row = self.conn.execute(
            "SELECT heads FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise NotFound(doc_id)
        return [bytes.fromhex(h) for h in row[0].split(",") if h]

    def holds_any(self, kinds: Iterable[str]) -> bool:
        """Whether the store holds a record of one of these kinds."""
        kinds = list(kinds)
        marks = ",".join("?" * len(kinds))
        found = self.conn.execute(
            f"SELECT 1 FROM documents WHERE kind IN ({marks}) LIMIT 1", kinds
        ).fetchone()
        return found is not None

    def doc_ids(self, kind: str, space: str | None = None) -> list[str]:
        sql, args = "SELECT doc_id FROM documents WHERE kind = ?", [kind]
        if space is not None:
            sql += " AND space = ?"
            args.append(space)
        return [r[0] for r in self.conn.execute(sql, args)]

    # -- remote changes --------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[bytes]) -> set[bytes]:
        found: set[bytes] = set()
        hashes = list(hashes)
        for i in range(0, len(hashes), 500):
            chunk = hashes[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT hash FROM changes WHERE hash IN ({marks})", chunk
                )
            )
        return found

    def judge_pool(self) -> JudgePool:
        """The worker processes that judge large batches (started on first use)."""
        if self._judges is None:
            self._judges = JudgePool()
        return self._judges

    def speculate(self, units: Sequence[Sequence[IncomingChange]]) -> Speculation | None:
        """Start judging, in worker processes, the documents this store does not hold yet
        among `units` (each one document's changes, to be applied together by one
        `apply_changes`); None when they are too few for the pool to be worth it.

        Read outside the writer: a verdict is used only if its request is still the
        document's request when its changes are applied (`_apply_documents`)."""
        count = Counter(u[0].doc_id for u in units if u)
        once = [u for u in units if u and count[u[0].doc_id] == 1]
        if len(once) < MIN_POOL_DOCUMENTS or worker_count() == 0:
            return None
        conn = self.conn
        held: set[str] = set()
        for chunk in _chunks([u[0].doc_id for u in once]):
            marks = ",".join("?" * len(chunk))
            held.update(
                r[0]
                for r in conn.execute(
                    f"SELECT doc_id FROM documents WHERE doc_id IN ({marks}) UNION"
                    f" SELECT doc_id FROM changes INDEXED BY changes_doc WHERE doc_id IN ({marks})",
                    chunk + chunk,
                )
            )
        new = [u for u in once if u[0].doc_id not in held]
        if len(new) < MIN_POOL_DOCUMENTS:
            return None
        return Speculation(self.judge_pool(), self._requests(new))

    def judge_ahead(self, units: Sequence[Sequence[IncomingChange]], verdicts: Verdicts) -> None:
        """Judge now, in this process and before the writer is taken, the large documents
        among `units` (each one document's changes, to be applied together by one
        `apply_changes`): those whose arriving changes or stored state weigh
        `LARGE_DOCUMENT` bytes or more. Their verdicts (a returns book's rows included)
        go into `verdicts`, unless one for the same request is there already.

        Read outside the writer: `apply_changes` uses a verdict only if the request it
        builds in its transaction is equal, and judges the document again otherwise."""
        size = Counter[str]()
        for unit in units:
            for change in unit:
                size[change.doc_id] += len(change.body)
        large = {d for d, n in size.items() if n >= LARGE_DOCUMENT}
        for chunk in _chunks([d for d in size if d not in large]):
            marks = ",".join("?" * len(chunk))
            large.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT doc_id FROM documents WHERE doc_id IN ({marks})"
                    " AND length(state) >= ?",
                    [*chunk, LARGE_DOCUMENT],
                )
            )
        if not large:
            return
        for request in self._requests([u for u in units if u and u[0].doc_id in large]):
            if not verdicts.holds(request):
                verdicts.add(request, judge_safely(request))

    def _requests(self, units: Sequence[Sequence[IncomingChange]]) -> list[JudgeRequest]:
        """The requests `apply_changes` would build for the documents of `units` if they
        were applied now (in the order of their first unit): the changes that already
        wait in the store, then the units' changes it does not hold."""
        known = self.known_hashes(c.hash for u in units for c in u)
        arriving: dict[str, list[tuple[bytes, bytes, str, str]]] = {}
        seen: set[bytes] = set()
        for unit in units:
            for c in unit:
                if c.hash not in known and c.hash not in seen:
                    seen.add(c.hash)
                    arriving.setdefault(c.doc_id, []).append((c.hash, c.body, c.author, c.space))
        doc_ids = list(dict.fromkeys(c.doc_id for u in units for c in u))
        facts = _BatchFacts.read(self.conn, doc_ids, arriving)
        return [_judge_request(d, facts.waiting[d], facts)[0] for d in doc_ids if d in arriving]

    def apply_changes(
        self, incoming: Iterable[IncomingChange], ahead: Verdicts | None = None
    ) -> ApplyResult:
        """Store and apply changes from elsewhere, in one transaction; never raises for them.

        Each document's waiting changes go through the trust boundary
        (`shared.policy.admit`): a change it refuses is set aside with its reason
        (applied = -1), one whose dependencies have not arrived is kept (applied = 0)
        and retried whenever more changes for its document arrive, and one that
        depends on a refused change stays waiting, marked as blocked by it.

        The work is done in bulk: the changes are inserted together, the touched
        documents and what admission needs about them are read with a few queries,
        each document is loaded once, given all its changes and saved once, and the
        flat tables and the search index are written together (`_apply_documents`).

        `ahead`: verdicts judged before this transaction (`speculate`, `judge_ahead`).
        """
        incoming = list(incoming)
        with self.write() as conn:
            known = self.known_hashes(c.hash for c in incoming)
            fresh: dict[bytes, IncomingChange] = {}
            for change in incoming:
                if change.hash not in known and change.hash not in fresh:
                    fresh[change.hash] = change
            taken: set[tuple[bytes, str]] = set()
            moved = take_back(conn, incoming, known, taken, deps_applied=False)
            stamp = now_iso()
            conn.executemany(
                "INSERT INTO changes (hash, doc_id, space, author, deps, body, applied,"
                " created_at, group_id, position) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                [
                    (
                        c.hash,
                        c.doc_id,
                        c.space,
                        c.author,
                        b"",
                        c.body,
                        stamp,
                        c.group_id,
                        c.position,
                    )
                    for c in fresh.values()
                ],
            )
            touched = sorted({c.doc_id for c in [*fresh.values(), *moved]})
            applied, rejected = self._apply_documents(touched, ahead)
            # A change held waiting in another document moves to the one where its
            # dependencies now are (each move at most once per call).
            while moved := take_back(conn, incoming, known, taken, deps_applied=True):
                done, bad = self._apply_documents(sorted({c.doc_id for c in moved}))
                applied += done
                rejected.extend(bad)
            pending = conn.execute(
                "SELECT count(*) FROM changes WHERE applied = 0 AND body IS NOT NULL"
            ).fetchone()[0]
        return ApplyResult(len(fresh), applied, pending, rejected)

    def _apply_documents(
        self, doc_ids: list[str], ahead: Verdicts | None = None
    ) -> tuple[int, list[str]]:
        """Admit the waiting changes of these documents; a failure stays inside its
        document (its waiting changes are set aside with the reason).

        `ahead`: verdicts judged before this transaction (in worker processes, or large
        documents in this process) on what the store held then; one is used only if its
        request is exactly this document's request now, since a verdict is a function of
        its request alone. Others are judged here."""
        facts = _BatchFacts.read(self.conn, doc_ids)
        writes = _BatchWrites()
        applied, rejected = 0, list[str]()
        for doc_id in doc_ids:
            rows = facts.waiting.get(doc_id)
            if not rows:
                continue
            request, faults = _judge_request(doc_id, rows, facts)
            verdict = ahead.verdict(request) if ahead is not None else None
            if verdict is None:
                verdict = judge_safely(request)
            done, refused = self._record_verdict(request, verdict, faults, writes)
            applied += done
            rejected.extend(h.hex() for h in refused)
        writes.flush(self.conn)
        return applied, rejected

    def _record_verdict(
        self,
        request: JudgeRequest,
        verdict: Verdict,
        faults: dict[bytes, str],
        writes: _BatchWrites,
    ) -> tuple[int, list[bytes]]:
        """Add what `verdict` decides about one document to `writes`; returns the number of
        changes newly applied and the hashes refused."""
        if verdict.failure is not None:
            refused = [*faults, *(c.hash for c in request.candidates if c.hash not in faults)]
            writes.faults.extend((QUARANTINED, faults.get(h, verdict.failure), h) for h in refused)
            return 0, refused
        faults = {**faults, **verdict.refused}
        new = verdict.document
        if new is not None:
            writes.documents.append(
                _DocumentRow(
                    request.doc_id,
                    request.space,
                    new.kind,
                    new.state,
                    list(new.heads),
                    new.data,
                    new.rows,
                )
            )
        writes.applied.extend((b"".join(deps), h) for h, deps in verdict.applied.items())
        writes.faults.extend((QUARANTINED, reason, h) for h, reason in faults.items())
        writes.blocked.extend(
            (_("waits for refused change {hash}").format(hash=b.hex()[:12]), h)
            for h, b in verdict.blocked.items()
        )
        held = dict(request.applied_authors)
        return len([h for h in verdict.applied if h not in held]), list(faults)

    def _author(self, device_id: str) -> Author | None:
        """The certificate facts of a device this store knows (table `devices`)."""
        row = self.conn.execute(
            "SELECT authority, role FROM devices WHERE device_id = ?", (device_id,)
        ).fetchone()
        return Author(device_id, row[0], row[1]) if row else None

    def quarantined(self) -> list[tuple[str, str, str]]:
        """Changes refused at the trust boundary: (hash hex, doc id, author)."""
        rows = self.conn.execute(
            "SELECT hash, doc_id, author FROM changes WHERE applied = ?", (QUARANTINED,)
        )
        return [(h.hex(), d, a) for h, d, a in rows]

    def change_faults(self) -> list[ChangeFault]:
        """Changes set aside (refused) or blocked behind a refused one, newest first."""
        rows = self.conn.execute(
            "SELECT hash, doc_id, space, author, applied, coalesce(fault, ''), created_at"
            " FROM changes WHERE applied = ? OR (applied = 0 AND fault IS NOT NULL)"
            " ORDER BY seq DESC",
            (QUARANTINED,),
        )
        return [
            ChangeFault(h.hex(), d, s, a, applied == 0, reason or _("malformed change"), when)
            for h, d, s, a, applied, reason, when in rows
        ]


_SAVE_DOCUMENT = "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)"
_CHUNK = 500  # ids per `IN (...)` query


@dataclass(frozen=True)
class _DocumentRow:
    """A document's new state, as `documents` stores it, and its fields."""

    doc_id: str
    space: str
    kind: str
    state: bytes
    heads: list[bytes]
    data: dict[str, Any]
    rows: list[tuple[Any, ...]] | None = None  # its flat rows computed with its verdict, if any

    def values(self) -> tuple[Any, ...]:
        return (
            self.doc_id,
            self.space,
            self.kind,
            self.state,
            ",".join(h.hex() for h in self.heads),
            json.dumps(self.data, ensure_ascii=False, default=_json_bytes),
            self.data.get("updated_at", ""),
        )


def _json_bytes(value: Any) -> str:
    """Bytes in a record's JSON copy (a returns book's entries) are written in hex."""
    if isinstance(value, bytes):
        return value.hex()
    raise TypeError(f"{type(value).__name__} has no JSON form")


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _judge_request(
    doc_id: str, rows: list[tuple[bytes, bytes, str, str]], facts: _BatchFacts
) -> tuple[JudgeRequest, dict[bytes, str]]:
    """The request that decides one document's waiting `rows` (hash, body, author, space),
    and the changes refused before judging (those of another space)."""
    state_row = facts.states.get(doc_id)
    # Documents are keyed by id alone: a change may not reach one of another space.
    space = state_row[1] if state_row else rows[0][3]
    faults: dict[bytes, str] = {
        h: _("the document {doc} belongs to {space}").format(doc=doc_id, space=space)
        for h, _b, _a, s in rows
        if s != space
    }
    candidates = tuple(Candidate(h, b, a) for h, b, a, s in rows if s == space)
    request = JudgeRequest(
        space,
        doc_id,
        state_row[0] if state_row else None,
        candidates,
        tuple((a, facts.authors.get(a)) for a in sorted({c.author for c in candidates})),
        tuple(sorted(facts.applied_authors.get(doc_id, {}).items())),
        (*facts.refused.get(doc_id, []), *faults),
    )
    return request, faults


@dataclass
class _BatchFacts:
    """What admission needs about a batch of documents, read with one query per table
    (per 500 documents) instead of several per document."""

    waiting: dict[str, list[tuple[bytes, bytes, str, str]]]  # (hash, body, author, space)
    states: dict[str, tuple[bytes, str]]  # (state, space) of the documents held
    applied_authors: dict[str, dict[bytes, str]]  # change hash -> device id, applied ones
    refused: dict[str, list[bytes]]  # changes set aside earlier
    authors: dict[str, Author]  # certificate facts of the devices this store knows

    @classmethod
    def read(
        cls,
        conn: sqlite3.Connection,
        doc_ids: list[str],
        arriving: Mapping[str, list[tuple[bytes, bytes, str, str]]] | None = None,
    ) -> _BatchFacts:
        """`arriving`: changes not stored yet, waiting after those stored (as they will
        once inserted), when the facts are read ahead of the transaction."""
        facts = cls({}, {}, {}, {}, {})
        for chunk in _chunks(doc_ids):
            marks = ",".join("?" * len(chunk))
            for doc_id, *row in conn.execute(
                "SELECT doc_id, hash, body, author, space FROM changes INDEXED BY changes_doc"
                f" WHERE doc_id IN ({marks}) AND applied = 0 AND body IS NOT NULL ORDER BY seq",
                chunk,
            ):
                facts.waiting.setdefault(doc_id, []).append(tuple(row))
            for doc_id in chunk:
                if arriving and doc_id in arriving:
                    facts.waiting.setdefault(doc_id, []).extend(arriving[doc_id])
            waiting = [d for d in chunk if d in facts.waiting]
            if not waiting:
                continue
            marks = ",".join("?" * len(waiting))
            for doc_id, state, space in conn.execute(
                f"SELECT doc_id, state, space FROM documents WHERE doc_id IN ({marks})", waiting
            ):
                facts.states[doc_id] = (state, space)
            for doc_id, change_hash, author, applied in conn.execute(
                "SELECT doc_id, hash, author, applied FROM changes INDEXED BY changes_doc"
                f" WHERE doc_id IN ({marks}) AND applied IN (1, ?)",
                [*waiting, QUARANTINED],
            ):
                if applied == 1:
                    facts.applied_authors.setdefault(doc_id, {})[change_hash] = author
                else:
                    facts.refused.setdefault(doc_id, []).append(change_hash)
        devices = {a for rows in facts.waiting.values() for _h, _b, a, _s in rows}
        facts.authors.update(_read_authors(conn, devices))
        return facts


def _read_authors(conn: sqlite3.Connection, devices: Iterable[str]) -> dict[str, Author]:
    """The certificate facts of these devices, those this store knows."""
    authors: dict[str, Author] = {}
    for chunk in _chunks(sorted(devices)):
        marks = ",".join("?" * len(chunk))
        for device_id, authority, role in conn.execute(
            f"SELECT device_id, authority, role FROM devices WHERE device_id IN ({marks})",
            chunk,
        ):
            authors[device_id] = Author(device_id, authority, role)
    return authors


@dataclass
class _BatchWrites:
    """What a batch decided, written together at the end (`executemany`)."""

    documents: list[_DocumentRow] = field(default_factory=list)
    applied: list[tuple[bytes, bytes]] = field(default_factory=list)  # (deps, hash)
    faults: list[tuple[int, str, bytes]] = field(default_factory=list)  # (applied, reason, hash)
    blocked: list[tuple[str, bytes]] = field(default_factory=list)  # (reason, hash)

    def flush(self, conn: sqlite3.Connection) -> None:
        conn.executemany(_SAVE_DOCUMENT, [d.values() for d in self.documents])
        materialize.refresh_many(
            conn, [(d.doc_id, d.kind, d.data, d.space, d.rows) for d in self.documents]
        )
        conn.executemany(
            "UPDATE changes SET applied = 1, deps = ?, fault = NULL WHERE hash = ?", self.applied
        )
        conn.executemany("UPDATE changes SET applied = ?, fault = ? WHERE hash = ?", self.faults)
        conn.executemany("UPDATE changes SET fault = ? WHERE hash = ?", self.blocked)


@dataclass(frozen=True)
class ChangeFault:
    """A received change set aside at the trust boundary, with its reason."""

    hash: str  # hex
    doc_id: str
    space: str
    author: str  # device id
    blocked: bool  # True: waits behind a refused change; False: refused itself
    reason: str
    received_at: str


QUARANTINED = -1
