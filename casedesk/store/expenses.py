"""Case expenses (``expenses``) and the case file's list of expense categories (``expense_categories``).

The ledger's queries name the invoice and the receipt of each expense; those row classes are imported
inside the functions, because the invoices' repository imports this module (to set ``invoice_id``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Text,
    case,
    func,
    select,
    type_coerce,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.expenses import (
    MAX_CATEGORY,
    MAX_DESCRIPTION,
    MAX_PAYEE,
    MAX_REFERENCE,
    CaseloadExpense,
    Expense,
    ExpenseCategory,
    LedgerEntry,
    PaidBy,
)
from casedesk.domain.money import Money
from casedesk.store.base import Base, MoneyCents, Versioned
from casedesk.store.cases import get_case

#: Stands for the expense when only an invoice's wording is wanted.
_NO_EXPENSE = Expense(case_id=0, spent_on=date(2000, 1, 1), category="", amount=Money(0))
#: Rows the caseload ledger reads from the database at a time (memory stays flat whatever the count).
STREAM_BATCH = 2_000


class ExpenseCategoryRow(Versioned, Base):
    """One category expenses can be filed under (``expense_categories``)."""

    __tablename__ = "expense_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(MAX_CATEGORY), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    def to_domain(self) -> ExpenseCategory:
        """The category as a domain object."""
        return ExpenseCategory(id=self.id, name=self.name, position=self.position, hidden=self.hidden)

    @staticmethod
    def values(category: ExpenseCategory) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "name": " ".join(category.name.split()),
            "position": category.position,
            "hidden": category.hidden,
        }


class ExpenseRow(Versioned, Base):
    """One cost of a case (``expenses``)."""

    __tablename__ = "expenses"
    __table_args__ = (Index("ix_expenses_case_spent", "case_id", "spent_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    spent_on: Mapped[date] = mapped_column(Date)
    category: Mapped[str] = mapped_column(String(MAX_CATEGORY))
    payee: Mapped[str] = mapped_column(String(MAX_PAYEE), default="")
    description: Mapped[str] = mapped_column(String(MAX_DESCRIPTION), default="")
    amount: Mapped[Money] = mapped_column(MoneyCents)
    paid_by: Mapped[str] = mapped_column(String(10))
    reimbursable: Mapped[bool] = mapped_column(Boolean, default=True)
    receipt_document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True
    )
    invoice_reference: Mapped[str] = mapped_column(String(MAX_REFERENCE), default="")
    invoice_id: Mapped[int | None] = mapped_column(
        ForeignKey("invoices.id", ondelete="SET NULL"), nullable=True, index=True
    )
    payee_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Expense:
        """The expense as a domain object."""
        return Expense(
            id=self.id,
            case_id=self.case_id,
            spent_on=self.spent_on,
            category=self.category,
            payee=self.payee,
            description=self.description,
            amount=self.amount,
            paid_by=PaidBy(self.paid_by),
            reimbursable=self.reimbursable,
            receipt_document_id=self.receipt_document_id,
            invoice_reference=self.invoice_reference,
            invoice_id=self.invoice_id,
            payee_contact_id=self.payee_contact_id,
            notes=self.notes,
        )

    @staticmethod
    def values(expense: Expense) -> dict[str, Any]:
        """Column values for the domain record (not the id): what fill and bulk inserts use."""
        return {
            "case_id": expense.case_id,
            "spent_on": expense.spent_on,
            "category": " ".join(expense.category.split()),
            "payee": " ".join(expense.payee.split()),
            "description": expense.description.strip(),
            "amount": expense.amount,
            "paid_by": expense.paid_by.value,
            "reimbursable": expense.reimbursable,
            "receipt_document_id": expense.receipt_document_id,
            "invoice_reference": expense.invoice_reference.strip(),
            "invoice_id": expense.invoice_id,
            "payee_contact_id": expense.payee_contact_id,
            "notes": expense.notes,
        }


# --- categories ------------------------------------------------------------------------------------


def list_categories(session: Session) -> list[ExpenseCategory]:
    """The case file's categories in their order (hidden ones included)."""
    rows = session.scalars(
        select(ExpenseCategoryRow).order_by(ExpenseCategoryRow.position, ExpenseCategoryRow.id)
    )
    return [row.to_domain() for row in rows]


