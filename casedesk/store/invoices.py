"""Invoices of reimbursable expenses (``invoices``) and payments received on them (``invoice_payments``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.invoices import (
    MAX_BILL_TO,
    MAX_NUMBER,
    MAX_PAYMENT_REFERENCE,
    Invoice,
    InvoicePayment,
    PaymentMethod,
)
from casedesk.domain.money import Money
from casedesk.store.base import Base, MoneyCents


class InvoiceRow(Base):
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
    void_reason: Mapped[str] = mapped_column(String(300), default="")

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
