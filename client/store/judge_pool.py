"""Judging documents in worker processes, ahead of the transactions that store them.

Loading and checking a document with Automerge costs about 0.7 ms; a first pull of
10,000 cases spends most of its time there, on one core. `JudgePool` runs
`judging.judge_safely` in worker processes (as many as `WORKERS_VARIABLE` says, started
on first use with the spawn start method, as on Windows, and kept for the store's life),
while the main process keeps every SQLite read and write, and judges too rather than
wait. A `Speculation` holds the verdicts
of a batch's documents judged on the store as it was when the batch arrived; the
store uses a verdict only if the request it builds in its transaction is equal
(`Store.apply_changes`), and judges anything else itself.

A worker that dies (a crash in Automerge's native code, the system killing it) breaks
the pool: its documents are judged again one by one in a new pool, and a document
that kills a worker again is set aside with its reason, as a panic is; the rest of
the pull goes on.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from shared.i18n import _, get_language, set_language

from .judging import JudgeRequest, Verdict, Verdicts, failed, judge_safely

# Documents in a batch below which judging them here is quicker than in the pool (a pool
# costs about 0.3 s of CPU per worker to start; judging one document about 0.7 ms).
MIN_POOL_DOCUMENTS = 256
# How many worker processes judge large batches; unset or 0: none, every document is
# judged in the main process. Off by default because each worker holds its own Python
# and Automerge (about 45 MB): on 2 cores one worker took a first pull of 10,000 cases
# from about 82 MB to about 150 MB (docs/sync.md has the figures). "auto": one per core
# but one, the main process judging too while it waits.
WORKERS_VARIABLE = "ENTRAIDE_JUDGE_WORKERS"
CHUNK = 32  # documents per job: a verdict is ready soon, and a job's overhead is small
# Jobs in flight per worker: enough to keep it busy, few enough that the chunks left in
# line are judged by the main process while it would wait, and that few verdicts wait
# in memory.
AHEAD = 2


def _start_worker(language: str) -> None:
    set_language(language)  # refusal reasons in the user's language, as in this process


def _judge_chunk(requests: list[JudgeRequest]) -> list[Verdict]:
    return [judge_safely(r) for r in requests]


def worker_count() -> int:
    """Worker processes to judge with (`WORKERS_VARIABLE`)."""
    value = os.environ.get(WORKERS_VARIABLE, "").strip().lower()
    if value == "auto":
        return max(1, (os.cpu_count() or 1) - 1)
    return int(value) if value.isdigit() else 0


class JudgePool:
    """Worker processes judging documents; started on first use, closed with the store."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers if workers is not None else worker_count())
        self._executor: ProcessPoolExecutor | None = None
        self.started = 0  # times a pool of workers was started (a broken one is replaced)

    def executor(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(get_language(),),
            )
            self.started += 1
        return self._executor

    def submit(self, requests: list[JudgeRequest]) -> Future[list[Verdict]]:
        try:
            return self.executor().submit(_judge_chunk, requests)
        except BrokenProcessPool:
            self._replace()
            return self.executor().submit(_judge_chunk, requests)

    def judge_alone(self, request: JudgeRequest) -> Verdict:
        """One document in a job of its own, after the pool broke on its chunk (in a new
        pool if need be): a document that breaks a pool again is set aside."""
        for _attempt in range(2):
            try:
                return self.submit([request]).result()[0]
            except BrokenProcessPool:
                self._replace()  # the first time, perhaps another document's doing
        return failed(_("Automerge stopped its process while judging this document"))

    def _replace(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def pids(self) -> list[int]:
        """The worker processes' ids (to measure their memory)."""
        if self._executor is None:
            return []
        return list(self._executor._processes)  # noqa: SLF001 - no public accessor

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


class Speculation(Verdicts):
    """The verdicts of a batch's documents, judged ahead in a `JudgePool` (in order, at
    most `AHEAD` jobs per worker in flight) and by this process while it waits (from the
    end of the line); `verdict` gives one only for an equal request."""

    def __init__(self, pool: JudgePool, requests: Sequence[JudgeRequest]) -> None:
        super().__init__()
        self.pool = pool
        self._todo = deque(list(requests[i : i + CHUNK]) for i in range(0, len(requests), CHUNK))
        self._flight: deque[tuple[list[JudgeRequest], Future[list[Verdict]]]] = deque()
        self._where = {r.doc_id: n for n, r in enumerate(requests)}  # its place in line
        self._fill()

    def _fill(self) -> None:
        while self._todo and len(self._flight) < AHEAD * self.pool.workers:
            chunk = self._todo.popleft()
            self._flight.append((chunk, self.pool.submit(chunk)))

    def wait_for(self, doc_ids: Sequence[str]) -> None:
        """Collect the verdicts of these documents (and those before them in line), outside
        any transaction: the store's writer is not held while workers judge."""
        wanted = {d for d in doc_ids if d in self._where and d not in self}
        while wanted and (self._flight or self._todo):
            if not self._flight:
                self._fill()
            chunk, future = self._flight[0]
            if not future.done() and len(self._todo) > 0:
                # Rather than wait, judge here the chunk furthest down the line.
                last = self._todo.pop()
                wanted.difference_update(self._take(last, [judge_safely(r) for r in last]))
                continue
            self._flight.popleft()
            try:
                verdicts = future.result()
            except BrokenProcessPool:
                verdicts = [self.pool.judge_alone(r) for r in chunk]
            except Exception:  # noqa: BLE001 - e.g. a verdict that could not cross: judged here
                wanted.difference_update(r.doc_id for r in chunk)
                self._fill()
                continue
            wanted.difference_update(self._take(chunk, verdicts))
            self._fill()

    def _take(self, chunk: list[JudgeRequest], verdicts: list[Verdict]) -> list[str]:
        for request, verdict in zip(chunk, verdicts, strict=True):
            self.add(request, verdict)
        return [r.doc_id for r in chunk]

    def cancel(self) -> None:
        for _chunk, future in self._flight:
            future.cancel()
        self._flight.clear()
        self._todo.clear()
