"""Bates numbering: a case's settings, the numbers given to each document, and the production log.

Tables: ``bates_settings``, ``bates_numbers``, ``bates_productions`` and ``bates_production_items``.

A document is numbered once per prefix: every later production or binder that includes it shows the same
numbers. A numbers row outlives its document (``document_id`` becomes null, the name stays), so a number
is never given twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.bates import BatesSettings, DocumentBates, Production
from casedesk.store.base import Base, UtcDateTime, Versioned


class BatesSettingsRow(Versioned, Base):
    """A case's Bates prefix, digits and first number (``bates_settings``)."""

    __tablename__ = "bates_settings"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    prefix: Mapped[str] = mapped_column(String(20))
    digits: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)

    def to_domain(self) -> BatesSettings:
        """The settings as a domain object."""
        return BatesSettings(prefix=self.prefix, digits=self.digits, start=self.start)


class BatesProductionRow(Base):
    """One production: what was stamped and sent, when and to whom (``bates_productions``)."""

    __tablename__ = "bates_productions"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    produced_on: Mapped[date] = mapped_column(Date)
    recipient: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)

    def to_domain(self, documents: Sequence[DocumentBates] = ()) -> Production:
        """The production as a domain object, listing ``documents``."""
        return Production(
            id=self.id,
            case_id=self.case_id,
            produced_on=self.produced_on,
            recipient=self.recipient,
            notes=self.notes,
            created_at=self.created_at,
            documents=tuple(documents),
        )


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

    def to_domain(self) -> DocumentBates:
        """The numbers as a domain object."""
        return DocumentBates(
            document_id=self.document_id,
            document_name=self.document_name,
            prefix=self.prefix,
            digits=self.digits,
            first_number=self.first_number,
            last_number=self.last_number,
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


# --- settings ------------------------------------------------------------------------------------


def get_settings(session: Session, case_id: int) -> BatesSettings | None:
    """The case's saved settings, or ``None`` when it has none yet."""
    row = session.get(BatesSettingsRow, case_id)
    return row.to_domain() if row is not None else None


def save_settings(session: Session, case_id: int, settings: BatesSettings) -> None:
    """Save the case's settings (replacing any)."""
    row = session.get(BatesSettingsRow, case_id)
    if row is None:
        row = BatesSettingsRow(case_id=case_id)
        session.add(row)
    row.prefix = settings.prefix
    row.digits = settings.digits
    row.start = settings.start
    session.flush()


# --- numbers -------------------------------------------------------------------------------------


def last_number(session: Session, case_id: int, prefix: str) -> int | None:
    """The highest number given under ``prefix`` in the case (deleted documents' too), or ``None``."""
    return session.scalar(
        select(func.max(BatesNumberRow.last_number)).where(
            BatesNumberRow.case_id == case_id, BatesNumberRow.prefix == prefix
        )
    )


def document_numbers(session: Session, case_id: int, prefix: str) -> dict[int, DocumentBates]:
    """The numbers of the case's documents (still present) under ``prefix``, by document id."""
    rows = session.scalars(
        select(BatesNumberRow)
        .where(
            BatesNumberRow.case_id == case_id,
            BatesNumberRow.prefix == prefix,
            BatesNumberRow.document_id.is_not(None),
        )
        .order_by(BatesNumberRow.first_number)
    )
    return {row.document_id: row.to_domain() for row in rows if row.document_id is not None}


def number_row_ids(session: Session, prefix: str, document_ids: Sequence[int]) -> dict[int, int]:
    """The numbers rows of these documents under ``prefix``: document id to row id."""
    if not document_ids:
        return {}
    rows = session.execute(
        select(BatesNumberRow.document_id, BatesNumberRow.id).where(
            BatesNumberRow.prefix == prefix, BatesNumberRow.document_id.in_(list(document_ids))
        )
    )
    return {document_id: row_id for document_id, row_id in rows if document_id is not None}


def add_numbers(session: Session, case_id: int, numbers: DocumentBates, production_id: int) -> int:
    """Record the numbers given to a document by a production; returns the row's id."""
    row = BatesNumberRow(
        case_id=case_id,
        document_id=numbers.document_id,
        document_name=numbers.document_name[:300],
        prefix=numbers.prefix,
        digits=numbers.digits,
        first_number=numbers.first_number,
        last_number=numbers.last_number,
        production_id=production_id,
    )
    session.add(row)
    session.flush()
    return row.id


# --- productions ---------------------------------------------------------------------------------


def add_production(
    session: Session, case_id: int, produced_on: date, recipient: str, notes: str, created_at: datetime
) -> int:
    """Log a production (its documents are added with :func:`add_items`); returns its id."""
    row = BatesProductionRow(
        case_id=case_id,
        produced_on=produced_on,
        recipient=recipient[:200],
        notes=notes,
        created_at=created_at,
    )
    session.add(row)
    session.flush()
    return row.id


def add_items(session: Session, production_id: int, number_row_ids: Sequence[int]) -> None:
    """List numbered documents in a production, in this order."""
    session.add_all(
        BatesProductionItemRow(production_id=production_id, bates_number_id=row_id, position=position)
        for position, row_id in enumerate(number_row_ids)
    )
    session.flush()


def list_productions(session: Session, case_id: int) -> list[Production]:
    """The case's productions, the latest first, each with its documents in the order produced."""
    productions = list(
        session.scalars(
            select(BatesProductionRow)
            .where(BatesProductionRow.case_id == case_id)
            .order_by(BatesProductionRow.produced_on.desc(), BatesProductionRow.id.desc())
        )
    )
    if not productions:
        return []
    items = session.execute(
        select(BatesProductionItemRow.production_id, BatesNumberRow)
        .join(BatesNumberRow, BatesNumberRow.id == BatesProductionItemRow.bates_number_id)
        .where(BatesProductionItemRow.production_id.in_([p.id for p in productions]))
        .order_by(BatesProductionItemRow.production_id, BatesProductionItemRow.position)
    )
    documents: dict[int, list[DocumentBates]] = {}
    for production_id, number in items:
        documents.setdefault(production_id, []).append(number.to_domain())
    return [row.to_domain(documents.get(row.id, ())) for row in productions]


def get_production(session: Session, production_id: int) -> Production:
    """One production with its documents."""
    row = session.get_one(BatesProductionRow, production_id)
    items = session.scalars(
        select(BatesNumberRow)
        .join(BatesProductionItemRow, BatesNumberRow.id == BatesProductionItemRow.bates_number_id)
        .where(BatesProductionItemRow.production_id == production_id)
        .order_by(BatesProductionItemRow.position)
    )
    return row.to_domain([number.to_domain() for number in items])
