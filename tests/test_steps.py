"""Per-article steps: named, counted, run inside the supervised workers; story vectors are
embedded there, stored per article and embedder, and read back by linking."""

from __future__ import annotations

import hashlib
import os
import signal
from importlib.metadata import EntryPoint
from pathlib import Path

import numpy as np
import pytest

import counterpoint
from counterpoint import registry
from counterpoint.link.embedding import story_text
from counterpoint.model import Problem, RawDocument
from counterpoint.run import pipeline
from counterpoint.run.executors import IsolatedExecutor, LocalExecutor
from counterpoint.run.steps import Analysed, Step, StepStats, count, run_steps
from counterpoint.settings import Settings
from counterpoint.store import Store

CRASH_MARKER = "CRASH-THE-ENCODER"


class HashEmbedder:
    """Unit vectors from a hash of the text; a native crash on the marker; counts its texts."""

    name = "test-hash-v1"
    encoded = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        if any(CRASH_MARKER in text for text in texts):
            os.kill(os.getpid(), signal.SIGSEGV)
        HashEmbedder.encoded += len(texts)
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8) for t in texts]
        vectors = np.asarray(rows, dtype=np.float32) + 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class OtherHashEmbedder(HashEmbedder):
    name = "test-hash-v2"


class WideHashEmbedder(HashEmbedder):
    """Twice as many dimensions: another embedding space."""

    name = "test-wide-hash-v1"

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.hstack([super().encode(texts), super().encode([t[::-1] for t in texts])])


registry.embedders.register("test-hash", HashEmbedder)
registry.embedders.register("test-wide-hash", WideHashEmbedder)
registry.embedders.register("test-hash-2", OtherHashEmbedder)
SETTINGS = Settings(embedder="test-hash")


def _raw(name: str) -> RawDocument:
    return RawDocument(name, "", f"text of {name}", "text/plain", name)


def _keep(items: list[Analysed]) -> list[Analysed | Problem]:
    return [Analysed(raw=item.raw) for item in items]


def _drop_b(items: list[Analysed]) -> list[Analysed | Problem]:
    return [
        Problem(item.raw.source, "drop", "no b", "")
        if item.raw and item.raw.source == "b"
        else item
        for item in items
    ]


def test_steps_run_in_order_and_a_dropped_document_skips_the_rest() -> None:
    seen: list[str] = []

    def record(items: list[Analysed]) -> list[Analysed | Problem]:
        seen.extend(item.raw.source for item in items if item.raw)
        return list(items)

    steps = [Step("keep", _keep), Step("drop", _drop_b), Step("record", record)]
    results = run_steps([_raw("a"), _raw("b"), _raw("c")], steps)
    assert [type(r).__name__ for r in results] == ["Analysed", "Problem", "Analysed"]
    assert seen == ["a", "c"]
    stats: dict[str, StepStats] = {}
    for result in results:
        count(stats, steps, result)
    assert [(s.name, s.kept, dict(s.dropped)) for s in stats.values()] == [
        ("keep", 3, {}),
        ("drop", 2, {"error": 1}),
        ("record", 2, {}),
    ]


def _lossy(items: list[Analysed]) -> list[Analysed | Problem]:
    return [items[0]]


def test_a_step_that_loses_a_document_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="step 'lossy' returned 1 results for 2"):
        run_steps([_raw("a"), _raw("b")], [Step("lossy", _lossy)])


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


def test_vectors_are_embedded_in_the_workers_and_linking_reads_them(tmp_path: Path) -> None:
    folder = _write(tmp_path / "in", {"one": "Budget passes", "two": "Port strike ends"})
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        HashEmbedder.encoded = 0
        stats = pipeline.analyze_into(store, [folder], IsolatedExecutor(1), SETTINGS)
        # embedded in the worker (whose count this process never sees), not again here
        assert HashEmbedder.encoded == 0
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
        HashEmbedder.encoded = 0
        pipeline.relink(store, SETTINGS)
        assert HashEmbedder.encoded == 0
        with store.engine.begin() as connection:
            connection.exec_driver_sql("DELETE FROM article_vectors")
        resolve, linking, _compare = pipeline.relink(store, SETTINGS)
        assert HashEmbedder.encoded == 2
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


def test_a_package_adds_a_model_through_its_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    plugged = EntryPoint("plugged", "test_steps:OtherHashEmbedder", registry.embedders.group)

    def points(group: str, name: str | None = None) -> list[EntryPoint]:
        found = [plugged] if group == plugged.group else []
        return [p for p in found if name in (None, p.name)]

    monkeypatch.setattr(registry, "entry_points", points)
    assert "plugged" in registry.embedders.names()
    assert Settings(embedder="plugged").embedder == "plugged"
    assert isinstance(registry.embedders.make("plugged"), OtherHashEmbedder)


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
