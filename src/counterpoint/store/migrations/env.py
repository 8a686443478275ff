"""Alembic environment: runs on the connection that :func:`counterpoint.store.db.migrate` passes."""

from alembic import context

from counterpoint.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
