"""Bates numbering: a case's settings, the numbers given to each document, and the production log.

Tables: ``bates_settings``, ``bates_numbers``, ``bates_productions`` and ``bates_production_items``.

A document is numbered once per prefix: every later production or binder that includes it shows the same
numbers. A numbers row outlives its document (``document_id`` becomes null, the name stays), so a number
is never given twice.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.store.base import Base, UtcDateTime


class BatesSettingsRow(Base):
    """A case's Bates prefix, digits and first number (``bates_settings``)."""

    __tablename__ = "bates_settings"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(20))
    digits: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)


class BatesProductionRow(Base):
    """One production: what was stamped and sent, when and to whom (``bates_productions``)."""

    __tablename__ = "bates_productions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    produced_on: Mapped[date] = mapped_column(Date)
    recipient: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class BatesNumberRow(Base):
    """The numbers a document's pages carry under one prefix (``bates_numbers``), one per page."""

    __tablename__ = "bates_numbers"
    __table_args__ = (
        UniqueConstraint("case_id", "prefix", "first_number"),
        UniqueConstraint("document_id", "prefix"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True
    )
    document_name: Mapped[str] = mapped_column(String(300))
    prefix: Mapped[str] = mapped_column(String(20))
    digits: Mapped[int] = mapped_column(Integer)
    first_number: Mapped[int] = mapped_column(Integer)
    last_number: Mapped[int] = mapped_column(Integer)
    #: The production that gave the numbers.
    production_id: Mapped[int] = mapped_column(
        ForeignKey("bates_productions.id", ondelete="RESTRICT"), index=True
    )


class BatesProductionItemRow(Base):
    """A numbered document included in a production (``bates_production_items``), in the order produced."""

    __tablename__ = "bates_production_items"

    production_id: Mapped[int] = mapped_column(
        ForeignKey("bates_productions.id", ondelete="CASCADE"), primary_key=True
    )
    bates_number_id: Mapped[int] = mapped_column(
        ForeignKey("bates_numbers.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
