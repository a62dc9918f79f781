"""The Calendar tab of a case: its limitation deadline, events and tasks, and .ics files in and out."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.calendar import Event, Task
from casedesk.domain.errors import CasedeskError, NotFoundError
from casedesk.ui.calendar.case_limitation import LimitationBox
from casedesk.ui.calendar.case_model import (
    EVENT_DAY,
    EVENT_DONE,
    EVENT_KIND,
    EVENT_LOCATION,
    EVENT_TIME,
    EVENT_TITLE,
    TASK_DONE,
    TASK_DUE,
    TASK_PRIORITY,
    TASK_TITLE,
    CalendarRole,
    EventTableModel,
    TaskTableModel,
)
from casedesk.ui.calendar.dialogs import EventDialog, TaskDialog
from casedesk.ui.files import ask_export_path, safe_file_name
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.services.calendar import CalendarService
    from casedesk.services.contacts import ContactService

#: Sample texts the fixed columns are sized to.
EVENT_SAMPLES = {EVENT_DAY: "Wed 12/30/2026", EVENT_TIME: "10:30 AM – 12:30 PM"}
TASK_SAMPLES = {TASK_DUE: "Wed 12/30/2026", TASK_PRIORITY: "Normal", TASK_DONE: "Done 12/30/2026"}
#: The other event columns share what is left: column → (weight, least width, widest useful sample).
EVENT_SHARES = {
    EVENT_KIND: (2.0, 90, "Limitation deadline (computed)"),
    EVENT_TITLE: (4.0, 140, None),
    EVENT_LOCATION: (1.5, 60, None),
    EVENT_DONE: (1.2, 70, "Done 12/30/2026"),
}
NEW_EVENT_KEY = "Ctrl+Shift+E"
NEW_TASK_KEY = "Ctrl+Shift+T"
DONE_KEY = "Ctrl+D"
COMPUTED_NOT_DELETED = CasedeskError(
    "This deadline is computed from the case's limitation data, so it cannot be deleted.",
    "To move it, set the deadline by hand (with a reason) in the limitation box; it goes away by itself "
    "when the case is closed or the data it is computed from is removed.",
)


def ask_import_path(parent: QWidget) -> Path | None:
    """Ask which calendar file to import (None if the user cancels)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import calendar file", folder, "iCalendar files (*.ics);;All files (*)"
    )
    return Path(name) if name else None


