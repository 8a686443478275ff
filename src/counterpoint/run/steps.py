"""Steps: the per-article stages a run applies, each with a name, and what each kept or dropped.

As in datatrove, a run is a list of steps. A per-article step takes a batch of documents still
in the run and returns, one to one, each one carried on (:class:`Analysed`) or dropped with the
reason (a :class:`~counterpoint.model.Problem` whose ``stage`` is the step's name). The
executors run :func:`run_steps` over batches, so the steps and their order are data, not code.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from counterpoint.model import Article, Problem, RawDocument
from counterpoint.run.isolated import report_stage

if TYPE_CHECKING:
    import numpy as np


@dataclass(slots=True)
class Analysed:
    """One document as it goes through the per-article steps: the raw input until a step reads
    it, then its article, and its story vector once embedded."""

    raw: RawDocument | None = None
    article: Article | None = None
    vector: np.ndarray | None = None


StepFunction = Callable[[list[Analysed]], list[Analysed | Problem]]


@dataclass(frozen=True, slots=True)
class Step:
    """A named per-article stage; ``run`` must return one result per input, in order."""

    name: str
    run: StepFunction


@dataclass(slots=True)
class StepStats:
    """What one step did in a run: documents it carried on, those it dropped by reason, and
    what it made (a cross-article step: stories, claims, ...)."""

    name: str
    kept: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    made: Counter[str] = field(default_factory=Counter)


def run_steps(raws: list[RawDocument], steps: Sequence[Step]) -> list[Analysed | Problem]:
    """Every document of the batch through ``steps`` in order, one result per document."""
    results: list[Analysed | Problem] = [Analysed(raw=raw) for raw in raws]
    for step in steps:
        report_stage(step.name)
        alive = [i for i, item in enumerate(results) if isinstance(item, Analysed)]
        if not alive:
            break
        out = step.run([results[i] for i in alive])  # type: ignore[misc]
        if len(out) != len(alive):
            raise RuntimeError(f"step {step.name!r} returned {len(out)} results for {len(alive)}")
        for i, item in zip(alive, out, strict=True):
            results[i] = item
    return results


def count(stats: dict[str, StepStats], steps: Sequence[Step], result: Analysed | Problem) -> None:
    """Add one document's outcome to ``stats``: kept by every step before the one that dropped
    it (by the problem's kind: an error, or a crash, timeout or memory blow-up of its worker)."""
    for step in steps:
        step_stats = stats.setdefault(step.name, StepStats(step.name))
        if isinstance(result, Problem) and result.stage == step.name:
            step_stats.dropped[result.kind] += 1
            return
        step_stats.kept += 1
