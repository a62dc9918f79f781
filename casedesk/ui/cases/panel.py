"""The case list: search as you type, filter by status with counts, sort by any column."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.cases import CaseQuery, CaseSort, CaseStatus
from casedesk.services.clock import today
from casedesk.ui.cases.model import (
    COL_CAPTION,
    COL_CLIENT,
    COL_INCIDENT,
    COL_JURISDICTION,
    COL_NEXT,
    COL_NUMBER,
    COL_STATUS,
    CaseRole,
    CaseTableModel,
)
from casedesk.ui.tables import record_table, selected_data

if TYPE_CHECKING:
    from collections.abc import Sequence

    from casedesk.domain.cases import CaseList, CaseSummary
    from casedesk.services.clock import Clock

#: Typing pauses this long before the list is queried again, so every keystroke stays instant.
SEARCH_DELAY_MS = 150
OPEN_CASES, ALL_CASES = "open", "all"
COLUMN_WIDTHS = {
    COL_NUMBER: 105,
    COL_CLIENT: 150,
    COL_STATUS: 95,
    COL_NEXT: 230,
    COL_CAPTION: 230,
    COL_INCIDENT: 85,
    COL_JURISDICTION: 40,
}


class CaseListSource(Protocol):
    """Where the case list reads from: the case service, or the start-up preview of the case file."""

    clock: Clock

    def case_list(self, query: CaseQuery) -> CaseList:
        """The ids matching a query in order, and the counts per status."""

    def summaries(self, ids: Sequence[int]) -> list[CaseSummary]:
        """Case-list rows for some case ids, in that order."""


class CaseListPanel(QWidget):
    """The list of cases in the open case file.

    Signals:
        case_selected: ``int | None`` — the case id now selected, or None when nothing is.
        case_activated: ``int`` — a case was double-clicked or Enter was pressed on it.
    """

    case_selected = Signal(object)
    case_activated = Signal(int)

    def __init__(self, cases: CaseListSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cases = cases
        self._query = CaseQuery(sort=CaseSort.NEXT_ACTION_ON, include_closed=False)
        self.model = CaseTableModel(cases.summaries, today(cases.clock), self)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search client, case number, caption…")
        self.search.setClearButtonEnabled(True)
        self.status_filter = QComboBox()
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.count_label = QLabel()
        self.table = record_table(self.model, COLUMN_WIDTHS)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)  # the order the user drags them to is remembered
        header.setSortIndicator(COL_NEXT, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.linkActivated.connect(self._on_empty_link_activated)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.status_filter.activated.connect(self._on_status_filter_activated)
        self.model.sort_requested.connect(self._on_model_sort_requested)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.refresh()

    @property
    def query(self) -> CaseQuery:
        """What the list currently shows."""
        return self._query

    def refresh(self, select_id: int | None = None, reveal: bool = False) -> None:
        """Query the cases again, keeping (or moving) the selection.

        Args:
            select_id: The case to select; by default the one selected now.
            reveal: If the search or status filter hides ``select_id`` (a case just created or just
                closed), clear them so that the case the user is working on stays in view.
        """
        keep = select_id if select_id is not None else self.current_case_id()
        status, include_closed = self._status_choice()
        self._query = CaseQuery(
            text=self.search.text(),
            status=status,
            sort=self._query.sort,
            descending=self._query.descending,
            include_closed=include_closed,
        )
        result = self._cases.case_list(self._query)
        self.model.set_ids(result.ids, today(self._cases.clock))
        self._refresh_status_counts(result.counts)
        shown = len(result.ids)
        noun = "case" if result.total == 1 else "cases"
        self.count_label.setText(
            f"{shown:,} of {result.total:,} {noun}" if shown != result.total else f"{shown:,} {noun}"
        )
        self._show_empty_state(result.total)
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and reveal and keep is not None and self._filtered():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.status_filter.setCurrentIndex(self.status_filter.findData(ALL_CASES))
            self.refresh(select_id=keep)
            return
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        else:
            self.table.clearSelection()
            self.case_selected.emit(None)

    def _filtered(self) -> bool:
        return bool(self.search.text().strip()) or self.status_filter.currentData() != ALL_CASES

    def _status_choice(self) -> tuple[CaseStatus | None, bool]:
        """The status filter as (status, include closed)."""
        data = self.status_filter.currentData()
        if data in (None, OPEN_CASES):
            return None, False
        if data == ALL_CASES:
            return None, True
        return CaseStatus(data), True  # Qt hands enum item data back as plain strings

    def adopt_view_of(self, other: CaseListPanel) -> None:
        """Show what another case list shows: its search, status filter, order and selection."""
        self.search.blockSignals(True)
        self.search.setText(other.search.text())
        self.search.blockSignals(False)
        choice = self.status_filter.findData(other.status_filter.currentData())
        self.status_filter.setCurrentIndex(max(0, choice))
        self._query = other.query
        header = other.table.horizontalHeader()
        self.table.horizontalHeader().setSortIndicator(
            header.sortIndicatorSection(), header.sortIndicatorOrder()
        )
        self.refresh(select_id=other.current_case_id())

    def current_case_id(self) -> int | None:
        """The selected case, if any."""
        case_id: int | None = selected_data(self.table, CaseRole.CASE_ID)
        return case_id

    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _refresh_status_counts(self, counts: dict[CaseStatus, int]) -> None:
        selected = self.status_filter.currentData()
        total = sum(counts.values())
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(f"Open cases ({total - counts[CaseStatus.CLOSED]:,})", OPEN_CASES)
        self.status_filter.addItem(f"All cases ({total:,})", ALL_CASES)
        for status in CaseStatus:
            self.status_filter.addItem(f"{status.label} ({counts[status]:,})", status.value)
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(selected)))
        self.status_filter.blockSignals(False)

    def _show_empty_state(self, total: int) -> None:
        if total == 0 and not self.search.text():
            self.empty_label.setText("No cases yet.\nCreate the first one with Case › New Case… (Ctrl+N).")
            self._stack.setCurrentWidget(self.empty_label)
        elif self.model.rowCount() == 0 and total > 0:
            # The search matches cases the status filter hides (often a closed case): offer them.
            noun = "case matches" if total == 1 else "cases match"
            self.empty_label.setText(
                f"None shown here, but {total:,} {noun} in other statuses.<br>"
                f"<a href='{ALL_CASES}'>Show all cases</a>"
            )
            self._stack.setCurrentWidget(self.empty_label)
        elif self.model.rowCount() == 0:
            self.empty_label.setText("No case matches this search or filter.")
            self._stack.setCurrentWidget(self.empty_label)
        else:
            self._stack.setCurrentWidget(self.table)

    def _on_empty_link_activated(self, _link: str) -> None:
        self.status_filter.setCurrentIndex(self.status_filter.findData(ALL_CASES))
        self.refresh()

    def _on_search_timer_timeout(self) -> None:
        self.refresh()

    def _on_status_filter_activated(self, _index: int) -> None:
        self.refresh()

    def _on_model_sort_requested(self, sort: CaseSort, descending: bool) -> None:
        self._query = replace(self._query, sort=sort, descending=descending)
        self.refresh()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.case_selected.emit(self.current_case_id())

    def _on_table_activated(self, index: QModelIndex) -> None:
        self.case_activated.emit(index.data(CaseRole.CASE_ID))
