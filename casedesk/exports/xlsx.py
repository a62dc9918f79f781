"""Excel workbooks (.xlsx) the way every casedesk export writes them: typed columns, ready to filter.

Each sheet has optional title rows, then a bold header row that stays in view (frozen) with an autofilter,
then the data: dates are real dates, money is a number with a currency format (never text), whole numbers
are numbers. An optional totals row sums chosen columns with ``SUBTOTAL(9, …)``, so the totals follow the
filter the user applies in Excel. Sheets are written in openpyxl's write-only mode (rows go to the file as
they come; a 100,000-row ledger stays small in memory), and the workbook reaches its path atomically.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casedesk.domain.money import Money
from casedesk.exports.atomic import atomic_write

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

#: Number formats: US dates, dollars with cents (negatives with a minus), whole numbers with separators.
DATE_FORMAT = "mm/dd/yyyy"
MONEY_FORMAT = '"$"#,##0.00;-"$"#,##0.00'
INT_FORMAT = "#,##0"
HEADER_FILL = "DCE3EC"
TOTAL_FILL = "F1F4F8"
#: Excel's limits: a sheet name is at most 31 characters, a cell at most 32,767.
MAX_SHEET_NAME = 31
MAX_CELL_TEXT = 32_767
#: Characters a sheet name cannot hold.
_SHEET_NAME_FORBIDDEN = str.maketrans({c: "-" for c in "[]:*?/\\"})

Cell = str | date | Money | int | Decimal | None


class ColumnKind(enum.StrEnum):
    """What a column holds, which decides how its cells are written and formatted."""

    TEXT = "text"
    DATE = "date"
    MONEY = "money"
    INT = "int"


#: Widths (in characters) a column gets when it does not set its own.
_DEFAULT_WIDTHS = {ColumnKind.TEXT: 24.0, ColumnKind.DATE: 12.0, ColumnKind.MONEY: 14.0, ColumnKind.INT: 10.0}


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a sheet.

    Attributes:
        title: The header cell.
        kind: What its cells hold.
        width: In characters (``None``: a default for the kind).
        total: Whether the totals row sums it (money and whole numbers only).
        wrap: Whether long text wraps inside the cell (a summary) instead of running on.
    """

    title: str
    kind: ColumnKind = ColumnKind.TEXT
    width: float | None = None
    total: bool = False
    wrap: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """A data row with a look of its own (a flagged row shaded, a group heading in bold).

    Attributes:
        values: One per column (``None``: an empty cell).
        fill: Background colour as hex RGB (``"FFF3CD"``), or ``None``.
    """

    values: Sequence[Cell]
    fill: str | None = None
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Sheet:
    """One worksheet.

    Attributes:
        name: The tab's name (cut to Excel's 31 characters, forbidden characters replaced).
        columns: The columns, left to right.
        rows: Plain value sequences or :class:`Row` objects; read once, as they are written.
        title_rows: Lines above the header (the first in bold); a blank row separates them from it.
        totals_label: The first cell of the totals row; ``None`` for no totals row.
    """

    name: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Cell] | Row]
    title_rows: Sequence[str] = ()
    totals_label: str | None = "Total"


@dataclass(frozen=True, slots=True)
class WorkbookInfo:
    """The workbook's document properties (File › Info in Excel)."""

    title: str
    subject: str = ""
    author: str = ""
    keywords: Sequence[str] = field(default=())


@dataclass(frozen=True, slots=True)
class SheetLayout:
    """Where things landed on a written sheet (1-based rows), for callers and tests.

    Attributes:
        header_row: The header's row.
        first_row: The first data row.
        last_row: The last data row (``header_row`` when there are none).
        totals_row: The totals row, if written.
    """

    header_row: int
    first_row: int
    last_row: int
    totals_row: int | None


def write_workbook(path: Path, sheets: Sequence[Sheet], info: WorkbookInfo) -> list[SheetLayout]:
    """Write ``sheets`` to an .xlsx file at ``path``, atomically.

    Returns:
        Where each sheet's header, data and totals landed.

    Raises:
        ExportError: The folder cannot be written or the file cannot be replaced; nothing was changed.
    """
    from openpyxl import Workbook  # heavy: imported only when exporting

    workbook = Workbook(write_only=True)
    workbook.properties.title = info.title
    workbook.properties.subject = info.subject
    workbook.properties.creator = info.author or "casedesk"
    workbook.properties.keywords = ", ".join(info.keywords)
    layouts = []
    used: set[str] = set()
    try:
        for sheet in sheets:
            worksheet = workbook.create_sheet(_sheet_name(sheet.name, used))
            layouts.append(_write_sheet(worksheet, sheet))
        with atomic_write(path) as handle:
            workbook.save(handle)
    except BaseException:
        _discard(workbook.worksheets)
        raise
    return layouts


def _discard(worksheets: Sequence[Any]) -> None:
    """Close the rows half-written to temp files by a failed export and remove those files."""
    for worksheet in worksheets:
        writer = getattr(worksheet, "_writer", None)
        if writer is None or getattr(worksheet, "closed", True):
            continue
        with contextlib.suppress(Exception):
            worksheet.close()
        with contextlib.suppress(Exception):
            writer.cleanup()


def _sheet_name(name: str, used: set[str]) -> str:
    base = (name.translate(_SHEET_NAME_FORBIDDEN).strip("' ") or "Sheet")[:MAX_SHEET_NAME]
    candidate, number = base, 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = base[: MAX_SHEET_NAME - len(suffix)] + suffix
        number += 1
    used.add(candidate.casefold())
    return candidate


