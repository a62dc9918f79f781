"""The chronology's PDF and workbook, read back: every visit, cite, gap and figure as built."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import openpyxl
import pypdf
import pytest

from casedesk.domain.bills import Bill
from casedesk.domain.cases import Case, Client
from casedesk.domain.chronology import Chronology, build_chronology
from casedesk.domain.money import Money
from casedesk.domain.records import EntryKind, RecordEntry
from casedesk.exports.chronology_pdf import write_chronology_pdf
from casedesk.exports.chronology_xlsx import GAP_FILL, write_chronology_xlsx

PRINTED = datetime(2026, 11, 21, 9, 30, tzinfo=timezone(timedelta(hours=-6)))
CASE = Case(
    number="PI-2026-0042",
    caption="Alvarez v. Brightline Logistics",
    client_id=1,
    incident_date=date(2026, 6, 14),
    id=1,
)
CLIENT = Client(name="María Alvarez", id=1)


def sample() -> Chronology:
    """ER visit with a CT (one visit), a stay, a 47-day gap, then therapy; bills for two, one unmatched."""
    entries = [
        RecordEntry(
            case_id=1,
            service_from=date(2026, 6, 14),
            kind=EntryKind.EMERGENCY,
            provider_id=1,
            document_id=10,
            page_from=3,
            page_to=5,
            complaint="Neck pain after rear-end collision",
            diagnoses="S13.4XXA cervical strain",
            procedures="99284; 72125 CT cervical spine",
            summary="CT negative for fracture. Discharged with cyclobenzaprine & ibuprofen <800 mg>.",
            id=1,
        ),
        RecordEntry(
            case_id=1,
            service_from=date(2026, 6, 15),
            service_to=date(2026, 6, 18),
            kind=EntryKind.HOSPITAL,
            provider_id=1,
            document_id=10,
            page_from=6,
            page_to=14,
            summary="Observation for persistent headache.",
            id=2,
        ),
        RecordEntry(
            case_id=1,
            service_from=date(2026, 8, 4),
            kind=EntryKind.THERAPY,
            provider_id=2,
            document_id=11,
            page_from=1,
            summary="Initial PT evaluation.",
            procedures="97161; 97110 x2",
            id=3,
        ),
    ]
    bills = [
        Bill(case_id=1, provider_id=1, service_from=date(2026, 6, 14), billed=Money.parse("4,850.00")),
        Bill(case_id=1, provider_id=1, service_from=date(2026, 6, 15), billed=Money.parse("18,240.75")),
        Bill(case_id=1, provider_id=2, service_from=date(2026, 8, 4), billed=Money.parse("285.50")),
        Bill(case_id=1, provider_id=2, service_from=date(2026, 9, 1), billed=Money.parse("150.00")),
    ]
    return build_chronology(
        entries,
        providers={1: "Mercy Hospital", 2: "Capitol Physical Therapy"},
        documents={10: "Mercy ER records", 11: "Capitol PT notes"},
        bills=bills,
    )


def pdf_text(path: Path) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(path)
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_the_heading_rows_cites_gap_and_totals(tmp_path: Path) -> None:
    """Case, client, incident, each visit with its page cite, the gap, and the totals as built."""
    path = tmp_path / "chronology.pdf"
    write_chronology_pdf(path, sample(), CASE, CLIENT, generated_at=PRINTED)
    reader, text = pdf_text(path)
    flat = " ".join(text.split())
    for expected in (
        "Medical chronology",
        "PI-2026-0042",
        "Alvarez v. Brightline Logistics",
        "María Alvarez",
        "June 14, 2026",
        "Mercy ER records, pp. 3–5",
        "Mercy ER records, pp. 6–14",
        "Capitol PT notes, p. 1",
        "Gap in treatment: 47 days, Jun 18 – Aug 4, 2026",
        "S13.4XXA",
        "<800 mg>",
        "$4,850.00",
        "$18,240.75",
        "$285.50",
        "3 visits · 2 providers · billed $23,376.25 · 1 treatment gap",
        "Bills not matched to an indexed visit ($150.00)",
        "Page 1 of 1",
    ):
        assert expected in flat, expected
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(width), round(height)) == (792, 612)  # Letter, landscape
    assert reader.metadata is not None
    assert reader.metadata.title == "Medical chronology PI-2026-0042"


def test_a_long_pdf_numbers_its_pages_and_repeats_the_header(tmp_path: Path) -> None:
    """Two hundred visits run over pages that each say Page N of M and carry the column titles."""
    entries = [
        RecordEntry(
            case_id=1,
            service_from=date(2025, 1, 1) + timedelta(days=3 * n),
            provider_id=1,
            kind=EntryKind.THERAPY,
            summary=f"Visit number {n}",
            id=n + 1,
        )
        for n in range(200)
    ]
    chronology = build_chronology(entries, providers={1: "Capitol PT"}, documents={})
    path = tmp_path / "long.pdf"
    write_chronology_pdf(path, chronology, CASE, CLIENT, generated_at=PRINTED)
    reader = pypdf.PdfReader(path)
    total = len(reader.pages)
    assert total > 3
    for number, page in enumerate(reader.pages, start=1):
        text = " ".join(page.extract_text().split())
        assert f"Page {number} of {total}" in text
        assert "Treatment / procedures" in text


def test_pdf_of_an_empty_chronology_says_so(tmp_path: Path) -> None:
    """No visits: one page that says none are indexed."""
    path = tmp_path / "empty.pdf"
    write_chronology_pdf(
        path, build_chronology([], providers={}, documents={}), CASE, CLIENT, generated_at=PRINTED
    )
    _reader, text = pdf_text(path)
    assert "No visits are indexed" in " ".join(text.split())


def test_xlsx_rows_match_the_chronology(tmp_path: Path) -> None:
    """A row per visit: real dates, money as numbers, cites, the gap's days on the visit after it."""
    path = tmp_path / "chronology.xlsx"
    write_chronology_xlsx(path, sample(), CASE, CLIENT, generated_at=PRINTED)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Chronology", "Treatment gaps", "Bills not indexed"]
    sheet = workbook["Chronology"]
    assert sheet["A1"].value == "Medical chronology — PI-2026-0042 Alvarez v. Brightline Logistics"
    assert [c.value for c in sheet[5]][:3] == ["From", "To", "Provider"]
    assert sheet.freeze_panes == "A6"
    assert sheet.auto_filter.ref == "A5:K8"
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=6, max_row=8)]
    assert [row[0].date() for row in rows] == [date(2026, 6, 14), date(2026, 6, 15), date(2026, 8, 4)]
    assert rows[1][1].date() == date(2026, 6, 18)
    assert [Decimal(str(row[8])) for row in rows] == [Decimal("4850"), Decimal("18240.75"), Decimal("285.5")]
    assert [row[9] for row in rows] == [
        "Mercy ER records, pp. 3–5",
        "Mercy ER records, pp. 6–14",
        "Capitol PT notes, p. 1",
    ]
    assert [row[10] for row in rows] == [None, None, 47]
    assert sheet["I6"].number_format.startswith('"$"#,##0.00')
    assert sheet["A6"].number_format == "mm/dd/yyyy"
    assert sheet["A8"].fill.fgColor.rgb == "00" + GAP_FILL
    assert [sheet["A9"].value, sheet["I9"].value] == ["Total billed", "=SUBTOTAL(9,I6:I8)"]


