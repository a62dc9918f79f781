"""Backups of a case file: rolling automatic copies, Back Up Now to a folder, and restore.

Rolling backups are copies of the database (SQLite backup API, consistent while the file is open) in
``<stem>-backups/`` beside the case file, named ``<stem>-<UTC time>-<reason>.sqlite``: made on closing
when something changed, at most once a day while the file is open, and by hand. Pruning keeps N days but
never the newest backup nor the safety copies made before an upgrade or a restore.

Back Up Now writes a dated folder ``<stem>-<UTC time>-backup/`` into a folder the user chooses (a USB
drive): the database, the document store, and ``backup.json`` listing every stored file with its size and
SHA-256. It is built under a hidden ``.partial`` name and renamed only when complete and verified, so a
cancelled or interrupted backup never looks like a complete one.

Restore (:func:`restore_backup`, on a CLOSED case file) verifies the backup first, keeps a safety copy of
the current file, copies in missing documents (never deleting any) and only then replaces the database.

An encrypted case file's backups are encrypted with its passphrase (every connection is keyed); stored
documents are copied byte for byte (they are sealed when the file is encrypted).
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from casedesk.domain.backups import (
    REASON_BEFORE_RESTORE,
    REASON_DAILY,
    REASON_MANUAL,
    REASON_ON_CLOSE,
    BackupCheck,
    BackupInfo,
    BackupKind,
)
from casedesk.domain.errors import CasedeskError, CaseFileError, CaseFileInUseError
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.services.clock import Clock, system_clock
from casedesk.store import backups as copying
from casedesk.store.casefile import CASE_FILE_SUFFIX, CaseFile, not_on_firm_database
from casedesk.store.engine import sqlite_connect
from casedesk.store.lock import lock_case_file, lock_holder

#: Rolling backups are kept this many days unless the user chooses otherwise.
DEFAULT_KEEP_DAYS = 14
#: A daily backup is due when the newest backup is older than this.
DAILY = timedelta(hours=24)
MANIFEST = "backup.json"
#: A half-written copy this old (seconds) was left by an interruption, not by a backup in progress.
STALE_PARTIAL_S = 3600
_STAMP = "%Y%m%dT%H%M%SZ"
_ROLLING_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>.+)\.sqlite$")
_FOLDER_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)-backup(?:-\d+)?$")
_COPY_NUMBER = re.compile(r"^(?P<reason>manual|daily|on-close|before-restore)-\d+$")
_NOTHING_CHANGED = "Nothing was changed."


class BackupService:
    """Backs up the open case file, lists and prunes its rolling backups.

    Args:
        case_file: The open case file.
        clock: What counts as now (backup names and pruning).
    """

    def __init__(self, case_file: CaseFile, clock: Clock = system_clock) -> None:
        self._case_file = case_file
        self._clock = clock
        self._lock = threading.Lock()
        # PRAGMA data_version on a connection of its own changes whenever another connection commits:
        # it tells whether anything was saved since the last backup without reading the database.
        self._watch: Any = None
        self._seen_version: int | None = None
        if not case_file.read_only:
            try:
                self._watch = case_file.connect(read_only=True)
                self._seen_version = self._data_version()
            except Exception:  # the watch is an optimisation: without it, closing always backs up
                self._watch = None

    @property
    def case_name(self) -> str:
        """The case file's name (``cases.sqlite``)."""
        return self._case_file.path.name

    @property
    def folder(self) -> Path:
        """``<stem>-backups/`` beside the case file, where the rolling backups are."""
        return rolling_folder(self._case_file.path)

    def back_up(self, reason: str = REASON_MANUAL) -> BackupInfo:
        """Copy the database into ``<stem>-backups/`` now (consistent even while the file is in use).

        Raises:
            CaseFileError: The copy could not be written (no space, no permission); nothing was changed.
        """
        if self._case_file.firm_mode:
            raise not_on_firm_database("Backing up")
        with self._lock:
            version = self._data_version()
            path = self._case_file.path
            try:
                self.folder.mkdir(exist_ok=True)
                target = _free_name(
                    self.folder, f"{path.stem}-{_stamp(self._clock())}-{reason}", CASE_FILE_SUFFIX
                )
                copying.copy_database(self._case_file.connect, target, key=self._case_file.key)
            except (OSError, sqlite3.Error) as exc:
                raise _not_written(path, exc) from exc
            if version is not None:
                self._seen_version = version
            return _rolling_info(target)

    def changed_since_backup(self) -> bool:
        """Whether anything was saved since this casedesk opened the file or last backed it up."""
        with self._lock:
            if self._case_file.read_only or self._case_file.firm_mode:  # the server backs up a firm database
                return False
            version = self._data_version()
            return version is None or version != self._seen_version

    def back_up_if_changed(self, reason: str = REASON_ON_CLOSE) -> BackupInfo | None:
        """Back up if something was saved since the last backup (closing); None when nothing was."""
        if not self.changed_since_backup():
            return None
        return self.back_up(reason)

    def due_daily(self) -> bool:
        """Whether the daily backup is due: the file is writable and no backup is younger than a day."""
        if self._case_file.read_only or self._case_file.firm_mode:
            return False
        newest = self.backups()
        return not newest or self._clock() - newest[0].created >= DAILY

    def back_up_daily(self) -> BackupInfo | None:
        """Make the daily backup if it is due (None when it is not)."""
        return self.back_up(REASON_DAILY) if self.due_daily() else None

    def backups(self) -> list[BackupInfo]:
        """The rolling backups of the case file, newest first."""
        return list_rolling_backups(self._case_file.path)

    def prune(self, keep_days: int) -> list[Path]:
        """Remove rolling backups older than ``keep_days`` days; returns what was removed.

        The newest backup (and the newest automatic or manual one) is always kept, and so are the safety
        copies made before an upgrade or a restore, however old. Copies left half-written by an
        interruption more than an hour ago are removed too.
        """
        if keep_days < 1:
            raise CasedeskError("Backups must be kept at least 1 day.", "Choose 1 day or more.")
        cutoff = self._clock() - timedelta(days=keep_days)
        removed: list[Path] = []
        found = self.backups()
        newest = {b.path for b in found[:1] + [b for b in found if not b.kept_for_good][:1]}
        for info in found:
            if info.path in newest or info.kept_for_good or info.created >= cutoff:
                continue
            try:
                info.path.unlink()
            except FileNotFoundError:
                continue
            except OSError:
                continue  # e.g. a read-only copy: left for the user; the next prune tries again
            removed.append(info.path)
        _remove_stale_partials(self.folder)
        if removed:
            copying.fsync_folder(self.folder)
        return removed

    def back_up_to(
        self, folder: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> BackupInfo:
        """Back up the database and the document store into a new dated folder inside ``folder``.

        Stored documents already in the newest earlier backup in ``folder`` (same name and SHA-256) are
        linked to it where the disk allows, else copied; every file is verified by its SHA-256.

        Raises:
            Cancelled: The user cancelled; nothing that looks like a backup was left.
            CaseFileError: The folder cannot be written (full, removed, read-only); nothing was left.
        """
        if self._case_file.firm_mode:
            raise not_on_firm_database("Backing up")
        token = cancel or CancelToken()
        path = self._case_file.path
        folder = folder.expanduser().absolute()
        if not folder.is_dir():
            raise CaseFileError(
                f"There is no folder {folder}.", "Choose a folder that exists (plug in the drive)."
            )
        name = _free_name(folder, f"{path.stem}-{_stamp(self._clock())}-backup", "").name
        target = folder / name
        partial = folder / f".{name}.partial"
        copying.remove_tree(partial)
        try:
            partial.mkdir()
            copying.copy_database(
                self._case_file.connect,
                partial / path.name,
                key=self._case_file.key,
                progress=progress,
                cancel=token,
                label="The database",
            )
            documents = self._copy_documents(
                partial, _newest_folder_backup(folder, path.stem), progress, token
            )
            manifest = {
                "case_file": path.name,
                "created": self._clock().astimezone(UTC).isoformat(),
                "database": path.name,
                "encrypted": self._case_file.key is not None,
                "documents": documents,
            }
            manifest_path = partial / MANIFEST
            manifest_path.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
            copying.fsync_file(manifest_path)
            token.check()
            for sub in {partial} | {(partial / _documents_name(path) / n).parent for n in documents}:
                copying.fsync_folder(sub)
            partial.rename(target)
            copying.fsync_folder(folder)
        except BaseException as exc:
            copying.remove_tree(partial)
            if isinstance(exc, (OSError, sqlite3.Error)):
                raise CaseFileError(
                    f"casedesk could not write the backup into {folder} ({exc}).",
                    "No backup was left there. Check that the drive is plugged in, writable and has room, "
                    "then try again.",
                ) from exc
            raise
        progress(1, 1, "")
        from casedesk.services.audit import record_export

        record_export(self._case_file, None, "Backup of the case file and its documents", target)
        return folder_info(target)

    def verify(self, backup_path: Path) -> BackupCheck:
        """Check a backup with this case file's passphrase (see :func:`verify_backup`); changes nothing."""
        return verify_backup(backup_path, self._case_file.key)

    def pending_restore(self, backup_path: Path) -> PendingRestore:
        """What restoring ``backup_path`` over this case file needs, to run once the file is closed."""
        return PendingRestore(self._case_file.path, backup_path, self._case_file.key)

    def close(self) -> None:
        """Stop watching the file for changes (called when the case file closes)."""
        with self._lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    def _data_version(self) -> int | None:
        if self._watch is None:
            return None
        try:
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])
        except Exception:
            return None

    def _copy_documents(
        self, partial: Path, earlier: Path | None, progress: Progress, cancel: CancelToken
    ) -> dict[str, dict[str, Any]]:
        store = self._case_file.documents_dir
        names = stored_names(store)
        earlier_files = _manifest(earlier).get("documents", {}) if earlier is not None else {}
        target_store = partial / _documents_name(self._case_file.path)
        target_store.mkdir()
        copied: dict[str, dict[str, Any]] = {}
        for done, name in enumerate(names):
            cancel.check()
            progress(done, len(names), "Stored documents")
            source = store / name
            target = target_store / name
            sha256 = None
            known = earlier_files.get(name)
            if earlier is not None and isinstance(known, dict):
                sha256 = _link_if_same(
                    source, earlier / _documents_name(self._case_file.path) / name, target, known
                )
            if sha256 is None:
                sha256 = copying.copy_file(source, target, cancel)
            copied[name] = {"size": target.stat().st_size, "sha256": sha256}
        progress(len(names), len(names), "")
        return copied


