"""Documents imported into cases (``documents``); their page text lives in the search index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.documents import Document
from casedesk.store.base import Base, UtcDateTime


class DocumentRow(Base):
    """A stored file of a case, named in the document store by its SHA-256 (``documents``)."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("case_id", "sha256"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    original_name: Mapped[str] = mapped_column(String(260))
    size: Mapped[int] = mapped_column(Integer)
    page_count: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)
    repaired: Mapped[bool] = mapped_column(Boolean, default=False)
    password: Mapped[str] = mapped_column(String(200), default="")
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_providers.id", ondelete="SET NULL"), nullable=True, index=True
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Document:
        """The document as a domain object."""
        return Document(
            id=self.id,
            case_id=self.case_id,
            sha256=self.sha256,
            original_name=self.original_name,
            size=self.size,
            page_count=self.page_count,
            imported_at=self.imported_at,
            repaired=self.repaired,
            password=self.password,
            provider_id=self.provider_id,
            title=self.title,
            notes=self.notes,
        )

    @staticmethod
    def values(document: Document) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": document.case_id,
            "sha256": document.sha256,
            "original_name": document.original_name,
            "size": document.size,
            "page_count": document.page_count,
            "imported_at": document.imported_at,
            "repaired": document.repaired,
            "password": document.password,
            "provider_id": document.provider_id,
            "title": document.title.strip(),
            "notes": document.notes,
        }
