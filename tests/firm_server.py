"""A PostgreSQL server for the tests: a fresh firm database per test, copied from a migrated template.

Migrating a database from nothing takes about a second; ``CREATE DATABASE … TEMPLATE`` copies a migrated
one in about 40 ms. Each test process (pytest-xdist worker) has its own template and databases, named
after it, so parallel workers never touch each other's.
"""

from __future__ import annotations

import itertools
import os
import tempfile
import time
from pathlib import Path

import pytest

DEFAULT_URL = "postgresql+psycopg://casedesk:casedesk@127.0.0.1:54329/casedesk"
#: Who the tests sign in as on a firm database (an administrator; every test database has the account).
TEST_USER = "tester"
TEST_PASSWORD = "correct horse battery staple"


class FirmServer:
    """The server, reached through the role of ``url``; makes and drops the tests' databases."""

    def __init__(self, url: str, prefix: str) -> None:
        from sqlalchemy.engine import make_url

        self.url = make_url(url)
        self.prefix = prefix
        self.template = f"{prefix}_template"
        self._numbers = itertools.count(1)
        self._admin = self._connect()

    @classmethod
    def start(cls, url: str | None, worker: str) -> FirmServer:
        """Connect, and build this worker's template database; skip (or fail, if ``url`` was given)."""
        try:
            server = cls(url or DEFAULT_URL, f"casedesk_test_{os.getpid()}_{worker}")
        except Exception as exc:
            if url:
                raise
            pytest.skip(f"no PostgreSQL server for the firm-database runs ({type(exc).__name__}); see README")
        server.build_template()
        return server

    def _connect(self):  # type: ignore[no-untyped-def]
        import psycopg

        return psycopg.connect(
            self.url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False),
            autocommit=True,
            connect_timeout=5,
        )

    def database_url(self, name: str) -> str:
        """The SQLAlchemy URL of database ``name`` on this server."""
        return self.url.set(database=name).render_as_string(hide_password=False)

    def build_template(self) -> None:
        """Create the template database and migrate it to the newest schema."""
        from casedesk.store.casefile import open_case_file

        self._admin.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin.execute(f'CREATE DATABASE "{self.template}"')
        with tempfile.TemporaryDirectory() as documents:
            open_case_file(self.database_url(self.template), documents=Path(documents)).close()
        self.add_test_user()

    def add_test_user(self) -> None:
        """Give the template the account the tests sign in with (an administrator; hashed once)."""
        from datetime import UTC, datetime

        import psycopg

        from casedesk.services.users import hash_password

        url = self.url.set(drivername="postgresql", database=self.template)
        with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as connection:
            connection.execute(
                "INSERT INTO users (name, full_name, password_hash, admin, active, created_at, changed_by)"
                " VALUES (%s, '', %s, true, true, %s, '')",
                (TEST_USER, hash_password(TEST_PASSWORD), datetime.now(UTC)),
            )

    def new_database(self) -> str:
        """A new database copied from the template; its URL."""
        name = f"{self.prefix}_{next(self._numbers)}"
        self._admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.database_url(name)

    def drop_database(self, url: str) -> None:
        """Drop a test's database, closing whatever connections a failed test left open."""
        import psycopg
        from sqlalchemy.engine import make_url

        for attempt in range(50):  # FORCE may not end an autovacuum worker (the server's own role): wait
            try:
                self._admin.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
                return
            except psycopg.errors.InsufficientPrivilege:
                if attempt == 49:
                    raise
                time.sleep(0.1)

    def close(self) -> None:
        """Drop the template and disconnect."""
        self._admin.execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._admin.close()
