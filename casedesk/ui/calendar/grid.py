"""The week and month grids: one cell per day listing its events and tasks in time order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.calendar import AgendaItem, Event
from casedesk.ui.calendar.agenda import (
    ALERT,
    CONFLICT_MARK,
    DONE,
    AgendaRole,
    format_start,
    item_done,
    item_tooltip,
)

DAYS_PER_WEEK = 7
MONTH_WEEKS = 6
#: How many items a month cell lists before "+k more".
MONTH_ITEMS = 3
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_TODAY_HEADER = "background: #1565c0; color: white; font-weight: bold; border-radius: 3px; padding: 1px 4px;"
_OTHER_MONTH_HEADER = "color: #9e9e9e; padding: 1px 4px;"
_HEADER = "padding: 1px 4px;"


def week_start(day: date) -> date:
    """The Monday of the week a day is in."""
    return day - timedelta(days=day.weekday())


def month_grid_start(day: date) -> date:
    """The first day the month grid of a day's month shows: the Monday on or before the 1st."""
    return week_start(day.replace(day=1))


def in_day_order(items: Sequence[AgendaItem]) -> list[AgendaItem]:
    """One day's items: all-day events and tasks first, then timed events by start.

    The agenda puts overdue items first across days; within one day the clock is what matters.
    """

    def key(item: AgendaItem) -> tuple[bool, float]:
        start = item.event.starts_at if item.event is not None else None
        return (start is not None, start.timestamp() if start is not None else 0.0)

    return sorted(items, key=key)


