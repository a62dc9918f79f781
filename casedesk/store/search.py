"""The full-text search index: every searchable text of a case file, one row each (``search_texts``).

A document's pages are stored here (``kind = "page"``, ``ref_id`` the document, ``page`` 1-based), and
so are copies of the notes of other records (``kind`` names the table, ``ref_id`` the row), kept in step by
triggers. On SQLite the FTS5 table ``search_fts`` indexes ``body`` with this table as its external
content; another database implements the same interface with its own full-text search.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ForeignKey, Index, Integer, String, Text, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.store.base import Base

#: Tables the database's own full-text engine adds (FTS5 and its shadow tables); not part of the ORM.
FULL_TEXT_TABLE_PREFIX = "search_fts"


class SearchTextRow(Base):
    """One searchable text: a document page or a record's notes (``search_texts``)."""

    __tablename__ = "search_texts"
    __table_args__ = (Index("ix_search_texts_kind_ref", "kind", "ref_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int] = mapped_column(Integer)
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    body: Mapped[str] = mapped_column(Text, default="")


#: ``kind`` of a document page.
PAGE = "page"


def add_document_pages(session: Session, case_id: int, document_id: int, pages: Sequence[str]) -> None:
    """Index a document's page texts (``pages[0]`` is page 1) in one statement."""
    if not pages:
        return
    session.execute(
        insert(SearchTextRow),
        [
            {"case_id": case_id, "kind": PAGE, "ref_id": document_id, "page": number, "body": text}
            for number, text in enumerate(pages, start=1)
        ],
    )


def document_page_text(session: Session, document_id: int, page: int) -> str:
    """The extracted text of one page of a document ("" when it has none or no such page)."""
    text = session.scalar(
        select(SearchTextRow.body).where(
            SearchTextRow.kind == PAGE, SearchTextRow.ref_id == document_id, SearchTextRow.page == page
        )
    )
    return text or ""


def remove_document_pages(session: Session, document_id: int) -> None:
    """Take a document's pages out of the index (the document is being deleted)."""
    session.execute(
        delete(SearchTextRow).where(SearchTextRow.kind == PAGE, SearchTextRow.ref_id == document_id)
    )
