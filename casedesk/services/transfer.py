"""Moving a case file into a firm database and back out: every record, every document, verified.

``casedesk migrate --from SRC --to DST`` and File › Move Case File to Firm Database… run
:func:`transfer_case_file`. The source is only read. The target must hold no case data yet (a firm
database may already have its accounts). In order:

1. Every document and letter the source names is copied into the target's documents folder, and the
   copy's SHA-256 is checked against the one the database records (a file missing or changed in the
   source folder stops the move before anything is written to the target database).
2. Every table is copied row for row, keeping ids, in one transaction on the target, followed by the
   search index check, the id sequences (PostgreSQL) and one audit entry recording the move. A failure or
   Cancel rolls it all back, and the documents this move added to the target folder are removed again.
3. After the commit, every table's rows are counted on both sides: :attr:`TransferReport.verified`.

Documents of an encrypted (SQLCipher) case file are read with its passphrase and stored *plain* in the
target: a firm database has no passphrase to seal them with (the server's access control and the shared
folder's permissions protect them), and a case file made from a firm database is plain until it is
encrypted (``casedesk encrypt``). The encrypted file's own document key (``casefile_secrets``) is never
copied.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.domain.audit import AuditAction, AuditEntry
from casedesk.domain.errors import CaseFileError, NotFoundError
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.services.docstore import DocumentStore
from casedesk.store import transfer
from casedesk.store.casefile import CaseFile, open_case_file
from casedesk.store.engine import display_url, is_database_url
from casedesk.store.lock import LOCK_SUFFIX
from casedesk.store.transfer import TableCount

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

    from casedesk.store.integrity import StoredFile

#: What a refusal of a non-empty target names first (what a case manager recognizes).
_NAMED_FIRST = ("cases", "clients", "contacts", "documents", "activities")
#: Who the audit entry of a move names when neither side is a case file on this computer.
MOVER = "casedesk migrate"


@dataclass(frozen=True, slots=True)
class TransferReport:
    """What a move copied, and whether the target holds what the source holds.

    Attributes:
        source: Where the records came from (a path, or a firm database's address without password).
        target: Where they went.
        tables: Rows of each copied table on both sides, counted after the commit.
        documents: Stored files (document PDFs and letters' .docx) copied, each checked by SHA-256.
        document_bytes: Their total size.
        seconds: How long the move took, counting included.
    """

    source: str
    target: str
    tables: tuple[TableCount, ...]
    documents: int
    document_bytes: int
    seconds: float
    #: Tables left where they are: the firm database's accounts, an encrypted file's document key.
    skipped: tuple[str, ...] = tuple(sorted(transfer.NOT_COPIED))

    @property
    def rows(self) -> int:
        """Rows copied, over all tables."""
        return sum(count.source for count in self.tables)

    @property
    def mismatched(self) -> list[TableCount]:
        """Tables whose row counts differ between the two sides."""
        return [count for count in self.tables if not count.matches]

    @property
    def verified(self) -> bool:
        """Every table holds as many rows on the target as on the source."""
        return not self.mismatched


def transfer_case_file(
    source: Path | str,
    target: Path | str,
    *,
    source_documents: Path | None = None,
    target_documents: Path | None = None,
    passphrase: str | None = None,
    progress: Progress = no_progress,
    token: CancelToken | None = None,
    user: str = "",
    now: Callable[[], datetime] | None = None,
) -> TransferReport:
    """Copy every record and document of a case file into an empty case file or firm database.

    Args:
        source: A ``.sqlite`` case file or a firm database's URL; only read.
        target: A ``.sqlite`` path (created if it does not exist) or a firm database's URL (its schema is
            created if it is new).
        source_documents: The source firm database's documents folder (a file's is beside it).
        target_documents: The target firm database's documents folder (it must exist).
        passphrase: The passphrase of an encrypted source case file.
        progress: Told of each document and each chunk of rows copied.
        token: Cancel: stops between documents and chunks; nothing is kept in the target.
        user: Who is moving it, for the audit entry; default: the account name on this computer.
        now: The clock (for the audit entry).

    Raises:
        CaseFileError: Either side cannot be opened, they are the same, the target already holds case
            data (named), a document is missing or changed in the source folder, or the target refused a
            row (named); the target is left as it was.
        PassphraseError: The source is encrypted and the passphrase is missing or wrong.
        Cancelled: Cancel was asked for; the target is left as it was.
    """
    if _same_place(source, target):
        raise CaseFileError(
            "The case file cannot be moved onto itself.", "Give a new file or an empty firm database."
        )
    source_file = open_case_file(source, passphrase=passphrase, documents=source_documents)
    try:
        return _transfer(source_file, target, target_documents, progress, token, user, now)
    finally:
        source_file.close()


class TransferService:
    """Copies the open case file (or firm database) into an empty one: :func:`transfer_case_file`."""

    def __init__(self, case_file: CaseFile, clock: Callable[[], datetime] | None = None) -> None:
        self._case_file = case_file
        self._clock = clock

    def copy_to(
        self,
        target: Path | str,
        *,
        target_documents: Path | None = None,
        progress: Progress = no_progress,
        token: CancelToken | None = None,
    ) -> TransferReport:
        """Copy every record and document into ``target`` (a new .sqlite file or an empty firm database).

        The open case file is only read; on a firm database the signed-in person is named in the audit
        entry of the move.

        Raises:
            See :func:`transfer_case_file`.
        """
        if self._case_file.firm_mode and isinstance(target, str) and self._case_file.url == target:
            raise CaseFileError(
                "The case file cannot be moved onto itself.", "Give a new file or an empty firm database."
            )
        if (
            not self._case_file.firm_mode
            and isinstance(target, Path)
            and _same_place(self._case_file.path, target)
        ):
            raise CaseFileError(
                "The case file cannot be moved onto itself.", "Give a new file or an empty firm database."
            )
        return _transfer(
            self._case_file, target, target_documents, progress, token, self._case_file.user, self._clock
        )


def _transfer(
    source_file: CaseFile,
    target: Path | str,
    target_documents: Path | None,
    progress: Progress,
    token: CancelToken | None,
    user: str,
    now: Callable[[], datetime] | None,
) -> TransferReport:
    started = time.perf_counter()
    cancel = token or CancelToken()
    created = isinstance(target, Path) and not target.expanduser().exists()
    target_file = _open_target(target, target_documents)
    try:
        tables, documents, size = _move(source_file, target_file, progress, cancel, user, now or _utc_now)
    except BaseException:
        target_file.close()
        if created:
            _remove_new_file(target_file)
        raise
    target_file.close()
    return TransferReport(
        source=source_file.location,
        target=target_file.location,
        tables=tables,
        documents=documents,
        document_bytes=size,
        seconds=time.perf_counter() - started,
    )


def _move(
    source: CaseFile,
    target: CaseFile,
    progress: Progress,
    cancel: CancelToken,
    user: str,
    now: Callable[[], datetime],
) -> tuple[tuple[TableCount, ...], int, int]:
    from sqlalchemy.orm import Session

    from casedesk.store.integrity import stored_files

    with _reading(source) as reading, target.engine.connect() as writing:
        held = transfer.holdings(writing)
        writing.rollback()
        if held:
            raise _not_empty(target, held)
        with Session(bind=reading) as session:
            files = stored_files(session)
        tables = transfer.copied_tables()
        counts = transfer.row_counts(reading, tables)
        total = len(files) + sum(counts.values())
        added: list[str] = []
        target_store = DocumentStore(target)
        try:
            size = _copy_documents(DocumentStore(source), target_store, files, added, progress, cancel, total)
            done = len(files)
            with writing.begin():
                held = transfer.holdings(writing)  # again: someone may have saved while documents copied
                if held:
                    raise _not_empty(target, held)
                for table in tables:
                    progress(done, total, table.name)
                    cancel.check()
                    done += _copy_rows(reading, writing, table, progress, cancel, done, total)
                _check_search(writing)
                transfer.reset_sequences(writing)
                _record_move(writing, source, target, sum(counts.values()), len(files), user, now)
                cancel.check()
        except BaseException:
            for name in added:
                target_store.remove(name)
            raise
        progress(total, total, "Counting")
        verified = transfer.compare_counts(reading, writing, {"audit_entries": 1})
        writing.rollback()
    return tuple(verified), len(files), size


def _copy_documents(
    source: DocumentStore,
    target: DocumentStore,
    files: list[StoredFile],
    added: list[str],
    progress: Progress,
    cancel: CancelToken,
    total: int,
) -> int:
    """Copy each stored file, checked by SHA-256; the names newly written go into ``added``; bytes."""
    from casedesk.exports.sealed import SealedFileError
    from casedesk.services.docstore import ChangedError

    size = 0
    for done, stored in enumerate(files):
        progress(done, total, stored.title)
        cancel.check()
        where = f"“{stored.title}” (case {stored.case_number})"
        try:
            if target.exists(stored.name):
                if target.sha256_of(stored.name) != stored.sha256:
                    raise CaseFileError(
                        f"The target's documents folder already holds a different file for {where}.",
                        "Give an empty documents folder for the target. Nothing was moved.",
                    )
            else:
                with source.open(stored.name) as stream:
                    target.write_stream(stored.name, stream, expect_sha256=stored.sha256)
                added.append(stored.name)
                if target.sha256_of(stored.name) != stored.sha256:
                    raise ChangedError(stored.sha256)
            size += target.path_on_disk(stored.name).stat().st_size
        except FileNotFoundError as exc:
            raise NotFoundError(
                f"The stored copy of {where} is missing from {source.folder}.",
                "Run casedesk check on the case file, restore the folder from a backup, then move it again. "
                "Nothing was moved.",
            ) from exc
        except (ChangedError, SealedFileError) as exc:
            raise CaseFileError(
                f"The stored copy of {where} in {source.folder} is not the file that was imported.",
                "Run casedesk check on the case file, restore the folder from a backup, then move it again. "
                "Nothing was moved.",
            ) from exc
        except OSError as exc:
            raise CaseFileError(
                f"casedesk could not copy {where} into {target.folder} ({exc.strerror or exc}).",
                "Check the folder's free space and permissions, then try again. Nothing was moved.",
            ) from exc
    return size


def _copy_rows(
    reading: Connection,
    writing: Connection,
    table: Table,
    progress: Progress,
    cancel: CancelToken,
    done: int,
    total: int,
) -> int:
    from sqlalchemy.exc import DBAPIError

    copied = 0

    def chunk_done(rows: int) -> None:
        nonlocal copied
        copied += rows
        progress(done + copied, total, table.name)
        cancel.check()

    try:
        transfer.copy_table(reading, writing, table, on_chunk=chunk_done)
    except DBAPIError as exc:
        raise CaseFileError(
            f"The target refused the rows of {table.name} ({type(exc.orig).__name__}: "
            f"{str(exc.orig).splitlines()[0] if exc.orig is not None else exc}).",
            "Nothing was moved. Run casedesk check on the source, then try again.",
        ) from exc
    return copied


def _check_search(writing: Connection) -> None:
    """Make sure the target's full-text index covers every copied text (the triggers normally did)."""
    from sqlalchemy.orm import Session

    from casedesk.store.search import SearchUnavailableError, search_index

    with Session(bind=writing) as session:
        try:
            index = search_index(session)
        except SearchUnavailableError:
            return
        if not index.is_sound(session):
            index.rebuild(session)
        session.flush()


