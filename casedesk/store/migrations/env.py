"""Alembic environment: runs migrations on the connection the case-file opener hands in."""

from __future__ import annotations

from alembic import context

from casedesk.store.migrations import include_name
from casedesk.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("casedesk migrations run only through casedesk.store.migrations")
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    include_name=include_name,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
