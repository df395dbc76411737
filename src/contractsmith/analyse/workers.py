"""Worker processes for a batch, so that one file cannot take the batch down with it.

A worker can die in the middle of a file: the kernel's out-of-memory killer, a crash in
a native library, a signal from outside. ``concurrent.futures`` then fails every task of
the pool with ``BrokenProcessPool``, the finished ones aside. Here at most two tasks per
worker are in flight (one running, one queued so that no worker waits for the next), so
the files a dead worker may have been reading are known: those in flight. Each of them is run again alone in a fresh worker; one that stops its worker
again gets ``on_death``'s result. The rest of the batch goes on in a new pool.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

R = TypeVar("R")

WORKER_DIED = (
    "the worker process checking this file stopped (killed, out of memory or crashed),"
    " again when the file was checked alone"
)


IN_FLIGHT_PER_WORKER = 2  # one running and one queued: one in flight costs 25% of the speed


class _Pool:
    """The settings every pool of one batch is started with."""

    def __init__(self, initializer: Callable[..., None] | None, initargs: tuple) -> None:
        self.initializer = initializer
        self.initargs = initargs

    def start(self, workers: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers, initializer=self.initializer, initargs=self.initargs
        )


def run_in_workers(
    fn: Callable[[Any], R],
    tasks: Sequence[Any],
    order: Iterable[int],
    *,
    jobs: int,
    on_error: Callable[[int, BaseException], R],
    on_death: Callable[[int], R],
    done: Callable[[int], None] | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
) -> list[R | None]:
    """``fn(tasks[i])`` for every ``i`` of ``order``, in up to ``jobs`` worker processes.

    Returns the results by task index. A task that raises gets ``on_error(i, exc)``; a
    task whose worker died twice (in the pool, then alone) gets ``on_death(i)``.
    ``done(i)`` is called as each task's result is known.
    """
    pools = _Pool(initializer, initargs)
    results: list[R | None] = [None] * len(tasks)

    def record(i: int, result: R) -> None:
        results[i] = result
        if done is not None:
            done(i)

    pending = deque(order)
    while pending:
        suspects = _run_until_broken(fn, tasks, pending, jobs, pools, record, on_error)
        for i in sorted(suspects):
            _run_alone(fn, tasks, i, pools, record, on_error, on_death)
    return results


def _settle(
    future: Future, i: int, record: Callable, on_error: Callable, suspects: list[int]
) -> None:
    """Record a finished task, or note it as a suspect when its worker died."""
    exc = future.exception()
    if exc is None:
        record(i, future.result())
    elif isinstance(exc, BrokenProcessPool):
        suspects.append(i)
    else:
        record(i, on_error(i, exc))


def _run_until_broken(
    fn: Callable,
    tasks: Sequence[Any],
    pending: deque[int],
    jobs: int,
    pools: _Pool,
    record: Callable,
    on_error: Callable,
) -> list[int]:
    """Run pending tasks in one pool until none is left or a worker dies; the tasks that
    were in flight when it died (and did not finish) are returned."""
    suspects: list[int] = []
    with pools.start(jobs) as pool:
        in_flight: dict[Future, int] = {}
        while pending or in_flight:
            while pending and len(in_flight) < IN_FLIGHT_PER_WORKER * jobs:
                i = pending.popleft()
                try:
                    in_flight[pool.submit(fn, tasks[i])] = i
                except BrokenProcessPool:  # died before taking any task: try it alone
                    if in_flight:
                        pending.appendleft(i)
                    else:
                        suspects.append(i)
                    break
            if not in_flight:
                break  # (only after a refused submit: the suspect is run alone)
            finished, _ = wait(in_flight, return_when=FIRST_COMPLETED)
            for future in finished:
                _settle(future, in_flight.pop(future), record, on_error, suspects)
            if suspects:  # the pool is broken: what is still in flight dies with it
                for future, i in in_flight.items():
                    _settle(future, i, record, on_error, suspects)
                break
    return suspects


def _run_alone(
    fn: Callable,
    tasks: Sequence[Any],
    i: int,
    pools: _Pool,
    record: Callable,
    on_error: Callable,
    on_death: Callable,
) -> None:
    """Run task ``i`` in a fresh pool of one worker: a second death is the file's own."""
    with pools.start(1) as pool:
        future = pool.submit(fn, tasks[i])
        wait([future])
    suspects: list[int] = []
    _settle(future, i, record, on_error, suspects)
    if suspects:
        record(i, on_death(i))
