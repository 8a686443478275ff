"""The Ray executor: the per-article step list on Ray Data, on a local Ray or a cluster.

Each batch of documents is one row of a Ray dataset, handed by ``map_batches`` to a fixed pool
of actors; an actor is one worker process, so the models the steps load (once per process, as
in the supervised workers) load once per actor. Results come back to the calling process, the
one that writes the store.

A document fails alone, as under the supervised workers: an exception in a batch runs the batch
again one document at a time inside the actor, and the one that still raises is the failure. A
batch whose actor dies (a native crash, or Ray's memory monitor) is an errored block that Ray
Data skips; its documents are run again one per row, and one whose actor dies again is a crash
in the stage a small ledger actor last heard of.
The time and memory limits per document are not enforced here: Ray has no per-call deadline.

The input is a stream (checked against the store as it is read), and a Ray dataset is built
from a finite list, so the stream goes in windows of ``window_documents`` documents, one dataset
each; a window's actors load the models again, a cost that a window of thousands of documents
amortises.
"""

from __future__ import annotations

import logging
import pickle
import warnings
from collections.abc import Callable, Iterable, Iterator
from itertools import count
from typing import Any, TypeVar

from counterpoint.run import isolated
from counterpoint.run.isolated import Failure

In = TypeVar("In")
Out = TypeVar("Out")

DEFAULT_WINDOW_DOCUMENTS = 4096


class RayUnavailable(ValueError):
    """``--executor ray`` without the ``ray`` extra installed."""


def require_ray() -> None:
    try:
        import ray.data  # noqa: F401
    except ImportError:
        raise RayUnavailable(
            "the ray executor needs Ray Data: pip install 'counterpoint[ray]'"
        ) from None


