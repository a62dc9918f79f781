"""A production's stamped copies: file names, hostile sources named in the error, nothing half-written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casedesk.domain.bates import DocumentBates
from casedesk.domain.errors import ExportError
from casedesk.exports.bates_production import (
    ProductionFile,
    ProductionIndex,
    production_file_name,
    stamp_copy,
    write_production,
)
from tests.pdfs import make_damaged, make_not_pdf, make_pdf, make_protected, numbered_pages


def _numbers(first: int, pages: int, name: str = "Records") -> DocumentBates:
    return DocumentBates(1, name, "SMITH", 6, first, first + pages - 1)


@pytest.mark.parametrize(
    ("name", "pages", "expected"),
    [
        ("ER records.pdf", 3, "SMITH000010-SMITH000012 ER records.pdf"),
        ("MRI: C-spine / L-spine?.PDF", 1, "SMITH000010 MRI_ C-spine _ L-spine_.pdf"),
        ("   ", 2, "SMITH000010-SMITH000011 document.pdf"),
        ("x" * 300, 1, "SMITH000010 " + "x" * 120 + ".pdf"),
    ],
)
def test_file_names_sort_in_bates_order_and_are_safe(name: str, pages: int, expected: str) -> None:
    """First and last numbers, then the name without characters file systems refuse."""
    assert production_file_name(_numbers(10, pages), name) == expected


def test_copies_and_index_read_back(tmp_path: Path) -> None:
    """Every page of every copy carries its number; the index lists the ranges and file names."""
    first = make_pdf(tmp_path / "a.pdf", numbered_pages(2, "A"))
    second = make_pdf(tmp_path / "b.pdf", numbered_pages(3, "B"))
    files = [
        ProductionFile(first, "ER records", "", _numbers(1, 2)),
        ProductionFile(second, "Bills", "", _numbers(3, 3)),
    ]
    out = tmp_path / "out"
    out.mkdir()
    index = ProductionIndex(
        "Production SMITH000001–SMITH000005", date(2026, 11, 20), "Defense counsel", "i.xlsx"
    )
    written = write_production(files, out, index)
    assert [p.name for p in written] == [
        "SMITH000001-SMITH000002 ER records.pdf",
        "SMITH000003-SMITH000005 Bills.pdf",
        "i.xlsx",
    ]
    texts = [page.extract_text() for page in PdfReader(written[1]).pages]
    assert [f"SMITH00000{n}" in text for n, text in zip((3, 4, 5), texts, strict=True)] == [True] * 3
    rows = list(load_workbook(written[2]).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert ("Bills", "SMITH000003", "SMITH000005", 3, "SMITH000003-SMITH000005 Bills.pdf") in rows
    assert ("To: Defense counsel", None, None, None, None) in rows


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: make_damaged(p), "damaged"),
        (lambda p: make_not_pdf(p), "damaged"),
        (lambda p: make_protected(p, numbered_pages(2), "right"), "saved password does not open it"),
        (lambda p: make_pdf(p, numbered_pages(5)), "has 5 pages but was numbered for 2"),
    ],
)
def test_unreadable_sources_are_named_and_nothing_is_left(tmp_path: Path, make: object, message: str) -> None:
    """A damaged, locked or different file is named in the error; no copy or temp file stays behind."""
    source = tmp_path / "source.pdf"
    make(source)  # type: ignore[operator]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ExportError) as raised:
        stamp_copy(ProductionFile(source, "Dr Ruiz chart", "wrong", _numbers(1, 2)), out / "copy.pdf")
    assert "“Dr Ruiz chart”" in raised.value.message and message in raised.value.message
    assert list(out.iterdir()) == []
