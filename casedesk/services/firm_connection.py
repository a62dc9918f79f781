"""Trying a firm database's address before opening it: can the server be reached, is it casedesk's?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from casedesk.domain.errors import CaseFileError
from casedesk.store.casefile import SCHEMA_REVISIONS
from casedesk.store.engine import display_url

#: Seconds to wait for the server before saying it cannot be reached.
CONNECT_TIMEOUT_S = 5


@dataclass(frozen=True, slots=True)
class ConnectionCheck:
    """What a test connection to a firm database found.

    Attributes:
        where: The database's address, password masked.
        server: The server's product and version ("PostgreSQL 16.4").
        revision: The casedesk schema revision in the database; None for an empty database, which
            casedesk sets up when it first opens it.
        accounts: How many people have an account in it (0 for an empty database).
    """

    where: str
    server: str
    revision: str | None
    accounts: int

    @property
    def summary(self) -> str:
        """The outcome in a sentence for the person connecting."""
        if self.revision is None:
            state = "It is empty: casedesk sets it up when you connect, and you create the first account."
        elif self.revision != SCHEMA_REVISIONS[-1]:
            state = "It is a casedesk firm database from an older casedesk; it is upgraded when you connect."
        else:
            count = f"{self.accounts} account{'' if self.accounts == 1 else 's'}"
            state = f"It is a casedesk firm database with {count}."
        return f"Connected to {self.server}. {state}"


def check_firm_database(url: str, documents: Path | None = None) -> ConnectionCheck:
    """Connect to a firm database once, read what it holds and disconnect; change nothing.

    Args:
        url: The database's SQLAlchemy URL (``postgresql+psycopg://user:password@host:port/database``).
        documents: The shared documents folder, checked to exist when given.

    Raises:
        CaseFileError: The server cannot be reached, refused the user name or password, the database
            holds something other than casedesk's tables or comes from a newer casedesk, or the
            documents folder is missing.
    """
    from sqlalchemy import create_engine, inspect, text
    from sqlalchemy.exc import ArgumentError, DBAPIError
    from sqlalchemy.pool import NullPool

    try:
        where = display_url(url)
        engine = create_engine(
            url, poolclass=NullPool, hide_parameters=True, connect_args={"connect_timeout": CONNECT_TIMEOUT_S}
        )
    except (ArgumentError, ValueError) as exc:
        raise CaseFileError(
            "That is not a database address casedesk understands.",
            "Check the server, port and database name.",
        ) from exc
    if documents is not None and not documents.expanduser().is_dir():
        raise CaseFileError(
            f"The firm's documents folder {documents} is not there.",
            "Connect the shared drive (or create the folder), then try again.",
        )
    try:
        with engine.connect() as connection:
            server = str(connection.execute(text("SHOW server_version")).scalar() or "").split(" ")[0]
            tables = set(inspect(connection).get_table_names())
            revision: str | None = None
            accounts = 0
            if "alembic_version" in tables:
                revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            elif tables:
                raise CaseFileError(
                    f"{where} is not a casedesk firm database: it already holds other tables.",
                    "Give casedesk a database of its own, or check the database name.",
                )
            if revision is not None and revision not in SCHEMA_REVISIONS:
                raise CaseFileError(
                    f"The firm database {where} was saved by a newer version of casedesk.",
                    "Update casedesk on this computer to open it.",
                )
            if "users" in tables:
                accounts = int(connection.execute(text("SELECT count(*) FROM users")).scalar() or 0)
    except DBAPIError as exc:
        kind = type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__
        said = str(exc.orig).lower()
        if "password authentication failed" in said or "no password supplied" in said:
            raise CaseFileError(
                f"The server refused the database user or password for {where}.",
                "Check the database user and password (ask whoever runs the server).",
            ) from exc
        if "does not exist" in said and "database" in said:
            raise CaseFileError(
                f"The server has no database named {where.rsplit('/', 1)[-1]}.",
                "Check the database name (ask whoever runs the server).",
            ) from exc
        raise CaseFileError(
            f"casedesk cannot reach the firm database {where}.",
            "Check that the server is running and that the address, database, user name and password "
            f"are right ({kind}).",
        ) from exc
    finally:
        engine.dispose()
    return ConnectionCheck(
        where=where, server=f"PostgreSQL {server}".strip(), revision=revision, accounts=accounts
    )
