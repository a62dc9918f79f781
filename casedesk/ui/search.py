"""The search window: full-text search over document pages and notes, with a preview of each hit."""

from __future__ import annotations

import enum
import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QAction,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from casedesk.services.search import MarkedText, SearchHit, SearchResults, SearchService

_Index = QModelIndex | QPersistentModelIndex
#: Pause in typing after which the search runs.
SEARCH_DELAY_MS = 250
#: Hits shown for one search, best first.
HIT_LIMIT = 50
#: Matches are shown bold on this background, in the list and in the preview.
MATCH_STYLE = "background-color: #ffe27a; color: #000000;"
WHAT_IS_SEARCHED = (
    "<p><b>Search the case file's records.</b></p>"
    "<p>Searched: the text of every imported document page, the notes of timeline entries and of record "
    "index entries, and documents' titles and notes.</p>"
    "<p>Every word must match, in any order; words match their other forms (<i>fracture</i> finds "
    '<i>fractures</i>). Put a phrase in quotes (<i>"lumbar strain"</i>), end a word with * to match words '
    "that start so (<i>radic*</i>), or type a code as written (<i>S13.4XXA</i>, <i>97110</i>).</p>"
    "<p>Down moves to the results, Enter opens the selected page, Escape closes this window.</p>"
)


def marked_html(marked: MarkedText, *, anchor_first: bool = False) -> str:
    """A marked text as HTML: escaped, line breaks kept, matches bold on a highlight.

    Args:
        marked: The text and where its matches are.
        anchor_first: Put the anchor ``first-match`` before the first match, to scroll to it.
    """
    pieces = []
    anchored = False
    for part, is_match in marked.parts():
        escaped = html.escape(part).replace("\n", "<br>")
        if is_match:
            if anchor_first and not anchored:
                pieces.append('<a name="first-match"></a>')
                anchored = True
            pieces.append(f'<b style="{MATCH_STYLE}">{escaped}</b>')
        else:
            pieces.append(escaped)
    return "".join(pieces)


class SearchRole(enum.IntEnum):
    """Custom data roles of :class:`SearchResultsModel`."""

    #: The :class:`SearchHit` shown on the row.
    HIT = Qt.ItemDataRole.UserRole + 1
    #: The row as rich text: case, client, place; then the snippet with the matches highlighted.
    HTML = Qt.ItemDataRole.UserRole + 2


