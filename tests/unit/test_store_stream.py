"""The store hands out stored articles lazily, a bounded batch at a time, in the order
``articles()`` gives them, so relinking never holds the whole corpus (SQLite and PostgreSQL)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from sqlalchemy import event

from counterpoint.model import Entity
from counterpoint.store import Store, StoreError, db

from .test_store import make_article


def _stored(db_url: str) -> Store:
    """Seven articles: dated in two zones (text order is not time order), and undated."""
    store = Store(db_url)
    moments = [
        datetime(2026, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=5))),  # 04:30 UTC
        datetime(2026, 3, 4, 8, 0, tzinfo=UTC),
        None,
        datetime(2026, 3, 1, tzinfo=UTC),
        datetime(2026, 3, 4, 6, 0, tzinfo=timezone(timedelta(hours=-2))),  # 08:00 UTC
        None,
        datetime(2026, 3, 2, tzinfo=UTC),
    ]
    for i, moment in enumerate(moments):
        store.save_article(replace(make_article(f"a{i}"), published=moment))
    return store


def _statements(store: Store) -> list[str]:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(store.engine, "after_cursor_execute", record)
    return seen


def test_article_ids_and_streamed_articles_follow_the_order_of_articles(db_url):
    store = _stored(db_url)
    whole = store.articles()
    assert store.article_ids() == [a.id for a in whole]
    assert [a.id for a in whole] == ["a3", "a6", "a0", "a1", "a4", "a2", "a5"]
    assert list(store.stream_articles(batch=3)) == whole
    assert [a.id for a in store.stream_articles(["a5", "a0"], batch=1)] == ["a5", "a0"]
    store.close()


def test_articles_are_read_one_bounded_batch_at_a_time(db_url, monkeypatch):
    store = _stored(db_url)
    held: list[int] = []
    real = db._read_articles

    def read(connection, article_ids=None):
        assert article_ids is not None, "a stream must never read every article at once"
        found = real(connection, article_ids)
        held.append(len(found))
        return found

    monkeypatch.setattr(db, "_read_articles", read)
    statements = _statements(store)
    stream = store.stream_articles(batch=3)
    assert not held  # nothing is read before the first article is asked for
    first = next(stream)
    assert first.id == "a3" and held == [3]
    reads = [s for s in statements if "FROM articles" in s]
    # the ids and dates, then the first batch only
    assert len(reads) == 2
    assert [a.id for a in stream] == ["a6", "a0", "a1", "a4", "a2", "a5"]
    assert held == [3, 3, 1]
    monkeypatch.setattr(db, "STREAM_ARTICLES", 2)
    held.clear()
    assert len(list(store.stream_articles())) == 7
    assert held == [2, 2, 2, 1]
    store.close()


def test_a_streamed_article_gone_meanwhile_is_an_error(db_url):
    store = _stored(db_url)
    with pytest.raises(StoreError, match="no longer"):
        list(store.stream_articles(["a0", "gone"], batch=5))
    store.close()


def test_entities_are_streamed_from_the_spans_alone(db_url):
    store = _stored(db_url)
    extra = replace(
        make_article("b1"),
        entities=[Entity(0, 4, "PERSON", "Varga", "e2"), Entity(5, 9, "ORG", "Assembly", "e3")],
    )
    store.save_article(extra)
    found = sorted(store.entities(), key=lambda e: (e.canonical, e.entity_id))
    expected = [e for a in store.articles() for e in a.entities]
    assert found == sorted(expected, key=lambda e: (e.canonical, e.entity_id))
    assert len(found) == 9
    store.close()


def test_vector_rows_fill_one_matrix_in_the_given_order(db_url):
    store = _stored(db_url)
    assert store.vector_rows("emb", ["a0", "a1"]) == (None, [0, 1])
    vectors = {"a1": np.array([1, 0, 0], dtype=np.float32), "a4": np.array([0, 0.5, 2])}
    store.save_vectors("emb", vectors)
    store.save_vectors("other", {"a0": np.ones(3)})
    matrix, missing = store.vector_rows("emb", ["a4", "a0", "a1"])
    assert missing == [1]
    assert matrix is not None and matrix.dtype == np.float32
    np.testing.assert_array_equal(matrix, [[0, 0.5, 2], [0, 0, 0], [1, 0, 0]])
    store.close()
