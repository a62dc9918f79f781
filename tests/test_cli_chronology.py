"""``casedesk chronology`` and ``casedesk export chronology``: text, JSON, the threshold, the files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.cases import Case
from casedesk.services.casefiles import Services
from tests.services.test_records import chronology_case

MakeCase = Callable[..., Case]


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def case(services: Services, make_case: MakeCase) -> Case:
    """A case with an ER visit, then therapy 47 days later; both billed."""
    made = make_case()
    chronology_case(services, made.id or 0)
    services.close()  # the command opens the file itself
    return made


def test_chronology_as_text(case: Case, db_arg: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A table of the visits with the gap on its own line between them; totals on stderr."""
    assert main(["chronology", "--db", db_arg, "--case", case.number]) == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith(case.number)
    assert lines[1].split()[:2] == ["Date(s)", "Provider"]
    assert "Mercy Hospital" in lines[2] and "mercy-er.pdf, pp. 1–3" in lines[2] and "$4,850.00" in lines[2]
    assert lines[3] == "  *** Gap in treatment: 47 days, Jun 14 – Jul 31, 2026 ***"
    assert "Capitol Physical Therapy" in lines[4] and "$285.50" in lines[4]
    assert "2 visits, 2 providers, billed $5,135.50, 1 gap longer than 30 days" in err


def test_chronology_as_json(case: Case, db_arg: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Rows typed visit or gap, in order, with cites and bills as exact decimal strings."""
    assert main(["chronology", "--db", db_arg, "--case", case.number.lower(), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [row["type"] for row in printed["rows"]] == ["visit", "gap", "visit"]
    visit, gap, _therapy = printed["rows"]
    assert (visit["from"], visit["provider"], visit["billed"], visit["cite"]) == (
        "2026-06-14",
        "Mercy Hospital",
        "4850.00",
        "mercy-er.pdf, pp. 1–3",
    )
    assert visit["kinds"] == ["emergency"]
    assert (gap["last_care"], gap["next_visit"], gap["days"]) == ("2026-06-14", "2026-07-31", 47)
    assert printed["totals"] == {
        "visits": 2,
        "providers": 2,
        "gaps": 1,
        "billed": "5135.50",
        "billed_not_indexed": "0.00",
    }


@pytest.mark.parametrize(("days", "gaps"), [("46", 1), ("47", 0)])
def test_gap_days_sets_the_threshold(
    case: Case, db_arg: str, capsys: pytest.CaptureFixture[str], days: str, gaps: int
) -> None:
    """47 days is a gap over 46, not over 47."""
    assert main(["chronology", "--db", db_arg, "--case", case.number, "--json", "--gap-days", days]) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["gaps"] == gaps


@pytest.mark.parametrize("days", ["0", "366", "thirty"])
def test_a_bad_threshold_is_a_usage_error(case: Case, db_arg: str, days: str) -> None:
    """Exit status 2, nothing read."""
    assert main(["chronology", "--db", db_arg, "--case", case.number, "--gap-days", days]) == 2


def test_an_unknown_case_is_a_usage_error(
    case: Case, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit status 2 and the case number named."""
    assert main(["chronology", "--db", db_arg, "--case", "PI-1999-9999"]) == 2
    assert "PI-1999-9999" in capsys.readouterr().err


def test_a_case_without_visits_says_so(
    services: Services, make_case: MakeCase, db_arg: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty index is not an error."""
    number = make_case().number
    services.close()
    assert main(["chronology", "--db", db_arg, "--case", number]) == 0
    assert "no visits" in capsys.readouterr().err


def test_export_pdf_and_xlsx(
    case: Case, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both files are written and read back with the figures entered."""
    pdf, xlsx = tmp_path / "chronology.pdf", tmp_path / "chronology.xlsx"
    for target in (pdf, xlsx):
        assert main(["export", "chronology", "--db", db_arg, "--case", case.number, "-o", str(target)]) == 0
    assert f"to {xlsx}" in capsys.readouterr().err
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())
    assert "Gap in treatment: 47 days" in text and "billed $5,135.50" in text
    sheet = openpyxl.load_workbook(xlsx)["Chronology"]
    assert [sheet["C6"].value, sheet["C7"].value] == ["Mercy Hospital", "Capitol Physical Therapy"]
    assert sheet["K7"].value == 47


def test_export_to_another_format_is_a_usage_error(case: Case, db_arg: str, tmp_path: Path) -> None:
    """A .docx is refused before anything is read; no file appears."""
    target = tmp_path / "chronology.docx"
    assert main(["export", "chronology", "--db", db_arg, "--case", case.number, "-o", str(target)]) == 2
    assert not target.exists()
