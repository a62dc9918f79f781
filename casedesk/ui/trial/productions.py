"""The Productions sub-tab of a case: its Bates numbering settings and the log of what was produced."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.bates import BatesSettings, DocumentBates, Production
from casedesk.domain.documents import Document
from casedesk.domain.errors import CasedeskError
from casedesk.domain.progress import Cancelled
from casedesk.domain.typed import format_date
from casedesk.services.documents import pages_phrase
from casedesk.ui.files import open_with_system
from casedesk.ui.messages import show_error
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tasks import Task, TaskRunner
from casedesk.ui.trial.bates_settings_dialog import BatesSettingsDialog
from casedesk.ui.trial.production_dialog import ProductionDialog, ProductionRequest

if TYPE_CHECKING:
    from casedesk.services.bates import BatesService
    from casedesk.services.documents import DocumentService

COL_DATE, COL_RECIPIENT, COL_RANGE, COL_DOCUMENTS, COL_NOTES = range(5)
HEADERS = ("Date", "Recipient / document", "Bates range", "Documents / pages", "Notes")
WIDTHS = {COL_DATE: 100, COL_RECIPIENT: 260, COL_RANGE: 250, COL_DOCUMENTS: 180}
#: The production on each top-level row.
PRODUCTION_ROLE = Qt.ItemDataRole.UserRole + 1
NO_CASE = "No case selected."
EMPTY = (
    "No productions yet. New Production… (Ctrl+Shift+P) stamps Bates numbers on the documents you pick, "
    "writes the stamped copies into a folder and logs the ranges here."
)
NO_DOCUMENTS = "This case has no documents yet: import PDFs on the Medical tab, then produce them here."


class ProductionsPanel(QWidget):
    """A case's Bates settings and production log, and New Production….

    Signals:
        numbers_changed: Documents were given Bates numbers, or the prefix changed (exhibits and binder
            show the numbers: read them again).
        timeline_changed: A production was logged on the case's timeline.
    """

    numbers_changed = Signal()
    timeline_changed = Signal()

    def __init__(
        self,
        bates: BatesService,
        documents: DocumentService,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._bates = bates
        self._documents = documents
        self._runner = runner or TaskRunner()
        self._case_id: int | None = None
        self.folder: Path | None = None
        self.task: Task[object] | None = None
        self._progress: ProgressDialog | None = None

        self.settings_label = QLabel()
        self.settings_label.setObjectName("batesSettings")
        self.settings_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.settings_button = QPushButton("&Bates Settings…")
        self.settings_button.setToolTip("Prefix, digits and next number of this case's Bates numbers")
        self.produce_button = QPushButton("&New Production…")
        self.produce_button.setToolTip("Stamp documents with Bates numbers into a folder (Ctrl+Shift+P)")
        self.rewrite_button = QPushButton("&Write Copies Again…")
        self.rewrite_button.setToolTip("Write the selected production's stamped copies again, same numbers")

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Production log")
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        for column, width in WIDTHS.items():
            self.tree.header().resizeSection(column, width)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.tree)
        self._stack.addWidget(self.empty_label)

        top = QHBoxLayout()
        top.addWidget(self.settings_label, 1)
        top.addWidget(self.settings_button)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Production log</b>"))
        tools.addStretch(1)
        tools.addWidget(self.rewrite_button)
        tools.addWidget(self.produce_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tools)
        layout.addWidget(self._stack, 1)

        action = QAction("New production", self)
        action.setShortcut(QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_P))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(self.new_production)
        self.addAction(action)
        self.settings_button.clicked.connect(self.edit_settings)
        self.produce_button.clicked.connect(self.new_production)
        self.rewrite_button.clicked.connect(self.write_copies_again)
        self.tree.itemSelectionChanged.connect(self._update)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's settings and log (None: no case)."""
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the settings and the log again."""
        productions: list[Production] = []
        settings_text = ""
        if self._case_id is not None:
            try:
                settings = self._bates.settings(self._case_id)
                next_number = self._bates.next_number(self._case_id)
                productions = self._bates.productions(self._case_id)
                settings_text = (
                    f"Bates prefix <b>{escape(settings.prefix)}</b> · {settings.digits} digits · "
                    f"next number <b>{escape(settings.label(next_number))}</b>"
                )
            except CasedeskError as exc:
                show_error(self, "Productions not read", exc)
        self.settings_label.setText(settings_text)
        self.tree.clear()
        for production in productions:
            self.tree.addTopLevelItem(_production_item(production))
        if productions:
            self._stack.setCurrentWidget(self.tree)
        else:
            self.empty_label.setText(NO_CASE if self._case_id is None else EMPTY)
            self._stack.setCurrentWidget(self.empty_label)
        self._update()

    def selected_production(self) -> Production | None:
        """The production selected (or the one of the selected document line)."""
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        while (parent := item.parent()) is not None:
            item = parent
        production: Production | None = item.data(0, PRODUCTION_ROLE)
        return production

    # --- actions ---------------------------------------------------------------------------------

    def edit_settings(self) -> None:
        """Edit the prefix, digits and next number."""
        if self._case_id is None:
            return
        if self.ask_settings() is not None:
            self.refresh()
            self.numbers_changed.emit()

    def new_production(self) -> None:
        """Ask what to produce, then number and stamp it in the background."""
        if self._case_id is None or self.task is not None:
            return
        case_id = self._case_id
        try:
            documents = self._documents.documents(case_id)
            numbers = self._bates.document_numbers(case_id)
            settings = self._bates.settings(case_id)
            next_number = self._bates.next_number(case_id)
        except CasedeskError as exc:
            show_error(self, "Production not started", exc)
            return
        if not documents:
            show_error(self, "Nothing to produce", CasedeskError(NO_DOCUMENTS))
            return
        request = self.ask_production(documents, numbers, settings, next_number)
        if request is None:
            return
        self.folder = request.folder
        before = len(self._bates.productions(case_id))
        self._progress = ProgressDialog("Producing documents", self, step="Page {number} of {total}: {name}")

        def work() -> object:
            assert self._progress is not None
            return self._bates.produce(
                case_id,
                request.document_ids,
                request.folder,
                recipient=request.recipient,
                produced_on=request.produced_on,
                notes=request.notes,
                progress=self._progress.report,
                cancel=self._progress.token,
            )

        self.task = (
            self._runner.op(self, work)
            .on_success(lambda _production: self._on_produced(request.folder))
            .on_failure(lambda error: self._on_failed(error, case_id, before, "Production not finished"))
            .start()
        )

    def write_copies_again(self) -> None:
        """Write the selected production's stamped copies into a folder again (the same numbers)."""
        production = self.selected_production()
        if production is None or production.id is None or self.task is not None or self._case_id is None:
            return
        folder = self.ask_folder()
        if folder is None:
            return
        self.folder = folder
        production_id = production.id
        self._progress = ProgressDialog(
            "Writing stamped copies", self, step="Page {number} of {total}: {name}"
        )

        def work() -> object:
            assert self._progress is not None
            return self._bates.write_copies(
                production_id, folder, progress=self._progress.report, cancel=self._progress.token
            )

        count = len(self._bates.productions(self._case_id))
        self.task = (
            self._runner.op(self, work)
            .on_success(lambda _paths: self._on_produced(folder, logged=False))
            .on_failure(lambda error: self._on_failed(error, None, count, "Copies not written"))
            .start()
        )

    # --- what tests replace ----------------------------------------------------------------------

    def ask_settings(self) -> BatesSettings | None:
        """The Bates settings dialog; what was saved or ``None``."""
        assert self._case_id is not None
        return BatesSettingsDialog.ask(self, self._bates, self._case_id)

    def ask_production(
        self,
        documents: list[Document],
        numbers: dict[int, DocumentBates],
        settings: BatesSettings,
        next_number: int,
    ) -> ProductionRequest | None:
        """The New Production dialog."""
        today = self._bates.today()
        return ProductionDialog.ask(self, documents, numbers, settings, next_number, today, self.folder)

    def ask_folder(self) -> Path | None:
        """Which folder to write copies into."""
        name = QFileDialog.getExistingDirectory(self, "Folder for the stamped copies", str(self.folder or ""))
        return Path(name) if name else None

    def ask_open(self, folder: Path) -> bool:
        """Whether to open the folder now."""
        answer = QMessageBox.question(
            self, "Production written", f"The stamped copies are in {folder}.\n\nOpen the folder now?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def open(self, folder: Path) -> bool:
        """Open the folder in the system's file manager."""
        return open_with_system(folder)

    # --- callbacks -------------------------------------------------------------------------------

    def _close_progress(self) -> None:
        self.task = None
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_produced(self, folder: Path, *, logged: bool = True) -> None:
        self._close_progress()
        self.refresh()
        if logged:
            self.numbers_changed.emit()
            self.timeline_changed.emit()
        if self.ask_open(folder) and not self.open(folder):
            show_error(self, "Folder not opened", CasedeskError(f"The stamped copies are in {folder}."))

    def _on_failed(self, error: BaseException, case_id: int | None, before: int, title: str) -> None:
        self._close_progress()
        self.refresh()
        if case_id is not None and len(self._bates.productions(case_id)) != before:
            self.numbers_changed.emit()  # the numbers were given before writing stopped
            self.timeline_changed.emit()
        if not isinstance(error, CasedeskError):
            raise error
        show_error(self, "Production cancelled" if isinstance(error, Cancelled) else title, error)

    def _update(self) -> None:
        has_case = self._case_id is not None
        self.settings_button.setEnabled(has_case)
        self.produce_button.setEnabled(has_case)
        self.rewrite_button.setEnabled(self.selected_production() is not None)


def _production_item(production: Production) -> QTreeWidgetItem:
    count = len(production.documents)
    item = QTreeWidgetItem(
        [
            format_date(production.produced_on),
            production.recipient,
            production.range_label,
            f"{count} document{'s' if count != 1 else ''}, {pages_phrase(production.page_count)}",
            " ".join(production.notes.split()),
        ]
    )
    item.setData(0, PRODUCTION_ROLE, production)
    item.setToolTip(COL_NOTES, production.notes)
    for numbers in production.documents:
        name = numbers.document_name + (" (deleted)" if numbers.document_id is None else "")
        child = QTreeWidgetItem(["", name, numbers.range_label(), pages_phrase(numbers.page_count), ""])
        item.addChild(child)
    return item
