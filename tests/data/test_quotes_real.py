"""Quotes on real articles: the test half of ``bench/quotes_gold.jsonl`` (multi-outlet dev
events other than E02/E04/E06/E08, AEB sites of odd hash) keeps the figures measured by
``bench/annotate_real.py`` (floors a little under them), and the gold spans have not drifted."""

from __future__ import annotations

import pytest

import annotate_real  # bench/ is on the test path (pyproject: pythonpath)
from evaluation.seeds import shared_dir

# Measured on the test half (bench/results/annotate_real.json, 372 gold quotes, the learned
# speaker ranker on): direct+mixed F1 0.937, speaker 0.813; all kinds F1 0.838, speaker 0.820.
FLOORS = {
    "direct+mixed": {"f1": 0.93, "speaker_accuracy": 0.80},
    "all": {"f1": 0.83, "speaker_accuracy": 0.81},
}
# The aeb tuning set (bench/quotes_gold_aeb.jsonl, 288 direct and mixed quotes since its fourth
# batch of 30): F1 0.911, speaker 0.957.
AEB_FLOORS = {"f1": 0.90, "speaker_accuracy": 0.94}

pytestmark = pytest.mark.skipif(
    not (shared_dir() / "data" / "multi-outlet-dev").is_dir()
    or not (shared_dir() / "bench" / "aeb").is_dir(),
    reason="shared dev set or AEB pages not present",
)


def test_gold_spans_still_match_their_texts() -> None:
    articles = annotate_real.load_gold()  # raises on a drifted span
    halves = {
        half: sum(len(a.quotes) for a in articles if a.half == half)
        for half in ("tuning", "test", "aeb")
    }
    assert halves["tuning"] >= 300 and halves["test"] >= 300, halves
    assert halves["aeb"] >= 250, halves
    aeb = [q for a in articles if a.half == "aeb" for q in a.quotes]
    assert all(q.type in annotate_real.DIRECT_CLASS and q.speaker for q in aeb)


def test_aeb_set_keeps_its_measured_figures() -> None:
    scores = annotate_real.run_gold(show_misses=False, sets=("aeb",))["aeb"]["direct+mixed"]
    print(scores)
    for figure, floor in AEB_FLOORS.items():
        assert scores[figure] >= floor, (figure, scores)


def test_test_half_keeps_its_measured_figures() -> None:
    scores = annotate_real.run_gold(show_misses=False, sets=("test",))["test"]
    print({name: scores[name] for name in FLOORS})
    for name, floors in FLOORS.items():
        for figure, floor in floors.items():
            assert scores[name][figure] >= floor, (name, figure, scores[name])
