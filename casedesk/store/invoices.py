"""Invoices of reimbursable expenses (``invoices``) and payments received on them (``invoice_payments``)."""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError
from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.invoices import (
    MAX_BILL_TO,
    MAX_NUMBER,
    MAX_PAYMENT_REFERENCE,
    MAX_VOID_REASON,
    Invoice,
    InvoiceLine,
    InvoicePayment,
    PaymentMethod,
    number_pattern,
)
from casedesk.domain.money import Money
from casedesk.store.base import Base, MoneyCents, Versioned
from casedesk.store.expenses import ExpenseRow


class InvoiceRow(Versioned, Base):
    """An invoice of a case's reimbursable expenses (``invoices``)."""

    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(MAX_NUMBER), unique=True)
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    total: Mapped[Money] = mapped_column(MoneyCents)
    bill_to: Mapped[str] = mapped_column(String(MAX_BILL_TO), default="")
    bill_to_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    voided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    void_reason: Mapped[str] = mapped_column(String(MAX_VOID_REASON), default="")
    #: The lines billed, as JSON: what the invoice showed when it was issued.
    lines: Mapped[str] = mapped_column(Text, default="[]")

    def to_domain(self) -> Invoice:
        """The invoice as a domain object."""
        return Invoice(
            id=self.id,
            case_id=self.case_id,
            number=self.number,
            issued_on=self.issued_on,
            due_on=self.due_on,
            total=self.total,
            bill_to=self.bill_to,
            bill_to_contact_id=self.bill_to_contact_id,
            notes=self.notes,
            voided_on=self.voided_on,
            void_reason=self.void_reason,
            lines=_lines_from_json(self.lines),
        )

    @staticmethod
    def values(invoice: Invoice) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": invoice.case_id,
            "number": invoice.number.strip(),
            "issued_on": invoice.issued_on,
            "due_on": invoice.due_on,
            "total": invoice.total,
            "bill_to": invoice.bill_to.strip(),
            "bill_to_contact_id": invoice.bill_to_contact_id,
            "notes": invoice.notes,
            "voided_on": invoice.voided_on,
            "void_reason": invoice.void_reason.strip(),
            "lines": _lines_to_json(invoice.lines),
        }


class InvoicePaymentRow(Base):
    """Money received on an invoice (``invoice_payments``)."""

    __tablename__ = "invoice_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount: Mapped[Money] = mapped_column(MoneyCents)
    method: Mapped[str] = mapped_column(String(10))
    reference: Mapped[str] = mapped_column(String(MAX_PAYMENT_REFERENCE), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> InvoicePayment:
        """The payment as a domain object."""
        return InvoicePayment(
            id=self.id,
            invoice_id=self.invoice_id,
            paid_on=self.paid_on,
            amount=self.amount,
            method=PaymentMethod(self.method),
            reference=self.reference,
            notes=self.notes,
        )

    @staticmethod
    def values(payment: InvoicePayment) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "invoice_id": payment.invoice_id,
            "paid_on": payment.paid_on,
            "amount": payment.amount,
            "method": payment.method.value,
            "reference": payment.reference.strip(),
            "notes": payment.notes,
        }


def _lines_to_json(lines: Sequence[InvoiceLine]) -> str:
    return json.dumps(
        [
            {
                "expense_id": line.expense_id,
                "spent_on": line.spent_on.isoformat(),
                "category": line.category,
                "payee": line.payee,
                "description": line.description,
                "cents": line.amount.cents,
            }
            for line in lines
        ],
        ensure_ascii=False,
    )


def _lines_from_json(text: str) -> tuple[InvoiceLine, ...]:
    return tuple(
        InvoiceLine(
            expense_id=item["expense_id"],
            spent_on=date.fromisoformat(item["spent_on"]),
            category=item["category"],
            payee=item["payee"],
            description=item["description"],
            amount=Money(int(item["cents"])),
        )
        for item in json.loads(text or "[]")
    )


# --- invoices ------------------------------------------------------------------------------------


def list_invoices(session: Session, case_id: int) -> list[Invoice]:
    """A case's invoices, newest first (by date, then by number)."""
    rows = session.scalars(
        select(InvoiceRow)
        .where(InvoiceRow.case_id == case_id)
        .order_by(InvoiceRow.issued_on.desc(), InvoiceRow.id.desc())
    )
    return [row.to_domain() for row in rows]


def get_invoice(session: Session, invoice_id: int) -> Invoice:
    """The invoice with this id.

    Raises:
        NotFoundError: It does not exist (its case was deleted).
    """
    return _invoice_row(session, invoice_id).to_domain()


