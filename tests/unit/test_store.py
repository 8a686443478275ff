from __future__ import annotations

import multiprocessing
import sqlite3
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError

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
from counterpoint.store import Store, StoreError, database_url
from counterpoint.store.db import _switch_to_wal, masked

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


def test_a_batch_replaces_the_stored_copy_adds_the_new_and_clears_their_problems(db_url):
    store = Store(db_url)
    store.save_article(make_article("a1"))
    store.save_problem(Problem("fixtures/a1.txt", "annotate", "worker crashed", document_id="a2"))
    store.save_problem(Problem("fixtures/other.txt", "ingest", "binary content, not text"))
    changed = make_article("a1")
    changed.text, changed.quotes = TEXT.replace("212", "213"), []
    first, last = make_article("a2"), make_article("a2")
    last.title = "Vote passes, again"
    store.save_articles([changed, first, last])
    stored = {article.id: article for article in store.articles()}
    assert sorted(stored) == ["a1", "a2"]
    assert stored["a1"].quotes == [] and "213" in stored["a1"].text
    assert stored["a2"] == last  # of one id given twice, the last
    assert len(stored["a2"].entities) == 1  # its spans once, not once per copy given
    assert [p.source for p in store.problems()] == ["fixtures/other.txt"]
    store.save_articles([])
    assert len(store.articles()) == 2
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

    from counterpoint.store.db import is_search_object
    from counterpoint.store.schema import metadata

    store = Store(db_url)
    declared = {"include_name": lambda name, _type, _parents: not is_search_object(name)}
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=declared)
        assert compare_metadata(context, metadata) == []
    store.close()


# --- errors a person can act on ------------------------------------------------------------


def test_an_unreachable_server_is_one_line_naming_it_without_the_password():
    with pytest.raises(StoreError) as caught:
        Store("postgresql+psycopg://reader:s3cret@127.0.0.1:1/news")
    message = str(caught.value)
    assert "\n" not in message and "s3cret" not in message
    assert message.startswith("cannot open postgresql+psycopg://reader:***@127.0.0.1:1/news: ")
    assert "refused" in message