def test_xlsx_gap_and_unmatched_bill_sheets(tmp_path: Path) -> None:
    """The gaps sheet lists each gap; the bills no visit matches are listed with their total."""
    path = tmp_path / "chronology.xlsx"
    write_chronology_xlsx(path, sample(), CASE, CLIENT, generated_at=PRINTED)
    workbook = openpyxl.load_workbook(path)
    gaps = workbook["Treatment gaps"]
    row = [c.value for c in gaps[5]]
    assert (row[0].date(), row[1].date(), row[2]) == (date(2026, 6, 18), date(2026, 8, 4), 47)
    assert row[3] == "Gap in treatment: 47 days, Jun 18 – Aug 4, 2026"
    others = workbook["Bills not indexed"]
    row = [c.value for c in others[5]]
    assert (row[0].date(), row[2], Decimal(str(row[3]))) == (
        date(2026, 9, 1),
        "Capitol Physical Therapy",
        Decimal(150),
    )
    assert others["D6"].value == "=SUBTOTAL(9,D5:D5)"


@pytest.mark.parametrize("name", ["chronology.pdf", "chronology.xlsx"])
def test_exports_replace_an_old_file_only_when_complete(tmp_path: Path, name: str) -> None:
    """No temp file is left beside the export."""
    path = tmp_path / name
    path.write_bytes(b"old")
    writer = write_chronology_pdf if name.endswith(".pdf") else write_chronology_xlsx
    writer(path, sample(), CASE, CLIENT, generated_at=PRINTED)
    assert path.read_bytes() != b"old"
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert re.match(rb"%PDF-|PK", path.read_bytes()[:5])
