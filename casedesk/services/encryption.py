"""Encrypting, decrypting and re-keying a CLOSED case file: the database and its document store.

Each is done as: copy, verify, then replace. The database is copied into a temp file beside it with
SQLCipher's ``sqlcipher_export`` (keyed, or plain for decrypting), and the copy is checked (it opens with
the key, SQLite's integrity check passes, every table holds as many rows as the original). Then every
stored document is sealed (or unsealed) into the same folder under its new name, and each new file is
read back and its content compared with the original's by SHA-256. Only then is the database replaced
(one atomic rename: the moment the change happens), and after it the old files are removed. Until that
rename the original case file is untouched and works as before; a failure or Cancel removes what was
written.

Plain backups in ``<stem>-backups/`` hold the file's content in plain text: encrypting removes them
(after making an encrypted backup) unless the caller asks to keep them, and says which were kept.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casedesk.domain.documents import stored_name
from casedesk.domain.errors import CaseFileError, CaseFileInUseError
from casedesk.domain.letters import docx_name
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.services.docstore import DATA_KEY_SECRET, sync_folder
from casedesk.store.casefile import APPLICATION_ID, backup_case_file, inspect_case_file
from casedesk.store.engine import fold_text, sql_string, sqlite_connect
from casedesk.store.lock import CaseFileLock, lock_case_file, lock_holder
from casedesk.store.passphrases import check_passphrase, clear_tries, looks_encrypted

#: Shortest passphrase accepted for a new encryption.
MIN_PASSPHRASE = 8
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class EncryptionResult:
    """What encrypting or decrypting a case file did.

    Attributes:
        path: The case file.
        documents: Stored files sealed (or unsealed).
        missing: Stored files the database names that were not in the document folder (nothing to seal).
        removed_backups: Plain backups removed after encrypting.
        kept_backups: Backups left as they were: plain ones after encrypting (kept on request, or because
            the encrypted backup that replaces them could not be written), or
            encrypted ones after decrypting (they still need the passphrase).
        new_backup: The encrypted backup made before removing plain ones (None if none was made).
    """

    path: Path
    documents: int = 0
    missing: tuple[str, ...] = ()
    removed_backups: tuple[Path, ...] = ()
    kept_backups: tuple[Path, ...] = field(default=())
    new_backup: Path | None = None


def is_encrypted(path: Path) -> bool:
    """Whether the case file at ``path`` is encrypted (False when it is missing or unreadable)."""
    try:
        return looks_encrypted(path)
    except OSError:
        return False


def check_new_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too weak to encrypt with.

    Raises:
        CaseFileError: It is shorter than :data:`MIN_PASSPHRASE` characters or only spaces.
    """
    if len(passphrase) < MIN_PASSPHRASE or not passphrase.strip():
        raise CaseFileError(
            f"A passphrase needs at least {MIN_PASSPHRASE} characters.",
            "Choose a longer one: a few words you will remember is best.",
        )