def _record_move(
    writing: Connection,
    source: CaseFile,
    target: CaseFile,
    rows: int,
    documents: int,
    user: str,
    now: Callable[[], datetime],
) -> None:
    from sqlalchemy.orm import Session

    from casedesk.store.audit import add_entry

    who = user or next((f.user for f in (source, target) if not f.firm_mode and f.user), "") or MOVER
    entry = AuditEntry(
        at=now(),
        user=who,
        case_id=None,
        case_number="",
        action=AuditAction.ADDED,
        entity="case file",
        summary=f"Case file moved in from {source.location}",
        detail=f"{rows:,} records and {documents:,} stored files copied from {source.location} "
        f"to {target.location}.",
    )
    with Session(bind=writing) as session:
        add_entry(session, entry)


@contextlib.contextmanager
def _reading(source: CaseFile) -> Iterator[Connection]:
    """One connection reading the source as of one moment (a snapshot), for the copy and the count."""
    connection = source.engine.connect()
    try:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection
    finally:
        connection.close()


def _open_target(target: Path | str, documents: Path | None) -> CaseFile:
    return open_case_file(target, create=True, documents=documents)


def _not_empty(target: CaseFile, held: dict[str, int]) -> CaseFileError:
    first = [table for table in _NAMED_FIRST if table in held]
    first += sorted((t for t in held if t not in first), key=lambda table: -held[table])
    listed = ", ".join(f"{held[table]:,} {table.replace('_', ' ')}" for table in first[:4])
    if len(first) > 4:
        listed += f" and rows in {len(first) - 4} other tables"
    return CaseFileError(
        f"{target.name} already holds case data ({listed}); a case file is only moved into an empty one.",
        "Give a new file name, or an empty firm database (CREATE DATABASE …). Nothing was changed.",
    )


def _same_place(source: Path | str, target: Path | str) -> bool:
    if isinstance(source, str) and is_database_url(source):
        return isinstance(target, str) and display_url(source) == display_url(target)
    if isinstance(target, str) and is_database_url(target):
        return False
    return Path(source).expanduser().resolve() == Path(target).expanduser().resolve()


def _remove_new_file(case_file: CaseFile) -> None:
    """Remove a case file this move created (with its folders), so a failed move leaves nothing."""
    import shutil

    path = case_file.path
    for suffix in ("", "-wal", "-shm", "-journal", LOCK_SUFFIX):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()
    shutil.rmtree(case_file.documents_dir, ignore_errors=True)


def _utc_now() -> datetime:
    return datetime.now(UTC)
