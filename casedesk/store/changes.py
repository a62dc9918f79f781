"""Noticing that someone else saved something in the case file (to refresh what is on screen).

On a firm database (PostgreSQL), every transaction that wrote anything sends ``NOTIFY casedesk_changes``
with a token naming the casedesk that sent it, as part of its commit (PostgreSQL delivers notifications
only when, and if, the transaction commits). A :class:`ChangeWatcher` listens on a connection of its own
and counts the notifications that carry another token. Nothing is stored, so nothing grows.

On a SQLite file, ``PRAGMA data_version`` on a connection kept for the purpose changes whenever another
connection commits; the watcher ignores a change when this casedesk itself committed a write since the
last look (on a laptop only one casedesk writes to a file at a time; another one has it read-only).
"""

from __future__ import annotations

import secrets
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

#: The PostgreSQL notification channel.
CHANNEL = "casedesk_changes"
#: Where a connection remembers that its current transaction wrote something.
_WROTE = "casedesk.changes.wrote"
_WRITES = ("insert", "update", "delete")


class ChangeWatcher:
    """Tells whether another connection saved something since the last :meth:`poll`.

    Args:
        engine: The case file's engine (its writes are this casedesk's own).
        sqlite_connect: Opens a plain connection to the SQLite file (None on a firm database).
    """

    def __init__(self, engine: Engine, sqlite_connect: Any = None) -> None:
        self._engine = engine
        self._token = secrets.token_hex(8)
        self._sqlite_connect = sqlite_connect
        self._sqlite: sqlite3.Connection | None = None
        self._seen_version: int | None = None
        self._own_commits = 0
        self._listener: Any = None
        self._received: list[str] = []
        self._firm = engine.dialect.name == "postgresql"
        event.listen(engine, "after_cursor_execute", self._after_execute)
        event.listen(engine, "commit", self._before_commit)
        event.listen(engine, "rollback", self._after_rollback)

    # -- this casedesk's writes -------------------------------------------------------------------

    def _after_execute(
        self, conn: Connection, cursor: Any, statement: str, parameters: Any, context: Any, many: bool
    ) -> None:
        if statement.lstrip()[:6].lower() in _WRITES:
            conn.info[_WROTE] = True

    def _before_commit(self, conn: Connection) -> None:
        if not conn.info.pop(_WROTE, False):
            return
        self._own_commits += 1
        if self._firm:
            raw = conn.connection.driver_connection
            if raw is not None:
                raw.execute("SELECT pg_notify(%s, %s)", (CHANNEL, self._token))

    def _after_rollback(self, conn: Connection) -> None:
        conn.info.pop(_WROTE, None)

    # -- others' writes ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start watching (what was saved before this is not news)."""
        if self._firm:
            self._listen()
        else:
            self._seen_version = self._data_version()
            self._own_commits = 0

    def poll(self) -> bool:
        """True when another connection saved something since the last poll (one tiny query)."""
        if self._firm:
            if self._listener is None or self._listener.closed:
                # Back after the connection was lost: anything may have happened meanwhile.
                return self._listen()
            import psycopg

            try:
                self._listener.execute("SELECT 1")
            except psycopg.Error:
                self._close_listener()  # the server is unreachable: try again at the next poll
                return False
            others = [token for token in self._received if token != self._token]
            self._received.clear()
            return bool(others)
        version = self._data_version()
        own, self._own_commits = self._own_commits, 0
        if version == self._seen_version:
            return False
        self._seen_version = version
        return own == 0

    def close(self) -> None:
        """Stop watching and close the watcher's own connection."""
        for name, listener in (
            ("after_cursor_execute", self._after_execute),
            ("commit", self._before_commit),
            ("rollback", self._after_rollback),
        ):
            if event.contains(self._engine, name, listener):
                event.remove(self._engine, name, listener)
        self._close_listener()
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None

    def _data_version(self) -> int:
        if self._sqlite is None:
            self._sqlite = self._sqlite_connect()
        row = self._sqlite.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def _listen(self) -> bool:
        """Connect and listen; False when the server cannot be reached now."""
        import psycopg

        self._close_listener()
        url = self._engine.url.set(drivername="postgresql")
        try:
            listener = psycopg.connect(
                url.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
            )
            listener.add_notify_handler(lambda notify: self._received.append(notify.payload))
            listener.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            return False
        self._listener = listener
        return True

    def _close_listener(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            finally:
                self._listener = None
        self._received.clear()
