"""The migrations: their revisions match what the opener knows, and they build the ORM's schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from casedesk.store.casefile import SCHEMA_REVISIONS, open_case_file
from casedesk.store.engine import make_server_engine, make_sqlite_engine
from casedesk.store.migrations import alembic_config, head_revision, include_name, upgrade_to_head
from casedesk.store.schema import metadata


@pytest.fixture
def migrated(case_target: Path | str) -> Iterator[Engine]:
    """An engine on a case file (or a firm database) freshly created by the migrations."""
    if isinstance(case_target, str):  # a new firm database, a copy of one the migrations just built
        engine = make_server_engine(case_target)
    else:
        open_case_file(case_target, create=True).close()
        engine = make_sqlite_engine(case_target)
    yield engine
    engine.dispose()


def test_head_revision_is_the_one_the_opener_writes() -> None:
    """The newest migration script is the revision casedesk records in new files."""
    assert head_revision() == SCHEMA_REVISIONS[-1]


def test_opener_knows_every_shipped_revision_in_order() -> None:
    """SCHEMA_REVISIONS lists exactly the migration scripts, oldest first, in one straight line."""
    scripts = ScriptDirectory.from_config(alembic_config())
    assert len(scripts.get_heads()) == 1
    oldest_first = [script.revision for script in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == SCHEMA_REVISIONS


def test_migrated_schema_matches_the_orm(migrated: Engine) -> None:
    """A file built by the migrations has exactly the tables, columns, indexes and keys of the rows."""
    with migrated.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, metadata) == []


def test_downgrade_to_base_and_upgrade_again(migrated: Engine) -> None:
    """The migrations can be undone and redone (the downgrade path is not dead code)."""
    with migrated.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
        assert set(inspect(connection).get_table_names()) == {"alembic_version"}
        upgrade_to_head(connection)
        assert set(metadata.tables) <= set(inspect(connection).get_table_names())
        assert MigrationContext.configure(connection).get_current_revision() == SCHEMA_REVISIONS[-1]


def test_migrations_refuse_to_run_without_a_connection() -> None:
    """The environment only runs on a connection handed in by casedesk, never on a configured URL."""
    with pytest.raises(RuntimeError, match="only through casedesk"):
        command.upgrade(alembic_config(), "head")
