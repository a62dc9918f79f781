"""The case list's table model: a thin adapter over rows the service has already sorted and filtered."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from casedesk.domain.cases import CaseSort, CaseSummary
from casedesk.ui.forms import format_date

COL_NUMBER, COL_CLIENT, COL_CAPTION, COL_STATUS, COL_INCIDENT, COL_JURISDICTION, COL_NEXT = range(7)

HEADERS = ("Case no.", "Client", "Caption", "Status", "Incident", "Jur.", "Next action")
#: The database sort behind each column (sorting 10,000 rows in Python per comparison is too slow).
SORT_BY_COLUMN = {
    COL_NUMBER: CaseSort.NUMBER,
    COL_CLIENT: CaseSort.CLIENT,
    COL_CAPTION: CaseSort.CAPTION,
    COL_STATUS: CaseSort.STATUS,
    COL_INCIDENT: CaseSort.INCIDENT_DATE,
    COL_JURISDICTION: CaseSort.JURISDICTION,
    COL_NEXT: CaseSort.NEXT_ACTION_ON,
}
OVERDUE = QColor("#b00020")
_Index = QModelIndex | QPersistentModelIndex


class CaseRole(enum.IntEnum):
    """Custom data roles of :class:`CaseTableModel`."""

    SUMMARY = Qt.ItemDataRole.UserRole + 1
    CASE_ID = Qt.ItemDataRole.UserRole + 2


class CaseTableModel(QAbstractTableModel):
    """Case summaries as table rows.

    The model never queries: :meth:`sort` asks for a new order with ``sort_requested`` and the panel
    hands back freshly queried rows with :meth:`set_rows`.

    Signals:
        sort_requested: ``(CaseSort, descending)`` — the user clicked a column header.
    """

    sort_requested = Signal(object, bool)

    def __init__(self, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._today = today

    def set_rows(self, rows: list[CaseSummary], today: date | None = None) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = rows
        if today is not None:
            self._today = today
        self.endResetModel()

    def summary(self, row: int) -> CaseSummary:
        """The case shown on a row."""
        return self._rows[row]

    def row_of(self, case_id: int) -> int | None:
        """The row showing a case, if it is shown."""
        return next((i for i, r in enumerate(self._rows) if r.id == case_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Qt override."""
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, index.column())
        if role == CaseRole.SUMMARY:
            return summary
        if role == CaseRole.CASE_ID:
            return summary.id
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == COL_NEXT:
            return QBrush(OVERDUE) if self._overdue(summary) else None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_NEXT and summary.next_action:
            return summary.next_action + (" — overdue" if self._overdue(summary) else "")
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Qt override: ask for the rows in another order (the database sorts)."""
        if column in SORT_BY_COLUMN:
            self.sort_requested.emit(SORT_BY_COLUMN[column], order == Qt.SortOrder.DescendingOrder)

    def _overdue(self, summary: CaseSummary) -> bool:
        return summary.next_action_on is not None and summary.next_action_on < self._today

    @staticmethod
    def _display(summary: CaseSummary, column: int) -> str:
        if column == COL_NUMBER:
            return summary.number
        if column == COL_CLIENT:
            return summary.client_name
        if column == COL_CAPTION:
            return summary.caption
        if column == COL_STATUS:
            return summary.status.label
        if column == COL_INCIDENT:
            return format_date(summary.incident_date)
        if column == COL_JURISDICTION:
            return summary.jurisdiction
        if column == COL_NEXT:
            if summary.next_action_on is None:
                return summary.next_action
            return f"{format_date(summary.next_action_on)}  {summary.next_action}"
        return ""