def _write_sheet(worksheet: WriteOnlyWorksheet, sheet: Sheet) -> SheetLayout:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    columns = list(sheet.columns)
    last_letter = get_column_letter(len(columns))
    header_row = len(sheet.title_rows) + (2 if sheet.title_rows else 1)
    # Write-only sheets take their view and widths before the first row.
    worksheet.freeze_panes = f"A{header_row + 1}"
    for number, column in enumerate(columns, start=1):
        width = column.width or _DEFAULT_WIDTHS[column.kind]
        worksheet.column_dimensions[get_column_letter(number)].width = width
    worksheet.print_title_rows = f"{header_row}:{header_row}"

    for number, line in enumerate(sheet.title_rows):
        cell = _text_cell(worksheet, _text(line))
        cell.font = Font(bold=number == 0, size=13 if number == 0 else 11)
        worksheet.append([cell])
    if sheet.title_rows:
        worksheet.append([])

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    header = []
    for column in columns:
        cell = _text_cell(worksheet, column.title)
        cell.font = bold
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        header.append(cell)
    worksheet.append(header)

    styler = _CellStyler(worksheet, columns)
    last_row = header_row
    for row in sheet.rows:
        styled = row if isinstance(row, Row) else Row(row)
        values = styled.values
        if len(values) != len(columns):
            raise ValueError(f"a row of {len(values)} cells on a sheet of {len(columns)} columns")
        worksheet.append(styler.cells(values, styled.fill, styled.bold))
        last_row += 1
    if last_row > header_row:
        worksheet.auto_filter.ref = f"A{header_row}:{last_letter}{last_row}"
    else:
        worksheet.auto_filter.ref = f"A{header_row}:{last_letter}{header_row}"

    totals_row = None
    if sheet.totals_label is not None and any(column.total for column in columns):
        totals_row = last_row + 1
        worksheet.append(styler.totals(sheet.totals_label, header_row + 1, last_row))
    return SheetLayout(header_row, header_row + 1, last_row, totals_row)


class _CellStyler:
    """Makes a row's cells with the column's format; styles are made once and shared by every cell."""

    def __init__(self, worksheet: WriteOnlyWorksheet, columns: Sequence[Column]) -> None:
        from openpyxl.styles import Alignment, Font

        self._worksheet = worksheet
        self._columns = columns
        self._formats = {
            ColumnKind.DATE: DATE_FORMAT,
            ColumnKind.MONEY: MONEY_FORMAT,
            ColumnKind.INT: INT_FORMAT,
            ColumnKind.TEXT: "General",
        }
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._top = Alignment(vertical="top")
        self._bold = Font(bold=True)
        self._fills: dict[str, Any] = {}
        self._cells: dict[tuple[int, str | None, bool], Any] = {}

    def cells(self, values: Sequence[Cell], fill: str | None, bold: bool) -> list[Any]:
        """The row's cells, styled by column.

        A write-only sheet writes a row out as it is appended, so each column keeps one styled cell per look
        and only its value changes: styling every cell anew is about three times slower.
        """
        cells = []
        for number, (column, value) in enumerate(zip(self._columns, values, strict=True)):
            cell = self._cell(number, column, fill, bold)
            cell.value = _value(value)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # user text is never evaluated (a formula injection)
            cells.append(cell)
        return cells

    def _cell(self, number: int, column: Column, fill: str | None, bold: bool) -> Any:
        key = (number, fill, bold)
        cell = self._cells.get(key)
        if cell is None:
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(self._worksheet)
            cell.number_format = self._formats[column.kind]
            cell.alignment = self._wrap if column.wrap else self._top
            if fill is not None:
                cell.fill = self._fill(fill)
            if bold:
                cell.font = self._bold
            self._cells[key] = cell
        return cell

    def totals(self, label: str, first: int, last: int) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.utils import get_column_letter

        cells = []
        for number, column in enumerate(self._columns, start=1):
            value: object = None
            if number == 1:
                value = label
            elif column.total:
                letter = get_column_letter(number)
                # An empty range (no rows) still sums to 0 rather than pointing at the header.
                value = f"=SUBTOTAL(9,{letter}{first}:{letter}{max(first, last)})" if last >= first else 0
            cell = WriteOnlyCell(self._worksheet, value)
            cell.font = self._bold
            cell.fill = self._fill(TOTAL_FILL)
            cell.number_format = "General" if number == 1 else self._formats[column.kind]
            cells.append(cell)
        return cells

    def _fill(self, colour: str) -> Any:
        from openpyxl.styles import PatternFill

        if colour not in self._fills:
            self._fills[colour] = PatternFill("solid", fgColor=colour)
        return self._fills[colour]


def _value(value: Cell) -> object:
    """What goes in the cell: money as a Decimal number of dollars, text cut to Excel's limit."""
    if value is None:
        return None
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, datetime):
        raise TypeError("moments are not written to sheets; convert to a local date first")
    if isinstance(value, str):
        return _text(value)
    return value


def _text(value: str) -> str:
    """Text as a cell holds it: at most Excel's limit."""
    return value[:MAX_CELL_TEXT]


def _text_cell(worksheet: WriteOnlyWorksheet, value: object) -> Any:
    """A cell for ``value``; text starting with "=" stays text instead of becoming a formula."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # user text is never evaluated (a formula injection)
    return cell