def encrypt_case_file(
    path: Path,
    passphrase: str,
    *,
    remove_plain_backups: bool = True,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> EncryptionResult:
    """Encrypt a closed plain case file and its document store with ``passphrase``.

    Args:
        path: The case file (no casedesk may have it open).
        passphrase: The new passphrase.
        remove_plain_backups: Remove the plain backups in ``<stem>-backups/`` once the file is encrypted
            (an encrypted backup is made first); False keeps them (they hold the case file in plain text).
        progress: Told ``(done, total, what)`` for each stored file.
        cancel: Stops before the database is replaced; nothing is changed then.

    Raises:
        CaseFileInUseError: A casedesk has the file open.
        CaseFileError: Already encrypted, not a case file, damaged, or the copy could not be written or
            verified (the file is left as it was).
        Cancelled: Cancelled; the file is left as it was.
    """
    check_new_passphrase(passphrase)
    path = path.expanduser().absolute()
    token = cancel or CancelToken()
    with _locked(path) as _lock:
        if is_encrypted(path):
            raise CaseFileError(f"{path.name} is already encrypted.", "Nothing was changed.")
        inspect_case_file(path)
        _checkpoint(path, None)
        plan = _Plan(path, old_key=None, new_key=passphrase)
        result = plan.run(progress, token)
        backups = _backups(path)
        plain = [backup for backup in backups if not is_encrypted(backup)]
        removed: list[Path] = []
        new_backup = None
        if plain and remove_plain_backups:
            try:
                new_backup = backup_case_file(path, reason="encrypted", key=passphrase)
            except CaseFileError:
                new_backup = None  # the file is encrypted; its plain backups stay, and are reported kept
            else:
                for backup in plain:
                    _remove_file(backup)
                    removed.append(backup)
        kept = tuple(backup for backup in plain if backup not in removed)
        return EncryptionResult(path, result.documents, result.missing, tuple(removed), kept, new_backup)


def decrypt_case_file(
    path: Path,
    passphrase: str,
    *,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> EncryptionResult:
    """Turn a closed encrypted case file and its document store back into plain ones.

    Encrypted backups are kept (they still need the passphrase to be opened).

    Raises:
        CaseFileInUseError: A casedesk has the file open.
        PassphraseError: The passphrase is wrong (or the file damaged); repeated tries are slowed down.
        CaseFileError: Not encrypted, or the copy could not be written or verified (left as it was).
        Cancelled: Cancelled; the file is left as it was.
    """
    path = path.expanduser().absolute()
    token = cancel or CancelToken()
    with _locked(path) as _lock:
        if not is_encrypted(path):
            raise CaseFileError(f"{path.name} is not encrypted.", "Nothing was changed.")
        check_passphrase(path, passphrase)
        inspect_case_file(path, key=passphrase)
        _checkpoint(path, passphrase)
        result = _Plan(path, old_key=passphrase, new_key=None).run(progress, token)
        kept = tuple(backup for backup in _backups(path) if is_encrypted(backup))
        return EncryptionResult(path, result.documents, result.missing, kept_backups=kept)


def change_passphrase(path: Path, old: str, new: str) -> None:
    """Give a closed encrypted case file a new passphrase (its documents keep their data key).

    The database is copied under the new key, verified, then put in place of the old one. Backups made
    before keep the old passphrase.

    Raises:
        CaseFileInUseError: A casedesk has the file open.
        PassphraseError: ``old`` is wrong (or the file damaged).
        CaseFileError: Not encrypted, the new passphrase is too short, or the copy failed (nothing changed).
    """
    check_new_passphrase(new)
    path = path.expanduser().absolute()
    with _locked(path) as _lock:
        if not is_encrypted(path):
            raise CaseFileError(
                f"{path.name} is not encrypted, so it has no passphrase to change.",
                "Encrypt it first.",
            )
        check_passphrase(path, old)
        inspect_case_file(path, key=old)
        _checkpoint(path, old)
        temp = _temp_path(path)
        try:
            _export(path, old, temp, new)
            _verify_copy(path, old, temp, new)
            _replace_database(temp, path)
        finally:
            _remove_temp(temp)
        clear_tries(path)


# --- the plan: database copy, documents, swap ------------------------------------------------------


@dataclass(slots=True)
class _Done:
    documents: int
    missing: tuple[str, ...]


class _Plan:
    """Copy the database under the new key, re-store the documents, verify, swap, clean up."""

    def __init__(self, path: Path, *, old_key: str | None, new_key: str | None) -> None:
        self.path = path
        self.old_key = old_key
        self.new_key = new_key
        self.folder = path.with_name(f"{path.stem}-documents")

    def run(self, progress: Progress, cancel: CancelToken) -> _Done:
        temp = _temp_path(self.path)
        written: list[Path] = []
        swapped = False
        try:
            _export(self.path, self.old_key, temp, self.new_key)
            _verify_copy(self.path, self.old_key, temp, self.new_key)
            data_key = self._data_key(temp)
            names = _stored_names(temp, self.new_key)
            missing: list[str] = []
            for done, (name, _sha256) in enumerate(names):
                cancel.check()
                progress(done, len(names), name)
                source = self.folder / _disk_name(name, self.old_key, data_key)
                if not source.is_file():
                    missing.append(name)
                    continue
                target = self.folder / _disk_name(name, self.new_key, data_key)
                written.append(target)
                _restore(
                    source, target, old=self.old_key is not None, new=self.new_key is not None, key=data_key
                )
            progress(len(names), len(names), "")
            cancel.check()
            for folder in {target.parent for target in written}:
                sync_folder(folder)
            _replace_database(temp, self.path)  # the moment the case file changes
            swapped = True
        finally:
            _remove_temp(temp)
            if not swapped:
                for target in written:
                    _remove_file(target)
        kept = {target.resolve() for target in written}
        self._remove_old_files(kept)
        return _Done(len(written), tuple(missing))

    def _data_key(self, temp: Path) -> bytes:
        """The document store's data key, from the copy: made when encrypting, dropped when decrypting.

        A decrypted case file keeps no data key: it would open the sealed files of older backups.
        """
        from casedesk.exports.sealed import KEY_SIZE, new_data_key

        with closing(sqlite_connect(temp, key=self.new_key)) as conn:
            row = conn.execute(
                "SELECT value FROM casefile_secrets WHERE name = ?", (DATA_KEY_SECRET,)
            ).fetchone()
            data_key = bytes(row[0]) if row is not None and len(row[0]) == KEY_SIZE else b""
            with conn:
                if self.new_key is None:
                    conn.execute("DELETE FROM casefile_secrets WHERE name = ?", (DATA_KEY_SECRET,))
                elif not data_key:
                    data_key = new_data_key()
                    conn.execute(
                        "INSERT OR REPLACE INTO casefile_secrets (name, value) VALUES (?, ?)",
                        (DATA_KEY_SECRET, data_key),
                    )
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return data_key

    def _remove_old_files(self, kept: set[Path]) -> None:
        """After the swap: every file of the old form (and leftovers of imports) goes.

        After encrypting, nothing but the new sealed files stays: a plain file may hold PHI, and sealed
        files left by an interrupted earlier try have another data key.
        """
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.rglob("*"), reverse=True):
            if path.is_dir():
                with contextlib.suppress(OSError):
                    path.rmdir()  # only when empty
                continue
            if path.resolve() in kept:
                continue
            sealed = path.suffix == ".sealed"
            old_form = sealed if self.old_key is not None else True
            if old_form or path.name.startswith("."):
                _remove_file(path)


def _disk_name(name: str, key: str | None, data_key: bytes) -> str:
    if key is None:
        return name
    from casedesk.exports.sealed import keyed_name, name_key

    return keyed_name(name_key(data_key), name)


def _restore(source: Path, target: Path, *, old: bool, new: bool, key: bytes) -> None:
    """Write ``source`` (sealed if ``old``) as ``target`` (sealed if ``new``) and check it reads back."""
    from casedesk.exports.sealed import SealedFileError, seal_stream, unseal_chunks

    if target.is_file():
        _remove_file(target)  # a leftover of an interrupted try
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.part")
    plain_digest = hashlib.sha256()
    try:
        with source.open("rb") as stream, partial.open("wb") as out:
            chunks = unseal_chunks(stream, key) if old else iter(lambda: stream.read(_CHUNK), b"")
            reader = _ChunkReader(chunks, plain_digest)
            if new:
                seal_stream(reader, out, key)  # type: ignore[arg-type]
            else:
                while chunk := reader.read(_CHUNK):
                    out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        written = _plain_sha256(partial, key if new else None)
        if written != plain_digest.hexdigest():
            raise CaseFileError(
                f"The new copy of {source.name} did not read back the same.",
                "Nothing was changed. Check the disk, then try again.",
            )
        partial.chmod(0o400)
        os.replace(partial, target)
    except SealedFileError as exc:
        partial.unlink(missing_ok=True)
        raise CaseFileError(
            f"The stored file {source.name} is damaged ({exc}).",
            "Nothing was changed. Run Check Case File, or restore the document folder from a backup.",
        ) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


class _ChunkReader:
    """A ``read(size)`` stream over an iterator of chunks, hashing what passes."""

    def __init__(self, chunks: Iterator[bytes], digest: Any) -> None:
        self._chunks = chunks
        self._digest = digest
        self._buffer = b""

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self._buffer) < size:
            chunk = next(self._chunks, None)
            if chunk is None:
                break
            self._digest.update(chunk)
            self._buffer += chunk
        if size < 0:
            data, self._buffer = self._buffer, b""
        else:
            data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data


