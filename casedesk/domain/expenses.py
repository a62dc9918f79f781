"""Case expenses: what the firm (or the client) paid to move a case forward, and what is reimbursable.

Every expense has a date, a category from the case file's configurable list (filing fee, service of
process, records copy fee…), a payee, an amount, who paid it, whether it is reimbursable from the
recovery, and optionally the stored receipt and the payee's invoice number. A reimbursable expense the
firm advanced becomes a case cost on the settlement statement, unless a paid invoice already repaid it.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from casedesk.domain.money import Money

#: The categories a new case file starts with (users rename, add, reorder and hide them).
DEFAULT_CATEGORIES = (
    "Filing fee",
    "Service of process",
    "Records copy fee",
    "Expert",
    "Deposition / court reporter",
    "Mediation",
    "Postage / courier",
    "Travel",
    "Other",
)
#: Column widths of the text fields.
MAX_CATEGORY = 60
MAX_PAYEE = 200
MAX_DESCRIPTION = 500
MAX_REFERENCE = 60


class PaidBy(enum.StrEnum):
    """Who paid an expense."""

    FIRM = "firm"
    CLIENT = "client"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class ExpenseCategory:
    """One entry of the case file's list of expense categories.

    Attributes:
        name: Shown in the ledger and stored on each expense.
        position: Order in the pickers (ascending).
        hidden: No longer offered for new expenses (expenses that use it keep it).
    """

    name: str
    position: int = 0
    hidden: bool = False
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Expense:
    """One cost of a case.

    Attributes:
        spent_on: The date of the expense (the receipt's date).
        category: A category name (see :class:`ExpenseCategory`).
        payee: Who was paid (court clerk, process server, provider's records department…).
        amount: What was paid (positive).
        paid_by: The firm advanced it, or the client paid it.
        reimbursable: Whether it is to be repaid from the recovery (or invoiced).
        receipt_document_id: The stored receipt, when there is one.
        invoice_reference: The payee's invoice or receipt number.
        invoice_id: The casedesk invoice that billed this expense, once invoiced.
        payee_contact_id: The payee in the contacts book, when linked.
    """

    case_id: int
    spent_on: date
    category: str
    amount: Money
    payee: str = ""
    description: str = ""
    paid_by: PaidBy = PaidBy.FIRM
    reimbursable: bool = True
    receipt_document_id: int | None = None
    invoice_reference: str = ""
    invoice_id: int | None = None
    payee_contact_id: int | None = None
    notes: str = ""
    id: int | None = None


#: The earliest date an expense can carry, and how far ahead of today one may be dated (a typing mistake
#: beyond that).
EARLIEST_DATE = date(1900, 1, 1)
MAX_DAYS_AHEAD = 366
#: The largest single expense a case file takes: more is a typing mistake (an extra zero or two).
MAX_AMOUNT = Money.of(10_000_000)
#: What the ledger says of an expense that may not change because an invoice bills it.
INVOICED_HINT = "Void the invoice first (Invoices tab) to change or delete it."


def is_case_cost(expense: Expense, *, invoice_paid: bool) -> bool:
    """Whether an expense is a case cost on the settlement statement (to be repaid from the recovery).

    Firm-paid and reimbursable, unless an invoice paid in full already repaid it (``invoice_paid``). What
    the client paid is never a case cost.
    """
    return expense.paid_by is PaidBy.FIRM and expense.reimbursable and not invoice_paid


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    """An expense as the ledger lists it: with our invoice's number and where that invoice stands.

    Attributes:
        invoice_number: Our invoice that bills the expense ("" when not invoiced).
        invoice_void: That invoice was voided (the expense can then be invoiced again).
        invoice_paid: That invoice is paid in full (the expense is repaid, no longer a case cost).
        receipt_name: The stored receipt's name ("" without one).
    """

    expense: Expense
    invoice_number: str = ""
    invoice_void: bool = False
    invoice_paid: bool = False
    receipt_name: str = ""

    @property
    def is_invoiced(self) -> bool:
        """An invoice that is not void bills the expense: amount, reimbursable and paid-by are frozen."""
        return self.expense.invoice_id is not None and not self.invoice_void

    @property
    def invoice_text(self) -> str:
        """Our invoice as the ledger shows it: its number, marked "(void)" or "(paid)"; "" when none."""
        if not self.invoice_number:
            return ""
        if self.invoice_void:
            return f"{self.invoice_number} (void)"
        return f"{self.invoice_number} (paid)" if self.invoice_paid else self.invoice_number

    @property
    def is_invoiceable(self) -> bool:
        """The expense can go on a new invoice: the firm paid it, it is reimbursable, not invoiced yet."""
        return is_invoiceable(self.expense) and not self.is_invoiced

    @property
    def is_case_cost(self) -> bool:
        """A case cost on the settlement statement: firm-paid, reimbursable, not repaid by a paid invoice."""
        return is_case_cost(self.expense, invoice_paid=self.is_invoiced and self.invoice_paid)


@dataclass(frozen=True, slots=True)
class CategoryTotal:
    """The expenses of one category.

    Attributes:
        reimbursable: The part of ``amount`` to be repaid from the recovery.
    """

    category: str
    count: int = 0
    amount: Money = field(default_factory=Money.zero)
    reimbursable: Money = field(default_factory=Money.zero)


@dataclass(frozen=True, slots=True)
class ExpenseFilter:
    """Which expenses the ledger shows; every condition left at ``None`` lets all through.

    Attributes:
        date_from: On or after this date.
        date_to: On or before this date.
        category: Of this category.
        paid_by: Paid by the firm or by the client.
        reimbursable: Reimbursable (True) or not (False).
        not_invoiced: Only those no invoice bills (a void invoice does not count).
    """

    date_from: date | None = None
    date_to: date | None = None
    category: str | None = None
    paid_by: PaidBy | None = None
    reimbursable: bool | None = None
    not_invoiced: bool = False

    @property
    def is_empty(self) -> bool:
        """Whether the filter lets every expense through."""
        return self == ExpenseFilter()

    def matches(self, entry: LedgerEntry) -> bool:
        """Whether the filter lets this expense through."""
        expense = entry.expense
        return (
            (self.date_from is None or expense.spent_on >= self.date_from)
            and (self.date_to is None or expense.spent_on <= self.date_to)
            and (self.category is None or expense.category == self.category)
            and (self.paid_by is None or expense.paid_by is self.paid_by)
            and (self.reimbursable is None or expense.reimbursable is self.reimbursable)
            and not (self.not_invoiced and entry.is_invoiced)
        )


def is_invoiceable(expense: Expense) -> bool:
    """Whether the kind of expense can be invoiced: the firm advanced it and it is reimbursable."""
    return expense.paid_by is PaidBy.FIRM and expense.reimbursable


def ledger_order(entries: Iterable[LedgerEntry]) -> list[LedgerEntry]:
    """The entries in date order (as entered within a day): the order of the running total."""
    return sorted(entries, key=lambda entry: (entry.expense.spent_on, entry.expense.id or 0))


def running_totals(entries: Iterable[LedgerEntry]) -> list[Money]:
    """The total so far after each entry, in the order given (give them in :func:`ledger_order`)."""
    totals: list[Money] = []
    total = Money.zero()
    for entry in entries:
        total += entry.expense.amount
        totals.append(total)
    return totals


def total_amount(entries: Iterable[LedgerEntry]) -> Money:
    """The sum of the amounts."""
    return sum((entry.expense.amount for entry in entries), Money.zero())


def totals_by_category(
    entries: Iterable[LedgerEntry], categories: Sequence[ExpenseCategory] = ()
) -> list[CategoryTotal]:
    """The count and amounts of each category used, in the case file's order of categories.

    Categories the list does not name (none should be) follow, by name.
    """
    sums: dict[str, CategoryTotal] = {}
    for entry in entries:
        expense = entry.expense
        known = sums.get(expense.category, CategoryTotal(expense.category))
        sums[expense.category] = CategoryTotal(
            expense.category,
            known.count + 1,
            known.amount + expense.amount,
            known.reimbursable + (expense.amount if expense.reimbursable else Money.zero()),
        )
    order = {category.name: (0, category.position, "") for category in categories}

    def place(total: CategoryTotal) -> tuple[int, int, str]:
        return order.get(total.category, (1, 0, total.category.casefold()))

    return sorted(sums.values(), key=place)


def validate_expense(expense: Expense, categories: Collection[str], today: date) -> dict[str, str]:
    """Problems with an expense, by field name; empty when it can be saved.

    Args:
        expense: The expense as typed.
        categories: The category names it may use (the visible ones, plus its own for an edit).
        today: The local date (an expense more than a year ahead of it is a typing mistake).
    """
    errors: dict[str, str] = {}
    if expense.spent_on < EARLIEST_DATE:
        errors["spent_on"] = f"The date cannot be before {EARLIEST_DATE.year}; check the year."
    elif (expense.spent_on - today).days > MAX_DAYS_AHEAD:
        errors["spent_on"] = "The date is more than a year ahead; check the year."
    if expense.amount.cents <= 0:
        errors["amount"] = "The amount must be more than $0.00."
    elif expense.amount > MAX_AMOUNT:
        errors["amount"] = f"An expense cannot be more than {MAX_AMOUNT}; check the amount."
    category = " ".join(expense.category.split())
    if not category:
        errors["category"] = "Choose a category."
    elif category not in categories:
        errors["category"] = f"“{category}” is not one of the case file's expense categories."
    errors.update(
        _lengths(
            payee=(expense.payee, MAX_PAYEE),
            description=(expense.description, MAX_DESCRIPTION),
            invoice_reference=(expense.invoice_reference, MAX_REFERENCE),
        )
    )
    return errors


def invoiced_change_errors(before: Expense, after: Expense) -> dict[str, str]:
    """What an edit may not change on an expense an invoice bills, by field name."""
    errors: dict[str, str] = {}
    if after.amount != before.amount:
        errors["amount"] = "The amount of an invoiced expense cannot change."
    if after.reimbursable != before.reimbursable:
        errors["reimbursable"] = "An invoiced expense stays reimbursable."
    if after.paid_by is not before.paid_by:
        errors["paid_by"] = "Who paid an invoiced expense cannot change."
    return {name: f"{message} {INVOICED_HINT}" for name, message in errors.items()}


def validate_categories(categories: Sequence[ExpenseCategory]) -> dict[int, str]:
    """Problems with a list of categories, by position in the list; empty when it can be saved.

    Names are required, at most :data:`MAX_CATEGORY` characters, and unique whatever their letter case or
    spacing; at least one category must stay visible (new expenses need one).
    """
    errors: dict[int, str] = {}
    seen: dict[str, int] = {}
    for number, category in enumerate(categories):
        name = " ".join(category.name.split())
        key = name.casefold()
        if not name:
            errors[number] = "A category needs a name."
        elif len(name) > MAX_CATEGORY:
            errors[number] = f"At most {MAX_CATEGORY} characters ({len(name)} typed)."
        elif key in seen:
            errors[number] = f"“{name}” is in the list twice; category names must differ."
        else:
            seen[key] = number
    if categories and all(category.hidden for category in categories) and not errors:
        errors[0] = "Keep at least one category shown, for new expenses."
    return errors


def _lengths(**fields: tuple[str, int]) -> dict[str, str]:
    return {
        name: f"At most {limit} characters ({len(value.strip())} typed)."
        for name, (value, limit) in fields.items()
        if len(value.strip()) > limit
    }


class CaseloadExpense(NamedTuple):
    """One line of the caseload ledger: an expense with the case it belongs to, as the ledger shows it.

    A named tuple rather than an :class:`Expense`: the caseload ledger streams hundreds of thousands of
    them, and it needs only what it prints.

    Attributes:
        case_number: The case's file number.
        caption: The case's caption.
        invoice_text: Our invoice as the ledger shows it (see :attr:`LedgerEntry.invoice_text`).
        receipt_name: The stored receipt's name ("" without one).
    """

    case_number: str
    caption: str
    spent_on: date
    category: str
    payee: str
    description: str
    amount: Money
    paid_by: PaidBy
    reimbursable: bool
    invoice_reference: str
    invoice_text: str
    receipt_name: str
