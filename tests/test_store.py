from __future__ import annotations

from datetime import datetime

from counterpoint.model import (
    Article,
    Claim,
    ClaimMention,
    Conflict,
    ConflictSide,
    DuplicateGroup,
    Entity,
    Paragraph,
    Problem,
    Quantity,
    Quote,
    Sentence,
    Story,
    TimeExpression,
)
from counterpoint.store import Store, database_url

TEXT = 'Vote passes\n\nThe assembly passed it 212 to 87, "a turning point," Ana Varga said.'


def make_article(article_id: str = "a1", text: str = TEXT) -> Article:
    body = text.index("The")
    return Article(
        id=article_id,
        source="fixtures/a1.txt",
        text=text,
        content_hash="h" * 64,
        outlet="The Northern Ledger",
        title="Vote passes",
        published=datetime(2026, 3, 4, 9, 30),
        tags=["parliament"],
        paragraphs=[
            Paragraph(0, 11, "title", 5, 16),
            Paragraph(body, len(text), "paragraph", 40, 40 + len(text) - body),
        ],
        sentences=[Sentence(0, 11), Sentence(body, len(text))],
        entities=[Entity(text.index("Ana"), text.index(" said"), "PERSON", "Ana Varga", "e1")],
        quotes=[
            Quote(text.index("a turning"), text.index(',"'), "direct", "Ana Varga", 60, 69, "said")
        ],
        quantities=[
            Quantity(
                text.index("212"),
                text.index("87") + 2,
                212,
                "=",
                "vote_tally",
                parts={"for": 212, "against": 87},
            )
        ],
        times=[TimeExpression(0, 4, "2026-03-04", "day")],
        versions={"annotate": "1"},
    )


def test_database_url_from_path_and_url():
    assert database_url("x.db").startswith("sqlite:///")
    assert database_url(":memory:") == "sqlite://"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_article_round_trip_with_every_span_kind(db_url):
    store = Store(db_url)
    article = make_article()
    store.save_article(article)
    assert store.articles() == [article]
    assert store.fingerprints(["a1", "missing"]) == {"a1": ("h" * 64, {"annotate": "1"})}
    store.close()


def test_saving_twice_replaces_without_duplicating(db_url):
    store = Store(db_url)
    store.save_article(make_article())
    changed = make_article()
    changed.text = TEXT.replace("212", "213")
    changed.quotes = []
    store.save_article(changed)
    stored = store.articles()
    assert len(stored) == 1
    assert stored[0].quotes == [] and "213" in stored[0].text
    store.close()


def test_problems_are_kept_once_and_cleared_by_a_good_read(db_url):
    store = Store(db_url)
    problem = Problem("fixtures/a1.txt", "ingest", "binary content, not text")
    store.save_problem(problem)
    store.save_problem(problem)
    assert store.problems() == [problem]
    store.save_article(make_article())
    assert store.problems() == []
    store.close()


def test_link_results_replace_the_previous_ones(db_url):
    store = Store(db_url)
    store.save_article(make_article("a1"))
    store.save_article(make_article("a2"))
    story = Story("s1", "Vote passes", ["a1", "a2"], datetime(2026, 3, 4), datetime(2026, 3, 5))
    claim = Claim("c1", "s1", "vote", [ClaimMention("a1", 1, 4, 212.0, "=")], "agreement")
    conflict = Conflict(
        "x1",
        "conflict",
        ConflictSide("a1", 1, 4, 3.0, "third"),
        ConflictSide("a2", 1, 4, 5.0, "fifth"),
        "A: 3rd; B: 5th",
        "c1",
        "s1",
    )
    group = DuplicateGroup("d1", "a1", ["a1", "a2"], "syndicated")
    for _ in range(2):
        store.save_links([story], [group], [claim], [conflict])
    corpus = store.corpus()
    assert corpus.stories == [story]
    assert corpus.claims == [claim]
    assert corpus.conflicts == [conflict]
    assert corpus.duplicates == [group]
    store.save_links([], [], [], [])
    assert store.corpus().stories == []
    store.close()


def test_reopening_an_existing_database_keeps_the_data(tmp_path):
    path = str(tmp_path / "keep.db")
    Store(path).save_article(make_article())
    assert [a.id for a in Store(path).articles()] == ["a1"]


def test_timezone_of_the_publication_date_survives(db_url):
    from datetime import timedelta, timezone

    store = Store(db_url)
    article = make_article()
    article.published = datetime(2026, 3, 4, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    store.save_article(article)
    assert store.articles()[0].published == article.published
    assert store.articles()[0].published.utcoffset() == timedelta(hours=2)
    store.close()


def test_migrations_build_exactly_the_declared_schema(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from counterpoint.store.schema import metadata

    store = Store(db_url)
    with store.engine.connect() as connection:
        assert compare_metadata(MigrationContext.configure(connection), metadata) == []
    store.close()
