"""Real annotation output, from one article and from the sample corpus, exports within the
JSON Schema generated from the model."""

from __future__ import annotations

from pathlib import Path

import counterpoint
from counterpoint.model import (
    Corpus,
)
from counterpoint.present.export import (
    export_dict,
)

from ..unit.test_model_schema import _validator

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_an_annotated_article_exports_within_the_schema() -> None:
    article = counterpoint.annotate(
        'The assembly passed the bill 212 to 87 on Tuesday. "It is a good day," Ana Varga said.',
        published="2024-12-12T09:30:00+01:00",
        language="en",
    )
    assert article.quotes and article.quantities and article.times
    _validator().validate(export_dict(Corpus(articles=[article])))


def test_the_sample_corpus_exports_within_the_schema() -> None:
    corpus = counterpoint.analyze([EXAMPLES / "corpus"])
    assert corpus.conflicts and corpus.timeline
    _validator().validate(export_dict(corpus))
