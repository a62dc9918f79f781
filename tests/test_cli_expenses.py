"""``casedesk expenses`` and ``casedesk export ledger``: text, JSON, the workbooks, bad usage."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def cases(services: Services, make_case: MakeCase) -> tuple[Case, Case]:
    """Two cases: the first with three expenses (one client-paid), the second with one."""
    first, second = make_case(), make_case()
    add = services.expenses.add
    add(Expense(first.id or 0, date(2026, 10, 2), "Filing fee", Money.parse("350"), "District Clerk"))
    add(Expense(first.id or 0, date(2026, 10, 9), "Records copy fee", Money.parse("1204.56"), "St. David's"))
    add(Expense(first.id or 0, date(2026, 10, 5), "Travel", Money.parse("48.30"), paid_by=PaidBy.CLIENT))
    add(Expense(second.id or 0, date(2026, 9, 1), "Mediation", Money.parse("1500"), "Mediator"))
    services.close()  # the command opens the file itself
    return first, second


def test_expenses_as_text(cases: tuple[Case, Case], db_arg: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A ledger in date order with the running total, then totals by category; costs on stderr."""
    first, _second = cases
    assert main(["expenses", "--db", db_arg, "--case", first.number]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith(first.number)
    assert lines[2].split()[:3] == ["Date", "Category", "Payee"]
    assert lines[3].startswith("2026-10-02") and "$350.00" in lines[3]
    assert lines[4].startswith("2026-10-05") and "$398.30" in lines[4] and "Client" in lines[4]
    assert lines[5].startswith("2026-10-09") and "$1,602.86" in lines[5]
    assert lines[6].startswith("Total") and "$1,602.86" in lines[6]
    assert any(line.startswith("Records copy fee") and "$1,204.56" in line for line in lines)
    assert "Case costs (firm-paid, reimbursable, not repaid by a paid invoice): $1,554.56." in err


def test_expenses_as_json(cases: tuple[Case, Case], db_arg: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Amounts are two-decimal strings; totals by category in the case file's order of categories."""
    first, _second = cases
    assert main(["expenses", "--db", db_arg, "--case", first.number.lower(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [e["amount"] for e in printed["expenses"]] == ["350.00", "48.30", "1204.56"]
    assert printed["expenses"][1]["paid_by"] == "client" and not printed["expenses"][1]["case_cost"]
    assert printed["by_category"][0] == {
        "category": "Filing fee",
        "count": 1,
        "amount": "350.00",
        "reimbursable": "350.00",
    }
    assert [c["category"] for c in printed["by_category"]] == ["Filing fee", "Records copy fee", "Travel"]
    assert (printed["total"], printed["case_costs"]) == ("1602.86", "1554.56")


def test_export_one_case(
    cases: tuple[Case, Case], db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--case writes the three sheets and says what it wrote."""
    first, _second = cases
    out = tmp_path / "ledger.xlsx"
    assert main(["export", "ledger", "--db", db_arg, "--case", first.number, "-o", str(out)]) == 0
    assert "(3 expenses, $1,602.86)" in capsys.readouterr().err
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Expenses", "By category", "Lost wages"]
    assert book["Expenses"]["E9"].value == "=SUBTOTAL(9,E6:E8)"


def test_export_all_cases(cases: tuple[Case, Case], db_arg: str, tmp_path: Path) -> None:
    """--all writes every case's expenses on one sheet, by case number."""
    first, second = cases
    out = tmp_path / "all.xlsx"
    assert main(["export", "ledger", "--db", db_arg, "--all", "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out)["Expenses"]
    assert [sheet.cell(row, 1).value for row in range(5, 9)] == [first.number] * 3 + [second.number]
    assert sheet.cell(8, 7).value == 1500


@pytest.mark.parametrize(
    "arguments",
    [
        ["export", "ledger", "--db", "DB", "-o", "x.xlsx"],  # neither --case nor --all
        ["export", "ledger", "--db", "DB", "--case", "PI-1", "--all", "-o", "x.xlsx"],
        ["export", "ledger", "--db", "DB", "--all", "-o", "x.pdf"],
        ["expenses", "--db", "DB", "--case", "NO-SUCH-CASE"],
    ],
)
def test_bad_usage_exits_2(cases: tuple[Case, Case], db_arg: str, arguments: list[str]) -> None:
    """A missing or contradictory choice, a wrong suffix or an unknown case is a usage error."""
    assert main([db_arg if argument == "DB" else argument for argument in arguments]) == 2
