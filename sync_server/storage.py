"""The server's storage behind one small interface: authorities, enrollment codes,
devices, and the per-space append-only log of signed groups.

`Storage` is the protocol the app and the admin CLI use. `SqlStorage` holds the
queries, written once in portable SQL; `SqliteStorage` (the default, one file)
and `PostgresStorage` (`postgres_db.py`, for several workers or machines) run
them. The schema is `SCHEMA` plus the numbered migrations of `migrations.py`.

Sequence numbers are per space and come from a counter row (`space_heads`)
locked and advanced inside the storing transaction: concurrent writers to one
space are serialized on that row (SQLite: one writer at a time; PostgreSQL:
`SELECT ... FOR UPDATE`), so a space's groups commit in sequence order and a
reader never sees seq N+1 committed before seq N (with a global autoincrement
on PostgreSQL it could, and a tailing cursor would skip N).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from shared.errors import EntraideError

from .migrations import Migration, all_migrations
from .sqlite_db import SqliteDatabase
from .timestamps import now_iso

SCHEMA = """
CREATE TABLE IF NOT EXISTS server_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS authorities (
    code TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS enrollment_codes (
    code_hash TEXT PRIMARY KEY,          -- sha256 of the code, never the code
    authority TEXT NOT NULL REFERENCES authorities(code),
    role TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    used_by TEXT
);
CREATE TABLE IF NOT EXISTS devices (
    device_id TEXT PRIMARY KEY,
    authority TEXT NOT NULL REFERENCES authorities(code),
    role TEXT NOT NULL,
    public_key BLOB NOT NULL,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,     -- sha256 of the bearer token
    cert BLOB NOT NULL,                  -- DeviceCert wire form, msgpack
    enrolled_at TEXT NOT NULL,
    last_seen TEXT,
    revoked_at TEXT
);
-- Which device certificates each device was already sent, so a pull carries only new ones
-- (a device that lost one asks for it again through GET /v1/certs).
CREATE TABLE IF NOT EXISTS delivered_certs (
    device_id TEXT NOT NULL,
    author TEXT NOT NULL,
    PRIMARY KEY (device_id, author)
);
CREATE TABLE IF NOT EXISTS space_heads (space TEXT PRIMARY KEY, last_seq BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS groups (
    space TEXT NOT NULL,
    seq BIGINT NOT NULL,
    group_id BLOB NOT NULL UNIQUE,
    author TEXT NOT NULL,
    wire BLOB NOT NULL,                  -- the group's wire form, msgpack, as signed
    size BIGINT NOT NULL,                -- bytes of its payload
    received_from TEXT NOT NULL,         -- the author when it pushed the group itself, else ''
    received_at TEXT NOT NULL,
    PRIMARY KEY (space, seq)
);
-- A device's own groups, counted without reading them (a pull skips them).
CREATE INDEX IF NOT EXISTS groups_by_sender ON groups (space, received_from, seq);
"""


MIGRATIONS: list[Migration] = all_migrations(SCHEMA)
LIVENESS_SECONDS = 60  # a device's last_seen is recorded at most this often
__all__ = ["now_iso"]  # re-exported: the app and the key store take it from here


def liveness_due(last_seen: str | None) -> bool:
    """Whether a request should record the device as seen (so most pulls write nothing)."""
    if last_seen is None:
        return True
    try:
        seen = dt.datetime.fromisoformat(last_seen)
    except ValueError:
        return True
    age = dt.datetime.now(dt.timezone.utc) - seen
    return age.total_seconds() >= LIVENESS_SECONDS


@dataclass(frozen=True)
class Authority:
    code: str
    state: str
    name: str
    created_at: str


@dataclass(frozen=True)
class Device:
    device_id: str
    authority: str
    role: str
    public_key: bytes
    name: str
    cert: bytes
    enrolled_at: str
    last_seen: str | None
    revoked_at: str | None


@dataclass(frozen=True)
class EnrollmentCode:
    code_hash: str
    authority: str
    role: str
    expires_at: str
    used_at: str | None


@dataclass(frozen=True)
class NewGroup:
    space: str
    group_id: bytes
    author: str
    wire: bytes
    size: int


@dataclass
class PlainDocument:
    """A readable document as the server's trust boundary knows it (see `trust.py`)."""

    space: str
    doc_id: str
    kind: str = ""
    state: bytes | None = None
    applied: dict[bytes, str] = field(default_factory=dict)  # change hash -> author
    refused: set[bytes] = field(default_factory=set)
    waiting: dict[bytes, tuple[bytes, str]] = field(default_factory=dict)  # hash -> body, author
    dirty: set[bytes] = field(default_factory=set)  # changes whose fate changed: to save
    state_dirty: bool = False


@dataclass(frozen=True)
class LogRow:
    space: str
    seq: int
    author: str
    wire: bytes
    size: int
    received_from: str = ""


class Storage(Protocol):
    """What the server needs from its database; every method is one transaction."""

    inline_reads: bool  # reads cheap enough to answer on the event loop (idle_pull.py)

    def get_meta(self, key: str) -> str | None: ...
    def set_meta_once(self, key: str, value: str) -> str: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def add_authority(self, code: str, state: str, name: str) -> Authority: ...
    def authorities(self) -> list[Authority]: ...
    def authority(self, code: str) -> Authority | None: ...
    def add_code(self, code_hash: str, authority: str, role: str, expires_at: str) -> None: ...
    def enroll(
        self,
        code_hash: str,
        device_id: str,
        public_key: bytes,
        name: str,
        token_hash: str,
        make_cert: MakeCert,
        now: str,
    ) -> Device: ...
    def device_by_token(self, token_hash: str) -> Device | None: ...
    def device(self, device_id: str) -> Device | None: ...
    def devices(self, authority: str | None = None) -> list[Device]: ...
    def revoke(self, device_id: str, make_record: MakeRevocation) -> Device: ...
    def revocations_after(self, seq: int) -> list[tuple[int, bytes]]: ...
    def has_group(self, group_id: bytes) -> bool: ...
    def touch(self, device_id: str) -> None: ...
    def judging(self, spaces: Sequence[str]) -> AbstractContextManager[None]: ...
    def store_groups(
        self,
        groups: Sequence[NewGroup],
        received_from: str,
        documents: Sequence[PlainDocument] = (),
    ) -> int: ...
    def plain_document(self, space: str, doc_id: str) -> PlainDocument: ...
    def certs_delivered(self, device_id: str, authors: Sequence[str]) -> set[str]: ...
    def note_certs_delivered(self, device_id: str, authors: Sequence[str]) -> None: ...
    def new_certs(self, device_id: str, authors: Sequence[str]) -> list[tuple[str, bytes]]: ...
    def spaces_like(self, prefix: str) -> list[str]: ...
    def head(self, space: str) -> int: ...
    def heads(self, spaces: Sequence[str]) -> dict[str, int]: ...
    def count_from(self, space: str, device_id: str, after: int, upto: int) -> int: ...
    def read_log(
        self,
        space: str,
        after: int,
        limit: int,
        upto: int | None = None,
        exclude_from: str | None = None,
    ) -> list[LogRow]: ...
    def authors_in(self, spaces: Sequence[str], among: Sequence[str] | None) -> set[str]: ...
    def counts(self) -> dict[str, int]: ...
    def all_heads(self) -> dict[str, int]: ...
    def add_requests(self, device_id: str, window_start: int, requests: int) -> int: ...
    def ping(self) -> None: ...
    def revoked_count(self) -> int: ...
    def close(self) -> None: ...


class MakeCert(Protocol):
    def __call__(self, authority: str, role: str) -> bytes: ...


class MakeRevocation(Protocol):
    """The signed record (msgpack wire form) of a device's revocation."""

    def __call__(
        self, device_id: str, authority: str, revoked_at: str, accepted: list[bytes]
    ) -> bytes: ...


class StorageError(EntraideError):
    """A request the data refuses (unknown code, duplicate device...): a clear message."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class SqlStorage:
    """The queries of every backend; a subclass mixes in a database (`_tx`, `_read`,
    `for_update`, `for_share`, `judging`)."""

    inline_reads = False

    for_update: str
    for_share: str
    _tx: Any
    _read: Any

    # -- meta -----------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM server_meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta_once(self, key: str, value: str) -> str:
        """Store `value` unless the key exists; return what is stored (first writer wins)."""
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO server_meta (key, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (key, value),
            )
            return conn.execute("SELECT value FROM server_meta WHERE key = ?", (key,)).fetchone()[0]

    def set_meta(self, key: str, value: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO server_meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- authorities and codes ----------------------------------------------------------
    def add_authority(self, code: str, state: str, name: str) -> Authority:
        with self._tx() as conn:
            if conn.execute("SELECT 1 FROM authorities WHERE code = ?", (code,)).fetchone():
                raise StorageError(f"authority {code} already exists", 409)
            created = now_iso()
            conn.execute(
                "INSERT INTO authorities (code, state, name, created_at) VALUES (?, ?, ?, ?)",
                (code, state, name, created),
            )
        return Authority(code, state, name, created)

    def authorities(self) -> list[Authority]:
        rows = self._read("SELECT code, state, name, created_at FROM authorities ORDER BY code")
        return [Authority(*r) for r in rows]

    def authority(self, code: str) -> Authority | None:
        rows = self._read(
            "SELECT code, state, name, created_at FROM authorities WHERE code = ?", (code,)
        )
        return Authority(*rows[0]) if rows else None

    def add_code(self, code_hash: str, authority: str, role: str, expires_at: str) -> None:
        with self._tx() as conn:
            if not conn.execute(
                "SELECT 1 FROM authorities WHERE code = ?", (authority,)
            ).fetchone():
                raise StorageError(f"no authority {authority}: create it first", 404)
            conn.execute(
                "INSERT INTO enrollment_codes (code_hash, authority, role, created_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (code_hash, authority, role, now_iso(), expires_at),
            )

    # -- devices ----------------------------------------------------------------------
    _DEVICE_COLS = (
        "device_id, authority, role, public_key, name, cert, enrolled_at, last_seen, revoked_at"
    )

    def enroll(
        self,
        code_hash: str,
        device_id: str,
        public_key: bytes,
        name: str,
        token_hash: str,
        make_cert: MakeCert,
        now: str,
    ) -> Device:
        """Spend a one-time code and register the device, in one transaction."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT authority, role, expires_at, used_at, used_by FROM enrollment_codes"
                " WHERE code_hash = ?" + self.for_update,  # two uses of one code take turns
                (code_hash,),
            ).fetchone()
            if row is None:
                raise StorageError("unknown enrollment code", 403)
            authority, role, expires_at, used_at, used_by = row
            if expires_at <= now:
                raise StorageError("this enrollment code has expired", 403)
            existing = conn.execute(
                "SELECT public_key, revoked_at FROM devices WHERE device_id = ?", (device_id,)
            ).fetchone()
            # The same device (same key, proven by the caller) may spend its code again:
            # a retry after a lost answer must not lock the device out.
            same_device = existing is not None and bytes(existing[0]) == public_key
            if used_at is not None and not (used_by == device_id and same_device):
                raise StorageError("this enrollment code has already been used", 403)
            if existing is not None:
                if existing[1] is not None:
                    raise StorageError(f"device {device_id} has been revoked", 403)
                if bytes(existing[0]) != public_key:
                    raise StorageError(f"device id {device_id} is taken by another device", 409)
            cert = make_cert(authority, role)
            conn.execute(
                "UPDATE enrollment_codes SET used_at = ?, used_by = ? WHERE code_hash = ?",
                (now, device_id, code_hash),
            )
            if existing is not None:
                conn.execute(
                    "UPDATE devices SET authority = ?, role = ?, name = ?, token_hash = ?, cert = ?,"
                    " enrolled_at = ? WHERE device_id = ?",
                    (authority, role, name, token_hash, cert, now, device_id),
                )
            else:
                conn.execute(
                    "INSERT INTO devices (device_id, authority, role, public_key, name, token_hash,"
                    " cert, enrolled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (device_id, authority, role, public_key, name, token_hash, cert, now),
                )
        return Device(device_id, authority, role, public_key, name, cert, now, None, None)

    def _device(self, where: str, args: Sequence[object]) -> list[Device]:
        rows = self._read(f"SELECT {self._DEVICE_COLS} FROM devices {where}", args)
        return [Device(r[0], r[1], r[2], bytes(r[3]), r[4], bytes(r[5]), *r[6:]) for r in rows]

    def device_by_token(self, token_hash: str) -> Device | None:
        found = self._device("WHERE token_hash = ?", (token_hash,))
        return found[0] if found else None

    def device(self, device_id: str) -> Device | None:
        found = self._device("WHERE device_id = ?", (device_id,))
        return found[0] if found else None

    def devices(self, authority: str | None = None) -> list[Device]:
        if authority:
            return self._device("WHERE authority = ? ORDER BY device_id", (authority,))
        return self._device("ORDER BY authority, device_id", ())

    def revoke(self, device_id: str, make_record: MakeRevocation) -> Device:
        """Mark the device revoked and record, in the same transaction, the groups of it
        that stand (every one stored so far); a device revoked before records existed
        gets its record now."""
        with self._tx() as conn:
            row = conn.execute(
                "SELECT authority, revoked_at FROM devices WHERE device_id = ?", (device_id,)
            ).fetchone()
            if row is None:
                raise StorageError(f"no device {device_id}", 404)
            authority, revoked_at = row
            if revoked_at is None:
                revoked_at = now_iso()
                conn.execute(
                    "UPDATE devices SET revoked_at = ? WHERE device_id = ?", (revoked_at, device_id)
                )
            if not conn.execute(
                "SELECT 1 FROM revocations WHERE device_id = ?", (device_id,)
            ).fetchone():
                accepted = [
                    bytes(g)
                    for (g,) in conn.execute(
                        "SELECT group_id FROM groups WHERE author = ?", (device_id,)
                    )
                ]
                record = make_record(device_id, authority, revoked_at, accepted)
                conn.execute(
                    "INSERT INTO revocations (seq, device_id, record) VALUES"
                    " ((SELECT coalesce(max(seq), 0) + 1 FROM revocations), ?, ?)",
                    (device_id, record),
                )
        device = self.device(device_id)
        assert device is not None
        return device

    def revocations_after(self, seq: int) -> list[tuple[int, bytes]]:
        rows = self._read("SELECT seq, record FROM revocations WHERE seq > ? ORDER BY seq", (seq,))
        return [(int(r[0]), bytes(r[1])) for r in rows]

    def has_group(self, group_id: bytes) -> bool:
        return bool(self._read("SELECT 1 FROM groups WHERE group_id = ?", (group_id,)))

    def touch(self, device_id: str) -> None:
        with self._tx() as conn:
            conn.execute(
                "UPDATE devices SET last_seen = ? WHERE device_id = ?", (now_iso(), device_id)
            )

    def certs_delivered(self, device_id: str, authors: Sequence[str]) -> set[str]:
        """Which of these authors' certificates the device was already sent."""
        marks = ",".join("?" * len(authors))
        rows = self._read(
            f"SELECT author FROM delivered_certs WHERE device_id = ? AND author IN ({marks})",
            [device_id, *authors],
        )
        return {author for (author,) in rows}

    def new_certs(self, device_id: str, authors: Sequence[str]) -> list[tuple[str, bytes]]:
        """The certificates of these authors that the device was not sent yet, in one read."""
        if not authors:
            return []
        marks = ",".join("?" * len(authors))
        rows = self._read(
            f"SELECT d.device_id, d.cert FROM devices d WHERE d.device_id IN ({marks})"
            " AND NOT EXISTS (SELECT 1 FROM delivered_certs c"
            " WHERE c.device_id = ? AND c.author = d.device_id) ORDER BY d.device_id",
            [*authors, device_id],
        )
        return [(author, bytes(cert)) for author, cert in rows]

    def note_certs_delivered(self, device_id: str, authors: Sequence[str]) -> None:
        with self._tx() as conn:
            conn.executemany(
                "INSERT INTO delivered_certs (device_id, author) VALUES (?, ?)"
                " ON CONFLICT DO NOTHING",
                [(device_id, author) for author in authors],
            )

    # -- the log ----------------------------------------------------------------------
    def plain_document(self, space: str, doc_id: str) -> PlainDocument:
        doc = PlainDocument(space, doc_id)
        rows = self._read(
            "SELECT kind, state FROM plain_documents WHERE space = ? AND doc_id = ?",
            (space, doc_id),
        )
        if rows:
            doc.kind, doc.state = rows[0][0], bytes(rows[0][1])
        for change_hash, author, status, body in self._read(
            "SELECT hash, author, status, body FROM plain_changes WHERE space = ? AND doc_id = ?",
            (space, doc_id),
        ):
            change_hash = bytes(change_hash)
            if status == 1:
                doc.applied[change_hash] = author
            elif status < 0:
                doc.refused.add(change_hash)
            else:
                doc.waiting[change_hash] = (bytes(body), author)
        return doc

    def _save_plain(self, conn: Any, doc: PlainDocument) -> None:
        if doc.state is not None and doc.state_dirty:
            conn.execute(
                "INSERT INTO plain_documents (space, doc_id, kind, state) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (space, doc_id) DO UPDATE SET kind = excluded.kind,"
                " state = excluded.state",
                (doc.space, doc.doc_id, doc.kind, doc.state),
            )
        rows = [(h, a, 1, None) for h, a in doc.applied.items() if h in doc.dirty]
        rows += [(h, "", -1, None) for h in doc.refused if h in doc.dirty]
        rows += [(h, a, 0, body) for h, (body, a) in doc.waiting.items() if h in doc.dirty]
        conn.executemany(
            "INSERT INTO plain_changes (hash, space, doc_id, author, status, body)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (space, doc_id, hash) DO UPDATE SET"
            " status = excluded.status, body = excluded.body",
            [(h, doc.space, doc.doc_id, a, st, body) for h, a, st, body in rows],
        )

    def store_groups(
        self,
        groups: Sequence[NewGroup],
        received_from: str,
        documents: Sequence[PlainDocument] = (),
    ) -> int:
        """Append the groups not stored yet, all in one transaction; returns how many were new.

        Space by space in a fixed order (two pushes never wait for each other in a
        cycle), each under its counter row's lock: a group id belongs to one space, so
        the lock also makes "not stored yet" and the insert one step. `received_from`
        (the pusher) is kept only for its own groups, so that a pull does not send them
        back; who forwarded another device's groups is not recorded. `documents`: the
        readable documents these groups changed, saved in the same transaction.
        """
        by_space: dict[str, list[NewGroup]] = {}
        for group in groups:
            by_space.setdefault(group.space, []).append(group)
        stored = 0
        stamp = now_iso()
        authors_checked: set[str] = set()
        with self._tx() as conn:
            for doc in documents:
                self._save_plain(conn, doc)
            for space in sorted(by_space):
                conn.execute(
                    "INSERT INTO space_heads (space, last_seq) VALUES (?, 0)"
                    " ON CONFLICT (space) DO NOTHING",
                    (space,),
                )
                (seq,) = conn.execute(
                    "SELECT last_seq FROM space_heads WHERE space = ?" + self.for_update,
                    (space,),
                ).fetchone()
                seq = int(seq)
                wanted = by_space[space]
                known = self._known_ids(conn, [g.group_id for g in wanted])
                rows = []
                for group in wanted:
                    if group.group_id in known:
                        continue
                    if group.author not in authors_checked:
                        self._check_unrevoked(conn, group.author)
                        authors_checked.add(group.author)
                    known.add(group.group_id)  # the same group twice in one push
                    seq += 1
                    rows.append(
                        (
                            space,
                            seq,
                            group.group_id,
                            group.author,
                            group.wire,
                            group.size,
                            received_from if received_from == group.author else "",
                            stamp,
                        )
                    )
                if rows:
                    conn.executemany(
                        "INSERT INTO groups (space, seq, group_id, author, wire, size,"
                        " received_from, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        rows,
                    )
                    conn.execute(
                        "UPDATE space_heads SET last_seq = ? WHERE space = ?", (seq, space)
                    )
                    stored += len(rows)
        return stored

    def _check_unrevoked(self, conn: Any, author: str) -> None:
        """Checked again inside the storing transaction: a revocation committed since the
        push was checked fixed the author's accepted groups, and new ones are not among
        them. On PostgreSQL (READ COMMITTED) the row is read FOR SHARE: a revocation
        that updated it and has not committed yet is waited for and then seen, and one
        that starts later waits for this push, so its list of the device's groups
        includes what this push stores. SQLite has one writer: nothing to wait for."""
        row = conn.execute(
            "SELECT revoked_at FROM devices WHERE device_id = ?" + self.for_share, (author,)
        ).fetchone()
        if row is not None and row[0] is not None:
            raise StorageError(
                f"a group was written by device {author}, which has been revoked", 403
            )

    @staticmethod
    def _known_ids(conn: Any, ids: list[bytes]) -> set[bytes]:
        known: set[bytes] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT group_id FROM groups WHERE group_id IN ({marks})", chunk
            ).fetchall()
            known.update(bytes(r[0]) for r in rows)
        return known

    def spaces_like(self, prefix: str) -> list[str]:
        rows = self._read(
            "SELECT space FROM space_heads WHERE space LIKE ? ORDER BY space", (prefix + "%",)
        )
        return [r[0] for r in rows]

    def head(self, space: str) -> int:
        rows = self._read("SELECT last_seq FROM space_heads WHERE space = ?", (space,))
        return int(rows[0][0]) if rows else 0

    def heads(self, spaces: Sequence[str]) -> dict[str, int]:
        """The last sequence number of each of these spaces that has one, in one read."""
        marks = ",".join("?" * len(spaces))
        rows = self._read(
            f"SELECT space, last_seq FROM space_heads WHERE space IN ({marks})", list(spaces)
        )
        return {space: int(seq) for space, seq in rows}

    def count_from(self, space: str, device_id: str, after: int, upto: int) -> int:
        """How many groups of (after, upto] the device pushed itself (on an index)."""
        rows = self._read(
            "SELECT count(*) FROM groups WHERE space = ? AND received_from = ?"
            " AND seq > ? AND seq <= ?",
            (space, device_id, after, upto),
        )
        return int(rows[0][0])

    def read_log(
        self,
        space: str,
        after: int,
        limit: int,
        upto: int | None = None,
        exclude_from: str | None = None,
    ) -> list[LogRow]:
        """Groups of `space` after seq `after` (up to `upto`), leaving out those that
        `exclude_from` pushed."""
        sql = (
            "SELECT space, seq, author, wire, size, received_from FROM groups"
            " WHERE space = ? AND seq > ?"
        )
        args: list[object] = [space, after]
        if upto is not None:
            sql += " AND seq <= ?"
            args.append(upto)
        if exclude_from is not None:
            sql += " AND received_from <> ?"
            args.append(exclude_from)
        rows = self._read(sql + " ORDER BY seq LIMIT ?", [*args, limit])
        return [LogRow(r[0], int(r[1]), r[2], bytes(r[3]), int(r[4]), r[5]) for r in rows]

    def all_heads(self) -> dict[str, int]:
        """Every space's last sequence number (for the metrics)."""
        return {
            space: int(seq) for space, seq in self._read("SELECT space, last_seq FROM space_heads")
        }

    def add_requests(self, device_id: str, window_start: int, requests: int) -> int:
        """Add to a device's request count of a window (rate limits); returns the total."""
        with self._tx() as conn:
            conn.execute(
                "DELETE FROM rate_windows WHERE device_id = ? AND window_start < ?",
                (device_id, window_start),
            )
            (total,) = conn.execute(
                "INSERT INTO rate_windows (device_id, window_start, requests) VALUES (?, ?, ?)"
                " ON CONFLICT (device_id, window_start)"
                " DO UPDATE SET requests = rate_windows.requests + excluded.requests"
                " RETURNING requests",
                (device_id, window_start, requests),
            ).fetchone()
        return int(total)

    def ping(self) -> None:
        """Raises if the database does not answer (the health check)."""
        self._read("SELECT 1")

    def revoked_count(self) -> int:
        return int(self._read("SELECT count(*) FROM devices WHERE revoked_at IS NOT NULL")[0][0])

    def authors_in(self, spaces: Sequence[str], among: Sequence[str] | None) -> set[str]:
        """Devices that wrote groups in these spaces (only those in `among`, when given)."""
        if not spaces or (among is not None and not among):
            return set()
        sql = "SELECT DISTINCT author FROM groups WHERE space IN ({})".format(
            ",".join("?" * len(spaces))
        )
        args: list[str] = list(spaces)
        if among is not None:
            sql += " AND author IN ({})".format(",".join("?" * len(among)))
            args += among
        return {row[0] for row in self._read(sql, args)}

    def counts(self) -> dict[str, int]:
        """Row counts, for the admin CLI and tests."""
        out = {}
        for table in ("authorities", "enrollment_codes", "devices", "groups", "space_heads"):
            out[table] = int(self._read(f"SELECT count(*) FROM {table}")[0][0])
        return out


