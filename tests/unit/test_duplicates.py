"""Exact, near and syndicated duplicates; one representative per group."""

from __future__ import annotations

import random
from datetime import datetime

import numpy as np

from counterpoint.link.duplicates import (
    find_duplicates,
    minhash_signatures,
    near_duplicate_pairs,
    representatives,
    voice,
)
from counterpoint.model import Article

WORDS = [f"word{i}" for i in range(3000)]


def _text(rng: random.Random, n: int = 250) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _article(i: str, text: str, outlet: str, day: int = 1, original: str | None = None) -> Article:
    return Article(
        id=i,
        source=i,
        text=text,
        outlet=outlet,
        published=datetime(2024, 5, day),
        original_publisher=original,
    )


def test_signature_agreement_estimates_jaccard() -> None:
    rng = random.Random(3)
    base = _text(rng).split()
    edited = base.copy()
    for position in rng.sample(range(len(base)), 5):
        edited[position] = "changed"
    unrelated = _text(rng)
    signatures = minhash_signatures([" ".join(base), " ".join(edited), unrelated])
    assert np.mean(signatures[0] == signatures[1]) > 0.8
    assert np.mean(signatures[0] == signatures[2]) < 0.1
    assert near_duplicate_pairs(signatures) == [(0, 1)]


def test_exact_near_and_syndicated_groups() -> None:
    rng = random.Random(5)
    story, other, wire = _text(rng), _text(rng), _text(rng)
    words = story.split()
    words[10] = "edited"
    articles = [
        _article("a1", story, "Daily", day=2),
        _article("a2", "  " + story.upper() + "!", "Daily", day=3),
        _article("b1", other, "Herald", day=1),
        _article("b2", " ".join([*other.split()[:-3], "x", "y", "z"]), "Herald", day=4),
        _article("w1", wire, "Wire Agency", day=5),
        _article("w2", wire, "Local Paper", day=4, original="Wire Agency"),
        _article("solo", _text(rng), "Solo"),
    ]
    groups = {g.kind: g for g in find_duplicates(articles)}
    assert groups["exact"].article_ids == ["a1", "a2"] and groups["exact"].canonical_id == "a1"
    assert groups["near"].article_ids == ["b1", "b2"]
    # The original publisher's copy is canonical even though the copy came out first.
    assert groups["syndicated"].canonical_id == "w1"
    kept = {a.id for a in representatives(articles, list(groups.values()))}
    assert kept == {"a1", "b1", "w1", "solo"}
    assert voice(articles[5]) == "Wire Agency"
