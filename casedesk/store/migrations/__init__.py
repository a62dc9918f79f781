"""Alembic migrations of the case-file schema, applied when a case file is opened."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for the shipped migrations, bound to ``connection`` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """Whether schema comparison looks at ``name``: not at the full-text engine's own tables."""
    from casedesk.store.search import FULL_TEXT_TABLE_PREFIX

    return not (type_ == "table" and name is not None and name.startswith(FULL_TEXT_TABLE_PREFIX))


def upgrade_to_head(connection: Connection) -> None:
    """Apply every migration the database has not had yet, inside the caller's transaction."""
    command.upgrade(alembic_config(connection), "head")


def head_revision() -> str | None:
    """The newest revision among the shipped migration scripts."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
