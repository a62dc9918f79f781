"""The medical-record index (``record_entries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.bills import Bill
from casedesk.domain.documents import Document
from casedesk.domain.errors import NotFoundError
from casedesk.domain.providers import CaseProvider
from casedesk.domain.records import EntryKind, RecordEntry
from casedesk.store.base import Base, Versioned
from casedesk.store.bills import BillRow
from casedesk.store.cases import get_case
from casedesk.store.contacts import ContactRow
from casedesk.store.documents import DocumentRow
from casedesk.store.providers import CaseProviderRow


class RecordEntryRow(Versioned, Base):
    """One indexed visit or record, cited to a document's pages (``record_entries``)."""

    __tablename__ = "record_entries"
    __table_args__ = (Index("ix_record_entries_case_service", "case_id", "service_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    service_from: Mapped[date] = mapped_column(Date)
    service_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_providers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True
    )
    page_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    complaint: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    diagnoses: Mapped[str] = mapped_column(Text, default="")
    procedures: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> RecordEntry:
        """The entry as a domain object."""
        return RecordEntry(
            id=self.id,
            case_id=self.case_id,
            service_from=self.service_from,
            service_to=self.service_to,
            kind=EntryKind(self.kind),
            provider_id=self.provider_id,
            document_id=self.document_id,
            page_from=self.page_from,
            page_to=self.page_to,
            complaint=self.complaint,
            summary=self.summary,
            diagnoses=self.diagnoses,
            procedures=self.procedures,
        )

    @staticmethod
    def values(entry: RecordEntry) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": entry.case_id,
            "service_from": entry.service_from,
            "service_to": entry.service_to,
            "kind": entry.kind.value,
            "provider_id": entry.provider_id,
            "document_id": entry.document_id,
            "page_from": entry.page_from,
            "page_to": entry.page_to,
            "complaint": entry.complaint,
            "summary": entry.summary,
            "diagnoses": entry.diagnoses,
            "procedures": entry.procedures,
        }


# --- repository ---------------------------------------------------------------------------------------


def list_entries(session: Session, case_id: int) -> list[RecordEntry]:
    """A case's index entries by date of service, then as entered."""
    rows = session.scalars(
        select(RecordEntryRow)
        .where(RecordEntryRow.case_id == case_id)
        .order_by(RecordEntryRow.service_from, RecordEntryRow.id)
    )
    return [row.to_domain() for row in rows]


def get_entry(session: Session, entry_id: int) -> RecordEntry:
    """The entry with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _row(session, entry_id).to_domain()


def add_entry(session: Session, entry: RecordEntry) -> RecordEntry:
    """Store a new entry.

    Raises:
        NotFoundError: The case, its provider or its document no longer exists.
    """
    get_case(session, entry.case_id)
    _check_links(session, entry)
    row = RecordEntryRow(**RecordEntryRow.values(entry))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_entry(session: Session, entry: RecordEntry) -> RecordEntry:
    """Store changes to an entry.

    Raises:
        NotFoundError: It, its provider or its document no longer exists.
    """
    row = _row(session, entry.id or 0)
    _check_links(session, entry)
    for column, value in RecordEntryRow.values(entry).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_entry(session: Session, entry_id: int) -> None:
    """Delete an entry.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_row(session, entry_id))
    session.flush()


def _row(session: Session, entry_id: int) -> RecordEntryRow:
    row = session.get(RecordEntryRow, entry_id)
    if row is None:
        raise NotFoundError("This index entry no longer exists; it was deleted elsewhere.")
    return row


def _check_links(session: Session, entry: RecordEntry) -> None:
    """The entry's provider and document must be the case's own."""
    if entry.provider_id is not None:
        provider = session.get(CaseProviderRow, entry.provider_id)
        if provider is None or provider.case_id != entry.case_id:
            raise NotFoundError(
                "The provider of this entry is no longer on the case.", "Choose another provider."
            )
    if entry.document_id is not None:
        document = session.get(DocumentRow, entry.document_id)
        if document is None or document.case_id != entry.case_id:
            raise NotFoundError(
                "The document of this entry is no longer in the case.", "Choose another document."
            )


# --- what the index reads of other records ------------------------------------------------------------


def case_documents(session: Session, case_id: int) -> list[Document]:
    """A case's stored documents, in the order they were imported."""
    rows = session.scalars(
        select(DocumentRow)
        .where(DocumentRow.case_id == case_id)
        .order_by(DocumentRow.imported_at, DocumentRow.id)
    )
    return [row.to_domain() for row in rows]


def get_document(session: Session, document_id: int) -> Document:
    """The stored document with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFoundError("This document is no longer in the case file; it was deleted elsewhere.")
    return row.to_domain()


def case_providers(session: Session, case_id: int) -> list[CaseProvider]:
    """A case's providers with their names from the contacts book, by name."""
    rows = session.execute(
        select(CaseProviderRow, ContactRow.name)
        .join(ContactRow, ContactRow.id == CaseProviderRow.contact_id)
        .where(CaseProviderRow.case_id == case_id)
        .order_by(ContactRow.name, CaseProviderRow.id)
    )
    return [row.to_domain(name) for row, name in rows]


def case_bills(session: Session, case_id: int) -> list[Bill]:
    """A case's bills by date of service."""
    rows = session.scalars(
        select(BillRow).where(BillRow.case_id == case_id).order_by(BillRow.service_from, BillRow.id)
    )
    return [row.to_domain() for row in rows]
