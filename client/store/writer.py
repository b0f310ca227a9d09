"""The store's one writer: a thread that takes write jobs from a queue, one at a time.

A caller gets a `concurrent.futures.Future` (`submit`), so the terminal app awaits
a save from a worker and no keypress waits for SQLite. Synchronous code (the CLI,
the sync agent, imports, tests) takes its turn in the same queue (`turn`): the
writer thread waits while the caller's transaction runs on the caller's own thread.
Writes therefore happen one at a time.

Two priorities: a job someone is waiting for (`SAVE`: the app's saves, `Store.run`)
goes before every queued `BACKGROUND` turn (an import's or a pull's next slice, the
sync agent), so a save waits at most for the slice being written, never for the
slices queued behind it. Within a priority, jobs run in the order they were asked.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from enum import IntEnum
from typing import Any, TypeVar

T = TypeVar("T")


class Priority(IntEnum):
    SAVE = 0  # a person waits for it (the terminal app's saves)
    BACKGROUND = 1  # imports and pulls, slice by slice; synchronous code's turns


class _Turn(threading.local):
    turn = False  # set on the thread whose turn it is


class WriteQueue:
    """Write jobs by priority, then in order, run by one daemon thread started on first use."""

    def __init__(self, name: str = "store-writer") -> None:
        self._jobs: dict[Priority, deque[tuple[Callable[[], Any], Future[Any]]]] = {
            p: deque() for p in Priority
        }
        self._ready = threading.Condition()
        self._stopping = False
        self._name = name
        self._thread: threading.Thread | None = None
        self._holder = _Turn()

    def on_writer_thread(self) -> bool:
        """Whether the calling thread is the writer thread or holds the writer's turn."""
        return threading.current_thread() is self._thread or self._holder.turn

    def submit(self, job: Callable[[], T], priority: Priority = Priority.SAVE) -> Future[T]:
        """Queue `job`; its future holds its result or the exception it raised."""
        future: Future[T] = Future()
        if self.on_writer_thread():  # a job that queues another would wait for itself
            _run(job, future)
            return future
        with self._ready:
            self._ensure_thread()
            self._jobs[priority].append((job, future))
            self._ready.notify()
        return future

    def waiting(self, priority: Priority = Priority.SAVE) -> int:
        """Jobs of `priority` queued and not started: a long background writer may end its
        transaction early when a save waits."""
        with self._ready:
            return len(self._jobs[priority])

    @contextmanager
    def turn(self, priority: Priority = Priority.BACKGROUND) -> Iterator[None]:
        """Wait for this thread's turn; the block runs while the writer thread waits."""
        if self.on_writer_thread():
            yield
            return
        started, ended = threading.Event(), threading.Event()

        def hold() -> None:
            started.set()
            ended.wait()

        held = self.submit(hold, priority)
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
        with self._ready:
            thread = self._thread
            if thread is None:
                return
            self._stopping = True
            self._ready.notify()
        if thread is not threading.current_thread():
            thread.join(timeout)

    def _ensure_thread(self) -> None:
        """Called with `_ready` held."""
        if self._thread is None:
            self._stopping = False
            self._thread = threading.Thread(target=self._work, name=self._name, daemon=True)
            self._thread.start()

    def _next(self) -> tuple[Callable[[], Any], Future[Any]] | None:
        with self._ready:
            while True:
                for priority in Priority:
                    if self._jobs[priority]:
                        return self._jobs[priority].popleft()
                if self._stopping:
                    self._thread = None  # the next job starts a new thread
                    return None
                self._ready.wait()

    def _work(self) -> None:
        while (item := self._next()) is not None:
            job, future = item
            if future.set_running_or_notify_cancel():
                _run(job, future)


def _run(job: Callable[[], T], future: Future[T]) -> None:
    try:
        future.set_result(job())
    except BaseException as exc:  # noqa: BLE001 - handed to whoever awaits the future
        future.set_exception(exc)
