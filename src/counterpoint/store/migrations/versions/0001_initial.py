"""Initial schema: articles, spans, stories, duplicates, claims, conflicts, problems.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("record_key", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("subtitle", sa.Text),
        sa.Column("byline", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("original_publisher", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("tags", sa.JSON, nullable=False),
        sa.Column("captions", sa.JSON, nullable=False),
        sa.Column("versions", sa.JSON, nullable=False),
    )
    op.create_table(
        "spans",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("attrs", sa.JSON, nullable=False),
    )
    op.create_table(
        "stories",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "story_articles",
        sa.Column(
            "story_id",
            sa.String(32),
            sa.ForeignKey("stories.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_story_articles_article", "story_articles", ["article_id"])
    op.create_table(
        "duplicate_groups",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("story_id", sa.String(32)),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "conflicts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("story_id", sa.String(32)),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("data", sa.JSON, nullable=False),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("record_key", sa.Text, nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in (
        "problems",
        "conflicts",
        "claims",
        "duplicate_groups",
        "story_articles",
        "stories",
        "spans",
        "articles",
    ):
        op.drop_table(table)
