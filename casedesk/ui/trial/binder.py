"""The Binder sub-tab of a case: the trial binder's sections and contents, exported as one PDF or printed."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.binder import MAX_TITLE, LayoutItem, LayoutSection, SectionKind, validate_pages
from casedesk.domain.errors import CasedeskError
from casedesk.domain.witnesses import witness_display
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.shortcuts import add_shortcut
from casedesk.ui.tasks import TaskRunner
from casedesk.ui.trial.binder_export import BinderExport
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.domain.documents import Document
    from casedesk.services.binder import BinderService
    from casedesk.services.documents import DocumentService

NO_CASE = "No case selected."
NO_SECTION = "Choose a section on the left to see what it holds."
GENERATED_COLOUR = QColor("#707070")
GENERATED_NOTE = "Grey lines are generated from the case at each export; documents filed here follow them."
#: Item data role holding the record an item shows.
RECORD_ROLE = Qt.ItemDataRole.UserRole


class SectionDialog(QDialog):
    """Asks for a new section's kind and title (or a section's new title); Save waits for a title."""

    def __init__(
        self, title: str = "", kind: SectionKind | None = None, *, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rename Section" if kind is not None else "Add Section")
        self.kind_combo = QComboBox()
        for option in SectionKind:
            self.kind_combo.addItem(option.label, option)
        self.kind_combo.setCurrentIndex(list(SectionKind).index(kind or SectionKind.CUSTOM))
        self.kind_combo.setEnabled(kind is None)
        self.title_edit = QLineEdit(title)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setPlaceholderText("e.g. Damages experts")
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        form = QFormLayout()
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("&Title:", self.title_edit)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.title_edit.textChanged.connect(self._validate)
        self._validate()

    @property
    def saved(self) -> tuple[SectionKind, str]:
        """The kind and title entered."""
        return SectionKind(self.kind_combo.currentData()), self.title_edit.text().strip()

    @classmethod
    def ask(
        cls, parent: QWidget | None, title: str = "", kind: SectionKind | None = None
    ) -> tuple[SectionKind, str] | None:
        """The kind and title, or ``None`` when the user cancels."""
        dialog = cls(title, kind, parent=parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _on_kind_changed(self) -> None:
        labels = {option.label for option in SectionKind}
        if not self.title_edit.text().strip() or self.title_edit.text() in labels:
            self.title_edit.setText(SectionKind(self.kind_combo.currentData()).label)

    def _validate(self) -> None:
        empty = not self.title_edit.text().strip()
        self.error_label.setText("Give the section a title." if empty else "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not empty)


class AddDocumentsDialog(QDialog):
    """Asks which of the case's documents to file in a section; with one chosen, which of its pages."""

    def __init__(self, documents: list[Document], *, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Documents")
        self._documents = documents
        self.list = QListWidget()
        self.list.setAccessibleName("Documents of the case")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for document in documents:
            pages = f"{document.page_count} page{'s' if document.page_count != 1 else ''}"
            item = QListWidgetItem(f"{document.display_name} ({pages})")
            item.setData(RECORD_ROLE, document)
            self.list.addItem(item)
        self.from_spin = QSpinBox()
        self.to_spin = QSpinBox()
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        range_row = QHBoxLayout()
        range_row.addWidget(QLabel("Pages &from"))
        range_row.addWidget(self.from_spin)
        range_row.addWidget(QLabel("to"))
        range_row.addWidget(self.to_spin)
        range_row.addStretch(1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Add")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose the documents (Ctrl+click for several), in the order to file them:"))
        layout.addWidget(self.list, 1)
        layout.addLayout(range_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.list.itemSelectionChanged.connect(self._on_selection_changed)
        self.from_spin.valueChanged.connect(self._validate)
        self.to_spin.valueChanged.connect(self._validate)
        self._on_selection_changed()

    def chosen(self) -> list[Document]:
        """The documents chosen, in list order."""
        rows = sorted(self.list.row(item) for item in self.list.selectedItems())
        return [self._documents[row] for row in rows]

    @property
    def saved(self) -> tuple[list[int], int | None, int | None]:
        """The documents' ids, and the page range (``None`` for all pages)."""
        chosen = self.chosen()
        ids = [d.id for d in chosen if d.id is not None]
        if len(chosen) != 1:
            return ids, None, None
        first, last = self.from_spin.value(), self.to_spin.value()
        if (first, last) == (1, chosen[0].page_count):
            return ids, None, None
        return ids, first, last

    @classmethod
    def ask(
        cls, parent: QWidget | None, documents: list[Document]
    ) -> tuple[list[int], int | None, int | None] | None:
        """The documents and pages chosen, or ``None`` when the user cancels."""
        dialog = cls(documents, parent=parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _on_selection_changed(self) -> None:
        chosen = self.chosen()
        one = len(chosen) == 1
        count = chosen[0].page_count if one else 1
        for spin, value in ((self.from_spin, 1), (self.to_spin, count)):
            spin.blockSignals(True)
            spin.setRange(1, max(count, 1))
            spin.setValue(value)
            spin.setEnabled(one)
            spin.blockSignals(False)
        self._validate()

    def _validate(self) -> None:
        chosen = self.chosen()
        message = "" if chosen else "Choose at least one document."
        if len(chosen) == 1:
            errors = validate_pages(self.from_spin.value(), self.to_spin.value(), chosen[0].page_count)
            message = next(iter(errors.values()), "")
        self.error_label.setText(message)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not message)


class BinderPanel(QWidget):
    """A case's trial binder: its sections in order (left) and the selected one's contents (right).

    Signals:
        binder_exported: ``(path)`` — a binder was written; its documents may have been given Bates
            numbers (a production "Trial binder"), and the timeline has an entry.
    """

    binder_exported = Signal(Path)

    def __init__(
        self,
        binder: BinderService,
        documents: DocumentService,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._binder = binder
        self._documents = documents
        self._case_id: int | None = None
        self._case_number = ""
        self._sections: list[LayoutSection] = []
        self._generated: dict[SectionKind, tuple[str, ...]] = {}
        self.export = BinderExport(binder, self, runner)

        self.sections = QListWidget()
        self.sections.setAccessibleName("Binder sections")
        self.sections.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.sections.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.contents = QListWidget()
        self.contents.setAccessibleName("Section contents")
        self.contents.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.contents.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.contents_label = QLabel()
        self.contents_label.setWordWrap(True)

        self.add_section_button = QPushButton("Add &Section…")
        self.rename_button = QPushButton("&Rename…")
        self.rename_button.setToolTip("Rename the selected section (F2)")
        self.delete_section_button = QPushButton("&Delete")
        self.delete_section_button.setToolTip("Delete the selected section (Del); Undo (Ctrl+Z) puts it back")
        self.section_up_button = QPushButton("Move &Up")
        self.section_up_button.setToolTip("Earlier in the binder (Ctrl+Shift+Up)")
        self.section_down_button = QPushButton("Move Do&wn")
        self.section_down_button.setToolTip("Later in the binder (Ctrl+Shift+Down)")
        self.reset_button = QPushButton("Reset to &Template…")
        self.add_documents_button = QPushButton("Add D&ocuments…")
        self.item_up_button = QPushButton("Up")
        self.item_up_button.setToolTip("Earlier in the section (Ctrl+Shift+Up)")
        self.item_down_button = QPushButton("Down")
        self.item_down_button.setToolTip("Later in the section (Ctrl+Shift+Down)")
        self.remove_button = QPushButton("Remo&ve")
        self.remove_button.setToolTip(
            "Take the document out of the section (Del); Undo (Ctrl+Z) puts it back"
        )
        self.export_button = QPushButton("&Export Binder…")
        self.export_button.setToolTip("Write the whole binder as one Bates-stamped PDF")
        self.witness_button = QPushButton("&Witness Binder…")
        self.witness_button.setToolTip("Write one witness's binder: sheet, exhibits, chronology")

        self.undo_bar = UndoBar(self)
        self._undo: DeleteWithUndo[LayoutSection] = DeleteWithUndo(
            self,
            self.undo_bar,
            delete=binder.delete_section,
            restore=binder.restore_section,
            describe=lambda gone: f"Deleted the section “{gone.title}”.",
            not_deleted="Section not deleted",
            not_restored="Section not put back",
            after_change=self._after_section_change,
            refresh=self.refresh,
            focus=self.sections,
        )
        self._item_undo: DeleteWithUndo[LayoutItem] = DeleteWithUndo(
            self,
            self.undo_bar,
            delete=binder.remove_item,
            restore=binder.restore_item,
            describe=lambda gone: f"Took “{gone.document_name}” out of the binder.",
            not_deleted="Document not taken out",
            not_restored="Document not put back",
            after_change=self._after_item_change,
            refresh=self.refresh,
            focus=self.contents,
        )
        self._build_layout()
        self._connect()
        self.set_case(None)

    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(QLabel("<b>Sections, in trial order</b>"))
        left_layout.addWidget(self.sections, 1)
        grid = QGridLayout()
        grid.addWidget(self.add_section_button, 0, 0)
        grid.addWidget(self.rename_button, 0, 1)
        grid.addWidget(self.delete_section_button, 0, 2)
        grid.addWidget(self.section_up_button, 1, 0)
        grid.addWidget(self.section_down_button, 1, 1)
        grid.addWidget(self.reset_button, 1, 2)
        left_layout.addLayout(grid)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.contents_label)
        right_layout.addWidget(self.contents, 1)
        tools = QHBoxLayout()
        for button in (
            self.add_documents_button,
            self.item_up_button,
            self.item_down_button,
            self.remove_button,
        ):
            tools.addWidget(button)
        tools.addStretch(1)
        right_layout.addLayout(tools)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.witness_button)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        up = QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Up)
        down = QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Down)
        delete = QKeySequence(QKeySequence.StandardKey.Delete)
        add_shortcut(self, "Rename section", QKeySequence(Qt.Key.Key_F2), self.sections, self.rename_section)
        add_shortcut(self, "Delete section", delete, self.sections, self.delete_section)
        add_shortcut(self, "Move section up", up, self.sections, lambda: self.move_section(-1))
        add_shortcut(self, "Move section down", down, self.sections, lambda: self.move_section(1))
        add_shortcut(self, "Remove document", delete, self.contents, self.remove_item)
        add_shortcut(self, "Move document up", up, self.contents, lambda: self.move_item(-1))
        add_shortcut(self, "Move document down", down, self.contents, lambda: self.move_item(1))
        self.add_section_button.clicked.connect(self.add_section)
        self.rename_button.clicked.connect(self.rename_section)
        self.delete_section_button.clicked.connect(self.delete_section)
        self.section_up_button.clicked.connect(lambda: self.move_section(-1))
        self.section_down_button.clicked.connect(lambda: self.move_section(1))
        self.reset_button.clicked.connect(self.reset_layout)
        self.add_documents_button.clicked.connect(self.add_documents)
        self.item_up_button.clicked.connect(lambda: self.move_item(-1))
        self.item_down_button.clicked.connect(lambda: self.move_item(1))
        self.remove_button.clicked.connect(self.remove_item)
        self.export_button.clicked.connect(self.export_binder)
        self.witness_button.clicked.connect(self.export_witness_binder)
        self.undo_bar.undo_requested.connect(self._undo.undo)
        self.undo_bar.undo_requested.connect(self._item_undo.undo)
        self.sections.currentRowChanged.connect(lambda _row: self._show_contents())
        self.contents.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.sections.model().rowsMoved.connect(self._on_sections_dropped)
        self.contents.model().rowsMoved.connect(self._on_contents_dropped)
        self.export.exported.connect(self.binder_exported)

    # --- showing ---------------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose binder is shown."""
        return self._case_id

    def set_case(self, case_id: int | None, case_number: str = "") -> None:
        """Show another case's binder (None: no case); its number names the files saved."""
        if case_id != self._case_id:
            self._undo.forget()
            self._item_undo.forget()
        self._case_id = case_id
        if case_id is not None and not case_number:
            case_number = self._binder.case_number(case_id)
        self._case_number = case_number
        self.refresh()

    def refresh(self, select_section: int | None = None) -> None:
        """Read the layout again (call when exhibits, witnesses, documents or Bates numbers change)."""
        current = self.current_section()
        keep = select_section if select_section is not None else (current.id if current else None)
        self._sections = []
        if self._case_id is not None:
            try:
                self._sections = list(self._binder.layout(self._case_id).sections)
                self._generated = self._binder.generated_pages(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Binder not shown", exc)
        self.sections.blockSignals(True)
        self.sections.clear()
        for index, section in enumerate(self._sections):
            item = QListWidgetItem(f"{index + 1}.  {section.title}")
            item.setData(RECORD_ROLE, section)
            item.setToolTip(section.kind.label)
            self.sections.addItem(item)
        rows = [i for i, s in enumerate(self._sections) if s.id == keep]
        self.sections.setCurrentRow(rows[0] if rows else (0 if self._sections else -1))
        self.sections.blockSignals(False)
        self._show_contents()

    def current_section(self) -> LayoutSection | None:
        """The section selected on the left."""
        item = self.sections.currentItem()
        record = item.data(RECORD_ROLE) if item is not None else None
        return record if isinstance(record, LayoutSection) else None

    def current_item(self) -> LayoutItem | None:
        """The document selected on the right (``None`` for a generated line)."""
        item = self.contents.currentItem()
        record = item.data(RECORD_ROLE) if item is not None else None
        return record if isinstance(record, LayoutItem) else None

    def contents_texts(self) -> list[str]:
        """What the right-hand list shows, line by line."""
        return [self.contents.item(row).text() for row in range(self.contents.count())]

    def _show_contents(self, select_item: int | None = None) -> None:
        section = self.current_section()
        self.contents.blockSignals(True)
        self.contents.clear()
        if self._case_id is None:
            self.contents_label.setText(NO_CASE)
        elif section is None:
            self.contents_label.setText(NO_SECTION)
        else:
            kind = "" if section.title == section.kind.label else f" — {section.kind.label}"
            generated_lines = self._generated.get(section.kind, ())
            note = f"<br><span style='color: {GENERATED_COLOUR.name()}'>{GENERATED_NOTE}</span>"
            self.contents_label.setText(
                f"<b>{escape(section.title)}</b>{kind}{note if generated_lines else ''}"
            )
            for generated in generated_lines:
                line = QListWidgetItem(generated)
                line.setForeground(QBrush(GENERATED_COLOUR))
                line.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.contents.addItem(line)
            for item in section.items:
                entry = QListWidgetItem(f"{item.document_name} — {item.pages_text}")
                entry.setData(RECORD_ROLE, item)
                entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsDropEnabled)
                self.contents.addItem(entry)
            if not section.items:
                hint = QListWidgetItem("No documents filed here. Add Documents… files the case's documents.")
                hint.setForeground(QBrush(GENERATED_COLOUR))
                hint.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.contents.addItem(hint)
            rows = [r for r in range(self.contents.count()) if _item_id(self._item_at(r)) == select_item]
            if rows and select_item is not None:
                self.contents.setCurrentRow(rows[0])
        self.contents.blockSignals(False)
        self._update_buttons()

    def _item_at(self, row: int) -> LayoutItem | None:
        record = self.contents.item(row).data(RECORD_ROLE)
        return record if isinstance(record, LayoutItem) else None

    def _update_buttons(self) -> None:
        has_case = self._case_id is not None
        section = self.current_section()
        item = self.current_item()
        for button in (self.add_section_button, self.reset_button, self.export_button, self.witness_button):
            button.setEnabled(has_case)
        for button in (
            self.rename_button,
            self.delete_section_button,
            self.section_up_button,
            self.section_down_button,
            self.add_documents_button,
        ):
            button.setEnabled(section is not None)
        for button in (self.item_up_button, self.item_down_button, self.remove_button):
            button.setEnabled(item is not None)

    # --- sections --------------------------------------------------------------------------------

    def add_section(self) -> None:
        """Ask for a kind and title; add the section after the selected one."""
        if self._case_id is None:
            return
        answer = SectionDialog.ask(self)
        if answer is None:
            return
        kind, title = answer
        row = self.sections.currentRow()
        try:
            added = self._binder.add_section(self._case_id, kind, title, row + 1 if row >= 0 else None)
        except CasedeskError as exc:
            show_error(self, "Section not added", exc)
            return
        self.refresh(select_section=added.id)
        self.sections.setFocus(Qt.FocusReason.OtherFocusReason)

    def rename_section(self) -> None:
        """Ask for the selected section's new title."""
        section = self.current_section()
        if section is None or section.id is None:
            return
        answer = SectionDialog.ask(self, section.title, section.kind)
        if answer is None:
            return
        try:
            self._binder.rename_section(section.id, answer[1])
        except CasedeskError as exc:
            show_error(self, "Section not renamed", exc)
        self.refresh()
        self.sections.setFocus(Qt.FocusReason.OtherFocusReason)

    def delete_section(self) -> None:
        """Delete the selected section; Undo puts it back."""
        self._item_undo.forget()
        self._undo.delete(self.current_section())

    def _after_section_change(self, section_id: int | None) -> None:
        self.refresh(select_section=section_id)

    def move_section(self, step: int) -> None:
        """Move the selected section one place up (-1) or down (1)."""
        section = self.current_section()
        row = self.sections.currentRow()
        if section is None or section.id is None or not 0 <= row + step < len(self._sections):
            return
        self._move_section_to(section.id, row + step)

    def _move_section_to(self, section_id: int, index: int) -> None:
        try:
            self._binder.move_section(section_id, index)
        except CasedeskError as exc:
            show_error(self, "Section not moved", exc)
        self.refresh(select_section=section_id)

    def _on_sections_dropped(
        self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex, row: int
    ) -> None:
        section = self._sections[start] if 0 <= start < len(self._sections) else None
        if section is None or section.id is None:
            return
        index = row if row < start else row - 1
        self._move_section_to(section.id, index)

    def reset_layout(self) -> None:
        """After confirming, put back the template's sections (filed documents are taken out)."""
        if self._case_id is None:
            return
        if not self.confirm_reset():
            return
        try:
            self._binder.reset_layout(self._case_id)
        except CasedeskError as exc:
            show_error(self, "Binder not reset", exc)
        self._undo.forget()
        self._item_undo.forget()
        self.refresh()

    def confirm_reset(self) -> bool:
        """Whether the user confirms replacing the layout by the template's."""
        return confirm(
            self,
            "Reset to Template",
            "Replace this binder's sections by the template's?",
            "Reset",
            "Sections you added or renamed go, and the documents filed in sections are taken out of the "
            "binder (they stay in the case). Exhibits and witnesses are not touched.",
        )

    # --- documents in a section ------------------------------------------------------------------

    def add_documents(self) -> None:
        """Pick documents of the case (or a page range of one) to file at the end of the section."""
        section = self.current_section()
        if self._case_id is None or section is None or section.id is None:
            return
        documents = self._documents.documents(self._case_id)
        if not documents:
            show_error(
                self,
                "No documents",
                CasedeskError("This case has no documents yet.", "Import them on the Medical tab first."),
            )
            return
        answer = AddDocumentsDialog.ask(self, documents)
        if answer is None or not answer[0]:
            return
        ids, page_from, page_to = answer
        try:
            added = self._binder.add_documents(section.id, ids, page_from=page_from, page_to=page_to)
        except CasedeskError as exc:
            show_error(self, "Documents not added", exc)
            return
        self.refresh()
        self._show_contents(select_item=added[-1].id if added else None)

    def move_item(self, step: int) -> None:
        """Move the selected document one place up (-1) or down (1) in its section."""
        section = self.current_section()
        item = self.current_item()
        if section is None or item is None or item.id is None:
            return
        index = [i.id for i in section.items].index(item.id) + step
        if 0 <= index < len(section.items):
            self._move_item_to(item.id, index)

    def _move_item_to(self, item_id: int, index: int) -> None:
        try:
            self._binder.move_item(item_id, index)
        except CasedeskError as exc:
            show_error(self, "Document not moved", exc)
        self.refresh()
        self._show_contents(select_item=item_id)

    def _on_contents_dropped(
        self, _parent: QModelIndex, start: int, _end: int, _dest: QModelIndex, row: int
    ) -> None:
        section = self.current_section()
        if section is None:
            return
        offset = len(self._generated.get(section.kind, ()))
        documents = list(section.items)
        moving = start - offset
        if not 0 <= moving < len(documents) or documents[moving].id is None:
            self._show_contents()
            return
        target = (row if row < start else row - 1) - offset
        self._move_item_to(documents[moving].id or 0, max(0, min(target, len(documents) - 1)))

    def remove_item(self) -> None:
        """Take the selected document out of its section; Undo puts it back."""
        self._undo.forget()
        self._item_undo.delete(self.current_item())

    def _after_item_change(self, item_id: int | None) -> None:
        self.refresh()
        self._show_contents(select_item=item_id)

    # --- export ----------------------------------------------------------------------------------

    def export_binder(self) -> None:
        """Ask where, then write the whole binder in the background."""
        if self._case_id is not None:
            self.export.run(self._case_id, f"{self._case_number or 'Case'} trial binder")

    def export_witness_binder(self) -> None:
        """Ask which witness and where, then write that witness's binder."""
        if self._case_id is None:
            return
        witnesses = self._binder.witnesses(self._case_id)
        if not witnesses:
            show_error(
                self,
                "No witnesses",
                CasedeskError("This case has no witnesses yet.", "Add them on the Witnesses sub-tab first."),
            )
            return
        names = [witness_display(view) for view in witnesses]
        chosen = self.ask_witness(names)
        if chosen is None:
            return
        view = witnesses[names.index(chosen)]
        self.export.run(self._case_id, f"{self._case_number or 'Case'} witness binder {view.name}", view.id)

    def ask_witness(self, names: list[str]) -> str | None:
        """Which witness's binder to write (a list to pick from)."""
        name, ok = QInputDialog.getItem(self, "Witness Binder", "Witness:", names, 0, False)
        return name if ok else None


def _item_id(item: LayoutItem | None) -> int | None:
    return item.id if item is not None else None
