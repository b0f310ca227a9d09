"""`replication.slices.Pacer`: slices grow while quick, keep their size from one batch to
the next, and do not count the work done before the writer is taken."""

from __future__ import annotations

import time

from client.replication.slices import Pacer


def _spend_cpu(seconds: float) -> None:
    began = time.thread_time()
    while time.thread_time() - began < seconds:
        pass


def test_slices_keep_their_size_from_one_batch_to_the_next() -> None:
    pacer = Pacer(target=60.0)  # every slice here is quick
    first = [len(s) for s in pacer.slices(range(10))]
    second = [len(s) for s in pacer.slices(range(10))]
    assert first == [1, 2, 4, 3]
    assert second == [10]  # a new batch does not start again from one item


def test_a_slow_slice_halves_the_next() -> None:
    pacer = Pacer(target=0.01)
    sizes = []
    for chunk in pacer.slices(range(7)):
        sizes.append(len(chunk))
        if len(sizes) == 3:
            _spend_cpu(0.03)  # this slice held the writer too long
    assert sizes == [1, 2, 4]
    assert pacer.size == 2  # halved instead of doubled


def test_work_outside_the_writer_is_not_counted() -> None:
    pacer = Pacer(target=0.01)
    sizes = []
    for chunk in pacer.slices(range(7)):
        sizes.append(len(chunk))
        if len(sizes) == 3:
            with pacer.outside_writer():  # e.g. judging while waiting for workers
                _spend_cpu(0.03)
    assert sizes == [1, 2, 4]
    assert pacer.size == 8
