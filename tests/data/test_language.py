"""Language detection on the seed pages and the benchmark bodies."""

from __future__ import annotations

import json
import time

from counterpoint.annotate.language import detect_language
from evaluation.seeds import seeds, shared_dir


def test_seed_articles_are_english() -> None:
    assert [detect_language(seed.gold_article().text) for seed in seeds()] == ["en"] * 5


def test_benchmark_bodies_mostly_english() -> None:
    # The benchmark is mostly English pages with a few in other languages (checked by hand:
    # Korean, Portuguese, Russian, German, Italian, Indonesian, Japanese sites); every body is
    # long enough that lingua should never give up on it.
    truth = json.loads((shared_dir() / "bench" / "aeb" / "ground-truth.json").read_text())
    detect_language("warm up: build the detector once")
    start = time.perf_counter()
    found = [detect_language(page["articleBody"]) for page in truth.values()]
    per_call = (time.perf_counter() - start) / len(found)
    english = sum(code == "en" for code in found)
    print(
        f"benchmark bodies: {english}/{len(found)} English, undecided {found.count(None)}, "
        f"{1000 * per_call:.1f} ms per call"
    )
    assert per_call < 0.05
    assert found.count(None) == 0
    assert english / len(found) >= 0.85
