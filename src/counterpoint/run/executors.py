"""Executors: run a per-batch stage function in this process or in supervised workers.

Stage functions are pure functions over a list (a batch), so the same function runs under any
executor; models are loaded lazily once per worker process by the stages themselves. Every
executor has ``map_isolated(fn, batches, on_failure)``; the isolated one turns a document that
crashes, stalls or blows up its worker into ``on_failure(item, failure)``, and the Ray one
(:mod:`counterpoint.run.ray_executor`, imported only when chosen) one that raises or takes its
actor down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar

from counterpoint.run.isolated import Failure, IsolatedExecutor, Limits

In = TypeVar("In")
Out = TypeVar("Out")

__all__ = [
    "EXECUTORS",
    "Executor",
    "Failure",
    "IsolatedExecutor",
    "Limits",
    "LocalExecutor",
    "executor_for",
]

# local: this process, no isolation; process: supervised worker processes; ray: Ray actors.
EXECUTORS = ("local", "process", "ray")


class Executor(Protocol):
    # How many batches run at once.
    workers: int

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

    workers = 1

    def map_isolated(
        self,
        fn: Callable[[list[In]], list[Out]],
        batches: Iterable[list[In]],
        on_failure: Callable[[In, Failure], Out],
    ) -> Iterator[list[Out]]:
        for batch in batches:
            yield fn(batch)


def executor_for(
    workers: int,
    limits: Limits | None = None,
    kind: str = "process",
    ray_address: str | None = None,
) -> Executor:
    """The executor named ``kind`` (one of :data:`EXECUTORS`) with ``workers`` workers: by
    default supervised worker processes, where one worker runs the same code as many.
    ``ray_address`` is the Ray cluster to join; without it a local Ray is started."""
    if kind == "local":
        return LocalExecutor()
    if kind == "process":
        return IsolatedExecutor(workers, limits)
    if kind == "ray":
        from counterpoint.run.ray_executor import RayExecutor

        return RayExecutor(workers, ray_address)
    raise ValueError(f"unknown executor {kind!r}; known: {', '.join(EXECUTORS)}")
