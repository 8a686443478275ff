"""Relinking a store gives the stories and duplicate groups it gave before link kept its
records compactly (4 December 2026: shared shingles counted from the owners of shared runs,
sorted a range of hash values at a time): pinned as digests of a fixed synthetic corpus,
relinked once into a new store and once more over the stories that first relink stored."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from counterpoint.link import duplicates, vector_key
from counterpoint.link.duplicates import _shared_counts, _ShingleSets, shingle_sequences
from counterpoint.run.executors import LocalExecutor
from counterpoint.run.pipeline import relink
from counterpoint.settings import Settings
from counterpoint.store import Store
from scale import TOPIC_EMBEDDER, TopicEmbedder
from synthetic_link import TOPIC_DIMENSIONS, Planted, stream

ARTICLES = 600
# What the code before the change stored (sha256 of the stories' and groups' JSON below).
FIRST_RELINK = "c92b0da4a65e0afc992ddcdfd65732f700495c0cdfcc90c58e9ed93ba2afd24c"
SECOND_RELINK = FIRST_RELINK


def _digest(store: Store) -> str:
    corpus = store.corpus()
    stories = sorted((s.id, s.parent_id, sorted(s.article_ids), s.title) for s in corpus.stories)
    groups = sorted((g.id, g.canonical_id, g.kind, g.article_ids) for g in corpus.duplicates)
    text = json.dumps([stories, groups, len(corpus.claims)], default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _store(path: Path) -> Store:
    vectors = np.zeros((ARTICLES, TOPIC_DIMENSIONS), dtype=np.float32)
    store = Store(str(path))
    pending = {}
    for row, article in enumerate(stream(ARTICLES, Planted(), vectors)):
        store.save_article(article)
        pending[article.id] = vectors[row].copy()
    store.save_vectors(vector_key(TopicEmbedder()), pending)
    return store


def test_relink_gives_the_stories_and_duplicates_it_gave(tmp_path: Path) -> None:
    store = _store(tmp_path / "synthetic.db")
    try:
        settings = Settings(embedder=TOPIC_EMBEDDER)
        relink(store, settings, LocalExecutor())
        first = _digest(store)
        relink(store, settings, LocalExecutor())
        second = _digest(store)
    finally:
        store.close()
    assert (first, second) == (FIRST_RELINK, SECOND_RELINK)


@pytest.mark.parametrize("sort_shingles", [1, 7, 300])
def test_shared_counts_do_not_depend_on_how_the_hashes_are_sorted(
    monkeypatch: pytest.MonkeyPatch, sort_shingles: int
) -> None:
    base = "the council voted on the new bridge budget after a long debate on tolls "
    texts = [
        base * 3,
        base * 2 + "and the mayor said the vote was close",
        "a storm closed the port for two days and ferries were cancelled " * 2,
        "a storm closed the port for two days and the ferries were cancelled " * 2,
        base + "a storm closed the port for two days",
        "nothing shared here at all",
    ]
    sets = _ShingleSets.of(shingle_sequences(texts))
    whole = _shared_counts(sets)
    monkeypatch.setattr(duplicates, "SORT_SHINGLES", sort_shingles)
    assert _shared_counts(sets) == whole
    assert list(_shared_counts(sets)) == list(whole)
    assert whole[(0, 1)] > 10 and (0, 5) not in whole
