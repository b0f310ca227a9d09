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
from shared.schema.approvals import APPROVALS_FIELDS_BY_NAME
from shared.schema.cases import FIELDS_BY_NAME, SCHEMA_VERSION, Field
from shared.schema.directory import DIRECTORY_FIELDS_BY_NAME
from shared.schema.returns import RETURN_FIELDS_BY_NAME

from . import materialize
from .automerge_fields import put_meta, read_document, write_fields
from .migrations import migrate

SPECS_BY_KIND: dict[str, Mapping[str, Field]] = {
    "case": FIELDS_BY_NAME,
    "directory": DIRECTORY_FIELDS_BY_NAME,
    "approvals": APPROVALS_FIELDS_BY_NAME,
    "return": RETURN_FIELDS_BY_NAME,
}
# Kinds whose documents carry no time stamps nor author name: a de-identified return
# must not say when (to the second) or by whom a case was saved.
UNSTAMPED_KINDS = frozenset({"return"})


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
    rejected: list[str]  # hashes (hex) whose bytes Automerge refused


def now_iso() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


class Store:
    """One SQLite file holding this device's documents and changes."""

    def __init__(self, path: Path, author: str | None = None) -> None:
        self.path = Path(path)
        # One writer connection, used under a lock; each thread reads through its own
        # connection, so a reader never sees another thread's uncommitted transaction.
        self._writer = self._connect()
        self._writer.execute("PRAGMA journal_mode=WAL")
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._lock = threading.RLock()
        self._listeners: list[Callable[[], None]] = []
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
                yield self._writer
                self._writer.execute("COMMIT")
            except BaseException:
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
            if kind in UNSTAMPED_KINDS:
                # Without a time stamp two such documents with the same values would start
                # with the very same change (same actor, no deps): their id tells them apart.
                put_meta(tx, "_id", doc_id)
            else:
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

    def _save_local(self, doc: Document, doc_id: str, space: str, kind: str, stamp: str) -> None:
        change = doc.get_last_local_change()
        assert change is not None
        # The raw (uncompressed) chunk: groups carry it, and its hash is sha256(raw[8:]).
        self.conn.execute(
            "INSERT INTO changes (hash, doc_id, space, author, deps, body, applied, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            (
                change.hash,
                doc_id,
                space,
                self.device_id,
                b"".join(change.deps),
                change.raw_bytes,
                stamp,
            ),
        )
        self._save_document(doc, doc_id, space, kind)

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
        space, kind, state, _ = self._row(doc_id)
        doc = Document.load(state)
        doc.set_actor(self.actor)
        return space, kind, doc

    def exists(self, doc_id: str) -> bool:
        found = self.conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,))
        return found.fetchone() is not None

    def read(self, doc_id: str) -> dict[str, Any]:
        """The record's current fields (from the materialized copy)."""
        space, kind, _, data = self._row(doc_id)
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
        """Store and apply changes from elsewhere, in one transaction.

        A change whose dependencies have not arrived is kept (applied = 0) and
        retried whenever more changes for its document arrive.
        """
        incoming = list(incoming)
        with self.write() as conn:
            known = self.known_hashes(c.hash for c in incoming)
            fresh: dict[bytes, IncomingChange] = {}
            for change in incoming:
                if change.hash not in known and change.hash not in fresh:
                    fresh[change.hash] = change
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
            touched = {(c.doc_id, c.space) for c in fresh.values()}
            applied, rejected = 0, []
            for doc_id, space in sorted(touched):
                done, bad = self._apply_pending(doc_id, space)
                applied += done
                rejected.extend(bad)
            pending = conn.execute(
                "SELECT count(*) FROM changes WHERE applied = 0 AND body IS NOT NULL"
            ).fetchone()[0]
        return ApplyResult(len(fresh), applied, pending, rejected)

    def _apply_pending(self, doc_id: str, space: str) -> tuple[int, list[str]]:
        rows = self.conn.execute(
            "SELECT hash, body FROM changes WHERE doc_id = ? AND applied = 0 AND body IS NOT NULL"
            " ORDER BY seq",
            (doc_id,),
        ).fetchall()
        if not rows:
            return 0, []
        state_row = self.conn.execute(
            "SELECT state, kind FROM documents WHERE doc_id = ?", (doc_id,)
        ).fetchone()
        base = state_row[0] if state_row else _EMPTY_DOCUMENT
        before = {
            h
            for (h,) in self.conn.execute(
                "SELECT hash FROM changes WHERE doc_id = ? AND applied = 1", (doc_id,)
            )
        }
        claimed = {h for h, _ in rows}
        rejected: list[str] = []
        # Fast path: everything at once, accepted if it adds only changes that were claimed
        # and the result can be read.
        doc = _load_or_none(base + b"".join(body for _, body in rows))
        changes = doc.get_changes([]) if doc is not None else []
        data = _read_or_none(doc) if doc is not None else None
        if data is None or not {c.hash for c in changes} - before <= claimed:
            # Slow path: find the bodies that are malformed or not what they claim to be.
            good = []
            for change_hash, body in rows:
                if _is_genuine_change(base, before, change_hash, body):
                    good.append(body)
                else:
                    rejected.append(change_hash.hex())
                    self.conn.execute(
                        "UPDATE changes SET applied = ? WHERE hash = ?", (QUARANTINED, change_hash)
                    )
            if not good:
                return 0, rejected
            doc = Document.load(base + b"".join(good))
            changes = doc.get_changes([])
            data = read_document(doc)
        applied = [c for c in changes if c.hash in claimed]
        if not applied:
            return 0, rejected
        doc.set_actor(self.actor)
        kind = state_row[1] if state_row else str(data.get("_kind") or "unknown")
        self._save_document(doc, doc_id, space, kind, data)
        # Mark them applied and record their dependencies, for history and bundles.
        self.conn.executemany(
            "UPDATE changes SET applied = 1, deps = ? WHERE hash = ?",
            [(b"".join(c.deps), c.hash) for c in applied],
        )
        return len(applied), rejected

    def quarantined(self) -> list[tuple[str, str, str]]:
        """Changes refused as malformed: (hash hex, doc id, author)."""
        rows = self.conn.execute(
            "SELECT hash, doc_id, author FROM changes WHERE applied = ?", (QUARANTINED,)
        )
        return [(h.hex(), d, a) for h, d, a in rows]


QUARANTINED = -1
_EMPTY_DOCUMENT = Document().save()


# Automerge raises a bare Exception for malformed bytes, and some hostile changes make it
# panic while loading or reading (pyo3's PanicException, a BaseException).


def _load_or_none(data: bytes) -> Document | None:
    try:
        return Document.load(data)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None


def _read_or_none(doc: Document) -> dict[str, Any] | None:
    try:
        return read_document(doc)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        return None


def _is_genuine_change(base: bytes, before: set[bytes], claimed: bytes, body: bytes) -> bool:
    """True if `body` parses and adds no change but the one it claims to be.

    A body whose dependencies are missing adds nothing yet and stays pending.
    """
    probe = _load_or_none(base + body)
    if probe is None or _read_or_none(probe) is None:
        return False
    added = {c.hash for c in probe.get_changes([])} - before
    return not added or added == {claimed}
