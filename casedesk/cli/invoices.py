"""``casedesk invoices``: a case's invoices of reimbursable expenses, with their lines and payments."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    add_common_options,
    case_id_numbered,
    db_path,
    iso,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.invoices import InvoiceAccount
    from casedesk.domain.money import Money


def add_parser(commands: Any) -> None:
    """Register ``casedesk invoices`` with the subcommands of ``casedesk``."""
    invoices = commands.add_parser(
        "invoices",
        help="list a case's invoices with what was paid and what is owed",
        description="List a case's invoices of reimbursable expenses, newest first: number, date, who is "
        "billed, total, paid, balance and status (open, partly paid, paid, void). --json adds each "
        "invoice's lines and payments; amounts are two-decimal strings.",
    )
    add_common_options(invoices, db_help="the case file to read")
    invoices.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    invoices.set_defaults(command=_invoices, parser=invoices)


def _invoices(args: argparse.Namespace) -> int:
    """``casedesk invoices``: a case's invoices."""
    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case = services.cases.get_case(case_id_numbered(services.cases, args.case, path) or 0)
        accounts = services.invoices.accounts(case.id or 0)
    finally:
        services.close()
    if args.json:
        print_json([invoice_json(account) for account in accounts])
    elif accounts:
        header = ("Number", "Date", "Bill to", "Total", "Paid", "Balance", "Status")
        rows = [
            (
                a.invoice.number,
                a.invoice.issued_on.isoformat(),
                a.invoice.bill_to_name[:40],
                str(a.invoice.total),
                str(a.paid),
                str(a.balance),
                a.status.label,
            )
            for a in accounts
        ]
        print(text_table(header, rows))
        say(f"{len(accounts):,} invoice{'s' if len(accounts) != 1 else ''}")
    else:
        say(f"Case {case.number} has no invoices.")
    return EXIT_OK


def invoice_json(account: InvoiceAccount) -> dict[str, Any]:
    """One invoice as ``casedesk invoices --json`` prints it."""
    invoice = account.invoice
    return {
        "number": invoice.number,
        "issued_on": iso(invoice.issued_on),
        "due_on": iso(invoice.due_on),
        "bill_to": invoice.bill_to,
        "total": _amount(invoice.total),
        "paid": _amount(account.paid),
        "balance": _amount(account.balance),
        "status": account.status.value,
        "voided_on": iso(invoice.voided_on),
        "void_reason": invoice.void_reason,
        "notes": invoice.notes,
        "lines": [
            {
                "spent_on": iso(line.spent_on),
                "category": line.category,
                "payee": line.payee,
                "description": line.description,
                "amount": _amount(line.amount),
            }
            for line in invoice.lines
        ],
        "payments": [
            {
                "paid_on": iso(payment.paid_on),
                "amount": _amount(payment.amount),
                "method": payment.method.value,
                "reference": payment.reference,
                "notes": payment.notes,
            }
            for payment in account.payments
        ],
    }


def _amount(money: Money) -> str:
    return f"{money.amount:.2f}"
