"""Table models of a case's calendar: its events by day, and its tasks open first."""

from __future__ import annotations

import enum
from datetime import date
from functools import cache
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap

from casedesk.domain.calendar import Event, Task
from casedesk.domain.typed import format_date
from casedesk.ui.calendar.agenda import format_day, format_span
from casedesk.ui.tables import RecordTableModel

EVENT_DAY, EVENT_TIME, EVENT_KIND, EVENT_TITLE, EVENT_LOCATION, EVENT_DONE = range(6)
TASK_DUE, TASK_PRIORITY, TASK_TITLE, TASK_DONE = range(4)
_Index = QModelIndex | QPersistentModelIndex
OVERDUE_COLOR = QColor("#b00020")
PAST_COLOR = QColor("#777777")
#: Marks a computed deadline in the Kind column (it follows the case; it cannot be moved or deleted).
COMPUTED_MARK = "computed"


class CalendarRole(enum.IntEnum):
    """Custom data roles of the case calendar's models."""

    RECORD = Qt.ItemDataRole.UserRole + 1  #: the row's Event or Task
    OVERDUE = Qt.ItemDataRole.UserRole + 2  #: whether the row is overdue


@cache
def lock_icon() -> QIcon:
    """A small padlock: the mark of a computed deadline, which follows the case and cannot be moved."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#555555"), 1.6))
    painter.drawArc(4, 1, 6, 8, 0, 180 * 16)  # the shackle
    painter.drawLine(4, 5, 4, 7)
    painter.drawLine(10, 5, 10, 7)
    painter.setBrush(QColor("#555555"))
    painter.drawRoundedRect(2, 7, 10, 6, 1.5, 1.5)  # the body
    painter.end()
    return QIcon(pixmap)


def event_state(event: Event, today: date) -> str:
    """What the Done column says of an event: done when, overdue, or nothing."""
    if event.done_on is not None:
        return f"Done {format_date(event.done_on)}"
    if event.is_overdue(today):
        return "Overdue"
    return "Open" if event.kind.is_deadline else ""


class EventTableModel(RecordTableModel):
    """A case's events as table rows, in the order the service gives (by day)."""

    HEADERS = ("Day", "Time", "Kind", "Title", "Location", "Done")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Event] = []
        self._today = date.min

    def set_rows(self, rows: list[Event], today: date) -> None:
        """Replace every row; ``today`` decides what is overdue or past."""
        self.beginResetModel()
        self._rows = rows
        self._today = today
        self.endResetModel()

    def event_at(self, row: int) -> Event:
        """The event shown on a row."""
        return self._rows[row]

    def row_of(self, event_id: int | None) -> int | None:
        """The row showing an event, if it is listed."""
        return next((row for row, e in enumerate(self._rows) if e.id == event_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        event = self._rows[index.row()]
        column = index.column()
        overdue = event.is_overdue(self._today)
        if role == Qt.ItemDataRole.DisplayRole:
            kind = f"{event.kind.label} ({COMPUTED_MARK})" if event.origin.computed else event.kind.label
            return (
                format_day(event.day),
                format_span(event),
                kind,
                event.title,
                event.location,
                event_state(event, self._today),
            )[column]
        if role == Qt.ItemDataRole.DecorationRole and column == EVENT_KIND and event.origin.computed:
            return lock_icon()
        if role == CalendarRole.RECORD:
            return event
        if role == CalendarRole.OVERDUE:
            return overdue
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QBrush(OVERDUE_COLOR)
            if event.done_on is not None or event.day < self._today:
                return QBrush(PAST_COLOR)
            return None
        if role == Qt.ItemDataRole.FontRole and (overdue or event.origin.computed):
            font = QFont()
            font.setBold(overdue)
            font.setItalic(event.origin.computed and column == EVENT_KIND)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return _event_tooltip(event, overdue)
        return None


def _event_tooltip(event: Event, overdue: bool) -> str | None:
    lines = []
    if event.origin.computed:
        lines.append("Computed from the case's limitation data: it moves when the case changes.")
    if overdue:
        lines.append("Overdue: the day has passed and it is not marked done.")
    if event.notes:
        lines.append(event.notes[:500])
    return "\n".join(lines) or None


class TaskTableModel(RecordTableModel):
    """A case's tasks as table rows, open ones first."""

    HEADERS = ("Due", "Priority", "Task", "Done")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Task] = []
        self._today = date.min

    def set_rows(self, rows: list[Task], today: date) -> None:
        """Replace every row; ``today`` decides what is overdue."""
        self.beginResetModel()
        self._rows = rows
        self._today = today
        self.endResetModel()

    def task_at(self, row: int) -> Task:
        """The task shown on a row."""
        return self._rows[row]

    def row_of(self, task_id: int | None) -> int | None:
        """The row showing a task, if it is listed."""
        return next((row for row, t in enumerate(self._rows) if t.id == task_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        task = self._rows[index.row()]
        overdue = task.is_overdue(self._today)
        if role == Qt.ItemDataRole.DisplayRole:
            due = format_day(task.due_on) if task.due_on is not None else "No date"
            done = f"Done {format_date(task.done_on)}" if task.done_on else "Overdue" if overdue else ""
            return (due, task.priority.label, task.title, done)[index.column()]
        if role == CalendarRole.RECORD:
            return task
        if role == CalendarRole.OVERDUE:
            return overdue
        if role == Qt.ItemDataRole.ForegroundRole:
            if overdue:
                return QBrush(OVERDUE_COLOR)
            return QBrush(PAST_COLOR) if task.done_on is not None else None
        if role == Qt.ItemDataRole.FontRole and overdue:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and task.notes:
            return task.notes[:500]
        return None
