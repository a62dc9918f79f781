"""``casedesk expenses`` (a case's expense ledger) and ``casedesk export ledger`` (to Excel)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    UsageError,
    add_common_options,
    add_database_options,
    case_id_numbered,
    cut,
    db_path,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.expenses import CategoryTotal, LedgerEntry
    from casedesk.domain.money import Money


def add_parser(commands: Any) -> None:
    """Register ``casedesk expenses`` with the subcommands of ``casedesk``."""
    expenses = commands.add_parser(
        "expenses",
        help="list a case's expenses with a running total and totals by category",
        description="List a case's expenses in date order (category, payee, amount, running total, who "
        "paid, reimbursable, invoice), then the totals by category and the case costs (firm-paid, "
        "reimbursable, not repaid by a paid invoice).",
    )
    add_common_options(expenses, db_help="the case file to read")
    expenses.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    expenses.set_defaults(command=_expenses, parser=expenses)


def add_export_parser(formats: Any) -> None:
    """Register ``casedesk export ledger`` with the formats of ``casedesk export``."""
    export = formats.add_parser(
        "ledger",
        help="write an expense ledger as an Excel workbook (one case, or every case)",
        description="Write the expense ledger to FILE.xlsx: of one case (--case: sheets Expenses, By "
        "category and Lost wages) or of every case (--all: one sheet with the case's number and caption on "
        "each row). Amounts are numbers, dates are dates, and the totals row follows Excel's filter.",
    )
    add_database_options(export, "the case file to read", default=argparse.SUPPRESS)
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    which.add_argument("--all", action="store_true", help="every case's expenses on one sheet")
    export.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE.xlsx", help="the file to write"
    )
    export.set_defaults(command=_export_ledger, parser=export)


def _expenses(args: argparse.Namespace) -> int:
    """``casedesk expenses``: a case's ledger and its totals."""
    from casedesk.domain.expenses import total_amount, totals_by_category

    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case = services.cases.get_case(case_id_numbered(services.cases, args.case, path) or 0)
        entries = services.expenses.ledger(case.id or 0)
        categories = services.expenses.categories()
    finally:
        services.close()
    by_category = totals_by_category(entries, categories)
    total = total_amount(entries)
    costs = total_amount(entry for entry in entries if entry.is_case_cost)
    if args.json:
        print_json(
            {
                "case": case.number,
                "expenses": [_expense_json(entry) for entry in entries],
                "by_category": [_category_json(line) for line in by_category],
                "total": _amount(total),
                "reimbursable": _amount(total_amount(e for e in entries if e.expense.reimbursable)),
                "case_costs": _amount(costs),
            }
        )
        return EXIT_OK
    print(f"{case.number}  {case.caption}")
    if not entries:
        say(f"Case {case.number} has no expenses.")
        return EXIT_OK
    print()
    print(_ledger_text(entries, total))
    print()
    rows = [
        (line.category, str(line.count), str(line.amount), str(line.reimbursable)) for line in by_category
    ]
    rows.append(("Total", str(len(entries)), str(total), _reimbursable_total(by_category)))
    print(text_table(("Category", "Expenses", "Amount", "Reimbursable"), rows))
    say(f"Case costs (firm-paid, reimbursable, not repaid by a paid invoice): {costs}.")
    return EXIT_OK


def _export_ledger(args: argparse.Namespace) -> int:
    """``casedesk export ledger``: one case's ledger workbook, or every case's."""
    if args.output.suffix.lower() != ".xlsx":
        raise UsageError(f"{args.output.name}: the file must end in .xlsx")
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        if args.all:
            result = services.expenses.export_caseload_xlsx(args.output)
            whose = "every case"
        else:
            case_id = case_id_numbered(services.cases, args.case, path) or 0
            result = services.expenses.export_ledger_xlsx(case_id, args.output)
            whose = args.case.strip()
    finally:
        services.close()
    count = "1 expense" if result.expenses == 1 else f"{result.expenses:,} expenses"
    say(f"Wrote the expense ledger of {whose} ({count}, {result.total}) to {args.output}.")
    return EXIT_OK


def _ledger_text(entries: list[LedgerEntry], total: Money) -> str:
    from casedesk.domain.expenses import running_totals

    header = ("Date", "Category", "Payee", "Description", "Amount", "Running", "Paid by", "Reimb.", "Invoice")
    rows = [
        (
            entry.expense.spent_on.isoformat(),
            entry.expense.category,
            cut(entry.expense.payee, 30),
            cut(" ".join(entry.expense.description.split()), 36),
            str(entry.expense.amount),
            str(running),
            entry.expense.paid_by.label,
            "yes" if entry.expense.reimbursable else "no",
            entry.invoice_text,
        )
        for entry, running in zip(entries, running_totals(entries), strict=True)
    ]
    count = "1 expense" if len(entries) == 1 else f"{len(entries)} expenses"
    rows.append(("Total", count, "", "", str(total), "", "", "", ""))
    return text_table(header, rows)


def _reimbursable_total(lines: list[CategoryTotal]) -> str:
    from casedesk.domain.money import Money

    return str(sum((line.reimbursable for line in lines), Money.zero()))


def _amount(money: Money) -> str:
    """An amount for JSON: a decimal string with two places (exact, never a float)."""
    return str(money.amount)


def _expense_json(entry: LedgerEntry) -> dict[str, Any]:
    expense = entry.expense
    return {
        "id": expense.id,
        "date": expense.spent_on.isoformat(),
        "category": expense.category,
        "payee": expense.payee,
        "description": expense.description,
        "amount": _amount(expense.amount),
        "paid_by": expense.paid_by.value,
        "reimbursable": expense.reimbursable,
        "receipt": entry.receipt_name or None,
        "invoice_reference": expense.invoice_reference,
        "invoice": entry.invoice_number or None,
        "invoice_void": entry.invoice_void,
        "invoice_paid": entry.invoice_paid,
        "case_cost": entry.is_case_cost,
        "notes": expense.notes,
    }


def _category_json(line: CategoryTotal) -> dict[str, Any]:
    return {
        "category": line.category,
        "count": line.count,
        "amount": _amount(line.amount),
        "reimbursable": _amount(line.reimbursable),
    }
