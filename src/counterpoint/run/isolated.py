"""Per-document isolation: stage functions run in supervised worker processes.

A native crash (a segfault in a parser), a hang or a memory blow-up in one document must cost
that document only. Each worker is a separate process that takes one batch at a time over a
pipe; the parent watches it. When a worker dies, stalls past its time allowance or grows past
the memory limit, it is killed and replaced, and the documents of its batch are run again one
per task, so that the one that fails alone is named as the culprit and everything else in its
batch still goes in. One worker runs the same code as many.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# How often the parent looks at its workers' clocks and memory while it waits for results.
POLL_SECONDS = 0.2
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


@dataclass(frozen=True, slots=True)
class Limits:
    """What one document may cost. ``seconds`` is per document (a batch of n gets n times as
    long); ``memory_mb`` caps a worker's resident memory, models included."""

    seconds: float = 120.0
    memory_mb: int = 3072

    def __post_init__(self) -> None:
        if self.seconds <= 0:
            raise ValueError(f"the time limit per document must be positive, not {self.seconds}")
        if self.memory_mb <= 0:
            raise ValueError(f"the memory limit must be positive, not {self.memory_mb} MB")


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a document got no result: ``kind`` is "crash", "timeout" or "memory"."""

    kind: str
    stage: str
    message: str


OnFailure = Callable[[In, Failure], Out]

_stage_reporter: Callable[[str], None] | None = None


def report_stage(name: str) -> None:
    """Tell the supervisor which stage this worker is in, so that a crash is named by it.
    Outside a supervised worker this does nothing."""
    if _stage_reporter is not None:
        _stage_reporter(name)


def _worker_main(connection: Connection, fn: Callable[[list[Any]], list[Any]]) -> None:
    global _stage_reporter
    # The parent handles Ctrl-C and stops its workers; a worker must not die of it mid-batch.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The parent reports a crash with the document and stage; a native traceback dumped by an
    # inherited faulthandler would only clutter the terminal.
    faulthandler.disable()
    _die_with_parent()
    _stage_reporter = lambda name: connection.send(("stage", name))  # noqa: E731
    while True:
        try:
            message = connection.recv()
        except EOFError:  # the parent is gone
            return
        if message is None:
            return
        if isinstance(message, tuple):  # a worker kept warm runs another function from now on
            _, fn = message
            continue
        connection.send(("done", fn(message)))


def _die_with_parent() -> None:
    """On Linux, have the kernel kill this worker when the parent dies, so that a worker stuck
    in a document does not outlive a killed run (elsewhere it exits at its next read)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return


class _Worker:
    def __init__(self, context: Any, fn: Callable[[list[Any]], list[Any]]) -> None:
        parent_end, child_end = context.Pipe()
        self.connection: Connection = parent_end
        self.process: BaseProcess = context.Process(
            target=_worker_main, args=(child_end, fn), daemon=True
        )
        self.process.start()
        child_end.close()
        self.fn = fn
        self.task: list[Any] | None = None
        self.stage = "starting"
        self.deadline = 0.0

    def give(self, fn: Callable[[list[Any]], list[Any]], task: list[Any], limits: Limits) -> None:
        if fn is not self.fn:
            self.connection.send(("run", fn))
            self.fn = fn
        self.task = task
        self.stage = "queued"
        self.deadline = time.monotonic() + limits.seconds * len(task)
        self.connection.send(task)

    def resident_mb(self) -> float:
        """Resident memory of the worker, from /proc (0 where there is none)."""
        try:
            with open(f"/proc/{self.process.pid}/statm") as statm:
                pages = int(statm.read().split()[1])
        except (OSError, IndexError, ValueError):
            return 0.0
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20

    def stop(self, grace: float = 0.0) -> None:
        if grace:
            self.process.join(timeout=grace)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


class _Tasks(Generic[In]):
    """The batches still to run: those queued again (a failed batch, one document per task)
    first, then the input, read one batch ahead. With several workers the input's last batch
    is split into one-document tasks, so that the workers finish together instead of one
    waiting while another runs a whole batch alone."""

    def __init__(self, batches: Iterator[list[In]], split_last: bool) -> None:
        self.batches = batches
        self.split_last = split_last
        self.queued: deque[list[In]] = deque()
        self.ahead = self._read()

    def _read(self) -> list[In] | None:
        for batch in self.batches:
            if batch:
                return batch
        return None

    def again(self, tasks: Iterable[list[In]]) -> None:
        """Run ``tasks`` next, in their order, before anything else."""
        self.queued.extendleft(reversed(list(tasks)))

    def next(self) -> list[In] | None:
        if self.queued:
            return self.queued.popleft()
        task, self.ahead = self.ahead, None
        if task is None:
            return None
        self.ahead = self._read()
        if self.ahead is None and self.split_last and len(task) > 1:
            self.queued.extend([item] for item in task[1:])
            task = task[:1]
        return task


