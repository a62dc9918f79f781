"""The shared workbook writer: typed cells, header, filter, widths, SUBTOTAL totals, atomic writing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from casedesk.domain.errors import ExportError
from casedesk.domain.money import Money
from casedesk.exports.xlsx import (
    MONEY_FORMAT,
    Column,
    ColumnKind,
    Row,
    Sheet,
    WorkbookInfo,
    write_workbook,
)

COLUMNS = (
    Column("Date", ColumnKind.DATE),
    Column("Payee", width=30),
    Column("Amount", ColumnKind.MONEY, total=True),
    Column("Units", ColumnKind.INT, total=True),
    Column("Notes", wrap=True),
)
ROWS = [
    [date(2026, 6, 14), "Mercy Hospital", Money.parse("4,850.00"), 1, "ER"],
    Row([date(2026, 7, 31), "Capitol PT", Money.parse("285.50"), 2, None], fill="FFEB9C"),
    [date(2026, 8, 2), "=cmd|' /C calc'!A0", Money.parse("-12.25"), 0, "a refund"],
]


def write(
    path: Path, rows: list[object] | None = None, titles: tuple[str, ...] = ("Expense ledger", "PI-1")
) -> None:
    sheet = Sheet("Ledger", COLUMNS, ROWS if rows is None else rows, titles)  # type: ignore[arg-type]
    write_workbook(path, [sheet], WorkbookInfo("Ledger PI-1", "Alvarez v. Driver", keywords=("ledger",)))


def test_cells_are_typed_and_formatted(tmp_path: Path) -> None:
    """Dates are dates, money is a number in a currency format, whole numbers are numbers."""
    path = tmp_path / "ledger.xlsx"
    write(path)
    sheet = openpyxl.load_workbook(path).active
    assert isinstance(sheet["A5"].value, datetime)
    assert sheet["A5"].value.date() == date(2026, 6, 14)
    assert sheet["A5"].number_format == "mm/dd/yyyy"
    assert Decimal(str(sheet["C5"].value)) == Decimal("4850.00")
    assert sheet["C5"].number_format == MONEY_FORMAT
    assert sheet["D6"].value == 2
    assert Decimal(str(sheet["C7"].value)) == Decimal("-12.25")


def test_header_is_bold_frozen_and_filtered(tmp_path: Path) -> None:
    """Titles on top, a blank line, the bold header frozen in view with an autofilter over the data."""
    path = tmp_path / "ledger.xlsx"
    write(path)
    sheet = openpyxl.load_workbook(path).active
    assert [sheet["A1"].value, sheet["A2"].value, sheet["A3"].value] == ["Expense ledger", "PI-1", None]
    assert sheet["A1"].font.b
    assert [cell.value for cell in sheet[4]] == ["Date", "Payee", "Amount", "Units", "Notes"]
    assert all(cell.font.b for cell in sheet[4])
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == "A4:E7"
    assert sheet.column_dimensions["B"].width == 30
    assert sheet.column_dimensions["A"].width == 12


def test_totals_row_follows_the_filter(tmp_path: Path) -> None:
    """SUBTOTAL(9, …) over the data rows for the summed columns, under the filtered range."""
    path = tmp_path / "ledger.xlsx"
    write(path)
    sheet = openpyxl.load_workbook(path).active
    assert [cell.value for cell in sheet[8]] == [
        "Total",
        None,
        "=SUBTOTAL(9,C5:C7)",
        "=SUBTOTAL(9,D5:D7)",
        None,
    ]
    assert sheet["C8"].number_format == MONEY_FORMAT
    assert sheet["C8"].font.b


def test_a_styled_row_is_shaded(tmp_path: Path) -> None:
    """A Row with a fill shades every cell of it."""
    path = tmp_path / "ledger.xlsx"
    write(path)
    sheet = openpyxl.load_workbook(path).active
    assert {cell.fill.fgColor.rgb for cell in sheet[6]} == {"00FFEB9C"}
    assert sheet["A5"].fill.fill_type is None


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    """A payee typed as "=cmd|…" is shown as typed, never evaluated."""
    path = tmp_path / "ledger.xlsx"
    write(path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet["B7"].value == "=cmd|' /C calc'!A0"
    assert sheet["B7"].data_type == "s"


def test_no_rows_still_makes_a_sheet_with_a_zero_total(tmp_path: Path) -> None:
    """An empty ledger has its header and a totals row of zero, no title rows when none are given."""
    path = tmp_path / "empty.xlsx"
    write(path, rows=[], titles=())
    sheet = openpyxl.load_workbook(path).active
    assert [cell.value for cell in sheet[1]][:3] == ["Date", "Payee", "Amount"]
    assert [cell.value for cell in sheet[2]][:3] == ["Total", None, 0]
    assert sheet.freeze_panes == "A2"


def test_properties_and_sheet_names(tmp_path: Path) -> None:
    """The document properties are set; sheet names are cut to 31 characters and made unique."""
    path = tmp_path / "two.xlsx"
    long_name = "Expenses: advanced costs / 2026 and beyond"
    sheets = [Sheet(long_name, COLUMNS, ROWS), Sheet(long_name, COLUMNS, ROWS, totals_label=None)]
    write_workbook(path, sheets, WorkbookInfo("Ledger PI-1", "Alvarez v. Driver"))
    workbook = openpyxl.load_workbook(path)
    assert workbook.properties.title == "Ledger PI-1"
    assert workbook.properties.creator == "casedesk"
    names = workbook.sheetnames
    assert names[0] == "Expenses- advanced costs - 2026"
    assert len(names[1]) <= 31 and names[1] != names[0]
    assert workbook[names[1]].max_row == 4  # header and three rows, no totals


def test_a_row_of_the_wrong_width_leaves_the_old_file(tmp_path: Path) -> None:
    """A programming slip never replaces a good file with half a workbook."""
    path = tmp_path / "ledger.xlsx"
    write(path)
    before = path.read_bytes()
    with pytest.raises(ValueError, match="a row of 2 cells"):
        write(path, rows=[[date(2026, 1, 1), "x"]])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.xlsx"]


def test_an_unwritable_folder_is_explained(tmp_path: Path) -> None:
    """A missing folder gives an ExportError saying so."""
    with pytest.raises(ExportError, match="does not exist"):
        write(tmp_path / "missing" / "ledger.xlsx")


def test_a_big_sheet_is_written(tmp_path: Path) -> None:
    """20,000 rows go through write-only mode; the totals row sits under the last."""
    path = tmp_path / "big.xlsx"
    rows = ([date(2026, 1, 1), f"Payee {n}", Money(n), n, ""] for n in range(20_000))
    write_workbook(path, [Sheet("Big", COLUMNS, rows)], WorkbookInfo("Big"))
    workbook = openpyxl.load_workbook(path, read_only=True)
    try:
        last = next(iter(workbook.active.iter_rows(min_row=20_002, max_row=20_002, values_only=True)))
    finally:
        workbook.close()
    assert last[:4] == ("Total", None, "=SUBTOTAL(9,C2:C20001)", "=SUBTOTAL(9,D2:D20001)")