def save_categories(session: Session, categories: Sequence[ExpenseCategory]) -> dict[str, str]:
    """Store the whole list of categories as given: new ones added, the others renamed, moved, hidden.

    Each category's position becomes its place in the list. A renamed category renames the expenses
    filed under it; names may be swapped. Categories left out of the list are kept, after the others
    (categories are never deleted: expenses name them).

    Returns:
        The renames done, old name to new.

    Raises:
        NotFoundError: A category of the list was deleted meanwhile.
    """
    rows = {row.id: row for row in session.scalars(select(ExpenseCategoryRow))}
    renames: dict[str, str] = {}
    for category in categories:
        if category.id is None:
            continue
        row = rows.get(category.id)
        if row is None:
            raise NotFoundError("An expense category was changed elsewhere; open the list again.")
        name = ExpenseCategoryRow.values(category)["name"]
        if name != row.name:
            renames[row.name] = name
    # Park renamed categories under names no one types, so that swaps never meet the unique name.
    for row in rows.values():
        if row.name in renames:
            row.name = f"#{row.id}# being renamed"
    session.flush()
    listed = {category.id for category in categories}
    position = 0
    for category in categories:
        values = ExpenseCategoryRow.values(category) | {"position": position}
        if category.id is None:
            session.add(ExpenseCategoryRow(**values))
        else:
            row = rows[category.id]
            for column, value in values.items():
                setattr(row, column, value)
        position += 1
    for row in sorted(rows.values(), key=lambda r: (r.position, r.id)):
        if row.id not in listed:
            row.position = position
            position += 1
    if renames:
        session.execute(
            update(ExpenseRow)
            .where(ExpenseRow.category.in_(renames))
            .values(category=case(renames, value=ExpenseRow.category))
        )
    session.flush()
    return renames


def category_use(session: Session) -> dict[str, int]:
    """How many expenses (of every case) each category name files."""
    rows = session.execute(select(ExpenseRow.category, func.count()).group_by(ExpenseRow.category))
    return {name: count for name, count in rows}


# --- expenses --------------------------------------------------------------------------------------


def list_ledger(session: Session, case_id: int) -> list[LedgerEntry]:
    """A case's expenses in date order (as entered within a day), each with its invoice and receipt."""
    statement = _ledger_select().where(ExpenseRow.case_id == case_id)
    return [_entry(row) for row in session.execute(statement)]


def get_expense(session: Session, expense_id: int) -> Expense:
    """One expense.

    Raises:
        NotFoundError: It does not exist.
    """
    return get_entry(session, expense_id).expense


def get_entry(session: Session, expense_id: int) -> LedgerEntry:
    """One expense with its invoice and receipt.

    Raises:
        NotFoundError: It does not exist.
    """
    row = session.execute(_ledger_select().where(ExpenseRow.id == expense_id)).one_or_none()
    if row is None:
        raise _gone()
    return _entry(row)


def add_expense(session: Session, expense: Expense) -> Expense:
    """Store a new expense.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, expense.case_id)
    row = ExpenseRow(**ExpenseRow.values(expense))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_expense(session: Session, expense: Expense) -> Expense:
    """Store changes to an expense (all of its columns, ``invoice_id`` included).

    Raises:
        NotFoundError: It does not exist.
    """
    row = _row(session, expense.id or 0)
    for column, value in ExpenseRow.values(expense).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_expense(session: Session, expense_id: int) -> None:
    """Delete an expense.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_row(session, expense_id))
    session.flush()


def check_receipt(session: Session, case_id: int, document_id: int | None) -> None:
    """Check that a receipt is one of the case's stored documents.

    Raises:
        ValidationError: It is not (deleted meanwhile, or another case's).
    """
    if document_id is None:
        return
    from casedesk.store.documents import DocumentRow

    owner = session.scalar(select(DocumentRow.case_id).where(DocumentRow.id == document_id))
    if owner != case_id:
        raise ValidationError(
            {"receipt": "That receipt is no longer among the case's documents; choose it again."}
        )


def used_payees(session: Session, case_id: int, limit: int = 500) -> list[str]:
    """Payees typed on a case's expenses, most used first (suggestions for the next one)."""
    rows = session.execute(
        select(ExpenseRow.payee)
        .where(ExpenseRow.case_id == case_id, ExpenseRow.payee != "")
        .group_by(ExpenseRow.payee)
        .order_by(func.count().desc(), ExpenseRow.payee)
        .limit(limit)
    )
    return [payee for (payee,) in rows]


def count_expenses(session: Session, case_id: int | None = None) -> int:
    """How many expenses a case has (every case's when ``case_id`` is None)."""
    statement = select(func.count(ExpenseRow.id))
    if case_id is not None:
        statement = statement.where(ExpenseRow.case_id == case_id)
    return session.scalar(statement) or 0


