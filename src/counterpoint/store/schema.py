"""The SQLAlchemy 2 schema: articles, their spans, and the cross-article results.

Spans of every kind share one typed table (``kind`` column, typed attributes as JSON), so a new
annotation kind needs no migration; offsets are real columns so spans can be queried by position.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)

from counterpoint import datetimes

metadata = MetaData()


class IsoDateTime(TypeDecorator[datetime]):
    """A datetime kept as ISO 8601 text, so a stated UTC offset survives on every backend
    (SQLite drops it; PostgreSQL would convert it to the server's zone); read back aware, one
    written without an offset (by an older version) as UTC."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> str | None:
        return value.isoformat() if value is not None else None

    def process_result_value(self, value: str | None, dialect: Any) -> datetime | None:
        return datetimes.from_iso(value) if value is not None else None


articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("record_key", Text, nullable=False, default=""),
    Column("content_hash", String(64), nullable=False),
    Column("url", Text),
    Column("outlet", Text),
    Column("title", Text),
    Column("subtitle", Text),
    Column("byline", Text),
    Column("published", IsoDateTime),
    Column("original_publisher", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("tags", JSON, nullable=False),
    Column("captions", JSON, nullable=False),
    Column("versions", JSON, nullable=False),
)

spans = Table(
    "spans",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("kind", String(16), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("attrs", JSON, nullable=False),
)


def _results_table(name: str, *columns: Column[Any]) -> Table:
    """A table of one kind of cross-article result: an id, the columns it is queried by, and
    the result itself as JSON (its model object via ``to_dict``)."""
    return Table(
        name,
        metadata,
        Column("id", String(32), primary_key=True),
        *columns,
        Column("data", JSON, nullable=False),
    )


stories = _results_table("stories")

story_articles = Table(
    "story_articles",
    metadata,
    Column("story_id", String(32), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Index("ix_story_articles_article", "article_id"),
)

duplicate_groups = _results_table("duplicate_groups")
claims = _results_table("claims", Column("story_id", String(32)))
conflicts = _results_table(
    "conflicts", Column("story_id", String(32)), Column("kind", String(32), nullable=False)
)
timeline_entries = _results_table("timeline_entries", Column("story_id", String(32)))

# One story vector per article and embedder (its name says the model and version), so a rerun
# reuses it and a change of model stores new ones beside the old.
article_vectors = Table(
    "article_vectors",
    metadata,
    Column(
        "article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("embedder", String(64), primary_key=True),
    # float32 values, native byte order of numpy's "<f4"
    Column("vector", LargeBinary, nullable=False),
)

problems = Table(
    "problems",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("source", Text, nullable=False),
    Column("record_key", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("message", Text, nullable=False),
    Column("kind", String(16), nullable=False, server_default="error"),
    Column("document_id", String(32), nullable=False, server_default=""),
    Column("fingerprint", String(64), nullable=False, server_default=""),
)

# Cross-article results are recomputed as a whole by each link run, in one transaction.
LINK_TABLES = (story_articles, stories, duplicate_groups, claims, conflicts, timeline_entries)

# What ``watch`` has taken in, so a restart neither fetches nor analyses it again: a feed item
# (kind "item", by its guid, else its link) or a watched file (kind "file", by its path, with
# its size and modification time as ``state``); ``id`` is the stable id of kind and item.
seen_items = Table(
    "seen_items",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("kind", String(8), nullable=False),
    Column("item", Text, nullable=False),
    Column("source", Text, nullable=False),  # the feed or folder it was found in
    Column("state", Text, nullable=False, server_default=""),
)

# The validators of a feed's last answer taken in whole, sent back as a conditional GET.
feed_validators = Table(
    "feed_validators",
    metadata,
    Column("id", String(32), primary_key=True),  # the stable id of the URL
    Column("url", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
)
