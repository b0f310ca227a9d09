"""The server's certificate-signing key is stored sealed under a key file kept out of
the database: the database alone does not give it away, a database from before is
sealed at its first opening, and a missing or wrong key file is a one-line error."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from nacl.signing import SigningKey
from serverproc import ServerProcess, server_command

from sync_server import keys
from sync_server.storage import StorageError, open_storage


def stored_value(db: Path) -> str:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT value FROM server_meta WHERE key = 'signing_key'").fetchone()[0]
    finally:
        conn.close()


def signing_key_of(db: Path) -> SigningKey:
    storage = open_storage(db)
    try:
        return keys.server_key(storage)
    finally:
        storage.close()


@pytest.fixture(autouse=True)
def _no_key_file_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.KEY_FILE_ENV, raising=False)


def test_a_new_key_is_sealed_under_a_private_key_file_beside_the_database(tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite"
    key = signing_key_of(db)
    key_file = tmp_path / "server.sqlite.key"
    assert key_file.exists()
    if os.name == "posix":
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    value = stored_value(db)
    assert value.startswith("sealed:")
    assert bytes(key).hex() not in value  # the seed is not in the database
    assert signing_key_of(db) == key  # and it comes back the same
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".new")] == []


def test_a_database_from_before_keeps_its_key_sealed_at_first_opening(tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite"
    open_storage(db).close()  # the schema, as an older server made it
    old = SigningKey.generate()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("INSERT INTO server_meta VALUES ('signing_key', ?)", (bytes(old).hex(),))
    conn.close()

    assert signing_key_of(db) == old
    assert stored_value(db).startswith("sealed:")
    assert bytes(old).hex() not in stored_value(db)
    assert signing_key_of(db) == old  # now opened through the key file


def test_a_missing_key_file_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite"
    signing_key_of(db)
    before = stored_value(db)
    (tmp_path / "server.sqlite.key").unlink()
    with pytest.raises(StorageError, match="sealed with the key file .* which is missing"):
        signing_key_of(db)
    assert stored_value(db) == before
    assert not (tmp_path / "server.sqlite.key").exists()  # no new key made in its place


def test_another_servers_key_file_does_not_open_the_key(tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    signing_key_of(first)
    signing_key_of(second)
    (tmp_path / "b.sqlite.key").replace(tmp_path / "a.sqlite.key")
    with pytest.raises(StorageError, match="does not open this database's signing key"):
        signing_key_of(first)


def test_a_damaged_key_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite"
    signing_key_of(db)
    (tmp_path / "server.sqlite.key").write_text("not a key\n", encoding="ascii")
    with pytest.raises(StorageError, match="is not a key file"):
        signing_key_of(db)


def test_the_key_file_can_be_named_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "secrets" / "entraide.key"
    monkeypatch.setenv(keys.KEY_FILE_ENV, str(elsewhere))
    db = tmp_path / "server.sqlite"
    key = signing_key_of(db)
    assert elsewhere.exists()
    assert not (tmp_path / "server.sqlite.key").exists()
    assert signing_key_of(db) == key


def test_the_server_refuses_to_start_without_its_key_file(tmp_path: Path) -> None:
    db = tmp_path / "server.sqlite"
    server = ServerProcess(db).start()  # makes the key and its key file
    server.close()
    (tmp_path / "server.sqlite.key").unlink()
    done = subprocess.run(
        [*server_command(), "--db", str(db), "--port", "0"],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != keys.KEY_FILE_ENV},
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1].startswith("entraide-server: error: the server's")
    assert "Traceback" not in done.stderr
