"""Slices of a batch of groups, each to be written in its own short transaction.

Imports and pulls commit slice by slice so that the store's writer is never held
long: a save queued by the terminal app goes in between two slices. Each slice
is idempotent by group id (a group already held is skipped), so a break between
two slices keeps what was committed and the next import or pull finishes it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

# How long one slice's transaction should hold the writer, in CPU time (issue 11: a save
# waits under 100 ms, the writer is never held more than about 200 ms).
TARGET_SECONDS = 0.05


def timed_slices(items: Sequence[T], target: float = TARGET_SECONDS) -> Iterator[list[T]]:
    """Successive slices of `items`, sized so that handling one takes about `target`
    seconds: the first holds one item, and the size doubles while slices are quick
    and halves when one was slow.

    The time is the CPU time of the calling thread around each `yield` (on an idle
    machine, the time the writer is held): a machine busy with other work must not
    shrink the slices to single items, whose fixed cost (loading each document)
    would then make the whole import slower."""
    size, start = 1, 0
    while start < len(items):
        chunk = list(items[start : start + size])
        began = time.thread_time()
        yield chunk
        took = time.thread_time() - began
        start += len(chunk)
        if took < target / 2:
            size *= 2
        elif took > target and size > 1:
            size //= 2
