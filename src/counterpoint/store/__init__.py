"""Storage: SQLAlchemy 2 schema with Alembic migrations; SQLite by default, PostgreSQL too."""

from counterpoint.store.db import Store, StoreError, database_url

__all__ = ["Store", "StoreError", "database_url"]
