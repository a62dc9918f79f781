"""A case's documents: the imported PDFs, importing more (file dialog, drag and drop), open, rename."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.documents import Document, ImportOutcome, ImportStatus
from casedesk.domain.errors import CasedeskError, CaseFileError, NotFoundError
from casedesk.domain.typed import format_date, format_time
from casedesk.ui.files import open_with_system
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tables import RecordTableModel, record_table, selected_data
from casedesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from casedesk.services.documents import DocumentService

COL_NAME, COL_PAGES, COL_SIZE, COL_IMPORTED, COL_PROVIDER, COL_CONDITION = range(6)
COLUMN_WIDTHS = {COL_NAME: 300, COL_PAGES: 60, COL_SIZE: 80, COL_IMPORTED: 150, COL_PROVIDER: 200}
_Index = QModelIndex | QPersistentModelIndex
EMPTY_TEXT = (
    "No documents in this case yet.\n\n"
    "Drag PDF files from your folders onto this list, or press Import PDFs… (Ctrl+I) to choose them. "
    "The files are copied into the case file; the originals are left as they are."
)
REPAIRED_MARK = "Repaired"
REPAIRED_TIP = (
    "This PDF was damaged (its internal table of contents was broken) and casedesk repaired it to read "
    "its pages. The stored copy is the file exactly as it was imported; check that no pages are missing."
)
#: Dark amber: a repaired file deserves a look, it is not an error.
REPAIRED_COLOR = QColor("#9a5b00")
PASSWORD_MARK = "Password"
PASSWORD_TIP = "This PDF is password-protected; casedesk keeps its password to open it."
NOT_KNOWN = "Not known"


class DocumentRole(enum.IntEnum):
    """Custom data roles of :class:`DocumentTableModel`."""

    #: The :class:`Document` shown on the row.
    DOCUMENT = Qt.ItemDataRole.UserRole + 1
    #: What the column sorts by (numbers and moments, not their text).
    SORT = Qt.ItemDataRole.UserRole + 2


def format_size(size: int) -> str:
    """A file size as people read it: ``850 bytes``, ``312 KB``, ``4.2 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1000:.0f} KB"
    return f"{size / 1_000_000:,.1f} MB"


def pages_phrase(count: int) -> str:
    """``1 page``, ``1,200 pages``."""
    return "1 page" if count == 1 else f"{count:,} pages"


