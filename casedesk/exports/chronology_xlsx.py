"""The chronology as an Excel workbook: one row per visit, the treatment gaps, and bills outside the index."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from casedesk.domain.cases import Case, Client
from casedesk.domain.chronology import Chronology, TreatmentGap, Visit
from casedesk.domain.typed import long_date, long_moment
from casedesk.exports.xlsx import Cell, Column, ColumnKind, Row, Sheet, WorkbookInfo, write_workbook

#: The shade of a visit that follows a flagged gap (Excel's own "neutral" amber).
GAP_FILL = "FFEB9C"
VISIT_COLUMNS = (
    Column("From", ColumnKind.DATE),
    Column("To", ColumnKind.DATE),
    Column("Provider", width=26),
    Column("Kind", width=16),
    Column("Complaint", width=26, wrap=True),
    Column("Diagnoses", width=30, wrap=True),
    Column("Treatment / procedures", width=30, wrap=True),
    Column("Summary", width=50, wrap=True),
    Column("Billed", ColumnKind.MONEY, total=True),
    Column("Records", width=30, wrap=True),
    Column("Gap before (days)", ColumnKind.INT, width=11),
)
GAP_COLUMNS = (
    Column("Last care", ColumnKind.DATE),
    Column("Next visit", ColumnKind.DATE),
    Column("Days", ColumnKind.INT, total=False),
    Column("Gap", width=50),
)
OTHER_BILL_COLUMNS = (
    Column("From", ColumnKind.DATE),
    Column("To", ColumnKind.DATE),
    Column("Provider", width=26),
    Column("Billed", ColumnKind.MONEY, total=True),
    Column("Notes", width=40, wrap=True),
)


def write_chronology_xlsx(
    path: Path, chronology: Chronology, case: Case, client: Client, *, generated_at: datetime
) -> None:
    """Write the chronology to an .xlsx file, atomically.

    Sheets: "Chronology" (a visit per row, with the days of a flagged gap before it in the last column and
    the row shaded; a totals row of what is billed, following the filter), "Treatment gaps" (each flagged
    gap) and, when there are any, "Bills not indexed" (bills no indexed visit matches).

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    titles = _titles(chronology, case, client, generated_at)
    sheets = [
        Sheet("Chronology", VISIT_COLUMNS, _visit_rows(chronology), titles, "Total billed"),
        Sheet("Treatment gaps", GAP_COLUMNS, _gap_rows(chronology), titles[:2], None),
    ]
    if chronology.unmatched_bills:
        sheets.append(
            Sheet("Bills not indexed", OTHER_BILL_COLUMNS, _other_bill_rows(chronology), titles[:2], "Total")
        )
    info = WorkbookInfo(
        title=f"Medical chronology {case.number}",
        subject=f"{case.caption} ({client.name})",
        keywords=("medical chronology", case.number),
    )
    write_workbook(path, sheets, info)


def _titles(chronology: Chronology, case: Case, client: Client, generated_at: datetime) -> list[str]:
    incident = long_date(case.incident_date) if case.incident_date else "not recorded"
    return [
        f"Medical chronology — {case.number} {case.caption}",
        f"Client: {client.name} · Incident: {incident}",
        f"Treatment gaps flagged when longer than {chronology.gap_days} days · "
        f"Printed {long_moment(generated_at)}",
    ]


def _visit_rows(chronology: Chronology) -> Iterator[Row]:
    gap: TreatmentGap | None = None
    for row in chronology.rows:
        if isinstance(row, TreatmentGap):
            gap = row
            continue
        yield _visit_row(row, gap)
        gap = None


def _visit_row(visit: Visit, gap: TreatmentGap | None) -> Row:
    values = [
        visit.service_from,
        visit.service_to,
        visit.provider,
        visit.kind_text,
        visit.complaint,
        visit.diagnoses,
        visit.procedures,
        visit.summary,
        visit.billed,
        visit.cite_text,
        gap.days if gap is not None else None,
    ]
    return Row(values, fill=GAP_FILL if gap is not None else None)


def _gap_rows(chronology: Chronology) -> Iterator[list[Cell]]:
    for gap in chronology.gaps:
        yield [gap.last_care, gap.next_visit, gap.days, gap.text]


def _other_bill_rows(chronology: Chronology) -> Iterator[list[Cell]]:
    for other in chronology.unmatched_bills:
        bill = other.bill
        yield [bill.service_from, bill.service_to, other.provider, bill.billed, bill.notes]
