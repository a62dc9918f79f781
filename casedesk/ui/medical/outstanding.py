"""Every record request still waiting for its provider, across the open cases, most overdue first."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QBrush, QFont, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QStackedWidget, QVBoxLayout, QWidget

from casedesk.domain.errors import CasedeskError
from casedesk.domain.providers import OutstandingRequest
from casedesk.domain.typed import format_date
from casedesk.services.clock import Clock, today
from casedesk.ui.medical.providers import OVERDUE_COLOR, overdue_text
from casedesk.ui.messages import show_error
from casedesk.ui.tables import RecordTableModel, record_table

if TYPE_CHECKING:
    from casedesk.services.providers import ProviderService

_Index = QModelIndex | QPersistentModelIndex
(O_OVERDUE, O_FOLLOW_UP, O_CASE, O_CLIENT, O_PROVIDER, O_KIND, O_SENT, O_METHOD) = range(8)
COLUMN_WIDTHS = {
    O_OVERDUE: 80,
    O_FOLLOW_UP: 90,
    O_CASE: 110,
    O_CLIENT: 170,
    O_PROVIDER: 210,
    O_KIND: 140,
    O_SENT: 90,
}
FILTER_DELAY_MS = 150
NOTHING_OUTSTANDING = "No outstanding requests: every request sent on an open case has been answered."


class OutstandingRole(enum.IntEnum):
    """Custom data roles of :class:`OutstandingTableModel`."""

    #: The :class:`OutstandingRequest` shown on the row.
    ITEM = Qt.ItemDataRole.UserRole + 1
    #: The words the filter box looks in.
    FILTER = Qt.ItemDataRole.UserRole + 2


class OutstandingTableModel(RecordTableModel):
    """Outstanding requests as table rows, in the order the service gives (most overdue first)."""

    HEADERS = ("Overdue", "Follow up", "Case", "Client", "Provider", "What", "Sent", "Method")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[OutstandingRequest] = []

    def set_rows(self, rows: list[OutstandingRequest]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        item = self._rows[index.row()]
        request = item.request
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                overdue_text(item.days_overdue) or "not yet",
                format_date(item.follow_up),
                item.case_number,
                item.client,
                item.provider,
                request.kind.label,
                format_date(request.sent_on),
                request.method.label,
            )[column]
        if role == OutstandingRole.ITEM:
            return item
        if role == OutstandingRole.FILTER:
            return " ".join((item.case_number, item.client, item.provider, request.kind.label)).casefold()
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and item.days_overdue
            and column in (O_OVERDUE, O_FOLLOW_UP)
        ):
            return QBrush(OVERDUE_COLOR)
        if role == Qt.ItemDataRole.FontRole and item.days_overdue and column == O_OVERDUE:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == O_OVERDUE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return "Double-click or press Enter to open the case"
        return None


class OutstandingFilterModel(QSortFilterProxyModel):
    """Keeps the rows whose case number, client, provider or kind contain every typed word."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_text(self, text: str) -> None:
        """Filter by these words (empty: show everything)."""
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        """Qt override."""
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = str(model.index(source_row, 0, source_parent).data(OutstandingRole.FILTER) or "")
        return all(word in haystack for word in self._words)


class OutstandingRequestsWindow(QWidget):
    """A window listing every outstanding record request of the open cases; read again each time it shows.

    Signals:
        case_requested: The user opened a row (double-click or Enter): the id of its case.
    """

    case_requested = Signal(int)

    def __init__(self, providers: ProviderService, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._providers = providers
        self._clock = clock
        self.setWindowTitle("Outstanding record requests")
        self.resize(1040, 520)
        self.model = OutstandingTableModel(self)
        self.proxy = OutstandingFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by case, client, provider or what was asked…")
        self.filter.setClearButtonEnabled(True)
        self.count_label = QLabel()
        self.table = record_table(self.proxy, COLUMN_WIDTHS)
        self.table.setAccessibleName("Outstanding record requests")
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)

        close = QAction("Close", self)
        close.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)])
        close.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(close)
        close.triggered.connect(self.close)
        self.filter.textChanged.connect(self._filter_timer.start)
        self._filter_timer.timeout.connect(self._on_filter_timer_timeout)
        self.filter.returnPressed.connect(self._on_filter_return_pressed)
        self.table.activated.connect(self._on_table_activated)

    def refresh(self) -> None:
        """Read the outstanding requests again."""
        try:
            items = self._providers.outstanding(today(self._clock))
        except CasedeskError as exc:
            show_error(self, "Requests not read", exc)
            items = []
        self.model.set_rows(items)
        self._apply_filter()

    def showEvent(self, event: QShowEvent) -> None:
        """Qt override: what is outstanding changes while the window is hidden, so read it on showing."""
        self.refresh()
        super().showEvent(event)

    def _apply_filter(self) -> None:
        self.proxy.set_text(self.filter.text())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        overdue = sum(
            1 for row in range(total) if self.model.index(row, 0).data(OutstandingRole.ITEM).days_overdue > 0
        )
        count = f"{total} outstanding, {overdue} overdue" if total else ""
        self.count_label.setText(count if shown == total else f"{shown} of {count}")
        if shown:
            self._stack.setCurrentWidget(self.table)
            if not self.table.selectionModel().hasSelection():
                self.table.selectRow(0)
        else:
            self.empty_label.setText(
                f"No outstanding request matches “{self.filter.text().strip()}”."
                if total
                else NOTHING_OUTSTANDING
            )
            self._stack.setCurrentWidget(self.empty_label)

    def _open(self, index: QModelIndex) -> None:
        item: OutstandingRequest | None = index.data(OutstandingRole.ITEM) if index.isValid() else None
        if item is not None:
            self.case_requested.emit(item.request.case_id)

    def _on_filter_timer_timeout(self) -> None:
        self._apply_filter()

    def _on_filter_return_pressed(self) -> None:
        self._filter_timer.stop()
        self._apply_filter()
        self._open(self.table.currentIndex() if self.proxy.rowCount() else QModelIndex())

    def _on_table_activated(self, index: QModelIndex) -> None:
        self._open(index)
