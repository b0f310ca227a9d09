"""Keep Automerge's Rust panic text off the user's terminal.

Some hostile changes make Automerge panic while loading or reading. pyo3 turns
the panic into a Python exception (which the store handles: the change is set
aside), but Rust's panic hook first writes "thread ... panicked at ..." and
perhaps a backtrace straight to file descriptor 2, where Python cannot catch
it. While Automerge reads bytes from another device, descriptor 2 is pointed
at a scratch file; afterwards anything that is not panic text is written back
to the real stderr, and the panic text is dropped.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

_PANIC_START = re.compile(rb"^thread '[^']*'.*panicked at ", re.MULTILINE)
_lock = threading.Lock()  # descriptor 2 is process-wide: one redirection at a time


class _Redirection(threading.local):
    on = False  # this thread is inside a redirection already


_active = _Redirection()
_scratch: BinaryIO | None = None


@contextmanager
def rust_panics_silenced() -> Iterator[None]:
    """Run Automerge on foreign bytes with its panic text captured and dropped."""
    if _active.on:  # already inside: the outer capture covers this
        yield
        return
    with _lock:
        _active.on = True
        try:
            with _captured():
                yield
        finally:
            _active.on = False


@contextmanager
def _captured() -> Iterator[None]:
    """Descriptor 2 into the scratch file; afterwards write back all but the panic text."""
    try:
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        pass
    redirected = _redirect()
    if redirected is None:  # no stderr or no scratch file: run as is
        yield
        return
    saved, scratch = redirected
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        scratch.seek(0)
        written = scratch.read()
        found = _PANIC_START.search(written)
        kept = written[: found.start()] if found else written
        if kept:
            os.write(2, kept)


def _redirect() -> tuple[int, BinaryIO] | None:
    """Point descriptor 2 at the emptied scratch file; the saved descriptor and the file."""
    global _scratch
    try:
        if _scratch is None:
            _scratch = tempfile.TemporaryFile()  # noqa: SIM115 - kept for the process
        _scratch.seek(0)
        _scratch.truncate()
        saved = os.dup(2)
    except OSError:
        return None
    try:
        os.dup2(_scratch.fileno(), 2)
    except OSError:
        os.close(saved)
        return None
    return saved, _scratch
