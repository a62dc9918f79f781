"""The record index: a case's documents, the PDF viewer and the entry form side by side, the entries below.

Built for speed: a new entry's first page follows the viewer until the user types in the form; "From this
page" and "To this page" take the page shown; dates of service and amounts found on the page are offered as
chips (a date fills the date of service, amounts are shown to copy into a bill); Ctrl+Enter saves and
starts the next entry with the same provider and document; Alt+PgDn and Alt+PgUp turn the viewer's pages
while the cursor stays in the form.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from enum import IntEnum
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.documents import Document
from casedesk.domain.errors import CasedeskError
from casedesk.domain.money import Money
from casedesk.domain.records import (
    EntryKind,
    RecordEntry,
    find_amounts,
    find_service_dates,
    page_cite,
    recognized_codes,
)
from casedesk.domain.typed import DateError, format_date
from casedesk.ui.forms import DateField, FormErrors, error_label, ignore_wheel_unless_focused, notes_box
from casedesk.ui.medical.viewer import DocumentViewer
from casedesk.ui.messages import show_error
from casedesk.ui.tables import Index, RecordTableModel, record_table, selected_data
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.services.records import RecordService

COL_DATE, COL_PROVIDER, COL_KIND, COL_PAGES, COL_SUMMARY = range(5)
COLUMN_WIDTHS = {COL_DATE: 170, COL_PROVIDER: 190, COL_KIND: 120, COL_PAGES: 220}
NO_PROVIDER_TEXT = "(no provider)"
EMPTY_TEXT = "No entries yet. Choose a document, page through it, and index each visit with the form."
NO_DOCUMENTS_TEXT = "No documents in this case yet. Import the client's records to index them here."
CHIP_STYLE = (
    "QPushButton { border: 1px solid #8aa4c8; border-radius: 9px; padding: 1px 8px; background: #eef3fa; }"
    "QPushButton:hover { background: #dce7f6; }"
)
CODE_CHIP = "background:#dce7f6; color:#1f3a5f; font-weight:600;"
AMOUNT_CHIP = (
    "QLabel { border: 1px solid #c9b37a; border-radius: 9px; padding: 1px 8px; background: #fbf6e7; }"
)
HINT_STYLE = "color: #555;"
#: Most chips shown per kind (a page listing 40 dates is a table; the first ones are the useful ones).
MAX_CHIPS = 8


class EntryRole(IntEnum):
    """Custom roles of :class:`EntryTableModel`."""

    ENTRY = Qt.ItemDataRole.UserRole + 1
    SORT = Qt.ItemDataRole.UserRole + 2


class EntryTableModel(RecordTableModel):
    """A case's index entries: date(s), provider, kind, pages cited and summary."""

    HEADERS = ("Date of service", "Provider", "Kind", "Pages", "Summary")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RecordEntry] = []
        self._providers: dict[int, str] = {}
        self._documents: dict[int, str] = {}

    def set_rows(self, rows: list[RecordEntry], providers: dict[int, str], documents: dict[int, str]) -> None:
        """Show these entries, naming providers and documents from the mappings."""
        self.beginResetModel()
        self._rows = list(rows)
        self._providers = dict(providers)
        self._documents = dict(documents)
        self.endResetModel()

    def row_of(self, entry_id: int | None) -> int | None:
        """The row showing an entry, if it is listed."""
        return next((row for row, e in enumerate(self._rows) if e.id == entry_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        entry = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.text(entry, index.column())
            return text if role == Qt.ItemDataRole.DisplayRole else (text or None)
        if role == EntryRole.ENTRY:
            return entry
        if role == EntryRole.SORT:
            return (entry.service_from, entry.id or 0)
        return None

    def text(self, entry: RecordEntry, column: int) -> str:
        """What a cell shows."""
        if column == COL_DATE:
            if entry.service_to is None:
                return format_date(entry.service_from)
            return f"{format_date(entry.service_from)} – {format_date(entry.service_to)}"
        if column == COL_PROVIDER:
            return self._providers.get(entry.provider_id or 0, "") if entry.provider_id else NO_PROVIDER_TEXT
        if column == COL_KIND:
            return entry.kind.label
        if column == COL_PAGES:
            if entry.document_id is None:
                return ""
            return page_cite(self._documents.get(entry.document_id, "?"), entry.page_from, entry.page_to)
        return " ".join(entry.summary.split())


class EntryForm(QWidget):
    """The fields of one index entry, checked as they are typed.

    Signals:
        edited: A field changed (its name: ``service_from``, ``page_to``, ``provider``…).
    """

    edited = Signal(str)
    FIELDS = ("service_from", "service_to", "page_from", "page_to", "document")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.document_label = QLabel()
        self.document_label.setWordWrap(True)
        self.page_from = QLineEdit()
        self.page_to = QLineEdit()
        for line, tip in ((self.page_from, "First page"), (self.page_to, "Last page (empty: one page)")):
            line.setMaximumWidth(60)
            line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            line.setToolTip(tip)
            line.setAccessibleName(tip)
        self.from_page_button = QPushButton("From this page")
        self.from_page_button.setToolTip("The first page is the page shown in the viewer")
        self.to_page_button = QPushButton("To this page")
        self.to_page_button.setToolTip("The last page is the page shown in the viewer")
        self.service_from = DateField()
        self.service_from.setAccessibleName("Date of service")
        self.service_to = DateField()
        self.service_to.setAccessibleName("Last date of service")
        self.service_to.setPlaceholderText("same day")
        self.service_to.setToolTip("For a hospital stay or a series of visits: the last day")
        self.provider = QComboBox()
        ignore_wheel_unless_focused(self.provider)
        self.kind = QComboBox()
        for kind in EntryKind:
            self.kind.addItem(kind.label, kind)
        ignore_wheel_unless_focused(self.kind)
        self.complaint = QLineEdit()
        self.complaint.setPlaceholderText("e.g. neck pain after rear-end collision")
        self.diagnoses = notes_box("e.g. S13.4XXA cervical strain; M54.2 cervicalgia", 3)
        self.procedures = notes_box("e.g. 99284 ED visit; 72125 CT cervical spine", 3)
        self.summary = notes_box("What the record says: findings, treatment, plan", 5)
        self.codes = QLabel()
        self.codes.setTextFormat(Qt.TextFormat.RichText)
        self.codes.setWordWrap(True)
        self.codes.setAccessibleName("Recognized codes")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.errors = FormErrors(
            None,
            {
                "document": (self.document_label, self.labels["document"]),
                "page_from": (self.page_from, self.labels["page_from"]),
                "page_to": (self.page_to, self.labels["page_to"]),
                "service_from": (self.service_from, self.labels["service_from"]),
                "service_to": (self.service_to, self.labels["service_to"]),
            },
        )

        pages = QHBoxLayout()
        pages.addWidget(self.page_from)
        to_label = QLabel("to")
        pages.addWidget(to_label)
        pages.addWidget(self.page_to)
        pages.addWidget(self.from_page_button)
        pages.addWidget(self.to_page_button)
        pages.addStretch(1)
        dates = QHBoxLayout()
        dates.addWidget(self.service_from)
        through = QLabel("&through")
        through.setBuddy(self.service_to)
        dates.addWidget(through)
        dates.addWidget(self.service_to)
        dates.addStretch(1)
        form = QFormLayout()
        form.addRow(self.heading)
        form.addRow("Document:", self.document_label)
        form.addRow("", self.labels["document"])
        form.addRow(_buddy("&Pages:", self.page_from), pages)
        form.addRow("", self.labels["page_from"])
        form.addRow("", self.labels["page_to"])
        form.addRow(_buddy("&Date of service:", self.service_from), dates)
        form.addRow("", self.labels["service_from"])
        form.addRow("", self.labels["service_to"])
        form.addRow("P&rovider:", self.provider)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Complaint:", self.complaint)
        form.addRow("Dia&gnoses:", self.diagnoses)
        form.addRow("Pr&ocedures:", self.procedures)
        form.addRow("", self.codes)
        form.addRow("S&ummary:", self.summary)
        self.setLayout(form)

        lines = {
            "page_from": self.page_from,
            "page_to": self.page_to,
            "service_from": self.service_from,
            "service_to": self.service_to,
            "complaint": self.complaint,
        }
        for name, line in lines.items():
            line.textChanged.connect(lambda _text, n=name: self.edited.emit(n))
        boxes = {"diagnoses": self.diagnoses, "procedures": self.procedures, "summary": self.summary}
        for name, box in boxes.items():
            box.textChanged.connect(lambda n=name: self.edited.emit(n))
        self.provider.currentIndexChanged.connect(lambda _index: self.edited.emit("provider"))
        self.kind.currentIndexChanged.connect(lambda _index: self.edited.emit("kind"))
        self.diagnoses.textChanged.connect(self._show_codes)
        self.procedures.textChanged.connect(self._show_codes)
        self._show_codes()

    def _show_codes(self) -> None:
        codes = recognized_codes(f"{self.diagnoses.toPlainText()}\n{self.procedures.toPlainText()}")
        if not codes:
            self.codes.setText(
                f"<span style='{HINT_STYLE}'>ICD-10-CM and CPT codes typed above are recognized here.</span>"
            )
            return
        chips = " &nbsp; ".join(
            f"<span style='{CODE_CHIP}'>&nbsp;{escape(code.code)}&nbsp;</span>"
            f"<span style='{HINT_STYLE} font-size:small'>&nbsp;{code.kind.label}</span>"
            for code in codes
        )
        self.codes.setText(f"<span style='{HINT_STYLE}'>Recognized codes:</span> {chips}")

    def recognized(self) -> list[str]:
        """The codes shown as recognized."""
        text = f"{self.diagnoses.toPlainText()}\n{self.procedures.toPlainText()}"
        return [code.code for code in recognized_codes(text)]

    def set_providers(self, providers: list[tuple[int, str]]) -> None:
        """Offer these providers (id, name), keeping the one chosen if it is still there."""
        keep = self.provider.currentData()
        blocked = self.provider.blockSignals(True)
        self.provider.clear()
        self.provider.addItem(NO_PROVIDER_TEXT, None)
        for provider_id, name in providers:
            self.provider.addItem(name, provider_id)
        found = self.provider.findData(keep) if keep is not None else 0
        self.provider.setCurrentIndex(max(found, 0))
        self.provider.blockSignals(blocked)

    def set_provider(self, provider_id: int | None) -> None:
        """Choose a provider (None: no provider)."""
        found = self.provider.findData(provider_id) if provider_id is not None else 0
        self.provider.setCurrentIndex(max(found, 0))


def _buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _page_number(text: str, name: str, errors: dict[str, str]) -> int | None:
    raw = text.strip()
    if not raw:
        return None
    if not raw.isdigit():
        errors[name] = f"“{raw}” is not a page number."
        return None
    return int(raw)


class RecordIndexPanel(QWidget):
    """A case's record index: pick a document, read it, index its visits, see and edit the entries.

    Signals:
        entries_changed: An entry was added, edited, deleted or restored (the chronology may have changed).
    """

    entries_changed = Signal()

    def __init__(self, records: RecordService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._records = records
        self._case_id: int | None = None
        self._documents: list[Document] = []
        self._providers: dict[int, str] = {}
        self._editing: RecordEntry | None = None
        self._deleted: RecordEntry | None = None
        self._follow_viewer = True  # a new entry's first page follows the viewer until the form is typed in
        self._loading = False

        self.documents_list = QListWidget()
        self.documents_list.setAccessibleName("Documents")
        self.documents_empty = QLabel(NO_DOCUMENTS_TEXT)
        self.documents_empty.setWordWrap(True)
        self.documents_empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._documents_stack = QStackedWidget()
        self._documents_stack.addWidget(self.documents_list)
        self._documents_stack.addWidget(self.documents_empty)
        self.viewer = DocumentViewer()
        self.form = EntryForm()
        self.date_chips = QHBoxLayout()
        self.amount_chips = QHBoxLayout()
        self.suggestions_hint = QLabel()
        self.suggestions_hint.setStyleSheet(HINT_STYLE)
        self.suggestions_hint.setWordWrap(True)
        self.save_button = QPushButton("&Save entry")
        self.save_button.setToolTip("Save this entry and start the next (Ctrl+Enter)")
        self.new_button = QPushButton("&New entry")
        self.new_button.setToolTip("Clear the form for a new entry, keeping the provider and document")
        self.delete_button = QPushButton("De&lete entry")
        self.delete_button.setToolTip("Delete the selected entry (Del in the list); Undo puts it back")
        self.status = QLabel()
        self.status.setStyleSheet(HINT_STYLE)
        self.status.setWordWrap(True)
        self.model = EntryTableModel(self)
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Index entries")
        self.entries_empty = QLabel()
        self.entries_empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.entries_empty.setWordWrap(True)
        self._entries_stack = QStackedWidget()
        self._entries_stack.addWidget(self.table)
        self._entries_stack.addWidget(self.entries_empty)
        self.undo_bar = UndoBar(self)
        self._layout()
        self._shortcuts()
        self._connect()
        self.set_case(None)

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>Documents</b>"))
        left_layout.addWidget(self._documents_stack, 1)

        suggestions = QWidget()
        box = QVBoxLayout(suggestions)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel("<b>On this page</b>"))
        dates_row = QHBoxLayout()
        dates_row.addWidget(QLabel("Dates:"))
        dates_row.addLayout(self.date_chips)
        dates_row.addStretch(1)
        amounts_row = QHBoxLayout()
        amounts_row.addWidget(QLabel("Amounts:"))
        amounts_row.addLayout(self.amount_chips)
        amounts_row.addStretch(1)
        box.addLayout(dates_row)
        box.addLayout(amounts_row)
        box.addWidget(self.suggestions_hint)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(suggestions)
        right_layout.addWidget(self.form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self.status)
        right_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right)
        scroll.setMinimumWidth(340)

        self.top_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.top_splitter.addWidget(left)
        self.top_splitter.addWidget(self.viewer)
        self.top_splitter.addWidget(scroll)
        self.top_splitter.setStretchFactor(1, 1)
        self.top_splitter.setSizes([170, 330, 360])  # the form keeps its minimum; the viewer grows

        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(QLabel("<b>Index entries</b>"))
        bottom_layout.addWidget(self.undo_bar)
        bottom_layout.addWidget(self._entries_stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.top_splitter)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def _shortcuts(self) -> None:
        def action(
            text: str, keys: list[QKeySequence], slot: object, owner: QWidget | None = None
        ) -> QAction:
            made = QAction(text, owner or self)
            made.setShortcuts(keys)
            made.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.triggered.connect(slot)
            (owner or self).addAction(made)
            return made

        self.save_action = action(
            "Save entry", [QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")], self.save_entry
        )
        # The viewer turns pages with PgUp/PgDn; from the form (where PgDn scrolls text) Alt+PgDn does it.
        action("Next page", [QKeySequence("Alt+PgDown")], self.viewer.next_page)
        action("Previous page", [QKeySequence("Alt+PgUp")], self.viewer.previous_page)
        delete = QAction("Delete entry", self.table)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.delete_entry)
        self.table.addAction(delete)

    def _connect(self) -> None:
        self.documents_list.currentRowChanged.connect(self._on_document_chosen)
        self.viewer.page_changed.connect(self._on_page_changed)
        self.form.edited.connect(self._on_form_edited)
        self.form.from_page_button.clicked.connect(self.take_first_page)
        self.form.to_page_button.clicked.connect(self.take_last_page)
        self.save_button.clicked.connect(self.save_entry)
        self.new_button.clicked.connect(lambda: self.new_entry(keep=True))
        self.delete_button.clicked.connect(self.delete_entry)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    # --- the case --------------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose index is shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's documents and entries (None: no case)."""
        if case_id != self._case_id:
            self._deleted = None
            self.undo_bar.hide()
            self.viewer.close_document()
            self._editing = None
        self._case_id = case_id
        self.refresh()
        self.new_entry(keep=False)

    def refresh(self) -> None:
        """Read the documents, providers and entries again (after an import, or a provider added)."""
        documents: list[Document] = []
        providers: list[tuple[int, str]] = []
        if self._case_id is not None:
            try:
                documents = self._records.documents(self._case_id)
                providers = [
                    (p.id, p.name) for p in self._records.providers(self._case_id) if p.id is not None
                ]
            except CasedeskError as exc:
                show_error(self, "Record index not read", exc)
        self._providers = dict(providers)
        self.form.set_providers(providers)
        self._set_documents(documents)
        self._refresh_entries()
        self._update_enabled()

    def _set_documents(self, documents: list[Document]) -> None:
        current = self.current_document()
        self._documents = documents
        blocked = self.documents_list.blockSignals(True)
        self.documents_list.clear()
        for document in documents:
            item = QListWidgetItem(document.display_name)
            pages = "1 page" if document.page_count == 1 else f"{document.page_count:,} pages"
            item.setToolTip(f"{document.original_name} — {pages}")
            item.setData(Qt.ItemDataRole.UserRole, document.id)
            self.documents_list.addItem(item)
        self.documents_list.blockSignals(blocked)
        self.documents_empty.setText("No case selected." if self._case_id is None else NO_DOCUMENTS_TEXT)
        self._documents_stack.setCurrentWidget(self.documents_list if documents else self.documents_empty)
        if current is not None:
            self._select_document(current.id, open_it=False)

    def _refresh_entries(self, select_id: int | None = None) -> None:
        rows: list[RecordEntry] = []
        if self._case_id is not None:
            try:
                rows = self._records.entries(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Index entries not read", exc)
        names = {d.id: d.display_name for d in self._documents if d.id is not None}
        blocked = self.table.selectionModel().blockSignals(True)
        self.model.set_rows(rows, self._providers, names)
        self.table.selectionModel().blockSignals(blocked)
        self.entries_empty.setText("No case selected." if self._case_id is None else EMPTY_TEXT)
        self._entries_stack.setCurrentWidget(self.table if rows else self.entries_empty)
        if select_id is not None:
            row = self.model.row_of(select_id)
            if row is not None:
                blocked = self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(blocked)

    # --- documents and pages ---------------------------------------------------------------------

    def current_document(self) -> Document | None:
        """The document shown in the viewer."""
        row = self.documents_list.currentRow()
        return self._documents[row] if 0 <= row < len(self._documents) else None

    def open_document(self, document_id: int, page: int = 1) -> bool:
        """Show a document of the case at a page (what opening a search hit or a chronology row does)."""
        if not self._select_document(document_id, open_it=True):
            return False
        self.viewer.show_page(page)
        return True

    def _select_document(self, document_id: int | None, *, open_it: bool) -> bool:
        row = next((i for i, d in enumerate(self._documents) if d.id == document_id), None)
        if row is None:
            return False
        if row != self.documents_list.currentRow():
            blocked = self.documents_list.blockSignals(not open_it)
            self.documents_list.setCurrentRow(row)
            self.documents_list.blockSignals(blocked)
        return True

    def _on_document_chosen(self, row: int) -> None:
        document = self._documents[row] if 0 <= row < len(self._documents) else None
        if document is None:
            self.viewer.close_document()
        else:
            self._show_document(document)
        self._check()
        self._update_enabled()

    def _show_document(self, document: Document) -> None:
        """Show a document from its content: a sealed one (encrypted case file) never lands on disk plain."""
        try:
            data = self._records.read_bytes(document)
        except CasedeskError as exc:
            self.viewer.close_document()
            self.viewer.show_message(f"<b>{escape(exc.message)}</b><br>{escape(exc.hint)}")
            return
        self.viewer.open_data(data, document.display_name, document.password)

    def _on_page_changed(self, page: int) -> None:
        if page and self._follow_viewer and self._editing is None:
            self._fill_pages(str(page), "")
        self._show_suggestions(page)
        self._check()

    def take_first_page(self) -> None:
        """The entry starts at the page shown (and ends there, if it ended before)."""
        page = self.viewer.current_page()
        if not page:
            return
        last = self.form.page_to.text().strip()
        keep_last = last.isdigit() and int(last) >= page
        self._fill_pages(str(page), last if keep_last else "", typed=True)

    def take_last_page(self) -> None:
        """The entry ends at the page shown (and starts there, if no first page is set)."""
        page = self.viewer.current_page()
        if not page:
            return
        first = self.form.page_from.text().strip() or str(page)
        if first.isdigit() and int(first) > page:
            first = str(page)
        self._fill_pages(first, "" if first == str(page) else str(page), typed=True)

    def _fill_pages(self, first: str, last: str, *, typed: bool = False) -> None:
        self._loading = not typed
        try:
            self.form.page_from.setText(first)
            self.form.page_to.setText(last)
        finally:
            self._loading = False
        if typed:
            self._follow_viewer = False
            self.form.errors.touch("page_from", "page_to")
            self._check()

    def _show_suggestions(self, page: int) -> None:
        for layout in (self.date_chips, self.amount_chips):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        document = self.current_document()
        if not page or document is None or document.id is None:
            self.suggestions_hint.setText("")
            return
        try:
            text = self._records.page_text(document.id, page)
        except CasedeskError:
            text = ""
        dates = find_service_dates(text, today=self._records.today())[:MAX_CHIPS]
        amounts = find_amounts(text)[:MAX_CHIPS]
        for day in dates:
            chip = QPushButton(format_date(day))
            chip.setStyleSheet(CHIP_STYLE)
            chip.setToolTip("Use as the date of service")
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # clicking keeps the cursor where it was
            chip.clicked.connect(lambda _checked=False, d=day: self.use_date(d))
            self.date_chips.addWidget(chip)
        for amount in amounts:
            label = QLabel(str(amount))
            label.setStyleSheet(AMOUNT_CHIP)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setToolTip("An amount on this page: select and copy it into a bill")
            self.amount_chips.addWidget(label)
        if not text.strip():
            hint = "No text was found on this page (a scan?): read the dates off the page."
        elif not dates and not amounts:
            hint = "No dates or amounts found on this page."
        else:
            hint = "Click a date to use it as the date of service. Amounts are for bills."
        self.suggestions_hint.setText(hint)

    def date_suggestions(self) -> list[str]:
        """The date chips shown, as their text."""
        return [self.date_chips.itemAt(i).widget().text() for i in range(self.date_chips.count())]  # type: ignore[union-attr]

    def amount_suggestions(self) -> list[str]:
        """The amount chips shown, as their text."""
        return [self.amount_chips.itemAt(i).widget().text() for i in range(self.amount_chips.count())]  # type: ignore[union-attr]

    def use_date(self, day: date) -> None:
        """Fill the date of service from a suggestion (the user still saves it)."""
        self.form.service_from.set_value(day)
        self.form.errors.touch("service_from")
        self._check()

    # --- the form --------------------------------------------------------------------------------

    def new_entry(self, *, keep: bool = True) -> None:
        """Clear the form for a new entry; ``keep`` keeps the provider (the document always stays)."""
        provider = self.form.provider.currentData() if keep else None
        kind = self.form.kind.currentData() if keep else EntryKind.OFFICE_VISIT
        self._editing = None
        self._loading = True
        try:
            for line in (self.form.service_from, self.form.service_to, self.form.complaint):
                line.clear()
            for box in (self.form.diagnoses, self.form.procedures, self.form.summary):
                box.clear()
            self.form.set_provider(provider)
            self.form.kind.setCurrentIndex(max(self.form.kind.findData(kind), 0))
            page = self.viewer.current_page()
            self.form.page_from.setText(str(page) if page else "")
            self.form.page_to.clear()
        finally:
            self._loading = False
        self._follow_viewer = True
        self.form.errors.reset()
        blocked = self.table.selectionModel().blockSignals(True)
        self.table.clearSelection()
        self.table.selectionModel().blockSignals(blocked)
        self._check()
        self._update_enabled()

    def load_entry(self, entry: RecordEntry) -> None:
        """Edit an entry: its fields in the form, its document at its first page in the viewer."""
        self._editing = entry
        self._follow_viewer = False
        if entry.document_id is not None and self.open_document(entry.document_id, entry.page_from or 1):
            pass
        self._loading = True
        try:
            self.form.service_from.set_value(entry.service_from)
            self.form.service_to.set_value(entry.service_to)
            self.form.page_from.setText("" if entry.page_from is None else str(entry.page_from))
            self.form.page_to.setText("" if entry.page_to is None else str(entry.page_to))
            self.form.set_provider(entry.provider_id)
            self.form.kind.setCurrentIndex(max(self.form.kind.findData(entry.kind), 0))
            self.form.complaint.setText(entry.complaint)
            self.form.diagnoses.setPlainText(entry.diagnoses)
            self.form.procedures.setPlainText(entry.procedures)
            self.form.summary.setPlainText(entry.summary)
        finally:
            self._loading = False
        self.form.errors.reset()
        self._check()
        self._update_enabled()

    def read_entry(self) -> tuple[RecordEntry | None, dict[str, str]]:
        """The entry as typed and what is wrong with it (no entry when the date cannot be read)."""
        errors: dict[str, str] = {}
        service_from = service_to = None
        try:
            service_from = self.form.service_from.value()
        except DateError as exc:
            errors["service_from"] = str(exc)
        try:
            service_to = self.form.service_to.value()
        except DateError as exc:
            errors["service_to"] = str(exc)
        if service_from is None and "service_from" not in errors:
            errors["service_from"] = "The date of service is required."
        page_from = _page_number(self.form.page_from.text(), "page_from", errors)
        page_to = _page_number(self.form.page_to.text(), "page_to", errors)
        document = self.current_document()
        if self._editing is not None and self._editing.document_id is not None and document is None:
            document_id: int | None = self._editing.document_id
        else:
            document_id = document.id if document is not None else None
        if document_id is None:
            page_from = page_to = None
        if service_from is None or self._case_id is None:
            return None, errors
        entry = RecordEntry(
            case_id=self._case_id,
            service_from=service_from,
            service_to=service_to,
            kind=EntryKind(self.form.kind.currentData()),
            provider_id=self.form.provider.currentData(),
            document_id=document_id,
            page_from=page_from,
            page_to=page_to,
            complaint=self.form.complaint.text().strip(),
            summary=self.form.summary.toPlainText().strip(),
            diagnoses=self.form.diagnoses.toPlainText().strip(),
            procedures=self.form.procedures.toPlainText().strip(),
            id=self._editing.id if self._editing is not None else None,
        )
        if entry.service_to == entry.service_from:
            entry = replace(entry, service_to=None)
        if entry.page_to is not None and entry.page_to == entry.page_from:
            entry = replace(entry, page_to=None)
        return entry, self._records.errors(entry) | errors

    def _on_form_edited(self, name: str) -> None:
        if self._loading:
            return
        if name in ("page_from", "page_to", "service_from", "service_to"):
            self.form.errors.touch(name)
        if name not in ("provider", "kind"):
            self._follow_viewer = False  # the user is writing this entry: the pages stay as they are
        self._check()

    def _check(self) -> dict[str, str]:
        _entry, errors = self.read_entry()
        self.form.errors.show(errors)
        self.save_button.setEnabled(self._case_id is not None and not errors)
        document = self.current_document()
        if self._editing is not None:
            self.form.heading.setText("<b>Editing the selected entry</b>")
        else:
            self.form.heading.setText("<b>New entry</b>")
        if document is None:
            self.form.document_label.setText(
                "<span style='color:#555'>None: choose one on the left to cite its pages</span>"
            )
        else:
            self.form.document_label.setText(escape(document.display_name))
        has_page = self.viewer.current_page() > 0
        self.form.from_page_button.setEnabled(has_page)
        self.form.to_page_button.setEnabled(has_page)
        return errors

    def save_entry(self) -> None:
        """Save the form (Ctrl+Enter): add or update, then start the next entry with the same provider."""
        if self._case_id is None:
            return
        self.form.errors.touch()
        entry, errors = self.read_entry()
        self.form.errors.show(errors)
        if entry is None or errors:
            self.form.errors.focus_first_error(errors)
            self.status.setText("Not saved: correct the fields marked in red.")
            return
        try:
            saved = self._records.update(entry) if entry.id is not None else self._records.add(entry)
        except CasedeskError as exc:
            show_error(self, "Entry not saved", exc)
            self._refresh_entries()
            return
        where = f" ({self.model.text(saved, COL_PAGES)})" if saved.document_id else ""
        self.status.setText(f"Saved the entry of {format_date(saved.service_from)}{where}.")
        self._refresh_entries(select_id=saved.id)
        self.entries_changed.emit()
        self.new_entry(keep=True)
        self.form.service_from.setFocus(Qt.FocusReason.OtherFocusReason)

    def selected_entry(self) -> RecordEntry | None:
        """The entry selected in the list."""
        entry: RecordEntry | None = selected_data(self.table, EntryRole.ENTRY)
        return entry

    def delete_entry(self) -> None:
        """Delete the selected entry at once; the undo bar (and Ctrl+Z) puts it back."""
        entry = self.selected_entry()
        if entry is None or entry.id is None:
            return
        try:
            self._deleted = self._records.delete(entry.id)
        except CasedeskError as exc:
            show_error(self, "Entry not deleted", exc)
            self._refresh_entries()
            return
        self.undo_bar.offer(f"Deleted the entry of {format_date(entry.service_from)}.")
        self._refresh_entries()
        self.new_entry(keep=True)
        self.entries_changed.emit()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # so that Ctrl+Z reaches the undo bar

    def undo_delete(self) -> None:
        """Put back the entry deleted last."""
        if self._deleted is None:
            return
        try:
            restored = self._records.restore(self._deleted)
        except CasedeskError as exc:
            show_error(self, "Entry not restored", exc)
            return
        self._deleted = None
        self.undo_bar.hide()
        self._refresh_entries(select_id=restored.id)
        self.entries_changed.emit()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        entry = self.selected_entry()
        if entry is not None:
            self.load_entry(entry)
        self._update_enabled()

    def _update_enabled(self) -> None:
        has_case = self._case_id is not None
        for widget in (self.form, self.new_button):
            widget.setEnabled(has_case)
        self.delete_button.setEnabled(self.selected_entry() is not None)

    def money_on_page(self) -> list[Money]:
        """The amounts found on the page shown (what the amount chips show)."""
        document = self.current_document()
        page = self.viewer.current_page()
        if document is None or document.id is None or not page:
            return []
        return find_amounts(self._records.page_text(document.id, page))
