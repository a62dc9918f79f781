"""The Calendar page: agenda, week and month views across all cases, and the cases without a next deadline."""

from __future__ import annotations

import calendar as calendar_module
import enum
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.calendar import AgendaItem
from casedesk.domain.errors import CasedeskError
from casedesk.ui.calendar.agenda import (
    COL_CASE,
    COL_DAY,
    COL_KIND,
    COL_LOCATION,
    COL_TIME,
    COL_TITLE,
    AgendaRole,
    AgendaTableModel,
    conflict_map,
)
from casedesk.ui.calendar.grid import MonthGrid, WeekGrid, month_grid_start, week_start
from casedesk.ui.calendar.picker import CasePickerDialog
from casedesk.ui.files import ask_export_path
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table

if TYPE_CHECKING:
    from casedesk.services.calendar import CalendarRange, CalendarService
    from casedesk.services.cases import CaseService
    from casedesk.services.contacts import ContactService

#: How many days the agenda lists at a time.
AGENDA_DAYS = 28
COLUMN_WIDTHS = {COL_DAY: 120, COL_TIME: 150, COL_KIND: 160, COL_TITLE: 260, COL_CASE: 260, COL_LOCATION: 160}
PREVIOUS_KEY, NEXT_KEY, TODAY_KEY = "PgUp", "PgDown", "Alt+Home"
#: How often the page checks whether the date changed (midnight, or the computer woke up).
DAY_CHECK_MS = 60_000


class CalendarMode(enum.IntEnum):
    """What the Calendar page shows (also the index of its page in the stack)."""

    AGENDA = 0
    WEEK = 1
    MONTH = 2
    WITHOUT_DEADLINE = 3

    @property
    def label(self) -> str:
        """The switcher's button text (with its Alt key)."""
        return ("&Agenda", "&Week", "&Month", "Without next &deadline")[self]


def short_date(day: date) -> str:
    """``Nov 23, 2026``."""
    return f"{day:%b} {day.day}, {day:%Y}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), moved back to the month's last day if needed."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar_module.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


