"""The Witnesses sub-tab of a case: who testifies, in what order, on what, and with which exhibits."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.typed import format_date
from casedesk.domain.witnesses import WitnessView
from casedesk.ui.messages import show_error
from casedesk.ui.shortcuts import add_shortcut
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.trial.witness_dialog import WitnessDialog
from casedesk.ui.trial.witness_model import (
    COL_AVAILABILITY,
    COL_EXHIBITS,
    COL_KIND,
    COL_NAME,
    COL_NUMBER,
    COL_SUBPOENA,
    ExhibitChoice,
    ExhibitSource,
    WitnessRole,
    WitnessTableModel,
    exhibit_text,
)
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService
    from casedesk.services.witnesses import DeletedWitness, WitnessService

WIDTHS = {
    COL_NUMBER: 40,
    COL_NAME: 200,
    COL_KIND: 130,
    COL_SUBPOENA: 120,
    COL_AVAILABILITY: 260,
    COL_EXHIBITS: 70,
}
EMPTY = (
    "No witnesses yet. Add the client, the treating physicians and the eyewitnesses (Ins), "
    "then drag them into the order they will testify."
)
NO_CASE = "No case selected."


class WitnessesPanel(QWidget):
    """A case's trial witnesses in order of appearance, with the selected one's outline and exhibits.

    Signals:
        witnesses_changed: A witness was added, edited, moved, deleted or restored (the exhibits' sponsor
            names and the binder's witness sheets need reading again).
        timeline_changed: Saving a witness put a served subpoena on the case's timeline.
        contacts_changed: Adding a witness created a contact or linked one to the case.
    """

    witnesses_changed = Signal()
    timeline_changed = Signal()
    contacts_changed = Signal()

    def __init__(
        self,
        witnesses: WitnessService,
        contacts: ContactService,
        exhibits: ExhibitSource,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._witnesses = witnesses
        self._contacts = contacts
        self._exhibit_source = exhibits
        self._case_id: int | None = None
        self._exhibits: list[ExhibitChoice] = []
        self.model = WitnessTableModel(self)

        self.add_button = QPushButton("&Add witness…")
        self.add_button.setToolTip("Add a witness at the end of the order (Ins)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected witness (Enter or double-click)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected witness (Del); Undo (Ctrl+Z) puts it back")
        self.up_button = QPushButton("Move &up")
        self.up_button.setToolTip("Testifies earlier (Ctrl+Shift+Up)")
        self.down_button = QPushButton("Move do&wn")
        self.down_button.setToolTip("Testifies later (Ctrl+Shift+Down)")

        self.table = record_table(self.model, WIDTHS)
        self.table.setAccessibleName("Witnesses")
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.details = QTextBrowser()
        self.details.setAccessibleName("Witness details")
        self.details.setOpenLinks(False)

        self.undo_bar = UndoBar(self)
        self._undo: DeleteWithUndo[DeletedWitness] = DeleteWithUndo(
            self,
            self.undo_bar,
            delete=witnesses.delete,
            restore=self._restore,
            describe=lambda gone: f"Deleted the witness {gone.name}.",
            not_deleted="Witness not deleted",
            not_restored="Witness not put back",
            after_change=self._after_change,
            refresh=self.refresh,
            focus=self.table,
        )

        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Witnesses, in order of appearance</b>"))
        tools.addStretch(1)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.up_button,
            self.down_button,
        ):
            tools.addWidget(button)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self._stack)
        splitter.addWidget(self.details)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.undo_bar)
        layout.addLayout(tools)
        layout.addWidget(splitter, 1)

        add_shortcut(self, "Add witness", QKeySequence(Qt.Key.Key_Insert), self, self.add_witness)
        add_shortcut(
            self,
            "Delete witness",
            QKeySequence(QKeySequence.StandardKey.Delete),
            self.table,
            self.delete_witness,
        )
        add_shortcut(
            self,
            "Move witness up",
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Up),
            self,
            self.move_up,
        )
        add_shortcut(
            self,
            "Move witness down",
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Down),
            self,
            self.move_down,
        )
        self.add_button.clicked.connect(self.add_witness)
        self.edit_button.clicked.connect(self.edit_witness)
        self.delete_button.clicked.connect(self.delete_witness)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.undo_bar.undo_requested.connect(self._undo.undo)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # queued: the drop is over (and the view done with the dragged rows) before the rows are reloaded
        self.model.move_requested.connect(self._on_model_move_requested, Qt.ConnectionType.QueuedConnection)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case whose witnesses are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's witnesses (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the witnesses and the case's exhibits again, keeping the selection."""
        keep = self.selected_witness()
        rows: list[WitnessView] = []
        self._exhibits = []
        if self._case_id is not None:
            try:
                rows = self._witnesses.witnesses(self._case_id)
                self._exhibits = list(self._exhibit_source.exhibits(self._case_id))
            except CasedeskError as exc:
                show_error(self, "Witnesses not read", exc)
        self.model.set_rows(rows)
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(NO_CASE if self._case_id is None else EMPTY)
            self._stack.setCurrentWidget(self.empty_label)
        if keep is not None:
            self._select(keep.witness.id)
        self._update()

    def selected_witness(self) -> WitnessView | None:
        """The witness on the selected row."""
        view: WitnessView | None = selected_data(self.table, WitnessRole.RECORD)
        return view

    # --- actions ---------------------------------------------------------------------------------

    def add_witness(self) -> None:
        """Ask for a new witness and add it at the end of the order."""
        if self._case_id is None:
            return
        saved = WitnessDialog.ask(
            self, self._witnesses, self._contacts, self._case_id, self._exhibits, self.model.rows()
        )
        if saved is None:
            return
        self._after_change(saved.id)
        self.contacts_changed.emit()
        if saved.witness.subpoena_served_on is not None:
            self.timeline_changed.emit()

    def edit_witness(self) -> None:
        """Edit the selected witness."""
        selected = self.selected_witness()
        if selected is None or self._case_id is None:
            return
        saved = WitnessDialog.ask(
            self, self._witnesses, self._contacts, self._case_id, self._exhibits, self.model.rows(), selected
        )
        if saved is None:
            self.refresh()
            return
        self._after_change(saved.id)
        if saved.witness.subpoena_served_on not in (None, selected.witness.subpoena_served_on):
            self.timeline_changed.emit()

    def delete_witness(self) -> None:
        """Delete the selected witness; Undo (Ctrl+Z) puts it back in its place with its exhibits."""
        selected = self.selected_witness()
        if selected is None:
            return
        self._undo.delete(selected)  # type: ignore[arg-type]  # only its id is read

    def move_up(self) -> None:
        """Move the selected witness one place earlier."""
        self._move_by(-1)

    def move_down(self) -> None:
        """Move the selected witness one place later."""
        self._move_by(1)

    def move_witness(self, witness_id: int, new_index: int) -> None:
        """Move a witness to another place in the order and keep it selected."""
        if self._case_id is None:
            return
        try:
            self._witnesses.move(self._case_id, witness_id, new_index)
        except CasedeskError as exc:
            show_error(self, "Witness not moved", exc)
        self._after_change(witness_id)

    # --- helpers ---------------------------------------------------------------------------------

    def _move_by(self, step: int) -> None:
        selected = self.selected_witness()
        if selected is None:
            return
        row = self.model.row_of(selected.id)
        if row is None or not 0 <= row + step < self.model.rowCount():
            return
        self.move_witness(selected.id, row + step)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _restore(self, deleted: DeletedWitness) -> DeletedWitness:
        view = self._witnesses.restore(deleted)
        return replace(deleted, witness=view.witness)

    def _after_change(self, witness_id: int | None) -> None:
        self.refresh()
        if witness_id is not None:
            self._select(witness_id)
        self.witnesses_changed.emit()

    def _select(self, witness_id: int | None) -> None:
        row = self.model.row_of(witness_id)
        if row is not None:
            self.table.selectRow(row)

    def _update(self) -> None:
        selected = self.selected_witness()
        row = self.model.row_of(selected.id) if selected is not None else None
        self.add_button.setEnabled(self._case_id is not None)
        self.edit_button.setEnabled(selected is not None)
        self.delete_button.setEnabled(selected is not None)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < self.model.rowCount() - 1)
        self.details.setHtml(self._details_html(selected, row))
        self.details.setVisible(self._case_id is not None and self.model.rowCount() > 0)

    def _details_html(self, view: WitnessView | None, row: int | None) -> str:
        if view is None or row is None:
            return "<p style='color:#555'>Select a witness to see the topics, outline and exhibits.</p>"
        witness = view.witness
        contact = ", ".join(escape(d) for d in (view.organization, view.phone, view.email) if d)
        served = (
            f"Subpoena served {format_date(witness.subpoena_served_on)}"
            if witness.subpoena_served_on
            else "No subpoena served yet"
        )
        parts = [
            f"<h3>{row + 1}. {escape(view.name)} — {escape(witness.kind.label)}</h3>",
            f"<p>{contact + '<br>' if contact else ''}{served}."
            + (f"<br>Availability: {escape(witness.availability)}" if witness.availability else "")
            + "</p>",
        ]
        if witness.topics:
            parts.append(f"<p><b>Topics</b><br>{_lines(witness.topics)}</p>")
        if witness.outline:
            parts.append(f"<p><b>Examination outline</b><br>{_lines(witness.outline)}</p>")
        by_id = {choice.exhibit.id: choice for choice in self._exhibits}
        if view.exhibit_ids:
            items = "".join(
                f"<li>{escape(exhibit_text(by_id[i]) if i in by_id else 'An exhibit no longer listed')}</li>"
                for i in view.exhibit_ids
            )
            parts.append(f"<p><b>Exhibits to use</b></p><ol>{items}</ol>")
        else:
            parts.append("<p style='color:#555'>No exhibits to use yet (Edit to pick them).</p>")
        return "".join(parts)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_witness()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update()

    def _on_model_move_requested(self, witness_id: int, new_index: int) -> None:
        self.move_witness(witness_id, new_index)


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.splitlines())
