"""The Exhibits sub-tab: a case's exhibit list, numbered by place, reordered by dragging, exported."""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.exhibits import ExhibitStatus, NumberedExhibit
from casedesk.services.exhibits import DeletedExhibit, ExhibitView
from casedesk.ui.files import safe_file_name
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.tasks import Task, TaskRunner
from casedesk.ui.trial.exhibit_dialog import ExhibitDialog, NumberingDialog
from casedesk.ui.trial.exhibit_model import (
    COL_BATES,
    COL_DATE,
    COL_DESCRIPTION,
    COL_DOCUMENT,
    COL_NUMBER,
    COL_PARTY,
    COL_STATUS,
    COL_WITNESS,
    ExhibitRole,
    ExhibitTableModel,
)
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.services.exhibits import ExhibitService

COLUMN_WIDTHS = {
    COL_NUMBER: 50,
    COL_PARTY: 80,
    COL_DESCRIPTION: 250,
    COL_DATE: 85,
    COL_DOCUMENT: 200,
    COL_BATES: 215,
    COL_WITNESS: 130,
    COL_STATUS: 130,
}
EMPTY_TEXT = (
    "No exhibits listed yet. Add one (Ins) for each document or object either side will show at trial; "
    "its number follows from its place in the list."
)
#: The quick status changes of the context menu, and what they are called there.
QUICK_STATUSES = (
    (ExhibitStatus.OFFERED, "Offered today"),
    (ExhibitStatus.MARKED, "Marked today"),
    (ExhibitStatus.ADMITTED, "Admitted today"),
    (ExhibitStatus.OBJECTED, "Objected to"),
    (ExhibitStatus.WITHDRAWN, "Withdrawn"),
)
EXPORT_FILTERS = "PDF documents (*.pdf);;Excel workbooks (*.xlsx)"


