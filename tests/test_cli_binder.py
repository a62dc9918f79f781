"""``casedesk export binder``: a case's trial binder, or one witness's, from the command line."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader

from casedesk import cli
from casedesk.cli import main
from casedesk.domain.bates import BatesSettings
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact
from casedesk.domain.exhibits import Exhibit, ExhibitParty
from casedesk.domain.witnesses import Witness, WitnessKind
from casedesk.services.casefiles import Services
from tests.pdfs import make_pdf, numbered_pages


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


@pytest.fixture
def case(services: Services, make_case: Callable[..., Case], tmp_path: Path) -> Case:
    """A case with an MRI report as Plaintiff's Exhibit 1, used by Dr. Ana Ruiz."""
    case = make_case()
    assert case.id is not None
    (outcome,) = services.documents.import_files(
        case.id, [make_pdf(tmp_path / "mri.pdf", numbered_pages(3, "MRI"))]
    )
    assert outcome.document is not None
    exhibit = services.exhibits.add(
        Exhibit(case.id, ExhibitParty.PLAINTIFF, "MRI report", document_id=outcome.document.id)
    )
    assert exhibit.exhibit.id is not None
    services.witnesses.add(
        Witness(case.id, 0, WitnessKind.EXPERT),
        new_contact=Contact("Dr. Ana Ruiz"),
        exhibit_ids=[exhibit.exhibit.id],
    )
    return case


def test_export_binder_numbers_with_the_prefix_given_and_writes_a_valid_pdf(
    case: Case, services: Services, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--bates-prefix/--bates-start/--bates-digits change the settings; the exhibit carries them."""
    out = tmp_path / "binder.pdf"
    argv = ["export", "binder", "--db", db_arg, "--case", case.number, "-o", str(out)]
    assert main([*argv, "--bates-prefix", "ruiz", "--bates-start", "100", "--bates-digits", "8"]) == 0
    err = capsys.readouterr().err
    assert f"Wrote {out}" in err
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "RUIZ00000100" in text and "RUIZ00000102" in text and "PLAINTIFF'S EXHIBIT" in text
    assert services.bates.settings(case.id or 0) == BatesSettings("RUIZ", 8, 100)
    if shutil.which("qpdf"):
        assert subprocess.run(["qpdf", "--check", str(out)], capture_output=True).returncode == 0


def test_a_witness_binder_by_name_and_an_unknown_witness_listed(
    case: Case, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--witness takes the name in any letter case; an unknown name lists the case's witnesses."""
    out = tmp_path / "ruiz.pdf"
    argv = ["export", "binder", "--db", db_arg, "--case", case.number, "-o", str(out)]
    assert main([*argv, "--witness", "dr. ana ruiz"]) == 0
    reader = PdfReader(out)
    assert "Witness Binder — Dr. Ana Ruiz" in reader.pages[0].extract_text()
    assert main([*argv, "--witness", "Sam Lee"]) == 2
    assert "its witnesses: Dr. Ana Ruiz" in capsys.readouterr().err


def test_settings_that_would_reuse_numbers_are_refused_with_exit_1(
    case: Case, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """After numbers 1–3 are given, starting again at 2 under the same prefix is refused; no file."""
    argv = ["export", "binder", "--db", db_arg, "--case", case.number]
    assert main([*argv, "-o", str(tmp_path / "first.pdf")]) == 0
    capsys.readouterr()
    assert main([*argv, "-o", str(tmp_path / "second.pdf"), "--bates-start", "2"]) == 1
    assert capsys.readouterr().err.strip()
    assert not (tmp_path / "second.pdf").exists()


def test_an_unreadable_document_is_named_or_skipped(
    case: Case, services: Services, db_arg: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stored file gone missing stops the export naming it; --skip-unreadable leaves it out (exit 1)."""
    (document,) = services.documents.documents(case.id or 0)
    services.documents.file_path(document).unlink()
    argv = ["export", "binder", "--db", db_arg, "--case", case.number, "-o", str(tmp_path / "b.pdf")]
    assert main(argv) == 1
    assert "mri.pdf" in capsys.readouterr().err
    assert not (tmp_path / "b.pdf").exists()
    assert main([*argv, "--skip-unreadable"]) == 1
    err = capsys.readouterr().err
    assert "Left out: " in err and "mri.pdf" in err
    assert (tmp_path / "b.pdf").exists()