class DayCell(QFrame):
    """One day of a grid: its date and its items; today is highlighted and weekends are shaded.

    Attributes:
        header: The day's date.
        list: The day's items (double-click or Enter goes to the case).
        more_label: "+k more" when a month cell cannot list everything.

    Signals:
        item_activated: ``AgendaItem`` — an item was double-clicked or Enter was pressed on it.
        day_selected: ``date`` — the user clicked the day.
        more_requested: ``date`` — the user wants to see every item of the day.
    """

    item_activated = Signal(object)
    day_selected = Signal(object)
    more_requested = Signal(object)

    def __init__(self, max_items: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dayCell")
        self._max_items = max_items
        self._day: date | None = None
        self._hidden = 0
        self._selected = self._is_today = False
        self.header = QLabel()
        self.list = QListWidget()
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        if max_items is not None:
            self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.list.setUniformItemSizes(True)
        else:
            self.list.setWordWrap(True)
            self.list.setSpacing(3)  # wrapped items need air between them to be told apart
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.more_label = QLabel()
        self.more_label.setTextFormat(Qt.TextFormat.RichText)
        self.more_label.hide()
        header_row = QHBoxLayout()
        header_row.addWidget(self.header)
        header_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(1)
        layout.addLayout(header_row)
        if max_items is None:
            layout.addWidget(self.list, 1)
        else:
            layout.addWidget(self.list)
            layout.addStretch(1)
        layout.addWidget(self.more_label)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.viewport().installEventFilter(self)
        self.more_label.linkActivated.connect(self._on_more_label_link_activated)

    @property
    def day(self) -> date | None:
        """The day shown."""
        return self._day

    def set_day(
        self,
        day: date,
        items: Sequence[AgendaItem],
        case_labels: Mapping[int, str],
        conflicts: Mapping[int, Sequence[Event]],
        *,
        today: date,
        selected: bool = False,
        other_month: bool = False,
    ) -> None:
        """Show a day and its items (in time order)."""
        self._day = day
        compact = self._max_items is not None
        if compact:
            text = f"{day:%b} {day.day}" if day.day == 1 else str(day.day)
        else:
            text = f"{day:%a} {day:%b} {day.day}"
        self.header.setText(text)
        style = _TODAY_HEADER if day == today else _OTHER_MONTH_HEADER if other_month else _HEADER
        self.header.setStyleSheet(style)
        self.header.setToolTip("Today" if day == today else "")
        self._is_today = day == today
        self.set_selected(selected)
        ordered = in_day_order(items)
        shown = ordered if self._max_items is None else ordered[: self._max_items]
        self.list.clear()
        for item in shown:
            self.list.addItem(self._row(item, case_labels, conflicts, compact))
        hidden = self._hidden = len(ordered) - len(shown)
        self.more_label.setText(f"<a href='more'>+{hidden} more</a>" if hidden else "")
        self.more_label.setVisible(hidden > 0)
        if compact:
            rows = max(1, self._max_items or 1)
            self.list.setFixedHeight(rows * (self.list.fontMetrics().height() + 4) + 2)

    def set_selected(self, selected: bool) -> None:
        """Mark the day as the one new events go to (or not)."""
        if self._day is None:
            return
        self._selected = selected
        background = "#e3f2fd" if selected else "#f1f1f1" if self._day.weekday() >= 5 else "white"
        border = "#1565c0" if self._is_today else "#d0d0d0"
        self.setStyleSheet(
            f"QFrame#dayCell {{ background: {background}; border: 1px solid {border}; }}"
            " QListWidget { background: transparent; }"
        )

    @property
    def selected(self) -> bool:
        """Whether the day is the one new events go to."""
        return self._selected

    def items(self) -> list[AgendaItem]:
        """The items listed, in order."""
        return [self.list.item(row).data(AgendaRole.ITEM) for row in range(self.list.count())]

    def texts(self) -> list[str]:
        """The items' text as shown, in order."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def hidden_count(self) -> int:
        """How many items "+k more" stands for."""
        return self._hidden

    @staticmethod
    def _row(
        item: AgendaItem,
        case_labels: Mapping[int, str],
        conflicts: Mapping[int, Sequence[Event]],
        compact: bool,
    ) -> QListWidgetItem:
        event = item.event
        conflict = event is not None and bool(conflicts.get(event.id or 0))
        when = "☐" if event is None else format_start(event)  # a task shows a box to tick
        mark = f"{CONFLICT_MARK} " if conflict else ""
        first = f"{mark}{when} {item.title}".strip()
        if compact:
            text = first
        else:
            number = case_labels.get(item.case_id, "").split(" · ")[0]
            text = f"{first}\n{number}" if number else first
        row = QListWidgetItem(text)
        row.setData(AgendaRole.ITEM, item)
        row.setData(AgendaRole.CASE_ID, item.case_id)
        row.setToolTip(item_tooltip(item, case_labels, conflicts))
        if item.overdue or conflict:
            row.setForeground(QBrush(ALERT))
        elif item_done(item):
            row.setForeground(QBrush(DONE))
            font = QFont(row.font())
            font.setStrikeOut(True)
            row.setFont(font)
        return row

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Qt override: a click on the day selects it (new events go there)."""
        if self._day is not None:
            self.day_selected.emit(self._day)
        super().mousePressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: a click anywhere in the list selects the day too."""
        if event.type() == QEvent.Type.MouseButtonPress and self._day is not None:
            self.day_selected.emit(self._day)
        return False

    def _on_list_item_activated(self, row: QListWidgetItem) -> None:
        self.item_activated.emit(row.data(AgendaRole.ITEM))

    def _on_more_label_link_activated(self, _link: str) -> None:
        if self._day is not None:
            self.more_requested.emit(self._day)


class _Grid(QWidget):
    """Day cells that relay their signals.

    Signals:
        item_activated: ``AgendaItem`` — an item was double-clicked or Enter was pressed on it.
        day_selected: ``date`` — the user clicked a day.
        more_requested: ``date`` — the user wants to see every item of a day.
    """

    item_activated = Signal(object)
    day_selected = Signal(object)
    more_requested = Signal(object)

    def __init__(self, count: int, max_items: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cells = [DayCell(max_items) for _ in range(count)]
        for cell in self.cells:
            cell.item_activated.connect(self.item_activated)
            cell.day_selected.connect(self.day_selected)
            cell.more_requested.connect(self.more_requested)

    def cell_for(self, day: date) -> DayCell | None:
        """The cell showing a day, if the grid shows it."""
        return next((cell for cell in self.cells if cell.day == day), None)

    def _fill(
        self,
        start: date,
        items: Sequence[AgendaItem],
        case_labels: Mapping[int, str],
        conflicts: Mapping[int, Sequence[Event]],
        today: date,
        selected: date | None,
        month: int | None = None,
    ) -> None:
        by_day: dict[date, list[AgendaItem]] = {}
        for item in items:
            if item.day is not None:
                by_day.setdefault(item.day, []).append(item)
        for offset, cell in enumerate(self.cells):
            day = start + timedelta(days=offset)
            cell.set_day(
                day,
                by_day.get(day, []),
                case_labels,
                conflicts,
                today=today,
                selected=day == selected,
                other_month=month is not None and day.month != month,
            )


class WeekGrid(_Grid):
    """Seven day columns, Monday to Sunday, each listing every item of its day."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(DAYS_PER_WEEK, None, parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for cell in self.cells:
            layout.addWidget(cell, 1)

    def set_week(
        self,
        monday: date,
        items: Sequence[AgendaItem],
        case_labels: Mapping[int, str],
        conflicts: Mapping[int, Sequence[Event]],
        *,
        today: date,
        selected: date | None = None,
    ) -> None:
        """Show the week starting on ``monday``."""
        self._fill(monday, items, case_labels, conflicts, today, selected)


class MonthGrid(_Grid):
    """Six weeks of seven days around a month; each day lists a few items and "+k more"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(DAYS_PER_WEEK * MONTH_WEEKS, MONTH_ITEMS, parent)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for column, name in enumerate(WEEKDAY_NAMES):
            label = QLabel(name)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label, 0, column)
            layout.setColumnStretch(column, 1)
        for index, cell in enumerate(self.cells):
            row, column = divmod(index, DAYS_PER_WEEK)
            layout.addWidget(cell, row + 1, column)
            layout.setRowStretch(row + 1, 1)

    def set_month(
        self,
        first: date,
        items: Sequence[AgendaItem],
        case_labels: Mapping[int, str],
        conflicts: Mapping[int, Sequence[Event]],
        *,
        today: date,
        selected: date | None = None,
    ) -> None:
        """Show the month that starts on ``first`` (with the days before and after that fill its weeks)."""
        self._fill(month_grid_start(first), items, case_labels, conflicts, today, selected, first.month)
