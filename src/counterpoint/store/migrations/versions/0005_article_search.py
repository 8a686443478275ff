"""Full-text search over articles: title, subtitle, outlet, byline and text.

SQLite: an FTS5 table kept by triggers, its rowid the article row's; PostgreSQL: a GIN index on
the articles' tsvector, under the ``simple`` configuration (no stemming: the corpus is
multilingual). ``Store.search_ids`` queries the same expression, so the index is used.

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = ("title", "subtitle", "outlet", "byline", "text")
# Repeated verbatim in counterpoint.store.db.PG_DOCUMENT: PostgreSQL uses an expression index
# only for a query that spells the same expression.
PG_DOCUMENT = (
    "to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(subtitle, '') || ' ' || "
    "coalesce(outlet, '') || ' ' || coalesce(byline, '') || ' ' || text)"
)


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX ix_articles_search ON articles USING gin ({PG_DOCUMENT})")
        return
    columns = ", ".join(COLUMNS)
    new = ", ".join(f"new.{c}" for c in COLUMNS)
    op.execute(
        f"CREATE VIRTUAL TABLE articles_fts USING fts5(article_id UNINDEXED, {columns}, "
        "tokenize = 'unicode61 remove_diacritics 2')"
    )
    op.execute(
        f"INSERT INTO articles_fts (rowid, article_id, {columns}) "
        f"SELECT rowid, id, {columns} FROM articles"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN "
        f"INSERT INTO articles_fts (rowid, article_id, {columns}) "
        f"VALUES (new.rowid, new.id, {new}); END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN "
        "DELETE FROM articles_fts WHERE rowid = old.rowid; END"
    )
    op.execute(
        "CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN "
        "DELETE FROM articles_fts WHERE rowid = old.rowid; "
        f"INSERT INTO articles_fts (rowid, article_id, {columns}) "
        f"VALUES (new.rowid, new.id, {new}); END"
    )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_articles_search")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER articles_fts_{trigger}")
    op.execute("DROP TABLE articles_fts")
