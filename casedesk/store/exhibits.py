"""A case's trial exhibits (``exhibits``) and how it numbers them (``exhibit_settings``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.store.base import Base


class ExhibitSettingsRow(Base):
    """How a case numbers its exhibits (``exhibit_settings``); a case without a row uses the defaults."""

    __tablename__ = "exhibit_settings"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    scheme: Mapped[str] = mapped_column(String(20))
    plaintiff_start: Mapped[int] = mapped_column(Integer, default=1)
    defendant_start: Mapped[int] = mapped_column(Integer, default=1)


class ExhibitRow(Base):
    """One exhibit on a party's list (``exhibits``); its number follows from its position in the list."""

    __tablename__ = "exhibits"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    party: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True
    )
    page_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    page_to: Mapped[int | None] = mapped_column(Integer, nullable=True)
    exhibit_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    witness_id: Mapped[int | None] = mapped_column(
        ForeignKey("witnesses.id", ondelete="SET NULL"), nullable=True
    )
    status: Mapped[str] = mapped_column(String(20))
    offered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    marked_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    admitted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
