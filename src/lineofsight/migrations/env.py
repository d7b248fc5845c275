"""Alembic environment: runs the migrations on the connection that `store.migrate` hands over."""

from __future__ import annotations

from alembic import context

from lineofsight.model import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only the alembic command line takes this path
    raise RuntimeError("run migrations through lineofsight.store.migrate")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite can only alter tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
