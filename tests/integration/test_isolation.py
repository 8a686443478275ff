"""Supervised workers in the pipeline: a document that crashes its worker is named as the
culprit, and a rerun does not loop on it."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from counterpoint.run import pipeline
from counterpoint.run.executors import IsolatedExecutor
from counterpoint.store import Store


def _segfault_on_marker(articles, **_options):  # type: ignore[no-untyped-def]
    """Stands in for annotation: a native crash on the article that carries the marker."""
    if any("SEGFAULT-ME" in article.text for article in articles):
        os.kill(os.getpid(), signal.SIGSEGV)
    return list(articles)


def _corpus(folder: Path) -> list[Path]:
    folder.mkdir()
    body = (
        "The city council approved the budget for next year on Monday evening, after a debate "
        "that lasted more than four hours, the mayor's office said in a statement.\n\n"
        "Opposition members said the plan cut too deeply into school funding and promised to "
        "bring the matter back before the council when it meets again in the spring."
    )
    texts = {
        "good1.txt": f"Council votes on budget\n\n{body}",
        "bad.txt": f"A page that crashes\n\n{body.replace('statement', 'SEGFAULT-ME')}",
        "good2.txt": f"Port strike ends\n\nDock workers ended their strike after 12 days. {body}",
    }
    for name, text in texts.items():
        (folder / name).write_text(text)
    return sorted(folder.iterdir())


def test_pipeline_names_the_culprit_and_a_rerun_skips_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # workers are forked, so the patched stage is what they run
    monkeypatch.setattr(pipeline, "annotate_batch", _segfault_on_marker)
    _corpus(tmp_path / "in")
    store = Store(str(tmp_path / "db.sqlite"))
    try:
        first = pipeline.analyze_into(store, [tmp_path / "in"], IsolatedExecutor(1))
        assert first.analysed == 2
        [problem] = first.problems
        assert (problem.kind, problem.stage, problem.message) == (
            "crash",
            "annotate",
            "crashed (SIGSEGV)",
        )
        assert problem.source.endswith("bad.txt")
        assert len(store.articles()) == 2

        second = pipeline.analyze_into(store, [tmp_path / "in"], IsolatedExecutor(1))
        assert (second.analysed, second.unchanged, second.culprits_skipped) == (0, 2, 1)
        assert [p.message for p in second.problems] == ["crashed (SIGSEGV)"]
        assert len(store.problems()) == 1

        monkeypatch.setattr(pipeline, "annotate_batch", lambda articles, **_options: list(articles))
        third = pipeline.analyze_into(
            store, [tmp_path / "in"], IsolatedExecutor(1), retry_failed=True
        )
        assert (third.analysed, third.problems) == (1, [])
        assert len(store.articles()) == 3
        assert store.problems() == []
    finally:
        store.close()
