"""The local store: Automerge documents persisted in one SQLite file.

Every write goes through one connection under a lock, in a `BEGIN IMMEDIATE`
transaction that stores the new change and the new document state together:
after a crash at any instant an edit is wholly there or wholly absent.
Reads of lists and searches use the materialized tables, never Automerge.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from automerge.core import Document

from shared.errors import EntraideError
from shared.files import private_sqlite
from shared.i18n import _
from shared.policy import Author, Candidate, admit
from shared.schema.cases import SCHEMA_VERSION
from shared.schema.kinds import SPECS_BY_KIND

from . import materialize
from .automerge_fields import put_meta, read_document, write_fields
from .migrations import migrate
from .placement import take_back
from .storage_errors import opening_errors, writing_errors

# Kinds whose documents carry no time stamps nor author name: a de-identified return
# must not say when (to the second) or by whom a case was saved.
UNSTAMPED_KINDS = frozenset({"return", "package", "message"})


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


class Store:
    """One SQLite file holding this device's documents and changes."""

    def __init__(self, path: Path, author: str | None = None) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []
        # One writer connection, used under a lock; each thread reads through its own
        # connection, so a reader never sees another thread's uncommitted transaction.
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
        if getattr(self._local, "writing", False):
            return self._writer
        reader = getattr(self._local, "reader", None)
        if reader is None:
            reader = self._local.reader = self._connect()
            self._readers.append(reader)
        return reader

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
    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls join the outer one."""
        with self._lock:
            if self._writer.in_transaction:
                yield self._writer
                return
            self._writer.execute("BEGIN IMMEDIATE")
            self._local.writing = True
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
        for listener in list(self._listeners):
            listener()

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every committed write (the TUI refreshes on it)."""
        self._listeners.append(listener)

    def close(self) -> None:
        for reader in self._readers:
            reader.close()
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
        data = read_document(doc) if data is None else data
        self.conn.execute(
            "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                doc_id,
                space,
                kind,
                doc.save(),
                ",".join(h.hex() for h in doc.get_heads()),
                json.dumps(data, ensure_ascii=False),
                data.get("updated_at", ""),
            ),
        )
        materialize.refresh(self.conn, doc_id, kind, data, space)

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

    def apply_changes(self, incoming: Iterable[IncomingChange]) -> ApplyResult:
        """Store and apply changes from elsewhere, in one transaction; never raises for them.

        Each document's waiting changes go through the trust boundary
        (`shared.policy.admit`): a change it refuses is set aside with its reason
        (applied = -1), one whose dependencies have not arrived is kept (applied = 0)
        and retried whenever more changes for its document arrive, and one that
        depends on a refused change stays waiting, marked as blocked by it.
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
            for change in fresh.values():
                conn.execute(
                    "INSERT INTO changes (hash, doc_id, space, author, deps, body, applied,"
                    " created_at, group_id, position) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)",
                    (
                        change.hash,
                        change.doc_id,
                        change.space,
                        change.author,
                        b"",
                        change.body,
                        stamp,
                        change.group_id,
                        change.position,
                    ),
                )
            touched = {(c.doc_id, c.space) for c in [*fresh.values(), *moved]}
            applied, rejected = 0, []
            for doc_id in sorted({doc_id for doc_id, _space in touched}):
                done, bad = self._apply_pending(doc_id)
                applied += done
                rejected.extend(bad)
            # A change held waiting in another document moves to the one where its
            # dependencies now are (each move at most once per call).
            while moved := take_back(conn, incoming, known, taken, deps_applied=True):
                for doc_id in sorted({c.doc_id for c in moved}):
                    done, bad = self._apply_pending(doc_id)
                    applied += done
                    rejected.extend(bad)
            pending = conn.execute(
                "SELECT count(*) FROM changes WHERE applied = 0 AND body IS NOT NULL"
            ).fetchone()[0]
        return ApplyResult(len(fresh), applied, pending, rejected)

    def _apply_pending(self, doc_id: str) -> tuple[int, list[str]]:
        """Admit the document's waiting changes; a failure stays inside this document."""
        conn = self.conn
        conn.execute("SAVEPOINT apply_document")
        try:
            done, refused = self._admit_pending(doc_id)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - one document's fault must not stop the rest
            conn.execute("ROLLBACK TO apply_document")
            reason = f"could not be applied: {exc}".splitlines()[0][:300]
            refused = self._set_aside_pending(doc_id, reason)
            done = 0
        conn.execute("RELEASE apply_document")
        return done, [h.hex() for h in refused]

    def _admit_pending(self, doc_id: str) -> tuple[int, list[bytes]]:
        conn = self.conn
        rows = conn.execute(
            "SELECT hash, body, author, space FROM changes"
            " WHERE doc_id = ? AND applied = 0 AND body IS NOT NULL ORDER BY seq",
            (doc_id,),
        ).fetchall()
        if not rows:
            return 0, []
        state_row = conn.execute(
            "SELECT state, space FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        # Documents are keyed by id alone: a change may not reach one of another space.
        space = state_row[1] if state_row else rows[0][3]
        faults: dict[bytes, str] = {
            h: _("the document {doc} belongs to {space}").format(doc=doc_id, space=space)
            for h, _b, _a, s in rows
            if s != space
        }
        applied_authors = dict(
            conn.execute(
                "SELECT hash, author FROM changes WHERE doc_id = ? AND applied = 1", (doc_id,)
            )
        )
        refused_before = [
            h
            for (h,) in conn.execute(
                "SELECT hash FROM changes WHERE doc_id = ? AND applied = ?", (doc_id, QUARANTINED)
            )
        ]
        candidates = [Candidate(h, b, a) for h, b, a, s in rows if s == space]
        authors = {c.author: self._author(c.author) for c in candidates}
        result = admit(
            space,
            doc_id,
            state_row[0] if state_row else None,
            candidates,
            authors,
            applied_authors,
            [*refused_before, *faults],
        )
        faults.update(result.refused)
        if result.document is not None:
            doc = result.document
            doc.set_actor(self.actor)
            self._save_document(doc, doc_id, space, result.kind or "unknown", result.data)
        conn.executemany(
            "UPDATE changes SET applied = 1, deps = ?, fault = NULL WHERE hash = ?",
            [(b"".join(deps), h) for h, deps in result.applied.items()],
        )
        conn.executemany(
            "UPDATE changes SET applied = ?, fault = ? WHERE hash = ?",
            [(QUARANTINED, reason, h) for h, reason in faults.items()],
        )
        conn.executemany(
            "UPDATE changes SET fault = ? WHERE hash = ?",
            [
                (_("waits for refused change {hash}").format(hash=b.hex()[:12]), h)
                for h, b in result.blocked.items()
            ],
        )
        new = [h for h in result.applied if h not in applied_authors]
        return len(new), list(faults)

    def _set_aside_pending(self, doc_id: str, reason: str) -> list[bytes]:
        hashes = [
            h
            for (h,) in self.conn.execute(
                "SELECT hash FROM changes WHERE doc_id = ? AND applied = 0 AND body IS NOT NULL",
                (doc_id,),
            )
        ]
        self.conn.executemany(
            "UPDATE changes SET applied = ?, fault = ? WHERE hash = ?",
            [(QUARANTINED, reason, h) for h in hashes],
        )
        return hashes

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
