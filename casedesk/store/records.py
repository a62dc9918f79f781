"""The medical-record index (``record_entries``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.records import EntryKind, RecordEntry
from casedesk.store.base import Base


class RecordEntryRow(Base):
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
