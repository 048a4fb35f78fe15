"""Alembic's entry point: migrations run on the connection ``migrations.upgrade`` hands over."""

from alembic import context

from sync.server import db

context.configure(
    connection=context.config.attributes["connection"],
    target_metadata=db.metadata,
    # SQLite changes a column by copying its table: Alembic's batch mode does that for a migration.
    render_as_batch=True,
)
with context.begin_transaction():
    context.run_migrations()
