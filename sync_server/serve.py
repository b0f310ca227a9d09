"""Running the server: uvicorn with one or several worker processes, over SQLite or
PostgreSQL, in clear or over TLS.

- PostgreSQL: any number of workers (`--workers N`), and any number of server
  instances on other machines over the same database: nothing a request needs is
  kept in a process (codes, certificates delivered, rate-limit counters and the
  signing key are all in the database).
- SQLite: one server process per file. A second one is refused with a clear message
  (an OS file lock next to the database, held while the server runs; the admin
  commands do not take it and may run beside the server).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from starlette.applications import Starlette

from . import keys
from .connections import (
    BACKLOG,
    HEAD_BYTES,
    MAX_CONNECTIONS_ENV,
    ConfiguredProtocol,
    configured_cap,
)
from .limits import BODY_IDLE_SECONDS
from .observability import LOG_LEVEL_ENV
from .ratelimit import RATE_ENV
from .storage import StorageError, is_database_url, open_storage
from .tls import FINGERPRINT_META, fingerprint_of_pem

DB_ENV = "ENTRAIDE_SERVER_DB"
BODY_TIMEOUT_ENV = "ENTRAIDE_BODY_TIMEOUT"  # --body-timeout, for every worker
# Idle connections stay open 2 minutes: a client in --watch mode (30 s rounds) then pays
# no new TCP/TLS handshake per round, which is a whole round trip on a 2G link.
KEEP_ALIVE_SECONDS = 120


class ServeError(StorageError):
    """The server cannot start as asked (a clear one-line reason)."""


def app_from_env() -> Starlette:
    """The app of one worker process (uvicorn imports it by name when it runs workers)."""
    from .app import create_app

    return create_app(
        os.environ[DB_ENV],
        body_timeout=float(os.environ.get(BODY_TIMEOUT_ENV) or BODY_IDLE_SECONDS),
    )


def sqlite_lock(db: str):  # -> filelock.FileLock, held while the server runs
    """Refuse a second server process on the same SQLite file."""
    from filelock import FileLock, Timeout

    path = Path(db).expanduser().resolve()
    lock = FileLock(str(path) + ".server-lock")
    try:
        lock.acquire(blocking=False)
    except Timeout:
        raise ServeError(
            f"another entraide-server is already serving {path}: one server process per"
            " SQLite file (use PostgreSQL for several workers or machines)"
        ) from None
    return lock


def serve(
    db: str,
    host: str,
    port: int,
    log_level: str,
    workers: int = 1,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    rate_limit: int | None = None,
    max_connections: int | None = None,
    body_timeout: float | None = None,
) -> int:
    # Settings every worker process reads at start (they inherit the environment).
    os.environ[LOG_LEVEL_ENV] = log_level
    if rate_limit is not None:
        os.environ[RATE_ENV] = str(rate_limit)
    if max_connections is not None:
        os.environ[MAX_CONNECTIONS_ENV] = str(max_connections)
    if body_timeout is not None:
        os.environ[BODY_TIMEOUT_ENV] = str(body_timeout)
    try:
        return _serve(db, host, port, log_level, workers, tls_cert, tls_key)
    except StorageError as exc:
        print(f"entraide-server: error: {exc}", file=sys.stderr)
        return 1


def _serve(
    db: str,
    host: str,
    port: int,
    log_level: str,
    workers: int,
    tls_cert: str | None,
    tls_key: str | None,
) -> int:
    import uvicorn

    if workers < 1:
        raise ServeError("--workers must be at least 1")
    postgres = is_database_url(db)
    lock = None
    if not postgres:
        if workers > 1:
            raise ServeError(
                "several workers need PostgreSQL (--db postgresql://...): SQLite has one writer"
            )
        db = db.removeprefix("sqlite:")
        Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        lock = sqlite_lock(db)
    tls = _tls_options(tls_cert, tls_key)
    # Open once before serving: a clear error if the database is unreachable, and the
    # migrations run once, before any worker starts. The certificate's fingerprint is
    # recorded for the enrollment codes to carry.
    storage = open_storage(db)
    try:
        keys.server_key(storage)  # a clear error now if its key file is missing or wrong
        if tls:
            storage.set_meta(FINGERPRINT_META, fingerprint_of_pem(Path(tls_cert).read_bytes()))
    finally:
        storage.close()
    scheme = "https" if tls else "http"
    shown = _hide_password(db)
    print(
        f"entraide-server: serving {shown} on {scheme}://{host}:{port}"
        + (f" with {workers} workers" if workers > 1 else "")
        + f" (at most {configured_cap()} connections each)",
        file=sys.stderr,
        flush=True,
    )
    os.environ[DB_ENV] = db
    metrics_dir = None
    if workers > 1:  # /metrics adds up the workers' counters (prometheus multiprocess mode)
        metrics_dir = tempfile.mkdtemp(prefix="entraide-metrics-")
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = metrics_dir
    cap = configured_cap()
    try:
        uvicorn.run(
            "sync_server.serve:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers if workers > 1 else None,
            log_level=log_level,
            access_log=False,
            # The guarded protocol (connections.py; httptools, else h11): at most `cap`
            # connections per process, the longest-idle closed first, slow or oversized
            # request heads refused, slow bodies timed out.
            http=ConfiguredProtocol,
            timeout_keep_alive=KEEP_ALIVE_SECONDS,
            limit_concurrency=cap + 50,  # a backstop: the cap above closes connections first
            backlog=BACKLOG,
            h11_max_incomplete_event_size=HEAD_BYTES,  # the h11 fallback's own head limit
            **tls,
        )
    finally:
        if lock is not None:
            lock.release()
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _tls_options(cert: str | None, key: str | None) -> dict[str, str]:
    if not cert and not key:
        return {}
    if not (cert and key):
        raise ServeError("TLS needs both --tls-cert and --tls-key")
    for name, path in (("--tls-cert", cert), ("--tls-key", key)):
        if not Path(path).is_file():
            raise ServeError(f"{name}: no such file {path}")
    try:
        fingerprint_of_pem(Path(cert).read_bytes())
    except ValueError as exc:
        raise ServeError(f"--tls-cert: {exc}") from None
    return {"ssl_certfile": cert, "ssl_keyfile": key}


def _hide_password(db: str) -> str:
    if not is_database_url(db):
        return db
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(db)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return db