class CalendarView(QWidget):
    """Every case's calendar in one place.

    Attributes:
        mode: What is shown (see :class:`CalendarMode`).
        anchor: The day the shown span is built around.
        agenda_model: The agenda's rows.
        week: The week grid.
        month: The month grid.
        without_list: The open cases without a next deadline.

    Signals:
        case_requested: ``(case id, workspace tab name)`` — the user wants to work on an item's case.
        calendar_changed: An event was added here.
        notice_posted: ``str`` — something the status bar should say (an export finished).
    """

    case_requested = Signal(int, str)
    calendar_changed = Signal()
    notice_posted = Signal(str)

    def __init__(
        self,
        calendar: CalendarService,
        cases: CaseService,
        contacts: ContactService,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._cases = cases
        self._contacts = contacts
        self.mode = CalendarMode.WEEK
        self.anchor = calendar.today()
        self._today = self.anchor
        self._selected_day: date | None = None
        self._span = (self.anchor, self.anchor)

        self.mode_buttons = QButtonGroup(self)
        switcher = QHBoxLayout()
        switcher.setSpacing(0)
        for mode in CalendarMode:
            button = QPushButton(mode.label)
            button.setCheckable(True)
            self.mode_buttons.addButton(button, mode)
            switcher.addWidget(button)
        self.previous_button = QPushButton("◀ &Previous")
        self.today_button = QPushButton("T&oday")
        self.next_button = QPushButton("Ne&xt ▶")
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.new_event_button = QPushButton("New &Event…")
        self.new_event_button.setToolTip("Add an event to a case's calendar")
        self.export_button = QPushButton("Export .&ics…")
        self.export_button.setToolTip("Save every event as an iCalendar file for Outlook or Google Calendar")

        self.agenda_model = AgendaTableModel(self)
        self.agenda_table = record_table(self.agenda_model, COLUMN_WIDTHS)
        self.agenda_empty = QLabel()
        self.agenda_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._agenda_stack = QStackedWidget()
        self._agenda_stack.addWidget(self.agenda_table)
        self._agenda_stack.addWidget(self.agenda_empty)
        self.week = WeekGrid()
        self.month = MonthGrid()
        self.without_list = QListWidget()
        self.without_label = QLabel()
        self.without_label.setWordWrap(True)
        without_page = QWidget()
        without_layout = QVBoxLayout(without_page)
        without_layout.setContentsMargins(0, 0, 0, 0)
        without_layout.addWidget(self.without_label)
        without_layout.addWidget(self.without_list, 1)
        self.stack = QStackedWidget()
        for page in (self._agenda_stack, self.week, self.month, without_page):
            self.stack.addWidget(page)

        bar = QHBoxLayout()
        bar.addLayout(switcher)
        bar.addSpacing(16)
        for button in (self.previous_button, self.today_button, self.next_button):
            bar.addWidget(button)
        bar.addSpacing(12)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.new_event_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)

        self.previous_action = self._shortcut(
            "Previous", PREVIOUS_KEY, self.go_previous, self.previous_button
        )
        self.next_action = self._shortcut("Next", NEXT_KEY, self.go_next, self.next_button)
        self.today_action = self._shortcut("Today", TODAY_KEY, self.go_today, self.today_button)

        self.mode_buttons.idClicked.connect(self._on_mode_buttons_id_clicked)
        self.agenda_table.activated.connect(self._on_agenda_table_activated)
        for grid in (self.week, self.month):
            grid.item_activated.connect(self._on_grid_item_activated)
            grid.day_selected.connect(self._on_grid_day_selected)
        self.month.more_requested.connect(self._on_month_more_requested)
        self.without_list.itemActivated.connect(self._on_without_list_item_activated)
        self.new_event_button.clicked.connect(self.new_event)
        self.export_button.clicked.connect(self.export_ics)
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._on_day_timer_timeout)
        self._day_timer.start()
        self.set_mode(self.mode)

    def _shortcut(self, text: str, key: str, slot: Callable[[], None], button: QPushButton) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(key))
        # Only while the Calendar page has the focus: elsewhere these keys scroll as usual.
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        button.clicked.connect(action.trigger)
        button.setToolTip(f"{text} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        return action

    # --- navigation ------------------------------------------------------------------------------

    @property
    def span(self) -> tuple[date, date]:
        """The first and last day shown."""
        return self._span

    def set_mode(self, mode: CalendarMode) -> None:
        """Show another view, keeping the day in focus."""
        self.mode = CalendarMode(mode)
        self.mode_buttons.button(self.mode).setChecked(True)
        self.stack.setCurrentIndex(self.mode)
        navigable = self.mode is not CalendarMode.WITHOUT_DEADLINE
        for action in (self.previous_action, self.next_action, self.today_action):
            action.setEnabled(navigable)
        for button in (self.previous_button, self.next_button, self.today_button):
            button.setEnabled(navigable)
        self.refresh()

    def go_previous(self) -> None:
        """Show the span before this one."""
        self._move(-1)

    def go_next(self) -> None:
        """Show the span after this one."""
        self._move(1)

    def go_today(self) -> None:
        """Show the span that holds today."""
        self.anchor = self._calendar.today()
        self.refresh()

    def go_to(self, day: date, mode: CalendarMode | None = None) -> None:
        """Show the span that holds a day (in another view, if given)."""
        self.anchor = day
        self._selected_day = day
        if mode is not None:
            self.set_mode(mode)
        else:
            self.refresh()

    def _move(self, step: int) -> None:
        if self.mode is CalendarMode.WITHOUT_DEADLINE:
            return
        if self.mode is CalendarMode.MONTH:
            self.anchor = add_months(self.anchor, step)
        else:
            days = AGENDA_DAYS if self.mode is CalendarMode.AGENDA else 7
            self.anchor += timedelta(days=days * step)
        self.refresh()

    # --- reading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read what the current view shows again."""
        today = self._today = self._calendar.today()
        if self.mode is CalendarMode.AGENDA:
            self._show_agenda(today)
        elif self.mode is CalendarMode.WEEK:
            monday = week_start(self.anchor)
            found = self._read(monday, monday + timedelta(days=6))
            self.week.set_week(
                monday,
                found.agenda.items,
                found.case_labels,
                conflict_map(found.agenda.conflicts),
                today=today,
                selected=self._selected_day,
            )
            self.title.setText(f"Week of {short_date(monday)}")
        elif self.mode is CalendarMode.MONTH:
            first = self.anchor.replace(day=1)
            start = month_grid_start(first)
            found = self._read(start, start + timedelta(days=41))
            self.month.set_month(
                first,
                found.agenda.items,
                found.case_labels,
                conflict_map(found.agenda.conflicts),
                today=today,
                selected=self._selected_day,
            )
            self.title.setText(f"{first:%B %Y}")
        else:
            self._show_without_deadline()

    def _read(self, start: date, end: date) -> CalendarRange:
        self._span = (start, end)
        return self._calendar.range(start, end)

    def _show_agenda(self, today: date) -> None:
        start, end = self.anchor, self.anchor + timedelta(days=AGENDA_DAYS - 1)
        found = self._read(start, end)
        items = found.agenda.items
        if start != today:
            # Overdue and undated items belong to the agenda that starts today, not to later ones.
            items = tuple(item for item in items if item.day is not None and start <= item.day <= end)
        keep = self._selected_agenda_item()
        self.agenda_model.set_rows(items, found.case_labels, conflict_map(found.agenda.conflicts))
        same_year = start.year == end.year
        first = f"{start:%b} {start.day}" if same_year else short_date(start)
        self.title.setText(f"{first} – {short_date(end)}")
        if items:
            self._agenda_stack.setCurrentWidget(self.agenda_table)
        else:
            self.agenda_empty.setText(f"Nothing scheduled from {short_date(start)} to {short_date(end)}.")
            self._agenda_stack.setCurrentWidget(self.agenda_empty)
        if keep is not None:
            for row in range(self.agenda_model.rowCount()):
                shown = self.agenda_model.item(row)
                if (shown.event, shown.task) == (keep.event, keep.task):
                    self.agenda_table.selectRow(row)
                    break

    def _show_without_deadline(self) -> None:
        cases = self._calendar.cases_without_next_deadline()
        keep = self._selected_without_case()
        self.without_list.clear()
        for case_id, label in cases:
            row = QListWidgetItem(label)
            row.setData(AgendaRole.CASE_ID, case_id)
            self.without_list.addItem(row)
            if case_id == keep:
                self.without_list.setCurrentItem(row)
        count = len(cases)
        self.title.setText(f"Open cases without a next deadline ({count:,})")
        self.without_label.setText(
            "These open cases have no upcoming deadline, hearing or appointment. "
            "Double-click one to plan its next step, or add an event with New Event…"
            if cases
            else "No open case is without an upcoming deadline, hearing or appointment."
        )

    def _selected_agenda_item(self) -> AgendaItem | None:
        rows = self.agenda_table.selectionModel().selectedRows()
        item = rows[0].data(AgendaRole.ITEM) if rows else None
        return item if isinstance(item, AgendaItem) else None

    def _selected_without_case(self) -> int | None:
        row = self.without_list.currentItem()
        case_id = row.data(AgendaRole.CASE_ID) if row is not None else None
        return case_id if isinstance(case_id, int) else None

    def focus_view(self) -> None:
        """Put the keyboard focus in the view shown."""
        widget = {
            CalendarMode.AGENDA: self.agenda_table,
            CalendarMode.WITHOUT_DEADLINE: self.without_list,
        }.get(self.mode)
        if widget is None:
            grid = self.week if self.mode is CalendarMode.WEEK else self.month
            cell = grid.cell_for(self._selected_day or self._calendar.today()) or grid.cells[0]
            widget = cell.list
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- actions ---------------------------------------------------------------------------------

    def new_event(self) -> None:
        """Ask which case, then add an event to it on the day selected (or today)."""
        selected_case = self._selected_without_case() if self.mode is CalendarMode.WITHOUT_DEADLINE else None
        picked = CasePickerDialog.ask(self, self._cases, "New event — choose the case", selected_case)
        if picked is None:
            return
        case_id, label = picked
        from casedesk.ui.calendar.dialogs import EventDialog

        event = self._calendar.new_event(case_id, day=self._new_event_day())
        saved = EventDialog.ask(self, self._calendar, self._contacts, event, label)
        if saved is None:
            return
        self.refresh()
        self.calendar_changed.emit()
        self.notice_posted.emit(f"“{saved.title}” added to {label}.")

    def _new_event_day(self) -> date:
        today = self._calendar.today()
        start, end = self._span
        if self.mode is CalendarMode.WITHOUT_DEADLINE:
            return today
        if self._selected_day is not None and start <= self._selected_day <= end:
            return self._selected_day
        return today if start <= today <= end else start

    def export_ics(self) -> None:
        """Save every event of every case as an .ics file and say how many were written."""
        path = ask_export_path(self, "Export calendar", "casedesk calendar.ics", ".ics", "iCalendar files")
        if path is None:
            return
        try:
            count = self._calendar.export_ics(path)
        except CasedeskError as exc:
            show_error(self, "Calendar not exported", exc)
            return
        self.notice_posted.emit(f"{count:,} event{'' if count == 1 else 's'} written to {path}.")

    # --- slots -----------------------------------------------------------------------------------

    def _on_day_timer_timeout(self) -> None:
        today = self._calendar.today()
        if today != self._today:
            if self.anchor == self._today:
                self.anchor = today  # the span that showed today follows it into the new day
            self.refresh()

    def _on_mode_buttons_id_clicked(self, mode: int) -> None:
        self.set_mode(CalendarMode(mode))

    def _on_agenda_table_activated(self, index: QModelIndex) -> None:
        self.case_requested.emit(index.data(AgendaRole.CASE_ID), "calendar")

    def _on_grid_item_activated(self, item: AgendaItem) -> None:
        self.case_requested.emit(item.case_id, "calendar")

    def _on_grid_day_selected(self, day: date) -> None:
        if day != self._selected_day:
            self._selected_day = day
            grid = self.week if self.mode is CalendarMode.WEEK else self.month
            for cell in grid.cells:
                if cell.selected != (cell.day == day):
                    cell.set_selected(cell.day == day)

    def _on_month_more_requested(self, day: date) -> None:
        self.go_to(day, CalendarMode.WEEK)

    def _on_without_list_item_activated(self, row: QListWidgetItem) -> None:
        self.case_requested.emit(row.data(AgendaRole.CASE_ID), "calendar")
