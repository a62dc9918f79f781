"""Manage Templates…: the Word templates letters are drafted from; the firm adds and removes its own."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.letters import LetterKind, LetterTemplate
from casedesk.domain.typed import format_date
from casedesk.services.letters import LetterService
from casedesk.ui.forms import FormErrors, error_label
from casedesk.ui.messages import confirm, show_error

COL_NAME, COL_KIND, COL_SOURCE = range(3)


class AddTemplateDialog(QDialog):
    """Add a firm template: a .docx file, the name it is chosen by, and the kind of letter it drafts.

    The name is checked as it is typed; the file is checked on Add (not a .docx, unknown merge fields),
    and what is wrong is shown in the dialog, which stays open with everything typed.

    Attributes:
        added: The template added, once Add succeeded.
    """

    def __init__(
        self, letters: LetterService, parent: QWidget | None = None, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self._letters = letters
        self.folder = folder
        self.added: LetterTemplate | None = None
        self.setWindowTitle("Add Letter Template")
        self.setMinimumWidth(480)
        self.file_edit = QLineEdit()
        self.file_edit.setPlaceholderText("a Word document (.docx) with merge fields")
        self.browse_button = QPushButton("&Browse…")
        self.browse_button.clicked.connect(self._on_browse_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.browse_button)
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Demand — short form")
        self.kind_combo = QComboBox()
        for kind in LetterKind:
            self.kind_combo.addItem(kind.label, kind.value)
        self.file_error = error_label()
        self.name_error = error_label()
        form = QFormLayout()
        form.addRow("&File:", file_row)
        form.addRow("", self.file_error)
        form.addRow("&Name:", self.name_edit)
        form.addRow("", self.name_error)
        form.addRow("&Kind:", self.kind_combo)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.add_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.add_button.setText("Add")
        self.buttons.accepted.connect(self._on_add_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        help_text = QLabel(
            "Merge fields are written {{ client_name }}, {{ demand_amount }}… as in the shipped templates. "
            "Letters drafted from it must be reviewed before they are sent."
        )
        help_text.setWordWrap(True)
        layout.addWidget(help_text)
        layout.addWidget(self.buttons)
        self._errors = FormErrors(
            self.buttons,
            {"template": (self.file_edit, self.file_error), "name": (self.name_edit, self.name_error)},
        )
        self.file_edit.textChanged.connect(lambda _t: self._on_edited("template"))
        self.name_edit.textChanged.connect(lambda _t: self._on_edited("name"))
        self._validate()

    def current_errors(self) -> dict[str, str]:
        """What stops the template being added, as typed."""
        errors: dict[str, str] = {}
        text = self.file_edit.text().strip()
        if not text:
            errors["template"] = "Choose the Word document (.docx) to add."
        elif Path(text).suffix.lower() != ".docx":
            errors["template"] = (
                f"“{Path(text).name}” is not a Word document (.docx). Save it as .docx in Word."
            )
        elif not Path(text).is_file():
            errors["template"] = f"There is no file “{text}”."
        return errors | self._letters.template_errors(self.name_edit.text())

    def ask_file(self) -> Path | None:
        """The .docx the user picks (a file dialog)."""
        folder = self.folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose a Word Template", str(folder), "Word documents (*.docx)"
        )
        return Path(name) if name else None

    def _on_browse_clicked(self) -> None:
        path = self.ask_file()
        if path is None:
            return
        self.folder = path.parent
        self.file_edit.setText(str(path))
        if not self.name_edit.text().strip():
            self.name_edit.setText(path.stem)

    def _on_edited(self, name: str) -> None:
        self._errors.touch(name)
        self._validate()

    def _validate(self) -> dict[str, str]:
        errors = self.current_errors()
        self._errors.show(errors)
        return errors

    def _on_add_clicked(self) -> None:
        self._errors.touch()
        if self._validate():
            return
        kind = LetterKind(self.kind_combo.currentData())
        try:
            self.added = self._letters.add_template(
                Path(self.file_edit.text().strip()), self.name_edit.text(), kind
            )
        except ValidationError as exc:
            self._show_refusal(exc)
            return
        self.accept()

    def _show_refusal(self, error: ValidationError) -> None:
        """Put the service's reasons beside the fields (a damaged file's reason goes by the file)."""
        fields = {"template": self.file_error, "name": self.name_error}
        for name, label in fields.items():
            message = error.errors.get(name, "")
            label.setText(message)
            label.setVisible(bool(message))
        other = [m for n, m in error.errors.items() if n not in fields]
        if other:
            self.file_error.setText(" ".join([self.file_error.text(), *other]).strip())
            self.file_error.show()
        self.add_button.setEnabled(True)  # the file may be fixed in Word and added again as it is


class TemplatesDialog(QDialog):
    """The templates letters are drafted from: shipped ones first, then the firm's own.

    Signals:
        templates_changed: A firm template was added or removed.
    """

    templates_changed = Signal()

    def __init__(self, letters: LetterService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._letters = letters
        self.folder: Path | None = None
        self.setWindowTitle("Letter Templates")
        self.resize(640, 360)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Name", "Kind", "Source"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(COL_NAME, 240)
        self.table.setColumnWidth(COL_KIND, 220)
        self.add_button = QPushButton("&Add…")
        self.add_button.clicked.connect(self._on_add_clicked)
        self.remove_button = QPushButton("&Remove")
        self.remove_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_button.clicked.connect(self._on_remove_clicked)
        self.note = QLabel()
        self.note.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def refresh(self, select: str | None = None) -> None:
        """List the templates again, selecting the one named ``select``."""
        templates = self._letters.templates()
        self.table.setRowCount(len(templates))
        for row, template in enumerate(templates):
            source = "Shipped with casedesk" if template.builtin else "Added by the firm"
            if template.added_at is not None:
                source += f" on {format_date(template.added_at.astimezone().date())}"
            for column, text in (
                (COL_NAME, template.name),
                (COL_KIND, template.kind.label),
                (COL_SOURCE, source),
            ):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, template)
                self.table.setItem(row, column, item)
            if template.name == select:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> LetterTemplate | None:
        """The template selected, if any."""
        items = self.table.selectedItems()
        template = items[0].data(Qt.ItemDataRole.UserRole) if items else None
        return template if isinstance(template, LetterTemplate) else None

    def ask_new(self) -> LetterTemplate | None:
        """Run the Add dialog; the template added, or ``None``."""
        dialog = AddTemplateDialog(self._letters, self, self.folder)
        dialog.exec()
        self.folder = dialog.folder
        return dialog.added

    def _update_buttons(self) -> None:
        template = self.selected()
        self.remove_button.setEnabled(template is not None and not template.builtin)
        if template is not None and template.builtin:
            self.note.setText(
                "Templates shipped with casedesk cannot be removed; add the firm's own beside them."
            )
        else:
            self.note.setText("")

    def _on_add_clicked(self) -> None:
        added = self.ask_new()
        if added is None:
            return
        self.refresh(select=added.name)
        self.templates_changed.emit()

    def _on_remove_clicked(self) -> None:
        template = self.selected()
        if template is None or template.builtin or template.id is None:
            return
        if not confirm(
            self,
            "Remove Template",
            f"Remove the template “{template.name}”?",
            "Remove",
            "Letters already drafted from it stay with their cases.",
        ):
            return
        try:
            self._letters.remove_template(template.id)
        except CasedeskError as exc:
            show_error(self, "Template not removed", exc)
            self.refresh()
            return
        self.refresh()
        self.note.setText(f"Removed “{escape(template.name)}”.")
        self.templates_changed.emit()
