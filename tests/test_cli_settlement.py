"""``casedesk settle``, ``casedesk settlement`` and ``casedesk export settlement``."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.bills import Lien, LienKind, LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.domain.settlement import Recovery, RecoverySource
from casedesk.services.casefiles import Services


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.mark.parametrize(
    ("basis", "fee", "net"), [("gross", "33333.33", "44166.67"), ("after-costs", "32500.00", "45000.00")]
)
def test_settle_worked_example(basis: str, fee: str, net: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example, as JSON with two-decimal strings."""
    argv = [
        "settle",
        "--gross",
        "100,000",
        "--fee",
        "1/3",
        "--costs",
        "2500",
        "--liens",
        "20000",
        "--basis",
        basis,
        "--json",
    ]
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == {
        "gross": "100000.00",
        "fee": fee,
        "costs": "2500.00",
        "liens": "20000.00",
        "holdbacks": "0.00",
        "net_to_client": net,
    }


@pytest.mark.parametrize(
    ("fee", "amount"),
    [("40", "40000.00"), ("33.33", "33330.00"), ("1/3", "33333.33"), ("33 1/3", "33333.33")],
)
def test_settle_reads_percentages_and_fractions(
    fee: str, amount: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--fee`` takes a percentage or a fraction."""
    assert main(["settle", "--gross", "100000", "--fee", fee, "--holdbacks", "1000", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["fee"] == amount
    assert out["holdbacks"] == "1000.00"


def test_settle_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --json the figures are a table for the terminal."""
    assert main(["settle", "--gross", "100000", "--fee", "1/3", "--costs", "2500", "--liens", "20000"]) == 0
    out = capsys.readouterr().out
    assert "Attorney fee (33 1/3 % of the gross)  $33,333.33" in out
    assert "Net to client" in out and "$44,166.67" in out


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["settle", "--gross", "100", "--fee", "abc"], 2, "is not a fee"),
        (["settle", "--gross", "ten", "--fee", "40"], 2, "is not an amount"),
        (["settle", "--gross", "100", "--fee", "40", "--costs", "200"], 1, "costs are more than the gross"),
    ],
)
def test_settle_refuses_bad_input(
    argv: list[str], status: int, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bad text is a usage error; figures that cannot be split fail with the reason."""
    assert main(argv) == status
    assert message in capsys.readouterr().err


def settled_case(services: Services, make_case: Callable[..., Case]) -> Case:
    case = make_case(attorney="Jordan Reyes")
    case_id = case.id or 0
    services.settlement.add_recovery(
        Recovery(
            case_id,
            RecoverySource.LIABILITY,
            Money.of(100_000),
            "Lone Star Mutual",
            "LSM-1",
            date(2026, 11, 2),
        )
    )
    services.bills.add_lien(
        Lien(
            case_id,
            "Medicare",
            LienKind.MEDICARE,
            Money.of(20_000),
            final=Money.of(20_000),
            status=LienStatus.FINAL,
        )
    )
    return case


def test_settlement_prints_the_statement(
    db_arg: str, services: Services, make_case: Callable[..., Case], capsys: pytest.CaptureFixture[str]
) -> None:
    """Text and JSON show the lines, status, trust and warnings."""
    case = settled_case(services, make_case)
    services.settlement.finalize(case.id or 0)
    assert main(["settlement", "--db", db_arg, "--case", case.number]) == 0
    out = capsys.readouterr().out
    assert "FINAL" in out and "NET TO CLIENT" in out and "$46,666.67" in out
    assert main(["settlement", "--db", db_arg, "--case", case.number, "--json"]) == 0
    value = json.loads(capsys.readouterr().out)
    assert value["status"] == "final"
    assert value["totals"]["net_to_client"] == "46666.67"
    assert value["schema"] == 1
    assert [event["action"] for event in value["history"]] == ["finalized"]
    assert value["trust"] == {"received": "100000.00", "paid_out": "0.00", "in_trust": "100000.00"}


def test_settlement_of_an_unknown_case_is_a_usage_error(
    db_arg: str, services: Services, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case number not in the file is named."""
    assert main(["settlement", "--db", db_arg, "--case", "PI-404"]) == 2
    assert "no case numbered “PI-404”" in capsys.readouterr().err


def test_export_settlement_writes_pdf_and_xlsx(
    tmp_path: Path,
    db_arg: str,
    services: Services,
    make_case: Callable[..., Case],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The PDF reads back with the net and DRAFT, the workbook with its sheets; other suffixes are refused."""
    case = settled_case(services, make_case)
    pdf, xlsx = tmp_path / "s.pdf", tmp_path / "s.xlsx"
    assert main(["export", "settlement", "--db", db_arg, "--case", case.number, "-o", str(pdf)]) == 0
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "$46,666.67" in text and "DRAFT" in text
    assert main(["export", "settlement", "--db", db_arg, "--case", case.number, "-o", str(xlsx)]) == 0
    assert load_workbook(xlsx).sheetnames == ["Statement", "Costs", "Liens", "Disbursements"]
    assert (
        main(
            [
                "export",
                "settlement",
                "--db",
                db_arg,
                "--case",
                case.number,
                "-o",
                str(tmp_path / "s.doc"),
            ]
        )
        == 2
    )
    assert "must end in .pdf or .xlsx" in capsys.readouterr().err
