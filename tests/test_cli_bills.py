"""``casedesk bills``: a case's bills with their totals, and its liens, as text and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.bills import LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services
from tests.services.test_bills import add_provider, er_bill, medicare, pt_bill


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def case(services: Services, make_case: Callable[..., Case]) -> Case:
    """Two bills ($8,450.00 billed, $7,100.00 paid + owed) and a Medicare lien not final yet."""
    case = make_case()
    case_id = case.id or 0
    er = add_provider(services, case_id, "St. David's Medical Center")
    pt = add_provider(services, case_id, "Capital Physical Therapy")
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    services.bills.add_lien(medicare(case_id, reduction=Money.parse("933.33")))
    return case


def test_bills_as_json(capsys: pytest.CaptureFixture[str], db_arg: str, case: Case) -> None:
    """Every figure as an exact decimal string; totals for the case and per provider; liens and theirs."""
    assert main(["bills", "--db", db_arg, "--case", case.number.lower(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["case"] == case.number
    first, second = printed["bills"]
    assert (first["provider"], first["billed"], first["adjusted"], first["owed"]) == (
        "St. David's Medical Center",
        "4850.00",
        "3500.00",
        "150.00",
    )
    assert (second["owed"], second["owed_from_statement"], second["service_to"]) == (
        "1100.00",
        True,
        "2026-09-30",
    )
    assert printed["totals"] == {
        "count": 2,
        "billed": "8450.00",
        "adjustments": "1350.00",
        "adjusted": "7100.00",
        "health_paid": "2800.00",
        "pip_paid": "3000.00",
        "client_paid": "50.00",
        "total_paid": "5850.00",
        "owed": "1250.00",
        "paid_plus_owed": "7100.00",
    }
    assert [p["provider"] for p in printed["by_provider"]] == [
        "St. David's Medical Center",
        "Capital Physical Therapy",
    ]
    [lien] = printed["liens"]
    assert (lien["asserted"], lien["reduction"], lien["final"], lien["payable"], lien["status"]) == (
        "2800.00",
        "933.33",
        None,
        "1866.67",
        LienStatus.ASSERTED.value,
    )
    assert printed["lien_totals"]["not_final"] == 1


def test_bills_as_text(capsys: pytest.CaptureFixture[str], db_arg: str, case: Case) -> None:
    """A table of bills with a total line, then the liens with how many are not final."""
    assert main(["bills", "--db", db_arg, "--case", case.number]) == 0
    out = capsys.readouterr().out
    assert "2026-07-01 – 2026-09-30" in out and "$1,100.00 (statement)" in out
    [total] = [line for line in out.splitlines() if line.startswith("Total") and "2 bills" in line]
    assert total.split()[3:] == ["$8,450.00", "$7,100.00", "$5,850.00", "$1,250.00", "$7,100.00"]
    assert "1 not final yet; taken from the recovery: $1,866.67." in out


def test_a_case_without_bills_says_so(
    capsys: pytest.CaptureFixture[str], db_arg: str, make_case: Callable[..., Case]
) -> None:
    """No bills and no liens are said on stderr; an unknown case is a usage error."""
    bare = make_case()
    assert main(["bills", "--db", db_arg, "--case", bare.number]) == 0
    err = capsys.readouterr().err
    assert f"Case {bare.number} has no bills." in err and "has no liens" in err
    assert main(["bills", "--db", db_arg, "--case", "NOPE-1"]) == 2
    assert "no case numbered “NOPE-1”" in capsys.readouterr().err
