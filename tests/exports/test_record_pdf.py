"""Records files as a provider sends them: one PDF page per record page, text that can be read back."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from casedesk.exports.record_pdf import Letterhead, RecordPage, write_record_pdf

LETTERHEAD = Letterhead("Mercy General Hospital", "1200 Elm St, Springfield, IL 62701", "(217) 555-0142")


def test_each_record_page_is_one_pdf_page_with_its_text(tmp_path: Path) -> None:
    pages = [
        RecordPage("Emergency Department Record", "Patient: Ana Ruiz", (("Assessment", "S13.4XXA Sprain"),)),
        RecordPage("Itemized Statement", "Patient: Ana Ruiz", (("Total charges", "$1,250.00"),)),
    ]
    path = tmp_path / "records.pdf"
    write_record_pdf(path, LETTERHEAD, pages, author="casedesk")

    reader = PdfReader(path)
    assert len(reader.pages) == 2
    first, second = (page.extract_text() for page in reader.pages)
    assert "Mercy General Hospital" in first and "S13.4XXA" in first and "Page 1 of 2" in first
    assert "Itemized Statement" in second and "$1,250.00" in second


def test_text_longer_than_a_page_is_cut_rather_than_spilling_onto_another_page(tmp_path: Path) -> None:
    long = "\n".join(f"Line {n} of the session log with enough words to fill the width." for n in range(200))
    path = tmp_path / "long.pdf"
    write_record_pdf(
        path, LETTERHEAD, [RecordPage("Session log", "Patient: Ana Ruiz", (("Log", long),))], author="x"
    )

    reader = PdfReader(path)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "Line 0 of" in text and "Line 199 of" not in text
