"""Worker processes that keep input order and outlive a dying worker.

``translate`` and ``scan`` send batches of items to worker processes. A worker can die (killed,
out of memory, a crash in native code); Python's pool is then broken and every batch in it
fails. :class:`OrderedPool` starts the pool again, sends the other batches to it again, and
works through the batch at the front one item at a time in a pool of its own, so the item that
kills a worker is the only one lost (``dead(item)`` says what to report for it) and no other
item is blamed for it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Generic, TypeVar

__all__ = ["OrderedPool"]

T = TypeVar("T")
R = TypeVar("R")


class OrderedPool(Generic[T, R]):
    """``work(batch)`` in ``jobs`` worker processes; results come back in submission order.

    ``work`` must be a module-level function (it runs in the workers); ``dead(item)`` runs
    here and gives the results for an item whose worker died. ``initializer(*initargs)`` runs
    in each new worker. ``split(task)`` (run here) gives the items of a task that stands for
    several (a byte range of a file): when a worker dies on a batch, its tasks are split and
    the items tried one at a time, so only the item that kills a worker is lost.
    """

    def __init__(
        self,
        jobs: int,
        work: Callable[[list[T]], list[R]],
        dead: Callable[[T], list[R]],
        *,
        initializer: Callable[..., object] | None = None,
        initargs: Sequence[Any] = (),
        split: Callable[[T], Iterable[T]] | None = None,
    ) -> None:
        self.jobs = jobs
        self.work = work
        self.dead = dead
        self.initializer = initializer
        self.initargs = tuple(initargs)
        self.split = split
        self.context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        self.pool = self._start(jobs)
        self.alone: ProcessPoolExecutor | None = None
        self.pending: deque[tuple[list[T], Future[list[R]]]] = deque()

    def _start(self, jobs: int) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            jobs, mp_context=self.context, initializer=self.initializer, initargs=self.initargs
        )

    def submit(self, batch: list[T]) -> None:
        self.pending.append((batch, self._submit(self.pool, batch)))

    def front_done(self) -> bool:
        """Whether the batch at the front has finished (its results would not wait)."""
        return bool(self.pending) and self.pending[0][1].done()

    def next_results(self) -> list[R]:
        """The results of the batch at the front, waiting for them if need be."""
        batch, future = self.pending.popleft()
        try:
            return future.result()
        except BrokenProcessPool:
            self._restart()
            items = batch if self.split is None else [i for task in batch for i in self.split(task)]
            return [result for item in items for result in self._one(item)]

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.alone is not None:
            self.alone.shutdown(wait=True, cancel_futures=True)

    def _restart(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.pool = self._start(self.jobs)
        for at, (batch, future) in enumerate(self.pending):
            if not future.done() or future.exception() is not None:
                self.pending[at] = (batch, self._submit(self.pool, batch))

    def _one(self, item: T) -> list[R]:
        if self.alone is None:
            self.alone = self._start(1)
        try:
            return self._submit(self.alone, [item]).result()
        except BrokenProcessPool:
            self.alone.shutdown(wait=True)
            self.alone = None
            return self.dead(item)

    def _submit(self, pool: ProcessPoolExecutor, batch: list[T]) -> Future[list[R]]:
        """``pool.submit`` of a batch; a pool already broken gives a future that says so."""
        try:
            return pool.submit(self.work, batch)
        except BrokenProcessPool as exc:
            failed: Future[list[R]] = Future()
            failed.set_exception(exc)
            return failed
