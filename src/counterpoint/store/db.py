"""Persistence: one transaction per article, idempotent writes, SQLite or PostgreSQL.

``Store("counterpoint.db")`` opens (and migrates) a SQLite file in WAL mode;
``Store("postgresql+psycopg://user@host/db")`` runs the same code on PostgreSQL.

Every write is one transaction (on SQLite ``BEGIN IMMEDIATE``, so a writer takes the lock up
front instead of failing on a lock upgrade); every read of several tables is one snapshot (on
SQLite a deferred transaction in WAL mode, on PostgreSQL ``REPEATABLE READ``, read only), so a
reader beside a running ``analyze`` sees the corpus as of one commit and never waits for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

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
    create_engine,
    delete,
    event,
    insert,
    inspect,
    make_url,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from counterpoint.datetimes import undated_last
from counterpoint.model import (
    CULPRIT_KINDS,
    SPAN_KINDS,
    Article,
    Claim,
    Conflict,
    Corpus,
    DuplicateGroup,
    Problem,
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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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
    any database that cannot be opened raises :class:`StoreError`."""

    def __init__(self, target: str = "counterpoint.db", create: bool = True) -> None:
        self.label = masked(target)
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
        with self._writing() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        """One write transaction: committed as a whole on success, rolled back otherwise."""
        with self.engine.connect() as connection:
            connection.execution_options(**{WRITE_OPTION: True})
            with connection.begin():
                yield connection

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
        row = to_dict(article)
        values = {name: row[name] for name in ARTICLE_COLUMNS}
        values["published"] = article.published
        table = schema.articles
        with self._writing() as connection:
            exists = connection.execute(select(table.c.id).where(table.c.id == article.id)).first()
            if exists:
                connection.execute(update(table).where(table.c.id == article.id).values(values))
                connection.execute(
                    delete(schema.spans).where(schema.spans.c.article_id == article.id)
                )
            else:
                connection.execute(insert(table).values(values))
            span_rows = list(_span_rows(article))
            if span_rows:
                connection.execute(insert(schema.spans), span_rows)
            connection.execute(
                delete(schema.problems).where(
                    (schema.problems.c.document_id == article.id)
                    | (
                        (schema.problems.c.source == article.source)
                        & (schema.problems.c.record_key == article.record_key)
                    )
                )
            )

    def save_problem(self, problem: Problem) -> None:
        problem_id = stable_id(problem.source, problem.record_key, problem.stage, problem.message)
        table = schema.problems
        with self._writing() as connection:
            if connection.execute(select(table.c.id).where(table.c.id == problem_id)).first():
                return
            connection.execute(insert(table).values(id=problem_id, **to_dict(problem)))

    def articles(self, article_ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles (all, or the given ids), ordered by publication date then id."""
        with self._reading() as connection:
            return _read_articles(connection, article_ids)

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
        with self._writing() as connection:
            for chunk in _chunks(list(vectors), 500):
                connection.execute(
                    delete(table).where(
                        (table.c.embedder == embedder) & table.c.article_id.in_(chunk)
                    )
                )
            connection.execute(insert(table), rows)

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
        with self._writing() as connection:
            # children before parents, so no foreign key sees a dangling row in between
            for table in schema.LINK_TABLES:
                connection.execute(delete(table))
            for table in reversed(schema.LINK_TABLES):
                if rows[table]:
                    connection.execute(insert(table), rows[table])

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
