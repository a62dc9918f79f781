"""The exhibit list as an Excel workbook: one row per exhibit, in the AO 187 columns."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from casedesk.domain.exhibits import ExhibitList, ExhibitStatus
from casedesk.domain.typed import long_date
from casedesk.exports.xlsx import Cell, Column, ColumnKind, Row, Sheet, WorkbookInfo, write_workbook

#: A withdrawn exhibit's row is greyed (it stays on the list: its number is not given to another).
WITHDRAWN_FILL = "EDEDED"
COLUMNS = (
    Column("Plf. No.", width=9),
    Column("Def. No.", width=9),
    Column("Date offered", ColumnKind.DATE),
    Column("Marked", ColumnKind.DATE),
    Column("Admitted", ColumnKind.DATE),
    Column("Description of exhibits", width=50, wrap=True),
    Column("Bates range", width=28),
    Column("Sponsoring witness", width=24),
    Column("Status", width=12),
)


def write_exhibit_list_xlsx(exhibit_list: ExhibitList, path: Path) -> None:
    """Write the exhibit list to an .xlsx file, atomically.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    titles = [f"Exhibit list — {exhibit_list.case_number} {exhibit_list.caption}"]
    details = [
        part for part in (exhibit_list.court, f"Prepared {long_date(exhibit_list.prepared_on)}") if part
    ]
    titles.append(" · ".join(details))
    sheet = Sheet("Exhibits", COLUMNS, _rows(exhibit_list), titles, None)
    info = WorkbookInfo(
        title=f"Exhibit list {exhibit_list.case_number}",
        subject=exhibit_list.caption,
        keywords=("exhibit list", exhibit_list.case_number),
    )
    write_workbook(path, [sheet], info)


def _rows(exhibit_list: ExhibitList) -> Iterator[Row]:
    for row in exhibit_list.rows:
        values: list[Cell] = [
            row.plaintiff_number,
            row.defendant_number,
            row.offered_on,
            row.marked_on,
            row.admitted_on,
            row.description,
            row.bates,
            row.witness,
            row.status.label,
        ]
        yield Row(values, fill=WITHDRAWN_FILL if row.status is ExhibitStatus.WITHDRAWN else None)
