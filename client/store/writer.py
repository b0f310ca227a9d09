"""The store's one writer: a thread that takes write jobs from a queue, one at a time.

A caller gets a `concurrent.futures.Future` (`submit`), so the terminal app awaits
a save from its event loop and no keypress waits for SQLite. Synchronous code
(the CLI, the sync agent, imports, tests) takes its turn in the same queue
(`turn`): the writer thread waits while the caller's transaction runs on the
caller's own thread. Writes therefore happen one at a time, in the order they
were asked for: a long import that commits batch by batch lets a save queued
meanwhile go between two of its batches.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
_STOP = object()


class _Turn(threading.local):
    turn = False  # set on the thread whose turn it is


class WriteQueue:
    """A FIFO of write jobs run by one daemon thread, started on first use."""

    def __init__(self, name: str = "store-writer") -> None:
        self._jobs: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._name = name
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._holder = _Turn()

    def on_writer_thread(self) -> bool:
        """Whether the calling thread is the writer thread or holds the writer's turn."""
        return threading.current_thread() is self._thread or self._holder.turn

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Queue `job`; its future holds its result or the exception it raised."""
        future: Future[T] = Future()
        if self.on_writer_thread():  # a job that queues another would wait for itself
            _run(job, future)
            return future
        self._ensure_thread()
        self._jobs.put((job, future))
        return future

    @contextmanager
    def turn(self) -> Iterator[None]:
        """Wait for this thread's turn; the block runs while the writer thread waits."""
        if self.on_writer_thread():
            yield
            return
        started, ended = threading.Event(), threading.Event()

        def hold() -> None:
            started.set()
            ended.wait()

        held = self.submit(hold)
        started.wait()
        self._holder.turn = True
        try:
            yield
        finally:
            self._holder.turn = False
            ended.set()
            held.result()

    def close(self, timeout: float = 5.0) -> None:
        """Finish the queued jobs, then stop the thread."""
        thread = self._thread
        if thread is None or not thread.is_alive():
            return
        self._jobs.put(_STOP)
        if thread is not threading.current_thread():
            thread.join(timeout)

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
                self._thread.start()

    def _work(self) -> None:
        while True:
            item = self._jobs.get()
            if item is _STOP:
                return
            job, future = item
            if future.set_running_or_notify_cancel():
                _run(job, future)


def _run(job: Callable[[], T], future: Future[T]) -> None:
    try:
        future.set_result(job())
    except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits the future
        future.set_exception(exc)
