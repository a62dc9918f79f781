"""Case expenses: what the firm (or the client) paid to move a case forward, and what is reimbursable.

Every expense has a date, a category from the case file's configurable list (filing fee, service of
process, records copy fee…), a payee, an amount, who paid it, whether it is reimbursable from the
recovery, and optionally the stored receipt and the payee's invoice number. A reimbursable expense the
firm advanced becomes a case cost on the settlement statement, unless a paid invoice already repaid it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

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
