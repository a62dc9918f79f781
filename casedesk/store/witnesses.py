"""A case's trial witnesses (``witnesses``) and the exhibits each will use (``witness_exhibits``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.store.base import Base


class WitnessRow(Base):
    """A person who will testify (``witnesses``): a contact from the book, in order of appearance."""

    __tablename__ = "witnesses"
    __table_args__ = (UniqueConstraint("case_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    position: Mapped[int] = mapped_column(Integer)
    subpoena_served_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    availability: Mapped[str] = mapped_column(Text, default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    outline: Mapped[str] = mapped_column(Text, default="")


class WitnessExhibitRow(Base):
    """An exhibit a witness will be shown (``witness_exhibits``), in the order of the examination."""

    __tablename__ = "witness_exhibits"

    witness_id: Mapped[int] = mapped_column(ForeignKey("witnesses.id", ondelete="CASCADE"), primary_key=True)
    exhibit_id: Mapped[int] = mapped_column(
        ForeignKey("exhibits.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer)
