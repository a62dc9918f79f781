"""A case's lost wages: the records with how each amount was reached, their total, and undo after a delete."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.wages import LostWage, total_lost_wages
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.undo import DeleteWithUndo, UndoBar
from casedesk.ui.wages.dialog import LostWageDialog
from casedesk.ui.wages.model import (
    COL_AMOUNT,
    COL_EMPLOYER,
    COL_MISSED,
    COL_PERIOD,
    COL_RATE,
    LostWageTableModel,
    WageRole,
)

if TYPE_CHECKING:
    from casedesk.services.wages import WageService

COLUMN_WIDTHS = {COL_EMPLOYER: 190, COL_PERIOD: 170, COL_RATE: 130, COL_MISSED: 100, COL_AMOUNT: 150}
#: How much of a record's notes the line under the table shows (the Notes column's tooltip has more).
NOTES_SHOWN = 400
EMPTY_TEXT = "No lost wages recorded. Add them here, or confirm them from an interview's answers."


class LostWagesPanel(QWidget):
    """A case's lost-wage records and their total.

    Signals:
        wages_changed: A record was added, edited, deleted or restored (the total may have changed).
    """

    wages_changed = Signal()

    def __init__(self, wages: WageService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._wages = wages
        self._case_id: int | None = None
        self.model = LostWageTableModel(self)

        self.add_button = QPushButton("A&dd…")
        self.add_button.setToolTip("Add lost wages from one employer (Ins)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected record (Enter or double-click)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected record (Del); Undo puts it back")
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Lost wages")
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.total_label = QLabel()
        self.total_label.setTextFormat(Qt.TextFormat.RichText)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.undo_bar = UndoBar(self)
        self._undo = DeleteWithUndo[LostWage](
            self,
            self.undo_bar,
            delete=wages.delete,
            restore=wages.restore,
            describe=lambda gone: f"Deleted the lost wages from “{gone.employer}” ({gone.amount}).",
            not_deleted="Lost wages not deleted",
            not_restored="Lost wages not restored",
            after_change=self._after_change,
            refresh=self.refresh,
            focus=self.table,
        )

        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Lost wages</b>"))
        tools.addStretch(1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        under = QHBoxLayout()
        under.addWidget(self.detail, 1)
        under.addWidget(self.total_label, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self._stack, 1)
        layout.addLayout(under)

        add_action = QAction("Add lost wages", self)
        add_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(add_action)
        delete_action = QAction("Delete lost wages", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete_action)

        self.add_button.clicked.connect(self.add_wage)
        add_action.triggered.connect(self.add_wage)
        self.edit_button.clicked.connect(self.edit_wage)
        self.delete_button.clicked.connect(self.delete_wage)
        delete_action.triggered.connect(self.delete_wage)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case whose lost wages are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's lost wages (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the records again, keeping the selected one selected."""
        keep = self.selected_wage()
        rows: list[LostWage] = []
        if self._case_id is not None:
            try:
                rows = self._wages.lost_wages(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Lost wages not read", exc)
        self.model.set_rows(rows)
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText("No case selected." if self._case_id is None else EMPTY_TEXT)
            self._stack.setCurrentWidget(self.empty_label)
        self.total_label.setText(self._total_html(rows))
        self.total_label.setVisible(bool(rows))
        if keep is not None:
            self._select(keep.id)
        self._update_buttons()
        self._show_detail()

    def selected_wage(self) -> LostWage | None:
        """The record on the selected row."""
        wage: LostWage | None = selected_data(self.table, WageRole.WAGE)
        return wage

    # --- actions ---------------------------------------------------------------------------------

    def add_wage(self) -> None:
        """Ask for a new record and add it."""
        if self._case_id is None:
            return
        saved = LostWageDialog.ask(self, self._wages, self._case_id)
        if saved is not None:
            self._after_change(saved.id)

    def edit_wage(self) -> None:
        """Edit the selected record."""
        selected = self.selected_wage()
        if selected is None or self._case_id is None:
            return
        saved = LostWageDialog.ask(self, self._wages, self._case_id, selected)
        if saved is not None:
            self._after_change(saved.id)
        else:
            self.refresh()  # it may have been deleted elsewhere meanwhile

    def delete_wage(self) -> None:
        """Delete the selected record at once; the undo bar (and Ctrl+Z) puts it back."""
        self._undo.delete(self.selected_wage())

    def undo_delete(self) -> None:
        """Put back the record deleted last."""
        self._undo.undo()

    # --- helpers ---------------------------------------------------------------------------------

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        if select_id is not None:
            self._select(select_id)
        self.wages_changed.emit()

    def _select(self, wage_id: int | None) -> None:
        row = self.model.row_of(wage_id)
        if row is not None:
            self.table.selectRow(row)

    @staticmethod
    def _total_html(rows: list[LostWage]) -> str:
        by_hand = sum(1 for wage in rows if wage.override is not None)
        records = "1 record" if len(rows) == 1 else f"{len(rows)} records"
        note = f"{records}; {by_hand} set by hand" if by_hand else records
        return (
            f"<span style='font-size:12pt'>Total lost wages: <b>{total_lost_wages(rows)}</b></span>"
            f"<br><span style='color:#555'>{note}</span>"
        )

    def _update_buttons(self) -> None:
        selected = self.selected_wage() is not None
        self.add_button.setEnabled(self._case_id is not None)
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _show_detail(self) -> None:
        wage = self.selected_wage()
        if wage is None:
            self.detail.setText(
                "<span style='color:#555'>Select a record to see how its amount was reached.</span>"
                if self.model.rowCount()
                else ""
            )
            return
        text = wage.notes.strip()
        cut = text[:NOTES_SHOWN] + ("…" if len(text) > NOTES_SHOWN else "")
        notes = f"<br>Notes: {escape(cut).replace(chr(10), '<br>')}" if text else ""
        self.detail.setText(f"<b>{escape(wage.employer)}</b>: {escape(wage.explanation())}{notes}")

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_wage()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self._show_detail()
