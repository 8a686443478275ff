"""Per-article NLP: language, sentences, entities, quotes, quantities, time expressions.

:func:`annotate_batch` is a pure function over a batch of articles (new objects out, inputs
untouched), so it runs the same in-process, in a process pool or as a Ray ``map_batches``
stage. spaCy parses each text once; every annotator reads that parse where the pipeline made
one (English and French models) and rules over the text where it did not (every other
language). A long text is annotated in pieces cut at paragraph ends, so memory stays bounded.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from counterpoint.annotate import nlp
from counterpoint.annotate.chunks import Piece, merge_pieces, split_article
from counterpoint.annotate.entities import find_entities
from counterpoint.annotate.language import article_language
from counterpoint.annotate.quantities import find_quantities
from counterpoint.annotate.quotes import find_quotes
from counterpoint.annotate.times import find_times
from counterpoint.model import Article

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Bump when an annotator's output changes, so stored results are recomputed.
# 2: rule annotators for languages without a parse; long texts in pieces.
ANNOTATOR_VERSION = "2"

# Texts longer than this many characters are annotated in pieces of at most this size (spaCy
# refuses texts over ``nlp.max_length`` and a parse takes memory in proportion to its length).
CHUNK_CHARS = 100_000


def annotate_batch(
    articles: Iterable[Article], batch_size: int = 16, chunk_chars: int = CHUNK_CHARS
) -> list[Article]:
    """Annotated copies of ``articles``, in the same order."""
    out = [dataclasses.replace(article) for article in articles]
    by_language: dict[str, list[Article]] = defaultdict(list)
    for article in out:
        article.language = article_language(article.text, article.language)
        by_language[article.language].append(article)
    for language, group in by_language.items():
        pipeline = nlp.load(language)
        pieces: list[tuple[Article, Piece]] = [
            (article, piece) for article in group for piece in split_article(article, chunk_chars)
        ]
        docs = pipeline.pipe((piece.article.text for _, piece in pieces), batch_size=batch_size)
        done: dict[int, list[Piece]] = defaultdict(list)
        for (article, piece), doc in zip(pieces, docs, strict=True):
            _annotate(piece.article, doc)
            done[id(article)].append(piece)
        for article in group:
            merge_pieces(article, done[id(article)])
            article.versions = {
                **article.versions,
                "annotate": ANNOTATOR_VERSION,
                "pipeline": nlp.pipeline_name(language),
            }
    return out


def _annotate(article: Article, doc: Doc) -> None:
    article.sentences = nlp.sentences(doc, article.paragraphs, article.language)
    article.entities = find_entities(article, doc)
    article.quotes = find_quotes(article, doc)
    # Times before quantities: the rule reader of numbers skips those inside a date.
    article.times = find_times(article, doc)
    article.quantities = find_quantities(article, doc)
