"""The server's schema as numbered migrations, one definition for SQLite and PostgreSQL.

Each migration is portable SQL; the only dialect difference in the DDL is the binary
column type (written `BLOB`, made `BYTEA` on PostgreSQL by `ddl()`). Applied versions
are recorded in `schema_migrations`; a database is brought up to date when it is
opened, inside one transaction (on PostgreSQL under an advisory lock, so that
several workers starting at once migrate it once).

To change the schema, append a migration to `LATER`: never edit one that has shipped. A table
another module owns (the key tables of `space_keys.py`) is a migration like any other.
Migration 1 uses `IF NOT EXISTS`, so a database made before migrations existed is
adopted as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Migration = tuple[int, str, str]  # version, name, SQL statements separated by ';'

# After the baseline (`storage.SCHEMA`, version 1, which stays in storage.py beside
# the queries that use it).
LATER: list[Migration] = [
    (
        2,
        "end-to-end space keys: escrow, grants, holder proofs",
        """
CREATE TABLE IF NOT EXISTS key_state (
    authority TEXT PRIMARY KEY,
    version INTEGER NOT NULL,            -- +1 at every publish (compare-and-set)
    current_key TEXT NOT NULL,           -- id of the key new groups use
    key_ids TEXT NOT NULL,               -- every key id of the keyset, comma-separated
    escrow_generation INTEGER NOT NULL,
    escrow BLOB,                         -- keyset sealed to passphrase and recovery keys
    covered TEXT NOT NULL,               -- revoked devices the current key was made after
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS key_grants (
    authority TEXT NOT NULL,
    device_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    blob BLOB NOT NULL,                  -- keyset sealed to this device's X25519 key
    PRIMARY KEY (authority, device_id)
);
CREATE TABLE IF NOT EXISTS key_holders (
    authority TEXT NOT NULL,
    device_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    proof BLOB NOT NULL,
    PRIMARY KEY (authority, device_id)
);
""",
    ),
    (
        3,
        "per-device request counters (rate limits shared by every worker)",
        """
CREATE TABLE IF NOT EXISTS rate_windows (
    device_id TEXT NOT NULL,
    window_start BIGINT NOT NULL,        -- unix time of the window's start
    requests BIGINT NOT NULL,
    PRIMARY KEY (device_id, window_start)
);
""",
    ),
    (
        4,
        "trust boundary, narrower metadata and revocation records",
        """
-- The trust boundary's view of the documents the server can read (directory, library,
-- returns): each one's Automerge state, and each change's author and fate, so that a
-- pushed group is judged by `shared.policy.admit` like on every client.
CREATE TABLE IF NOT EXISTS plain_documents (
    space TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    state BLOB NOT NULL,
    PRIMARY KEY (space, doc_id)
);
-- One row per document a change was sent for: a change re-wrapped in another document
-- is judged there on its own.
CREATE TABLE IF NOT EXISTS plain_changes (
    space TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    hash BLOB NOT NULL,
    author TEXT NOT NULL,
    status INTEGER NOT NULL,             -- 1 applied, 0 waits for its dependencies, -1 refused
    body BLOB,                           -- kept only while it waits
    PRIMARY KEY (space, doc_id, hash)
);
-- Which authors wrote in a space: GET /v1/certs answers only certificates a device needs.
CREATE INDEX IF NOT EXISTS groups_space_author ON groups (space, author);
-- One signed record per revoked device (shared/revocation.py): the ids of its groups this
-- server had accepted when it was revoked. `seq` orders them for the devices' pull cursor.
CREATE TABLE IF NOT EXISTS revocations (
    seq BIGINT PRIMARY KEY,
    device_id TEXT NOT NULL UNIQUE,
    record BLOB NOT NULL                 -- the Revocation wire form, msgpack
);
-- Who forwarded another office's groups is no longer kept: only a device's own pushes.
UPDATE groups SET received_from = '' WHERE received_from <> author
""",
    ),
    (
        5,
        "the secretariat's sync monitor: what each device was last sent",
        """
CREATE TABLE IF NOT EXISTS device_cursors (
    device_id TEXT NOT NULL,
    space TEXT NOT NULL,
    seq BIGINT NOT NULL,                 -- the last group of the space sent to the device
    PRIMARY KEY (device_id, space)
)
""",
    ),
]

LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


def ddl(sql: str, dialect: str) -> str:
    """The DDL of `sql` for a dialect ("sqlite" or "postgresql")."""
    if dialect == "postgresql":
        return re.sub(r"\bBLOB\b", "BYTEA", sql)
    return sql


def statements(sql: str) -> list[str]:
    """The statements of a migration (no ';' inside comments or literals)."""
    return [s.strip() for s in sql.split(";") if s.strip()]


Execute = Callable[[str, Sequence[object]], list[tuple]]


def all_migrations(baseline: str) -> list[Migration]:
    return [(1, "authorities, codes, devices and the log", baseline), *LATER]


def migrate(execute: Execute, dialect: str, now: str, migrations: Sequence[Migration]) -> list[int]:
    """Apply the missing migrations through `execute` (inside the caller's transaction);
    returns the versions applied."""
    execute(LEDGER, ())
    done = {int(v) for (v,) in execute("SELECT version FROM schema_migrations", ())}
    applied = []
    for version, name, sql in migrations:
        if version in done:
            continue
        for statement in statements(ddl(sql, dialect)):
            execute(statement, ())
        execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (version, name, now),
        )
        applied.append(version)
    return applied
