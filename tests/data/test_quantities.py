"""Quantities: the seeds' core claims against gold (scores printed; run with -s)."""

from __future__ import annotations

import pytest

from counterpoint.annotate.quantities import find_quantities
from evaluation.quantities import evaluate_seeds
from evaluation.seeds import shared_dir


@pytest.mark.skipif(
    not (shared_dir() / "data" / "seeds-gold").exists(), reason="shared seed gold missing"
)
def test_seed_core_claims_against_gold() -> None:
    report = evaluate_seeds(find_quantities)
    print("\nquantities on seed core claims\n" + report.summary())
    for line in report.misses + report.false_positives:
        print("  ", line)
    assert report.levels["value"].f1 >= 0.95
    assert report.levels["value+unit"].f1 >= 0.9
    assert report.levels["value+counted"].f1 >= 0.85
