"""The full-text search index: every searchable text of a case file, one row each (``search_texts``).

A document's pages are stored here (``kind = "page"``, ``ref_id`` the document, ``page`` 1-based), and
so are copies of the notes of other records (``kind`` names the table, ``ref_id`` the row), kept in step by
triggers. On SQLite the FTS5 table ``search_fts`` indexes ``body`` with this table as its external
content; another database implements the same interface with its own full-text search.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

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
