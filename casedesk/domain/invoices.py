"""Invoices for reimbursable case expenses: numbered, dated, itemized, and the payments received on them.

An invoice bills a selection of a case's reimbursable expenses (each expense is on at most one invoice);
its total is fixed when it is issued. Payments are recorded against it until it is paid in full. Voiding an
invoice frees its expenses to be invoiced again; the number is never reused.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.money import Money

#: Column widths of the text fields.
MAX_NUMBER = 30
MAX_BILL_TO = 300
MAX_PAYMENT_REFERENCE = 60
MAX_VOID_REASON = 300
#: A new invoice is due this many days after its date unless the user says otherwise.
DEFAULT_DUE_DAYS = 30
#: Invoice numbers: ``INV-2026-0003`` (the year of the invoice date, then a sequence in that year).
NUMBER_PREFIX = "INV"
_NUMBER = re.compile(rf"^{NUMBER_PREFIX}-(\d{{4}})-(\d{{4,}})$")


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
class InvoiceLine:
    """One expense as it was billed: a copy taken when the invoice was issued.

    The invoice keeps its lines even after it is voided (when its expenses are freed to be invoiced
    again) or the expense is edited, so a printout always shows what was billed.

    Attributes:
        expense_id: The expense billed (None once it was deleted after a void).
    """

    expense_id: int | None
    spent_on: date
    category: str
    amount: Money
    payee: str = ""
    description: str = ""

    @classmethod
    def of(cls, expense: Expense) -> InvoiceLine:
        """The line billing an expense."""
        return cls(
            expense_id=expense.id,
            spent_on=expense.spent_on,
            category=expense.category,
            amount=expense.amount,
            payee=expense.payee,
            description=expense.description,
        )


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
        lines: The expenses billed, as they were when it was issued (by date).
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
    lines: tuple[InvoiceLine, ...] = ()
    id: int | None = None

    @property
    def bill_to_name(self) -> str:
        """The first line of the bill-to: who is billed."""
        return next((line.strip() for line in self.bill_to.splitlines() if line.strip()), "")


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


def balance_due(invoice: Invoice, payments: Iterable[InvoicePayment]) -> Money:
    """What is still owed on the invoice (nothing on a void one)."""
    if invoice.voided_on is not None:
        return Money.zero()
    return invoice.total - amount_paid(payments)


@dataclass(frozen=True, slots=True)
class InvoiceAccount:
    """An invoice with the payments received on it: what the list and the printout show.

    Attributes:
        payments: By date received, then as recorded.
    """

    invoice: Invoice
    payments: tuple[InvoicePayment, ...] = ()

    @property
    def paid(self) -> Money:
        """The sum of the payments."""
        return amount_paid(self.payments)

    @property
    def balance(self) -> Money:
        """What is still owed (nothing on a void invoice)."""
        return balance_due(self.invoice, self.payments)

    @property
    def status(self) -> InvoiceStatus:
        """Open, partly paid, paid or void."""
        return invoice_status(self.invoice, self.payments)


# --- numbers -------------------------------------------------------------------------------------


def invoice_number(year: int, sequence: int) -> str:
    """The number of the ``sequence``-th invoice of ``year``: ``INV-2026-0003``."""
    return f"{NUMBER_PREFIX}-{year:04d}-{sequence:04d}"


def next_invoice_number(year: int, used: Iterable[str]) -> str:
    """The number after the highest one of ``year`` already used (voided numbers count as used)."""
    sequences = [0]
    for number in used:
        match = _NUMBER.match(number)
        if match is not None and int(match[1]) == year:
            sequences.append(int(match[2]))
    return invoice_number(year, max(sequences) + 1)


def number_pattern(year: int) -> str:
    """A SQL LIKE pattern matching the numbers of ``year`` (``INV-2026-%``)."""
    return f"{NUMBER_PREFIX}-{year:04d}-%"


# --- what can be invoiced ------------------------------------------------------------------------


def why_not_invoiceable(expense: Expense) -> str | None:
    """Why an expense cannot go on a new invoice (None when it can)."""
    what = _expense_text(expense)
    if expense.invoice_id is not None:
        return f"{what} is already on another invoice."
    if expense.paid_by is not PaidBy.FIRM:
        return f"{what} was paid by the client, so there is nothing to invoice."
    if not expense.reimbursable:
        return f"{what} is no longer marked reimbursable."
    return None


def _expense_text(expense: Expense) -> str:
    payee = f" to {expense.payee}" if expense.payee.strip() else ""
    return f"The {expense.category.lower()} of {expense.spent_on:%m/%d/%Y}{payee} ({expense.amount})"


# --- issuing -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvoiceDraft:
    """What the user fills in to issue an invoice; the number and total are set on issue.

    Attributes:
        expense_ids: The expenses to bill.
        bill_to: Who is billed: a name, then address lines.
    """

    case_id: int
    expense_ids: tuple[int, ...]
    bill_to: str
    issued_on: date
    due_on: date | None = None
    notes: str = ""
    bill_to_contact_id: int | None = None


def default_due_date(issued_on: date) -> date:
    """When an invoice dated ``issued_on`` is due unless the user says otherwise."""
    return issued_on + timedelta(days=DEFAULT_DUE_DAYS)


def validate_draft(draft: InvoiceDraft) -> dict[str, str]:
    """Problems with an invoice about to be issued, by field name; empty when it can be issued."""
    errors: dict[str, str] = {}
    if not draft.expense_ids:
        errors["expenses"] = "Tick at least one expense to invoice."
    if not draft.bill_to.strip():
        errors["bill_to"] = "Say who is billed: a name, and the address on the lines below it."
    elif len(draft.bill_to.strip()) > MAX_BILL_TO:
        errors["bill_to"] = f"At most {MAX_BILL_TO} characters ({len(draft.bill_to.strip())} typed)."
    if draft.due_on is not None and draft.due_on < draft.issued_on:
        errors["due_on"] = "The due date cannot be before the invoice date."
    return errors


def issued_subject(invoice: Invoice) -> str:
    """The timeline entry of an issued invoice: ``Invoice INV-2026-0003 issued to …, $1,234.50``."""
    return f"Invoice {invoice.number} issued to {invoice.bill_to_name}, {invoice.total}"


def voided_subject(invoice: Invoice) -> str:
    """The timeline entry of a voided invoice."""
    return f"Invoice {invoice.number} voided ({invoice.total})"


# --- payments ------------------------------------------------------------------------------------


def validate_payment(payment: InvoicePayment, account: InvoiceAccount) -> dict[str, str]:
    """Problems with a payment about to be recorded on the invoice of ``account``, by field name.

    A payment must be more than zero and at most the balance; a void or paid invoice takes none.
    """
    errors: dict[str, str] = {}
    invoice = account.invoice
    if invoice.voided_on is not None:
        errors["amount"] = f"Invoice {invoice.number} is void; it takes no payments."
    elif payment.amount.cents <= 0:
        errors["amount"] = "A payment is more than zero."
    elif account.balance.cents <= 0:
        errors["amount"] = f"Invoice {invoice.number} is paid in full."
    elif payment.amount > account.balance:
        errors["amount"] = (
            f"That is more than the {account.balance} still owed on {invoice.number}; "
            "record at most the balance."
        )
    if payment.paid_on < invoice.issued_on:
        errors["paid_on"] = f"The payment cannot be before the invoice date ({invoice.issued_on:%m/%d/%Y})."
    if len(payment.reference.strip()) > MAX_PAYMENT_REFERENCE:
        errors["reference"] = (
            f"At most {MAX_PAYMENT_REFERENCE} characters ({len(payment.reference.strip())} typed)."
        )
    return errors


def payment_subject(invoice: Invoice, payment: InvoicePayment) -> str:
    """The timeline entry of a payment received."""
    reference = f" {payment.reference.strip()}" if payment.reference.strip() else ""
    how = f"{payment.method.label}{reference}"
    return f"Payment of {payment.amount} received on invoice {invoice.number} ({how})"


@dataclass(frozen=True, slots=True)
class BillToChoice:
    """Someone an invoice can be addressed to, as the New Invoice form offers them.

    Attributes:
        label: How the picker shows it ("Maria Alvarez (client)").
        text: What goes in the bill-to box: the name, then the address lines.
        contact_id: The contact in the contacts book (None for the client, who is not a contact).
    """

    label: str
    text: str
    contact_id: int | None = None


def bill_to_text(name: str, organization: str = "", address: str = "") -> str:
    """The bill-to box's text: the name, the organization, then the address, each on its own line."""
    lines = [name.strip(), organization.strip(), *(line.strip() for line in address.splitlines())]
    return "\n".join(line for line in lines if line)
