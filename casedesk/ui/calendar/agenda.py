"""Agenda items as the calendar pages show them: wording, colours, conflicts, and the agenda table model."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from casedesk.domain.calendar import AgendaItem, Conflict, Event, Priority
from casedesk.domain.typed import format_date, format_time
from casedesk.ui.tables import RecordTableModel

COL_DAY, COL_TIME, COL_KIND, COL_TITLE, COL_CASE, COL_LOCATION = range(6)
#: Overdue items, conflicts and passed limitation deadlines.
ALERT = QColor("#b00020")
#: Done deadlines, still listed on their day.
DONE = QColor("#808080")
#: Marks an event that overlaps another one someone must attend.
CONFLICT_MARK = "⚠"
_Index = QModelIndex | QPersistentModelIndex


class AgendaRole(enum.IntEnum):
    """Custom data roles of :class:`AgendaTableModel` (and of the items of the other calendar views)."""

    ITEM = Qt.ItemDataRole.UserRole + 1
    CASE_ID = Qt.ItemDataRole.UserRole + 2


def format_day(day: date) -> str:
    """A day as the calendar lists it: ``Mon 11/23/2026``."""
    return f"{day:%a} {format_date(day)}"


def format_span(event: Event) -> str:
    """An event's time of day in the user's local time (``9:00 AM–10:30 AM``), ``All day`` if it has none."""
    if event.starts_at is None:
        return "All day"
    start = format_time(event.starts_at.astimezone().time())
    if event.ends_at is None:
        return start
    return f"{start}–{format_time(event.ends_at.astimezone().time())}"


def format_start(event: Event) -> str:
    """When an event starts in the user's local time (``9:00 AM``); empty for an all-day event."""
    return "" if event.starts_at is None else format_time(event.starts_at.astimezone().time())


def item_time(item: AgendaItem) -> str:
    """The time column of an item: the event's time, nothing for a task."""
    return format_span(item.event) if item.event is not None else ""


def item_kind(item: AgendaItem) -> str:
    """What an item is, in words: the event kind, or "Task" (with its priority when not normal)."""
    if item.event is not None:
        return item.event.kind.label
    assert item.task is not None
    priority = item.task.priority
    return "Task" if priority is Priority.NORMAL else f"Task ({priority.label.lower()} priority)"


def item_location(item: AgendaItem) -> str:
    """Where the item takes place (tasks have no place)."""
    return item.event.location if item.event is not None else ""


def item_done(item: AgendaItem) -> bool:
    """Whether the item is a deadline or task already done."""
    record = item.event or item.task
    return record is not None and record.done_on is not None


def can_be_done(item: AgendaItem) -> bool:
    """Whether the item can be ticked off: tasks, deadlines and follow-ups."""
    return item.task is not None or (item.event is not None and item.event.kind.is_deadline)


def days_left(day: date, today: date, deadline: bool = True) -> str:
    """How far a day is from today, in words: ``today``, ``tomorrow``, ``in 5 days``, ``3 days overdue``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta > 1:
        return f"in {delta} days"
    late = -delta
    if deadline:
        return f"{late} day{'' if late == 1 else 's'} overdue"
    return "yesterday" if late == 1 else f"{late} days ago"


def item_key(item: AgendaItem) -> tuple[str, int]:
    """What identifies an item across reads: its kind of record and id."""
    if item.event is not None:
        return "event", item.event.id or 0
    assert item.task is not None
    return "task", item.task.id or 0


def conflict_map(conflicts: Iterable[Conflict]) -> dict[int, list[Event]]:
    """Event id → the events it overlaps with (both ways)."""
    found: dict[int, list[Event]] = {}
    for conflict in conflicts:
        found.setdefault(conflict.first.id or 0, []).append(conflict.second)
        found.setdefault(conflict.second.id or 0, []).append(conflict.first)
    return found


def conflict_text(others: Sequence[Event], case_labels: Mapping[int, str]) -> str:
    """The tooltip of a conflicting event: which events it overlaps with, and when."""
    lines = [
        f"{other.title} ({case_labels.get(other.case_id, 'another case')}), "
        f"{format_day(other.day)} {format_span(other)}"
        for other in others
    ]
    return "Conflicts with:\n" + "\n".join(lines)


def item_tooltip(
    item: AgendaItem, case_labels: Mapping[int, str], conflicts: Mapping[int, Sequence[Event]]
) -> str:
    """Everything about an item in a few lines, for the tooltip of the compact views."""
    lines = [item.title, item_kind(item)]
    if item.day is not None:
        when = item_time(item)
        lines.append(f"{format_day(item.day)} {when}".strip())
    lines.append(case_labels.get(item.case_id, ""))
    if location := item_location(item):
        lines.append(location)
    if item.overdue:
        lines.append("Overdue")
    elif item_done(item):
        lines.append("Done")
    if item.event is not None and (others := conflicts.get(item.event.id or 0)):
        lines.append(conflict_text(others, case_labels))
    return "\n".join(line for line in lines if line)


class AgendaTableModel(RecordTableModel):
    """Agenda items as table rows, in the order the service gave them (overdue first).

    Overdue items are red; events that overlap another attended event carry a red mark, and their tooltip
    names the other event.
    """

    HEADERS = ("Day", "Time", "Kind", "Title", "Case", "Location")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[AgendaItem] = []
        self._labels: Mapping[int, str] = {}
        self._conflicts: Mapping[int, Sequence[Event]] = {}

    def set_rows(
        self,
        items: Sequence[AgendaItem],
        case_labels: Mapping[int, str],
        conflicts: Mapping[int, Sequence[Event]],
    ) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._items = list(items)
        self._labels = dict(case_labels)
        self._conflicts = dict(conflicts)
        self.endResetModel()

    def item(self, row: int) -> AgendaItem:
        """The item shown on a row."""
        return self._items[row]

    def conflicts_of(self, row: int) -> Sequence[Event]:
        """The events the row's event overlaps with (none for tasks)."""
        event = self._items[row].event
        return self._conflicts.get(event.id or 0, ()) if event is not None else ()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(item, index.row(), column)
        if role == AgendaRole.ITEM:
            return item
        if role == AgendaRole.CASE_ID:
            return item.case_id
        if role == Qt.ItemDataRole.ForegroundRole:
            if item.overdue or (column == COL_TIME and self.conflicts_of(index.row())):
                return QBrush(ALERT)
            return QBrush(DONE) if item_done(item) else None
        if role == Qt.ItemDataRole.FontRole and item_done(item) and column == COL_TITLE:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(item, index.row(), column)
        return None

    def _display(self, item: AgendaItem, row: int, column: int) -> str:
        if column == COL_DAY:
            return "No date" if item.day is None else format_day(item.day)
        if column == COL_TIME:
            mark = f"{CONFLICT_MARK} " if self.conflicts_of(row) else ""
            return mark + item_time(item)
        if column == COL_KIND:
            return item_kind(item)
        if column == COL_TITLE:
            return item.title
        if column == COL_CASE:
            return self._labels.get(item.case_id, "")
        return item_location(item)

    def _tooltip(self, item: AgendaItem, row: int, column: int) -> str | None:
        if column in (COL_TIME, COL_TITLE) and (others := self.conflicts_of(row)):
            return conflict_text(others, self._labels)
        if column == COL_DAY and item.overdue:
            return "Overdue: past its date and not done"
        if column == COL_CASE:
            return self._labels.get(item.case_id) or None
        if column == COL_TITLE and item_done(item):
            return "Done"
        return None
