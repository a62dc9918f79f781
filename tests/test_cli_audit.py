"""``casedesk audit``: the trail as text and JSON, of one case or all, and written to .xlsx or .csv."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.domain.expenses import Expense
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def numbers(services: Services, make_case: Callable[..., Case]) -> list[str]:
    """Two cases, each with an expense; the first one's amount changed. The file is closed again."""
    cases = [make_case(), make_case()]
    for case in cases:
        saved = services.expenses.add(
            Expense(
                case_id=case.id or 0,
                spent_on=date(2026, 10, 5),
                category="Filing fee",
                amount=Money.parse("12.00"),
            )
        )
        if case is cases[0]:
            from dataclasses import replace

            services.expenses.update(replace(saved, amount=Money.parse("15.00")))
    services.close()
    return [case.number for case in cases]


def test_text_lists_changes_newest_first(
    numbers: list[str], db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "--db", db_arg, "--case", numbers[0], "--kind", "money"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["WHEN", "WHO", "CASE", "ACTION", "WHAT"]
    assert "Changed" in out[1] and "Amount: $12.00 → $15.00" in out[1]
    assert all(numbers[0] in line for line in out[1:])


def test_json_of_every_case(numbers: list[str], db_arg: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--db", db_arg, "--json", "--kind", "money"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert {entry["case_number"] for entry in entries} == set(numbers)
    changed = [entry for entry in entries if entry["action"] == "changed"]
    assert changed[0]["changes"] == [{"field": "Amount", "before": "$12.00", "after": "$15.00"}]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_output_file_is_written_and_the_export_recorded(
    numbers: list[str], db_arg: str, tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / f"trail{suffix}"
    assert main(["audit", "--db", db_arg, "--case", numbers[0], "-o", str(target)]) == 0
    assert "Wrote" in capsys.readouterr().err
    if suffix == ".csv":
        with target.open(encoding="utf-8-sig", newline="") as stream:
            rows = [tuple(row) for row in csv.reader(stream)]
    else:
        sheet = load_workbook(target).active
        assert sheet is not None
        rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert any(row[7:10] == ("Amount", "$12.00", "$15.00") for row in rows)
    assert main(["audit", "--db", db_arg, "--case", numbers[0], "--kind", "export", "--json"]) == 0
    (export,) = json.loads(capsys.readouterr().out)
    assert export["detail"] == str(target)


def test_bad_usage_exits_2(numbers: list[str], db_arg: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--db", db_arg, "-o", "trail.pdf"]) == 2
    assert "xlsx or .csv" in capsys.readouterr().err
    assert main(["audit", "--db", db_arg, "--case", "NO-SUCH"]) == 2
