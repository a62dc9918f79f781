"""Copying and checking case-file databases and stored files for backups and restores.

Every copy is written under a temporary name, flushed to disk and renamed (and its folder flushed), so a
copy that was interrupted — by Cancel, a full disk or a power cut — never looks like a complete one.
Encrypted databases are copied with the SQLite backup API between two connections keyed alike, so the
copy is encrypted with the same passphrase; no page is ever written in plain text.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.store.casefile import APPLICATION_ID, SCHEMA_REVISIONS, SQLITE_HEADER
from casedesk.store.engine import sqlite_connect

#: Pages the backup API copies per step: progress and Cancel are checked between steps.
PAGES_PER_STEP = 256
_CHUNK = 1 << 20


def copy_database(
    connect_source: Callable[[], sqlite3.Connection],
    target: Path,
    *,
    key: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
    label: str = "",
) -> Path:
    """Copy a database with the SQLite backup API to ``target``, atomically.

    Args:
        connect_source: Opens the database to copy (consistent even while others write to it).
        target: Where the copy goes; must not exist.
        key: The passphrase of an encrypted database: the copy is encrypted with it.
        progress: Told of pages copied.
        cancel: Stops between steps (raises ``Cancelled``); nothing is left at ``target``.
        label: The message given with each progress report.

    Raises:
        OSError, sqlite3.Error: The copy could not be written; nothing is left at ``target``.
    """
    partial = target.with_name(f".{target.name}.partial")
    _remove_database(partial)

    def step(_status: int, remaining: int, total: int) -> None:
        progress(total - remaining, total, label)
        if cancel is not None:
            cancel.check()

    try:
        with closing(connect_source()) as source, closing(sqlite_connect(partial, key=key)) as dest:
            source.backup(dest, pages=PAGES_PER_STEP, progress=step)
            dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        fsync_file(partial)
        partial.replace(target)
        fsync_folder(target.parent)
    except BaseException:
        _remove_database(partial)
        raise
    return target


def database_problems(path: Path, key: str | None) -> tuple[list[str], str | None, int | None]:
    """Check a database copy page by page: ``(problems, revision, cases)``; changes nothing.

    The problems say, in a case manager's words, why it cannot be restored: not a casedesk case file,
    damaged, from a newer casedesk, or (encrypted) not opened by the passphrase given.
    """
    try:
        with path.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as exc:
        return [f"casedesk cannot read {path.name}: {exc.strerror}."], None, None
    if header != SQLITE_HEADER and key is None:
        return [f"{path.name} is encrypted, or it is not a casedesk case file."], None, None
    if header == SQLITE_HEADER and key is not None:
        return [f"{path.name} is not encrypted: it was made before the case file was encrypted."], None, None
    try:
        with closing(sqlite_connect(path, read_only=True, key=key)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return [f"{path.name} is not a casedesk case file."], None, None
            damage = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if damage != ["ok"]:
                return [f"{path.name} is damaged: {'; '.join(damage[:3])}"], None, None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            cases = int(conn.execute("SELECT count(*) FROM cases").fetchone()[0])
    except sqlite3.DatabaseError as exc:
        if key is not None and header != SQLITE_HEADER:
            return [f"{path.name} is damaged, or it was encrypted with another passphrase."], None, None
        return [f"{path.name} is damaged and cannot be read ({exc})."], None, None
    except Exception as exc:  # SQLCipher's DatabaseError is not sqlite3's
        if type(exc).__name__ in ("DatabaseError", "OperationalError"):
            return [f"{path.name} is damaged, or it was encrypted with another passphrase."], None, None
        raise
    if row is None:
        return [f"{path.name} is damaged: it records no schema revision."], None, None
    revision: str = row[0]
    if revision not in SCHEMA_REVISIONS:
        return [f"{path.name} was saved by a newer version of casedesk."], revision, cases
    # An older revision is fine: opening the restored file upgrades it (after a safety copy).
    return [], revision, cases


def copy_file(source: Path, target: Path, cancel: CancelToken | None = None) -> str:
    """Copy one file byte for byte to ``target`` atomically; returns its SHA-256 (verified on disk).

    Raises:
        OSError: It could not be copied, or the copy on disk differs from the source.
    """
    partial = target.with_name(f".{target.name}.partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    try:
        with source.open("rb") as reading, partial.open("wb") as writing:
            while chunk := reading.read(_CHUNK):
                digest.update(chunk)
                writing.write(chunk)
                if cancel is not None:
                    cancel.check()
            writing.flush()
            os.fsync(writing.fileno())
        written = sha256_of(partial)
        if written != digest.hexdigest():
            raise OSError(f"the copy of {source.name} reads back differently; the disk may be failing")
        partial.replace(target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return written


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def checkpoint(path: Path, key: str | None) -> None:
    """Fold a closed database's -wal into it and remove the -wal (no-op when there is none).

    Raises:
        sqlite3.Error (or SQLCipher's): the database cannot be opened.
    """
    with closing(sqlite_connect(path, key=key)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()


def replace_database(replacement: Path, path: Path) -> None:
    """Put ``replacement`` (a verified, complete database beside ``path``) in ``path``'s place.

    The -wal and -shm of the old file are removed first (its content is already in a safety copy): a
    stale -wal left beside the new file would be replayed into it.
    """
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    replacement.replace(path)
    fsync_folder(path.parent)


def copy_raw_database(path: Path, target: Path) -> Path:
    """Copy a database that SQLite cannot open (damaged) byte for byte, with its -wal, atomically."""
    copy_file(path, target)
    wal = Path(f"{path}-wal")
    if wal.exists():
        copy_file(wal, Path(f"{target}-wal"))
    fsync_folder(target.parent)
    return target


def remove_tree(folder: Path) -> None:
    """Remove an unfinished backup folder (best effort: what is left is still marked unfinished)."""
    shutil.rmtree(folder, ignore_errors=True)


def fsync_file(path: Path) -> None:
    """Flush a file's content to disk."""
    with path.open("rb+") as stream:
        os.fsync(stream.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles to flush)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _remove_database(path: Path) -> None:
    for name in (str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        Path(name).unlink(missing_ok=True)
