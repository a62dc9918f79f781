"""Use cases of the record index: entries cited to stored documents, and the chronology made from them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from casedesk.domain.chronology import DEFAULT_GAP_DAYS, Chronology, build_chronology
from casedesk.domain.documents import Document, stored_name
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.providers import CaseProvider
from casedesk.domain.records import RecordEntry, validate_entry
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.services.docstore import document_store_of, read_stored
from casedesk.store import cases as case_store
from casedesk.store import records as record_store
from casedesk.store import search as search_store
from casedesk.store.casefile import CaseFile


class RecordService:
    """The record index of the cases in one case file, and their chronologies."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self.clock = clock

    def today(self) -> date:
        """The local date now (dates of service after it are refused)."""
        return today(self.clock)

    # --- reading ---------------------------------------------------------------------------------

    def entries(self, case_id: int) -> list[RecordEntry]:
        """A case's index entries by date of service, then as entered."""
        with self._case_file.session() as session:
            return record_store.list_entries(session, case_id)

    def documents(self, case_id: int) -> list[Document]:
        """A case's stored documents, in the order they were imported."""
        with self._case_file.session() as session:
            return record_store.case_documents(session, case_id)

    def document(self, document_id: int) -> Document:
        """One stored document.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return record_store.get_document(session, document_id)

    def file_path(self, document: Document) -> Path:
        """Where a stored document's file is (it may be missing if the folder was tampered with).

        In an encrypted case file it is sealed: read it with :meth:`read_bytes` instead.
        """
        return document_store_of(self._case_file).path_on_disk(stored_name(document.sha256))

    def read_bytes(self, document: Document) -> bytes:
        """The content of a stored document (unsealed when the case file is encrypted).

        Raises:
            NotFoundError: The file is missing from the document folder.
            CaseFileError: It cannot be read, or it was changed or damaged on disk.
        """
        return read_stored(self._case_file, stored_name(document.sha256), document.display_name)

    def page_text(self, document_id: int, page: int) -> str:
        """The text extracted from a page of a document ("" when none was found)."""
        with self._case_file.session() as session:
            return search_store.document_page_text(session, document_id, page)

    def case_number(self, case_id: int) -> str:
        """The case's number (for file names).

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            return case_store.get_case(session, case_id).number

    def providers(self, case_id: int) -> list[CaseProvider]:
        """A case's providers, with their names, by name."""
        with self._case_file.session() as session:
            return record_store.case_providers(session, case_id)

    # --- writing ---------------------------------------------------------------------------------

    def errors(self, entry: RecordEntry) -> dict[str, str]:
        """What is wrong with an entry; empty when it can be saved."""
        page_count = None
        if entry.document_id is not None:
            try:
                page_count = self.document(entry.document_id).page_count
            except NotFoundError:
                return {"document": "This document is no longer in the case file; choose another."}
        return validate_entry(entry, today=self.today(), page_count=page_count)

    def add(self, entry: RecordEntry) -> RecordEntry:
        """Add an entry to the index.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: The case, provider or document was deleted.
        """
        self._check(entry)
        with self._case_file.session() as session:
            return record_store.add_entry(session, entry)

    def update(self, entry: RecordEntry, expected: RecordEntry | None = None) -> RecordEntry:
        """Save changes to an entry.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It (or its provider or document) was deleted.
        """
        self._check(entry)
        with self._case_file.session() as session:
            refuse_if_changed(
                session, record_store.RecordEntryRow, "record index entry", expected, record_store.get_entry
            )
            return record_store.update_entry(session, entry)

    def delete(self, entry_id: int) -> RecordEntry:
        """Delete an entry; returns it so that the user can undo with :meth:`restore`.

        Raises:
            NotFoundError: It was already deleted.
        """
        with self._case_file.session() as session:
            entry = record_store.get_entry(session, entry_id)
            record_store.delete_entry(session, entry_id)
            return entry

    def restore(self, entry: RecordEntry) -> RecordEntry:
        """Put back an entry deleted by :meth:`delete` (undo); links to a since-deleted record are dropped."""
        with self._case_file.session() as session:
            try:
                return record_store.add_entry(session, replace(entry, id=None))
            except NotFoundError:
                pass
        with self._case_file.session() as session:
            case_store.get_case(session, entry.case_id)
            loose = replace(entry, id=None)
            providers = {p.id for p in record_store.case_providers(session, entry.case_id)}
            documents = {d.id for d in record_store.case_documents(session, entry.case_id)}
            if loose.provider_id not in providers:
                loose = replace(loose, provider_id=None)
            if loose.document_id not in documents:
                loose = replace(loose, document_id=None, page_from=None, page_to=None)
            return record_store.add_entry(session, loose)

    def _check(self, entry: RecordEntry) -> None:
        errors = self.errors(entry)
        if errors:
            raise ValidationError(errors)

    # --- the chronology --------------------------------------------------------------------------

    def chronology(self, case_id: int, gap_days: int = DEFAULT_GAP_DAYS) -> Chronology:
        """A case's chronology, gaps longer than ``gap_days`` flagged.

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            case_store.get_case(session, case_id)
            entries = record_store.list_entries(session, case_id)
            providers = record_store.case_providers(session, case_id)
            documents = record_store.case_documents(session, case_id)
            bills = record_store.case_bills(session, case_id)
        return build_chronology(
            entries,
            providers={p.id: p.name for p in providers if p.id is not None},
            documents={d.id: d.display_name for d in documents if d.id is not None},
            bills=bills,
            gap_days=gap_days,
        )

    def export_chronology(self, case_id: int, path: Path, gap_days: int = DEFAULT_GAP_DAYS) -> Chronology:
        """Write a case's chronology to ``path``: a PDF for ``.pdf``, a workbook for ``.xlsx``.

        Returns:
            The chronology written (for the figures a caller reports).

        Raises:
            ValidationError: The file name ends in neither .pdf nor .xlsx.
            NotFoundError: The case was deleted.
            ExportError: The file cannot be written; an existing file there is left as it was.
        """
        suffix = path.suffix.lower()
        if suffix not in (".pdf", ".xlsx"):
            raise ValidationError({"path": f"{path.name}: a chronology is exported as .pdf or .xlsx."})
        chronology = self.chronology(case_id, gap_days)
        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            client = case_store.get_client(session, case.client_id)
        generated_at = self.clock().astimezone()
        if suffix == ".pdf":
            from casedesk.exports.chronology_pdf import write_chronology_pdf

            write_chronology_pdf(path, chronology, case, client, generated_at=generated_at)
        else:
            from casedesk.exports.chronology_xlsx import write_chronology_xlsx

            write_chronology_xlsx(path, chronology, case, client, generated_at=generated_at)
        record_export(self._case_file, case_id, "Chronology", path)
        return chronology
