"""The Timeline tab: a case's log newest first, filtered by kind, with undo after a delete."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.errors import CasedeskError
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.timeline.dialogs import ActivityDialog
from casedesk.ui.timeline.model import (
    COL_BY,
    COL_DIRECTION,
    COL_KIND,
    COL_PARTIES,
    COL_SUBJECT,
    COL_WHEN,
    ActivityRole,
    ActivityTableModel,
    format_moment,
)
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.services.timeline import TimelineService

COLUMN_WIDTHS = {COL_WHEN: 150, COL_KIND: 70, COL_DIRECTION: 80, COL_PARTIES: 200, COL_BY: 140}


class TimelinePanel(QWidget):
    """A case's timeline.

    Signals:
        entries_changed: An entry was added, edited, deleted or restored.
    """

    entries_changed = Signal()

    def __init__(self, timeline: TimelineService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._timeline = timeline
        self._case_id: int | None = None
        self._deleted: Activity | None = None
        self.model = ActivityTableModel(self)

        self.kind_filter = QComboBox()
        self.kind_filter.addItem("All kinds", None)
        for kind in ActivityKind:
            self.kind_filter.addItem(f"{kind.label}s", kind)
        self.new_button = QPushButton("&New entry…")
        self.new_button.setToolTip("Add a call, email, letter, meeting or note (Ctrl+T)")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        self.table = record_table(self.model, COLUMN_WIDTHS)
        header = self.table.horizontalHeader()  # the subject takes the room, not who wrote it (last)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
        self.detail = QTextBrowser()
        self.detail.setOpenLinks(False)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.undo_bar = UndoBar(self)
        self.undo_label, self.undo_button = self.undo_bar.label, self.undo_bar.button

        tools = QHBoxLayout()
        tools.addWidget(QLabel("Show:"))
        tools.addWidget(self.kind_filter)
        tools.addStretch(1)
        for button in (self.new_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._stack)
        splitter.addWidget(self.detail)
        splitter.setSizes([300, 150])
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)

        delete_action = QAction("Delete entry", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete_action)

        self.kind_filter.activated.connect(self._on_kind_filter_activated)
        self.new_button.clicked.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.delete_button.clicked.connect(self.delete_entry)
        delete_action.triggered.connect(self.delete_entry)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case whose timeline is shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's timeline (None: no case)."""
        if case_id != self._case_id:
            self._deleted = None
            self.undo_bar.hide()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the timeline again, keeping the selected entry selected."""
        keep = self._selected()
        data = self.kind_filter.currentData()
        kind = None if data is None else ActivityKind(data)
        if self._case_id is None:
            rows: list[Activity] = []
        else:
            rows = self._timeline.entries(self._case_id, None if kind is None else [kind])
        self.model.set_rows(rows)
        self.table.setColumnHidden(COL_BY, not self.model.has_authors())
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                "No case selected."
                if self._case_id is None
                else "No timeline entries yet. Log the first call, email or note with New entry… (Ctrl+T)."
                if kind is None
                else f"No {kind.label.lower()}s on this case."
            )
            self._stack.setCurrentWidget(self.empty_label)
        row = next((i for i, r in enumerate(rows) if keep and r.id == keep.id), None)
        if row is not None:
            self.table.selectRow(row)
        self._update_buttons()
        self._show_detail()

    def add_entry(self) -> None:
        """Ask for a new entry and add it."""
        if self._case_id is None:
            return
        saved = ActivityDialog.ask(self, self._timeline, self._case_id)
        if saved is not None:
            self._after_change(saved.id)

    def edit_entry(self) -> None:
        """Edit the selected entry."""
        selected = self._selected()
        if selected is None or self._case_id is None:
            return
        saved = ActivityDialog.ask(self, self._timeline, self._case_id, selected)
        if saved is not None:
            self._after_change(saved.id)

    def delete_entry(self) -> None:
        """Delete the selected entry at once; the undo bar (and Ctrl+Z) puts it back."""
        selected = self._selected()
        if selected is None or selected.id is None:
            return
        try:
            self._deleted = self._timeline.delete(selected.id)
        except CasedeskError as exc:
            show_error(self, "Entry not deleted", exc)
            self.refresh()
            return
        self.undo_bar.offer(f"Deleted “{self._deleted.subject}”.")
        self._after_change(None)

    def undo_delete(self) -> None:
        """Put back the entry deleted last."""
        if self._deleted is None:
            return
        try:
            restored = self._timeline.restore(self._deleted)
        except CasedeskError as exc:
            show_error(self, "Entry not restored", exc)
            return
        self._deleted = None
        self.undo_bar.hide()
        self._after_change(restored.id)

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        shown = {self.model.activity(row).id for row in range(self.model.rowCount())}
        if select_id is not None and select_id not in shown:
            self.kind_filter.setCurrentIndex(0)  # the kind filter hid what was just saved
            self.refresh()
        if select_id is not None:
            for row in range(self.model.rowCount()):
                if self.model.activity(row).id == select_id:
                    self.table.selectRow(row)
        self.entries_changed.emit()

    def _selected(self) -> Activity | None:
        activity: Activity | None = selected_data(self.table, ActivityRole.ACTIVITY)
        return activity

    def _update_buttons(self) -> None:
        has_case = self._case_id is not None
        has_selection = self._selected() is not None
        self.new_button.setEnabled(has_case)
        self.kind_filter.setEnabled(has_case)
        self.edit_button.setEnabled(has_selection)
        self.delete_button.setEnabled(has_selection)

    def _show_detail(self) -> None:
        entry = self._selected()
        if entry is None:
            self.detail.setHtml("<p style='color:gray'>Select an entry to read it.</p>")
            return
        body = escape(entry.body).replace("\n", "<br>") or "<i>No notes.</i>"
        self.detail.setHtml(
            f"<h3>{escape(entry.subject)}</h3>"
            f"<p><b>{entry.kind.label}</b>, {entry.direction.label.lower()} — "
            f"{escape(format_moment(entry.occurred_at))}"
            f"{'<br>Parties: ' + escape(entry.parties) if entry.parties else ''}"
            f"{'<br>Written by ' + escape(entry.created_by) if entry.created_by else ''}</p><p>{body}</p>"
        )

    def _on_kind_filter_activated(self, _index: int) -> None:
        self.refresh()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_entry()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self._show_detail()
