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

from casedesk.domain.errors import NotFoundError
from casedesk.domain.expenses import Expense
from casedesk.domain.invoices import InvoicePayment, InvoiceStatus, PaymentMethod, invoice_status
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
from casedesk.store.base import Base, FractionText, MoneyCents, UtcDateTime, Versioned
from casedesk.store.cases import get_case
from casedesk.store.expenses import ExpenseRow
from casedesk.store.invoices import InvoicePaymentRow, InvoiceRow


class RecoveryRow(Versioned, Base):
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


class StatementRow(Versioned, Base):
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


class HoldbackRow(Versioned, Base):
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


class DisbursementRow(Versioned, Base):
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


# --- recoveries ------------------------------------------------------------------------------------


def get_recovery(session: Session, recovery_id: int) -> Recovery:
    """The recovery with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _recovery_row(session, recovery_id).to_domain()


def add_recovery(session: Session, recovery: Recovery) -> Recovery:
    """Store a new recovery.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, recovery.case_id)
    row = RecoveryRow(**RecoveryRow.values(recovery))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_recovery(session: Session, recovery: Recovery) -> Recovery:
    """Store changes to a recovery.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _recovery_row(session, recovery.id or 0)
    for column, value in RecoveryRow.values(recovery).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_recovery(session: Session, recovery_id: int) -> None:
    """Delete a recovery.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_recovery_row(session, recovery_id))
    session.flush()


def _recovery_row(session: Session, recovery_id: int) -> RecoveryRow:
    row = session.get(RecoveryRow, recovery_id)
    if row is None:
        raise NotFoundError("This recovery no longer exists; it was deleted elsewhere.")
    return row


# --- holdbacks -------------------------------------------------------------------------------------


def get_holdback(session: Session, holdback_id: int) -> Holdback:
    """The holdback with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _holdback_row(session, holdback_id).to_domain()


def add_holdback(session: Session, holdback: Holdback) -> Holdback:
    """Store a new holdback.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, holdback.case_id)
    row = HoldbackRow(**HoldbackRow.values(holdback))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_holdback(session: Session, holdback: Holdback) -> Holdback:
    """Store changes to a holdback.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _holdback_row(session, holdback.id or 0)
    for column, value in HoldbackRow.values(holdback).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_holdback(session: Session, holdback_id: int) -> None:
    """Delete a holdback.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_holdback_row(session, holdback_id))
    session.flush()


def _holdback_row(session: Session, holdback_id: int) -> HoldbackRow:
    row = session.get(HoldbackRow, holdback_id)
    if row is None:
        raise NotFoundError("This holdback no longer exists; it was deleted elsewhere.")
    return row


# --- terms, status and history ---------------------------------------------------------------------


def get_terms(session: Session, case_id: int, *, lock: bool = False) -> StatementTerms | None:
    """The case's statement terms, or ``None`` when none were saved yet.

    With ``lock``, the row is read for update, so that a finalizing and an edit cannot interleave (on a
    database that supports it; SQLite serializes writers anyway).
    """
    query = select(StatementRow).where(StatementRow.case_id == case_id)
    if lock:
        query = query.with_for_update()
    row = session.scalars(query).one_or_none()
    return None if row is None else row.to_domain()


def save_terms(session: Session, terms: StatementTerms) -> StatementTerms:
    """Store a case's statement terms (created on first save).

    Raises:
        NotFoundError: The case does not exist.
    """
    row = session.scalars(select(StatementRow).where(StatementRow.case_id == terms.case_id)).one_or_none()
    if row is None:
        get_case(session, terms.case_id)
        row = StatementRow(**StatementRow.values(terms))
        session.add(row)
    else:
        for column, value in StatementRow.values(terms).items():
            setattr(row, column, value)
    session.flush()
    return row.to_domain()


def add_event(session: Session, event: StatementEvent) -> StatementEvent:
    """Append a finalizing or reopening to a statement's history."""
    row = StatementEventRow(**StatementEventRow.values(event))
    session.add(row)
    session.flush()
    return row.to_domain()


def list_events(session: Session, case_id: int) -> list[StatementEvent]:
    """A case's statement history, oldest first."""
    rows = session.scalars(
        select(StatementEventRow)
        .join(StatementRow, StatementRow.id == StatementEventRow.statement_id)
        .where(StatementRow.case_id == case_id)
        .order_by(StatementEventRow.at, StatementEventRow.id)
    )
    return [row.to_domain() for row in rows]


# --- what the statement gathers from the rest of the case ------------------------------------------


def list_cost_candidates(session: Session, case_id: int) -> tuple[list[Expense], dict[int, InvoiceStatus]]:
    """A case's expenses, and the status of each invoice any of them is on (for the statement's costs)."""
    expenses = [
        row.to_domain()
        for row in session.scalars(
            select(ExpenseRow)
            .where(ExpenseRow.case_id == case_id)
            .order_by(ExpenseRow.spent_on, ExpenseRow.id)
        )
    ]
    invoice_ids = {e.invoice_id for e in expenses if e.invoice_id is not None}
    statuses: dict[int, InvoiceStatus] = {}
    if invoice_ids:
        payments: dict[int, list[InvoicePayment]] = {}
        for payment in session.scalars(
            select(InvoicePaymentRow).where(InvoicePaymentRow.invoice_id.in_(invoice_ids))
        ):
            payments.setdefault(payment.invoice_id, []).append(payment.to_domain())
        for row in session.scalars(select(InvoiceRow).where(InvoiceRow.id.in_(invoice_ids))):
            statuses[row.id] = invoice_status(row.to_domain(), payments.get(row.id, []))
    return expenses, statuses


def statement_case_ids(session: Session) -> list[int]:
    """The ids of the cases that have a settlement statement, in order."""
    return list(session.scalars(select(StatementRow.case_id).order_by(StatementRow.case_id)))