class SqliteStorage(SqlStorage, SqliteDatabase):
    """SQLite backend: one connection, serialized by a lock (writes are short)."""

    def __init__(self, path: str | Path) -> None:
        SqliteDatabase.__init__(self, path, MIGRATIONS)

    def spaces_like(self, prefix: str) -> list[str]:
        """A range of the primary key (SQLite compares text bytewise): LIKE would scan
        every space at every pull of a device that reads `exchange/*` or `returns/*`."""
        end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = self._read(
            "SELECT space FROM space_heads WHERE space >= ? AND space < ? ORDER BY space",
            (prefix, end),
        )
        return [r[0] for r in rows]


def is_database_url(db: str) -> bool:
    """A PostgreSQL URL rather than a SQLite file path."""
    return db.startswith(("postgres://", "postgresql://"))


def open_storage(db: str | Path) -> Storage:
    """The storage for a --db argument: a PostgreSQL URL, or a SQLite file (a path,
    optionally written `sqlite:PATH`)."""
    text = str(db)
    if is_database_url(text):
        from .postgres_db import PostgresStorage, PostgresUnavailable

        try:
            return PostgresStorage(text)
        except PostgresUnavailable as exc:
            raise StorageError(str(exc), 503) from None
    return SqliteStorage(text.removeprefix("sqlite:"))
