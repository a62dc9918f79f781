"""``casedesk invoices``: a case's invoices as text and JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

import pytest

from casedesk.cli import invoices
from casedesk.cli.common import EXIT_OK, UsageError
from casedesk.domain.cases import Case
from casedesk.domain.invoices import InvoicePayment, PaymentMethod
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services
from tests.conftest import TODAY
from tests.services.test_invoices import add_expenses


def run(*argv: str) -> int:
    """Parse and run ``casedesk invoices …`` as the command line would."""
    parser = argparse.ArgumentParser(prog="casedesk")
    invoices.add_parser(parser.add_subparsers())
    args = parser.parse_args(["invoices", *argv])
    result: int = args.command(args)
    return result


def test_lists_invoices_as_json_with_lines_and_payments(
    capsys: pytest.CaptureFixture[str], services: Services, db_arg: str, make_case: Callable[..., Case]
) -> None:
    """--json gives each invoice's figures as two-decimal strings, its lines and payments."""
    case = make_case()
    ids = add_expenses(services, case.id or 0)
    issued = services.invoices.issue(services.invoices.default_draft(case.id or 0, tuple(ids[:3])))
    services.invoices.record_payment(
        InvoicePayment(issued.id or 0, TODAY, Money.parse("200"), PaymentMethod.CHECK, "1042")
    )
    assert run("--db", db_arg, "--case", case.number.lower(), "--json") == EXIT_OK
    [printed] = json.loads(capsys.readouterr().out)
    assert (printed["number"], printed["total"], printed["paid"], printed["balance"], printed["status"]) == (
        "INV-2026-0001",
        "477.50",
        "200.00",
        "277.50",
        "partly_paid",
    )
    assert [line["amount"] for line in printed["lines"]] == ["350.00", "85.00", "42.50"]
    assert printed["payments"] == [
        {"paid_on": "2026-11-21", "amount": "200.00", "method": "check", "reference": "1042", "notes": ""}
    ]


def test_text_table_and_empty_case(
    capsys: pytest.CaptureFixture[str], services: Services, db_arg: str, make_case: Callable[..., Case]
) -> None:
    """Without --json a table; a case without invoices says so on stderr; an unknown case is a usage error."""
    case = make_case()
    assert run("--db", db_arg, "--case", case.number) == EXIT_OK
    assert f"Case {case.number} has no invoices." in capsys.readouterr().err
    ids = add_expenses(services, case.id or 0)
    services.invoices.issue(services.invoices.default_draft(case.id or 0, tuple(ids[:1])))
    assert run("--db", db_arg, "--case", case.number) == EXIT_OK
    out = capsys.readouterr().out
    assert "INV-2026-0001" in out and "$350.00" in out and "Open" in out
    with pytest.raises(UsageError, match="no case numbered"):
        run("--db", db_arg, "--case", "NOPE-1")
