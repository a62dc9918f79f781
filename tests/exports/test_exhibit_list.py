"""The exhibit list exports: the AO 187-style PDF and the Excel workbook, read back."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import openpyxl
import pypdf
import pytest

from casedesk.domain.exhibits import ExhibitList, ExhibitListRow, ExhibitStatus, NumberingScheme
from casedesk.exports.exhibit_list_pdf import write_exhibit_list_pdf
from casedesk.exports.exhibit_list_xlsx import write_exhibit_list_xlsx


def listing(count: int = 3) -> ExhibitList:
    """A list of ``count`` plaintiff's exhibits and one withdrawn defendant's exhibit."""
    rows = [
        ExhibitListRow(
            plaintiff_number=str(n),
            defendant_number="",
            offered_on=date(2026, 11, 20) if n == 1 else None,
            marked_on=date(2026, 11, 19) if n == 1 else None,
            admitted_on=date(2026, 11, 20) if n == 1 else None,
            description=f"Medical record {n} of Dr. Nguyễn <Austin & Co> (07/01/2026)",
            bates=f"SMITH{n * 10:06d}–SMITH{n * 10 + 4:06d}",
            witness="Dr. Ana Ruiz" if n == 1 else "",
            status=ExhibitStatus.ADMITTED if n == 1 else ExhibitStatus.IDENTIFIED,
        )
        for n in range(1, count + 1)
    ]
    rows.append(ExhibitListRow("", "A", None, None, None, "Police report", "", "", ExhibitStatus.WITHDRAWN))
    return ExhibitList(
        caption="Maria Alvarez v. Smith Trucking LLC",
        case_number="PI-2026-0042",
        court="District Court of Travis County, Texas",
        prepared_on=date(2026, 11, 21),
        scheme=NumberingScheme.SEPARATE,
        rows=tuple(rows),
    )


def qpdf_check(path: Path) -> None:
    """Check the file with qpdf (skipped where qpdf is not installed)."""
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed")
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_pdf_has_caption_columns_and_rows(tmp_path: Path) -> None:
    """The PDF is landscape, names the court and case, has the AO 187 columns and every exhibit."""
    path = tmp_path / "exhibits.pdf"
    write_exhibit_list_pdf(listing(), path)
    reader = pypdf.PdfReader(path)
    page = reader.pages[0]
    assert float(page.mediabox.width) > float(page.mediabox.height)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    for expected in (
        "EXHIBIT AND WITNESS LIST",
        "District Court of Travis County, Texas",
        "Maria Alvarez v. Smith Trucking LLC",
        "PI-2026-0042",
        "DESCRIPTION OF EXHIBITS",
        "BATES RANGE",
        "SPONSORING WITNESS",
        "Dr. Nguyễn <Austin & Co>",
        "SMITH000010– SMITH000014",
        "11/20/2026",
        "Dr. Ana Ruiz",
        "(withdrawn)",
        "Page 1 of 1",
    ):
        assert expected in text
    qpdf_check(path)


def test_a_long_pdf_repeats_the_header_and_counts_pages(tmp_path: Path) -> None:
    """120 exhibits run over several pages, each with the column titles and "Page N of M"."""
    path = tmp_path / "exhibits.pdf"
    write_exhibit_list_pdf(listing(120), path)
    reader = pypdf.PdfReader(path)
    total = len(reader.pages)
    assert total > 2
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert "DESCRIPTION OF EXHIBITS" in text
        assert f"Page {number} of {total}" in text
    assert "Medical record 120 of" in reader.pages[-1].extract_text()


def test_an_empty_list_says_so(tmp_path: Path) -> None:
    """A case without exhibits still prints a caption and a line saying there are none."""
    path = tmp_path / "exhibits.pdf"
    write_exhibit_list_pdf(
        ExhibitList("A v. B", "PI-1", "", date(2026, 11, 21), NumberingScheme.JOINT, ()), path
    )
    text = pypdf.PdfReader(path).pages[0].extract_text()
    assert "No exhibits are listed" in text
    assert "Court not recorded" in text


def test_xlsx_has_typed_columns_and_rows(tmp_path: Path) -> None:
    """Dates are dates, numbers sit in their party's column, the withdrawn row is greyed."""
    path = tmp_path / "exhibits.xlsx"
    write_exhibit_list_xlsx(listing(), path)
    sheet = openpyxl.load_workbook(path)["Exhibits"]
    rows = list(sheet.iter_rows(values_only=True))
    assert "PI-2026-0042" in str(rows[0][0])
    assert "District Court of Travis County" in str(rows[1][0])
    header = rows.index(next(r for r in rows if r[0] == "Plf. No."))
    assert rows[header][:6] == (
        "Plf. No.",
        "Def. No.",
        "Date offered",
        "Marked",
        "Admitted",
        "Description of exhibits",
    )
    first = rows[header + 1]
    assert first[0] == "1"
    assert first[2].date() == date(2026, 11, 20)
    assert first[6:] == ("SMITH000010–SMITH000014", "Dr. Ana Ruiz", "Admitted")
    last = rows[-1]
    assert (last[0], last[1], last[5], last[8]) == (None, "A", "Police report", "Withdrawn")
    cell = sheet.cell(row=len(rows), column=6)
    assert cell.fill.fgColor.rgb.endswith("EDEDED")
    assert sheet.cell(row=header + 2, column=3).number_format == "mm/dd/yyyy"
