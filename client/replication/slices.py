"""Slices of a batch of groups, each to be written in its own short transaction.

Imports and pulls commit slice by slice so that the store's writer is never held
long: a save queued by the terminal app goes in between two slices. Each slice
is idempotent by group id (a group already held is skipped), so a break between
two slices keeps what was committed and the next import or pull finishes it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

T = TypeVar("T")

# How long one slice's transaction should hold the writer, in CPU time (issue 11: a save
# waits under 100 ms, the writer is never held more than about 200 ms).
TARGET_SECONDS = 0.05


class Pacer:
    """Successive slices of items, sized so that handling one takes about `target` seconds:
    the first holds one item, and the size doubles while slices are quick and halves
    when one was slow. The size is kept from one call of `slices` to the next: a pull's
    successive batches do not start again from slices of one item, each a transaction
    of its own.

    The time is the CPU time of the calling thread around each `yield` (on an idle
    machine, the time the writer is held): a machine busy with other work must not
    shrink the slices to single items, whose fixed cost (loading each document) would
    then make the whole import slower. Waiting for verdicts judged in worker processes
    happens before the writer is taken, and is not counted."""

    def __init__(self, target: float | None = None) -> None:
        self.target = TARGET_SECONDS if target is None else target
        self.size = 1
        self._outside = 0.0  # CPU time of the current slice spent outside the writer

    @contextmanager
    def outside_writer(self) -> Iterator[None]:
        """Work of a slice done before it takes the writer (judging documents while waiting
        for worker processes): not counted in the slice's time."""
        began = time.thread_time()
        try:
            yield
        finally:
            self._outside += time.thread_time() - began

    def slices(self, items: Iterable[T]) -> Iterator[list[T]]:
        source = iter(items)
        while chunk := list(islice(source, self.size)):
            began, self._outside = time.thread_time(), 0.0
            yield chunk
            took = time.thread_time() - began - self._outside
            if took < self.target / 2:
                self.size *= 2
            elif took > self.target and self.size > 1:
                self.size //= 2