class SearchResultsModel(QAbstractListModel):
    """Search hits as list rows, best first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []
        self._html: dict[int, str] = {}

    def set_hits(self, hits: list[SearchHit]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._hits = list(hits)
        self._html = {}
        self.endResetModel()

    def hit(self, row: int) -> SearchHit | None:
        """The hit on a row (None outside the rows)."""
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or not 0 <= index.row() < len(self._hits) or index.column() != 0:
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            snippet = " ".join(hit.snippet.text.split())
            return f"{hit.case_number} · {hit.client_name} · {hit.place}\n{snippet}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{hit.case_number} ({hit.client_name}): {hit.place}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{hit.case_number}, {hit.place}: {' '.join(hit.snippet.text.split())}"
        if role == SearchRole.HIT:
            return hit
        if role == SearchRole.HTML:
            if index.row() not in self._html:
                self._html[index.row()] = _hit_html(hit)
            return self._html[index.row()]
        return None


def _hit_heading(hit: SearchHit) -> str:
    """Case number (bold), client and place, as rich text."""
    return (
        f"<b>{html.escape(hit.case_number)}</b> · {html.escape(hit.client_name)} — {html.escape(hit.place)}"
    )


def _hit_html(hit: SearchHit) -> str:
    snippet = marked_html(_one_line(hit.snippet))
    return f'<div>{_hit_heading(hit)}</div><div style="margin-top: 2px;">{snippet}</div>'


def _one_line(marked: MarkedText) -> MarkedText:
    """Line breaks as spaces, so a snippet fills its two lines (offsets stay the same)."""
    return type(marked)(marked.text.replace("\n", " "), marked.marks)


class SearchHitDelegate(QStyledItemDelegate):
    """Paints a hit as rich text: the place on the first line, the snippet with highlights below."""

    LINES = 3

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Qt override."""
        options = QStyleOptionViewItem(option)
        self.initStyleOption(options, index)
        widget = options.widget
        style = widget.style() if widget is not None else QApplication.style()
        options.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, options, painter, widget)
        rect = options.rect.adjusted(6, 3, -6, -3)
        document = QTextDocument()
        document.setDocumentMargin(0)
        document.setDefaultFont(options.font)
        document.setHtml(str(index.data(SearchRole.HTML) or ""))
        document.setTextWidth(rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(options.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, options.palette.color(role))
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(0, 0, rect.width(), rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        """Qt override: every row is three lines high (the list can then use uniform sizes)."""
        spacing = option.fontMetrics.lineSpacing()
        return QSize(300, spacing * self.LINES + 8)


class SearchWindow(QWidget):
    """A window to search every document page and note, in the current case or in all cases.

    The search runs on a worker thread 250 ms after typing stops (Enter searches at once); results of an
    earlier query that arrive late are dropped. Selecting a hit shows its whole page or note with the
    matches highlighted, scrolled to the first.

    Signals:
        open_requested: A page hit was opened (Enter, double-click, Open page): case id, document id,
            page (1-based).
        case_requested: A note hit without a page to show was opened: its case id.
    """

    open_requested = Signal(int, int, int)
    case_requested = Signal(int)

    def __init__(
        self,
        search: SearchService,
        case_id: int | None = None,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._search = search
        self._runner = runner or TaskRunner()
        self._case_id: int | None = None
        self._generation = 0
        self._searched: tuple[str, int | None] | None = None
        self._results: SearchResults | None = None
        self.setWindowTitle("Search records")
        self.resize(1100, 640)

        self.query = QLineEdit()
        self.query.setPlaceholderText('Words, "a phrase", radic*, or a code such as S13.4XXA')
        self.query.setClearButtonEnabled(True)
        self.query.setAccessibleName("Search for")
        self.this_case = QRadioButton("&This case")
        self.all_cases = QRadioButton("&All cases")
        self._scope = QButtonGroup(self)
        self._scope.addButton(self.this_case)
        self._scope.addButton(self.all_cases)
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Matches")

        self.model = SearchResultsModel(self)
        self.results = QListView()
        self.results.setModel(self.model)
        self.results.setItemDelegate(SearchHitDelegate(self.results))
        self.results.setUniformItemSizes(True)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setAccessibleName("Search results")
        self.preview_title = QLabel()
        self.preview_title.setTextFormat(Qt.TextFormat.RichText)
        self.preview_title.setWordWrap(True)
        self.open_button = QPushButton("&Open")
        self.open_button.setEnabled(False)
        self.preview = QTextBrowser()
        self.preview.setOpenLinks(False)
        self.preview.setAccessibleName("Preview")
        self.state_label = QLabel()
        self.state_label.setWordWrap(True)
        self.state_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state_label.setTextFormat(Qt.TextFormat.RichText)
        self.state_label.setContentsMargins(40, 20, 40, 20)

        preview_pane = QWidget()
        preview_head = QHBoxLayout()
        preview_head.addWidget(self.preview_title, 1)
        preview_head.addWidget(self.open_button)
        preview_layout = QVBoxLayout(preview_pane)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addLayout(preview_head)
        preview_layout.addWidget(self.preview, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.results)
        splitter.addWidget(preview_pane)
        splitter.setSizes([520, 580])
        self._stack = QStackedWidget()
        self._stack.addWidget(self.state_label)
        self._stack.addWidget(splitter)

        top = QHBoxLayout()
        top.addWidget(self.query, 1)
        top.addWidget(self.this_case)
        top.addWidget(self.all_cases)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self._stack, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        close = QAction("Close", self)
        close.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Close)])
        close.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(close)
        find = QAction("Find", self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        find.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(find)

        close.triggered.connect(self.close)
        find.triggered.connect(self.focus_query)
        self.query.textChanged.connect(self._on_query_text_changed)
        self.query.returnPressed.connect(self._on_query_return_pressed)
        self.query.installEventFilter(self)
        self.results.installEventFilter(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._scope.buttonToggled.connect(self._on_scope_button_toggled)
        self.results.selectionModel().currentRowChanged.connect(self._on_results_current_row_changed)
        self.results.activated.connect(self._on_results_activated)
        self.open_button.clicked.connect(self._on_open_button_clicked)

        self.set_case(case_id)
        self._show_state(WHAT_IS_SEARCHED)

    # --- What the lead window calls ------------------------------------------------------------------

    def set_case(self, case_id: int | None) -> None:
        """The case "This case" searches; with one, the search is scoped to it (else to all cases)."""
        self._case_id = case_id
        self.this_case.setEnabled(case_id is not None)
        self.this_case.setToolTip("" if case_id is not None else "Open a case to search only its records.")
        (self.this_case if case_id is not None else self.all_cases).setChecked(True)
        self._schedule(immediately=True)

    def show_for_case(self, case_id: int | None) -> None:
        """Show the window (or bring it forward) scoped to ``case_id``, the query selected for typing."""
        self.set_case(case_id)
        self._schedule(immediately=True, again=True)  # the records may have changed while it was hidden
        self.show()
        self.raise_()
        self.activateWindow()
        self.focus_query()

    def focus_query(self) -> None:
        """Put the cursor in the query box with its text selected."""
        self.query.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query.selectAll()

    @property
    def scope_case_id(self) -> int | None:
        """The case searched: the window's case with "This case" chosen, else None (all cases)."""
        return self._case_id if self.this_case.isChecked() else None

    # --- Searching ----------------------------------------------------------------------------------

    def _schedule(self, *, immediately: bool = False, again: bool = False) -> None:
        if immediately:
            self._timer.stop()
            self._start_search(again=again)
        else:
            self._timer.start()

    def _start_search(self, *, again: bool = False) -> None:
        """Search for the query box's text in the chosen scope, unless that is what is shown (``again``)."""
        typed = self.query.text().strip()
        scope = self.scope_case_id
        if (typed, scope) == self._searched and not again:
            return
        self._generation += 1
        generation = self._generation
        self._searched = (typed, scope)
        if not typed:
            self._results = None
            self.model.set_hits([])
            self.count_label.clear()
            self._show_state(WHAT_IS_SEARCHED)
            return
        self.count_label.setText("Searching…")
        search = self._search
        (
            self._runner.op(self, lambda: search.results(typed, case_id=scope, limit=HIT_LIMIT))
            .on_success(lambda results: self._on_search_finished(generation, results))
            .on_failure(lambda error: self._on_search_failed(generation, error))
            .start()
        )

    def _on_search_finished(self, generation: int, results: SearchResults) -> None:
        if generation != self._generation:
            return  # an earlier query: the user has typed on since
        self._results = results
        self.model.set_hits(list(results.hits))
        self.count_label.setText(self._count_text(results))
        if not results.hits:
            self._show_no_matches(results)
            return
        self._stack.setCurrentIndex(1)
        self.results.setCurrentIndex(self.model.index(0, 0))

    def _on_search_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return
        if not isinstance(error, CasedeskError):
            raise error
        self._results = None
        self.model.set_hits([])
        self.count_label.clear()
        if isinstance(error, ValidationError):
            self._show_state(f"<p>{html.escape(error.message)}</p>")
        else:
            self._show_state(f"<p><b>{html.escape(error.message)}</b></p><p>{html.escape(error.hint)}</p>")
        self._searched = None  # the same text may work later (another case file, a fixed database)

    def _count_text(self, results: SearchResults) -> str:
        total = results.total
        where = " in this case" if results.case_id is not None else " in all cases"
        if not total:
            return ""
        text = f"{total:,} {'match' if total == 1 else 'matches'}{where}"
        shown = len(results.hits)
        if shown < total:
            newest = " of the newest" if results.ranked_newest_only else ""
            text += f" — the best {shown}{newest} are shown; add words to narrow the search"
        return text

    def _show_no_matches(self, results: SearchResults) -> None:
        typed = html.escape(results.query.typed)
        if results.case_id is not None:
            hint = "<p>Try <b>All cases</b> (Alt+A), or fewer words.</p>"
            self._show_state(f"<p>No matches for “{typed}” in this case.</p>{hint}")
        else:
            self._show_state(
                f"<p>No matches for “{typed}”.</p><p>Try fewer words, or the start of a word with *.</p>"
            )

    def _show_state(self, message: str) -> None:
        self.state_label.setText(message)
        self._stack.setCurrentIndex(0)
        self._show_preview(None)

    # --- The selected hit ------------------------------------------------------------------------------

    def _current_hit(self) -> SearchHit | None:
        return self.model.hit(self.results.currentIndex().row())

    def _show_preview(self, hit: SearchHit | None) -> None:
        if hit is None or self._results is None:
            self.preview_title.clear()
            self.preview.clear()
            self.open_button.setEnabled(False)
            self.open_button.setText("&Open")
            return
        try:
            marked = self._search.preview(hit, self._results.query.typed)
        except CasedeskError as exc:
            self.preview.setPlainText(exc.message)
            return
        self.preview_title.setText(_hit_heading(hit))
        if marked.text:
            self.preview.setHtml(
                f'<div style="white-space: pre-wrap;">{marked_html(marked, anchor_first=True)}</div>'
            )
            if marked.marks:
                self.preview.scrollToAnchor("first-match")
        else:
            self.preview.setHtml(
                "<p><i>This text is no longer in the case file (deleted since the search).</i></p>"
            )
        self.open_button.setEnabled(True)
        self.open_button.setText(f"&Open page {hit.page}" if hit.opens_document else "&Open case")

    def _open(self, hit: SearchHit | None) -> None:
        if hit is None:
            return
        if hit.document_id is not None:
            self.open_requested.emit(hit.case_id, hit.document_id, hit.page or 1)
        else:
            self.case_requested.emit(hit.case_id)

    # --- Keyboard ----------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: Down from the query box goes to the results; Up from the first result comes back."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.query and key == Qt.Key.Key_Down and self.model.rowCount():
                self.results.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.results.currentIndex().isValid():
                    self.results.setCurrentIndex(self.model.index(0, 0))
                return True
            if watched is self.results and key == Qt.Key.Key_Up and self.results.currentIndex().row() <= 0:
                self.query.setFocus(Qt.FocusReason.BacktabFocusReason)
                return True
        return super().eventFilter(watched, event)

    # --- Slots -------------------------------------------------------------------------------------------

    def _on_query_text_changed(self, _text: str) -> None:
        self._schedule()

    def _on_query_return_pressed(self) -> None:
        self._schedule(immediately=True, again=True)

    def _on_timer_timeout(self) -> None:
        self._start_search()

    def _on_scope_button_toggled(self, _button: QRadioButton, checked: bool) -> None:
        if checked:
            self._schedule(immediately=True)

    def _on_results_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_preview(self.model.hit(current.row()))

    def _on_results_activated(self, index: QModelIndex) -> None:
        self._open(self.model.hit(index.row()))

    def _on_open_button_clicked(self) -> None:
        self._open(self._current_hit())
