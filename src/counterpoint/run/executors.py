"""Executors: run a per-batch stage function in this process or in supervised workers.

Stage functions are pure functions over a list (a batch), so the same function runs under any
executor; models are loaded lazily once per worker process by the stages themselves. Every
executor has ``map_isolated(fn, batches, on_failure)``; the isolated one turns a document that
crashes, stalls or blows up its worker into ``on_failure(item, failure)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from counterpoint.run.isolated import Failure, IsolatedExecutor, Limits

In = TypeVar("In")
Out = TypeVar("Out")

__all__ = ["Executor", "Failure", "IsolatedExecutor", "Limits", "LocalExecutor", "executor_for"]


class Executor(Protocol):
    def map_isolated(
        self,
        fn: Callable[[list[In]], list[Out]],
        batches: Iterable[list[In]],
        on_failure: Callable[[In, Failure], Out],
    ) -> Iterator[list[Out]]:
        """Results of ``fn`` on each batch; every item of the input in exactly one result."""
        ...


class LocalExecutor:
    """Runs every batch in this process, one after the other: no isolation (a native crash
    takes the caller down), for debugging and for tests with in-process fakes."""

    def map_isolated(
        self,
        fn: Callable[[list[In]], list[Out]],
        batches: Iterable[list[In]],
        on_failure: Callable[[In, Failure], Out],
    ) -> Iterator[list[Out]]:
        for batch in batches:
            yield fn(batch)


def executor_for(workers: int, limits: Limits | None = None) -> Executor:
    """Supervised worker processes, one or more: one worker runs the same code as many."""
    return IsolatedExecutor(workers, limits)