@dataclass(frozen=True, slots=True)
class PendingRestore:
    """A restore of a backup over a case file, to run once the case file is closed.

    Attributes:
        case_path: The case file to replace.
        backup_path: The backup (a rolling copy or a Back Up Now folder).
        passphrase: The case file's passphrase (None for a plain file), to check the backup and reopen.
    """

    case_path: Path
    backup_path: Path
    passphrase: str | None = field(default=None, repr=False)

    def run(self, progress: Progress = no_progress, cancel: CancelToken | None = None) -> Path:
        """Restore (see :func:`restore_backup`); returns the safety copy of what was replaced."""
        return restore_backup(
            self.case_path, self.backup_path, key=self.passphrase, progress=progress, cancel=cancel
        )


def rolling_folder(case_path: Path) -> Path:
    """``<stem>-backups/`` beside a case file."""
    return case_path.with_name(f"{case_path.stem}-backups")


def list_rolling_backups(case_path: Path) -> list[BackupInfo]:
    """The rolling backups beside a case file (open or not), newest first."""
    folder = rolling_folder(case_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(f"*{CASE_FILE_SUFFIX}"):
        match = _ROLLING_NAME.match(path.name)
        if (
            match is None
            or path.name.startswith(".")
            or match["stem"] != case_path.stem
            or not path.is_file()
        ):
            continue
        found.append(_rolling_info(path))
    return sorted(found, key=lambda info: (info.created, info.path.name), reverse=True)


def folder_info(folder: Path) -> BackupInfo:
    """What a Back Up Now folder holds (from its name and manifest)."""
    match = _FOLDER_NAME.match(folder.name)
    created = _parse_stamp(match["stamp"]) if match else datetime.fromtimestamp(folder.stat().st_mtime, UTC)
    manifest = _manifest(folder)
    documents = manifest.get("documents", {})
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return BackupInfo(
        path=folder,
        created=created,
        reason=REASON_MANUAL,
        size=size,
        kind=BackupKind.FOLDER,
        documents=len(documents) if isinstance(documents, dict) else 0,
    )


def stored_names(store: Path) -> list[str]:
    """The files in a document store, as paths relative to it (temp files of imports left out)."""
    if not store.is_dir():
        return []
    return sorted(
        p.relative_to(store).as_posix()
        for p in store.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )


def verify_backup(path: Path, key: str | None = None) -> BackupCheck:
    """Check a backup — a rolling copy or a Back Up Now folder — before restoring it; changes nothing.

    The database must pass SQLite's integrity check, be a casedesk case file of this or an older schema
    revision and (encrypted) open with ``key``; a folder's stored documents must all be there with the
    size and SHA-256 its ``backup.json`` lists.
    """
    path = path.expanduser().absolute()
    database, documents_dir, listed = _backup_parts(path)
    if database is None:
        return BackupCheck(path, path, None, None, None, 0, (f"{path.name} holds no casedesk backup.",))
    problems, revision, cases = copying.database_problems(database, key)
    missing = 0
    for name, facts in listed.items():
        copy = (documents_dir or path) / name
        if (
            not copy.is_file()
            or not isinstance(facts, dict)
            or copy.stat().st_size != facts.get("size")
            or copying.sha256_of(copy) != facts.get("sha256")
        ):
            missing += 1
    if missing:
        files = "1 stored document is" if missing == 1 else f"{missing} stored documents are"
        problems.append(f"In the backup, {files} missing or damaged.")
    return BackupCheck(path, database, documents_dir, revision, cases, len(listed) - missing, tuple(problems))


def restore_backup(
    case_path: Path,
    backup_path: Path,
    *,
    key: str | None = None,
    progress: Progress = no_progress,
    cancel: CancelToken | None = None,
) -> Path:
    """Replace a CLOSED case file with a backup; returns the safety copy of what was replaced.

    The backup is verified first; then the current file is copied to ``<stem>-backups/`` as
    ``before-restore``; the backup's stored documents missing from the document store are copied in
    (none is ever deleted or overwritten); the database is copied beside the case file, verified again,
    and only then put in its place. Until that last rename, Cancel or a failure leaves the case file as
    it was.

    Args:
        case_path: The case file (closed: no casedesk may have it open).
        backup_path: A rolling backup (``.sqlite``) or a Back Up Now folder.
        key: The passphrase of the encrypted case file; the backup must open with it.
        progress: Told of the documents and database pages copied.
        cancel: Stops before the database is replaced (raises ``Cancelled``).

    Raises:
        CaseFileInUseError: A casedesk has the case file open.
        CaseFileError: The backup is damaged, not a casedesk backup, from a newer casedesk, or does not
            open with the passphrase; or the restore could not be written. The case file is untouched.
        Cancelled: The user cancelled; the case file is untouched.
    """
    token = cancel or CancelToken()
    case_path = case_path.expanduser().absolute()
    check = verify_backup(backup_path, key)
    if not check.ok:
        raise CaseFileError(
            f"This backup cannot be restored: {' '.join(check.problems)}",
            f"{_NOTHING_CHANGED} Choose another backup.",
        )
    if lock_holder(case_path) is not None:
        raise CaseFileInUseError(
            f"{case_path.name} is open, so it cannot be replaced by a backup now.",
            f"{_NOTHING_CHANGED} Close it (in every casedesk window) and restore again.",
            holder=lock_holder(case_path) or "",
        )
    lock = lock_case_file(case_path)
    replacement = case_path.with_name(f".{case_path.name}.restoring")
    try:
        safety = _safety_copy(case_path, key) if case_path.exists() else None
        token.check()
        if check.documents_dir is not None:
            _restore_documents(
                check.documents_dir, case_path.with_name(_documents_name(case_path)), progress, token
            )
        copying.copy_database(
            lambda: sqlite_connect(check.database, read_only=True, key=key),
            replacement,
            key=key,
            progress=progress,
            cancel=token,
            label="The database",
        )
        problems, _revision, _cases = copying.database_problems(replacement, key)
        if problems:
            raise CaseFileError(
                f"The copy of the backup did not read back correctly: {' '.join(problems)}",
                f"{_NOTHING_CHANGED} The disk may be failing; try another backup or another disk.",
            )
        token.check()
        copying.replace_database(replacement, case_path)
    except (OSError, sqlite3.Error) as exc:
        raise CaseFileError(
            f"casedesk could not restore the backup ({exc}).",
            f"{_NOTHING_CHANGED} Free some disk space or check the folder's permissions, then try again.",
        ) from exc
    finally:
        replacement.unlink(missing_ok=True)
        lock.release()
    progress(1, 1, "")
    return safety if safety is not None else case_path


def _safety_copy(case_path: Path, key: str | None) -> Path:
    """Copy the current case file into ``<stem>-backups/`` as ``before-restore`` (as is, if damaged)."""
    folder = rolling_folder(case_path)
    folder.mkdir(exist_ok=True)
    target = _free_name(
        folder, f"{case_path.stem}-{_stamp(datetime.now(UTC))}-{REASON_BEFORE_RESTORE}", CASE_FILE_SUFFIX
    )
    try:
        return copying.copy_database(
            lambda: sqlite_connect(case_path, read_only=True, key=key), target, key=key
        )
    except Exception as exc:  # damaged, or SQLCipher's own errors: keep its bytes instead
        if isinstance(exc, OSError):
            raise
        return copying.copy_raw_database(case_path, target)


def _restore_documents(source: Path, store: Path, progress: Progress, cancel: CancelToken) -> None:
    names = [name for name in stored_names(source) if not (store / name).exists()]
    for done, name in enumerate(names):
        cancel.check()
        progress(done, len(names), "Stored documents")
        copying.copy_file(source / name, store / name, cancel)
    if names:
        for sub in {(store / name).parent for name in names}:
            copying.fsync_folder(sub)


def _remove_stale_partials(folder: Path) -> None:
    """Remove copies left half-written (``.<name>.partial``) by an interruption over an hour ago."""
    if not folder.is_dir():
        return
    limit = time.time() - STALE_PARTIAL_S
    for path in folder.glob(".*.partial*"):
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def _backup_parts(path: Path) -> tuple[Path | None, Path | None, dict[str, Any]]:
    """The database, document store and listed documents of a backup file or folder."""
    if path.is_file():
        return path, None, {}
    if not path.is_dir():
        return None, None, {}
    manifest = _manifest(path)
    name = manifest.get("database")
    if isinstance(name, str) and (path / name).is_file():
        database = path / name
    else:
        databases = sorted(p for p in path.glob(f"*{CASE_FILE_SUFFIX}") if not p.name.startswith("."))
        if len(databases) != 1:
            return None, None, {}
        database = databases[0]
    documents = manifest.get("documents", {})
    store = path / _documents_name(database)
    return (
        database,
        store if store.is_dir() or documents else None,
        documents if isinstance(documents, dict) else {},
    )


def _manifest(folder: Path | None) -> dict[str, Any]:
    if folder is None:
        return {}
    try:
        value = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _newest_folder_backup(folder: Path, stem: str) -> Path | None:
    found = []
    for path in folder.iterdir():
        match = _FOLDER_NAME.match(path.name)
        if match and match["stem"] == stem and path.is_dir() and (path / MANIFEST).is_file():
            found.append((match["stamp"], path.name, path))
    return max(found)[2] if found else None


def _link_if_same(source: Path, earlier: Path, target: Path, known: dict[str, Any]) -> str | None:
    """Link ``target`` to an earlier backup's copy when it is the same file; its SHA-256, else None."""
    try:
        if earlier.stat().st_size != source.stat().st_size or known.get("size") != source.stat().st_size:
            return None
        sha256 = copying.sha256_of(source)
        if sha256 != known.get("sha256") or copying.sha256_of(earlier) != sha256:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(earlier, target)
    except OSError:  # no hard links on this disk (FAT, exFAT): copy instead
        return None
    return sha256


def _rolling_info(path: Path) -> BackupInfo:
    match = _ROLLING_NAME.match(path.name)
    if match is None:
        return BackupInfo(path, datetime.fromtimestamp(path.stat().st_mtime, UTC), "", path.stat().st_size)
    reason = match["reason"]
    if numbered := _COPY_NUMBER.match(reason):
        reason = numbered["reason"]
    return BackupInfo(path, _parse_stamp(match["stamp"]), reason, path.stat().st_size)


def _documents_name(case_path: Path) -> str:
    return f"{case_path.stem}-documents"


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(_STAMP)


def _parse_stamp(text: str) -> datetime:
    return datetime.strptime(text, _STAMP).replace(tzinfo=UTC)


def _free_name(folder: Path, base: str, suffix: str) -> Path:
    """``folder/base+suffix``, or ``base-2``… when it exists (two backups in the same second)."""
    target = folder / f"{base}{suffix}"
    copies = 1
    while target.exists() or (folder / f".{target.name}.partial").exists():
        copies += 1
        target = folder / f"{base}-{copies}{suffix}"
    return target


def _not_written(path: Path, exc: BaseException) -> CaseFileError:
    return CaseFileError(
        f"casedesk could not make a backup copy of {path.name} ({exc}).",
        f"{_NOTHING_CHANGED} Free some disk space or check the folder's permissions, then try again.",
    )
