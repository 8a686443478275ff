"""The store's reads for the app on SQLite and PostgreSQL: full-text search kept current by
every write, story pages with filters, facets and paged results."""

from __future__ import annotations

from datetime import date

from counterpoint.store import Store
from counterpoint.store.db import StoryFilter

from .test_app import fill, make_article, sample_corpus


def _ids(store: Store, **where) -> list[str]:
    return [s.id for s in store.story_page(StoryFilter(**where), 50, 0).items]


def test_search_follows_every_write(db_url: str) -> None:
    store = Store(db_url)
    fill(store, sample_corpus())
    assert [a.id for a in store.article_page(10, 0, "rescuers").items] == ["a2"]
    assert store.article_page(10, 0, "Courier storm").total == 1
    # operators and quotes of a search language are words here, never syntax
    assert store.article_page(10, 0, '") OR ("').total == 0
    assert store.article_page(10, 0, "NEAR(storm dead)").total == 0
    rewritten = make_article("a2", "Baltic Wire", "Harbour reopens", ["Cranes moved."], None)
    store.save_article(rewritten)
    assert store.article_page(10, 0, "rescuers").total == 0
    assert [a.id for a in store.article_page(10, 0, "cranes").items] == ["a2"]
    store.close()


def test_story_pages_filter_and_count(db_url: str) -> None:
    store = Store(db_url)
    fill(store, sample_corpus())
    assert _ids(store) == ["s2", "s1"]
    assert _ids(store, query="harbour master") == ["s1"]
    assert _ids(store, outlet="Baltic Wire") == ["s1"]
    assert _ids(store, language="de") == ["s2"]
    assert _ids(store, has_conflicts=True) == ["s1"]
    assert _ids(store, since=date(2031, 5, 4), until=date(2031, 5, 4)) == ["s1"]
    page = store.story_page(StoryFilter(), 1, 1)
    assert page.total == 2
    (summary,) = page.items
    assert (summary.id, summary.articles, summary.conflicts) == ("s1", 2, 1)
    assert summary.outlets == ["Baltic Wire", "Halvek Courier"]
    facets = store.facets()
    assert facets.languages == [("en", 2), ("de", 1)]
    assert len(facets.outlets) == 3
    assert store.result_page("conflicts", 10, 0, story_id="s2").total == 0
    assert store.span_page("quote", 10, 0, article_id="a1").total == 1
    assert [a.text for a in store.bare_articles(["a1"])] == [sample_corpus().articles[0].text]
    assert store.bare_articles(["a1"])[0].quotes == []
    store.close()


def test_a_change_over_time_is_no_conflict_in_the_story_list(db_url: str) -> None:
    import dataclasses

    corpus = sample_corpus()
    (conflict,) = corpus.conflicts
    rising = dataclasses.replace(conflict, id="k2", kind="change_over_time", story_id="s2")
    corpus.conflicts.append(rising)
    store = Store(db_url)
    fill(store, corpus)
    assert _ids(store, has_conflicts=True) == ["s1"]
    counts = {s.id: s.conflicts for s in store.story_page(StoryFilter(), 10, 0).items}
    assert counts == {"s1": 1, "s2": 0}
    store.close()
