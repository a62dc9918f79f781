"""A case's expense ledger: expenses, categories, totals, filters, edits with undo, Excel export."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from casedesk.domain.contacts import Contact
from casedesk.domain.documents import Document
from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import (
    INVOICED_HINT,
    CaseloadExpense,
    Expense,
    ExpenseCategory,
    LedgerEntry,
    invoiced_change_errors,
    ledger_order,
    total_amount,
    validate_categories,
    validate_expense,
)
from casedesk.domain.money import Money
from casedesk.domain.progress import CancelToken, Progress, no_progress
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store import documents as document_store
from casedesk.store import expenses as expense_store
from casedesk.store import wages as wage_store
from casedesk.store.casefile import CaseFile

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

#: How often (in rows) the caseload export reports progress and looks at Cancel.
REPORT_EVERY = 2_000


@dataclass(frozen=True, slots=True)
class PayeeSuggestion:
    """A payee offered while typing: someone from the contacts book, or a payee used on the case before.

    Attributes:
        contact_id: The contact, when the name comes from the contacts book.
        detail: What the suggestion shows beside the name (the contact's organization or role).
    """

    name: str
    contact_id: int | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class LedgerExport:
    """What an export wrote.

    Attributes:
        expenses: How many expense rows.
        total: The sum of their amounts.
    """

    path: Path
    expenses: int
    total: Money


class ExpenseService:
    """A case's expense ledger of the cases in one case file."""

    def __init__(self, case_file: CaseFile, clock: Clock) -> None:
        self._case_file = case_file
        self._clock = clock

    def today(self) -> date:
        """The local date (what a new expense is dated by default)."""
        return today(self._clock)

    # --- categories ------------------------------------------------------------------------------

    def categories(self, include_hidden: bool = True) -> list[ExpenseCategory]:
        """The case file's expense categories in their order (hidden ones only if asked)."""
        with self._case_file.session() as session:
            categories = expense_store.list_categories(session)
        return [c for c in categories if include_hidden or not c.hidden]

    def category_use(self) -> dict[str, int]:
        """How many expenses (of every case) each category files."""
        with self._case_file.session() as session:
            return expense_store.category_use(session)

    def category_errors(self, categories: Sequence[ExpenseCategory]) -> dict[int, str]:
        """What is wrong with a list of categories, by place in the list; empty when it can be saved."""
        return validate_categories(categories)

    def save_categories(self, categories: Sequence[ExpenseCategory]) -> dict[str, str]:
        """Save the list of categories (added, renamed, reordered, hidden) in one transaction.

        A renamed category renames the expenses filed under it, in the same transaction.

        Returns:
            The renames, old name to new.

        Raises:
            ValidationError: A name is empty, too long or used twice (by place in the list); nothing saved.
            NotFoundError: A category was changed elsewhere meanwhile; nothing saved.
        """
        errors = validate_categories(categories)
        if errors:
            raise ValidationError({str(number): message for number, message in errors.items()})
        with self._case_file.session() as session:
            return expense_store.save_categories(session, categories)

    # --- the ledger ------------------------------------------------------------------------------

    def ledger(self, case_id: int) -> list[LedgerEntry]:
        """A case's expenses in date order, each with its invoice (if any) and receipt."""
        with self._case_file.session() as session:
            return expense_store.list_ledger(session, case_id)

    def entry(self, expense_id: int) -> LedgerEntry:
        """One expense as the ledger shows it.

        Raises:
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            return expense_store.get_entry(session, expense_id)

    def case_costs(self, case_id: int) -> list[Expense]:
        """The expenses that are case costs on the settlement statement (see ``LedgerEntry.is_case_cost``)."""
        return [entry.expense for entry in self.ledger(case_id) if entry.is_case_cost]

    def receipts(self, case_id: int) -> list[Document]:
        """The case's stored documents, which a receipt is chosen from."""
        with self._case_file.session() as session:
            return document_store.list_documents(session, case_id)

    def payee_suggestions(self, case_id: int, text: str = "", limit: int = 30) -> list[PayeeSuggestion]:
        """Payees to offer as the user types: the case's contacts, payees used on the case, the book.

        Each name is offered once (a contact wins over a typed payee of the same name).
        """
        words = text.casefold().split()

        def matches(name: str) -> bool:
            folded = name.casefold()
            return all(word in folded for word in words)

        with self._case_file.session() as session:
            linked = contact_store.list_for_case(session, case_id)
            used = expense_store.used_payees(session, case_id)
            book = contact_store.find_contacts(session, text, limit=limit)
        found: dict[str, PayeeSuggestion] = {}

        def offer(suggestion: PayeeSuggestion) -> None:
            key = suggestion.name.casefold()
            if key not in found or (found[key].contact_id is None and suggestion.contact_id is not None):
                found[key] = suggestion

        for link in linked:
            if matches(link.contact.name):
                offer(_contact_suggestion(link.contact, link.role.label))
        for payee in used:
            if matches(payee):
                offer(PayeeSuggestion(payee, detail="used before on this case"))
        for contact in book:
            offer(_contact_suggestion(contact, contact.role.label))
        return list(found.values())[: max(limit, len(linked))]

    # --- edits -----------------------------------------------------------------------------------

    def errors(self, expense: Expense, original: LedgerEntry | None = None) -> dict[str, str]:
        """What is wrong with an expense as typed; empty when it can be saved.

        Args:
            expense: The expense as typed.
            original: The expense as it was loaded, for an edit (its category stays allowed when
                hidden since; an invoiced one keeps its amount, reimbursable flag and payer).
        """
        allowed = {category.name for category in self.categories(include_hidden=False)}
        if original is not None:
            allowed.add(original.expense.category)
        errors = validate_expense(expense, allowed, today(self._clock))
        if original is not None and original.is_invoiced:
            errors.update(invoiced_change_errors(original.expense, expense))
        return errors

    def add(self, expense: Expense) -> Expense:
        """Add an expense (never on an invoice: invoices bill expenses themselves).

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: The case was deleted.
        """
        expense = replace(expense, id=None, invoice_id=None)
        self._check(expense, None)
        with self._case_file.session() as session:
            expense_store.check_receipt(session, expense.case_id, expense.receipt_document_id)
            return expense_store.add_expense(session, expense)

    def update(self, expense: Expense, expected: Expense | None = None) -> Expense:
        """Save changes to an expense; the case and the invoice it is on stay as stored.

        Raises:
            ValidationError: A field is wrong, or the change is one an invoiced expense cannot take.
            ConflictError: It changed elsewhere since ``expected`` was read (says who changed what).
            NotFoundError: It was deleted.
        """
        with self._case_file.session() as session:
            refuse_if_changed(
                session, expense_store.ExpenseRow, "expense", expected, expense_store.get_expense
            )
            stored = expense_store.get_entry(session, expense.id or 0)
            expense = replace(expense, case_id=stored.expense.case_id, invoice_id=stored.expense.invoice_id)
            self._check(expense, stored)
            expense_store.check_receipt(session, expense.case_id, expense.receipt_document_id)
            return expense_store.update_expense(session, expense)

    def delete(self, expense_id: int) -> Expense:
        """Delete an expense; returns it so that the user can undo with :meth:`restore`.

        Raises:
            ValidationError: An invoice bills it (void the invoice first); nothing is deleted.
            NotFoundError: It was deleted already.
        """
        with self._case_file.session() as session:
            stored = expense_store.get_entry(session, expense_id)
            if stored.is_invoiced:
                raise ValidationError(
                    {
                        "expense": f"This expense is on invoice {stored.invoice_number} and cannot be "
                        f"deleted. {INVOICED_HINT}"
                    }
                )
            expense_store.delete_expense(session, expense_id)
            return stored.expense

    def delete_many(self, expense_ids: Sequence[int]) -> list[Expense]:
        """Delete several expenses in one transaction; returns them for :meth:`restore_many` (undo).

        Raises:
            ValidationError: An invoice bills one of them (void the invoice first); nothing is deleted.
            NotFoundError: One was deleted already; nothing is deleted.
        """
        with self._case_file.session() as session:
            entries = [expense_store.get_entry(session, expense_id) for expense_id in expense_ids]
            invoiced = [entry for entry in entries if entry.is_invoiced]
            if invoiced:
                numbers = ", ".join(sorted({entry.invoice_number for entry in invoiced}))
                many = len(invoiced) > 1
                raise ValidationError(
                    {
                        "expense": f"{len(invoiced)} of the expenses {'are' if many else 'is'} on invoice "
                        f"{numbers} and cannot be deleted. {INVOICED_HINT}"
                        if len(entries) > 1
                        else f"This expense is on invoice {numbers} and cannot be deleted. {INVOICED_HINT}"
                    }
                )
            for entry in entries:
                expense_store.delete_expense(session, entry.expense.id or 0)
            return [entry.expense for entry in entries]

    def restore_many(self, expenses: Sequence[Expense]) -> list[Expense]:
        """Put back expenses deleted by :meth:`delete_many` (undo), in one transaction."""
        with self._case_file.session() as session:
            return [self._restore(session, expense) for expense in expenses]

    def restore(self, expense: Expense) -> Expense:
        """Put back an expense deleted by :meth:`delete` (undo), even if its category is hidden since.

        Raises:
            NotFoundError: The case was deleted meanwhile.
        """
        with self._case_file.session() as session:
            return self._restore(session, expense)

    @staticmethod
    def _restore(session: Session, expense: Expense) -> Expense:
        expense = replace(expense, id=None, invoice_id=None)
        if expense.receipt_document_id is not None:
            try:
                expense_store.check_receipt(session, expense.case_id, expense.receipt_document_id)
            except ValidationError:
                expense = replace(expense, receipt_document_id=None)  # the receipt went meanwhile
        return expense_store.add_expense(session, expense)

    def _check(self, expense: Expense, original: LedgerEntry | None) -> None:
        errors = self.errors(expense, original)
        if errors:
            raise ValidationError(errors)

    # --- exports ---------------------------------------------------------------------------------

    def case_number(self, case_id: int) -> str:
        """The case's number (for the name of an export file).

        Raises:
            NotFoundError: The case was deleted.
        """
        with self._case_file.session() as session:
            return case_store.get_case(session, case_id).number

    def export_ledger_xlsx(self, case_id: int, path: Path) -> LedgerExport:
        """Write a case's ledger workbook: its expenses, totals by category and lost wages.

        Raises:
            NotFoundError: The case was deleted.
            ExportError: The file cannot be written; a file already there is left as it was.
        """
        from casedesk.exports.ledger_xlsx import write_case_ledger_xlsx

        with self._case_file.session() as session:
            case = case_store.get_case(session, case_id)
            client = case_store.get_client(session, case.client_id)
            entries = ledger_order(expense_store.list_ledger(session, case_id))
            categories = expense_store.list_categories(session)
            wages = wage_store.list_lost_wages(session, case_id)
        generated_at = self._clock().astimezone()
        write_case_ledger_xlsx(path, case, client, entries, categories, wages, generated_at=generated_at)
        record_export(self._case_file, case_id, "Expense ledger", path)
        return LedgerExport(path, len(entries), total_amount(entries))

    def export_caseload_xlsx(
        self, path: Path, progress: Progress = no_progress, cancel: CancelToken | None = None
    ) -> LedgerExport:
        """Write every case's expenses to one sheet, with case number and caption columns.

        The expenses are read from the database as they are written, a batch at a time, so memory does
        not grow with their number. ``progress`` hears ``(done, total, "")`` every few thousand rows.

        Raises:
            Cancelled: ``cancel`` was set; no file was written (one already there is left as it was).
            ExportError: The file cannot be written; a file already there is left as it was.
        """
        from casedesk.exports.ledger_xlsx import write_caseload_ledger_xlsx

        token = cancel or CancelToken()
        written = _Counter()
        with self._case_file.session() as session:
            count = expense_store.count_expenses(session)
            progress(0, count, "")
            lines = _watched(expense_store.stream_caseload(session), count, progress, token, written)
            write_caseload_ledger_xlsx(path, lines, generated_at=self._clock().astimezone())
        progress(count, count, "")
        record_export(self._case_file, None, "Expense ledger", path)
        return LedgerExport(path, written.rows, written.total)


@dataclass(slots=True)
class _Counter:
    rows: int = 0
    total: Money = field(default_factory=Money.zero)


def _watched(
    lines: Iterator[CaseloadExpense], count: int, progress: Progress, cancel: CancelToken, seen: _Counter
) -> Iterator[CaseloadExpense]:
    """The lines, reporting progress and checking Cancel every :data:`REPORT_EVERY` of them."""
    cents = 0
    for number, line in enumerate(lines, start=1):
        cents += line.amount.cents
        if number % REPORT_EVERY == 0:
            cancel.check()
            progress(number, count, "")
        seen.rows = number
        yield line
    seen.total = Money(cents)
    cancel.check()


def _contact_suggestion(contact: Contact, role: str) -> PayeeSuggestion:
    detail = contact.organization if contact.organization and not contact.is_organization else role
    return PayeeSuggestion(contact.name, contact.id, detail)