class ExhibitsPanel(QWidget):
    """A case's exhibit list: each party's exhibits in order, numbered from their place.

    Signals:
        exhibits_changed: An exhibit was added, edited, moved, deleted or restored, or the numbering
            changed (numbers, stickers and binders follow the list).
    """

    exhibits_changed = Signal()

    def __init__(
        self, exhibits: ExhibitService, parent: QWidget | None = None, *, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._exhibits = exhibits
        self._runner = runner or TaskRunner()
        self._case_id: int | None = None
        self.folder: Path | None = None
        self.task: Task[Path] | None = None
        self._progress: ProgressDialog | None = None
        self.model = ExhibitTableModel(self)

        self.add_button = QPushButton("A&dd…")
        self.add_button.setToolTip("Add an exhibit at the end of its party's list (Ins or Ctrl+N)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected exhibit (Enter or double-click)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected exhibit (Del); Undo (Ctrl+Z) puts it back")
        self.up_button = QPushButton("Move &Up")
        self.up_button.setToolTip("Move the exhibit up its list, renumbering it (Ctrl+Shift+Up)")
        self.down_button = QPushButton("Move Do&wn")
        self.down_button.setToolTip("Move the exhibit down its list, renumbering it (Ctrl+Shift+Down)")
        self.numbering_button = QPushButton("&Numbering…")
        self.numbering_button.setToolTip("Number separately per party, in ranges, or as one joint list")
        self.export_button = QPushButton("E&xport List…")
        self.export_button.setToolTip("Save the exhibit list (AO 187 style) as PDF or Excel")
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Exhibits")
        self.table.setDragEnabled(True)
        self.table.setAcceptDrops(True)
        self.table.setDropIndicatorShown(True)
        self.table.setDragDropOverwriteMode(False)
        self.table.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.table.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
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
        self.status_label = QLabel()
        self.status_label.setStyleSheet("color: #555;")
        self.undo_bar = UndoBar(self)
        self._undo = DeleteWithUndo[DeletedExhibit](
            self,
            self.undo_bar,
            delete=exhibits.delete,
            restore=lambda gone: DeletedExhibit(exhibits.restore(gone).exhibit),
            describe=lambda gone: f"Deleted the exhibit “{gone.exhibit.description}”.",
            not_deleted="Exhibit not deleted",
            not_restored="Exhibit not restored",
            after_change=self._after_change,
            refresh=self.refresh,
            focus=self.table,
        )

        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Exhibits</b>"))
        tools.addStretch(1)
        for button in (
            self.add_button,
            self.edit_button,
            self.delete_button,
            self.up_button,
            self.down_button,
            self.numbering_button,
            self.export_button,
        ):
            tools.addWidget(button)
        under = QHBoxLayout()
        under.addWidget(self.detail, 1)
        under.addWidget(self.status_label, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self._stack, 1)
        layout.addLayout(under)
        self._actions()
        self._connect()
        self.set_case(None)

    def _actions(self) -> None:
        def action(text: str, keys: list[QKeySequence], owner: QWidget, slot: object) -> QAction:
            made = QAction(text, owner)
            made.setShortcuts(keys)
            made.setShortcutContext(
                Qt.ShortcutContext.WidgetWithChildrenShortcut
                if owner is self
                else Qt.ShortcutContext.WidgetShortcut
            )
            owner.addAction(made)
            made.triggered.connect(slot)
            return made

        action(
            "Add exhibit",
            [QKeySequence(Qt.Key.Key_Insert), QKeySequence("Ctrl+N")],
            self,
            self.add_exhibit,
        )
        action(
            "Delete exhibit", [QKeySequence(QKeySequence.StandardKey.Delete)], self.table, self.delete_exhibit
        )
        action("Move exhibit up", [QKeySequence("Ctrl+Shift+Up")], self, self.move_up)
        action("Move exhibit down", [QKeySequence("Ctrl+Shift+Down")], self, self.move_down)

    def _connect(self) -> None:
        self.add_button.clicked.connect(self.add_exhibit)
        self.edit_button.clicked.connect(self.edit_exhibit)
        self.delete_button.clicked.connect(self.delete_exhibit)
        self.up_button.clicked.connect(self.move_up)
        self.down_button.clicked.connect(self.move_down)
        self.numbering_button.clicked.connect(self.change_numbering)
        self.export_button.clicked.connect(self.export_list)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.table.activated.connect(self._on_table_activated)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # Deferred: the drop is still being delivered to the view when the model asks.
        self.model.move_requested.connect(
            lambda exhibit_id, index: QTimer.singleShot(0, lambda: self.move_to(exhibit_id, index))
        )

    @property
    def case_id(self) -> int | None:
        """The case whose exhibits are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's exhibits (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
            self.status_label.clear()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the list again, keeping the selected exhibit selected."""
        keep = self.selected_view()
        rows: list[ExhibitView] = []
        if self._case_id is not None:
            try:
                rows = self._exhibits.views(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Exhibits not read", exc)
        self.model.set_rows(rows)
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText("No case selected." if self._case_id is None else EMPTY_TEXT)
            self._stack.setCurrentWidget(self.empty_label)
        if keep is not None:
            self._select(keep.exhibit.id)
        self._update_buttons()
        self._show_detail()

    def selected_view(self) -> ExhibitView | None:
        """The exhibit on the selected row."""
        view: ExhibitView | None = selected_data(self.table, ExhibitRole.VIEW)
        return view

    # --- actions ---------------------------------------------------------------------------------

    def add_exhibit(self) -> None:
        """Ask for a new exhibit and add it at the end of its list."""
        if self._case_id is None:
            return
        saved = ExhibitDialog.ask(self, self._exhibits, self._case_id)
        if saved is not None:
            self._after_change(saved.exhibit.id)

    def edit_exhibit(self) -> None:
        """Edit the selected exhibit."""
        view = self.selected_view()
        if view is None or self._case_id is None:
            return
        saved = ExhibitDialog.ask(self, self._exhibits, self._case_id, view.numbered)
        if saved is not None:
            self._after_change(saved.exhibit.id)
        else:
            self.refresh()  # it may have been deleted elsewhere meanwhile

    def delete_exhibit(self) -> None:
        """Delete the selected exhibit (asking first if marked exhibits would be renumbered); undoable."""
        view = self.selected_view()
        if view is None or view.exhibit.id is None:
            return
        try:
            affected = self._exhibits.delete_would_renumber(view.exhibit.id)
        except CasedeskError as exc:
            show_error(self, "Exhibit not deleted", exc)
            self.refresh()
            return
        if affected and not self.ask_renumber(affected, "Delete and Renumber"):
            return
        self._undo.delete(DeletedExhibit(view.exhibit))

    def undo_delete(self) -> None:
        """Put back the exhibit deleted last."""
        self._undo.undo()

    def move_up(self) -> None:
        """Move the selected exhibit one place up its list."""
        self._move_by(-1)

    def move_down(self) -> None:
        """Move the selected exhibit one place down its list."""
        self._move_by(1)

    def move_to(self, exhibit_id: int, new_index: int) -> None:
        """Move an exhibit to ``new_index`` of its list (asking first if marked exhibits would change)."""
        if self._case_id is None:
            return
        try:
            affected = self._exhibits.move_would_renumber(self._case_id, exhibit_id, new_index)
            if affected and not self.ask_renumber(affected, "Move and Renumber"):
                self.refresh()
                return
            self._exhibits.move(self._case_id, exhibit_id, new_index)
        except CasedeskError as exc:
            show_error(self, "Exhibit not moved", exc)
            self.refresh()
            return
        self._after_change(exhibit_id)

    def set_status(self, status: ExhibitStatus) -> None:
        """Give the selected exhibit a status as of today."""
        view = self.selected_view()
        if view is None or view.exhibit.id is None:
            return
        try:
            saved = self._exhibits.set_status(view.exhibit.id, status)
        except CasedeskError as exc:
            show_error(self, "Status not changed", exc)
            self.refresh()
            return
        self._after_change(saved.exhibit.id)

    def change_numbering(self) -> None:
        """Ask how the case numbers its exhibits; the list is renumbered."""
        if self._case_id is None:
            return
        view = self.selected_view()
        if NumberingDialog.ask(self, self._exhibits, self._case_id) is not None:
            self._after_change(view.exhibit.id if view else None)

    def export_list(self) -> None:
        """Ask where, then write the exhibit list (PDF or Excel by the name's ending) in the background."""
        if self._case_id is None:
            return
        path = self.ask_export_path(safe_file_name(f"{self._case_label()} exhibit list") + ".pdf")
        if path is None:
            return
        self.folder = path.parent
        case_id, service = self._case_id, self._exhibits
        self._progress = ProgressDialog("Export Exhibit List", self)
        self._progress.setLabelText(f"Writing {path.name}…")
        self._progress.setCancelButton(None)  # a few pages: quick, nothing to cancel half-way
        self.export_button.setEnabled(False)
        self.task = (
            self._runner.op(self, lambda: service.export_list(case_id, path))
            .on_success(self._on_exported)
            .on_failure(self._on_export_failed)
            .start()
        )

    # --- what tests replace ----------------------------------------------------------------------

    def ask_renumber(self, affected: list[NumberedExhibit], action: str) -> bool:
        """Whether to go ahead although exhibits already marked or admitted would get new numbers."""
        names = ", ".join(n.label for n in affected[:8]) + ("…" if len(affected) > 8 else "")
        return confirm(
            self,
            "Renumber exhibits on the record?",
            f"This changes the numbers of exhibits already marked or admitted: {names}.",
            action,
            "Their numbers are on the court's record. Renumber only if the court has agreed.",
        )

    def ask_export_path(self, suggested: str) -> Path | None:
        """Where to save the list (a file dialog opening in the last folder used, else Documents)."""
        folder = self.folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        name, chosen = QFileDialog.getSaveFileName(
            self, "Export Exhibit List", str(folder / suggested), EXPORT_FILTERS
        )
        if not name:
            return None
        path = Path(name)
        if path.suffix.lower() in (".pdf", ".xlsx"):
            return path
        return path.with_name(path.name + (".xlsx" if "xlsx" in chosen else ".pdf"))

    # --- helpers ---------------------------------------------------------------------------------

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        if select_id is not None:
            self._select(select_id)
        self.exhibits_changed.emit()

    def _select(self, exhibit_id: int | None) -> None:
        row = self.model.row_of(exhibit_id)
        if row is not None:
            self.table.selectRow(row)

    def _move_by(self, step: int) -> None:
        view = self.selected_view()
        if view is None or view.exhibit.id is None:
            return
        index = view.numbered.index + step
        row = self.model.row_of(view.exhibit.id)
        if row is None or not 0 <= index < self.model.list_size(row):
            return
        self.move_to(view.exhibit.id, index)

    def _case_label(self) -> str:
        try:
            return self._exhibits.case_number(self._case_id or 0)
        except CasedeskError:
            return "Exhibit list"

    def _update_buttons(self) -> None:
        view = self.selected_view()
        has_case = self._case_id is not None
        self.add_button.setEnabled(has_case)
        self.numbering_button.setEnabled(has_case)
        self.export_button.setEnabled(has_case and self.task is None)
        for button in (self.edit_button, self.delete_button):
            button.setEnabled(view is not None)
        row = self.model.row_of(view.exhibit.id) if view is not None else None
        size = self.model.list_size(row) if row is not None else 0
        self.up_button.setEnabled(view is not None and view.numbered.index > 0)
        self.down_button.setEnabled(view is not None and view.numbered.index < size - 1)

    def _show_detail(self) -> None:
        view = self.selected_view()
        if view is None:
            self.detail.setText(
                "<span style='color:#555'>Drag an exhibit (or use Move Up/Down) to change its number; "
                "right-click to mark it offered, marked or admitted today.</span>"
                if self.model.rowCount()
                else ""
            )
            return
        parts = [f"<b>{escape(view.numbered.label)}</b>: {escape(view.exhibit.description)}"]
        parts.append(escape(view.pages_text) + (f" · Bates {escape(view.bates)}" if view.bates else ""))
        if view.witness:
            parts.append(f"Sponsoring witness: {escape(view.witness)}")
        notes = view.exhibit.notes.strip()
        if notes:
            parts.append(
                "Notes: " + escape(notes[:400] + ("…" if len(notes) > 400 else "")).replace("\n", "<br>")
            )
        self.detail.setText("<br>".join(parts))

    def _on_exported(self, path: Path) -> None:
        self._finish_export()
        self.status_label.setText(f"Saved {path.name} in {path.parent}")

    def _on_export_failed(self, error: BaseException) -> None:
        self._finish_export()
        if isinstance(error, CasedeskError):
            show_error(self, "Exhibit list not saved", error)
        else:
            raise error

    def _finish_export(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None
        self.task = None
        self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_exhibit()

    def _on_table_context_menu(self, position: QPoint) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(position))

    def context_menu(self) -> QMenu | None:
        """The selected exhibit's menu: edit, quick status changes, moves, delete."""
        view = self.selected_view()
        if view is None:
            return None
        menu = QMenu(self)
        menu.addAction("&Edit…", self.edit_exhibit)
        menu.addSeparator()
        for status, text in QUICK_STATUSES:
            item = menu.addAction(text, functools.partial(self.set_status, status))
            item.setCheckable(True)
            item.setChecked(view.exhibit.status is status)
        menu.addSeparator()
        menu.addAction("Move &Up", self.move_up).setEnabled(self.up_button.isEnabled())
        menu.addAction("Move Do&wn", self.move_down).setEnabled(self.down_button.isEnabled())
        menu.addSeparator()
        menu.addAction("De&lete", self.delete_exhibit)
        return menu

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self._show_detail()
