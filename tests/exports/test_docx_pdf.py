"""Rendering a filled letter to PDF without an office suite: text, pages and page numbers read back."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from casedesk.domain.errors import ExportError
from casedesk.exports.docx_pdf import pdf_page_texts, render_pdf, write_docx_pdf
from casedesk.exports.letter_docx import docx_text, fill_template
from casedesk.resources import letter_template
from tests.exports.test_letter_docx import SHIPPED, sample_context


def _words(texts: list[str]) -> str:
    return " ".join(" ".join(texts).split())


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_letters_render_with_every_paragraph_and_page_numbers(name: str, tmp_path: Path) -> None:
    filled = fill_template(letter_template(name), sample_context())
    target = tmp_path / f"{name}.pdf"
    pdf = write_docx_pdf(target, filled, title="Letter")
    assert target.read_bytes() == pdf
    pages = pdf_page_texts(pdf)
    assert len(pages) >= 2
    assert "Page" not in pages[0].split("Reyes")[0]  # the first page has the letterhead, no page number
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {len(pages)}" in text
    rendered = _words(pages)
    for paragraph in docx_text(filled):
        words = " ".join(paragraph.split())
        if words:
            assert words[:40] in rendered, words
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)  # US Letter from the section


def test_records_request_authorization_starts_on_its_own_page() -> None:
    pages = pdf_page_texts(render_pdf(fill_template(letter_template("records_request"), sample_context())))
    starts = [i for i, text in enumerate(pages) if "AUTHORIZATION TO DISCLOSE" in text]
    assert starts and "Custodian of Records" not in pages[starts[0]]


def test_money_column_of_the_specials_table_is_right_aligned() -> None:
    pdf = render_pdf(fill_template(letter_template("demand"), sample_context()))
    from pypdf import PdfReader

    positions: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip().startswith("$") and text.strip().endswith(".67"):
            positions.append(cm[4] + tm[4])  # translation only: reportlab does not scale text

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)  # type: ignore[arg-type]
    assert positions and min(positions) > 300  # "$12,345.67" sits at the right of its column


def test_not_a_docx_is_an_export_error(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    with pytest.raises(ExportError):
        write_docx_pdf(target, b"not a docx")
    assert not target.exists()
