"""Opening, creating, migrating and backing up a case file (a SQLite database + its document folder).

Every check that can refuse a file runs on a read-only connection first, so a file casedesk refuses —
not a database, damaged, from a newer casedesk, in a read-only place — is left byte-for-byte untouched.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.domain.errors import (
    CaseFileError,
    ConflictError,
    DatabaseUnreachableError,
    ReadOnlyError,
    SignInError,
)
from casedesk.store.engine import (
    display_url,
    forget_keys,
    is_database_url,
    make_server_engine,
    make_sqlite_engine,
    sqlite_connect,
)
from casedesk.store.lock import CaseFileLock, lock_case_file
from casedesk.store.passphrases import check_passphrase, looks_encrypted, missing_passphrase

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.orm import Session

#: Written into the SQLite header (``PRAGMA application_id``): "CDSK".
APPLICATION_ID = 0x4344534B
#: Every schema revision this casedesk knows, oldest first; the last is the one it writes.
SCHEMA_REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
)
SQLITE_HEADER = b"SQLite format 3\x00"
CASE_FILE_SUFFIX = ".sqlite"


@dataclass(frozen=True, slots=True)
class CaseFileState:
    """What a read-only look at a database file found.

    Attributes:
        revision: The schema revision recorded in the file; ``None`` for a new, empty file.
    """

    revision: str | None


class CaseFile:
    """An open case file: the engine, a session factory, and the document folder.

    A case file is either a SQLite file on this computer or a firm database on a PostgreSQL server shared
    by the firm's case managers (firm mode), whose documents live in a shared folder.

    Attributes:
        documents_dir: Where imported files live by hash: ``<stem>-documents/`` beside a SQLite file, or
            the firm's shared documents folder.
        backup_path: The copy made before migrating on this open, if one was made.
        key: The passphrase of an encrypted case file (None for a plain one; firm databases have none).
        read_only: Opened for reading only (e.g. another casedesk has it open): every save is refused.
        lock: The lock that keeps other casedesks from writing to the file while this one has it open
            (None when read-only, and on a firm database, where the server keeps saves apart).
        url: The firm database's address (None for a SQLite file).
        user: Who is working on the file: the account's user name on a laptop; on a firm database the
            signed-in person ("" until someone signs in). The audit trail and the timeline name them.
    """

    def __init__(
        self,
        path: Path | None,
        engine: Engine,
        backup_path: Path | None = None,
        *,
        key: str | None = None,
        read_only: bool = False,
        lock: CaseFileLock | None = None,
        url: str | None = None,
        documents_dir: Path | None = None,
    ) -> None:
        self._path = path
        self.engine = engine
        self.url = url
        if documents_dir is None:
            documents_dir = self.path.with_name(f"{self.path.stem}-documents")
        self.documents_dir = documents_dir
        self.backup_path = backup_path
        self.key = key
        self.read_only = read_only
        self.lock = lock
        self.user = "" if url is not None else _account_name()
        from sqlalchemy.orm import sessionmaker

        from casedesk.store.audit import audit_changes

        self._sessions = sessionmaker(engine, expire_on_commit=False)
        audit_changes(self._sessions, lambda: self.user)

    @property
    def firm_mode(self) -> bool:
        """This is a firm database on a server (PostgreSQL), not a SQLite file."""
        return self.url is not None

    @property
    def path(self) -> Path:
        """The SQLite database file.

        Raises:
            CaseFileError: This is a firm database: it has no file on this computer.
        """
        if self._path is None:
            raise not_on_firm_database("This")
        return self._path

    @property
    def location(self) -> str:
        """Where the case file is, for people: its path, or the firm database's address without password."""
        return (self.url and display_url(self.url)) or str(self._path)

    @property
    def name(self) -> str:
        """A short name for titles and messages: the file's name, or the firm database's name and host."""
        if self.url is None:
            return self.path.name
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        return f"{url.database} on {url.host or 'this computer'}"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back otherwise.

        Raises:
            ReadOnlyError: The block tried to save a change in a case file opened read-only.
        """
        from sqlalchemy.exc import DBAPIError
        from sqlalchemy.orm.exc import StaleDataError

        if self.firm_mode and not self.user:
            raise SignInError("Sign in to the firm database first.", "Nothing was read or saved.")
        try:
            with self._sessions() as session, session.begin():
                yield session
        except StaleDataError as exc:
            raise ConflictError("record") from exc
        except DBAPIError as exc:
            if self.read_only and exc.orig is not None and _is_read_only_error(exc.orig):
                raise ReadOnlyError(
                    f"{self.path.name} is open read-only, so this change was not saved.",
                    "Close the other casedesk that has it open, then open the case file again to change it.",
                ) from exc
            if self.firm_mode and _lost_server(exc):
                raise DatabaseUnreachableError(
                    f"The firm database cannot be reached ({self.name}), so this was not done.",
                    "Check the network connection (or ask whoever runs the server), then try again. "
                    "What was saved before is safe.",
                ) from exc
            raise

    def connect(self, *, read_only: bool = False) -> sqlite3.Connection:
        """A new plain DB-API connection to the SQLite database (for the backup API); the caller closes it.

        Raises:
            CaseFileError: This is a firm database.
        """
        return sqlite_connect(self.path, read_only=read_only or self.read_only, key=self.key)

    def close(self) -> None:
        """Close every pooled connection (WAL content is checkpointed into the database file) and unlock."""
        self.engine.dispose()
        if self.key is not None:
            forget_keys()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def open_case_file(
    path: Path | str,
    *,
    create: bool = False,
    passphrase: str | None = None,
    read_only: bool = False,
    documents: Path | None = None,
) -> CaseFile:
    """Open a case file, creating it if asked and migrating it to this casedesk's schema.

    Args:
        path: The database file, or a firm database's URL (``postgresql+psycopg://…``).
        documents: A firm database's shared documents folder (required for one; ignored for a file).
        create: Create a new case file when ``path`` does not exist.
        passphrase: The passphrase of an encrypted case file (a new file is created encrypted with it).
        read_only: Open it for reading only, without taking the lock (another casedesk has it open).

    Raises:
        CaseFileInUseError: Another casedesk has the file open (it may be opened read-only).
        PassphraseError: The file is encrypted and the passphrase is missing or wrong.
        CaseFileError: The file does not exist (and ``create`` is false), is not a casedesk case file,
            is damaged, comes from a newer casedesk, or is in a place casedesk cannot write to.
    """
    if isinstance(path, str):
        if is_database_url(path):
            return open_firm_database(path, documents=documents)
        path = Path(path)
    path = path.expanduser().absolute()
    if path.is_dir():
        raise CaseFileError(f"{path} is a folder, not a case file.", "Choose a .sqlite case file.")
    if not path.exists():
        if not create:
            raise CaseFileError(f"There is no case file at {path}.", "Check the path, or create one.")
        try:  # the lock file goes beside the new file
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise _read_only(path) from exc
        lock = lock_case_file(path)
        try:
            return _create(path, lock, passphrase)
        except BaseException:
            lock.release()
            raise
    passphrase = _passphrase_for(path, passphrase)
    state = inspect_case_file(path, key=passphrase)
    if read_only:
        if state.revision != SCHEMA_REVISIONS[-1]:
            raise CaseFileError(
                f"{path.name} must be upgraded to this version of casedesk before it can be read.",
                "Open it when no other casedesk has it open; it is upgraded then (after a backup copy).",
            )
        return CaseFile(
            path, make_sqlite_engine(path, read_only=True, key=passphrase), key=passphrase, read_only=True
        )
    _check_writable(path)
    lock = lock_case_file(path)
    try:
        _remove_rewrite_leftovers(path)
        backup_path = None
        if state.revision != SCHEMA_REVISIONS[-1]:
            if state.revision is not None:
                backup_path = backup_case_file(
                    path, reason=f"before-upgrade-from-{state.revision}", key=passphrase
                )
            _migrate(path, passphrase)
        return _opened(path, backup_path, passphrase, lock)
    except BaseException:
        lock.release()
        raise


def open_firm_database(url: str, *, documents: Path | None) -> CaseFile:
    """Open a firm database on a server, creating or upgrading its schema with the same migrations.

    Two casedesks starting at once on a new or older database do not both migrate it: the migration runs
    under a server-side lock, and the second finds the work done. Nobody is signed in yet.

    Args:
        url: A SQLAlchemy URL, e.g. ``postgresql+psycopg://user:password@host:5432/casedesk``.
        documents: The firm's shared documents folder (it must exist: a network drive that is not
            connected must not be replaced by an empty local folder).

    Raises:
        CaseFileError: The server cannot be reached or refused the sign-in, the database is not a
            casedesk database or comes from a newer casedesk, or the documents folder is missing.
    """
    where = display_url(url)
    if documents is None:
        raise CaseFileError(
            f"The firm database {where} needs its shared documents folder.",
            "Give it with --documents DIR (or the CASEDESK_DOCUMENTS environment variable).",
        )
    documents = documents.expanduser().absolute()
    if not documents.is_dir():
        raise CaseFileError(
            f"The firm's documents folder {documents} is not there.",
            "Connect the shared drive (or create the folder), then open the firm database again.",
        )
    engine = make_server_engine(url)
    try:
        _prepare_firm_database(engine, where)
    except BaseException:
        engine.dispose()
        raise
    return CaseFile(None, engine, url=url, documents_dir=documents)


def _prepare_firm_database(engine: Engine, where: str) -> None:
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import DBAPIError

    from casedesk.store.migrations import upgrade_to_head

    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": APPLICATION_ID})
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            elif tables:
                raise CaseFileError(
                    f"{where} is not a casedesk firm database: it already holds other tables.",
                    "Give casedesk a database of its own (CREATE DATABASE casedesk OWNER …).",
                )
            if revision is not None and revision not in SCHEMA_REVISIONS:
                raise CaseFileError(
                    f"The firm database {where} was saved by a newer version of casedesk.",
                    "Update casedesk on this computer to open it; nothing has been changed.",
                )
            if revision != SCHEMA_REVISIONS[-1]:
                upgrade_to_head(connection)
    except DBAPIError as exc:
        raise CaseFileError(
            f"casedesk cannot reach the firm database {where}.",
            "Check that the server is running and that the address, user name and password are right "
            f"({type(exc.orig).__name__ if exc.orig is not None else type(exc).__name__}).",
        ) from exc


def _lost_server(error: DBAPIError) -> bool:
    """Whether ``error`` says the server went away (restarted, network gone), not that a statement failed."""
    from sqlalchemy.exc import InterfaceError, OperationalError

    # A serialization failure or a deadlock is a subclass of the driver's OperationalError; a lost or
    # refused connection is the class itself.
    lost = isinstance(error, OperationalError) and type(error.orig).__name__ == "OperationalError"
    return error.connection_invalidated or lost or isinstance(error, InterfaceError)


def not_on_firm_database(what: str) -> CaseFileError:
    """The error for a laptop-only feature (backups beside the file, encryption, the lock) in firm mode."""
    return CaseFileError(
        f"{what} works on a case file on this computer, not on a firm database.",
        "The firm's database administrator backs up and secures the firm database on the server.",
    )


def inspect_case_file(path: Path, *, thorough: bool = True, key: str | None = None) -> CaseFileState:
    """Decide, without writing anything, whether ``path`` is a case file this casedesk can open.

    Args:
        path: The database file.
        thorough: Also check every page of the file for damage (``PRAGMA quick_check``, about 1.5 ms
            per MB). Only a look that is followed by a thorough one may skip it.
        key: The passphrase of an encrypted case file.

    Raises:
        CaseFileError: Not a casedesk case file, damaged, or from a newer casedesk.
    """
    not_ours = CaseFileError(
        f"{path.name} is not a casedesk case file.", "Open a .sqlite file made by casedesk."
    )
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise CaseFileError(f"casedesk cannot read {path}: {exc.strerror}.") from exc
    if header != SQLITE_HEADER and key is None:
        raise missing_passphrase(path) if looks_encrypted(path) else not_ours
    if header == SQLITE_HEADER:
        key = None  # a plain file opens without its passphrase
    try:
        with closing(sqlite_connect(path, read_only=True, key=key)) as conn:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if app_id == 0 and not tables:
                return CaseFileState(revision=None)
            if app_id != APPLICATION_ID or "alembic_version" not in tables:
                raise not_ours
            if thorough and conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise _damaged(path)
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except _database_errors(key) as exc:
        # Reading a WAL file needs its -shm beside it: in a read-only folder SQLite cannot open it.
        raise (_read_only(path) if _is_read_only_error(exc) else _damaged(path)) from exc
    if row is None:  # casedesk tables without a recorded revision: never written by casedesk
        raise _damaged(path)
    revision: str = row[0]
    if revision not in SCHEMA_REVISIONS:
        raise CaseFileError(
            f"{path.name} was saved by a newer version of casedesk.",
            "Update casedesk to open it; the file has not been changed.",
        )
    return CaseFileState(revision=revision)


def _passphrase_for(path: Path, passphrase: str | None) -> str | None:
    """The key to open ``path`` with: None for a plain file, else a passphrase that was tried and works.

    Raises:
        PassphraseError: Encrypted, and no passphrase, or a wrong one (tries are slowed down).
    """
    try:
        encrypted = looks_encrypted(path)
    except OSError as exc:
        raise CaseFileError(f"casedesk cannot read {path}: {exc.strerror}.") from exc
    if not encrypted:
        return None
    if passphrase is None:
        raise missing_passphrase(path)
    check_passphrase(path, passphrase)
    return passphrase


def _remove_rewrite_leftovers(path: Path) -> None:
    """Remove the copy an encryption, decryption or passphrase change killed midway left beside the file.

    With the lock held none is running; a decryption's copy holds the case file in plain text.
    """
    for suffix in ("", "-wal", "-shm", "-journal"):
        leftover = path.with_name(f".{path.name}.rewrite{suffix}")
        with contextlib.suppress(OSError):
            leftover.unlink()


def _database_errors(key: str | None) -> tuple[type[Exception], ...]:
    """sqlite3's DatabaseError, and SQLCipher's own (not a subclass of it) when a key is used."""
    if key is None:
        return (sqlite3.DatabaseError,)
    from sqlcipher3 import dbapi2 as sqlcipher

    return (sqlite3.DatabaseError, sqlcipher.DatabaseError)


def backup_case_file(path: Path, *, reason: str, key: str | None = None) -> Path:
    """Copy a case file with the SQLite backup API into ``<stem>-backups/`` beside it.

    The copy is consistent even while the file is open; it is written under a temporary name,
    flushed to disk and renamed, so a half-written backup never looks like a good one.

    Raises:
        CaseFileError: The backup could not be written (no space, no permission).
    """
    try:
        return _backup(path, reason, key)
    except (OSError, sqlite3.Error) as exc:
        raise CaseFileError(
            f"casedesk could not make a backup copy of {path.name} ({exc}).",
            "Nothing was changed. Free some disk space or check the folder's permissions, then try again.",
        ) from exc


def _backup(path: Path, reason: str, key: str | None = None) -> Path:
    folder = path.with_name(f"{path.stem}-backups")
    folder.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"{path.stem}-{stamp}-{reason}{CASE_FILE_SUFFIX}"
    copies = 1
    while target.exists():  # two backups in the same second: keep both
        copies += 1
        target = folder / f"{path.stem}-{stamp}-{reason}-{copies}{CASE_FILE_SUFFIX}"
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with (
        closing(sqlite_connect(path, read_only=True, key=key)) as source,
        closing(sqlite_connect(partial, key=key)) as dest,
    ):
        source.backup(dest)
    with partial.open("rb+") as stream:
        os.fsync(stream.fileno())
    partial.replace(target)
    _fsync_folder(folder)
    return target


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to flush)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _create(path: Path, lock: CaseFileLock, key: str | None = None) -> CaseFile:
    """A new case file; encrypted with ``key`` when one is given."""
    _check_writable(path)
    _migrate(path, key)
    return _opened(path, None, key, lock)


def _migrate(path: Path, key: str | None = None) -> None:
    """Bring the schema to the newest revision (alembic is imported only when there is work)."""
    from sqlalchemy.exc import DBAPIError

    from casedesk.store.migrations import upgrade_to_head

    engine = make_sqlite_engine(path, key=key)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            upgrade_to_head(connection)
    except (sqlite3.OperationalError, DBAPIError) as exc:  # SQLAlchemy wraps the driver's errors
        if _is_read_only_error(getattr(exc, "orig", exc)):
            raise _read_only(path) from exc
        raise
    finally:
        engine.dispose()


def _opened(path: Path, backup_path: Path | None, key: str | None, lock: CaseFileLock) -> CaseFile:
    case_file = CaseFile(path, make_sqlite_engine(path, key=key), backup_path, key=key, lock=lock)
    try:
        case_file.documents_dir.mkdir(exist_ok=True)
    except OSError as exc:
        case_file.close()
        raise CaseFileError(
            f"casedesk cannot make the document folder {case_file.documents_dir.name} beside the case file.",
            f"Something else has that name, or the folder is not writable ({exc.strerror}).",
        ) from exc
    return case_file


def _account_name() -> str:
    """The name of the account casedesk runs under ("" if the system cannot say)."""
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no USER/LOGNAME and no passwd entry (a bare container)
        return ""


def _check_writable(path: Path) -> None:
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    file_ok = not path.exists() or os.access(path, os.W_OK)
    if not (folder_ok and file_ok):
        raise _read_only(path)


def _is_read_only_error(exc: BaseException) -> bool:
    """Whether SQLite failed because it may not write the file or create its -wal/-shm beside it."""
    name = getattr(exc, "sqlite_errorname", "")
    return isinstance(name, str) and name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN"))


def _read_only(path: Path) -> CaseFileError:
    return CaseFileError(
        f"casedesk cannot write to {path}.",
        "Copy the case file to a folder you can write to (for example Documents) and open the copy.",
    )


def _damaged(path: Path) -> CaseFileError:
    return CaseFileError(
        f"{path.name} is damaged and cannot be opened safely.",
        f"It has not been changed. Open a backup from {path.stem}-backups/ beside it, if there is one.",
    )
