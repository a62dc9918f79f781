"""The one engine factory: every database connection casedesk makes is made here.

SQLAlchemy is imported only when an engine is made, so that a read-only look at a case file (the
checks before opening it, the case list shown at start-up) costs no more than sqlite3 itself.
"""

from __future__ import annotations

import functools
import sqlite3
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

BUSY_TIMEOUT_MS = 5000
#: The SQL function that folds text as :func:`fold_text` does, on every database casedesk uses (SQL text
#: written once for both, such as the case list's, calls it; on SQLite ``lower()`` folds so too).
FOLD_FUNCTION = "casedesk_fold"


def sqlite_connect(path: Path, *, read_only: bool = False, key: str | None = None) -> sqlite3.Connection:
    """Open one SQLite connection with casedesk's durability settings.

    Writable connections use WAL with ``synchronous=FULL`` (no acknowledged commit is lost on a power
    cut); every connection enforces foreign keys and waits for locks instead of failing at once.
    A read-only connection changes nothing in the file, not even its journal mode.

    Args:
        path: The database file.
        read_only: Open it for reading only.
        key: The passphrase of an encrypted (SQLCipher) case file; None for a plain one.

    Raises:
        sqlite3.DatabaseError: (or SQLCipher's own ``DatabaseError``) the file cannot be opened; for an
            encrypted file a wrong key and a damaged file both say "file is not a database".
    """
    if key is not None:
        conn = _sqlcipher_connect(path, read_only=read_only, key=key)
    elif read_only:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(path, check_same_thread=False)
    try:
        # SQLite's own lower() folds ASCII only. casedesk's folds all of Unicode and also drops accents
        # and typographic apostrophes, so search and sorting (ILIKE is lower() LIKE lower()) find
        # "García" from "garcia" and "O’Brien" from "O'Brien".
        conn.create_function("lower", 1, _unicode_lower, deterministic=True)
        conn.create_function(FOLD_FUNCTION, 1, _unicode_lower, deterministic=True)  # as on PostgreSQL
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()  # e.g. "database is locked" while switching to WAL
        raise
    return conn


def _sqlcipher_connect(path: Path, *, read_only: bool, key: str) -> sqlite3.Connection:
    """A SQLCipher connection keyed with ``key``, failing at once on a wrong key (imports SQLCipher).

    Deriving the database key from a passphrase costs about 100 ms per connection; it is derived once per
    passphrase and file (:func:`_raw_key`) and handed to SQLCipher as a raw key after that. If the raw key
    does not open the file (made with other key derivation settings), SQLCipher derives it itself.
    """
    raw = _raw_key(path, key)
    if raw is not None:
        try:
            return _keyed_connect(path, read_only, raw)
        except Exception:  # a wrong passphrase, or derived otherwise: SQLCipher tries below
            pass
    return _keyed_connect(path, read_only, sql_string(key))  # a key cannot be a bound parameter


