"""``casedesk letter``: drafts a letter kept with the case and writes it as .docx or PDF; clear errors."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from casedesk import cli
from casedesk.cli import main
from casedesk.exports.letter_docx import docx_text
from casedesk.services.casefiles import Services
from tests.services.test_letters import Demo
from tests.services.test_letters import demo as demo  # the fixture


@pytest.fixture(autouse=True)
def _no_case_file_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cli.DB_ENV, raising=False)


def _number(services: Services, case_id: int) -> str:
    return services.cases.get_case(case_id).number


def test_demand_as_pdf_and_docx_read_back(
    services: Services,
    demo: Demo,
    db_arg: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    open_case: Callable[..., Services],
) -> None:
    number = _number(services, demo.case_id)
    services.close()
    pdf, docx_file = tmp_path / "demand.pdf", tmp_path / "demand.docx"
    base = ["letter", "--db", db_arg, "--case", number, "--template", "demand", "--claim", "12-345"]
    assert main([*base, "-o", str(pdf)]) == 0
    assert "Review the figures" in capsys.readouterr().err
    assert main([*base, "--demand", "175,000", "-o", str(docx_file)]) == 0
    from pypdf import PdfReader

    text = " ".join(
        " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages).split()
    )
    assert "$150,000.00" in text and "Maria Alvarez" in text and "Progressive" in text
    import docx

    words = "\n".join(p.text for p in docx.Document(str(docx_file)).paragraphs)
    assert "$175,000.00 (one hundred seventy-five thousand dollars)" in words
    reopened = open_case()
    try:
        assert len(reopened.letters.letters(demo.case_id)) == 2  # both kept with the case
    finally:
        reopened.close()


def test_records_request_by_provider_name(
    services: Services, demo: Demo, db_arg: str, tmp_path: Path
) -> None:
    number = _number(services, demo.case_id)
    services.close()
    out = tmp_path / "request.pdf"
    args = [
        "letter",
        "--db",
        db_arg,
        "--case",
        number,
        "--template",
        "records-request",
        "--provider",
        "mercy",
    ]
    assert main([*args, "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--template", "demand", "--claim", "99-9"], "no claim numbered “99-9” (its claims: 12-345)"),
        (["--template", "records-request", "--provider", "Nobody"], "its providers: Mercy Hospital"),
        (["--template", "demand", "--claim", "12-345", "--demand", "lots"], "is not an amount"),
    ],
)
def test_usage_errors_say_what_to_type(
    services: Services,
    demo: Demo,
    db_arg: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    extra: list[str],
    message: str,
) -> None:
    number = _number(services, demo.case_id)
    services.close()
    out = tmp_path / "x.pdf"
    assert main(["letter", "--db", db_arg, "--case", number, *extra, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_unknown_template_and_wrong_output_type(
    services: Services,
    demo: Demo,
    db_arg: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    number = _number(services, demo.case_id)
    services.close()
    base = ["letter", "--db", db_arg, "--case", number]
    assert main([*base, "--template", "thank-you", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no letter template named “thank-you”" in capsys.readouterr().err
    assert main([*base, "--template", "demand", "-o", str(tmp_path / "x.txt")]) == 2
    assert ".docx or a .pdf" in capsys.readouterr().err


def test_a_case_with_one_claim_needs_no_claim_number(
    services: Services, demo: Demo, db_arg: str, tmp_path: Path
) -> None:
    number = _number(services, demo.case_id)
    services.close()
    out = tmp_path / "demand.docx"
    args = ["letter", "--db", db_arg, "--case", number, "--template", "demand", "-o", str(out)]
    assert main(args) == 0
    assert any("12-345" in line for line in docx_text(out.read_bytes()))
