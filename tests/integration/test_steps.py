"""Per-article steps in the pipeline: story vectors are embedded inside the supervised workers,
stored per article and embedder, and read back by linking."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import counterpoint
from counterpoint import registry
from counterpoint.compare import BlockTask
from counterpoint.link.embedding import story_text
from counterpoint.run import pipeline
from counterpoint.run.executors import Failure, IsolatedExecutor, LocalExecutor
from counterpoint.settings import Settings
from counterpoint.store import Store

from ..unit.test_steps import CRASH_MARKER, HashEmbedder, OtherHashEmbedder, WideHashEmbedder

registry.embedders.register("test-hash", HashEmbedder)
registry.embedders.register("test-wide-hash", WideHashEmbedder)
registry.embedders.register("test-hash-2", OtherHashEmbedder)
SETTINGS = Settings(embedder="test-hash")


def _write(folder: Path, texts: dict[str, str]) -> Path:
    folder.mkdir()
    body = (
        "The city council approved the budget for next year on Monday evening, after a debate "
        "that lasted more than four hours, the mayor's office said in a statement.\n\n"
        "Opposition members said the plan cut too deeply into school funding and promised to "
        "bring the matter back before the council when it meets again in the spring."
    )
    for name, title in texts.items():
        (folder / f"{name}.txt").write_text(f"{title}\n\n{title}: {body}", encoding="utf-8")
    return folder


def _stories_embedded_here(store: Store) -> int:
    """Story texts this process embedded (the briefing's sentences are embedded here too)."""
    stories = {story_text(article) for article in store.articles()}
    return sum(text in stories for text in HashEmbedder.seen)


def test_vectors_are_embedded_in_the_workers_and_linking_reads_them(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", {"one": "Budget passes", "two": "Port strike ends"})
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        HashEmbedder.seen.clear()
        stats = pipeline.analyze_into(store, [folder], IsolatedExecutor(1), SETTINGS)
        # embedded in the worker (whose texts this process never sees), not again here
        assert _stories_embedded_here(store) == 0
        assert list(stats.steps) == ["extract", "annotate", "embed", "resolve", "link", "compare"]
        assert stats.steps["embed"].kept == 2
        key = pipeline.pipeline_versions(SETTINGS)["embed"]
        articles = store.articles()
        vectors = store.vectors(key, [a.id for a in articles])
        assert set(vectors) == {a.id for a in articles}
        expected = HashEmbedder().encode([story_text(a) for a in articles])
        assert np.array_equal(np.stack([vectors[a.id] for a in articles]), expected)
        assert store.vectors("another-model", [a.id for a in articles]) == {}
    finally:
        store.close()


def test_an_encoder_crash_costs_its_document_only(tmp_path: Path) -> None:
    folder = _write(
        tmp_path / "in",
        {"one": "Budget passes", "bad": f"Storm {CRASH_MARKER}", "two": "Port strike ends"},
    )
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        stats = pipeline.analyze_into(store, [folder], IsolatedExecutor(1), SETTINGS)
        [problem] = stats.problems
        assert (problem.kind, problem.stage) == ("crash", "embed")
        assert problem.source.endswith("bad.txt")
        assert len(store.articles()) == 2
        assert dict(stats.steps["embed"].dropped) == {"crash": 1}
    finally:
        store.close()


def test_an_article_stored_without_a_vector_is_embedded_when_linking(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", {"one": "Budget passes", "two": "Port strike ends"})
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        pipeline.analyze_into(store, [folder], LocalExecutor(), SETTINGS)
        key = pipeline.pipeline_versions(SETTINGS)["embed"]
        first = store.articles()[0]
        store.save_article(first)  # stored again, its vector kept: no embedding needed
        HashEmbedder.seen.clear()
        pipeline.relink(store, SETTINGS)
        assert _stories_embedded_here(store) == 0
        with store.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM article_vectors")
        resolve, linking, _compare = pipeline.relink(store, SETTINGS)
        assert _stories_embedded_here(store) == 2
        assert (resolve.kept, linking.made["vectors embedded here"]) == (2, 2)
        assert len(store.vectors(key, [a.id for a in store.articles()])) == 2
    finally:
        store.close()


def test_a_new_embedder_makes_stored_articles_stale(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", {"one": "Budget passes"})
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        pipeline.analyze_into(store, [folder], LocalExecutor(), SETTINGS)
        again = pipeline.analyze_into(store, [folder], LocalExecutor(), SETTINGS)
        assert (again.analysed, again.unchanged) == (0, 1)
        other = Settings(embedder="test-hash-2")
        assert pipeline.analyze_into(store, [folder], LocalExecutor(), other).analysed == 1
        ids = [a.id for a in store.articles()]
        # the first model's vectors stay beside the second's
        for settings in (SETTINGS, other):
            assert len(store.vectors(pipeline.pipeline_versions(settings)["embed"], ids)) == 1
    finally:
        store.close()


def test_the_python_api_runs_a_registered_embedder(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", {"one": "Budget passes", "two": "Port strike ends"})
    corpus = counterpoint.analyze([folder], embedder="test-hash")
    assert len(corpus.articles) == 2
    assert sorted(a for s in corpus.stories for a in s.article_ids) == sorted(
        a.id for a in corpus.articles
    )
    assert all(len(s.centroid) == 32 for s in corpus.stories)  # the hash embedder's vectors


def test_other_extraction_thresholds_make_stored_articles_stale(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", {"one": "Budget passes"})
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        pipeline.analyze_into(store, [folder], LocalExecutor(), SETTINGS)
        same = Settings.load(
            environ={"COUNTERPOINT_EXTRACT_MAX_NESTING": "100"}, embedder="test-hash"
        )
        assert pipeline.pipeline_versions(same) == pipeline.pipeline_versions(SETTINGS)
        assert pipeline.analyze_into(store, [folder], LocalExecutor(), same).unchanged == 1
        other = Settings.load(
            environ={"COUNTERPOINT_EXTRACT_MAX_NESTING": "60"}, embedder="test-hash"
        )
        assert pipeline.analyze_into(store, [folder], LocalExecutor(), other).analysed == 1
    finally:
        store.close()


def test_stories_linked_with_another_embedder_are_relinked_in_the_new_space(
    tmp_path: Path,
) -> None:
    folder = _write(tmp_path / "in", {"one": "Budget passes", "two": "Port strike ends"})
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        pipeline.analyze_into(store, [folder], LocalExecutor(), SETTINGS)
        before = {a: s.id for s in store.stories() for a in s.article_ids}
        wide = Settings(embedder="test-wide-hash")
        pipeline.analyze_into(store, [folder], LocalExecutor(), wide)
        stories = store.stories()
        assert {a: s.id for s in stories for a in s.article_ids} == before
        assert {len(s.centroid) for s in stories if s.centroid} == {64}
    finally:
        store.close()


class _BlockRecorder(LocalExecutor):
    """Runs every batch here and keeps what it was handed."""

    def __init__(self) -> None:
        self.batches: list[list[object]] = []

    def map_isolated(self, fn, batches, on_failure):  # type: ignore[no-untyped-def]
        for batch in batches:
            self.batches.append(batch)
            yield fn(batch)


class _TwoWorkerRecorder(_BlockRecorder):
    """A recorder that says it runs two batches at once."""

    workers = 2


class _BlockCrasher(LocalExecutor):
    """Every batch fails as a worker's crash would."""

    def map_isolated(self, fn, batches, on_failure):  # type: ignore[no-untyped-def]
        for batch in batches:
            yield [
                on_failure(task, Failure(kind="crash", stage="compare", message="worker died"))
                for task in batch
            ]


def test_compare_runs_block_by_block_under_the_executor_with_the_same_results(
    tmp_path: Path,
) -> None:
    folder = _write(
        tmp_path / "in",
        {"one": "Budget passes", "two": "Budget passes again", "three": "Port strike ends"},
    )
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        pipeline.analyze_into(store, [folder], LocalExecutor(), SETTINGS)
        here = store.corpus()
        recorder = _BlockRecorder()
        *_, compared = pipeline.relink(store, SETTINGS, recorder)
        tasks = [task for batch in recorder.batches for task in batch]
        assert tasks and all(isinstance(task, BlockTask) for task in tasks)
        # one article per duplicate group (the texts share their body), all in stories
        compared_ids = [a.id for t in tasks for a in t.articles]
        assert len(compared_ids) == compared.kept > 0
        assert set(compared_ids) <= {a for story in here.stories for a in story.article_ids}
        grouped = store.corpus()
        assert (grouped.stories, grouped.claims, grouped.conflicts, grouped.timeline) == (
            here.stories,
            here.claims,
            here.conflicts,
            here.timeline,
        )
        # A block whose worker dies is compared here instead: nothing is lost.
        *_, again = pipeline.relink(store, SETTINGS, _BlockCrasher())
        assert again.made["blocks compared here after a worker crash"] == len(tasks)
        assert store.corpus().stories == here.stories
        assert store.corpus().conflicts == here.conflicts
    finally:
        store.close()


class _CountingIsolated(IsolatedExecutor):
    """Two supervised workers that count the stages handed to them."""

    def __init__(self) -> None:
        super().__init__(2)
        self.stages = 0

    def map_isolated(self, fn, batches, on_failure):  # type: ignore[no-untyped-def]
        self.stages += 1
        return super().map_isolated(fn, batches, on_failure)


def test_a_corpus_smaller_than_workers_pay_for_is_compared_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    titles = {"one": "Budget passes", "two": "Port strike ends", "three": "Storm hits coast"}
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        pipeline.analyze_into(store, [_write(tmp_path / "in", titles)], LocalExecutor(), SETTINGS)
        here = store.corpus()
        workers = _CountingIsolated()
        pipeline.relink(store, SETTINGS, workers)
        assert workers.stages == 0  # three articles: starting workers would cost more
        monkeypatch.setattr(pipeline, "COMPARE_IN_WORKERS_MIN_ARTICLES", 0)
        pipeline.relink(store, SETTINGS, workers)
        assert workers.stages == 1
        assert (store.corpus().stories, store.corpus().conflicts) == (here.stories, here.conflicts)
    finally:
        store.close()


def test_two_workers_compare_the_blocks_and_store_what_one_process_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "COMPARE_IN_WORKERS_MIN_ARTICLES", 0)
    titles = {"one": "Budget passes", "two": "Port strike ends", "three": "Storm hits coast"}
    stored = []
    for name, executor in (("here", LocalExecutor()), ("two", IsolatedExecutor(2))):
        store = Store(str(tmp_path / f"{name}.sqlite"))
        try:
            stats = pipeline.analyze_into(
                store, [_write(tmp_path / name, titles)], executor, SETTINGS
            )
            assert not stats.problems
            corpus = store.corpus()
            stored.append((corpus.stories, corpus.claims, corpus.conflicts, corpus.timeline))
        finally:
            store.close()
    assert stored[0] == stored[1]


def test_with_two_workers_a_small_corpus_is_compared_in_batches_largest_block_first(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in {
        "budget": "Budget passes\n\nThe city council approved the budget on Monday, 31 votes "
        "to 9, after a debate on school funding that lasted more than four hours. Opposition "
        "members said the plan cut too deeply and would bring it back in the spring.",
        "port": "Port strike ends\n\nDock workers at Harwick returned to work on Thursday "
        "after a 12-day strike over pay, the union said. Ships had queued off the harbour for "
        "a week, and the port authority said it would take days to clear the backlog.",
        "storm": "Storm hits coast\n\nWinds of 140 km/h cut power to 20,000 homes in Velde "
        "overnight, and rail services along the coast were suspended. Forecasters said the "
        "storm would weaken by Sunday as it moved north over the sea.",
    }.items():
        title, _, lead = text.partition("\n\n")
        (folder / f"{name}.txt").write_text(f"{title}\n\n{lead}\n\n{lead}", encoding="utf-8")
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        pipeline.analyze_into(store, [folder], LocalExecutor(), SETTINGS)
        here = store.corpus()
        recorder = _TwoWorkerRecorder()
        pipeline.relink(store, SETTINGS, recorder)
        sizes = [len(task.articles) for batch in recorder.batches for task in batch]
        # far under one batch's articles, yet a batch for each block
        assert len(recorder.batches) == len(sizes) >= 2
        assert sizes == sorted(sizes, reverse=True)
        assert store.corpus().conflicts == here.conflicts
        assert store.corpus().stories == here.stories
    finally:
        store.close()


def test_relinking_streams_the_stored_articles_in_bounded_batches(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from counterpoint.compare import block_tasks
    from counterpoint.link import resolve_across
    from counterpoint.store import db

    titles = {
        "one": "Budget passes",
        "two": "Budget passes again",
        "three": "Port strike ends",
        "four": "Storm hits coast",
        "five": "Minister Varga resigns",
    }
    store = Store(db_url)
    try:
        pipeline.analyze_into(store, [_write(tmp_path / "in", titles)], LocalExecutor(), SETTINGS)
        whole = store.corpus()
        held: list[int] = []
        real = db._read_articles

        def read(connection, article_ids=None):  # type: ignore[no-untyped-def]
            assert article_ids is not None, "relinking read every article at once"
            found = real(connection, article_ids)
            held.append(len(found))
            return found

        def everything(*_args: object) -> None:
            raise AssertionError("relinking asked the store for the whole corpus")

        monkeypatch.setattr(db, "STREAM_ARTICLES", 2)
        monkeypatch.setattr(db, "_read_articles", read)
        monkeypatch.setattr(Store, "articles", everything)
        monkeypatch.setattr(Store, "corpus", everything)
        stats = pipeline.relink(store, SETTINGS)
        assert stats[0].kept == len(whole.articles) == 5
        assert held and max(held) <= 2
        # compare's batches read only their blocks' articles
        state = pipeline.Linking(store, SETTINGS)
        for step in pipeline.cross_article_steps()[:2]:
            step.run(state)
        assert state.linked is not None
        order = [[i] for i in range(len(state.linked.blocks))]
        held.clear()
        lazy = [task for batch in pipeline._lazy_tasks(state, order) for task in batch]
        assert held == [len(b.article_ids) for b in state.linked.blocks]
        monkeypatch.undo()
        # the same tasks as compare makes from every article held at once
        everyone = resolve_across(store.articles())
        assert lazy == list(block_tasks(everyone, state.linked))
        again = store.corpus()
        assert (again.stories, again.claims, again.conflicts, again.timeline) == (
            whole.stories,
            whole.claims,
            whole.conflicts,
            whole.timeline,
        )
    finally:
        store.close()
