"""New Production…: which documents, to whom, when and into which folder; checked as typed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.bates import DocumentBates, format_label
from casedesk.domain.documents import Document
from casedesk.domain.typed import DateError
from casedesk.services.documents import pages_phrase
from casedesk.ui.forms import DateField, FormDialog, FormErrors, error_label, notes_box

if TYPE_CHECKING:
    from casedesk.domain.bates import BatesSettings

#: The document id on each list item.
DOCUMENT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True, slots=True)
class ProductionRequest:
    """What the user asked to produce."""

    document_ids: tuple[int, ...]
    recipient: str
    produced_on: date
    notes: str
    folder: Path


class ProductionDialog(FormDialog):
    """Picks the documents of a production (those numbered already show their range) and where it goes.

    Attributes:
        request: What to produce, once the user pressed Produce.
    """

    discard_subject = "this production"

    def __init__(
        self,
        parent: QWidget | None,
        documents: list[Document],
        numbers: dict[int, DocumentBates],
        settings: BatesSettings,
        next_number: int,
        today: date,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New Production")
        self.resize(640, 560)
        self._documents = {d.id: d for d in documents if d.id is not None}
        self._numbers = numbers
        self._settings = settings
        self._next = next_number
        self._today = today
        self.request: ProductionRequest | None = None

        self.list = QListWidget()
        self.list.setAccessibleName("Documents to produce")
        for document in documents:
            if document.id is None:
                continue
            numbered = numbers.get(document.id)
            pages = pages_phrase(document.page_count) if document.page_count else "no readable pages"
            text = f"{document.display_name} — {pages}"
            if numbered is not None:
                text += f" — {numbered.range_label()}"
            item = QListWidgetItem(text)
            item.setData(DOCUMENT_ROLE, document.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.all_button = QPushButton("Select &all")
        self.none_button = QPushButton("Select &none")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setObjectName("productionSummary")
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setPlaceholderText("e.g. Defense counsel")
        self.date_field = DateField()
        self.date_field.set_value(today)
        self.notes_edit = notes_box("Request for production no. 3, served by email…", 3)
        self.folder_edit = QLineEdit(str(folder) if folder else _documents_folder())
        self.browse_button = QPushButton("&Browse…")

        errors = {name: error_label() for name in ("documents", "recipient", "produced_on", "folder")}
        picker = QHBoxLayout()
        picker.addWidget(self.all_button)
        picker.addWidget(self.none_button)
        picker.addStretch(1)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_edit, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("&Recipient:", self.recipient_edit)
        form.addRow("", errors["recipient"])
        form.addRow("&Date produced:", self.date_field)
        form.addRow("", errors["produced_on"])
        form.addRow("N&otes:", self.notes_edit)
        folder_label = QLabel("&Folder:")
        folder_label.setBuddy(self.folder_edit)
        form.addRow(folder_label, folder_row)
        form.addRow("", errors["folder"])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Produce")
        self.buttons.accepted.connect(self._on_produce)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        heading = QLabel("<b>Documents</b> (those numbered already keep their numbers)")
        heading.setBuddy(self.list)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addLayout(picker)
        layout.addWidget(errors["documents"])
        layout.addWidget(self.summary_label)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.form_errors = FormErrors(
            self.buttons,
            {
                "documents": (self.list, errors["documents"]),
                "recipient": (self.recipient_edit, errors["recipient"]),
                "produced_on": (self.date_field, errors["produced_on"]),
                "folder": (self.folder_edit, errors["folder"]),
            },
        )
        self.list.itemChanged.connect(lambda _item: self._on_edited("documents"))
        self.all_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Checked))
        self.none_button.clicked.connect(lambda: self._check_all(Qt.CheckState.Unchecked))
        self.recipient_edit.textEdited.connect(lambda _t: self._on_edited("recipient"))
        self.date_field.textEdited.connect(lambda _t: self._on_edited("produced_on"))
        self.folder_edit.textChanged.connect(lambda _t: self._on_edited("folder"))
        self.browse_button.clicked.connect(self._on_browse)
        self._validate()
        self.remember_loaded()

    # --- reading the form --------------------------------------------------------------------------

    def checked_ids(self) -> list[int]:
        """The documents ticked, in list order."""
        ids = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(DOCUMENT_ROLE)))
        return ids

    def errors(self) -> dict[str, str]:
        """What is wrong with the form, by field."""
        errors: dict[str, str] = {}
        ids = self.checked_ids()
        empty = [
            self._documents[i].display_name
            for i in ids
            if i not in self._numbers and not self._documents[i].page_count
        ]
        if not ids:
            errors["documents"] = "Tick the documents to produce."
        elif empty:
            errors["documents"] = (
                f"“{empty[0]}” has no readable pages, so it cannot be numbered: leave it out."
            )
        if not self.recipient_edit.text().strip():
            errors["recipient"] = "Say who receives the production, e.g. Defense counsel."
        try:
            produced_on = self.date_field.value()
            if produced_on is None:
                errors["produced_on"] = "Enter the date of the production."
            elif produced_on > self._today:
                errors["produced_on"] = "A production cannot be dated in the future."
        except DateError as exc:
            errors["produced_on"] = str(exc)
        folder = self.folder_edit.text().strip()
        if not folder:
            errors["folder"] = "Choose the folder the stamped copies go into."
        elif not Path(folder).expanduser().is_dir():
            errors["folder"] = "This folder does not exist: choose another (Browse…)."
        return errors

    def summary(self) -> str:
        """How many documents and pages, and the numbers the new ones will get."""
        ids = self.checked_ids()
        if not ids:
            return "No documents ticked."
        pages = sum(self._documents[i].page_count for i in ids)
        new = [i for i in ids if i not in self._numbers]
        new_pages = sum(self._documents[i].page_count for i in new)
        text = f"{len(ids)} document{'s' if len(ids) != 1 else ''}, {pages_phrase(pages)}."
        if new_pages:
            first = format_label(self._settings.prefix, self._settings.digits, self._next)
            last = format_label(self._settings.prefix, self._settings.digits, self._next + new_pages - 1)
            text += f" New numbers: {first}–{last}." if new_pages > 1 else f" New number: {first}."
        elif ids:
            text += " All are numbered already: the copies show the same numbers."
        return text

    # --- slots -----------------------------------------------------------------------------------

    def _check_all(self, state: Qt.CheckState) -> None:
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(state)
        self.list.blockSignals(False)
        self._on_edited("documents")

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._validate()

    def _validate(self) -> dict[str, str]:
        errors = self.errors()
        self.form_errors.show(errors)
        self.summary_label.setText(self.summary())
        return errors

    def _on_browse(self) -> None:
        folder = self.ask_folder(self.folder_edit.text())
        if folder is not None:
            self.folder_edit.setText(str(folder))

    def ask_folder(self, start: str) -> Path | None:
        """The folder chooser (tests replace it)."""
        name = QFileDialog.getExistingDirectory(self, "Folder for the stamped copies", start)
        return Path(name) if name else None

    def _on_produce(self) -> None:
        self.form_errors.touch()
        errors = self._validate()
        if errors:
            self.form_errors.focus_first_error(errors)
            return
        produced_on = self.date_field.value()
        assert produced_on is not None
        self.request = ProductionRequest(
            document_ids=tuple(self.checked_ids()),
            recipient=" ".join(self.recipient_edit.text().split()),
            produced_on=produced_on,
            notes=self.notes_edit.toPlainText().strip(),
            folder=Path(self.folder_edit.text().strip()).expanduser(),
        )
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        documents: list[Document],
        numbers: dict[int, DocumentBates],
        settings: BatesSettings,
        next_number: int,
        today: date,
        folder: Path | None = None,
    ) -> ProductionRequest | None:
        """What to produce, or ``None`` when the user cancels."""
        dialog = cls(parent, documents, numbers, settings, next_number, today, folder)
        dialog.exec()
        return dialog.request


def _documents_folder() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
