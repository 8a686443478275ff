"""Per-article NLP: language, sentences, entities, quotes, quantities, time expressions.

:func:`annotate_batch` is a pure function over a batch of articles (new objects out, inputs
untouched), so it runs the same in-process, in a process pool or as a Ray ``map_batches``
stage. spaCy parses each text once; every annotator reads that parse.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from counterpoint.annotate import nlp
from counterpoint.annotate.entities import find_entities
from counterpoint.annotate.language import detect_language
from counterpoint.annotate.quantities import find_quantities
from counterpoint.annotate.quotes import find_quotes
from counterpoint.annotate.times import find_times
from counterpoint.model import Article

# Bump when an annotator's output changes, so stored results are recomputed.
ANNOTATOR_VERSION = "1"


def annotate_batch(articles: Iterable[Article], batch_size: int = 16) -> list[Article]:
    """Annotated copies of ``articles``, in the same order."""
    out = [dataclasses.replace(article) for article in articles]
    by_language: dict[str, list[Article]] = defaultdict(list)
    for article in out:
        if not article.language:
            article.language = detect_language(article.text) or "en"
        by_language[article.language].append(article)
    for language, group in by_language.items():
        pipeline = nlp.load(language)
        docs = pipeline.pipe((a.text for a in group), batch_size=batch_size)
        for article, doc in zip(group, docs, strict=True):
            article.sentences = nlp.sentences(doc, article.paragraphs)
            article.entities = find_entities(article, doc)
            article.quotes = find_quotes(article, doc)
            article.quantities = find_quantities(article, doc)
            article.times = find_times(article, doc)
            article.versions = {
                **article.versions,
                "annotate": ANNOTATOR_VERSION,
                "pipeline": nlp.pipeline_name(language),
            }
    return out
