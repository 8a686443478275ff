"""Many rows at once (COPY on PostgreSQL, executemany on SQLite) read back as written."""

from __future__ import annotations

import numpy as np
import pytest

from counterpoint.model import Claim, ClaimMention, Sentence, Story
from counterpoint.store import Store
from counterpoint.store.db import COPY_MIN_ROWS

from .test_store import make_article


@pytest.mark.parametrize("bulk_copy", [True, False])
def test_many_rows_round_trip(db_url, bulk_copy):
    store = Store(db_url, bulk_copy=bulk_copy)
    article = make_article()
    # a long wire story: more sentences than COPY's threshold, odd characters included
    article.sentences = [Sentence(i, i + 1) for i in range(COPY_MIN_ROWS * 2)]
    article.title = 'Tab\there, "quotes", back\\slash and a new\nline'
    store.save_article(article)
    assert store.articles() == [article]
    stories = [
        Story(id=f"st{i:04d}", title=f"Flood\twatch {i} \\ «update»", article_ids=[article.id])
        for i in range(COPY_MIN_ROWS + 7)
    ]
    claims = [
        Claim(
            id=f"c{i:04d}",
            story_id=stories[i].id,
            key="deaths|flood",
            mentions=[ClaimMention(article.id, 0, 11, 12.0, "=", "deaths", "2026-03-04")],
        )
        for i in range(len(stories))
    ]
    store.save_links(stories, [], claims, [])
    assert store.stories() == stories
    assert store.corpus().claims == claims
    vectors = {article.id: np.linspace(-1, 1, 512, dtype="<f4")}
    store.save_vectors("fake/1", vectors)
    assert np.array_equal(store.vectors("fake/1", [article.id])[article.id], vectors[article.id])
    store.close()