def test_a_text_file_given_as_database_is_named_and_left_alone(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database\n")
    with pytest.raises(StoreError, match=r"^cannot open .*notes\.txt: file is not a database$"):
        Store(str(notes))
    assert notes.read_text() == "not a database\n"


def test_a_folder_given_as_database_is_named(tmp_path):
    with pytest.raises(StoreError, match="is a folder, not a database file"):
        Store(str(tmp_path))


def test_a_database_below_a_file_is_named(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(StoreError, match=r"notes\.txt is a file, not a folder"):
        Store(str(tmp_path / "notes.txt" / "counterpoint.db"))


def test_without_create_a_missing_database_is_an_error_and_is_not_created(tmp_path):
    path = tmp_path / "absent" / "counterpoint.db"
    with pytest.raises(StoreError) as caught:
        Store(str(path), create=False)
    assert str(caught.value) == f"no database at {path}"
    assert not path.parent.exists()


def test_without_create_an_empty_database_is_an_error(db_url):
    if "://" not in db_url:
        sqlite3.connect(db_url).close()
    with pytest.raises(StoreError, match=r"^no database in "):
        Store(db_url, create=False)


def test_without_create_an_existing_database_opens(db_url):
    Store(db_url).close()
    store = Store(db_url, create=False)
    assert store.articles() == []
    store.close()


def test_a_database_of_a_newer_schema_is_named_not_a_traceback(db_url):
    store = Store(db_url)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    with pytest.raises(StoreError, match=r"cannot open .*: Can't locate revision .*9999"):
        Store(db_url)


def test_database_urls_are_printed_without_password():
    assert masked("postgresql+psycopg://u:pw@h:5432/db") == "postgresql+psycopg://u:***@h:5432/db"
    assert masked("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert masked("counterpoint.db") == "counterpoint.db"


# --- cross-article results are replaced as a whole ---------------------------------------


def _linked_store(db_url: str) -> tuple[Store, Story]:
    store = Store(db_url)
    store.save_article(make_article("a1"))
    store.save_article(make_article("a2"))
    story = Story("s1", "Vote passes", ["a1", "a2"], datetime(2026, 3, 4), datetime(2026, 3, 5))
    claim = Claim("c1", "s1", "vote", [ClaimMention("a1", 1, 4, 212.0, "=")], "agreement")
    store.save_links([story], [DuplicateGroup("d1", "a1", ["a1", "a2"], "syndicated")], [claim], [])
    return store, story


def test_links_that_fail_half_way_leave_the_previous_ones(db_url):
    store, _story = _linked_store(db_url)
    before = store.corpus()
    # the story's link to an article that is not stored fails after every other table was
    # rewritten: the whole replacement must roll back
    orphan = Story("s2", "Other", ["a1", "missing"], datetime(2026, 3, 4), datetime(2026, 3, 5))
    with pytest.raises(IntegrityError):
        store.save_links([orphan], [], [], [])
    assert store.corpus() == before
    store.close()


def test_readers_see_the_previous_links_until_the_new_ones_commit(db_url):
    writer, story = _linked_store(db_url)
    reader = Store(db_url, create=False)
    seen_meanwhile: list[list[Story]] = []

    def read_while_replacing(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT INTO STORIES") and not seen_meanwhile:
            # the old tables are already emptied inside the writer's open transaction
            seen_meanwhile.append(reader.corpus().stories)

    event.listen(writer.engine, "before_cursor_execute", read_while_replacing)
    replacement = Story("s9", "New", ["a2"], datetime(2026, 3, 4), datetime(2026, 3, 4))
    writer.save_links([replacement], [], [], [])
    assert seen_meanwhile == [[story]]
    assert reader.corpus().stories == [replacement]
    reader.close()
    writer.close()


# --- readers read one snapshot, beside a writer ------------------------------------------


def test_a_corpus_is_read_from_one_snapshot(db_url):
    writer, story = _linked_store(db_url)
    reader = Store(db_url, create=False)
    committed: list[str] = []

    def commit_between_reads(_conn, _cursor, statement, *_args):
        if "FROM articles" in statement and not committed:
            writer.save_article(make_article("a3"))
            writer.save_links([Story("s3", "Late", ["a3"], None, None)], [], [], [])
            committed.append("a3")

    event.listen(reader.engine, "after_cursor_execute", commit_between_reads)
    corpus = reader.corpus()
    assert committed == ["a3"]
    assert [a.id for a in corpus.articles] == ["a1", "a2"]
    assert corpus.stories == [story]
    event.remove(reader.engine, "after_cursor_execute", commit_between_reads)
    assert [s.id for s in reader.corpus().stories] == ["s3"]
    reader.close()
    writer.close()


def _write(db_url: str, articles: int, start: Any, done: Any) -> None:
    store = Store(db_url)
    start.wait()
    ids: list[str] = []
    for number in range(articles):
        ids.append(f"w{number}")
        store.save_article(make_article(ids[-1]))
        store.save_links([Story("s", "All so far", list(ids), None, None)], [], [], [])
    done.set()
    store.close()


def _read_until(db_url: str, start: Any, done: Any, outcomes: Any) -> None:
    store = Store(db_url, create=False)
    start.wait()
    reads = errors = torn = 0
    while not done.is_set():
        try:
            corpus = store.corpus()
        except Exception as error:
            errors += 1
            outcomes.put(("error", f"{type(error).__name__}: {error}"))
            continue
        reads += 1
        stored = {a.id for a in corpus.articles}
        torn += any(not set(s.article_ids) <= stored for s in corpus.stories)
    outcomes.put(("done", (reads, errors, torn)))
    store.close()


def test_readers_beside_a_writer_never_fail_nor_see_half_a_commit(db_url):
    Store(db_url).close()
    # fork: the children start at once, with everything already imported
    context = multiprocessing.get_context("fork")
    start, done, outcomes = context.Barrier(4), context.Event(), context.Queue()
    writer = context.Process(target=_write, args=(db_url, 25, start, done))
    readers = [
        context.Process(target=_read_until, args=(db_url, start, done, outcomes)) for _ in range(3)
    ]
    for process in (writer, *readers):
        process.start()
    results = [outcomes.get(timeout=120) for _ in readers]
    for process in (writer, *readers):
        process.join(timeout=60)
    assert writer.exitcode == 0
    assert [kind for kind, _ in results] == ["done"] * len(readers), results
    assert all(reads >= 2 and errors == 0 and torn == 0 for _, (reads, errors, torn) in results)


class _LockedTwice:
    """A cursor whose journal-mode switch fails twice as a new file's does under a race."""

    def __init__(self) -> None:
        self.calls = 0

    def execute(self, statement: str) -> None:
        self.calls += 1
        if self.calls <= 2:
            raise sqlite3.OperationalError("database is locked")


def test_switching_a_new_file_to_wal_waits_out_another_process_switching_it():
    cursor = _LockedTwice()
    _switch_to_wal(cursor)
    assert cursor.calls == 3
