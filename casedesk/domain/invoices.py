"""Invoices for reimbursable case expenses: numbered, dated, itemized, and the payments received on them.

An invoice bills a selection of a case's reimbursable expenses (each expense is on at most one invoice);
its total is fixed when it is issued. Payments are recorded against it until it is paid in full. Voiding an
invoice frees its expenses to be invoiced again; the number is never reused.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from casedesk.domain.money import Money

#: Column widths of the text fields.
MAX_NUMBER = 30
MAX_BILL_TO = 300
MAX_PAYMENT_REFERENCE = 60


class PaymentMethod(enum.StrEnum):
    """How money was paid or received."""

    CHECK = "check"
    WIRE = "wire"
    ACH = "ach"
    CASH = "cash"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _METHOD_LABELS[self]


_METHOD_LABELS = {
    PaymentMethod.CHECK: "Check",
    PaymentMethod.WIRE: "Wire",
    PaymentMethod.ACH: "ACH transfer",
    PaymentMethod.CASH: "Cash",
    PaymentMethod.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class Invoice:
    """An invoice of reimbursable expenses.

    Attributes:
        number: Unique in the case file, never reused.
        issued_on: The invoice date.
        total: The sum of its expenses when it was issued.
        bill_to: Who is billed (name and address lines).
        due_on: When payment is due, if stated.
        voided_on: Set when the invoice was voided; its expenses can then be invoiced again.
        bill_to_contact_id: The billed party in the contacts book, when linked.
    """

    case_id: int
    number: str
    issued_on: date
    total: Money
    bill_to: str = ""
    due_on: date | None = None
    notes: str = ""
    voided_on: date | None = None
    void_reason: str = ""
    bill_to_contact_id: int | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class InvoicePayment:
    """Money received on an invoice.

    Attributes:
        reference: Check or wire number.
    """

    invoice_id: int
    paid_on: date
    amount: Money
    method: PaymentMethod = PaymentMethod.CHECK
    reference: str = ""
    notes: str = ""
    id: int | None = None


class InvoiceStatus(enum.StrEnum):
    """Where an invoice stands: open, partly paid, paid in full, or void."""

    OPEN = "open"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    VOID = "void"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.replace("_", " ").capitalize()


def amount_paid(payments: Iterable[InvoicePayment]) -> Money:
    """The sum of the payments."""
    return sum((payment.amount for payment in payments), Money.zero())


def invoice_status(invoice: Invoice, payments: Iterable[InvoicePayment]) -> InvoiceStatus:
    """Where the invoice stands given the payments received on it.

    An invoice paid in full has repaid its expenses: they are not case costs on the settlement statement.
    """
    if invoice.voided_on is not None:
        return InvoiceStatus.VOID
    paid = amount_paid(payments)
    if paid.cents <= 0:
        return InvoiceStatus.OPEN
    return InvoiceStatus.PAID if paid >= invoice.total else InvoiceStatus.PARTLY_PAID
