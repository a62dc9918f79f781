"""``casedesk export exhibits``: the exhibit list from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.domain.exhibits import Exhibit, ExhibitParty
from casedesk.services.casefiles import Services


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def case(services: Services, make_case: Callable[..., Case]) -> Case:
    """A case with a plaintiff's and a defendant's exhibit."""
    case = make_case()
    assert case.id is not None
    services.exhibits.add(Exhibit(case_id=case.id, party=ExhibitParty.PLAINTIFF, description="MRI report"))
    services.exhibits.add(Exhibit(case_id=case.id, party=ExhibitParty.DEFENDANT, description="Police report"))
    return case


def test_export_pdf(case: Case, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The PDF lists both exhibits under the case's caption."""
    out = tmp_path / "exhibits.pdf"
    assert main(["export", "exhibits", "--db", db_arg, "--case", case.number, "-o", str(out)]) == 0
    assert f"Wrote {out}" in capsys.readouterr().err
    text = PdfReader(out).pages[0].extract_text()
    assert case.caption in text and "MRI report" in text and "Police report" in text


def test_export_xlsx(case: Case, db_arg: str, tmp_path: Path) -> None:
    """The workbook has a row per exhibit, numbered 1 and A."""
    out = tmp_path / "exhibits.xlsx"
    assert main(["export", "exhibits", "--db", db_arg, "--case", case.number.lower(), "-o", str(out)]) == 0
    rows = list(openpyxl.load_workbook(out)["Exhibits"].iter_rows(values_only=True))
    assert rows[-2][:2] == ("1", None) and rows[-2][5] == "MRI report"
    assert rows[-1][:2] == (None, "A") and rows[-1][5] == "Police report"


def test_wrong_suffix_is_a_usage_error(
    case: Case, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .docx output exits 2 and writes nothing."""
    out = tmp_path / "exhibits.docx"
    assert main(["export", "exhibits", "--db", db_arg, "--case", case.number, "-o", str(out)]) == 2
    assert "must end in .pdf or .xlsx" in capsys.readouterr().err
    assert not out.exists()


def test_unknown_case_exits_1_with_the_message(
    case: Case, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A case number not in the file exits 1, naming it; nothing is written."""
    out = tmp_path / "exhibits.pdf"
    assert main(["export", "exhibits", "--db", db_arg, "--case", "PI-1999-0001", "-o", str(out)]) == 1
    assert "no case numbered “PI-1999-0001”" in capsys.readouterr().err
    assert not out.exists()
