"""The engine factory: connection settings, read-only connections, money columns, crash safety."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, Integer, MetaData, Table, insert, select, text
from sqlalchemy.exc import IntegrityError

from casedesk.domain.money import Money
from casedesk.store.base import MoneyCents
from casedesk.store.casefile import open_case_file
from casedesk.store.caselist import escape_like
from casedesk.store.engine import BUSY_TIMEOUT_MS, make_server_engine, make_sqlite_engine, sqlite_connect


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    """An engine on a fresh, empty SQLite file, disposed after the test."""
    made = make_sqlite_engine(tmp_path / "plain.sqlite")
    yield made
    made.dispose()


PRAGMAS = ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")


def pragmas(conn: sqlite3.Connection) -> dict[str, object]:
    return {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in PRAGMAS}


DURABLE = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": BUSY_TIMEOUT_MS}


def test_every_pooled_connection_gets_the_durability_settings(engine: Engine) -> None:
    """Each connection the engine makes, not only the first, runs WAL, FULL sync, FKs, busy timeout."""
    with engine.connect() as first, engine.connect() as second:
        assert first.connection.dbapi_connection is not second.connection.dbapi_connection
        for connection in (first, second):
            settings = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar() for name in PRAGMAS}
            assert settings == DURABLE


def test_sqlite_connect_sets_the_durability_pragmas(tmp_path: Path) -> None:
    """The one connection function sets journal_mode=wal, synchronous=2 (FULL), foreign_keys, busy_timeout."""
    with closing(sqlite_connect(tmp_path / "plain.sqlite")) as conn:
        assert pragmas(conn) == DURABLE


def test_read_only_connection_changes_nothing(tmp_path: Path) -> None:
    """A read-only connection cannot write and does not even switch the file to WAL."""
    path = tmp_path / "plain.sqlite"
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE t (x)")
    before = path.read_bytes()

    with closing(sqlite_connect(path, read_only=True)) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            conn.execute("INSERT INTO t VALUES (1)")
    assert path.read_bytes() == before


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    """The database itself refuses a case whose client does not exist."""
    case_file = open_case_file(tmp_path / "cases.sqlite", create=True)
    try:
        with pytest.raises(IntegrityError, match="FOREIGN KEY"), case_file.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO cases (number, caption, client_id, case_type, incident_place, jurisdiction,"
                    " status, attorney, opened_on, facts, next_action)"
                    " VALUES ('PI-1', 'A v. B', 999, 'other', '', '', 'intake', '', '2026-01-01', '', '')"
                )
            )
    finally:
        case_file.close()


def test_transaction_reads_one_consistent_snapshot(tmp_path: Path) -> None:
    """Reads inside a transaction do not see commits made meanwhile by another connection."""
    path = tmp_path / "plain.sqlite"
    reader, writer = make_sqlite_engine(path), make_sqlite_engine(path)
    try:
        with writer.begin() as connection:
            connection.execute(text("CREATE TABLE t (x)"))
            connection.execute(text("INSERT INTO t VALUES (1)"))
        with reader.begin() as reading:
            assert reading.execute(text("SELECT count(*) FROM t")).scalar() == 1
            with writer.begin() as connection:
                connection.execute(text("INSERT INTO t VALUES (2)"))
            assert reading.execute(text("SELECT count(*) FROM t")).scalar() == 1
        with reader.connect() as reading:
            assert reading.execute(text("SELECT count(*) FROM t")).scalar() == 2
    finally:
        reader.dispose()
        writer.dispose()


@pytest.mark.parametrize("cents", [0, 1, -1, 123456789, -(2**63) + 1, 2**63 - 1])
def test_money_is_stored_as_integer_cents(engine: Engine, cents: int) -> None:
    """A Money column stores exact integer cents and reads back the same Money."""
    metadata = MetaData()
    amounts = Table(
        "amounts", metadata, Column("id", Integer, primary_key=True), Column("amount", MoneyCents)
    )
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(amounts), [{"amount": Money(cents)}, {"amount": None}])
        assert connection.execute(select(amounts.c.amount).order_by(amounts.c.id)).scalars().all() == [
            Money(cents),
            None,
        ]
        raw = connection.execute(text("SELECT amount, typeof(amount) FROM amounts WHERE id = 1")).one()
        assert tuple(raw) == (cents, "integer")


@pytest.mark.parametrize("cents", [-(2**63) + 1, 2**63 - 1])
def test_money_is_exact_integer_cents_on_both_databases(case_target: Path | str, cents: int) -> None:
    """The largest amounts come back to the cent from a firm database's bigint column as from SQLite."""
    engine = (
        make_server_engine(case_target) if isinstance(case_target, str) else make_sqlite_engine(case_target)
    )
    metadata = MetaData()
    amounts = Table(
        "amounts", metadata, Column("id", Integer, primary_key=True), Column("amount", MoneyCents)
    )
    try:
        metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(insert(amounts), [{"amount": Money(cents)}])
            assert connection.execute(select(amounts.c.amount)).scalar_one() == Money(cents)
            kind = "pg_typeof(amount)::text" if engine.dialect.name == "postgresql" else "typeof(amount)"
            raw = connection.execute(text(f"SELECT amount, {kind} FROM amounts")).one()
            assert tuple(raw) == (cents, "bigint" if engine.dialect.name == "postgresql" else "integer")
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("typed", "escaped"),
    [("100%", "100\\%"), ("a_b", "a\\_b"), ("C:\\x", "C:\\\\x"), ("plain", "plain")],
)
def test_escape_like_makes_wildcards_literal(typed: str, escaped: str) -> None:
    """``%``, ``_`` and the backslash escape character are escaped for a LIKE pattern."""
    assert escape_like(typed) == escaped


CHILD = """
import sys
from pathlib import Path
from casedesk.domain.cases import Client
from casedesk.store import cases as case_store
from casedesk.store.casefile import open_case_file

case_file = open_case_file(Path(sys.argv[1]))
while True:
    with case_file.session() as session:
        saved = case_store.add_client(session, Client(name="Crash test", notes="x" * 500))
    print(saved.id, flush=True)  # acknowledged: the commit has returned
"""


def test_kill_9_never_loses_an_acknowledged_commit(tmp_path: Path) -> None:
    """A process killed mid-stream of commits loses none it acknowledged, and the file stays intact."""
    path = tmp_path / "cases.sqlite"
    open_case_file(path, create=True).close()
    acknowledged: list[int] = []
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as child:
        watchdog = threading.Timer(30, child.kill)
        watchdog.start()
        try:
            assert child.stdout is not None
            for line in child.stdout:
                acknowledged.append(int(line))
                if len(acknowledged) == 150:
                    child.send_signal(signal.SIGKILL)  # while it keeps committing
                    break
            acknowledged.extend(int(line) for line in child.stdout)  # printed before it died
            child.wait()
        finally:
            watchdog.cancel()
        assert child.stderr is not None
        errors = child.stderr.read()
    assert child.returncode == -signal.SIGKILL, errors
    assert len(acknowledged) >= 150
    wal = path.with_name(f"{path.name}-wal")
    assert wal.stat().st_size > 0  # the child died with commits not yet checkpointed: real recovery

    reopened = open_case_file(path)
    try:
        with reopened.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            stored = set(connection.execute(text("SELECT id FROM clients")).scalars())
    finally:
        reopened.close()
    assert set(acknowledged) <= stored
