"""The audit trail as a workbook (.xlsx) or as comma-separated values (.csv), written atomically."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from casedesk.domain.audit import AuditEntry
from casedesk.exports.atomic import atomic_write

#: The columns of both formats, left to right.
HEADER = ("When", "Who", "Case", "Kind", "What", "Action", "Summary", "Field", "Before", "After", "Detail")


def write_audit_file(path: Path, entries: Sequence[AuditEntry], title: str, generated_at: datetime) -> int:
    """Write the entries to ``path`` (.csv by its suffix, else .xlsx); returns the data rows written.

    Each changed field gets a row of its own (the entry's other cells repeated), so the file sorts and
    filters in a spreadsheet.

    Raises:
        ExportError: The file cannot be written; a file already there is left as it was.
    """
    rows = list(_rows(entries))
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(HEADER)
        writer.writerows(rows)
        with atomic_write(path) as stream:
            stream.write(buffer.getvalue().encode("utf-8-sig"))
        return len(rows)
    from casedesk.exports.xlsx import Column, ColumnKind, Sheet, WorkbookInfo, write_workbook

    widths = {"When": 20.0, "Summary": 40.0, "Detail": 40.0, "Before": 18.0, "After": 18.0}
    columns = [
        Column(name, ColumnKind.TEXT, width=widths.get(name, 14.0), wrap=name in ("Summary", "Detail"))
        for name in HEADER
    ]
    sheet = Sheet(
        "Audit trail",
        columns,
        rows,
        title_rows=(title, f"Exported {generated_at.strftime('%Y-%m-%d %H:%M')}"),
        totals_label=None,
    )
    write_workbook(path, [sheet], WorkbookInfo(title=title, subject="Audit trail"))
    return len(rows)


def _rows(entries: Sequence[AuditEntry]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for entry in entries:
        first = (
            entry.at.astimezone().strftime("%Y-%m-%d %H:%M:%S"),
            entry.user,
            entry.case_number,
            entry.kind.label,
            entry.what,
            entry.action.label,
            entry.summary,
        )
        for change in entry.changes or (None,):
            fields = ("", "", "") if change is None else (change.field, change.before, change.after)
            rows.append((*first, *fields, entry.detail))
    return rows
