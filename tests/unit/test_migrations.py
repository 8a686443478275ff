"""A database made by the first schema (revision 0001) upgrades to the latest one without loss."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData, create_engine, insert, select

from counterpoint.model import Problem, Sentence, Story, to_dict
from counterpoint.store import Store, database_url
from counterpoint.store.db import MIGRATIONS

TEXT = "Vote passes\n\nThe assembly passed it 212 to 87, Ana Varga said."


def _first_schema_rows() -> dict[str, list[dict[str, Any]]]:
    """Rows as the code of revision 0001 wrote them: two articles, their spans, a problem, and
    the cross-article results of one story."""
    articles = [
        {
            "id": article_id,
            "source": f"fixtures/{article_id}.txt",
            "record_key": "",
            "content_hash": article_id * 32,
            "url": f"https://example.org/{article_id}",
            "outlet": "The Northern Ledger",
            "title": "Vote passes",
            "subtitle": None,
            "byline": "Ana Varga",
            "published": published,
            "original_publisher": None,
            "language": "en",
            "text": TEXT,
            "tags": ["parliament"],
            "captions": [],
            "versions": {"annotate": "1", "extract": "1"},
        }
        for article_id, published in (("a1", "2026-03-04T09:30:00+02:00"), ("a2", None))
    ]
    body = TEXT.index("The")
    spans = [
        {
            "article_id": article_id,
            "kind": "sentence",
            "seq": seq,
            "start": start,
            "end": end,
            "attrs": to_dict(Sentence(start, end)),
        }
        for article_id in ("a1", "a2")
        for seq, (start, end) in enumerate(((0, 11), (body, len(TEXT))))
    ]
    story = Story("s1", "Vote passes", ["a1", "a2"], None, None)
    old_problem = to_dict(Problem("fixtures/bad.html", "extract", "no text found"))
    problem = {name: old_problem[name] for name in ("source", "record_key", "stage", "message")}
    return {
        "articles": articles,
        "spans": spans,
        "problems": [{"id": "p1", **problem}],
        "stories": [{"id": "s1", "data": to_dict(story)}],
        "story_articles": [{"story_id": "s1", "article_id": a} for a in ("a1", "a2")],
    }


def _config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _rows(connection: Connection, tables: MetaData, name: str, columns: list[str]) -> list[Any]:
    table = tables.tables[name]
    query = select(*(table.c[column] for column in columns)).order_by(*table.primary_key.columns)
    return [tuple(row) for row in connection.execute(query)]


def test_the_first_schema_upgrades_to_the_latest_without_loss(db_url):
    engine = create_engine(database_url(db_url))
    written = _first_schema_rows()
    with engine.begin() as connection:
        command.upgrade(_config(connection), "0001")
        first = MetaData()
        first.reflect(connection)
        for name, rows in written.items():
            connection.execute(insert(first.tables[name]), rows)
        columns = {name: [c.name for c in first.tables[name].columns] for name in first.tables}
        columns.pop("alembic_version")
        before = {name: _rows(connection, first, name, cols) for name, cols in columns.items()}
    engine.dispose()

    store = Store(db_url, create=False)
    with store.engine.connect() as connection:
        latest = MetaData()
        latest.reflect(connection)
        after = {name: _rows(connection, latest, name, cols) for name, cols in columns.items()}
    assert after == before
    assert all(before[name] for name in written)

    articles = store.articles()
    assert [a.id for a in articles] == ["a1", "a2"]
    assert str(articles[0].published) == "2026-03-04 09:30:00+02:00"
    assert [len(a.sentences) for a in articles] == [2, 2]
    assert store.problems() == [Problem("fixtures/bad.html", "extract", "no text found")]
    assert [(s.id, s.article_ids) for s in store.stories()] == [("s1", ["a1", "a2"])]
    store.close()
