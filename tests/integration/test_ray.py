"""The Ray executor on a local 2-CPU Ray: the same stored results as one process, and a
document that raises or takes its actor down costs that document alone."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from counterpoint.run.executors import Failure, LocalExecutor, executor_for
from counterpoint.run.pipeline import analyze_into
from counterpoint.store import Store

pytest.importorskip("ray.data")

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _stored(executor, db: Path):
    store = Store(str(db))
    try:
        stats = analyze_into(store, [EXAMPLES / "corpus", EXAMPLES / "coverage"], executor)
        return stats, store.corpus()
    finally:
        store.close()


def test_ray_stores_what_one_process_stores(tmp_path):
    _, local = _stored(LocalExecutor(), tmp_path / "local.db")
    stats, on_ray = _stored(executor_for(2, kind="ray"), tmp_path / "ray.db")
    assert not stats.problems
    assert len(on_ray.articles) == len(local.articles) > 10
    assert sorted(on_ray.articles, key=lambda a: a.id) == sorted(local.articles, key=lambda a: a.id)
    assert on_ray.stories == local.stories
    assert on_ray.claims == local.claims
    assert on_ray.conflicts == local.conflicts
    assert on_ray.duplicates == local.duplicates
    assert on_ray.timeline == local.timeline


def _square_unless_cursed(batch: list[int]) -> list[int]:
    if 13 in batch:
        os._exit(3)  # a native crash: the actor's process is gone
    if 7 in batch:
        raise ValueError("seven is not a square")
    return [x * x for x in batch]


def _as_failure(x: int, failure: Failure) -> tuple[int, str]:
    return x, failure.kind


def test_a_failing_document_costs_itself_alone():
    executor = executor_for(2, kind="ray")
    batches = [[i, i + 1, i + 2] for i in range(0, 18, 3)]
    results = list(executor.map_isolated(_square_unless_cursed, batches, _as_failure))
    flat = sorted((r for batch in results for r in batch), key=str)
    assert (7, "crash") in flat and (13, "crash") in flat
    assert sorted(r for r in flat if isinstance(r, int)) == [
        x * x for x in range(18) if x not in (7, 13)
    ]
