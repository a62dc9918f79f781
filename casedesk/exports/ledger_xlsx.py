"""Expense ledgers as Excel workbooks: one case's (expenses, totals by category, lost wages) or every case's.

Amounts are numbers with a currency format and dates are dates; each sheet has a bold frozen header with
an autofilter and a totals row of ``SUBTOTAL`` formulas, which follow the filter applied in Excel. The
running total is written as values (a formula per row would have no value until Excel recalculates).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path

from casedesk.domain.cases import Case, Client
from casedesk.domain.expenses import (
    CaseloadExpense,
    ExpenseCategory,
    LedgerEntry,
    PaidBy,
    running_totals,
    totals_by_category,
)
from casedesk.domain.typed import long_date, long_moment
from casedesk.domain.wages import LostWage
from casedesk.exports.xlsx import Cell, Column, ColumnKind, Sheet, SheetLayout, WorkbookInfo, write_workbook

#: Said on every ledger: the figures are a working record, not advice.
VERIFY_NOTE = "Figures must be verified by the responsible attorney before they are relied on."
YES, NO = "Yes", "No"
EXPENSE_COLUMNS = (
    Column("Date", ColumnKind.DATE),
    Column("Category", width=22),
    Column("Payee", width=28),
    Column("Description", width=36),
    Column("Amount", ColumnKind.MONEY, total=True),
    Column("Running total", ColumnKind.MONEY, width=15),
    Column("Paid by", width=9),
    Column("Reimbursable", width=13),
    Column("Receipt", width=26),
    Column("Payee's invoice #", width=17),
    Column("Our invoice", width=18),
    Column("Notes", width=36, wrap=True),
)
CATEGORY_COLUMNS = (
    Column("Category", width=28),
    Column("Expenses", ColumnKind.INT, total=True),
    Column("Amount", ColumnKind.MONEY, total=True),
    Column("Reimbursable", ColumnKind.MONEY, width=15, total=True),
)
WAGE_COLUMNS = (
    Column("Employer", width=26),
    Column("From", ColumnKind.DATE),
    Column("To", ColumnKind.DATE),
    Column("Basis", width=15),
    Column("Rate", ColumnKind.MONEY),
    Column("Missed", width=9),
    Column("Unit", width=9),
    Column("Computed", ColumnKind.MONEY, total=True),
    Column("Override", ColumnKind.MONEY),
    Column("Reason", width=30, wrap=True),
    Column("Amount", ColumnKind.MONEY, total=True),
)
CASELOAD_COLUMNS = (
    Column("Case", width=16),
    Column("Caption", width=32),
    Column("Date", ColumnKind.DATE),
    Column("Category", width=22),
    Column("Payee", width=28),
    Column("Description", width=36),
    Column("Amount", ColumnKind.MONEY, total=True),
    Column("Paid by", width=9),
    Column("Reimbursable", width=13),
    Column("Payee's invoice #", width=17),
    Column("Our invoice", width=18),
    Column("Receipt", width=26),
)


def write_case_ledger_xlsx(
    path: Path,
    case: Case,
    client: Client,
    entries: Sequence[LedgerEntry],
    categories: Sequence[ExpenseCategory],
    wages: Sequence[LostWage],
    *,
    generated_at: datetime,
) -> list[SheetLayout]:
    """Write a case's ledger: sheets "Expenses", "By category" and "Lost wages", atomically.

    Args:
        path: The file to write.
        case: The case, for the titles.
        client: Its client, for the titles.
        entries: The case's expenses in date order (the running total follows that order).
        categories: The case file's categories, for the order of "By category".
        wages: The case's lost-wage records.
        generated_at: When the ledger is printed (local time), for the titles.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    incident = long_date(case.incident_date) if case.incident_date else "not recorded"
    titles = [
        f"Expense ledger — {case.number} {case.caption}",
        f"Client: {client.name} · Incident: {incident} · Printed {long_moment(generated_at)}",
        VERIFY_NOTE,
    ]
    sheets = [
        Sheet("Expenses", EXPENSE_COLUMNS, _expense_rows(entries), titles, "Total"),
        Sheet("By category", CATEGORY_COLUMNS, _category_rows(entries, categories), titles[:2], "Total"),
        Sheet("Lost wages", WAGE_COLUMNS, _wage_rows(wages), titles[:2], "Total"),
    ]
    info = WorkbookInfo(
        title=f"Expense ledger {case.number}",
        subject=f"{case.caption} ({client.name})",
        keywords=("expense ledger", case.number),
    )
    return write_workbook(path, sheets, info)


def write_caseload_ledger_xlsx(
    path: Path, lines: Iterable[CaseloadExpense], *, generated_at: datetime
) -> list[SheetLayout]:
    """Write every case's expenses to one sheet "Expenses", with the case's number and caption.

    ``lines`` is read once, as the rows are written: give a generator to keep memory flat.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    titles = [
        "Expense ledger of all cases",
        f"Printed {long_moment(generated_at)} · {VERIFY_NOTE}",
    ]
    sheet = Sheet("Expenses", CASELOAD_COLUMNS, _caseload_rows(lines), titles, "Total")
    info = WorkbookInfo(title="Expense ledger of all cases", keywords=("expense ledger", "caseload"))
    return write_workbook(path, [sheet], info)


def _expense_rows(entries: Sequence[LedgerEntry]) -> Iterator[list[Cell]]:
    for entry, running in zip(entries, running_totals(entries), strict=True):
        expense = entry.expense
        yield [
            expense.spent_on,
            expense.category,
            expense.payee,
            expense.description,
            expense.amount,
            running,
            expense.paid_by.label,
            YES if expense.reimbursable else NO,
            entry.receipt_name,
            expense.invoice_reference,
            entry.invoice_text,
            expense.notes,
        ]


def _category_rows(
    entries: Sequence[LedgerEntry], categories: Sequence[ExpenseCategory]
) -> Iterator[list[Cell]]:
    for total in totals_by_category(entries, categories):
        yield [total.category, total.count, total.amount, total.reimbursable]


def _wage_rows(wages: Sequence[LostWage]) -> Iterator[list[Cell]]:
    for wage in wages:
        yield [
            wage.employer,
            wage.period_from,
            wage.period_to,
            wage.basis.label,
            wage.rate,
            wage.missed.normalize(),
            wage.basis.unit if wage.basis.unit == "hours" else "work days",
            wage.computed,
            wage.override,
            wage.override_reason,
            wage.amount,
        ]


def _caseload_rows(lines: Iterable[CaseloadExpense]) -> Iterator[list[Cell]]:
    paid_by = {payer: payer.label for payer in PaidBy}
    for line in lines:
        yield [
            line.case_number,
            line.caption,
            line.spent_on,
            line.category,
            line.payee,
            line.description,
            line.amount,
            paid_by[line.paid_by],
            YES if line.reimbursable else NO,
            line.invoice_reference,
            line.invoice_text,
            line.receipt_name,
        ]
