"""Lost-wage records of cases (``lost_wages``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError
from casedesk.domain.money import Money
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.store.base import Base, DecimalText, MoneyCents, Versioned
from casedesk.store.cases import get_case


class LostWageRow(Versioned, Base):
    """Pay a client lost from one employer over one period (``lost_wages``)."""

    __tablename__ = "lost_wages"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    employer: Mapped[str] = mapped_column(String(200))
    rate: Mapped[Money] = mapped_column(MoneyCents)
    basis: Mapped[str] = mapped_column(String(20))
    missed: Mapped[Decimal] = mapped_column(DecimalText)
    period_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    override: Mapped[Money | None] = mapped_column(MoneyCents, nullable=True)
    override_reason: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    employer_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="SET NULL"), nullable=True
    )

    def to_domain(self) -> LostWage:
        """The record as a domain object."""
        return LostWage(
            id=self.id,
            case_id=self.case_id,
            employer=self.employer,
            rate=self.rate,
            basis=WageBasis(self.basis),
            missed=self.missed,
            period_from=self.period_from,
            period_to=self.period_to,
            override=self.override,
            override_reason=self.override_reason,
            notes=self.notes,
            employer_contact_id=self.employer_contact_id,
            interview_id=self.interview_id,
        )

    @staticmethod
    def values(wage: LostWage) -> dict[str, Any]:
        """Column values for the domain record (not the id): what fill and bulk inserts use."""
        return {
            "case_id": wage.case_id,
            "employer": " ".join(wage.employer.split()),
            "rate": wage.rate,
            "basis": wage.basis.value,
            "missed": wage.missed,
            "period_from": wage.period_from,
            "period_to": wage.period_to,
            "override": wage.override,
            "override_reason": wage.override_reason.strip() if wage.override is not None else "",
            "notes": wage.notes,
            "employer_contact_id": wage.employer_contact_id,
            "interview_id": wage.interview_id,
        }


def list_lost_wages(session: Session, case_id: int) -> list[LostWage]:
    """A case's lost-wage records, by start of the period (undated last), then as entered."""
    rows = session.scalars(
        select(LostWageRow)
        .where(LostWageRow.case_id == case_id)
        .order_by(LostWageRow.period_from.is_(None), LostWageRow.period_from, LostWageRow.id)
    )
    return [row.to_domain() for row in rows]


def get_lost_wage(session: Session, wage_id: int) -> LostWage:
    """The record with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _row(session, wage_id).to_domain()


def add_lost_wage(session: Session, wage: LostWage) -> LostWage:
    """Store a new record.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, wage.case_id)
    row = LostWageRow(**LostWageRow.values(wage))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_lost_wage(session: Session, wage: LostWage) -> LostWage:
    """Store changes to a record.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _row(session, wage.id or 0)
    for column, value in LostWageRow.values(wage).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_lost_wage(session: Session, wage_id: int) -> None:
    """Delete a record.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_row(session, wage_id))
    session.flush()


def _row(session: Session, wage_id: int) -> LostWageRow:
    row = session.get(LostWageRow, wage_id)
    if row is None:
        raise NotFoundError("This lost-wage record no longer exists; it was deleted elsewhere.")
    return row
