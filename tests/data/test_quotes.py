"""Quotes and speakers: the seed gold scores (printed; run with -s)."""

from __future__ import annotations

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.quotes import find_quotes
from counterpoint.model import Article, Quote
from evaluation.quotes import (
    evaluate_seeds,
)
from evaluation.seeds import shared_dir

# Seed gold.


@pytest.mark.skipif(
    not (shared_dir() / "data" / "seeds-gold").is_dir(), reason="shared seed gold not present"
)
def test_seed_gold_scores() -> None:
    def find(article: Article) -> list[Quote]:
        doc = nlp.load("en")(article.text)
        article.sentences = nlp.sentences(doc, article.paragraphs)
        return find_quotes(article, doc)

    totals, per_seed = evaluate_seeds(find)
    for name, scores in per_seed.items():
        print(name, {kind: score.summary() for kind, score in scores.items()})
    direct, every = totals["direct+mixed"], totals["all"]
    print("quotes direct+mixed:", direct.summary())
    print("quotes all types:   ", every.summary())
    assert direct.f1 >= 0.95 and direct.speaker_accuracy >= 0.95
    assert every.f1 >= 0.85 and every.speaker_accuracy >= 0.85