class ColumnFitter(QObject):
    """Shares a table's width among its columns: some at a fixed width, the others by weight.

    A column never gets less than its least width (the table scrolls sideways instead) nor more than its
    widest useful width; what is left over goes to the columns without a widest width.
    """

    def __init__(
        self, table: QTableView, fixed: dict[int, int], shares: dict[int, tuple[float, int, int | None]]
    ) -> None:
        super().__init__(table)
        self._table = table
        self._fixed = fixed
        self._shares = shares
        table.horizontalHeader().setStretchLastSection(False)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: fit the columns whenever the table's visible width changes."""
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Set every column's width for the table's current width."""
        header = self._table.horizontalHeader()
        for column, width in self._fixed.items():
            header.resizeSection(column, width)
        free = self._table.viewport().width() - sum(self._fixed.values())
        widths = {column: least for column, (_weight, least, _most) in self._shares.items()}
        growing = set(widths)
        # Each column starts at its least width; what is left is shared by weight, and a column that
        # reaches its widest width passes its share on to the others.
        while growing and (spare := free - sum(widths.values())) > len(growing):
            total = sum(self._shares[column][0] for column in growing)
            for column in list(growing):
                weight, _least, most = self._shares[column]
                widths[column] += int(spare * weight / total)
                if most is not None and widths[column] >= most:
                    widths[column] = most
                    growing.discard(column)
        for column, width in widths.items():
            header.resizeSection(column, width)


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


class CaseCalendarPanel(QWidget):
    """A case's calendar: the limitation box above, the events and tasks below.

    Signals:
        calendar_changed: An event, task or the limitation settings were added, changed or deleted (the
            agenda and reminders elsewhere should refresh).
        edit_case_requested: The user asked to edit the case (to fill in what the deadline needs).
    """

    calendar_changed = Signal()
    edit_case_requested = Signal()

    def __init__(
        self, calendar: CalendarService, contacts: ContactService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._contacts = contacts
        self._case_id: int | None = None
        self._case_label = ""
        self._deleted: Event | Task | None = None
        self.limitation = LimitationBox(calendar)
        self.event_model = EventTableModel(self)
        self.task_model = TaskTableModel(self)
        self.events_table = record_table(self.event_model, {})
        self.events_table.setAccessibleName("Events")
        self.tasks_table = record_table(self.task_model, self._widths(TASK_SAMPLES))
        self.tasks_table.setAccessibleName("Tasks")
        # Every column stays in view at the width a case tab has beside the case list.
        metrics = self.fontMetrics()
        shares = {
            column: (weight, least, metrics.horizontalAdvance(sample) + 18 if sample else None)
            for column, (weight, least, sample) in EVENT_SHARES.items()
        }
        self._event_columns = ColumnFitter(self.events_table, self._widths(EVENT_SAMPLES), shares)
        self.tasks_table.horizontalHeader().setStretchLastSection(False)
        self.tasks_table.horizontalHeader().setSectionResizeMode(TASK_TITLE, QHeaderView.ResizeMode.Stretch)
        self.events_empty = QLabel()
        self.tasks_empty = QLabel()
        self._events_stack = self._stack(self.events_table, self.events_empty)
        self._tasks_stack = self._stack(self.tasks_table, self.tasks_empty)
        self.new_event_button = QPushButton("New &Event…")
        self.new_event_button.setToolTip(
            f"Add a court date, deposition, appointment or deadline ({NEW_EVENT_KEY})"
        )
        self.new_task_button = QPushButton("New Tas&k…")
        self.new_task_button.setToolTip(f"Add a to-do ({NEW_TASK_KEY})")
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setToolTip("Edit the selected event or task (Enter or double-click)")
        self.done_button = QPushButton("Mark do&ne")
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected event or task (Delete); Undo puts it back")
        self.import_button = QPushButton("I&mport .ics…")
        self.import_button.setToolTip("Add or update events from a calendar file (Outlook, Google)")
        self.export_button = QPushButton("E&xport .ics…")
        self.export_button.setToolTip("Save this case's events as a calendar file for Outlook or Google")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()
        self.undo_bar = UndoBar(self)
        self._build_layout()
        self._connect()
        self.set_case(None)

    def _widths(self, samples: dict[int, str]) -> dict[int, int]:
        metrics = self.fontMetrics()
        return {column: metrics.horizontalAdvance(text) + 18 for column, text in samples.items()}

    @staticmethod
    def _stack(table: QTableView, empty: QLabel) -> QStackedWidget:
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        empty.setStyleSheet("color: #555;")
        stack = QStackedWidget()
        stack.addWidget(table)
        stack.addWidget(empty)
        return stack

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        for button in (
            self.new_event_button,
            self.new_task_button,
            self.edit_button,
            self.done_button,
            self.delete_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        tools.addWidget(self.import_button)
        tools.addWidget(self.export_button)
        events = QWidget()
        events_layout = QVBoxLayout(events)
        events_layout.setContentsMargins(0, 0, 0, 0)
        events_layout.addWidget(QLabel("<b>Events</b>"))
        events_layout.addWidget(self._events_stack, 1)
        tasks = QWidget()
        tasks_layout = QVBoxLayout(tasks)
        tasks_layout.setContentsMargins(0, 0, 0, 0)
        tasks_layout.addWidget(QLabel("<b>Tasks</b>"))
        tasks_layout.addWidget(self._tasks_stack, 1)
        lists = QSplitter(Qt.Orientation.Vertical)
        lists.setChildrenCollapsible(False)
        lists.addWidget(events)
        lists.addWidget(tasks)
        lists.setSizes([300, 160])
        below = QWidget()
        column = QVBoxLayout(below)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(tools)
        column.addWidget(self.notice)
        column.addWidget(self.undo_bar)
        column.addWidget(lists, 1)
        # A layout, not a splitter: the box grows with the messages shown under its fields, and the
        # lists below take whatever height is left.
        layout = QVBoxLayout(self)
        layout.addWidget(self.limitation)
        layout.addWidget(below, 1)

    def _connect(self) -> None:
        self.new_event_button.clicked.connect(self.new_event)
        self.new_task_button.clicked.connect(self.new_task)
        self.edit_button.clicked.connect(self.edit_selected)
        self.done_button.clicked.connect(self.toggle_done)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_ics)
        self.export_button.clicked.connect(self.export_ics)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.limitation.settings_saved.connect(self._on_limitation_settings_saved)
        self.limitation.edit_case_requested.connect(self.edit_case_requested)
        for table, other in ((self.events_table, self.tasks_table), (self.tasks_table, self.events_table)):
            table.activated.connect(self._on_table_activated)
            table.selectionModel().selectionChanged.connect(
                lambda selected, _deselected, o=other: self._on_selection_changed(selected, o)
            )
            delete = QAction("Delete", table)
            delete.setShortcut(QKeySequence.StandardKey.Delete)
            delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            delete.triggered.connect(self.delete_selected)
            table.addAction(delete)
        for key, slot in (
            (NEW_EVENT_KEY, self.new_event),
            (NEW_TASK_KEY, self.new_task),
            (DONE_KEY, self.toggle_done),
        ):
            action = QAction(self)
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    # --- the case shown --------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose calendar is shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's calendar (None: no case); valid unsaved limitation settings are saved first.

        Raises:
            NotFoundError: The case no longer exists.
        """
        if case_id != self._case_id:
            self.save_pending()
            self._deleted = None
            self.undo_bar.hide()
            self.notice.hide()
            self._case_id = case_id
            self.limitation.load(None)
        self.refresh()

    def save_pending(self) -> None:
        """Save limitation settings edited but not yet saved, when they are valid."""
        self.limitation.save_pending()

    def refresh(self, select: Event | Task | None = None) -> None:
        """Read the case's calendar again, keeping (or moving to) the selection.

        A case deleted meanwhile leaves the tab empty.
        """
        keep = select or self._selected()
        if self._case_id is None:
            self.event_model.set_rows([], self._calendar.today())
            self.task_model.set_rows([], self._calendar.today())
            self._case_label = ""
        else:
            try:
                calendar = self._calendar.case_calendar(self._case_id)
                self._case_label = self._calendar.case_label(self._case_id)
            except NotFoundError:  # deleted elsewhere; the workspace says so when it next looks
                self._case_id = None
                self.limitation.load(None)
                self.refresh()
                return
            today = self._calendar.today()
            self.event_model.set_rows(list(calendar.events), today)
            self.task_model.set_rows(list(calendar.tasks), today)
            if not self.limitation.has_changes():  # never throw away settings being edited
                self.limitation.load(calendar.deadline)
        self._show_empty_states()
        if isinstance(keep, Event):
            self._select(self.events_table, self.event_model.row_of(keep.id))
        elif isinstance(keep, Task):
            self._select(self.tasks_table, self.task_model.row_of(keep.id))
        self._update_buttons()

    def _show_empty_states(self) -> None:
        no_case = self._case_id is None
        self.events_empty.setText(
            "No case selected."
            if no_case
            else f"No events yet — New Event… ({NEW_EVENT_KEY}) adds a court date, deposition, "
            "appointment or deadline; Import .ics… brings them from Outlook or Google."
        )
        self.tasks_empty.setText(
            "" if no_case else f"No tasks yet — New Task… ({NEW_TASK_KEY}) adds a to-do with a due date."
        )
        has_events, has_tasks = self.event_model.rowCount() > 0, self.task_model.rowCount() > 0
        self._events_stack.setCurrentWidget(self.events_table if has_events else self.events_empty)
        self._tasks_stack.setCurrentWidget(self.tasks_table if has_tasks else self.tasks_empty)

    # --- events and tasks ------------------------------------------------------------------------

    def new_event(self) -> None:
        """Ask for a new event and add it."""
        if self._case_id is None:
            return
        event = self._calendar.new_event(self._case_id)
        saved = EventDialog.ask(self, self._calendar, self._contacts, event, self._case_label)
        if saved is not None:
            self._after_change(saved)

    def new_task(self) -> None:
        """Ask for a new task and add it."""
        if self._case_id is None:
            return
        saved = TaskDialog.ask(self, self._calendar, Task(case_id=self._case_id, title=""), self._case_label)
        if saved is not None:
            self._after_change(saved)

    def edit_selected(self) -> None:
        """Edit the selected event or task."""
        selected = self._selected()
        saved: Event | Task | None = None
        if isinstance(selected, Event):
            saved = EventDialog.ask(self, self._calendar, self._contacts, selected, self._case_label)
        elif isinstance(selected, Task):
            saved = TaskDialog.ask(self, self._calendar, selected, self._case_label)
        if saved is not None:
            self._after_change(saved)
        else:  # cancelled, or refused because it changed elsewhere: show what is stored now
            self.refresh()

    def toggle_done(self) -> None:
        """Mark the selected deadline or task done today, or open it again."""
        selected = self._selected()
        try:
            if isinstance(selected, Event) and selected.kind.is_deadline:
                saved: Event | Task = self._calendar.set_event_done(selected, selected.done_on is None)
            elif isinstance(selected, Task):
                saved = self._calendar.set_task_done(selected, selected.done_on is None)
            else:
                return
        except CasedeskError as exc:
            show_error(self, "Not changed", exc)
            self.refresh()
            return
        self._after_change(saved)

    def delete_selected(self) -> None:
        """Delete the selected event or task at once; the undo bar (and Ctrl+Z) puts it back.

        A computed deadline is not deleted: the user is told how to move it instead.
        """
        selected = self._selected()
        if selected is None or selected.id is None:
            return
        if isinstance(selected, Event) and selected.origin.computed:
            show_error(self, "Deadline not deleted", COMPUTED_NOT_DELETED)
            return
        try:
            if isinstance(selected, Event):
                self._deleted = self._calendar.delete_event(selected.id)
                what = "event"
            else:
                self._deleted = self._calendar.delete_task(selected.id)
                what = "task"
        except CasedeskError as exc:
            show_error(self, "Not deleted", exc)
            self.refresh()
            return
        self.undo_bar.offer(f"Deleted {what} “{self._deleted.title}”.")
        self._after_change(None)

    def undo_delete(self) -> None:
        """Put back the event or task deleted last."""
        deleted = self._deleted
        if deleted is None:
            return
        try:
            restored: Event | Task = (
                self._calendar.restore_event(deleted)
                if isinstance(deleted, Event)
                else self._calendar.restore_task(deleted)
            )
        except CasedeskError as exc:
            show_error(self, "Not restored", exc)
            return
        self._deleted = None
        self.undo_bar.hide()
        self._after_change(restored)

    # --- calendar files --------------------------------------------------------------------------

    def export_ics(self) -> None:
        """Save the case's events as an .ics file and say how many were written."""
        if self._case_id is None:
            return
        path = ask_export_path(
            self,
            "Export calendar",
            f"{safe_file_name(self._case_label)} calendar.ics",
            ".ics",
            "iCalendar files",
        )
        if path is None:
            return
        try:
            count = self._calendar.export_ics(path, self._case_id)
        except CasedeskError as exc:
            show_error(self, "Calendar not exported", exc)
            return
        self._say(
            f"Exported {_plural(count, 'event')} to {path}. Import the file into Outlook or Google Calendar; "
            "importing a later export again updates the same events there."
        )

    def import_ics(self) -> None:
        """Add or update the case's events from an .ics file and say what was done."""
        if self._case_id is None:
            return
        path = ask_import_path(self)
        if path is None:
            return
        try:
            result = self._calendar.import_ics(path, self._case_id)
        except CasedeskError as exc:
            show_error(self, "Calendar not imported", exc)
            return
        skipped = (
            f", {result.skipped:,} skipped (computed deadlines, events of other cases, or events without "
            "a usable date)"
            if result.skipped
            else ""
        )
        self._say(f"Imported {path.name}: {result.added:,} added, {result.updated:,} updated{skipped}.")
        self._after_change(None)

    def _say(self, text: str) -> None:
        self.notice.setText(escape(text))
        self.notice.show()

    # --- helpers ---------------------------------------------------------------------------------

    def _after_change(self, select: Event | Task | None) -> None:
        self.refresh(select)
        self.calendar_changed.emit()

    def _selected(self) -> Event | Task | None:
        record: Event | Task | None = selected_data(self.events_table, CalendarRole.RECORD) or selected_data(
            self.tasks_table, CalendarRole.RECORD
        )
        return record

    @staticmethod
    def _select(table: QTableView, row: int | None) -> None:
        if row is not None:
            table.selectRow(row)
            table.scrollTo(table.model().index(row, 0))

    def _update_buttons(self) -> None:
        has_case = self._case_id is not None
        selected = self._selected()
        for button in (self.new_event_button, self.new_task_button, self.import_button, self.export_button):
            button.setEnabled(has_case)
        self.edit_button.setEnabled(selected is not None)
        self.delete_button.setEnabled(selected is not None)
        can_be_done = isinstance(selected, Task) or (
            isinstance(selected, Event) and selected.kind.is_deadline
        )
        self.done_button.setEnabled(can_be_done)
        reopen = selected is not None and can_be_done and selected.done_on is not None
        self.done_button.setText("Reope&n" if reopen else "Mark do&ne")
        self.done_button.setToolTip(
            f"Open the selected item again ({DONE_KEY})"
            if reopen
            else f"Mark the selected deadline or task done today ({DONE_KEY})"
            if can_be_done
            else "Only deadlines, follow-ups and tasks are marked done"
        )

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_selected()

    def _on_selection_changed(self, selected: QItemSelection, other: QTableView) -> None:
        if not selected.isEmpty():
            other.clearSelection()  # one selection across both lists: the buttons act on it
        self._update_buttons()

    def _on_limitation_settings_saved(self) -> None:
        self.refresh()
        self.calendar_changed.emit()
