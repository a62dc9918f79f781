"""The lost-wage records' table model: one row per record, by start of the period as the service gives."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from casedesk.domain.typed import format_date
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.ui.tables import RecordTableModel

COL_EMPLOYER, COL_PERIOD, COL_RATE, COL_MISSED, COL_AMOUNT, COL_NOTES = range(6)
_Index = QModelIndex | QPersistentModelIndex
#: Follows an amount typed by hand instead of the computed one.
BY_HAND_MARK = "(by hand)"
#: The period of a record without dates.
UNDATED = "dates not given"
PALE = QColor("#777777")
_PER = {WageBasis.HOURLY: "hour", WageBasis.DAILY: "day", WageBasis.WEEKLY: "week", WageBasis.ANNUAL: "year"}
_NUMBERS = (COL_RATE, COL_MISSED, COL_AMOUNT)


class WageRole(enum.IntEnum):
    """Custom data roles of :class:`LostWageTableModel`."""

    #: The :class:`LostWage` shown on the row.
    WAGE = Qt.ItemDataRole.UserRole + 1


def format_period(wage: LostWage) -> str:
    """The period missed: ``06/16/2026 – 08/07/2026``, ``06/16/2026 – ongoing``, or :data:`UNDATED`."""
    if wage.period_from is None and wage.period_to is None:
        return UNDATED
    if wage.period_from is None:
        return f"until {format_date(wage.period_to)}"
    return f"{format_date(wage.period_from)} – {format_date(wage.period_to) or 'ongoing'}"


def format_rate(wage: LostWage) -> str:
    """The rate with what it is paid for: ``$24.50 / hour``, ``$58,000.00 / year``."""
    return f"{wage.rate} / {_PER[wage.basis]}"


def format_missed(missed: Decimal, basis: WageBasis) -> str:
    """The time missed in its unit: ``120 hours``, ``1 work day``, ``7.5 work days``."""
    amount = f"{missed.normalize():,f}"
    unit = "hour" if basis is WageBasis.HOURLY else "work day"
    return f"{amount} {unit}" if missed == 1 else f"{amount} {unit}s"


def format_amount(wage: LostWage) -> str:
    """The amount claimed, marked when it was set by hand."""
    return f"{wage.amount} {BY_HAND_MARK}" if wage.override is not None else str(wage.amount)


class LostWageTableModel(RecordTableModel):
    """A case's lost-wage records as table rows."""

    HEADERS = ("Employer", "Period", "Rate", "Time missed", "Amount", "Notes")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LostWage] = []

    def set_rows(self, rows: list[LostWage]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def wage(self, row: int) -> LostWage:
        """The record shown on a row."""
        return self._rows[row]

    def row_of(self, wage_id: int | None) -> int | None:
        """The row showing a record, if it is listed."""
        return next((row for row, w in enumerate(self._rows) if w.id == wage_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        wage = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(wage, column)
        if role == WageRole.WAGE:
            return wage
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(wage, column)
        undated = wage.period_from is None and wage.period_to is None
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_PERIOD and undated:
            return QBrush(PALE)
        if role == Qt.ItemDataRole.FontRole and column == COL_AMOUNT and wage.override is not None:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    @staticmethod
    def _text(wage: LostWage, column: int) -> str:
        if column == COL_EMPLOYER:
            return wage.employer
        if column == COL_PERIOD:
            return format_period(wage)
        if column == COL_RATE:
            return format_rate(wage)
        if column == COL_MISSED:
            return format_missed(wage.missed, wage.basis)
        if column == COL_AMOUNT:
            return format_amount(wage)
        # One line in the table; the tooltip and the line under the table show the notes in full.
        return " ".join(wage.notes.split())

    @staticmethod
    def _tooltip(wage: LostWage, column: int) -> str | None:
        if column == COL_AMOUNT:
            return wage.explanation()
        if column == COL_NOTES:
            return wage.notes[:1000] or None
        # Columns have fixed widths, so long text is cut: the tooltip shows it all.
        return LostWageTableModel._text(wage, column) or None
