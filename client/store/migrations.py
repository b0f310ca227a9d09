"""Named schema migrations of the local SQLite store, applied by `sqlite_utils.Migrations`.

Each entry of `MIGRATIONS` is registered, in order, as one migration of the set
"entraide-store"; sqlite-utils records the applied ones in `_sqlite_migrations`.
A store made before sqlite-utils ran them kept its own record (`_migrations`):
`migrate` adopts those names first, so no migration runs twice.

Append new entries at the end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database, Migrations

MIGRATIONS: list[tuple[str, str]] = [
    (
        "0001-core",
        """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- One Automerge document per record; `state` is Document.save().
        CREATE TABLE documents (
            doc_id TEXT PRIMARY KEY,
            space TEXT NOT NULL,
            kind TEXT NOT NULL,
            state BLOB NOT NULL,
            heads TEXT NOT NULL,
            data TEXT NOT NULL,          -- materialized fields, JSON
            updated_at TEXT NOT NULL
        );
        CREATE INDEX documents_space_kind ON documents(space, kind);
        -- Every Automerge change this device holds, in local arrival order.
        -- `body` is the plain change (NULL when it is a space we cannot read);
        -- `envelope` is the signed envelope as built or received, kept for forwarding.
        CREATE TABLE changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            hash BLOB NOT NULL UNIQUE,
            doc_id TEXT NOT NULL,
            space TEXT NOT NULL,
            author TEXT NOT NULL,
            deps BLOB NOT NULL,          -- concatenated 32-byte hashes
            body BLOB,
            envelope BLOB,
            applied INTEGER NOT NULL DEFAULT 0,
            pushed INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        );
        CREATE INDEX changes_doc ON changes(doc_id);
        CREATE INDEX changes_unapplied ON changes(applied) WHERE applied = 0;
        CREATE INDEX changes_unpushed ON changes(pushed) WHERE pushed = 0;
        -- Materialized cases, for lists, filters and statistics.
        CREATE TABLE cases (
            doc_id TEXT PRIMARY KEY,
            direction TEXT, kind TEXT, status TEXT, urgency TEXT,
            our_ref TEXT, their_ref TEXT, title TEXT,
            requesting_state TEXT, requested_state TEXT,
            assistance_types TEXT, deadline TEXT,
            date_received TEXT, date_sent TEXT, date_closed TEXT,
            assigned_officer TEXT, updated_at TEXT
        );
        CREATE INDEX cases_status ON cases(status);
        CREATE INDEX cases_deadline ON cases(deadline);
        CREATE INDEX cases_updated ON cases(updated_at);
        CREATE VIRTUAL TABLE cases_fts USING fts5(doc_id UNINDEXED, body, tokenize='unicode61 remove_diacritics 2');
        CREATE TABLE directory (
            doc_id TEXT PRIMARY KEY,
            code TEXT, state TEXT, authority_name TEXT, languages TEXT
        );
        CREATE INDEX directory_code ON directory(code);
        -- Free key/value state of the sync agent and bundles (cursors, peer acks).
        CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        """,
    ),
    (
        "0002-replication",
        """
        -- Signed groups of envelopes: the unit that travels (network, bundles) and is
        -- forwarded untouched. Member changes point to their group.
        CREATE TABLE groups (
            group_id BLOB PRIMARY KEY,
            space TEXT NOT NULL,
            author TEXT NOT NULL,
            signature BLOB NOT NULL,
            size INTEGER NOT NULL,       -- bytes of the envelopes' bodies
            pushed INTEGER NOT NULL DEFAULT 0,   -- acknowledged by the server
            seq INTEGER NOT NULL         -- local order of arrival or sealing
        );
        CREATE INDEX groups_unpushed ON groups(pushed, seq);
        CREATE INDEX groups_seq ON groups(seq);
        ALTER TABLE changes ADD COLUMN group_id BLOB;
        ALTER TABLE changes ADD COLUMN position INTEGER;   -- index in its group
        ALTER TABLE changes ADD COLUMN key_id TEXT NOT NULL DEFAULT '';
        CREATE INDEX changes_group ON changes(group_id, position);
        CREATE INDEX changes_unsealed ON changes(author, group_id) WHERE group_id IS NULL;
        -- Device certificates this device knows (its own, and the authors of what it holds).
        CREATE TABLE devices (
            device_id TEXT PRIMARY KEY,
            authority TEXT NOT NULL,
            role TEXT NOT NULL,
            public_key BLOB NOT NULL,
            cert BLOB NOT NULL           -- DeviceCert wire form, msgpack
        );
        """,
    ),
    (
        "0003-fts-rowid",
        """
        -- The search entry of a case now has the rowid of its row in `cases`, so that
        -- it is replaced by rowid (doc_id is not indexed in the FTS table).
        CREATE TEMP TABLE fts_copy AS
            SELECT c.rowid AS rid, c.doc_id AS doc_id, max(f.body) AS body
            FROM cases_fts f JOIN cases c ON c.doc_id = f.doc_id GROUP BY c.rowid;
        DELETE FROM cases_fts;
        INSERT INTO cases_fts (rowid, doc_id, body) SELECT rid, doc_id, body FROM fts_copy;
        DROP TABLE fts_copy;
        """,
    ),
    (
        "0004-group-payload",
        """
        -- Group format 2: a group is stored as signed, one payload (plaintext or
        -- ciphertext of all its changes), never rebuilt from change rows. Format-1
        -- groups cannot be converted (nothing was deployed): they are dropped, this
        -- device's own changes are sealed again, and unread envelopes are forgotten.
        DROP TABLE groups;
        CREATE TABLE groups (
            group_id BLOB PRIMARY KEY,
            space TEXT NOT NULL,
            author TEXT NOT NULL,
            key_id TEXT NOT NULL DEFAULT '',   -- '' for plaintext spaces
            signature BLOB NOT NULL,
            payload BLOB NOT NULL,
            changes INTEGER NOT NULL DEFAULT 0,  -- changes it carries, 0 while unread
            opened INTEGER NOT NULL DEFAULT 0,   -- 1 its changes are rows of `changes`,
                                                 -- 0 unread (no key, or not our space),
                                                 -- -1 quarantined (failed to open)
            pushed INTEGER NOT NULL DEFAULT 0,   -- acknowledged by the server (-1 refused)
            seq INTEGER NOT NULL                 -- local order of arrival or sealing
        );
        CREATE INDEX groups_unpushed ON groups(pushed, seq);
        CREATE INDEX groups_seq ON groups(seq);
        CREATE INDEX groups_unread ON groups(space, opened) WHERE opened = 0;
        DELETE FROM changes WHERE body IS NULL;
        UPDATE changes SET group_id = NULL, position = NULL;
        ALTER TABLE changes DROP COLUMN envelope;
        ALTER TABLE changes DROP COLUMN key_id;
        """,
    ),
    (
        "0005-faults",
        """
        -- Why a received change or group was set aside (one notion for both): a change
        -- refused at the trust boundary (applied = -1), or waiting behind a refused one
        -- (applied = 0); a group that failed to open (opened = -1) or that the server
        -- refused (pushed = -1).
        ALTER TABLE changes ADD COLUMN fault TEXT;
        ALTER TABLE groups ADD COLUMN fault TEXT;
        CREATE INDEX changes_faults ON changes(applied) WHERE applied < 0 OR fault IS NOT NULL;
        """,
    ),
    (
        "0006-revocations",
        """
        -- Revocation records signed by the server (client/replication/revocations.py): a
        -- revoked device's groups stand if and only if their ids are in its record.
        CREATE TABLE revocations (
            device_id TEXT PRIMARY KEY,
            authority TEXT NOT NULL,
            revoked_at TEXT NOT NULL,
            record BLOB NOT NULL             -- the Revocation wire form, msgpack
        );
        CREATE TABLE revocation_accepted (
            group_id BLOB PRIMARY KEY,
            device_id TEXT NOT NULL
        );
        -- Changes of refused groups: never applied; kept to say what a change waits on.
        CREATE TABLE revoked_changes (
            hash BLOB PRIMARY KEY,
            doc_id TEXT NOT NULL,
            author TEXT NOT NULL,
            group_id BLOB NOT NULL
        );
        """,
    ),
    (
        "0007-returns",
        """
        -- Materialized statistics returns (space returns/<authority>), for network figures.
        -- Sets are comma-joined; months are YYYY-MM; days_to_completion is -1 if not done.
        CREATE TABLE returns (
            doc_id TEXT PRIMARY KEY,
            authority TEXT NOT NULL,
            direction TEXT, kind TEXT, assistance_types TEXT,
            reporting_state TEXT, counterpart_state TEXT,
            offence_categories TEXT, legal_basis_category TEXT,
            opened_month TEXT, completed_month TEXT, deadline_month TEXT,
            days_to_completion INTEGER,
            status TEXT, outcome_category TEXT, refusal_grounds TEXT, urgency TEXT
        );
        CREATE INDEX returns_authority ON returns(authority);
        CREATE INDEX returns_opened ON returns(opened_month);
        """,
    ),
    (
        "0008-returns-book",
        """
        -- Which returns book a row was read from ('' for a per-case return document of an
        -- older version): a book entry takes precedence over the case's old document.
        ALTER TABLE returns ADD COLUMN book TEXT NOT NULL DEFAULT '';
        -- Returns staged by a case save, in the save's own transaction, until the next
        -- sealing folds them into their book as one change (client/returns/book.py).
        CREATE TABLE returns_staged (
            case_id TEXT PRIMARY KEY,
            book TEXT NOT NULL,
            space TEXT NOT NULL,
            entry TEXT NOT NULL
        );
        """,
    ),
]


def _state_codes_sql() -> str:
    """Migration 0005: state names stored before codes were enforced become ISO codes.

    The documents keep the name until the case is next saved (reading maps it,
    client.cases.normalize); the list and statistics table is rewritten here.
    """
    from shared.schema.states import STATE_NAMES, lookup_state

    names = {name for names in STATE_NAMES.values() for name in names.values()}
    names |= {"Gambia", "Cape Verde", "Ivory Coast", "Cap-Vert", "Côte d’Ivoire"}
    pairs = sorted({(name.replace("'", "''"), lookup_state(name)) for name in names})
    mapping = " ".join(f"WHEN '{name}' THEN '{code}'" for name, code in pairs if code)
    return "".join(
        f"UPDATE cases SET {column} = CASE"
        f" WHEN length(trim({column})) = 2 THEN upper(trim({column}))"
        f" ELSE CASE trim({column}) {mapping} ELSE {column} END END"
        f" WHERE length(trim({column})) > 0;\n"
        for column in ("requesting_state", "requested_state")
    )


MIGRATIONS.append(("0005-state-codes", _state_codes_sql()))

# The channel between authorities (client/exchange, docs/exchange.md): files attached to
# cases, stored once by content, and the envelopes this device sent, opened or refused.
MIGRATIONS.append(
    (
        "0006-exchange",
        """
        CREATE TABLE attachments (
            sha256 TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            data BLOB NOT NULL
        );
        CREATE TABLE case_attachments (
            case_id TEXT NOT NULL,
            sha256 TEXT NOT NULL REFERENCES attachments(sha256),
            name TEXT NOT NULL,
            added_at TEXT NOT NULL,
            PRIMARY KEY (case_id, sha256)
        );
        -- One thread per transmitted request: the package's envelope id, and the case
        -- it is on here (the outgoing case at the sender, the incoming one at the receiver).
        CREATE TABLE exchange_threads (
            thread TEXT PRIMARY KEY,
            case_id TEXT NOT NULL,
            peer TEXT NOT NULL,
            direction TEXT NOT NULL  -- 'out' | 'in'
        );
        CREATE INDEX exchange_threads_case ON exchange_threads(case_id);
        -- Every envelope sent from here or met in an exchange space: what it said
        -- (JSON, once opened), or why it was refused. Its id makes delivery idempotent.
        CREATE TABLE exchange_envelopes (
            envelope_id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,  -- 'package' | 'message'
            direction TEXT NOT NULL,  -- 'out' | 'in'
            peer TEXT NOT NULL,
            thread TEXT NOT NULL,
            state TEXT NOT NULL,  -- 'sent' | 'opened' | 'refused'
            reason TEXT NOT NULL DEFAULT '',
            content TEXT NOT NULL DEFAULT '{}',
            at TEXT NOT NULL,
            accepted INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX exchange_envelopes_thread ON exchange_envelopes(thread);
        """,
    )
)


# When each staged return was first staged: a background sync publishes the staged returns
# only once the oldest is a day old or from an earlier month (client/returns/book.py).
# A staged entry is held in hex.
MIGRATIONS.append(
    (
        "0009-returns-staged-at",
        """
        ALTER TABLE returns_staged ADD COLUMN staged_at TEXT NOT NULL DEFAULT '';
        -- Entries became bytes under a digest of the case id (shared/schema/returns.py):
        -- the rows read from books of text entries (never released) and the text entries
        -- staged are dropped; each case's return is staged again at its next save.
        DELETE FROM returns WHERE book != '';
        DELETE FROM returns_staged;
        """,
    )
)


SET_NAME = "entraide-store"


def store_migrations() -> Migrations:
    """The store's migrations as a sqlite-utils set, in the order of `MIGRATIONS`."""
    migrations = Migrations(SET_NAME)
    for name, sql in MIGRATIONS:
        migrations(name=name)(_runner(sql))
    return migrations


def _runner(sql: str):  # noqa: ANN202 - a migration function of sqlite-utils
    def run(db: Database) -> None:
        # Statement by statement: executescript would commit in the middle.
        for statement in _statements(sql):
            db.execute(statement)

    return run


def migrate(conn: sqlite3.Connection) -> None:
    """Bring the store's schema up to date, in one `BEGIN IMMEDIATE` transaction: two
    processes opening a new store at once never both migrate it."""
    db = Database(conn)
    migrations = store_migrations()
    conn.execute("BEGIN IMMEDIATE")
    try:
        _adopt_old_record(db, migrations)
        migrations.apply(db)  # each migration in a savepoint of this transaction
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _adopt_old_record(db: Database, migrations: Migrations) -> None:
    """Names applied before sqlite-utils ran the migrations (table `_migrations`) are
    recorded as applied in its table, once."""
    if not db["_migrations"].exists():
        return
    migrations.ensure_migrations_table(db)
    recorded = {m.name for m in migrations.applied(db)}
    rows = db.execute("SELECT name, applied_at FROM _migrations ORDER BY rowid").fetchall()
    db[Migrations.migrations_table].insert_all(  # type: ignore[union-attr]
        {"migration_set": SET_NAME, "name": name, "applied_at": applied_at or ""}
        for name, applied_at in rows
        if name not in recorded
    )
    db.execute("DROP TABLE _migrations")


def _statements(sql: str) -> list[str]:
    lines = [line for line in sql.splitlines() if not line.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
