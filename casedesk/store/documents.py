"""Documents imported into cases (``documents``); their page text lives in the search index."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    column,
    func,
    insert,
    select,
    table,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.documents import Document
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.store.base import Base, UtcDateTime, Versioned
from casedesk.store.cases import get_case


class DocumentRow(Versioned, Base):
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


#: The tables that cite documents, named without their row classes (which import this module).
_CASE_PROVIDERS = table("case_providers", column("id"), column("case_id"), column("contact_id"))
_CONTACTS = table("contacts", column("id"), column("name"))
_CITING = {
    "entries": table("record_entries", column("document_id")),
    "bills": table("bills", column("document_id")),
}


def list_documents(session: Session, case_id: int) -> list[Document]:
    """A case's documents, in the order they were imported."""
    rows = session.scalars(
        select(DocumentRow)
        .where(DocumentRow.case_id == case_id)
        .order_by(DocumentRow.imported_at, DocumentRow.id)
    )
    return [row.to_domain() for row in rows]


def get_document(session: Session, document_id: int) -> Document:
    """The document with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _row(session, document_id).to_domain()


def find_document(session: Session, case_id: int, sha256: str) -> Document | None:
    """The case's document with this content, if the case has it."""
    row = session.scalar(
        select(DocumentRow).where(DocumentRow.case_id == case_id, DocumentRow.sha256 == sha256)
    )
    return row.to_domain() if row is not None else None


def add_document(session: Session, document: Document) -> Document:
    """Store a new document (its file is already in the document store); returns it with its id.

    One INSERT … RETURNING, without loading an ORM object: imports add hundreds at a time.
    """
    new_id = session.execute(
        insert(DocumentRow).returning(DocumentRow.id), DocumentRow.values(document)
    ).scalar_one()
    return replace(document, id=new_id, title=document.title.strip())


def rename_document(session: Session, document_id: int, title: str) -> Document:
    """Give a document a title ("" shows its file name again).

    Raises:
        NotFoundError: It does not exist.
        ValidationError: The title is too long.
    """
    title = " ".join(title.split())
    if len(title) > TITLE_LENGTH:
        raise ValidationError({"title": f"A title can be at most {TITLE_LENGTH} characters."})
    row = _row(session, document_id)
    row.title = title
    session.flush()
    return row.to_domain()


def set_document_provider(session: Session, document_id: int, provider_id: int | None) -> Document:
    """Say which of the case's providers a document came from (None: not known).

    Raises:
        NotFoundError: The document does not exist.
        ValidationError: The provider is not one of the document's case.
    """
    row = _row(session, document_id)
    if provider_id is not None:
        case_id = session.scalar(select(_CASE_PROVIDERS.c.case_id).where(_CASE_PROVIDERS.c.id == provider_id))
        if case_id != row.case_id:
            raise ValidationError({"provider": "That provider is not on this document's case."})
    row.provider_id = provider_id
    session.flush()
    return row.to_domain()


def delete_document(session: Session, document_id: int) -> Document:
    """Delete a document's row (not its page texts, nor its file); returns what it was.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _row(session, document_id)
    document = row.to_domain()
    session.delete(row)
    session.flush()
    return document


def content_in_use(session: Session, sha256: str) -> bool:
    """Whether any document of any case has this content (its stored file must stay)."""
    return session.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == sha256).limit(1)) is not None


def citation_counts(session: Session, document_id: int) -> dict[str, int]:
    """How many record index entries (``entries``) and bills (``bills``) cite a document."""
    return {
        name: session.scalar(
            select(func.count()).select_from(cited).where(cited.c.document_id == document_id)
        )
        or 0
        for name, cited in _CITING.items()
    }


def provider_names(session: Session, case_id: int) -> dict[int, str]:
    """The names of a case's providers (from the contacts book), by provider id."""
    rows = session.execute(
        select(_CASE_PROVIDERS.c.id, _CONTACTS.c.name)
        .join(_CONTACTS, _CONTACTS.c.id == _CASE_PROVIDERS.c.contact_id)
        .where(_CASE_PROVIDERS.c.case_id == case_id)
        .order_by(func.lower(_CONTACTS.c.name))
    )
    return {provider_id: name for provider_id, name in rows}


def check_case(session: Session, case_id: int) -> None:
    """Raise :class:`NotFoundError` unless the case exists."""
    get_case(session, case_id)


#: Longest title a document can be given (the column's size).
TITLE_LENGTH = 300


def _row(session: Session, document_id: int) -> DocumentRow:
    row = session.get(DocumentRow, document_id)
    if row is None:
        raise NotFoundError("This document no longer exists; it was deleted elsewhere.")
    return row
