"""A case's settlement statement and trust account records.

Recoveries (``recoveries``), the typed terms (``settlement_statements``) with their history
(``statement_events``), holdbacks (``holdbacks``) and disbursements from trust (``disbursements``).
"""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.invoices import PaymentMethod
from casedesk.domain.money import Money
from casedesk.domain.settlement import (
    Disbursement,
    FeeBasis,
    FeeStage,
    Holdback,
    Recovery,
    RecoverySource,
    StatementAction,
    StatementEvent,
    StatementStatus,
    StatementTerms,
)
from casedesk.store.base import Base, FractionText, MoneyCents, UtcDateTime


class RecoveryRow(Base):
    """Money recovered for a client from one source (``recoveries``)."""

    __tablename__ = "recoveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(20))
    payer: Mapped[str] = mapped_column(String(200), default="")
    payer_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    claim_number: Mapped[str] = mapped_column(String(60), default="")
    amount: Mapped[Money] = mapped_column(MoneyCents)
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Recovery:
        """The recovery as a domain object."""
        return Recovery(
            id=self.id,
            case_id=self.case_id,
            source=RecoverySource(self.source),
            payer=self.payer,
            payer_contact_id=self.payer_contact_id,
            claim_number=self.claim_number,
            amount=self.amount,
            received_on=self.received_on,
            notes=self.notes,
        )

    @staticmethod
    def values(recovery: Recovery) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": recovery.case_id,
            "source": recovery.source.value,
            "payer": " ".join(recovery.payer.split()),
            "payer_contact_id": recovery.payer_contact_id,
            "claim_number": recovery.claim_number.strip(),
            "amount": recovery.amount,
            "received_on": recovery.received_on,
            "notes": recovery.notes,
        }


class StatementRow(Base):
    """The typed terms of a case's settlement statement and its final snapshot (one per case)."""

    __tablename__ = "settlement_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), unique=True)
    fee_pre_suit: Mapped[Fraction] = mapped_column(FractionText)
    fee_suit: Mapped[Fraction] = mapped_column(FractionText)
    fee_trial: Mapped[Fraction] = mapped_column(FractionText)
    fee_stage: Mapped[str] = mapped_column(String(10))
    fee_basis: Mapped[str] = mapped_column(String(20))
    attorney: Mapped[str] = mapped_column(String(200), default="")
    method: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10))
    finalized_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    snapshot: Mapped[str | None] = mapped_column(Text, nullable=True)

    def to_domain(self) -> StatementTerms:
        """The terms as a domain object."""
        return StatementTerms(
            id=self.id,
            case_id=self.case_id,
            fee_rates={
                FeeStage.PRE_SUIT: self.fee_pre_suit,
                FeeStage.SUIT: self.fee_suit,
                FeeStage.TRIAL: self.fee_trial,
            },
            fee_stage=FeeStage(self.fee_stage),
            fee_basis=FeeBasis(self.fee_basis),
            attorney=self.attorney,
            method=self.method,
            notes=self.notes,
            status=StatementStatus(self.status),
            finalized_at=self.finalized_at,
            snapshot=self.snapshot,
        )

    @staticmethod
    def values(terms: StatementTerms) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": terms.case_id,
            "fee_pre_suit": terms.fee_rates[FeeStage.PRE_SUIT],
            "fee_suit": terms.fee_rates[FeeStage.SUIT],
            "fee_trial": terms.fee_rates[FeeStage.TRIAL],
            "fee_stage": terms.fee_stage.value,
            "fee_basis": terms.fee_basis.value,
            "attorney": " ".join(terms.attorney.split()),
            "method": terms.method.strip(),
            "notes": terms.notes,
            "status": terms.status.value,
            "finalized_at": terms.finalized_at,
            "snapshot": terms.snapshot,
        }


class StatementEventRow(Base):
    """One finalizing or reopening of a statement (``statement_events``, append-only)."""

    __tablename__ = "statement_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("settlement_statements.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> StatementEvent:
        """The event as a domain object."""
        return StatementEvent(
            id=self.id,
            statement_id=self.statement_id,
            action=StatementAction(self.action),
            at=self.at,
            reason=self.reason,
        )

    @staticmethod
    def values(event: StatementEvent) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "statement_id": event.statement_id,
            "action": event.action.value,
            "at": event.at,
            "reason": event.reason.strip(),
        }


class HoldbackRow(Base):
    """Money kept in trust for a disputed or unresolved claim (``holdbacks``)."""

    __tablename__ = "holdbacks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    payee: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Money] = mapped_column(MoneyCents)
    reason: Mapped[str] = mapped_column(Text, default="")
    released_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    def to_domain(self) -> Holdback:
        """The holdback as a domain object."""
        return Holdback(
            id=self.id,
            case_id=self.case_id,
            payee=self.payee,
            amount=self.amount,
            reason=self.reason,
            released_on=self.released_on,
        )

    @staticmethod
    def values(holdback: Holdback) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": holdback.case_id,
            "payee": " ".join(holdback.payee.split()),
            "amount": holdback.amount,
            "reason": holdback.reason.strip(),
            "released_on": holdback.released_on,
        }


class DisbursementRow(Base):
    """Money paid out of trust (``disbursements``)."""

    __tablename__ = "disbursements"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    payee: Mapped[str] = mapped_column(String(200))
    amount: Mapped[Money] = mapped_column(MoneyCents)
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(60), default="")
    purpose: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Disbursement:
        """The disbursement as a domain object."""
        return Disbursement(
            id=self.id,
            case_id=self.case_id,
            payee=self.payee,
            amount=self.amount,
            paid_on=self.paid_on,
            method=PaymentMethod(self.method),
            reference=self.reference,
            purpose=self.purpose,
            notes=self.notes,
        )

    @staticmethod
    def values(disbursement: Disbursement) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": disbursement.case_id,
            "payee": " ".join(disbursement.payee.split()),
            "amount": disbursement.amount,
            "paid_on": disbursement.paid_on,
            "method": disbursement.method.value,
            "reference": disbursement.reference.strip(),
            "purpose": disbursement.purpose.strip(),
            "notes": disbursement.notes,
        }


def list_recoveries(session: Session, case_id: int) -> list[Recovery]:
    """A case's recoveries, by date received (not yet received last), then as entered."""
    rows = session.scalars(
        select(RecoveryRow)
        .where(RecoveryRow.case_id == case_id)
        .order_by(RecoveryRow.received_on.is_(None), RecoveryRow.received_on, RecoveryRow.id)
    )
    return [row.to_domain() for row in rows]


def list_holdbacks(session: Session, case_id: int) -> list[Holdback]:
    """A case's holdbacks, as entered."""
    rows = session.scalars(select(HoldbackRow).where(HoldbackRow.case_id == case_id).order_by(HoldbackRow.id))
    return [row.to_domain() for row in rows]


def list_disbursements(session: Session, case_id: int) -> list[Disbursement]:
    """A case's disbursements from trust, by date paid, then as entered."""
    rows = session.scalars(
        select(DisbursementRow)
        .where(DisbursementRow.case_id == case_id)
        .order_by(DisbursementRow.paid_on, DisbursementRow.id)
    )
    return [row.to_domain() for row in rows]
