"""Reminders: what came due (also while the app was closed), a window listing them, and a minute check."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.ui.calendar.agenda import ALERT, days_left, format_day, format_start
from casedesk.ui.messages import show_error
from casedesk.ui.tables import RecordTableModel, record_table

if TYPE_CHECKING:
    from casedesk.services.calendar import CalendarService, DueReminder

#: How often the open case file is checked for reminders that came due.
CHECK_MS = 60_000
COL_DAY, COL_LEFT, COL_KIND, COL_TITLE, COL_CASE = range(5)
COLUMN_WIDTHS = {COL_DAY: 170, COL_LEFT: 110, COL_KIND: 150, COL_TITLE: 260}
_Index = QModelIndex | QPersistentModelIndex
#: The role returning a row's :class:`DueReminder`.
REMINDER_ROLE = Qt.ItemDataRole.UserRole + 1


def reminder_key(reminder: DueReminder) -> tuple[int, date]:
    """What identifies a reminder: its event and the day it came."""
    return reminder.event.id or 0, reminder.remind_on


class ReminderWatcher(QObject):
    """Keeps track of the reminders that came due in the open case file, checking every minute.

    Attributes:
        due: The reminders due at the last check, soonest event first.

    Signals:
        reminders_changed: ``list[DueReminder]`` — what is due now (after each check that changed it).
        reminders_came: ``list[DueReminder]`` — reminders not seen before in this session came due.
    """

    reminders_changed = Signal(list)
    reminders_came = Signal(list)

    def __init__(self, calendar: CalendarService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self.due: list[DueReminder] = []
        self._seen: set[tuple[int, date]] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_MS)
        self._timer.timeout.connect(self.check)

    @property
    def today(self) -> date:
        """Today by the case file's clock."""
        return self._calendar.today()

    def start(self) -> list[DueReminder]:
        """Read what is due now (taking it as seen) and check every minute from now on."""
        self.due = self._calendar.due_reminders()
        self._seen = {reminder_key(r) for r in self.due}
        self._timer.start()
        self.reminders_changed.emit(list(self.due))
        return list(self.due)

    def stop(self) -> None:
        """Stop checking (the case file is closing)."""
        self._timer.stop()

    def check(self) -> list[DueReminder]:
        """Read what is due now; returns (and announces) the reminders not seen before."""
        due = self._calendar.due_reminders()
        came = [r for r in due if reminder_key(r) not in self._seen]
        self._seen.update(reminder_key(r) for r in due)
        changed = [reminder_key(r) for r in due] != [reminder_key(r) for r in self.due]
        self.due = due
        if changed:
            self.reminders_changed.emit(list(due))
        if came:
            self.reminders_came.emit(came)
        return came

    def dismiss(self, reminders: Sequence[DueReminder]) -> None:
        """Mark reminders as seen for good, then read what is still due.

        Raises:
            CasedeskError: The case file could not be written.
        """
        self._calendar.dismiss(reminders)
        self.check()


class ReminderTableModel(RecordTableModel):
    """Due reminders as table rows: the event's day, days left, kind, title and case."""

    HEADERS = ("Event day", "Days left", "Kind", "Title", "Case")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DueReminder] = []
        self._today = date.min

    def set_rows(self, rows: Sequence[DueReminder], today: date) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def reminder(self, row: int) -> DueReminder:
        """The reminder shown on a row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        reminder = self._rows[index.row()]
        event = reminder.event
        if role == Qt.ItemDataRole.DisplayRole:
            column = index.column()
            if column == COL_DAY:
                return f"{format_day(event.day)} {format_start(event)}".rstrip()
            if column == COL_LEFT:
                return days_left(event.day, self._today, event.kind.is_deadline)
            if column == COL_KIND:
                return event.kind.label
            if column == COL_TITLE:
                return event.title
            return reminder.case_label
        if role == REMINDER_ROLE:
            return reminder
        if role == Qt.ItemDataRole.ForegroundRole and event.day < self._today:
            return QBrush(ALERT)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_CASE:
            return reminder.case_label
        return None


class RemindersWindow(QDialog):
    """A window listing the reminders that came due; stays open beside the main window (not modal).

    Attributes:
        table: The due reminders (several can be selected to dismiss them together).

    Signals:
        case_requested: ``(case id, workspace tab name)`` — the user wants to work on a reminder's case.
    """

    case_requested = Signal(int, str)

    def __init__(self, watcher: ReminderWatcher, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Reminders")
        self.setModal(False)
        self.resize(940, 340)
        self._watcher = watcher
        self.model = ReminderTableModel(self)
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.heading = QLabel()
        self.empty_label = QLabel("No reminders are due.")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.open_button = QPushButton("&Open Case")
        self.dismiss_button = QPushButton("&Dismiss")
        self.dismiss_button.setToolTip(
            "Dismiss the selected reminders (the event's later reminders still come)"
        )
        self.dismiss_all_button = QPushButton("Dismiss &All")
        self.close_button = QPushButton("&Close")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        for button in (self.dismiss_button, self.dismiss_all_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self._stack, 1)
        layout.addLayout(buttons)

        self.open_button.clicked.connect(self.open_case)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.dismiss_all_button.clicked.connect(self.dismiss_all)
        self.close_button.clicked.connect(self.close)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        watcher.reminders_changed.connect(self._on_watcher_reminders_changed)
        self._show(watcher.due)

    def _show(self, due: Sequence[DueReminder]) -> None:
        keep = {reminder_key(r) for r in self.selected()}
        self.model.set_rows(due, self._watcher.today)
        count = len(due)
        self.heading.setText(
            f"{count} reminder{' has' if count == 1 else 's have'} come due." if count else ""
        )
        self._stack.setCurrentWidget(self.table if due else self.empty_label)
        for row in range(self.model.rowCount()):
            if reminder_key(self.model.reminder(row)) in keep:
                self.table.selectRow(row)
        if not self.table.selectionModel().hasSelection() and due:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> list[DueReminder]:
        """The reminders selected, in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.reminder(row) for row in rows]

    def open_case(self) -> None:
        """Go to the selected reminder's case, on its Calendar tab."""
        selected = self.selected()
        if selected:
            self.case_requested.emit(selected[0].event.case_id, "calendar")

    def dismiss_selected(self) -> None:
        """Dismiss the selected reminders."""
        self._dismiss(self.selected())

    def dismiss_all(self) -> None:
        """Dismiss every reminder listed."""
        self._dismiss([self.model.reminder(row) for row in range(self.model.rowCount())])

    def _dismiss(self, reminders: Sequence[DueReminder]) -> None:
        if not reminders:
            return
        try:
            self._watcher.dismiss(reminders)
        except CasedeskError as exc:
            show_error(self, "Reminders not dismissed", exc)

    def _update_buttons(self) -> None:
        has_selection = self.table.selectionModel().hasSelection()
        self.open_button.setEnabled(has_selection)
        self.dismiss_button.setEnabled(has_selection)
        self.dismiss_all_button.setEnabled(self.model.rowCount() > 0)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_table_activated(self, index: QModelIndex) -> None:
        reminder: DueReminder = index.data(REMINDER_ROLE)
        self.case_requested.emit(reminder.event.case_id, "calendar")

    def _on_watcher_reminders_changed(self, due: list[DueReminder]) -> None:
        self._show(due)