def stream_caseload(session: Session, batch: int = STREAM_BATCH) -> Iterator[CaseloadExpense]:
    """Every case's expenses, by case number then date, read ``batch`` rows at a time.

    The rows are not held: memory stays the same for 1,000 or 1,000,000 expenses. The session must stay
    open while the lines are read.
    """
    from casedesk.store.cases import CaseRow

    ledger = _ledger_select(ordered=False).subquery()
    statement = (
        select(
            CaseRow.number,
            CaseRow.caption,
            ledger.c.spent_on,
            ledger.c.category,
            ledger.c.payee,
            ledger.c.description,
            type_coerce(ledger.c.amount, Integer),
            ledger.c.paid_by,
            ledger.c.reimbursable,
            ledger.c.invoice_reference,
            ledger.c.invoice_number,
            ledger.c.invoice_voided_on,
            ledger.c.invoice_total_cents,
            ledger.c.paid_cents,
            ledger.c.receipt_name,
        )
        .join(CaseRow, CaseRow.id == ledger.c.case_id)
        .order_by(CaseRow.number, ledger.c.spent_on, ledger.c.id)
        .execution_options(yield_per=batch)
    )
    paid_by = {value.value: value for value in PaidBy}
    for (
        number,
        caption,
        spent_on,
        category,
        payee,
        description,
        cents,
        payer,
        reimbursable,
        reference,
        invoice_number,
        voided_on,
        total,
        paid,
        receipt,
    ) in session.execute(statement):
        invoice = ""
        if invoice_number is not None:
            invoice = _invoice_text(invoice_number, voided_on is not None, _is_paid(voided_on, total, paid))
        yield CaseloadExpense(
            number,
            caption,
            spent_on,
            category,
            payee,
            description,
            Money(cents),
            paid_by[payer],
            bool(reimbursable),
            reference,
            invoice,
            receipt or "",
        )


def _ledger_select(ordered: bool = True) -> Select[Any]:
    from casedesk.store.documents import DocumentRow
    from casedesk.store.invoices import InvoicePaymentRow, InvoiceRow

    paid = (
        select(
            InvoicePaymentRow.invoice_id.label("invoice_id"),
            func.sum(type_coerce(InvoicePaymentRow.amount, Integer)).label("paid_cents"),
        )
        .group_by(InvoicePaymentRow.invoice_id)
        .subquery()
    )
    receipt = case((DocumentRow.title != "", DocumentRow.title), else_=DocumentRow.original_name)
    statement = (
        select(
            *ExpenseRow.__table__.columns,
            InvoiceRow.number.label("invoice_number"),
            InvoiceRow.voided_on.label("invoice_voided_on"),
            type_coerce(InvoiceRow.total, Integer).label("invoice_total_cents"),
            paid.c.paid_cents,
            receipt.label("receipt_name"),
        )
        .outerjoin(InvoiceRow, InvoiceRow.id == ExpenseRow.invoice_id)
        .outerjoin(paid, paid.c.invoice_id == ExpenseRow.invoice_id)
        .outerjoin(DocumentRow, DocumentRow.id == ExpenseRow.receipt_document_id)
    )
    if ordered:
        statement = statement.order_by(ExpenseRow.spent_on, ExpenseRow.id)
    return statement


def _entry(row: Any) -> LedgerEntry:
    expense = Expense(
        id=row.id,
        case_id=row.case_id,
        spent_on=row.spent_on,
        category=row.category,
        payee=row.payee,
        description=row.description,
        amount=row.amount,
        paid_by=PaidBy(row.paid_by),
        reimbursable=row.reimbursable,
        receipt_document_id=row.receipt_document_id,
        invoice_reference=row.invoice_reference,
        invoice_id=row.invoice_id,
        payee_contact_id=row.payee_contact_id,
        notes=row.notes,
    )
    if row.invoice_number is None:
        return LedgerEntry(expense, receipt_name=row.receipt_name or "")
    return LedgerEntry(
        expense,
        invoice_number=row.invoice_number,
        invoice_void=row.invoice_voided_on is not None,
        invoice_paid=_is_paid(row.invoice_voided_on, row.invoice_total_cents, row.paid_cents),
        receipt_name=row.receipt_name or "",
    )


def _is_paid(voided_on: date | None, total_cents: int | None, paid_cents: int | None) -> bool:
    """Whether an invoice is paid in full (``invoice_status`` PAID) from its total and payments."""
    total, paid = total_cents or 0, paid_cents or 0
    return voided_on is None and paid > 0 and total <= paid


def _invoice_text(number: str, void: bool, paid: bool) -> str:
    return LedgerEntry(_NO_EXPENSE, invoice_number=number, invoice_void=void, invoice_paid=paid).invoice_text


def _row(session: Session, expense_id: int) -> ExpenseRow:
    row = session.get(ExpenseRow, expense_id)
    if row is None:
        raise _gone()
    return row


def _gone() -> NotFoundError:
    return NotFoundError("This expense no longer exists; it was deleted elsewhere.")
