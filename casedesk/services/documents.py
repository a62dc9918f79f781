"""Use cases for a case's documents: importing PDFs into the document store, reading, renaming, deleting.

An import copies each file into the case file's document store by content (SHA-256), reads its pages'
text in worker processes (:mod:`casedesk.exports.pdf_reader`) and stores a ``documents`` row and the page
texts (the search index) for it. Each file gets its own outcome; a bad one never stops the others.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.domain.documents import Document, ImportOutcome, ImportStatus, stored_name
from casedesk.domain.errors import CaseFileError, NotFoundError
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, system_clock
from casedesk.services.docstore import ChangedError, document_store_of, read_stored
from casedesk.store import documents as document_store
from casedesk.store import search
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy.orm import Session

    from casedesk.exports.pdf_reader import PdfReading

#: Imported files are committed together at most this often (one durable commit costs an fsync).
BATCH_SECONDS = 0.5
#: What the command line says of a file that needs a password.
NEEDS_PASSWORD_CLI = "password-protected; run again with --password"


class DocumentService:
    """The documents of the cases in one case file, and importing more."""

    def __init__(
        self, case_file: CaseFile, clock: Clock = system_clock, *, workers: int | None = None
    ) -> None:
        """Serve one case file.

        Args:
            case_file: The open case file.
            clock: Gives the moment documents are imported.
            workers: Processes reading PDFs at once (default: one per core).
        """
        self._case_file = case_file
        self._clock = clock
        self._workers = workers

    # --- reading -------------------------------------------------------------------------------

    def documents(self, case_id: int) -> list[Document]:
        """A case's documents, in the order they were imported."""
        with self._case_file.session() as session:
            return document_store.list_documents(session, case_id)

    def get(self, document_id: int) -> Document:
        """The document with this id.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return document_store.get_document(session, document_id)

    def file_path(self, document: Document) -> Path:
        """Where the document's stored copy is (open it read-only; it must never be changed).

        Raises:
            NotFoundError: The file is missing from the document folder.
            CaseFileError: The case file is encrypted: its documents are sealed, not kept as PDF files
                (use :meth:`read_bytes`).
        """
        store = document_store_of(self._case_file)
        if store.sealed:
            raise CaseFileError(
                f"This case file is encrypted, so “{document.display_name}” is not kept as a PDF file "
                "that other programs can open.",
                "Save a copy where you choose to open it in another program (the copy is not encrypted).",
            )
        path = store.path_on_disk(stored_name(document.sha256))
        if not path.is_file():
            raise self._missing(document)
        return path

    def read_bytes(self, document: Document) -> bytes:
        """The content of the document's stored copy (unsealed when the case file is encrypted).

        Raises:
            NotFoundError: The file is missing from the document folder.
            CaseFileError: It cannot be read, or it was changed or damaged on disk.
        """
        return read_stored(self._case_file, stored_name(document.sha256), document.display_name)

    def save_copy(self, document: Document, path: Path) -> None:
        """Write a copy of the document to ``path`` (plain, even from an encrypted case file), atomically.

        The copy is recorded in the audit trail.

        Raises:
            NotFoundError: The stored file is missing.
            CaseFileError: The stored file cannot be read, or was changed or damaged on disk.
            ExportError: ``path`` cannot be written; a file already there is left as it was.
        """
        from casedesk.exports.atomic import atomic_write

        content = self.read_bytes(document)
        with atomic_write(Path(path)) as handle:
            handle.write(content)
        record_export(self._case_file, document.case_id, f"Document “{document.display_name}”", Path(path))

    def _missing(self, document: Document) -> NotFoundError:
        return NotFoundError(
            f"The stored copy of “{document.display_name}” is missing from the document folder "
            f"{self._case_file.documents_dir}.",
            "Restore the folder from a backup, or delete the document and import the file again.",
        )

    def page_text(self, document_id: int, page: int) -> str:
        """The text found on one page (1-based); "" for a page without text."""
        with self._case_file.session() as session:
            return search.document_page_text(session, document_id, page)

    def provider_names(self, case_id: int) -> dict[int, str]:
        """The names of a case's providers by id (what a document's ``provider_id`` can be)."""
        with self._case_file.session() as session:
            return document_store.provider_names(session, case_id)

    def citations(self, document_id: int) -> tuple[int, int]:
        """How many record index entries, and how many bills, cite the document."""
        with self._case_file.session() as session:
            counts = document_store.citation_counts(session, document_id)
        return counts["entries"], counts["bills"]

    # --- changing ------------------------------------------------------------------------------

    def rename(self, document_id: int, title: str) -> Document:
        """Give a document a title ("" shows its file name again).

        Raises:
            NotFoundError: It was deleted.
            ValidationError: The title is too long.
        """
        with self._case_file.session() as session:
            return document_store.rename_document(session, document_id, title)

    def set_provider(self, document_id: int, provider_id: int | None) -> Document:
        """Say which of the case's providers a document came from (None: not known).

        Raises:
            NotFoundError: It was deleted.
            ValidationError: The provider is not on the document's case.
        """
        with self._case_file.session() as session:
            return document_store.set_document_provider(session, document_id, provider_id)

    def delete(self, document_id: int) -> Document:
        """Delete a document and its page texts; its stored file too unless another case has the same file.

        Index entries and bills that cited it stay, without the link. Returns what was deleted.

        Raises:
            NotFoundError: It was already deleted.
        """
        with self._case_file.session() as session:
            search.remove_document_pages(session, document_id)
            document = document_store.delete_document(session, document_id)
            in_use = document_store.content_in_use(session, document.sha256)
        if not in_use:
            self._remove_stored(document.sha256)
        return document

    # --- importing -----------------------------------------------------------------------------

    def import_files(
        self,
        case_id: int,
        paths: Sequence[Path],
        *,
        passwords: Mapping[Path, str] | None = None,
        progress: Progress = no_progress,
        cancel: CancelToken | None = None,
    ) -> list[ImportOutcome]:
        """Import PDFs into a case: one outcome per path, in the order given.

        Files are read in worker processes, several at once; each is stored (and committed) as its reading
        comes back. Cancel stops after the file being stored: what was imported is kept, the rest are
        reported cancelled. The originals are only ever read.

        Args:
            case_id: The case to import into.
            paths: The files.
            passwords: Passwords to try on protected files, by path.
            progress: Told ``(files done, files, name of the next file)``.
            cancel: Checked after each file.

        Raises:
            NotFoundError: The case does not exist (nothing is imported).
        """
        from casedesk.exports.pdf_reader import PdfRequest, read_pdfs

        with self._case_file.session() as session:
            document_store.check_case(session, case_id)
        paths = [Path(path) for path in paths]
        password_for = _passwords(passwords or {})
        store = self._case_file.documents_dir
        sealed = document_store_of(self._case_file).sealed
        document_store_of(self._case_file).ready()
        requests = [PdfRequest(path, store, password_for(path), in_place=sealed) for path in paths]
        total = len(paths)
        outcomes: list[ImportOutcome] = []
        if total:
            progress(0, total, paths[0].name)
        with _Batches(self) as batches:
            readings = read_pdfs(requests, workers=self._workers)
            try:
                for reading in readings:
                    outcomes.append(batches.store(case_id, reading, paths[len(outcomes)]))
                    if cancel is not None and cancel.cancelled:
                        break  # what the user saw in progress when cancelling is finished: stop here
                    done = len(outcomes)
                    progress(done, total, paths[done].name if done < total else "")
            finally:
                readings.close()  # stops the workers (at once, when cancelled)
        outcomes = batches.settled(outcomes)
        outcomes += [
            ImportOutcome(path, ImportStatus.CANCELLED, "Not imported: the import was cancelled.")
            for path in paths[len(outcomes) :]
        ]
        return outcomes

    def _store_reading(
        self, session: Session, case_id: int, reading: PdfReading, path: Path, kept: list[Path]
    ) -> ImportOutcome:
        """Add one read file to the case (or say why not); the session is committed by the batch.

        The file's copy gets its name in the store before the transaction commits (appended to ``kept``),
        so that no committed document lacks its file.
        """
        from casedesk.exports.pdf_reader import PdfProblem, drop_copy, keep_copy

        if reading.problem in (PdfProblem.NEEDS_PASSWORD, PdfProblem.WRONG_PASSWORD):
            wrong = reading.problem is PdfProblem.WRONG_PASSWORD
            message = (
                "The password is wrong. Enter it again, or skip the file."
                if wrong
                else "This PDF is password-protected. Enter its password, or skip the file."
            )
            return ImportOutcome(path, ImportStatus.NEEDS_PASSWORD, message, wrong_password=wrong)
        if reading.problem is not None:
            return ImportOutcome(path, ImportStatus.FAILED, failure_message(reading))
        existing = document_store.find_document(session, case_id, reading.sha256)
        if existing is not None:
            drop_copy(reading)
            return ImportOutcome(
                path,
                ImportStatus.DUPLICATE,
                f"Already in this case as “{existing.display_name}”; not imported again.",
                existing,
            )
        store = document_store_of(self._case_file)
        if store.sealed:
            # The worker read the file where it is: seal a copy now, checking it is still the file read.
            try:
                final = store.copy_in(stored_name(reading.sha256), reading.source, reading.sha256)
            except ChangedError:
                return ImportOutcome(
                    path,
                    ImportStatus.FAILED,
                    "The file changed while it was being imported. Import it again.",
                )
        document = document_store.add_document(session, _document(case_id, reading, path, self._now()))
        search.add_document_pages(session, case_id, document.id or 0, reading.pages)
        kept.append(final if store.sealed else keep_copy(reading, self._case_file.documents_dir))
        return ImportOutcome(path, ImportStatus.IMPORTED, imported_message(reading), document)

    def _now(self) -> datetime:
        return self._clock()

    def _remove_if_unused(self, sha256: str) -> None:
        """Remove a stored file unless a document of some case uses it."""
        with self._case_file.session() as session:
            in_use = document_store.content_in_use(session, sha256)
        if not in_use:
            self._remove_stored(sha256)

    def _remove_stored(self, sha256: str) -> None:
        """Remove a stored file no document uses any more (best effort: a leftover file harms nothing)."""
        document_store_of(self._case_file).remove(stored_name(sha256))


class _Batches:
    """Stores readings in transactions of about :data:`BATCH_SECONDS`, each one durable commit.

    If a commit fails (a full disk), the files of that batch are reported not imported, with why, and
    their stored copies removed unless something else uses them.
    """

    def __init__(self, service: DocumentService) -> None:
        self._service = service
        self._session: Session | None = None
        self._scope: contextlib.ExitStack | None = None
        self._started = 0.0
        self._pending: dict[int, str] = {}  # outcome index → content of each file in the open batch
        self._count = 0
        self._failed: dict[int, str] = {}
        self._folders: set[Path] = set()  # where files were given their names in the open batch

    def __enter__(self) -> _Batches:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._commit()

    def store(self, case_id: int, reading: PdfReading, path: Path) -> ImportOutcome:
        """Store one reading in the open batch (opening one if needed); commit when the batch is due."""
        index = self._count
        self._count += 1
        if self._failed:  # the case file could not be written: do not try again for every file
            return ImportOutcome(path, ImportStatus.FAILED, next(iter(self._failed.values())))
        from casedesk.exports.pdf_reader import drop_copy

        session = self._open()
        kept: list[Path] = []
        try:
            with session.begin_nested():
                outcome = self._service._store_reading(session, case_id, reading, path, kept)
        except Exception as exc:  # this one file could not be stored: say so, keep the batch
            drop_copy(reading)
            if kept:
                self._service._remove_if_unused(reading.sha256)
            return ImportOutcome(path, ImportStatus.FAILED, _not_saved(exc))
        self._folders.update(final.parent for final in kept)
        if outcome.status is ImportStatus.IMPORTED:
            self._pending[index] = reading.sha256
        if time.monotonic() - self._started >= BATCH_SECONDS:
            self._commit()
        return outcome

    def settled(self, outcomes: list[ImportOutcome]) -> list[ImportOutcome]:
        """The outcomes, with those of a batch that could not be committed turned into failures."""
        return [
            ImportOutcome(outcome.path, ImportStatus.FAILED, self._failed[index])
            if index in self._failed and outcome.status is ImportStatus.IMPORTED
            else outcome
            for index, outcome in enumerate(outcomes)
        ]

    def _open(self) -> Session:
        if self._session is None:
            self._scope = contextlib.ExitStack()
            self._session = self._scope.enter_context(self._service._case_file.session())
            self._started = time.monotonic()
        return self._session

    def _commit(self) -> None:
        scope, self._scope, self._session = self._scope, None, None
        from casedesk.exports.pdf_reader import sync_folders

        pending, self._pending = self._pending, {}
        folders, self._folders = self._folders, set()
        if scope is None:
            return
        try:
            sync_folders(folders)  # the files' names are on disk before the rows that name them
            scope.close()
        except Exception as exc:  # nothing of this batch was saved; the next files are not tried
            message = _not_saved(exc)
            self._failed.update(dict.fromkeys(pending, message))
            self._failed.setdefault(-1, message)
            for sha256 in set(pending.values()):
                with contextlib.suppress(Exception):
                    self._service._remove_if_unused(sha256)


def _not_saved(exc: Exception) -> str:
    reason = " ".join(str(exc).split())[:200]
    return (
        f"Read, but not saved in the case file ({type(exc).__name__}: {reason}). "
        "Free some disk space, then import it again."
    )


def _passwords(passwords: Mapping[Path, str]) -> Callable[[Path], str]:
    """Looks up a file's password by the path given, or else by the file it names ("" for none)."""
    resolved: dict[Path, str] = {}
    for key, password in passwords.items():
        with contextlib.suppress(OSError):
            resolved[Path(key).resolve()] = password

    def password_for(path: Path) -> str:
        if path in passwords:
            return passwords[path]
        try:
            return resolved.get(path.resolve(), "")
        except OSError:
            return ""

    return password_for


