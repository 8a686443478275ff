"""The whole pipeline, as a user runs it, on every real data set in ../shared.

`counterpoint analyze` runs as a separate process, so a native crash shows as its exit status
instead of taking the test run down. Each data set must end with every input file either an
article or a named problem, exit 0 (or 1 with the problems listed), and a rerun must store
nothing twice. The same holds with two workers, with the same articles.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from counterpoint.store import Store
from evaluation.seeds import shared_dir

DATA_SETS = {
    "aeb-html": ("bench/aeb/html", 181),
    "aeb-dumps": ("bench/aeb/dumps", 181),
    "seeds": ("data/seeds", 5),
}
SUMMARY_ROW = re.compile(
    r"│\s*(documents read|analysed|unchanged \(skipped\)|problems)\s*│\s*(\d+)"
)


def _inputs(name: str) -> tuple[Path, list[Path]]:
    relative, expected = DATA_SETS[name]
    folder = shared_dir() / relative
    if not folder.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing: CI runs with ../shared beside the clone")
        pytest.skip(f"{folder} not available")
    files = sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    assert len(files) == expected
    return folder, files


def _analyze(folder: Path, db: Path, workers: int) -> tuple[int, dict[str, int], str]:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "counterpoint",
            "analyze",
            str(folder),
            "--db",
            str(db),
            "--workers",
            str(workers),
        ],
        capture_output=True,
        text=True,
        timeout=3600,
        env={**os.environ, "COLUMNS": "200"},
    )
    summary = {key: int(value) for key, value in SUMMARY_ROW.findall(completed.stderr)}
    return completed.returncode, summary, completed.stderr


def _stored(db: Path) -> tuple[dict[str, tuple[int, ...]], list[str], int]:
    """Per source file, the annotation counts of its article; the sources of problems; and the
    number of article rows."""
    store = Store(str(db))
    try:
        articles = store.articles()
        problems = store.problems()
    finally:
        store.close()
    counts = {
        article.source: (
            len(article.sentences),
            len(article.entities),
            len(article.quotes),
            len(article.quantities),
            len(article.times),
        )
        for article in articles
    }
    return counts, [problem.source for problem in problems], len(articles)


def _check_run(name: str, db: Path, workers: int) -> dict[str, tuple[int, ...]]:
    folder, files = _inputs(name)
    code, summary, output = _analyze(folder, db, workers)
    assert code in (0, 1), f"{name}: exit {code}\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    counts, problem_sources, rows = _stored(db)
    sources = {str(path) for path in files}
    # every input is an article or a named problem, and the run says so
    assert set(counts) | set(problem_sources) == sources
    assert rows == len(counts), "an input was stored as two articles"
    assert summary["documents read"] == len(files)
    assert summary["analysed"] + summary["problems"] >= len(files) - summary["unchanged (skipped)"]
    assert (code == 1) == bool(problem_sources), output[-3000:]
    for source in problem_sources:
        assert f"problem {source}" in output.replace("\n", ""), f"{source} not listed"

    rerun_code, rerun, rerun_output = _analyze(folder, db, workers)
    assert rerun_code == code, rerun_output[-3000:]
    assert rerun["analysed"] == 0
    again, again_problems, again_rows = _stored(db)
    assert again == counts and again_rows == rows
    assert Counter(again_problems) == Counter(problem_sources)
    print(
        f"\n{name} (workers={workers}): {len(counts)} articles, {len(problem_sources)} problems"
        f" of {len(files)} inputs, exit {code}"
    )
    return counts


@pytest.mark.parametrize("name", list(DATA_SETS))
def test_whole_pipeline_on_real_data(name: str, tmp_path: Path) -> None:
    one = _check_run(name, tmp_path / "one.db", workers=1)
    two = _check_run(name, tmp_path / "two.db", workers=2)
    differ = {source: (one.get(source), two.get(source)) for source in one.keys() | two.keys()}
    differ = {source: pair for source, pair in differ.items() if pair[0] != pair[1]}
    assert not differ, f"two workers stored other annotations than one: {differ}"