class DocumentTableModel(RecordTableModel):
    """A case's documents as table rows; the name column can be edited (F2) to give a title.

    The model never saves: an edited name is announced with :attr:`title_edited` for the panel to save.

    Signals:
        title_edited: ``(document_id, title)`` — the user typed a new name in the table.
    """

    HEADERS = ("Name", "Pages", "Size", "Imported", "Provider", "Condition")
    title_edited = Signal(int, str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Document] = []
        self._providers: dict[int, str] = {}

    def set_rows(self, rows: Sequence[Document], providers: dict[int, str] | None = None) -> None:
        """Replace every row; ``providers`` names the case's providers by id."""
        self.beginResetModel()
        self._rows = list(rows)
        self._providers = dict(providers or {})
        self.endResetModel()

    def document(self, row: int) -> Document:
        """The document shown on a row."""
        return self._rows[row]

    def row_of(self, document_id: int | None) -> int | None:
        """The row showing a document, if it is listed."""
        return next((row for row, d in enumerate(self._rows) if d.id == document_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt override: the name can be edited."""
        flags = super().flags(index)
        if index.isValid() and index.column() == COL_NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        document = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(document, column)
        if role == Qt.ItemDataRole.EditRole:
            return document.display_name if column == COL_NAME else self._text(document, column)
        if role == DocumentRole.DOCUMENT:
            return document
        if role == DocumentRole.SORT:
            return self._sort_key(document, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_PAGES, COL_SIZE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(document, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_CONDITION and document.repaired:
            return QBrush(REPAIRED_COLOR)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Qt override: announce a new name (the panel saves it and reloads the rows)."""
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != COL_NAME:
            return False
        document = self._rows[index.row()]
        title = " ".join(str(value).split())
        if document.id is None or title == document.display_name:
            return False
        self.title_edited.emit(document.id, title)
        return True

    def _text(self, document: Document, column: int) -> str:
        if column == COL_NAME:
            return document.display_name
        if column == COL_PAGES:
            return f"{document.page_count:,}"
        if column == COL_SIZE:
            return format_size(document.size)
        if column == COL_IMPORTED:
            moment = document.imported_at.astimezone()
            return f"{format_date(moment.date())} {format_time(moment.time())}"
        if column == COL_PROVIDER:
            if document.provider_id is None:
                return ""
            return self._providers.get(document.provider_id, "")
        marks = [REPAIRED_MARK] if document.repaired else []
        if document.password:
            marks.append(PASSWORD_MARK)
        return " · ".join(marks)

    def _tooltip(self, document: Document, column: int) -> str | None:
        if column == COL_CONDITION:
            tips = [REPAIRED_TIP] if document.repaired else []
            if document.password:
                tips.append(PASSWORD_TIP)
            return "\n\n".join(tips) or None
        if column == COL_NAME:
            if document.title.strip():
                return f"{document.title}\nImported from {document.original_name}"
            return document.original_name
        return self._text(document, column) or None

    def _sort_key(self, document: Document, column: int) -> Any:
        if column == COL_PAGES:
            return document.page_count
        if column == COL_SIZE:
            return document.size
        if column == COL_IMPORTED:
            return document.imported_at.timestamp()
        return self._text(document, column).casefold()


class PasswordDialog(QDialog):
    """Asks for the password of a password-protected PDF being imported; Skip leaves the file out."""

    def __init__(self, file_name: str, wrong: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Password-protected PDF")
        if wrong:
            text = f"The password for “{file_name}” is wrong. Enter it again, or skip the file."
        else:
            text = f"“{file_name}” is password-protected. Enter its password to import it, or skip the file."
        self.message = QLabel(text)
        self.message.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = self.buttons.addButton("&Skip this file", QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        label = QLabel("&Password:")
        label.setBuddy(self.password)
        layout.addWidget(label)
        layout.addWidget(self.password)
        layout.addWidget(self.buttons)
        self.password.textChanged.connect(self._on_password_text_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    @property
    def answer(self) -> str | None:
        """The password entered, or None when the user skipped the file."""
        accepted = self.result() == QDialog.DialogCode.Accepted
        return self.password.text() if accepted and self.password.text() else None

    @classmethod
    def ask(cls, parent: QWidget, file_name: str, wrong: bool = False) -> str | None:
        """The password the user enters for the file, or None to skip it."""
        dialog = cls(file_name, wrong, parent)
        try:
            dialog.exec()
            return dialog.answer
        finally:
            dialog.deleteLater()

    def _on_password_text_changed(self, text: str) -> None:
        self.import_button.setEnabled(bool(text))


class ImportResultsDialog(QDialog):
    """What became of each file of an import: imported, already in the case, or not imported and why."""

    def __init__(self, outcomes: Sequence[ImportOutcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import results")
        self.resize(760, 380)
        self.summary = QLabel(summarize(outcomes))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(outcomes), 3)
        self.table.setHorizontalHeaderLabels(["File", "Result", "Details"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().resizeSection(0, 220)
        self.table.horizontalHeader().resizeSection(1, 140)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for row, outcome in enumerate(outcomes):
            cells = (outcome.path.name, result_label(outcome), outcome.message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(outcome.path) if column == 0 else text)
                self.table.setItem(row, column, item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table as shown: file name, result, details."""
        rows = []
        for row in range(self.table.rowCount()):
            items = [self.table.item(row, column) for column in range(3)]
            file, result, details = (item.text() if item is not None else "" for item in items)
            rows.append((file, result, details))
        return rows

    @classmethod
    def show_results(cls, parent: QWidget, outcomes: Sequence[ImportOutcome]) -> None:
        """Show the results until the user closes them."""
        dialog = cls(outcomes, parent)
        try:
            dialog.exec()
        finally:
            dialog.deleteLater()


#: What the results list says of a file left out because the user skipped its password.
SKIPPED_MESSAGE = "Skipped: it is password-protected and no password was entered."


def result_label(outcome: ImportOutcome) -> str:
    """The result column: Imported, Already in this case, Not imported, Skipped, Cancelled."""
    if outcome.status is ImportStatus.NEEDS_PASSWORD:
        return "Skipped (password)"
    return outcome.status.label


def summarize(outcomes: Iterable[ImportOutcome]) -> str:
    """One sentence on an import: ``2 PDFs imported (41 pages); 1 already in this case; 1 not imported.``."""
    outcomes = list(outcomes)
    counts = {status: sum(1 for o in outcomes if o.status is status) for status in ImportStatus}
    pages = sum(o.document.page_count for o in outcomes if o.status is ImportStatus.IMPORTED and o.document)
    imported = counts[ImportStatus.IMPORTED]
    parts = [
        f"{imported:,} PDF{'' if imported == 1 else 's'} imported"
        + (f" ({pages_phrase(pages)})" if imported else "")
    ]
    if counts[ImportStatus.DUPLICATE]:
        parts.append(f"{counts[ImportStatus.DUPLICATE]:,} already in this case")
    if counts[ImportStatus.FAILED]:
        parts.append(f"{counts[ImportStatus.FAILED]:,} not imported")
    if counts[ImportStatus.NEEDS_PASSWORD]:
        parts.append(f"{counts[ImportStatus.NEEDS_PASSWORD]:,} skipped (password)")
    if counts[ImportStatus.CANCELLED]:
        parts.append(f"{counts[ImportStatus.CANCELLED]:,} cancelled")
    return "; ".join(parts) + "."


def pdf_paths(paths: Iterable[Path]) -> list[Path]:
    """The files to import from what was dropped or chosen: files as they are, folders' PDFs, no repeats."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            found.update(dict.fromkeys(sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf")))
        else:
            found[path] = None
    return list(found)


class _ImportRun:
    """One import the user started: its files' outcomes as they settle, password rounds included."""

    def __init__(self, case_id: int, paths: Sequence[Path]) -> None:
        self.case_id = case_id
        self.paths = list(paths)
        self.outcomes: dict[Path, ImportOutcome] = {}

    def record(self, outcomes: Iterable[ImportOutcome]) -> None:
        for outcome in outcomes:
            self.outcomes[outcome.path] = outcome

    def skip(self, path: Path) -> None:
        self.outcomes[path] = ImportOutcome(path, ImportStatus.NEEDS_PASSWORD, SKIPPED_MESSAGE)

    def results(self) -> list[ImportOutcome]:
        return [self.outcomes[path] for path in self.paths if path in self.outcomes]


class DocumentsPanel(QWidget):
    """A case's documents, with import (button, Ctrl+I, or drag and drop), open, rename and delete.

    Imports run on a worker thread with a progress dialog and Cancel; password-protected files are asked
    for one by one; when something was not plainly imported, a results dialog says what and why.

    Signals:
        documents_changed: Documents were imported, renamed, given a provider, or deleted.
        document_activated: ``(document_id)`` — the user opened a document (Enter or double-click).
    """

    documents_changed = Signal()
    document_activated = Signal(int)

    def __init__(
        self, documents: DocumentService, runner: TaskRunner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._documents = documents
        self._runner = runner or TaskRunner()
        self._case_id: int | None = None
        self._run: _ImportRun | None = None
        self._last_folder = ""
        #: The progress dialog of the import running, if one is.
        self.progress_dialog: ProgressDialog | None = None
        self.model = DocumentTableModel(self)
        self.setAcceptDrops(True)

        self.import_button = QPushButton("&Import PDFs…")
        self.import_button.setToolTip("Copy PDF files into this case (Ctrl+I); you can also drag them here")
        self.open_button = QPushButton("&Open in PDF Viewer")
        self.open_button.setToolTip(
            "Open the selected document in your own PDF viewer (Enter or double-click shows it in the "
            "Record Index, to index it)"
        )
        self.rename_button = QPushButton("&Rename")
        self.rename_button.setToolTip("Give the selected document a name of its own (F2)")
        self.delete_button = QPushButton("De&lete…")
        self.delete_button.setToolTip("Delete the selected document from this case (Del)")
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Documents")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Documents</b>"))
        tools.addStretch(1)
        for button in (self.import_button, self.open_button, self.rename_button, self.delete_button):
            tools.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.status_label)

        self._add_shortcut("Import PDFs", QKeySequence("Ctrl+I"), self, self.import_pdfs)
        self._add_shortcut("Rename document", QKeySequence(Qt.Key.Key_F2), self, self.rename_document)
        self._add_shortcut(
            "Delete document", QKeySequence.StandardKey.Delete, self.table, self.delete_document
        )

        self.import_button.clicked.connect(self.import_pdfs)
        self.open_button.clicked.connect(self.open_document)
        self.rename_button.clicked.connect(self.rename_document)
        self.delete_button.clicked.connect(self.delete_document)
        self.table.activated.connect(self._on_table_activated)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # Queued: the name is saved (and the rows reloaded) once the editor has closed.
        self.model.title_edited.connect(self._on_model_title_edited, Qt.ConnectionType.QueuedConnection)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case whose documents are shown."""
        return self._case_id

    @property
    def is_importing(self) -> bool:
        """Whether an import started here is still running (or waiting for passwords)."""
        return self._run is not None

    def set_case(self, case_id: int | None) -> None:
        """Show another case's documents (None: no case)."""
        if case_id != self._case_id:
            self.status_label.clear()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the documents again, keeping the selected one selected."""
        keep = self.selected_document()
        rows: list[Document] = []
        providers: dict[int, str] = {}
        if self._case_id is not None:
            try:
                rows = self._documents.documents(self._case_id)
                providers = self._documents.provider_names(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Documents not read", exc)
        self.model.set_rows(rows, providers)
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText("No case selected." if self._case_id is None else EMPTY_TEXT)
            self._stack.setCurrentWidget(self.empty_label)
        if keep is not None:
            self._select(keep.id)
        self._update_buttons()

    def selected_document(self) -> Document | None:
        """The document on the selected row."""
        document: Document | None = selected_data(self.table, DocumentRole.DOCUMENT)
        return document

    # --- importing -------------------------------------------------------------------------------

    def import_pdfs(self) -> None:
        """Ask for PDF files (many at once) and import them."""
        if self._case_id is None or self.is_importing:
            return
        folder = self._last_folder or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        names, _ = QFileDialog.getOpenFileNames(
            self, "Import PDFs into this case", folder, "PDF documents (*.pdf *.PDF);;All files (*)"
        )
        if names:
            self._last_folder = str(Path(names[0]).parent)
            self.import_paths([Path(name) for name in names])

    def import_paths(self, paths: Iterable[Path]) -> None:
        """Import files (folders: the PDFs in them) into the case shown, in the background."""
        if self._case_id is None or self.is_importing:
            return
        files = pdf_paths(paths)
        if not files:
            self.status_label.setText("There were no PDF files to import.")
            return
        self._run = _ImportRun(self._case_id, files)
        self._update_buttons()
        self._start(files, None)

    def _start(self, paths: list[Path], passwords: dict[Path, str] | None) -> None:
        run = self._run
        if run is None:
            return
        dialog = ProgressDialog("Importing PDFs", self, step="File {number} of {total}: {name}")
        self.progress_dialog = dialog
        dialog.show()
        case_id = run.case_id
        documents = self._documents

        def work() -> list[ImportOutcome]:
            return documents.import_files(
                case_id, paths, passwords=passwords, progress=dialog.report, cancel=dialog.token
            )

        self._runner.op(self, work).on_success(self._on_import_finished).on_failure(
            self._on_import_failed
        ).start()

    def _on_import_finished(self, outcomes: list[ImportOutcome]) -> None:
        run = self._run
        cancelled = self._close_progress()
        if run is None:
            return
        run.record(outcomes)
        if any(outcome.status is ImportStatus.IMPORTED for outcome in outcomes):
            self.refresh()
            self.documents_changed.emit()
        passwords: dict[Path, str] = {}
        for outcome in outcomes:
            if outcome.status is not ImportStatus.NEEDS_PASSWORD:
                continue
            answer = (
                None if cancelled else PasswordDialog.ask(self, outcome.path.name, outcome.wrong_password)
            )
            if answer is None:
                run.skip(outcome.path)
            else:
                passwords[outcome.path] = answer
        if passwords:
            self._start(list(passwords), passwords)
        else:
            self._finish_run()

    def _on_import_failed(self, error: BaseException) -> None:
        self._close_progress()
        run, self._run = self._run, None
        self._update_buttons()
        self.refresh()
        if run is not None and run.outcomes:
            self.documents_changed.emit()
        if isinstance(error, CasedeskError):
            show_error(self, "PDFs not imported", error)
            return
        raise error  # unexpected: the application's handler logs it and says so

    def _finish_run(self) -> None:
        run, self._run = self._run, None
        self._update_buttons()
        if run is None:
            return
        results = run.results()
        imported = [o for o in results if o.status is ImportStatus.IMPORTED]
        if imported and imported[-1].document is not None:
            self._select(imported[-1].document.id)
        self.status_label.setText(summarize(results))
        if any(outcome.status is not ImportStatus.IMPORTED for outcome in results):
            ImportResultsDialog.show_results(self, results)

    def _close_progress(self) -> bool:
        """Close the progress dialog; whether the user had cancelled."""
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is None:
            return False
        cancelled = dialog.token.cancelled
        dialog.finish()
        return cancelled

    # --- drag and drop -----------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Qt override: files dragged over the panel can be dropped when a case is shown."""
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        """Qt override."""
        if self._accepts(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """Qt override: import the files dropped."""
        if not self._accepts(event):
            event.ignore()
            return
        paths = [Path(url.toLocalFile()) for url in event.mimeData().urls() if url.isLocalFile()]
        event.acceptProposedAction()
        self.import_paths(paths)

    def _accepts(self, event: QDropEvent | QDragMoveEvent | QDragEnterEvent) -> bool:
        mime = event.mimeData()
        return (
            self._case_id is not None
            and not self.is_importing
            and mime.hasUrls()
            and any(url.isLocalFile() for url in mime.urls())
        )

    # --- the selected document ---------------------------------------------------------------------

    def open_document(self) -> None:
        """Open the selected document's stored copy in the system's PDF viewer."""
        document = self.selected_document()
        if document is None or document.id is None:
            return
        try:
            path = self._documents.file_path(document)
        except NotFoundError as exc:
            show_error(self, "Document not opened", exc)
            return
        except CaseFileError:  # an encrypted case file: only a plain copy the user places can be opened
            from casedesk.ui.encryption import save_plain_copy

            copy = save_plain_copy(
                self,
                f"“{document.display_name}”",
                document.display_name,
                lambda target: self._documents.save_copy(document, target),
            )
            if copy is None:
                return
            path = copy
        if not open_with_system(path):
            show_error(
                self,
                "Document not opened",
                CasedeskError(
                    f"No program on this computer opens PDF files, so “{document.display_name}” "
                    "could not be shown.",
                    f"Install a PDF viewer, or open the file yourself: {path}",
                ),
            )

    def rename_document(self) -> None:
        """Start editing the selected document's name in the table (Enter saves, Esc cancels)."""
        row = self.model.row_of(getattr(self.selected_document(), "id", None))
        if row is None:
            return
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.table.edit(self.model.index(row, COL_NAME))

    def delete_document(self) -> None:
        """Delete the selected document from the case, after the user confirms."""
        document = self.selected_document()
        if document is None or document.id is None:
            return
        try:
            entries, bills = self._documents.citations(document.id)
        except CasedeskError as exc:
            show_error(self, "Document not deleted", exc)
            self.refresh()
            return
        if not confirm(
            self,
            "Delete document",
            f"Delete “{document.display_name}” ({pages_phrase(document.page_count)}) from this case?",
            "Delete",
            _delete_detail(entries, bills),
        ):
            return
        try:
            self._documents.delete(document.id)
        except CasedeskError as exc:
            show_error(self, "Document not deleted", exc)
        self.status_label.setText(f"Deleted “{document.display_name}”.")
        self.refresh()
        self.documents_changed.emit()

    def set_provider(self, provider_id: int | None) -> None:
        """Say which provider the selected document came from (None: not known)."""
        document = self.selected_document()
        if document is None or document.id is None:
            return
        try:
            self._documents.set_provider(document.id, provider_id)
        except CasedeskError as exc:
            show_error(self, "Provider not saved", exc)
        self.refresh()
        self.documents_changed.emit()

    def context_menu(self) -> QMenu:
        """The selected document's menu: open, rename, provider, delete."""
        menu = QMenu(self)
        document = self.selected_document()
        for text, slot in (("&Open", self.open_document), ("&Rename", self.rename_document)):
            action = menu.addAction(text)
            action.triggered.connect(slot)
            action.setEnabled(document is not None)
        providers = menu.addMenu("&Provider")
        providers.setEnabled(document is not None)
        current = document.provider_id if document is not None else None
        choices: list[tuple[str, int | None]] = [(NOT_KNOWN, None)]
        choices += [(name, provider_id) for provider_id, name in self.model._providers.items()]
        for name, provider_id in choices:
            action = providers.addAction(name)
            action.setCheckable(True)
            action.setChecked(provider_id == current)
            action.triggered.connect(lambda _checked=False, chosen=provider_id: self.set_provider(chosen))
        menu.addSeparator()
        delete = menu.addAction("De&lete…")
        delete.setEnabled(document is not None)
        delete.triggered.connect(self.delete_document)
        return menu

    # --- helpers -----------------------------------------------------------------------------------

    def _add_shortcut(
        self, text: str, keys: QKeySequence | QKeySequence.StandardKey, owner: QWidget, slot: Any
    ) -> None:
        action = QAction(text, owner)
        action.setShortcut(keys)
        context = (
            Qt.ShortcutContext.WidgetShortcut
            if owner is self.table
            else Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        action.setShortcutContext(context)
        action.triggered.connect(slot)
        owner.addAction(action)

    def _select(self, document_id: int | None) -> None:
        row = self.model.row_of(document_id)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        selected = self.selected_document() is not None
        self.import_button.setEnabled(self._case_id is not None and not self.is_importing)
        for button in (self.open_button, self.rename_button, self.delete_button):
            button.setEnabled(selected)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        document = self.selected_document()
        if document is not None and document.id is not None:
            self.document_activated.emit(document.id)

    def _on_table_context_menu(self, position: QPoint) -> None:
        self.context_menu().exec(self.table.viewport().mapToGlobal(position))

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_model_title_edited(self, document_id: int, title: str) -> None:
        try:
            self._documents.rename(document_id, title)
        except CasedeskError as exc:
            show_error(self, "Name not saved", exc)
        self.refresh()
        self.documents_changed.emit()


def _delete_detail(entries: int, bills: int) -> str:
    """What deleting a document takes with it, for the confirmation."""
    cited = []
    if entries:
        cited.append("1 record index entry" if entries == 1 else f"{entries:,} record index entries")
    if bills:
        cited.append("1 bill" if bills == 1 else f"{bills:,} bills")
    lines = [
        "Its pages leave the search. This cannot be undone; the original file you imported is not touched."
    ]
    if cited:
        lines.insert(
            0,
            f"{' and '.join(cited)} cite it; they stay, without the link to the document.",
        )
    else:
        lines.insert(0, "No record index entry cites it.")
    return "\n\n".join(lines)
