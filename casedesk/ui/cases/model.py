"""The case list's table model: a thin adapter over rows the service has already sorted and filtered."""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from casedesk.domain.cases import CaseSort, CaseSummary
from casedesk.domain.typed import format_date
from casedesk.ui.tables import RecordTableModel

# What a case manager scans for comes first: whose case, where it stands, what is due.
COL_NUMBER, COL_CLIENT, COL_STATUS, COL_NEXT, COL_CAPTION, COL_INCIDENT, COL_JURISDICTION = range(7)

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


class CaseTableModel(RecordTableModel):
    """The cases of a case-list query as table rows, read a page at a time as the view needs them.

    The model holds only the ordered case ids; :meth:`data` fetches the rows of a page through
    ``fetch`` on first use, so a list of 100,000 cases costs what the screen shows. The model never
    sorts or filters: :meth:`sort` asks for a new order with ``sort_requested`` and the panel hands
    back the ids of the new query with :meth:`set_ids`.

    Signals:
        sort_requested: ``(CaseSort, descending)`` — the user clicked a column header.
    """

    HEADERS = ("Case no.", "Client", "Status", "Next action", "Caption", "Incident", "Jur.")

    sort_requested = Signal(object, bool)
    PAGE_SIZE = 200

    def __init__(
        self, fetch: Callable[[Sequence[int]], list[CaseSummary]], today: date, parent: Any = None
    ) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._ids: tuple[int, ...] = ()
        self._rows_by_id: dict[int, int] = {}
        self._pages: dict[int, dict[int, CaseSummary]] = {}
        self._today = today

    def set_ids(self, ids: tuple[int, ...], today: date | None = None) -> None:
        """Show these cases, in this order (forgetting every row read so far)."""
        self.beginResetModel()
        self._ids = ids
        self._rows_by_id = {}
        self._pages = {}
        if today is not None:
            self._today = today
        self.endResetModel()

    def summary(self, row: int) -> CaseSummary | None:
        """The case shown on a row (None if it was deleted since the list was read)."""
        page = row // self.PAGE_SIZE
        if page not in self._pages:
            ids = self._ids[page * self.PAGE_SIZE : (page + 1) * self.PAGE_SIZE]
            self._pages[page] = {summary.id: summary for summary in self._fetch(ids)}
        return self._pages[page].get(self._ids[row])

    def case_id(self, row: int) -> int:
        """The id of the case on a row."""
        return self._ids[row]

    def row_of(self, case_id: int) -> int | None:
        """The row showing a case, if it is shown."""
        if not self._rows_by_id and self._ids:
            self._rows_by_id = {case_id: row for row, case_id in enumerate(self._ids)}
        return self._rows_by_id.get(case_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        if role == CaseRole.CASE_ID:
            return self._ids[index.row()]
        summary = self.summary(index.row())
        if summary is None:
            return "(deleted)" if role == Qt.ItemDataRole.DisplayRole and index.column() == 0 else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(summary, index.column())
        if role == CaseRole.SUMMARY:
            return summary
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
