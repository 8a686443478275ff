"""Executors: run a per-batch stage function in-process or in a process pool.

Stage functions are pure functions over a list (a batch), so the same function runs under any
executor; models are loaded lazily once per worker process by the stages themselves.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")


class Executor(Protocol):
    def map_batches(
        self, fn: Callable[[list[In]], list[Out]], batches: Iterable[list[In]]
    ) -> Iterator[list[Out]]:
        """Results of ``fn`` on each batch, in input order."""
        ...


class LocalExecutor:
    """Runs every batch in this process, one after the other."""

    def map_batches(
        self, fn: Callable[[list[In]], list[Out]], batches: Iterable[list[In]]
    ) -> Iterator[list[Out]]:
        for batch in batches:
            yield fn(batch)


class ProcessExecutor:
    """Runs batches in ``workers`` processes, keeping at most ``2 * workers`` batches in flight
    so a stream of any length is processed in bounded memory."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers

    def map_batches(
        self, fn: Callable[[list[In]], list[Out]], batches: Iterable[list[In]]
    ) -> Iterator[list[Out]]:
        with ProcessPoolExecutor(max_workers=self.workers) as pool:
            pending: deque[Future[list[Out]]] = deque()
            for batch in batches:
                pending.append(pool.submit(fn, batch))
                if len(pending) >= 2 * self.workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


def executor_for(workers: int) -> Executor:
    """In-process for one worker, a process pool for more."""
    return LocalExecutor() if workers <= 1 else ProcessExecutor(workers)