def _keyed_connect(path: Path, read_only: bool, key_literal: str) -> sqlite3.Connection:
    from sqlcipher3 import dbapi2 as sqlcipher

    if read_only:
        conn = sqlcipher.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    else:
        conn = sqlcipher.connect(str(path), check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = {key_literal}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn  # type: ignore[no-any-return]


#: SQLCipher 4's default key derivation: PBKDF2-HMAC-SHA512, 256,000 rounds, a 256-bit key.
_KDF_ROUNDS = 256_000


def _raw_key(path: Path, key: str) -> str | None:
    """The SQL literal of the raw database key of ``path`` for ``key`` (None for a new or plain file)."""
    try:
        with path.open("rb") as stream:
            salt = stream.read(16)  # SQLCipher keeps the key derivation's salt in the first 16 bytes
    except OSError:
        return None
    if len(salt) < 16 or salt == b"SQLite format 3\x00":
        return None
    return "\"x'" + _derived_key(key, salt) + "'\""


@functools.lru_cache(maxsize=8)
def _derived_key(key: str, salt: bytes) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    return PBKDF2HMAC(hashes.SHA512(), 32, salt, _KDF_ROUNDS).derive(key.encode("utf-8")).hex()


def forget_keys() -> None:
    """Drop every database key derived in this process (when a case file is closed or locked)."""
    _derived_key.cache_clear()


def sql_string(text: str) -> str:
    """``text`` as an SQL string literal (quotes doubled), for the PRAGMAs that take no parameters."""
    return "'" + text.replace("'", "''") + "'"


_SqlValue = str | bytes | int | float | None


def _unicode_lower(value: _SqlValue) -> _SqlValue:
    return fold_text(value) if isinstance(value, str) else value


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def fold_text(text: str) -> str:
    """Lower case without accents, typographic apostrophes made plain: "García O’Brien" → "garcia o'brien".

    Case managers type names as they hear them; a search must find "García" from "garcia".
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def make_sqlite_engine(path: Path, *, read_only: bool = False, key: str | None = None) -> Engine:
    """A pooled SQLAlchemy engine whose connections come from :func:`sqlite_connect`."""
    from sqlalchemy import create_engine

    def creator() -> sqlite3.Connection:
        return sqlite_connect(path, read_only=read_only, key=key)

    # An encrypted file's values (names, notes) must never reach an error message or a log.
    engine = create_engine(f"sqlite:///{path}", creator=creator, hide_parameters=key is not None)
    _disable_pysqlite_transaction_handling(engine)
    return engine


def _disable_pysqlite_transaction_handling(engine: Engine) -> None:
    """Let SQLAlchemy emit BEGIN itself, so a transaction covers reads as well as writes."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def is_database_url(target: str) -> bool:
    """Whether ``target`` (a ``--db`` value) names a database server rather than a case file's path."""
    return "://" in target


def display_url(url: str) -> str:
    """A database URL for people and logs: the password masked."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def make_server_engine(url: str) -> Engine:
    """A pooled engine on a firm database (PostgreSQL through psycopg 3).

    Connections are checked before use, so a server restart or a dropped network connection costs one
    retry, not an error; statement parameters (clients' names, notes) never reach a message or a log.
    """
    from sqlalchemy import create_engine

    _fold_on_postgresql()
    return create_engine(url, pool_pre_ping=True, pool_size=4, max_overflow=4, hide_parameters=True)


@functools.cache
def _fold_on_postgresql() -> None:
    """Make ``func.lower()`` and ``ilike`` fold on PostgreSQL as they do on SQLite (:func:`fold_text`).

    On SQLite casedesk replaces ``lower()``, and SQLAlchemy writes ILIKE as ``lower() LIKE lower()``, so
    every name lookup and sort finds "García" from "garcia". On PostgreSQL both are written with the
    database's ``casedesk_fold()`` (migration 0005: lower case, unaccent, plain apostrophes) instead.
    """
    from sqlalchemy.ext.compiler import compiles
    from sqlalchemy.sql import operators
    from sqlalchemy.sql.elements import BinaryExpression
    from sqlalchemy.sql.functions import Function

    @compiles(Function, "postgresql")
    def _function(element: Any, compiler: Any, **kw: Any) -> str:
        if element.name.lower() == "lower":
            return f"{FOLD_FUNCTION}({compiler.process(element.clauses, **kw)})"
        return str(compiler.visit_function(element, **kw))

    @compiles(BinaryExpression, "postgresql")
    def _binary(element: Any, compiler: Any, **kw: Any) -> str:
        negated = element.operator is operators.not_ilike_op
        if not negated and element.operator is not operators.ilike_op:
            return str(compiler.visit_binary(element, **kw))
        left = compiler.process(element.left, **kw)
        right = compiler.process(element.right, **kw)
        sql = f"{FOLD_FUNCTION}({left}) {'NOT LIKE' if negated else 'LIKE'} {FOLD_FUNCTION}({right})"
        escape = element.modifiers.get("escape")
        if escape is not None:
            sql += " ESCAPE " + sql_string(escape)
        return sql
