"""``casedesk bills``: a case's medical bills with their totals, and its liens."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from casedesk.cli.common import (
    EXIT_OK,
    add_common_options,
    case_id_numbered,
    db_path,
    open_for_command,
    print_json,
    say,
    text_table,
)

if TYPE_CHECKING:
    from casedesk.domain.bills import Bill, BillTotals, Lien, LienTotals
    from casedesk.domain.money import Money


def add_parser(commands: Any) -> None:
    """Register ``casedesk bills`` with the subcommands of ``casedesk``."""
    bills = commands.add_parser(
        "bills",
        help="list a case's medical bills, their totals and its liens",
        description="List a case's medical bills by date of service (billed, adjustment, adjusted, paid by "
        "health insurance, PIP/MedPay and the client, still owed, paid + owed), their totals for the case "
        "and per provider, and the liens asserted against the recovery with their totals.",
    )
    add_common_options(bills, db_help="the case file to read")
    bills.add_argument("--case", required=True, metavar="NUMBER", help="the case, e.g. PI-2026-00123")
    bills.set_defaults(command=_bills, parser=bills)


def _bills(args: argparse.Namespace) -> int:
    """``casedesk bills``: the bills, their totals and the liens of one case."""
    from casedesk.domain.bills import bill_totals, lien_totals, totals_by_provider

    path = db_path(args)
    services = open_for_command(args, path, writes=False)
    try:
        case = services.cases.get_case(case_id_numbered(services.cases, args.case, path) or 0)
        case_id = case.id or 0
        providers = {p.id or 0: p.name for p in services.bills.providers(case_id)}
        bills = services.bills.bills(case_id)
        liens = services.bills.liens(case_id)
    finally:
        services.close()
    totals = bill_totals(bills)
    by_provider = totals_by_provider(bills)
    if args.json:
        print_json(
            {
                "case": case.number,
                "bills": [_bill_json(bill, providers) for bill in bills],
                "totals": _totals_json(totals),
                "by_provider": [
                    {"provider": providers.get(provider_id, ""), **_totals_json(provider_totals)}
                    for provider_id, provider_totals in by_provider.items()
                ],
                "liens": [_lien_json(lien, providers) for lien in liens],
                "lien_totals": _lien_totals_json(lien_totals(liens)),
            }
        )
        return EXIT_OK
    print(f"{case.number}  {case.caption}")
    if bills:
        header = ("Date(s) of service", "Provider", "Billed", "Adjusted", "Paid", "Owed", "Paid + owed")
        rows = [
            (
                _service(bill),
                providers.get(bill.provider_id, ""),
                str(bill.billed),
                str(bill.adjusted),
                str(bill.total_paid),
                str(bill.balance) + (" (statement)" if bill.owed is not None else ""),
                str(bill.paid_plus_owed),
            )
            for bill in bills
        ]
        rows.append(
            (
                "Total",
                f"{totals.count} bills",
                str(totals.billed),
                str(totals.adjusted),
                str(totals.total_paid),
                str(totals.owed),
                str(totals.paid_plus_owed),
            )
        )
        print()
        print(text_table(header, rows))
        print(
            f"Paid by health insurance {totals.health_paid}, PIP/MedPay {totals.pip_paid}, "
            f"the client {totals.client_paid}; adjustments {totals.adjustments}."
        )
    else:
        say(f"Case {case.number} has no bills.")
    if liens:
        lien_sums = lien_totals(liens)
        lien_header = ("Holder", "Type", "Status", "Asserted", "Reduction", "Final")
        lien_rows = [
            (
                lien.holder,
                lien.kind.label,
                lien.status.label,
                str(lien.asserted),
                str(lien.reduction),
                "not final" if lien.final is None else str(lien.final),
            )
            for lien in liens
        ]
        lien_rows.append(
            ("Total", "", "", str(lien_sums.asserted), str(lien_sums.reductions), str(lien_sums.final))
        )
        print()
        print(text_table(lien_header, lien_rows))
        print(f"{lien_sums.not_final} not final yet; taken from the recovery: {lien_sums.payable}.")
    else:
        say(f"Case {case.number} has no liens.")
    return EXIT_OK


def _service(bill: Bill) -> str:
    if bill.service_to is None or bill.service_to == bill.service_from:
        return bill.service_from.isoformat()
    return f"{bill.service_from.isoformat()} – {bill.service_to.isoformat()}"


def _amount(money: Money | None) -> str | None:
    """An amount for JSON: a decimal string with two places (exact, never a float)."""
    return None if money is None else str(money.amount)


def _bill_json(bill: Bill, providers: dict[int, str]) -> dict[str, Any]:
    return {
        "id": bill.id,
        "provider": providers.get(bill.provider_id, ""),
        "service_from": bill.service_from.isoformat(),
        "service_to": bill.service_to.isoformat() if bill.service_to else None,
        "billed": _amount(bill.billed),
        "adjustment": _amount(bill.adjustment),
        "adjusted": _amount(bill.adjusted),
        "health_paid": _amount(bill.health_paid),
        "pip_paid": _amount(bill.pip_paid),
        "client_paid": _amount(bill.client_paid),
        "total_paid": _amount(bill.total_paid),
        "owed": _amount(bill.balance),
        "owed_from_statement": bill.owed is not None,
        "paid_plus_owed": _amount(bill.paid_plus_owed),
        "document_id": bill.document_id,
        "page": bill.page,
        "notes": bill.notes,
    }


def _totals_json(totals: BillTotals) -> dict[str, Any]:
    return {
        "count": totals.count,
        "billed": _amount(totals.billed),
        "adjustments": _amount(totals.adjustments),
        "adjusted": _amount(totals.adjusted),
        "health_paid": _amount(totals.health_paid),
        "pip_paid": _amount(totals.pip_paid),
        "client_paid": _amount(totals.client_paid),
        "total_paid": _amount(totals.total_paid),
        "owed": _amount(totals.owed),
        "paid_plus_owed": _amount(totals.paid_plus_owed),
    }


def _lien_json(lien: Lien, providers: dict[int, str]) -> dict[str, Any]:
    return {
        "id": lien.id,
        "holder": lien.holder,
        "kind": lien.kind.value,
        "status": lien.status.value,
        "asserted": _amount(lien.asserted),
        "reduction": _amount(lien.reduction),
        "final": _amount(lien.final),
        "payable": _amount(lien.payable),
        "asserted_on": lien.asserted_on.isoformat() if lien.asserted_on else None,
        "provider": providers.get(lien.provider_id, "") if lien.provider_id is not None else None,
        "notes": lien.notes,
    }


def _lien_totals_json(totals: LienTotals) -> dict[str, Any]:
    return {
        "count": totals.count,
        "asserted": _amount(totals.asserted),
        "reductions": _amount(totals.reductions),
        "final": _amount(totals.final),
        "payable": _amount(totals.payable),
        "not_final": totals.not_final,
    }
