"""`entraide keys ...` as users run it: secrets from files, clear errors, key files on USB."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from client.keys import load_keyset
from client.paths import store_path
from client.store import Store

from .helpers import enrolled_store

PASSPHRASE = "four words for the minister"


@pytest.fixture(autouse=True)
def _no_passphrase_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENTRAIDE_PASSPHRASE", raising=False)


def data_dir(tmp_path: Path, name: str, server_key: SigningKey, authority: str = "SN-CA") -> Path:
    directory = tmp_path / name
    directory.mkdir()
    enrolled_store(store_path(directory), authority, server_key).close()
    return directory


def test_create_export_and_import_a_key_file(tmp_path: Path, run_cli) -> None:
    server_key = SigningKey.generate()
    first, second = (
        data_dir(tmp_path, "first", server_key),
        data_dir(tmp_path, "second", server_key),
    )
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")

    done = run_cli("keys", "create", "--passphrase-file", secret, data_dir=first)
    assert done.returncode == 0, done.stderr
    assert PASSPHRASE not in done.stdout
    status = json.loads(run_cli("keys", "status", "--json", data_dir=first).stdout)
    assert status["passphrase_set"] and status["current_key"] and status["authority"] == "SN-CA"

    again = run_cli("keys", "create", "--passphrase-file", secret, data_dir=first)
    assert again.returncode == 1 and "already exist" in again.stderr

    key_file = tmp_path / "usb" / "sn-ca.key"
    key_file.parent.mkdir()
    assert run_cli("keys", "export-file", "-o", key_file, data_dir=first).returncode == 0
    assert PASSPHRASE.encode() not in key_file.read_bytes()
    if os.name == "posix":  # owner-only, whatever the umask (docs/security.md, "Local files")
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("four words for the minister?", encoding="utf-8")
    refused = run_cli("keys", "import-file", key_file, "--passphrase-file", wrong, data_dir=second)
    assert refused.returncode == 1 and "wrong passphrase" in refused.stderr
    with _open(second) as store:
        assert load_keyset(store) is None  # nothing changed

    code_run = run_cli("keys", "recovery-code", "-o", tmp_path / "code.txt", data_dir=first)
    assert code_run.returncode == 0, code_run.stderr
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "code.txt").stat().st_mode) == 0o600
    assert run_cli("keys", "export-file", "-o", key_file, data_dir=first).returncode == 0
    imported = run_cli(
        "keys",
        "import-file",
        key_file,
        "--recovery-code-file",
        tmp_path / "code.txt",
        data_dir=second,
    )
    assert imported.returncode == 0, imported.stderr
    with _open(first) as a, _open(second) as b:
        assert load_keyset(a).keys == load_keyset(b).keys


def test_clear_errors_without_secret_or_with_a_bad_file(tmp_path: Path, run_cli) -> None:
    server_key = SigningKey.generate()
    device = data_dir(tmp_path, "d", server_key)
    no_secret = run_cli("keys", "create", data_dir=device, input="")
    assert no_secret.returncode == 1 and "--passphrase-file" in no_secret.stderr
    junk = tmp_path / "junk.key"
    junk.write_bytes(b"not a key file")
    bad = run_cli("keys", "import-file", junk, "--passphrase-file", junk, data_dir=device)
    assert bad.returncode == 1 and "not an Entraide key file" in bad.stderr
    short = tmp_path / "short.txt"
    short.write_text("abc", encoding="utf-8")
    weak = run_cli("keys", "create", "--passphrase-file", short, data_dir=device)
    assert weak.returncode == 1 and "at least 12 characters" in weak.stderr
    with _open(device) as store:
        assert load_keyset(store) is None  # the refused passphrase left no key behind
    export = run_cli("keys", "export-file", "-o", tmp_path / "k", data_dir=device)
    assert export.returncode == 1 and "no key" in export.stderr


class _open:
    def __init__(self, directory: Path) -> None:
        self.store = Store(store_path(directory))

    def __enter__(self) -> Store:
        return self.store

    def __exit__(self, *exc: object) -> None:
        self.store.close()
