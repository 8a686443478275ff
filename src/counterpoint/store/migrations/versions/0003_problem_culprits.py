"""Problems say what kind they are and which document caused them (its id, and a fingerprint
of its bytes and the analyzer versions).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="error"))
        batch.add_column(sa.Column("document_id", sa.String(32), nullable=False, server_default=""))
        batch.add_column(sa.Column("fingerprint", sa.String(64), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("problems") as batch:
        batch.drop_column("fingerprint")
        batch.drop_column("document_id")
        batch.drop_column("kind")
