"""The Today page: what is overdue, due today and this week, and the limitation deadlines coming up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.calendar import AgendaItem
from casedesk.domain.errors import CasedeskError
from casedesk.ui.calendar.agenda import (
    ALERT,
    AgendaRole,
    can_be_done,
    days_left,
    format_day,
    format_start,
    item_done,
    item_key,
    item_kind,
)
from casedesk.ui.messages import show_error
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.services.calendar import CalendarService

COL_WHEN, COL_KIND, COL_TITLE, COL_CASE, COL_DUE = range(5)
COL_LIMIT_DUE, COL_LIMIT_LEFT, COL_LIMIT_CASE = range(3)
#: How far "This week" looks ahead of today.
WEEK = timedelta(days=7)
#: How often the page checks whether the date changed (midnight, or the computer woke up).
DAY_CHECK_MS = 60_000
#: A limitation deadline this close is shown in bold.
URGENT_DAYS = 30
SECTION_OVERDUE, SECTION_TODAY, SECTION_WEEK, SECTION_LIMITATIONS = range(4)
_SECTION_TITLES = ("Overdue", "Today", "Next 7 days")
_SECTION_EMPTY = ("Nothing overdue.", "Nothing due today.", "Nothing else in the next 7 days.")


class TodayView(QWidget):
    """The case manager's morning in one page; the page the window opens on.

    Left, what is overdue, due today and in the next 7 days; right, the limitation deadlines of the next
    180 days with the days left, and how many open cases have no next deadline. Double-click or Enter on
    an item goes to its case. Tasks and deadlines have a box to tick them off right here (with Undo).

    Attributes:
        tree: The Overdue, Today and Next 7 days sections and their items.
        sections: The top-level items of ``tree``, by ``SECTION_*`` index.
        limitations: The limitation deadlines coming up.

    Signals:
        case_requested: ``(case id, workspace tab name)`` — the user wants to work on an item's case.
        without_deadline_requested: The user wants the list of cases without a next deadline.
        calendar_changed: A task or deadline was marked done (or undone) here.
    """

    case_requested = Signal(int, str)
    without_deadline_requested = Signal()
    calendar_changed = Signal()

    def __init__(self, calendar: CalendarService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._shown_day: date | None = None
        self._undo: AgendaItem | None = None

        self.day_label = QLabel()
        font = self.day_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.day_label.setFont(font)
        self.summary_label = QLabel()
        self.refresh_button = QPushButton("Refresh")
        self.refresh_button.setToolTip("Read the calendar again (F5)")
        self.undo_bar = UndoBar(self)
        self.tree = self._tree(["When", "Kind", "Title", "Case", "Due"])
        header = self.tree.header()
        for column, width in ((COL_WHEN, 185), (COL_KIND, 130), (COL_CASE, 230), (COL_DUE, 105)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.sections = [QTreeWidgetItem(self.tree) for _ in _SECTION_TITLES]
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for section in self.sections:
            section.setFirstColumnSpanned(True)
            section.setFont(COL_WHEN, bold)
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.limitations = self._tree(["Due", "Left", "Case"])
        self.limitations.header().resizeSection(COL_LIMIT_DUE, 120)
        self.limitations.header().resizeSection(COL_LIMIT_LEFT, 95)
        self.limitations.header().setStretchLastSection(True)
        self.limitations_label = QLabel()
        self.limitations_label.setFont(bold)
        self.without_label = QLabel()
        self.without_label.setTextFormat(Qt.TextFormat.RichText)
        self.without_label.setWordWrap(True)

        top = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.day_label)
        heading.addWidget(self.summary_label)
        top.addLayout(heading, 1)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.limitations_label)
        side_layout.addWidget(self.limitations, 1)
        side_layout.addWidget(self.without_label)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.tree)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([850, 400])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)

        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._on_day_timer_timeout)
        self._day_timer.start()
        self.refresh_button.clicked.connect(self.refresh)
        self.tree.itemActivated.connect(self._on_tree_item_activated)
        self.tree.itemChanged.connect(self._on_tree_item_changed)
        self.limitations.itemActivated.connect(self._on_tree_item_activated)
        self.without_label.linkActivated.connect(self._on_without_label_link_activated)
        self.undo_bar.undo_requested.connect(self._on_undo_requested)
        self.refresh()

    @staticmethod
    def _tree(headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(False)
        tree.setItemsExpandable(False)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.header().setStretchLastSection(False)
        return tree

    @property
    def shown_day(self) -> date | None:
        """The date the page was last read for."""
        return self._shown_day

    def refresh(self) -> None:
        """Read today's calendar again, keeping the selected item selected."""
        today = self._calendar.today()
        self._shown_day = today
        keep = self._selected_item()
        week = self._calendar.range(today, today + WEEK)
        limitations = self._calendar.upcoming_limitations()
        without = self._calendar.cases_without_next_deadline()
        groups: list[list[AgendaItem]] = [[], [], []]
        for item in week.agenda.items:
            if item.day is None or item_done(item):
                continue  # undated tasks have no day to be due on; what is done is off the list
            if item.overdue:
                groups[SECTION_OVERDUE].append(item)
            elif item.day == today:
                groups[SECTION_TODAY].append(item)
            elif item.day > today:
                groups[SECTION_WEEK].append(item)
        self.tree.blockSignals(True)
        try:
            for index, items in enumerate(groups):
                self._fill(index, items, week.case_labels, today)
        finally:
            self.tree.blockSignals(False)
        self._fill_limitations(limitations.agenda.items, limitations.case_labels, today)
        self._select(keep)

        self.day_label.setText(f"{today:%A}, {today:%B} {today.day}, {today:%Y}")
        overdue, due_today, this_week = (len(g) for g in groups)
        if not overdue and not due_today:
            summary = "Nothing overdue. Nothing today."
            summary += f" {this_week} in the next 7 days." if this_week else " Nothing in the next 7 days."
        else:
            summary = f"{overdue} overdue · {due_today} today · {this_week} in the next 7 days"
        self.summary_label.setText(summary)
        self.summary_label.setStyleSheet(f"color: {ALERT.name()};" if overdue else "")
        count = len(without)
        if count:
            noun = "open case has" if count == 1 else "open cases have"
            self.without_label.setText(f"<a href='without'>{count:,} {noun} no next deadline</a>")
        else:
            self.without_label.setText("No open case is without a next deadline, hearing or appointment.")

    def _fill(self, index: int, items: list[AgendaItem], labels: dict[int, str], today: date) -> None:
        section = self.sections[index]
        section.takeChildren()
        title = _SECTION_TITLES[index]
        section.setText(COL_WHEN, f"{title} ({len(items)})" if items else title)
        alert = index == SECTION_OVERDUE and bool(items)
        section.setForeground(COL_WHEN, QBrush(ALERT) if alert else QBrush())
        if not items:
            empty = QTreeWidgetItem(section, [_SECTION_EMPTY[index]])
            empty.setFirstColumnSpanned(True)
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        for item in items:
            assert item.day is not None
            when = format_start(item.event) if item.event is not None else ""
            row = QTreeWidgetItem(
                section,
                [
                    f"{format_day(item.day)} {when}".rstrip(),
                    item_kind(item),
                    item.title,
                    labels.get(item.case_id, ""),
                    days_left(item.day, today),
                ],
            )
            self._set_item(row, item)
            row.setToolTip(COL_CASE, labels.get(item.case_id, ""))
            row.setToolTip(COL_TITLE, item.title)
            flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
            if can_be_done(item):
                flags |= Qt.ItemFlag.ItemIsUserCheckable
                row.setCheckState(COL_WHEN, Qt.CheckState.Unchecked)
                row.setToolTip(COL_WHEN, "Tick when done")
            row.setFlags(flags)
            if item.overdue:
                for column in range(self.tree.columnCount()):
                    row.setForeground(column, QBrush(ALERT))
        section.setExpanded(True)

    def _fill_limitations(self, items: tuple[AgendaItem, ...], labels: dict[int, str], today: date) -> None:
        self.limitations.clear()
        bold = QFont(self.limitations.font())
        bold.setBold(True)
        for item in items:
            assert item.day is not None
            left = (item.day - today).days
            row = QTreeWidgetItem(
                self.limitations,
                [
                    format_day(item.day),
                    days_left(item.day, today) if left <= 0 else f"{left} day{'' if left == 1 else 's'} left",
                    labels.get(item.case_id, ""),
                ],
            )
            self._set_item(row, item)
            for column in range(self.limitations.columnCount()):
                row.setToolTip(column, f"{item.title}\n{labels.get(item.case_id, '')}")
                if item.overdue:
                    row.setForeground(column, QBrush(ALERT))
                elif left <= URGENT_DAYS:
                    row.setFont(column, bold)
        count = len(items)
        self.limitations_label.setText(
            f"Limitation deadlines, next 180 days ({count})"
            if count
            else "Limitation deadlines: none in the next 180 days"
        )

    @staticmethod
    def _set_item(row: QTreeWidgetItem, item: AgendaItem) -> None:
        row.setData(0, AgendaRole.ITEM, item)
        row.setData(0, AgendaRole.CASE_ID, item.case_id)

    def rows(self, section: int) -> list[QTreeWidgetItem]:
        """The rows of a section (``SECTION_*``) that show an item, in order."""
        if section == SECTION_LIMITATIONS:
            children = [self.limitations.topLevelItem(i) for i in range(self.limitations.topLevelItemCount())]
        else:
            parent = self.sections[section]
            children = [parent.child(i) for i in range(parent.childCount())]
        return [row for row in children if row is not None and row.data(0, AgendaRole.ITEM) is not None]

    def items(self, section: int) -> list[AgendaItem]:
        """The items listed in a section (``SECTION_*``), in order."""
        return [row.data(0, AgendaRole.ITEM) for row in self.rows(section)]

    def row_of(self, section: int, title: str) -> QTreeWidgetItem | None:
        """The row of a section showing an item with this title, if any."""
        return next((row for row in self.rows(section) if row.data(0, AgendaRole.ITEM).title == title), None)

    def mark_done(self, item: AgendaItem, done: bool = True) -> None:
        """Tick an item off (or open it again), then read the page again."""
        try:
            if item.task is not None:
                self._calendar.set_task_done(self._calendar.get_task(item.task.id or 0), done)
            elif item.event is not None:
                self._calendar.set_event_done(self._calendar.get_event(item.event.id or 0), done)
        except CasedeskError as exc:
            show_error(self, "Not marked done" if done else "Not opened again", exc)
            self.refresh()
            return
        if done:
            self._undo = item
            self.undo_bar.offer(f"Marked “{item.title}” done.")
        else:
            self._undo = None
            self.undo_bar.hide()
        self.refresh()
        self.calendar_changed.emit()

    def _selected_item(self) -> AgendaItem | None:
        current = self.tree.currentItem()
        item = current.data(0, AgendaRole.ITEM) if current is not None else None
        return item if isinstance(item, AgendaItem) else None

    def _select(self, keep: AgendaItem | None) -> None:
        if keep is None:
            return
        for section in (SECTION_OVERDUE, SECTION_TODAY, SECTION_WEEK):
            for row in self.rows(section):
                if item_key(row.data(0, AgendaRole.ITEM)) == item_key(keep):
                    self.tree.setCurrentItem(row)
                    return

    def _on_tree_item_activated(self, row: QTreeWidgetItem, _column: int) -> None:
        case_id = row.data(0, AgendaRole.CASE_ID)
        if isinstance(case_id, int):
            self.case_requested.emit(case_id, "calendar")

    def _on_tree_item_changed(self, row: QTreeWidgetItem, column: int) -> None:
        item = row.data(0, AgendaRole.ITEM)
        ticked = row.checkState(column) == Qt.CheckState.Checked
        if column == COL_WHEN and ticked and isinstance(item, AgendaItem):
            # Let the click that ticked the box finish before the row it belongs to is replaced.
            QTimer.singleShot(0, self, lambda: self.mark_done(item))

    def _on_undo_requested(self) -> None:
        if self._undo is not None:
            self.mark_done(self._undo, done=False)

    def _on_without_label_link_activated(self, _link: str) -> None:
        self.without_deadline_requested.emit()

    def _on_day_timer_timeout(self) -> None:
        if self._calendar.today() != self._shown_day:
            self.refresh()