def numbers_of_year(session: Session, year: int) -> list[str]:
    """Every invoice number of ``year`` in the case file, voided ones included."""
    return list(
        session.scalars(select(InvoiceRow.number).where(InvoiceRow.number.like(number_pattern(year))))
    )


def add_invoice(session: Session, invoice: Invoice) -> Invoice:
    """Store a new invoice; returns it with its id."""
    row = InvoiceRow(**InvoiceRow.values(invoice))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_invoice(session: Session, invoice: Invoice) -> Invoice:
    """Store changes to an invoice (its void date and reason).

    Raises:
        NotFoundError: It does not exist.
    """
    row = _invoice_row(session, invoice.id or 0)
    for column, value in InvoiceRow.values(invoice).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def _invoice_row(session: Session, invoice_id: int) -> InvoiceRow:
    row = session.get(InvoiceRow, invoice_id)
    if row is None:
        raise NotFoundError("This invoice no longer exists; its case was deleted elsewhere.")
    return row


# --- payments ------------------------------------------------------------------------------------


def list_payments(session: Session, invoice_ids: Collection[int]) -> dict[int, list[InvoicePayment]]:
    """The payments of each invoice (by date received, then as recorded); every id has a list."""
    found: dict[int, list[InvoicePayment]] = {invoice_id: [] for invoice_id in invoice_ids}
    if not found:
        return found
    rows = session.scalars(
        select(InvoicePaymentRow)
        .where(InvoicePaymentRow.invoice_id.in_(list(found)))
        .order_by(InvoicePaymentRow.paid_on, InvoicePaymentRow.id)
    )
    for row in rows:
        found[row.invoice_id].append(row.to_domain())
    return found


def get_payment(session: Session, payment_id: int) -> InvoicePayment:
    """The payment with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _payment_row(session, payment_id).to_domain()


def add_payment(session: Session, payment: InvoicePayment) -> InvoicePayment:
    """Store a payment; returns it with its id."""
    row = InvoicePaymentRow(**InvoicePaymentRow.values(payment))
    session.add(row)
    session.flush()
    return row.to_domain()


def delete_payment(session: Session, payment_id: int) -> None:
    """Delete a payment.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_payment_row(session, payment_id))
    session.flush()


def _payment_row(session: Session, payment_id: int) -> InvoicePaymentRow:
    row = session.get(InvoicePaymentRow, payment_id)
    if row is None:
        raise NotFoundError("This payment no longer exists; it was deleted elsewhere.")
    return row


# --- the expenses an invoice bills ---------------------------------------------------------------


def invoiceable_expenses(session: Session, case_id: int) -> list[Expense]:
    """A case's expenses that can go on a new invoice: firm-paid, reimbursable, on no invoice; by date."""
    rows = session.scalars(
        select(ExpenseRow)
        .where(
            ExpenseRow.case_id == case_id,
            ExpenseRow.invoice_id.is_(None),
            ExpenseRow.paid_by == PaidBy.FIRM.value,
            ExpenseRow.reimbursable.is_(True),
        )
        .order_by(ExpenseRow.spent_on, ExpenseRow.id)
    )
    return [row.to_domain() for row in rows]


def get_expenses(session: Session, expense_ids: Collection[int]) -> list[Expense]:
    """The expenses with these ids that still exist, by date."""
    rows = session.scalars(
        select(ExpenseRow)
        .where(ExpenseRow.id.in_(list(expense_ids)))
        .order_by(ExpenseRow.spent_on, ExpenseRow.id)
    )
    return [row.to_domain() for row in rows]


def claim_expenses(session: Session, case_id: int, expense_ids: Collection[int], invoice_id: int) -> int:
    """Set ``invoice_id`` on those of the expenses that can still be invoiced; returns how many were set.

    One conditional update: an expense invoiced (or changed) by someone else meanwhile is left alone, so
    the caller compares the count with what it asked for and rolls back if they differ.
    """
    result = session.execute(
        update(ExpenseRow)
        .where(
            ExpenseRow.id.in_(list(expense_ids)),
            ExpenseRow.case_id == case_id,
            ExpenseRow.invoice_id.is_(None),
            ExpenseRow.paid_by == PaidBy.FIRM.value,
            ExpenseRow.reimbursable.is_(True),
        )
        .values(invoice_id=invoice_id)
        .execution_options(synchronize_session="fetch")
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def release_expenses(session: Session, invoice_id: int) -> list[int]:
    """Clear ``invoice_id`` on an invoice's expenses (it was voided); returns their ids."""
    ids = list(session.scalars(select(ExpenseRow.id).where(ExpenseRow.invoice_id == invoice_id)))
    if ids:
        session.execute(
            update(ExpenseRow)
            .where(ExpenseRow.invoice_id == invoice_id)
            .values(invoice_id=None)
            .execution_options(synchronize_session="fetch")
        )
    return ids