class RayExecutor:
    """Runs ``fn`` over batches on ``workers`` Ray actors (one CPU each).

    With ``address`` it joins that Ray cluster; without, it starts a local Ray of ``workers``
    CPUs for the call and stops it afterwards. Ray's dashboard, usage statistics and the
    forwarding of workers' logs to this terminal are off.
    """

    def __init__(
        self,
        workers: int = 1,
        address: str | None = None,
        window_documents: int = DEFAULT_WINDOW_DOCUMENTS,
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        require_ray()
        self.workers = workers
        self.address = address or None
        self.window_documents = window_documents

    def map_isolated(
        self,
        fn: Callable[[list[In]], list[Out]],
        batches: Iterable[list[In]],
        on_failure: Callable[[In, Failure], Out],
    ) -> Iterator[list[Out]]:
        import ray

        started = not ray.is_initialized()
        if started:
            self._start_ray()
        try:
            source = iter(batches)
            while window := self._window(source):
                yield from self._run_window(fn, window, on_failure)
        finally:
            if started:
                ray.shutdown()

    def _start_ray(self) -> None:
        import ray
        from ray._common.usage import usage_lib

        # Ray's own switch (it sets the variable its processes read); Ray is pinned in the extra.
        usage_lib.set_usage_stats_enabled_via_env_var(False)
        # a local Ray listens on loopback only
        local = {} if self.address else {"num_cpus": self.workers, "_node_ip_address": "127.0.0.1"}
        ray.init(
            address=self.address,
            include_dashboard=False,
            log_to_driver=False,
            logging_level=logging.ERROR,
            configure_logging=True,
            **local,  # type: ignore[arg-type]
        )
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        # A batch whose actor died is an errored block: skipped here, run again per document.
        context.max_errored_blocks = -1

    def _window(self, source: Iterator[list[In]]) -> list[list[In]]:
        window: list[list[In]] = []
        documents = 0
        for batch in source:
            window.append(batch)
            documents += len(batch)
            if documents >= self.window_documents:
                break
        return window

    def _run_window(
        self,
        fn: Callable[[list[In]], list[Out]],
        window: list[list[In]],
        on_failure: Callable[[In, Failure], Out],
    ) -> Iterator[list[Out]]:
        """Every document of ``window`` in exactly one result. A batch lost with its actor is
        run again one document per row, and a document lost while running alone is the
        culprit; one lost before its actor started it (Ray had handed it to an actor already
        dead) is innocent and goes again."""
        import ray

        ledger: Any = ray.remote(num_cpus=0)(_Ledger).remote()
        ids = count()
        pending = {next(ids): batch for batch in window}
        while pending:
            done: set[int] = set()
            for key, results in self._results(fn, pending, on_failure, ledger):
                done.add(key)
                yield results
            entered: dict[int, str] = ray.get(ledger.entered.remote())
            lost = {key: batch for key, batch in pending.items() if key not in done}
            pending = {}
            for key, batch in lost.items():
                if key not in entered:
                    pending[next(ids)] = batch
                elif len(batch) > 1:
                    pending.update((next(ids), [item]) for item in batch)
                else:
                    failure = Failure("crash", entered[key], "its Ray worker died")
                    yield [on_failure(batch[0], failure)]
        ray.kill(ledger)

    def _results(
        self,
        fn: Callable[[list[In]], list[Out]],
        batches: dict[int, list[In]],
        on_failure: Callable[[In, Failure], Out],
        ledger: Any,
    ) -> Iterator[tuple[int, list[Out]]]:
        import ray.data

        rows = [{"key": key, "batch": pickle.dumps(batch)} for key, batch in batches.items()]
        with warnings.catch_warnings():
            # the remote arguments below are deprecated from Ray 2.64; the extra pins 2.60
            warnings.simplefilter("ignore", DeprecationWarning)
            dataset = ray.data.from_items(rows, override_num_blocks=len(rows)).map_batches(
                _StepActor,
                fn_constructor_args=(fn, on_failure, ledger),
                batch_size=1,
                batch_format="numpy",
                # one batch per actor at a time, so the ledger knows which one killed it
                compute=ray.data.ActorPoolStrategy(
                    size=min(self.workers, len(rows)), max_tasks_in_flight_per_actor=1
                ),
                num_cpus=1,
                # a dead actor is not restarted and the batch it held is not retried on it
                max_restarts=0,
            )
        for row in dataset.iter_rows():
            yield int(row["key"]), pickle.loads(row["results"])


class _Ledger:
    """Which batch each actor started and the stage it is in, kept outside the actors so
    that it outlives one that dies."""

    def __init__(self) -> None:
        self.stages: dict[int, str] = {}

    def enter(self, key: int, stage: str) -> None:
        self.stages[key] = stage

    def entered(self) -> dict[int, str]:
        return self.stages


class _StepActor:
    """One Ray actor: runs ``fn`` on each batch it is given, one document at a time where the
    batch raises, and tells the ledger which batch and stage it is in."""

    def __init__(self, fn: Callable[[list[Any]], list[Any]], on_failure: OnFailure, ledger: Any):
        self.fn = fn
        self.on_failure = on_failure
        self.ledger = ledger
        self.key = -1
        self.stage = "starting"
        isolated._stage_reporter = self._enter

    def _enter(self, stage: str) -> None:
        import ray

        self.stage = stage
        # waited for: a report still in flight when the process dies would be lost
        ray.get(self.ledger.enter.remote(self.key, stage))

    def __call__(self, rows: dict[str, Any]) -> dict[str, Any]:
        import numpy as np

        results = []
        for key, payload in zip(rows["key"], rows["batch"], strict=True):
            self.key = int(key)
            self._enter("starting")
            results.append(pickle.dumps(self._run(pickle.loads(payload))))
        return {"key": rows["key"], "results": np.array(results, dtype=object)}

    def _run(self, batch: list[Any]) -> list[Any]:
        try:
            return self.fn(batch)
        except Exception as error:
            if len(batch) > 1:
                return [result for item in batch for result in self._run([item])]
            message = f"crashed ({type(error).__name__}: {error})"
            return [self.on_failure(batch[0], Failure("crash", self.stage, message))]


OnFailure = Callable[[Any, Failure], Any]