class IsolatedExecutor:
    """Runs ``fn`` over batches in ``workers`` supervised processes.

    Results come back batch by batch as they finish (not in input order); every input item is
    in exactly one result, either ``fn``'s own output for it or ``on_failure(item, failure)``.
    ``fn`` must return one output per input, and both must be picklable top-level functions.
    At most one batch per worker is in flight, and the input is read one batch ahead of the
    workers, so a stream of any length runs in bounded memory.
    """

    # Workers are forked: "spawn" and "forkserver" re-import the caller's main module, which
    # breaks a user's script without an ``if __name__ == "__main__"`` guard, and they start
    # slower. The parent forks before loading any model, and a worker never touches the
    # parent's connections or console.
    def __init__(
        self, workers: int = 1, limits: Limits | None = None, start_method: str = "fork"
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self.workers = workers
        self.limits = limits or Limits()
        self.context = multiprocessing.get_context(start_method)
        self._warm: list[_Worker] | None = None

    @property
    def warm(self) -> bool:
        """Whether workers are kept up from one :meth:`map_isolated` to the next."""
        return self._warm is not None

    @contextlib.contextmanager
    def kept_warm(self) -> Iterator[IsolatedExecutor]:
        """Within this, the workers stay up from one :meth:`map_isolated` to the next, with the
        models their functions loaded, instead of starting anew for each (a later function is
        sent to them, so it must pickle)."""
        if self._warm is not None:
            yield self
            return
        self._warm = []
        try:
            yield self
        finally:
            workers, self._warm = self._warm, None
            _shut_down(workers)

    def map_isolated(
        self,
        fn: Callable[[list[In]], list[Out]],
        batches: Iterable[list[In]],
        on_failure: OnFailure[In, Out],
    ) -> Iterator[list[Out]]:
        tasks = _Tasks(iter(batches), split_last=self.workers > 1)
        pool = self._warm if self._warm is not None else []
        pool.extend(_Worker(self.context, fn) for _ in range(self.workers - len(pool)))

        def feed(index: int) -> None:
            """Give the idle worker at ``index`` its next task, if there is one left."""
            task = tasks.next()
            while task is not None:
                try:
                    pool[index].give(fn, task, self.limits)
                    return
                except (BrokenPipeError, OSError):  # died before it took the task
                    pool[index] = self._replace(pool[index], fn)

        try:
            for index in range(len(pool)):
                feed(index)
            while any(w.task is not None for w in pool):
                wait(
                    [w.connection for w in pool if w.task is not None]
                    + [w.process.sentinel for w in pool if w.task is not None],
                    timeout=POLL_SECONDS,
                )
                for index, worker in enumerate(pool):
                    if worker.task is None:
                        continue
                    results, failure = self._check(worker)
                    if results is not None:
                        # the worker gets its next batch before the caller takes this one's
                        # results (storing them), so that it never waits on the caller
                        worker.task = None
                        feed(index)
                        yield results
                    elif failure is not None:
                        task, worker.task = worker.task, None
                        pool[index] = self._replace(worker, fn)
                        if len(task) > 1:
                            tasks.again([item] for item in task)
                        feed(index)
                        if len(task) == 1:
                            yield [on_failure(task[0], failure)]
                for index, worker in enumerate(pool):
                    if worker.task is None:  # a batch split for a retry may feed them all
                        feed(index)
        finally:
            if pool is self._warm:  # idle workers stay up; any still busy (the caller stopped
                for worker in pool:  # reading) is stopped, and replaced when next needed
                    if worker.task is not None:
                        worker.stop()
                pool[:] = [worker for worker in pool if worker.task is None]
            else:
                _shut_down(pool)

    def _check(self, worker: _Worker) -> tuple[list[Any] | None, Failure | None]:
        """The worker's results if they are in, or why it failed, or neither (still busy)."""
        try:
            while worker.connection.poll():
                kind, payload = worker.connection.recv()
                if kind == "stage":
                    worker.stage = payload
                else:
                    return payload, None
        except (EOFError, OSError):
            pass  # the worker died; its exit code says how
        if not worker.process.is_alive():
            worker.process.join(timeout=1)
            return None, Failure("crash", worker.stage, _death(worker.process.exitcode))
        if time.monotonic() > worker.deadline:
            allowed = self.limits.seconds * len(worker.task or [None])
            return None, Failure("timeout", worker.stage, f"took over {allowed:g} s")
        if worker.resident_mb() > self.limits.memory_mb:
            return None, Failure("memory", worker.stage, f"over {self.limits.memory_mb} MB")
        return None, None

    def _replace(self, worker: _Worker, fn: Callable[[list[Any]], list[Any]]) -> _Worker:
        worker.stop()
        return _Worker(self.context, fn)


def _shut_down(workers: list[_Worker]) -> None:
    """Ask the idle workers to exit, give them a moment, and kill any still busy."""
    for worker in workers:
        if worker.task is None:
            with contextlib.suppress(OSError):
                worker.connection.send(None)
    for worker in workers:
        worker.stop(grace=2.0 if worker.task is None else 0.0)


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"crashed ({signal.Signals(-exitcode).name})"
        except ValueError:
            return f"crashed (signal {-exitcode})"
    return f"crashed (exit code {exitcode})"