def _plain_sha256(path: Path, key: bytes | None) -> str:
    from casedesk.exports.sealed import unseal_chunks

    digest = hashlib.sha256()
    with path.open("rb") as stream:
        chunks = unseal_chunks(stream, key) if key is not None else iter(lambda: stream.read(_CHUNK), b"")
        for chunk in chunks:
            digest.update(chunk)
    return digest.hexdigest()


# --- the database ----------------------------------------------------------------------------------


@contextmanager
def _locked(path: Path) -> Iterator[CaseFileLock]:
    if not path.is_file():
        raise CaseFileError(f"There is no case file at {path}.", "Check the path.")
    holder = lock_holder(path)  # also one open in this process, which would share the lock
    if holder is not None:
        raise CaseFileInUseError(
            f"{path.name} is open{f' ({holder})' if holder else ''}, so it cannot be rewritten now.",
            "Close it everywhere it is open, then try again.",
            holder=holder,
        )
    lock = lock_case_file(path)
    try:
        yield lock
    finally:
        lock.release()


def _temp_path(path: Path) -> Path:
    temp = path.with_name(f".{path.name}.rewrite")
    _remove_temp(temp)
    return temp


def _cipher_connect(path: Path, key: str | None) -> Any:
    """A SQLCipher connection (plain when ``key`` is None) that knows casedesk's ``lower``."""
    from sqlcipher3 import dbapi2 as sqlcipher

    conn = sqlcipher.connect(str(path), check_same_thread=False)
    conn.isolation_level = None
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = {sql_string(key)}")
    conn.create_function(
        "lower", 1, lambda value: fold_text(value) if isinstance(value, str) else value, deterministic=True
    )
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _checkpoint(path: Path, key: str | None) -> None:
    """Move everything in the write-ahead log into the database file, so the file alone is the case file."""
    try:
        with closing(sqlite_connect(path, key=key)) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:
        raise _not_done(path, exc) from exc


