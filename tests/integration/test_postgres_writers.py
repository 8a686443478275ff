"""Two processes writing into one database at once (PostgreSQL, and SQLite for comparison):
the same articles from both, each its own too, problems, vectors and link results; nothing is
lost, nothing doubled, and a rerun leaves the same rows."""

from __future__ import annotations

import multiprocessing
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select

from counterpoint.model import SPAN_KINDS, Problem, Story
from counterpoint.store import Store, schema

from ..unit.test_store import make_article

SHARED = [f"s{i:03d}" for i in range(60)]
OWN = {"left": [f"l{i:03d}" for i in range(15)], "right": [f"r{i:03d}" for i in range(15)]}
EMBEDDER = "fake-embedder/1"


def _analyse(url: str, side: str, start: Any, errors: Any) -> None:
    """What analyze writes, article by article, then the link results over what it wrote."""
    try:
        start.wait()
        store = Store(url)
        for article_id in SHARED + OWN[side]:
            if article_id in SHARED:  # both write it at the same moment
                start.wait()
            store.save_article(make_article(article_id))
            store.save_vectors(EMBEDDER, {article_id: np.full(8, len(article_id), "<f4")})
        store.save_problem(Problem("feeds/broken.xml", "item-7", "ingest", "no body in the item"))
        store.mark_seen("item", "feeds/wire.xml", {f"guid-{i}": "" for i in range(80)})
        stories = [
            Story(id=f"story-{i}", title=f"Vote {i}", article_ids=[a]) for i, a in enumerate(SHARED)
        ]
        store.save_links(stories, [], [], [])
        store.close()
    except Exception as error:  # the parent asserts on it
        errors.put(f"{side}: {type(error).__name__}: {str(error)[:200]}")


def _counts(url: str) -> dict[str, int]:
    store = Store(url, create=False)
    tables = (
        schema.articles,
        schema.spans,
        schema.article_vectors,
        schema.problems,
        schema.seen_items,
        schema.stories,
        schema.story_articles,
    )
    with store.engine.connect() as connection:
        found = {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in tables
        }
    store.close()
    return found


def _run_both(url: str) -> list[str]:
    context = multiprocessing.get_context("spawn")
    # a writer that fails leaves the other waiting at the barrier, until its timeout
    start, errors = context.Barrier(2, timeout=30), context.Queue()
    writers = [context.Process(target=_analyse, args=(url, side, start, errors)) for side in OWN]
    for process in writers:
        process.start()
    for process in writers:
        process.join(120)
    found = []
    while not errors.empty():
        found.append(errors.get())
    return found + [f"exit code {p.exitcode}" for p in writers if p.exitcode != 0]


@pytest.mark.parametrize("new_database", [True, False])
def test_two_writers_at_once_lose_and_double_nothing(db_url, new_database):
    if not new_database:  # else both processes migrate it at the same moment too
        Store(db_url).close()
    assert _run_both(db_url) == []
    one = make_article()
    spans_per_article = sum(len(getattr(one, name)) for name in SPAN_KINDS)
    articles = len(SHARED) + sum(len(ids) for ids in OWN.values())
    expected = {
        "articles": articles,
        "spans": articles * spans_per_article,
        "article_vectors": articles,
        "problems": 1,
        "seen_items": 80,
        "stories": len(SHARED),
        "story_articles": len(SHARED),
    }
    assert _counts(db_url) == expected
    assert _run_both(db_url) == []
    assert _counts(db_url) == expected
