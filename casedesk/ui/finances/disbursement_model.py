"""Table models of the Trust sub-tab: the disbursement log, and what the statement says goes out."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from casedesk.domain.settlement import Disbursement
from casedesk.domain.typed import format_date
from casedesk.services.trust import PlannedPayment
from casedesk.ui.tables import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex
COL_DATE, COL_PAYEE, COL_PURPOSE, COL_METHOD, COL_REFERENCE, COL_AMOUNT = range(6)
COL_PLAN_PURPOSE, COL_PLAN_PAYEE, COL_PLAN_DUE, COL_PLAN_PAID, COL_PLAN_LEFT = range(5)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
OVERPAID = QColor("#b00020")
DONE = QColor("#2e7d32")


class DisbursementRole(enum.IntEnum):
    """Custom data roles of :class:`DisbursementTableModel`."""

    #: The :class:`Disbursement` shown on the row.
    DISBURSEMENT = Qt.ItemDataRole.UserRole + 1
    #: A value to sort the column by (dates and amounts as such, not as text).
    SORT = Qt.ItemDataRole.UserRole + 2


class DisbursementTableModel(RecordTableModel):
    """A case's disbursements from trust, one per row, in the order the service gives (by date paid)."""

    HEADERS = ("Date paid", "Payee", "Purpose", "Method", "Check / wire no.", "Amount")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Disbursement] = []

    def set_rows(self, rows: list[Disbursement]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, disbursement_id: int | None) -> int | None:
        """The row showing a disbursement, if it is listed."""
        return next((row for row, d in enumerate(self._rows) if d.id == disbursement_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        paid = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(paid, column)
        if role == DisbursementRole.DISBURSEMENT:
            return paid
        if role == DisbursementRole.SORT:
            if column == COL_DATE:
                return paid.paid_on.toordinal()
            if column == COL_AMOUNT:
                return paid.amount.cents
            return self._text(paid, column).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_AMOUNT:
            return _RIGHT
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._text(paid, column)
            notes = paid.notes.strip()
            return f"{text}\n\n{notes[:1000]}" if notes and column == COL_PAYEE else text or None
        return None

    @staticmethod
    def _text(paid: Disbursement, column: int) -> str:
        if column == COL_DATE:
            return format_date(paid.paid_on)
        if column == COL_PAYEE:
            return paid.payee
        if column == COL_PURPOSE:
            return paid.purpose
        if column == COL_METHOD:
            return paid.method.label
        if column == COL_REFERENCE:
            return paid.reference
        return str(paid.amount)


class DistributionTableModel(RecordTableModel):
    """What the settlement statement says goes out of trust, against what has been paid so far."""

    HEADERS = ("Purpose", "Payee", "Per statement", "Paid so far", "Still to pay")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PlannedPayment] = []

    def set_rows(self, rows: list[PlannedPayment]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def payment(self, row: int) -> PlannedPayment:
        """The line shown on a row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= COL_PLAN_DUE:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_PLAN_LEFT:
            if line.left.cents < 0:
                return QBrush(OVERPAID)
            if line.left.cents == 0 and line.due.cents > 0:
                return QBrush(DONE)
        if role == Qt.ItemDataRole.FontRole and line.is_total:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.note or self._text(line, column) or None
        return None

    @staticmethod
    def _text(line: PlannedPayment, column: int) -> str:
        if column == COL_PLAN_PURPOSE:
            return line.purpose
        if column == COL_PLAN_PAYEE:
            return line.payee
        if column == COL_PLAN_DUE:
            return str(line.due)
        if column == COL_PLAN_PAID:
            return str(line.paid)
        if line.left.cents < 0:
            return f"{-line.left} overpaid"
        return "paid" if line.left.cents == 0 and line.due.cents > 0 else str(line.left)
