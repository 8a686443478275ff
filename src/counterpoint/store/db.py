"""Persistence: one transaction per article, idempotent writes, SQLite or PostgreSQL.

``Store("counterpoint.db")`` opens (and migrates) a SQLite file in WAL mode;
``Store("postgresql+psycopg://user@host/db")`` runs the same code on PostgreSQL.

Every write is one transaction (on SQLite ``BEGIN IMMEDIATE``, so a writer takes the lock up
front instead of failing on a lock upgrade); every read of several tables is one snapshot (on
SQLite a deferred transaction in WAL mode, on PostgreSQL ``REPEATABLE READ``, read only), so a
reader beside a running ``analyze`` sees the corpus as of one commit and never waits for it.

On PostgreSQL several processes may write at once: each write that reads before it writes (an
article replaced, the link tables replaced, the schema migrated) first takes a transaction-level
advisory lock named after what it replaces, so two writers of the same rows take turns instead
of both inserting them; and many rows at once go in through ``COPY``.
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import (
    URL,
    Connection,
    Engine,
    Float,
    String,
    create_engine,
    delete,
    event,
    func,
    insert,
    inspect,
    literal_column,
    make_url,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from counterpoint.datetimes import from_iso, undated_last
from counterpoint.model import (
    CULPRIT_KINDS,
    DISPUTED_KINDS,
    SPAN_KINDS,
    Article,
    Claim,
    Conflict,
    Corpus,
    DuplicateGroup,
    Entity,
    Problem,
    RemovedBlock,
    Span,
    Story,
    TimelineEntry,
    from_dict,
    stable_id,
    to_dict,
)
from counterpoint.store import schema

MIGRATIONS = Path(__file__).with_name("migrations")
T = TypeVar("T")
# How long a SQLite statement waits for another process's write lock before it gives up.
BUSY_TIMEOUT_SECONDS = 60
# Execution option that marks a connection's transaction as a write (SQLite: BEGIN IMMEDIATE).
WRITE_OPTION = "counterpoint_write"
# How a story vector is kept: little-endian float32, the embedders' own precision.
VECTOR_DTYPE = np.dtype("<f4")
# Rows from which a PostgreSQL write goes through COPY rather than one INSERT per row: below it,
# COPY's extra round trips cost about what it saves.
COPY_MIN_ROWS = 50
# Articles read at once when they are streamed (:meth:`Store.stream_articles`): bounded memory
# (a few megabytes of articles with their spans), few enough queries.
STREAM_ARTICLES = 500
# Rows fetched at a time from a server-side cursor (PostgreSQL) or the SQLite cursor.
CURSOR_ROWS = 2000


class StoreError(Exception):
    """A database that cannot be opened, said in one line naming it (password masked)."""


# The ``kind`` column of a span row -> (the Article list field, the span class).
KIND_TO_FIELD = {cls.span_kind: (name, cls) for name, cls in SPAN_KINDS.items()}
ARTICLE_COLUMNS = [c.name for c in schema.articles.columns]


def database_url(target: str) -> str:
    """A SQLAlchemy URL from a URL or a SQLite file path (``:memory:`` included)."""
    if "://" in target:
        return target
    if target == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(target).expanduser()}"


def masked(target: str) -> str:
    """A database URL or path fit to print: any password replaced by ``***``."""
    try:
        return make_url(target).render_as_string(hide_password=True)
    except SQLAlchemyError:
        return re.sub(r"(://[^/@:]*:)[^@/]*@", r"\1***@", target)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # The driver would open transactions at its own guess (before DML only, so reads would not
    # be one snapshot); with autocommit at the driver, the begin hook below opens each one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_SECONDS * 1000}")
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """WAL journal, set once per file. Switching a new file fails at once with "database is
    locked", without the busy timeout, while another process switches it too: so retried."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _sqlite_begin(connection: Connection) -> None:
    writing = connection.get_execution_options().get(WRITE_OPTION, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN DEFERRED")


def _reason(error: BaseException) -> str:
    """The driver's own words for an error, on one line."""
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    return " ".join(str(cause).split()) or type(cause).__name__


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


class Store:
    """Articles with their spans, and the latest cross-article results.

    ``create=False`` opens only a database that exists (a reader's mode: ``report``, ``export``);
    any database that cannot be opened raises :class:`StoreError`. ``bulk_copy=False`` writes
    many rows on PostgreSQL as on SQLite, one INSERT per row (the benchmark's baseline)."""

    def __init__(
        self, target: str = "counterpoint.db", create: bool = True, bulk_copy: bool = True
    ) -> None:
        self.label = masked(target)
        self.bulk_copy = bulk_copy
        try:
            url = make_url(database_url(target))
        except SQLAlchemyError as error:
            raise StoreError(f"{self.label} is not a database URL or file path: {error}") from None
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            _prepare_sqlite_file(Path(url.database), create)
        try:
            self.engine: Engine = _engine(url)
            self.migrate(create)
        except (SQLAlchemyError, CommandError, ImportError) as error:
            # CommandError: a schema revision this version does not know (a newer release's)
            raise StoreError(f"cannot open {self.label}: {_reason(error)}") from None

    def migrate(self, create: bool = True) -> None:
        """Bring the schema to the latest revision; the write lock is taken only if needed."""
        config = _alembic_config()
        head = ScriptDirectory.from_config(config).get_current_head()
        with self._reading() as connection:
            current = MigrationContext.configure(connection).get_current_revision()
            empty = current is None and not inspect(connection).get_table_names()
        if current == head:
            return
        if current is None and not create:
            what = "no database" if empty else "no counterpoint database (other tables)"
            raise StoreError(f"{what} in {self.label}")
        with self._writing("schema") as connection:
            # another process may have migrated while this one waited for the lock
            if MigrationContext.configure(connection).get_current_revision() == head:
                return
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self, *locks: str) -> Iterator[Connection]:
        """One write transaction: committed as a whole on success, rolled back otherwise.

        ``locks`` name what the transaction replaces; on PostgreSQL another writer of one of
        those names waits until this one commits (SQLite has one writer at a time anyway).
        They are taken in sorted order, so two writers of overlapping sets cannot deadlock."""
        with self.engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                if locks and connection.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(hashtextextended(:lock, 0))"),
                        [{"lock": lock} for lock in sorted(set(locks))],
                    )
                yield connection

    def _insert_rows(self, connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert ``rows`` (dicts with the same keys) into ``table``: through COPY when there
        are many on PostgreSQL, else as one executemany INSERT."""
        if not rows:
            return
        if (
            self.bulk_copy
            and connection.dialect.name == "postgresql"
            and len(rows) >= COPY_MIN_ROWS
        ):
            _copy_rows(connection, table, rows)
        else:
            connection.execute(insert(table), rows)

    @contextmanager
    def _reading(self) -> Iterator[Connection]:
        """One read-only snapshot of the database, whatever commits meanwhile."""
        with self.engine.connect() as connection:
            if self.engine.dialect.name == "postgresql":
                connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            with connection.begin():
                yield connection

    # --- articles -------------------------------------------------------------------------

    def fingerprints(self, article_ids: Iterable[str]) -> dict[str, tuple[str, dict[str, str]]]:
        """(content hash, analyzer versions) of the given articles that are stored."""
        ids = list(article_ids)
        table = schema.articles
        found: dict[str, tuple[str, dict[str, str]]] = {}
        with self._reading() as connection:
            for chunk in _chunks(ids, 500):
                query = select(table.c.id, table.c.content_hash, table.c.versions).where(
                    table.c.id.in_(chunk)
                )
                for row in connection.execute(query):
                    found[row.id] = (row.content_hash, row.versions)
        return found

    def save_article(self, article: Article) -> None:
        """Write an article and all its spans in one transaction, replacing any earlier copy."""
        self.save_articles([article])

    def save_articles(self, articles: Sequence[Article]) -> None:
        """Write articles and all their spans in one transaction, each replacing any earlier
        copy of it (of one id given twice, the last); a batch's worth of statements, not an
        article's worth for each."""
        by_id = {article.id: article for article in articles}
        if not by_id:
            return
        ids, table = list(by_id), schema.articles
        with self._writing(*(f"article:{article_id}" for article_id in ids)) as connection:
            stored: set[str] = set()
            for chunk in _chunks(ids, 500):
                query = select(table.c.id).where(table.c.id.in_(chunk))
                stored.update(connection.execute(query).scalars())
            fresh = []
            for article in by_id.values():
                # the columns alone: the spans are made into their own rows below
                values = {name: to_dict(getattr(article, name)) for name in ARTICLE_COLUMNS}
                values["published"] = article.published
                if article.id in stored:
                    connection.execute(update(table).where(table.c.id == article.id).values(values))
                else:
                    fresh.append(values)
            for chunk in _chunks(sorted(stored), 500):
                connection.execute(delete(schema.spans).where(schema.spans.c.article_id.in_(chunk)))
            if fresh:
                connection.execute(insert(table), fresh)
            spans = [row for article in by_id.values() for row in _span_rows(article)]
            self._insert_rows(connection, schema.spans, spans)
            problems = schema.problems
            for some in _chunks(list(by_id.values()), 500):
                keys = [(article.source, article.record_key) for article in some]
                connection.execute(
                    delete(problems).where(
                        problems.c.document_id.in_([article.id for article in some])
                        | tuple_(problems.c.source, problems.c.record_key).in_(keys)
                    )
                )

    def save_problem(self, problem: Problem) -> None:
        problem_id = stable_id(problem.source, problem.record_key, problem.stage, problem.message)
        table = schema.problems
        with self._writing(f"problem:{problem_id}") as connection:
            if connection.execute(select(table.c.id).where(table.c.id == problem_id)).first():
                return
            connection.execute(insert(table).values(id=problem_id, **to_dict(problem)))

    def articles(self, article_ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles (all, or the given ids), ordered by publication date then id."""
        with self._reading() as connection:
            return _read_articles(connection, article_ids)

    def article_ids(self) -> list[str]:
        """Every stored article's id, in the order of :meth:`articles` (publication date, then
        id); only ids and dates are read, a batch of rows at a time."""
        table = schema.articles
        query = select(table.c.id, table.c.published).execution_options(yield_per=CURSOR_ROWS)
        with self._reading() as connection:
            keyed = [(*undated_last(row.published), row.id) for row in connection.execute(query)]
        keyed.sort()
        return [key[-1] for key in keyed]

    def stream_articles(
        self, article_ids: Sequence[str] | None = None, batch: int | None = None
    ) -> Iterator[Article]:
        """The given articles (by default every stored one, in :meth:`article_ids` order) one
        after the other in that order, read ``batch`` (by default :data:`STREAM_ARTICLES`) at a
        time: at most one batch is held, so a consumer that keeps only what it needs of each
        article holds no more. Each batch is its own snapshot; an article gone meanwhile raises
        :class:`StoreError` (the caller's order would no longer match what it reads)."""
        ids = self.article_ids() if article_ids is None else article_ids
        for chunk in _chunks(ids, batch or STREAM_ARTICLES):
            with self._reading() as connection:
                found = {article.id: article for article in _read_articles(connection, chunk)}
            for article_id in chunk:
                article = found.pop(article_id, None)
                if article is None:
                    raise StoreError(f"article {article_id} is no longer in {self.label}")
                yield article
            del found

    def entities(self) -> Iterator[Entity]:
        """Every stored article's entity mentions, in no particular order, read a batch of rows
        at a time (a server-side cursor on PostgreSQL) in one snapshot."""
        table = schema.spans
        query = (
            select(table.c.attrs)
            .where(table.c.kind == Entity.span_kind)
            .execution_options(yield_per=CURSOR_ROWS)
        )
        with self._reading() as connection:
            for row in connection.execute(query):
                yield from_dict(Entity, row.attrs)

    def problems(self) -> list[Problem]:
        with self._reading() as connection:
            return _read_problems(connection)

    def culprits(self) -> dict[str, Problem]:
        """The problems of documents that crashed, stalled or blew the memory limit of their
        worker, by document id; each carries the fingerprint (bytes and analyzer versions) the
        document had then, so a rerun can skip it rather than crash on it again."""
        table = schema.problems
        where = table.c.kind.in_(CULPRIT_KINDS) & (table.c.document_id != "")
        with self._reading() as connection:
            return {p.document_id: p for p in _read_problems(connection, where)}

    # --- story vectors ---------------------------------------------------------------------

    def save_vectors(self, embedder: str, vectors: dict[str, np.ndarray]) -> None:
        """Store each article's vector by ``embedder`` (a model's name and version), replacing
        the one it had by the same embedder; other embedders' vectors stay."""
        if not vectors:
            return
        table = schema.article_vectors
        rows = [
            {"article_id": article_id, "embedder": embedder, "vector": _vector_bytes(vector)}
            for article_id, vector in vectors.items()
        ]
        with self._writing(f"vectors:{embedder}") as connection:
            for chunk in _chunks(list(vectors), 500):
                connection.execute(
                    delete(table).where(
                        (table.c.embedder == embedder) & table.c.article_id.in_(chunk)
                    )
                )
            self._insert_rows(connection, table, rows)

    def vectors(self, embedder: str, article_ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors by ``embedder`` of those of ``article_ids`` that have one."""
        table = schema.article_vectors
        found: dict[str, np.ndarray] = {}
        with self._reading() as connection:
            for chunk in _chunks(list(article_ids), 500):
                query = select(table.c.article_id, table.c.vector).where(
                    (table.c.embedder == embedder) & table.c.article_id.in_(chunk)
                )
                for row in connection.execute(query):
                    found[row.article_id] = np.frombuffer(row.vector, dtype=VECTOR_DTYPE)
        return found

    def vector_rows(
        self, embedder: str, article_ids: Sequence[str]
    ) -> tuple[np.ndarray | None, list[int]]:
        """The stored vectors by ``embedder`` of ``article_ids`` as one matrix, a row per id in
        order (zeros where there is none), and the positions of the ids without one; the matrix
        is ``None`` when no id has a vector. Filled a chunk at a time, with no copy per row."""
        table = schema.article_vectors
        position = {article_id: i for i, article_id in enumerate(article_ids)}
        matrix: np.ndarray | None = None
        found = np.zeros(len(position), dtype=bool)
        with self._reading() as connection:
            for chunk in _chunks(list(article_ids), 500):
                query = select(table.c.article_id, table.c.vector).where(
                    (table.c.embedder == embedder) & table.c.article_id.in_(chunk)
                )
                for row in connection.execute(query):
                    vector = np.frombuffer(row.vector, dtype=VECTOR_DTYPE)
                    if matrix is None:
                        matrix = np.zeros((len(position), len(vector)), dtype=VECTOR_DTYPE)
                    matrix[position[row.article_id]] = vector
                    found[position[row.article_id]] = True
        return matrix, [int(i) for i in np.flatnonzero(~found)]

    # --- cross-article results ------------------------------------------------------------

    def save_links(
        self,
        stories: Sequence[Story],
        duplicates: Sequence[DuplicateGroup],
        claims: Sequence[Claim],
        conflicts: Sequence[Conflict],
        timeline: Sequence[TimelineEntry] = (),
    ) -> None:
        """Replace every cross-article table in one transaction: readers see the previous
        results until the new ones commit, and a run killed meanwhile leaves them in place."""
        rows = {
            schema.stories: [{"id": s.id, "data": to_dict(s)} for s in stories],
            schema.story_articles: [
                {"story_id": s.id, "article_id": a} for s in stories for a in s.article_ids
            ],
            schema.duplicate_groups: [{"id": d.id, "data": to_dict(d)} for d in duplicates],
            schema.claims: [
                {"id": c.id, "story_id": c.story_id, "data": to_dict(c)} for c in claims
            ],
            schema.conflicts: [
                {"id": c.id, "story_id": c.story_id, "kind": c.kind, "data": to_dict(c)}
                for c in conflicts
            ],
            schema.timeline_entries: [
                {"id": t.id, "story_id": t.story_id, "data": to_dict(t)} for t in timeline
            ],
        }
        # the lock: a second writer's deletes must see the first's rows, not only the older ones
        with self._writing("links") as connection:
            # children before parents, so no foreign key sees a dangling row in between
            for table in schema.LINK_TABLES:
                connection.execute(delete(table))
            for table in reversed(schema.LINK_TABLES):
                self._insert_rows(connection, table, rows[table])

    def stories(self) -> list[Story]:
        with self._reading() as connection:
            return _read_objects(connection, schema.stories, Story)

    def corpus(self) -> Corpus:
        """Everything stored, read from one snapshot."""
        with self._reading() as connection:
            return Corpus(
                articles=_read_articles(connection),
                stories=_read_objects(connection, schema.stories, Story),
                duplicates=_read_objects(connection, schema.duplicate_groups, DuplicateGroup),
                claims=_read_objects(connection, schema.claims, Claim),
                conflicts=_read_objects(connection, schema.conflicts, Conflict),
                timeline=_read_objects(connection, schema.timeline_entries, TimelineEntry),
                problems=_read_problems(connection),
            )

    # --- reading for the app and the API: one page at a time ------------------------------

    def story(self, story_id: str) -> Story | None:
        with self._reading() as connection:
            return _read_one(connection, schema.stories, Story, story_id)

    def story_results(self, story_ids: Sequence[str]) -> StoryResults:
        """The claims, conflicts and timeline entries (by date) of the given stories (a
        storyline and its events, say), read in one snapshot."""
        ids = list(story_ids)
        with self._reading() as connection:
            timeline = _read_where(connection, schema.timeline_entries, TimelineEntry, ids)
            return StoryResults(
                claims=_read_where(connection, schema.claims, Claim, ids),
                conflicts=_read_where(connection, schema.conflicts, Conflict, ids),
                timeline=sorted(timeline, key=lambda entry: entry.date),
            )

    def events_of(self, story_id: str) -> list[tuple[str, str]]:
        """The (id, title) of the event stories whose storyline is ``story_id``."""
        table = schema.stories
        parent = table.c.data["parent_id"].as_string()
        query = select(table.c.id, table.c.data["title"].as_string()).where(parent == story_id)
        with self._reading() as connection:
            return [
                (row[0], row[1] or "") for row in connection.execute(query.order_by(table.c.id))
            ]

    def bare_articles(self, article_ids: Sequence[str]) -> list[Article]:
        """The given articles with their metadata and text but none of their spans: what a
        page needs to cut sentences and quotes out of the text by offsets."""
        table = schema.articles
        found: list[Article] = []
        with self._reading() as connection:
            for chunk in _chunks(list(article_ids), 500):
                rows = connection.execute(select(table).where(table.c.id.in_(chunk))).mappings()
                found.extend(from_dict(Article, dict(row)) for row in rows)
        found.sort(key=lambda a: (*undated_last(a.published), a.id))
        return found

    def story_ids_of(self, article_ids: Sequence[str]) -> dict[str, list[str]]:
        """The stories each of the given articles belongs to."""
        table = schema.story_articles
        found: dict[str, list[str]] = {}
        with self._reading() as connection:
            for chunk in _chunks(list(article_ids), 500):
                query = (
                    select(table.c.article_id, table.c.story_id)
                    .where(table.c.article_id.in_(chunk))
                    .order_by(table.c.story_id)
                )
                for row in connection.execute(query):
                    found.setdefault(row.article_id, []).append(row.story_id)
        return found

    def story_page(self, where: StoryFilter, limit: int, offset: int) -> Page[StorySummary]:
        """Stories matching ``where``, one page, each with its outlets and languages and how
        many conflicts it shows (a storyline counting its events'). Storylines come latest
        first, each followed by its events (latest first)."""
        stories = schema.stories
        title, first, last, parent = (
            stories.c.data[name].as_string()
            for name in ("title", "first_published", "last_published", "parent_id")
        )
        conditions = _story_conditions(self.engine.dialect.name, where, first, last)
        query = select(stories.c.id, title, first, last, parent).where(*conditions)
        storyline = stories.alias("storyline")
        storyline_last = storyline.c.data["last_published"].as_string()
        ordered = query.outerjoin(storyline, storyline.c.id == parent).order_by(
            func.coalesce(storyline_last, last).desc().nulls_last(),
            func.coalesce(parent, stories.c.id),
            parent.is_not(None),
            last.desc().nulls_last(),
            stories.c.id,
        )
        with self._reading() as connection:
            total = connection.execute(
                select(func.count()).select_from(query.subquery())
            ).scalar_one()
            rows = connection.execute(ordered.limit(limit).offset(offset)).all()
            ids = [row[0] for row in rows]
            members = _story_members(connection, ids)
            conflicts = _count_conflicts(connection, ids)
        items = [
            StorySummary(
                id=row[0],
                title=row[1] or "",
                first_published=_moment(row[2]),
                last_published=_moment(row[3]),
                parent_id=row[4],
                articles=sum(members.get(row[0], {}).values()),
                outlets=sorted({o for o, _ in members.get(row[0], {}) if o}),
                languages=sorted({lang for _, lang in members.get(row[0], {}) if lang}),
                conflicts=conflicts.get(row[0], 0),
            )
            for row in rows
        ]
        return Page(total=total, items=items)

    def stories_by_id(self, story_ids: Sequence[str]) -> list[Story]:
        table = schema.stories
        with self._reading() as connection:
            rows = connection.execute(
                select(table.c.data).where(table.c.id.in_(list(story_ids)))
            ).all()
        found = {row.data["id"]: from_dict(Story, row.data) for row in rows}
        return [found[i] for i in story_ids if i in found]

    def facets(self) -> Facets:
        """The outlets and languages stored, each with its number of articles."""
        table = schema.articles
        with self._reading() as connection:
            counted = {
                name: [
                    (row[0], row[1])
                    for row in connection.execute(
                        select(column, func.count())
                        .where(column.is_not(None))
                        .group_by(column)
                        .order_by(func.count().desc(), column)
                    )
                ]
                for name, column in (("outlets", table.c.outlet), ("languages", table.c.language))
            }
        return Facets(outlets=counted["outlets"], languages=counted["languages"])

    def article_page(
        self,
        limit: int,
        offset: int,
        query: str = "",
        outlet: str | None = None,
        language: str | None = None,
    ) -> Page[Article]:
        """Articles with their spans, one page: matching the full-text ``query`` (best match
        first) or all of them (by publication date), of one outlet or language if given."""
        table = schema.articles
        conditions = [
            column == value
            for column, value in ((table.c.outlet, outlet), (table.c.language, language))
            if value is not None
        ]
        with self._reading() as connection:
            ids_query = select(table.c.id).where(*conditions)
            if query.strip():
                ranked = _search(self.engine.dialect.name, query).subquery()
                ids_query = ids_query.join(ranked, ranked.c.article_id == table.c.id).order_by(
                    ranked.c.rank, table.c.id
                )
            else:
                ids_query = ids_query.order_by(
                    table.c.published.is_(None), table.c.published, table.c.id
                )
            total = connection.execute(
                select(func.count()).select_from(ids_query.order_by(None).subquery())
            ).scalar_one()
            ids = list(connection.execute(ids_query.limit(limit).offset(offset)).scalars())
            found = {a.id: a for a in _read_articles(connection, ids)}
        return Page(total=total, items=[found[i] for i in ids if i in found])

    def span_page(
        self, kind: str, limit: int, offset: int, article_id: str | None = None
    ) -> Page[tuple[str, Span | RemovedBlock]]:
        """Spans of one kind (``quote``, ``entity``...) with their article ids, one page, in
        article then text order."""
        table = schema.spans
        _name, cls = KIND_TO_FIELD[kind]
        conditions = [table.c.kind == kind]
        if article_id is not None:
            conditions.append(table.c.article_id == article_id)
        query = select(table.c.article_id, table.c.attrs).where(*conditions)
        with self._reading() as connection:
            total = connection.execute(
                select(func.count()).select_from(table).where(*conditions)
            ).scalar_one()
            rows = connection.execute(
                query.order_by(table.c.article_id, table.c.seq).limit(limit).offset(offset)
            ).all()
        return Page(total=total, items=[(row[0], from_dict(cls, row[1])) for row in rows])

    def result_page(
        self,
        what: str,
        limit: int,
        offset: int,
        story_id: str | None = None,
        kind: str | None = None,
    ) -> Page[Any]:
        """Cross-article results of one table (``claims``, ``conflicts``, ``timeline``), of
        one story and (conflicts) one kind if given, one page in id order."""
        table, cls = _RESULT_TABLES[what]
        conditions = []
        if story_id is not None:
            conditions.append(table.c.story_id == story_id)
        if kind is not None:
            conditions.append(table.c.kind == kind)
        with self._reading() as connection:
            total = connection.execute(
                select(func.count()).select_from(table).where(*conditions)
            ).scalar_one()
            rows = connection.execute(
                select(table.c.data)
                .where(*conditions)
                .order_by(table.c.id)
                .limit(limit)
                .offset(offset)
            ).all()
        return Page(total=total, items=[from_dict(cls, row.data) for row in rows])

    # --- what watch has taken in -----------------------------------------------------------

    def seen(self, kind: str, items: Iterable[str]) -> dict[str, str]:
        """Of ``items`` of ``kind`` ("item": feed items by guid or link; "file": watched files
        by path), those ``watch`` took in before, each with the state it had then."""
        table = schema.seen_items
        ids = {stable_id(kind, item): item for item in items}
        found: dict[str, str] = {}
        with self._reading() as connection:
            for chunk in _chunks(list(ids), 500):
                query = select(table.c.id, table.c.state).where(table.c.id.in_(chunk))
                for row in connection.execute(query):
                    found[ids[row.id]] = row.state
        return found

    def mark_seen(self, kind: str, source: str, states: dict[str, str]) -> None:
        """Remember the items of ``kind`` in ``states`` (item -> state) as taken in from
        ``source``, replacing what was remembered of them."""
        if not states:
            return
        table = schema.seen_items
        rows = [
            {"id": stable_id(kind, item), "kind": kind, "item": item, "source": source, "state": s}
            for item, s in states.items()
        ]
        with self._writing("seen") as connection:
            for chunk in _chunks([row["id"] for row in rows], 500):
                connection.execute(delete(table).where(table.c.id.in_(chunk)))
            self._insert_rows(connection, table, rows)

    def feed_validators(self, url: str) -> tuple[str | None, str | None]:
        """The ETag and Last-Modified of ``url``'s last answer taken in whole (None, None if
        none is stored)."""
        table = schema.feed_validators
        with self._reading() as connection:
            row = connection.execute(
                select(table.c.etag, table.c.last_modified).where(table.c.id == stable_id(url))
            ).first()
        return (row.etag, row.last_modified) if row else (None, None)

    def save_feed_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        table = schema.feed_validators
        with self._writing(f"feed:{url}") as connection:
            connection.execute(delete(table).where(table.c.id == stable_id(url)))
            connection.execute(
                insert(table).values(
                    id=stable_id(url), url=url, etag=etag, last_modified=last_modified
                )
            )


@dataclass(slots=True)
class Page(Generic[T]):
    """One page of a listing and how many items the whole listing has."""

    total: int
    items: list[T]


@dataclass(frozen=True, slots=True)
class StoryFilter:
    """What a story listing keeps: stories with an article matching the full-text ``query``,
    of ``outlet``, in ``language``, published (any of its articles) between ``since`` and
    ``until`` (days, inclusive), with at least one conflict; ``None``/empty keeps all."""

    query: str = ""
    outlet: str | None = None
    language: str | None = None
    since: date | None = None
    until: date | None = None
    has_conflicts: bool = False


@dataclass(slots=True)
class StorySummary:
    """A story as a listing shows it."""

    id: str
    title: str
    first_published: datetime | None
    last_published: datetime | None
    parent_id: str | None
    articles: int
    outlets: list[str]
    languages: list[str]
    conflicts: int


@dataclass(slots=True)
class StoryResults:
    claims: list[Claim]
    conflicts: list[Conflict]
    timeline: list[TimelineEntry]


@dataclass(slots=True)
class Facets:
    """Values to filter by, each with its number of articles, most first."""

    outlets: list[tuple[str, int]]
    languages: list[tuple[str, int]]


_RESULT_TABLES: dict[str, tuple[Any, type]] = {
    "claims": (schema.claims, Claim),
    "conflicts": (schema.conflicts, Conflict),
    "timeline": (schema.timeline_entries, TimelineEntry),
}
# What migration 0005 makes for full-text search beside the declared schema (an FTS5 table
# and its shadow tables on SQLite, an expression index on PostgreSQL): no SQLAlchemy table.
SEARCH_OBJECTS = ("articles_fts", "ix_articles_search")


def is_search_object(name: str | None) -> bool:
    return name is not None and name.startswith(SEARCH_OBJECTS)


# The document PostgreSQL searches, exactly as migration 0005 indexes it.
PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(subtitle, '') || ' ' || "
    "coalesce(outlet, '') || ' ' || coalesce(byline, '') || ' ' || text)"
)
# A search word: letters, digits and inner apostrophes or hyphens; everything else separates.
_SEARCH_WORD = re.compile(r"\w+(?:['’-]\w+)*")


def _search(dialect: str, query: str) -> Any:
    """A selectable of (article_id, rank) for the articles matching every word of ``query``
    (the last as a prefix on SQLite); the words travel as a bound parameter, never as SQL."""
    if dialect == "postgresql":
        return (
            text(
                f"SELECT id AS article_id, -ts_rank({PG_DOCUMENT}, words) AS rank "
                "FROM articles, plainto_tsquery('simple', :search_query) AS words "
                f"WHERE {PG_DOCUMENT} @@ words"
            )
            .bindparams(search_query=query)
            .columns(article_id=String, rank=Float)
        )
    words = _SEARCH_WORD.findall(query)
    # FTS5 query syntax, each word a quoted string so none is read as an operator
    phrase = " ".join('"' + word.replace('"', '""') + '"' for word in words)
    expression = phrase + "*" if phrase else '""'
    return (
        select(literal_column("article_id"), literal_column("bm25(articles_fts)").label("rank"))
        .select_from(text("articles_fts"))
        .where(text("articles_fts MATCH :search_query").bindparams(search_query=expression))
    )


def _story_conditions(dialect: str, where: StoryFilter, first: Any, last: Any) -> list[Any]:
    stories, members, articles = schema.stories, schema.story_articles, schema.articles
    conditions: list[Any] = []
    for column, value in ((articles.c.outlet, where.outlet), (articles.c.language, where.language)):
        if value is not None:
            conditions.append(
                stories.c.id.in_(
                    select(members.c.story_id)
                    .join(articles, articles.c.id == members.c.article_id)
                    .where(column == value)
                )
            )
    # ISO text: its first ten characters are the day as stated, which sorts as the day does
    if where.since is not None:
        conditions.append(func.substr(func.coalesce(last, first), 1, 10) >= where.since.isoformat())
    if where.until is not None:
        conditions.append(func.substr(func.coalesce(first, last), 1, 10) <= where.until.isoformat())
    if where.has_conflicts:
        # a storyline shows the conflicts of its events, so it is kept for theirs too
        with_conflicts = select(schema.conflicts.c.story_id).where(
            schema.conflicts.c.kind.in_(sorted(DISPUTED_KINDS))
        )
        parent = stories.c.data["parent_id"].as_string()
        conditions.append(
            stories.c.id.in_(with_conflicts)
            | stories.c.id.in_(select(parent).where(stories.c.id.in_(with_conflicts)))
        )
    if where.query.strip():
        found = _search(dialect, where.query).subquery()
        conditions.append(
            stories.c.id.in_(
                select(members.c.story_id).join(found, found.c.article_id == members.c.article_id)
            )
        )
    return conditions


def _story_members(connection: Connection, ids: list[str]) -> dict[str, dict[tuple[str, str], int]]:
    """Per story: its articles counted by (outlet, language)."""
    members, articles = schema.story_articles, schema.articles
    found: dict[str, dict[tuple[str, str], int]] = {}
    query = (
        select(members.c.story_id, articles.c.outlet, articles.c.language, func.count())
        .join(articles, articles.c.id == members.c.article_id)
        .where(members.c.story_id.in_(ids))
        .group_by(members.c.story_id, articles.c.outlet, articles.c.language)
    )
    for story_id, outlet, language, count in connection.execute(query):
        found.setdefault(story_id, {})[(outlet or "", language or "")] = count
    return found


def _count_conflicts(connection: Connection, ids: list[str]) -> dict[str, int]:
    """Conflicts a reader must see (:data:`DISPUTED_KINDS`) per story, a storyline's counting
    those of its events."""
    stories, conflicts = schema.stories, schema.conflicts
    parent = stories.c.data["parent_id"].as_string()
    owner = {story_id: story_id for story_id in ids}
    for event_id, parent_id in connection.execute(
        select(stories.c.id, parent).where(parent.in_(ids))
    ):
        owner[event_id] = parent_id
    query = (
        select(conflicts.c.story_id, func.count())
        .where(conflicts.c.story_id.in_(list(owner)), conflicts.c.kind.in_(sorted(DISPUTED_KINDS)))
        .group_by(conflicts.c.story_id)
    )
    counts: dict[str, int] = {}
    for story_id, count in connection.execute(query):
        counts[owner[story_id]] = counts.get(owner[story_id], 0) + count
    return counts


def _moment(value: str | None) -> datetime | None:
    return from_iso(value) if value else None


def _read_one(connection: Connection, table: Any, cls: type[T], row_id: str) -> T | None:
    row = connection.execute(select(table.c.data).where(table.c.id == row_id)).first()
    return from_dict(cls, row.data) if row is not None else None


def _read_where(connection: Connection, table: Any, cls: type[T], story_ids: list[str]) -> list[T]:
    query = select(table.c.data).where(table.c.story_id.in_(story_ids)).order_by(table.c.id)
    return [from_dict(cls, row.data) for row in connection.execute(query)]


def _prepare_sqlite_file(path: Path, create: bool) -> None:
    """Check a SQLite file before opening it, so that its problems are named as such."""
    path = path.expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if path.exists():
        return
    if not create:
        raise StoreError(f"no database at {path}")
    blocking = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocking is not None:
        raise StoreError(f"cannot create {path}: {blocking} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create {path}: {error.strerror or error}") from None


def _engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url)
    engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _copy_rows(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """``rows`` into ``table`` through PostgreSQL's COPY, in the connection's transaction; each
    value converted as an INSERT would (JSON as text, datetimes as ISO text)."""
    from psycopg import sql

    columns = [table.c[name] for name in rows[0]]
    dialect = connection.dialect
    convert = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(sql.Identifier(c.name) for c in columns)
    )
    driver = connection.connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(
                [
                    value if to_db is None or value is None else to_db(value)
                    for to_db, value in zip(convert, row.values(), strict=True)
                ]
            )


def _read_articles(
    connection: Connection, article_ids: Sequence[str] | None = None
) -> list[Article]:
    query = select(schema.articles)
    if article_ids is not None:
        query = query.where(schema.articles.c.id.in_(list(article_ids)))
    rows = connection.execute(query).mappings().all()
    spans_by_article = _load_spans(connection, [row["id"] for row in rows])
    result = []
    for row in rows:
        article = from_dict(Article, dict(row))
        for name, items in spans_by_article.get(article.id, {}).items():
            setattr(article, name, items)
        result.append(article)
    result.sort(key=lambda a: (*undated_last(a.published), a.id))
    return result


def _read_problems(connection: Connection, where: Any = None) -> list[Problem]:
    table = schema.problems
    query = select(table).order_by(table.c.id)
    if where is not None:
        query = query.where(where)
    rows = connection.execute(query).mappings().all()
    return [from_dict(Problem, {k: v for k, v in row.items() if k != "id"}) for row in rows]


def _read_objects(connection: Connection, table: Any, cls: type[T]) -> list[T]:
    rows = connection.execute(select(table.c.data).order_by(table.c.id)).all()
    return [from_dict(cls, row.data) for row in rows]


def _span_rows(article: Article) -> Iterable[dict[str, Any]]:
    for name, cls in SPAN_KINDS.items():
        for seq, span in enumerate(getattr(article, name)):
            attrs = to_dict(span)
            # a removed block has only offsets into the raw input
            start = attrs.get("start", attrs.get("raw_start"))
            end = attrs.get("end", attrs.get("raw_end"))
            yield {
                "article_id": article.id,
                "kind": cls.span_kind,
                "seq": seq,
                "start": start,
                "end": end,
                "attrs": attrs,
            }


def _load_spans(connection: Connection, ids: list[str]) -> dict[str, dict[str, list[Any]]]:
    found: dict[str, dict[str, list[Any]]] = {}
    table = schema.spans
    for chunk in _chunks(ids, 500):
        query = (
            select(table.c.article_id, table.c.kind, table.c.attrs)
            .where(table.c.article_id.in_(chunk))
            .order_by(table.c.article_id, table.c.kind, table.c.seq)
        )
        for row in connection.execute(query):
            name, cls = KIND_TO_FIELD[row.kind]
            found.setdefault(row.article_id, {}).setdefault(name, []).append(
                from_dict(cls, row.attrs)
            )
    return found


def _vector_bytes(vector: np.ndarray) -> bytes:
    return np.ascontiguousarray(vector, dtype=VECTOR_DTYPE).tobytes()


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