def _document(case_id: int, reading: PdfReading, path: Path, now: datetime) -> Document:
    return Document(
        case_id=case_id,
        sha256=reading.sha256,
        original_name=path.name[:260],
        size=reading.size,
        page_count=reading.page_count,
        imported_at=now,
        repaired=reading.repaired,
        password=reading.password,
    )


def pages_phrase(count: int) -> str:
    """``1 page``, ``20 pages``."""
    return "1 page" if count == 1 else f"{count:,} pages"


def imported_message(reading: PdfReading) -> str:
    """What to say of a file imported: its pages, whether it has text, whether it was repaired."""
    parts = [pages_phrase(reading.page_count)]
    if not any(text.strip() for text in reading.pages):
        parts.append("no text found (a scan without text recognition?), so it cannot be searched")
    if reading.repaired:
        parts.append("the file was damaged and has been repaired to read it; the stored copy is the original")
    if reading.password:
        parts.append("opened with its password")
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def failure_message(reading: PdfReading) -> str:
    """Why a file was not imported, and what to do about it, in the user's words."""
    from casedesk.exports.pdf_reader import PdfProblem

    detail = reading.detail
    messages = {
        PdfProblem.UNREADABLE: (
            f"The file cannot be opened: {detail}. Check that it exists and that you may read it."
        ),
        PdfProblem.EMPTY: "The file is empty (0 bytes). Get the file again from where it came from.",
        PdfProblem.NOT_PDF: (
            f"This is not a PDF{f'; it looks like {detail}' if detail else ''}. "
            "Save or print it as a PDF, then import that."
        ),
        PdfProblem.TRUNCATED: (
            "The file is cut short: it ends before the end of the PDF (an interrupted download or copy). "
            "Get the file again."
        ),
        PdfProblem.DAMAGED: "The PDF is damaged beyond repair. Ask the sender for a new copy.",
        PdfProblem.NO_PAGES: "The PDF has no pages. Ask the sender for a new copy.",
        PdfProblem.TOO_SLOW: (
            f"Reading the PDF took too long ({detail}); it may be damaged. Ask the sender for a new copy."
        ),
        PdfProblem.TOO_LARGE: "The PDF needs more memory to read than casedesk allows for one file.",
        PdfProblem.CRASHED: (
            "The PDF could not be read: it is damaged, or too large to read. Ask the sender for a new copy."
        ),
        PdfProblem.NOT_STORED: (
            f"The file could not be copied into the case file's document folder ({detail}). "
            "Free some disk space, or check that you may write to that folder."
        ),
    }
    message = messages.get(reading.problem) if reading.problem is not None else None
    return message or "The file could not be imported."