def _export(path: Path, key: str | None, temp: Path, new_key: str | None) -> None:
    """Copy the database into ``temp`` keyed with ``new_key`` (plain when None)."""
    try:
        conn = _cipher_connect(path, key)
        try:
            target_key = sql_string(new_key if new_key is not None else "")
            conn.execute(f"ATTACH DATABASE {sql_string(str(temp))} AS rewritten KEY {target_key}")
            conn.execute("SELECT sqlcipher_export('rewritten')").fetchone()
            user_version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute(f"PRAGMA rewritten.user_version = {int(user_version)}")
            conn.execute(f"PRAGMA rewritten.application_id = {APPLICATION_ID}")
            conn.execute("DETACH DATABASE rewritten")
        finally:
            conn.close()
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
    except (OSError, sqlite3.Error) as exc:
        raise _not_done(path, exc) from exc
    except Exception as exc:  # SQLCipher's own errors
        if type(exc).__module__.startswith("sqlcipher3"):
            raise _not_done(path, exc) from exc
        raise


def _verify_copy(path: Path, key: str | None, temp: Path, new_key: str | None) -> None:
    """The copy opens with its key, passes SQLite's integrity check and holds the same rows."""
    try:
        with (
            closing(sqlite_connect(path, read_only=True, key=key)) as old,
            closing(sqlite_connect(temp, read_only=True, key=new_key)) as new,
        ):
            check = new.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise CaseFileError(
                    f"The new copy of {path.name} did not pass the integrity check ({check}).",
                    "Nothing was changed. Check the disk, then try again.",
                )
            if _table_counts(old) != _table_counts(new):
                raise CaseFileError(
                    f"The new copy of {path.name} does not hold the same rows as the original.",
                    "Nothing was changed. Run Check Case File, then try again.",
                )
            if new.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise CaseFileError(f"The new copy of {path.name} is incomplete.", "Nothing was changed.")
    except sqlite3.Error as exc:
        raise _not_done(path, exc) from exc
    except CaseFileError:
        raise
    except Exception as exc:
        if type(exc).__module__.startswith("sqlcipher3"):
            raise _not_done(path, exc) from exc
        raise


def _table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'search_fts%' ORDER BY name"
        )
    ]
    return {table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _stored_names(database: Path, key: str | None) -> list[tuple[str, str]]:
    """Every file the database names in the document store, with the SHA-256 of its content."""
    with closing(sqlite_connect(database, read_only=True, key=key)) as conn:
        documents = [row[0] for row in conn.execute("SELECT DISTINCT sha256 FROM documents ORDER BY sha256")]
        letters = [
            row[0]
            for row in conn.execute("SELECT DISTINCT docx_sha256 FROM letters ORDER BY docx_sha256")
            if row[0]
        ]
    return [(stored_name(sha), sha) for sha in documents] + [(docx_name(sha), sha) for sha in letters]


def _replace_database(temp: Path, path: Path) -> None:
    """Put ``temp`` in place of ``path`` in one rename (the old WAL files, already empty, go first)."""
    for suffix in ("-wal", "-shm"):
        _remove_file(path.with_name(path.name + suffix))
    os.replace(temp, path)
    sync_folder(path.parent)


def _backups(path: Path) -> list[Path]:
    folder = path.with_name(f"{path.stem}-backups")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix == ".sqlite")


def _remove_temp(temp: Path) -> None:
    """Remove a temp database and its (empty, checkpointed) WAL files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        _remove_file(temp.with_name(temp.name + suffix))


def _remove_file(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.chmod(0o600)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def _not_done(path: Path, exc: BaseException) -> CaseFileError:
    return CaseFileError(
        f"casedesk could not rewrite {path.name} ({exc}).",
        "Nothing was changed. Free some disk space or check the folder's permissions, then try again.",
    )
