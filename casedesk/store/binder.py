"""A case's trial-binder layout: its sections and the documents filed in each.

Tables: ``binder_sections`` (in trial order) and ``binder_items``.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.store.base import Base


class BinderSectionRow(Base):
    """One tab of the binder (``binder_sections``): its kind says which pages are generated for it."""

    __tablename__ = "binder_sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))


class BinderItemRow(Base):
    """A stored document (or some of its pages) filed in a section (``binder_items``)."""

    __tablename__ = "binder_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("binder_sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    page_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
