"""Each table of the local store is queried by the package that owns it, and by
`client/store`: every other package calls the owner's functions (no SQL on `store.conn`
elsewhere). Read from the source: the SQL text in each module's string literals."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from client.store.migrations import MIGRATIONS

ROOT = Path(__file__).resolve().parents[2]
STORE = "client.store"

# table -> the one package besides client.store whose modules may run SQL on it.
OWNERS = {
    "cases": "client.cases",
    "cases_fts": "client.cases",
    "directory": "client.directory",
    "returns": "client.returns",
    "returns_staged": "client.returns",
    "attachments": "client.exchange",
    "case_attachments": "client.exchange",
    "exchange_envelopes": "client.exchange",
    "exchange_threads": "client.exchange",
    "groups": "client.replication",
    "revocations": "client.replication",
    "revoked_changes": "client.replication",
    "revocation_accepted": "client.replication",
    # the store records the changes it applies; replication seals them into groups
    "changes": "client.replication",
    # the store's own: through Store methods and client/store modules only
    "documents": STORE,
    "meta": STORE,
    "devices": STORE,
    "sync_state": STORE,
}

_TABLES = re.compile(
    r"\b(?:FROM|JOIN|INTO|TABLE(?:\s+IF\s+NOT\s+EXISTS)?)\s+(\w+)|\bUPDATE\s+(\w+)\s+SET\b",
    re.IGNORECASE,
)
_STATEMENT = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b", re.IGNORECASE)


def sql_tables(path: Path) -> set[str]:
    """Tables named by the SQL statements among the module's string literals (f-strings
    and concatenations included, one piece at a time)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        pieces: list[str] = []
        if isinstance(node, ast.JoinedStr):
            pieces = [
                "".join(v.value if isinstance(v, ast.Constant) else " x " for v in node.values)
            ]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            pieces = [node.value]
        for text in pieces:
            if _STATEMENT.match(text) or re.search(r"\b(FROM|JOIN|INTO)\s+\w+\b", text):
                found |= {(a or b).lower() for a, b in _TABLES.findall(text)}
    return found & set(OWNERS)


def package_of(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:2]) if len(parts) > 2 else ".".join(parts)


def test_every_table_of_the_store_has_an_owner() -> None:
    created = {
        name.lower()
        for _name, sql in MIGRATIONS
        for name in re.findall(r"CREATE (?:VIRTUAL )?TABLE (?:IF NOT EXISTS )?(\w+)", sql)
    }
    assert created, "the migrations create tables"
    assert created <= set(OWNERS), created - set(OWNERS)


def test_no_sql_outside_the_owner_of_the_table() -> None:
    wrong: dict[str, set[str]] = {}
    # The server has its own database; benchmark scripts may read tables to measure.
    for folder in ("client", "shared"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            package = package_of(path)
            if package == STORE:
                continue
            stray = {t for t in sql_tables(path) if OWNERS[t] != package}
            if stray:
                wrong[str(path.relative_to(ROOT))] = stray
    assert wrong == {}


def test_the_check_sees_sql_in_another_package(tmp_path: Path) -> None:
    """The scan finds a query, an f-string and an upsert, and their tables."""
    module = tmp_path / "peek.py"
    module.write_text(
        "def f(store, w):\n"
        '    store.conn.execute("SELECT value FROM sync_state WHERE key = ?", ("k",))\n'
        '    store.conn.execute(f"SELECT c.doc_id FROM cases c JOIN documents d {w}")\n'
        '    store.conn.execute("INSERT INTO devices VALUES (?) ON CONFLICT DO UPDATE SET x = 1")\n',
        encoding="utf-8",
    )
    assert sql_tables(module) == {"sync_state", "cases", "documents", "devices"}
