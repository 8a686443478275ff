"""Persistence: one transaction per article, idempotent writes, SQLite or PostgreSQL.

``Store("counterpoint.db")`` opens (and migrates) a SQLite file in WAL mode;
``Store("postgresql+psycopg://user@host/db")`` runs the same code on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select, update

from counterpoint.model import (
    CULPRIT_KINDS,
    Article,
    Claim,
    Conflict,
    Corpus,
    DuplicateGroup,
    Entity,
    Paragraph,
    Problem,
    Quantity,
    Quote,
    RemovedBlock,
    Sentence,
    Story,
    TimeExpression,
    TimelineEntry,
    from_dict,
    stable_id,
    timestamp,
    to_dict,
)
from counterpoint.store import schema

MIGRATIONS = Path(__file__).with_name("migrations")
T = TypeVar("T")

# Article list field -> (span kind in the table, class).
SPAN_FIELDS: dict[str, tuple[str, type]] = {
    "paragraphs": ("paragraph", Paragraph),
    "removed": ("removed", RemovedBlock),
    "sentences": ("sentence", Sentence),
    "entities": ("entity", Entity),
    "quotes": ("quote", Quote),
    "quantities": ("quantity", Quantity),
    "times": ("time", TimeExpression),
}
KIND_TO_FIELD = {kind: (name, cls) for name, (kind, cls) in SPAN_FIELDS.items()}
ARTICLE_COLUMNS = [c.name for c in schema.articles.columns]


def database_url(target: str) -> str:
    """A SQLAlchemy URL from a URL or a SQLite file path (``:memory:`` included)."""
    if "://" in target:
        return target
    if target == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(target).expanduser()}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class Store:
    """Articles with their spans, and the latest cross-article results."""

    def __init__(self, target: str = "counterpoint.db") -> None:
        url = database_url(target)
        if "://" not in target and target != ":memory:":
            Path(target).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.migrate()

    def migrate(self) -> None:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def close(self) -> None:
        self.engine.dispose()

    # --- articles -------------------------------------------------------------------------

    def fingerprints(self, article_ids: Iterable[str]) -> dict[str, tuple[str, dict[str, str]]]:
        """(content hash, analyzer versions) of the given articles that are stored."""
        ids = list(article_ids)
        table = schema.articles
        found: dict[str, tuple[str, dict[str, str]]] = {}
        with self.engine.connect() as connection:
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
        with self.engine.begin() as connection:
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
        with self.engine.begin() as connection:
            if connection.execute(select(table.c.id).where(table.c.id == problem_id)).first():
                return
            connection.execute(insert(table).values(id=problem_id, **to_dict(problem)))

    def articles(self, article_ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles (all, or the given ids), ordered by publication date then id."""
        with self.engine.connect() as connection:
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
        result.sort(
            key=lambda a: (a.published is None, timestamp(a.published) if a.published else 0, a.id)
        )
        return result

    def problems(self) -> list[Problem]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(schema.problems)).mappings().all()
        return [from_dict(Problem, {k: v for k, v in row.items() if k != "id"}) for row in rows]

    def culprits(self) -> dict[str, str]:
        """Documents that crashed, stalled or blew the memory limit of their worker, by id, with
        the fingerprint (bytes and analyzer versions) they had then: a rerun skips them rather than crash on them again."""
        table = schema.problems
        query = select(table.c.document_id, table.c.fingerprint).where(
            table.c.kind.in_(CULPRIT_KINDS), table.c.document_id != ""
        )
        with self.engine.connect() as connection:
            return {row.document_id: row.fingerprint for row in connection.execute(query)}

    # --- cross-article results ------------------------------------------------------------

    def save_links(
        self,
        stories: Sequence[Story],
        duplicates: Sequence[DuplicateGroup],
        claims: Sequence[Claim],
        conflicts: Sequence[Conflict],
        timeline: Sequence[TimelineEntry] = (),
    ) -> None:
        """Replace the cross-article results as a whole, in one transaction."""
        with self.engine.begin() as connection:
            for table in schema.LINK_TABLES:
                connection.execute(delete(table))
            _insert(connection, schema.stories, [{"id": s.id, "data": to_dict(s)} for s in stories])
            _insert(
                connection,
                schema.story_articles,
                [{"story_id": s.id, "article_id": a} for s in stories for a in s.article_ids],
            )
            _insert(
                connection,
                schema.duplicate_groups,
                [{"id": d.id, "data": to_dict(d)} for d in duplicates],
            )
            _insert(
                connection,
                schema.claims,
                [{"id": c.id, "story_id": c.story_id, "data": to_dict(c)} for c in claims],
            )
            _insert(
                connection,
                schema.conflicts,
                [
                    {"id": c.id, "story_id": c.story_id, "kind": c.kind, "data": to_dict(c)}
                    for c in conflicts
                ],
            )
            _insert(
                connection,
                schema.timeline_entries,
                [{"id": t.id, "story_id": t.story_id, "data": to_dict(t)} for t in timeline],
            )

    def stories(self) -> list[Story]:
        return self._objects(schema.stories, Story)

    def corpus(self) -> Corpus:
        return Corpus(
            articles=self.articles(),
            stories=self.stories(),
            duplicates=self._objects(schema.duplicate_groups, DuplicateGroup),
            claims=self._objects(schema.claims, Claim),
            conflicts=self._objects(schema.conflicts, Conflict),
            timeline=self._objects(schema.timeline_entries, TimelineEntry),
            problems=self.problems(),
        )

    def _objects(self, table: Any, cls: type[T]) -> list[T]:
        with self.engine.connect() as connection:
            rows = connection.execute(select(table.c.data).order_by(table.c.id)).all()
        return [from_dict(cls, row.data) for row in rows]


def _span_rows(article: Article) -> Iterable[dict[str, Any]]:
    for name, (kind, _cls) in SPAN_FIELDS.items():
        for seq, span in enumerate(getattr(article, name)):
            attrs = to_dict(span)
            start = attrs.get("start", attrs.get("raw_start"))
            end = attrs.get("end", attrs.get("raw_end"))
            yield {
                "article_id": article.id,
                "kind": kind,
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


def _insert(connection: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    if rows:
        connection.execute(insert(table), rows)


def _chunks(items: Sequence[T], size: int) -> Iterable[Sequence[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
