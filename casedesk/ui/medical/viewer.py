"""The in-app PDF viewer: a page at a time, with navigation, zoom, and a clear word when a file fails."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

#: Zoom steps (Ctrl+= and Ctrl+-) as factors of the page's natural size.
ZOOM_STEPS = (0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)
NO_DOCUMENT_TEXT = "Choose a document to read it here."
_UNREADABLE = ("This PDF cannot be shown: it has no pages or is damaged.", "Ask the provider for a new copy.")
_ERRORS = {
    QPdfDocument.Error.FileNotFound: (
        "The file of this document is missing from the case file's document folder.",
        "Import the original PDF again to put it back.",
    ),
    QPdfDocument.Error.IncorrectPassword: (
        "This PDF is password-protected and the password on record does not open it.",
        "Import it again with its password.",
    ),
    QPdfDocument.Error.UnsupportedSecurityScheme: (
        "This PDF is locked in a way the viewer cannot open.",
        "Open it in Adobe Reader, or ask the provider for an unlocked copy.",
    ),
    QPdfDocument.Error.InvalidFileFormat: (
        "This file is damaged or is not a PDF, so it cannot be shown.",
        "Ask the provider for a new copy and import it.",
    ),
}


class DocumentViewer(QWidget):
    """Shows a PDF one page at a time: PgUp/PgDn, Home/End, a page box, zoom and fit to width.

    Signals:
        page_changed: The page shown changed (1-based page number; 0 when no document is shown).
    """

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.SinglePage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setAccessibleName("Document page")
        self.message = QLabel(NO_DOCUMENT_TEXT)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.message)
        self._stack.addWidget(self.view)

        self.previous_button = self._tool("◀", "Previous page (PgUp)")
        self.next_button = self._tool("▶", "Next page (PgDn)")
        self.page_box = QSpinBox()
        self.page_box.setAccessibleName("Page number")
        self.page_box.setKeyboardTracking(False)  # typing "12" goes to 12, not 1 first
        self.page_box.setToolTip("Type a page number and press Enter")
        self.page_of = QLabel()
        self.zoom_out_button = self._tool("−", "Zoom out (Ctrl+-)")
        self.zoom_in_button = self._tool("+", "Zoom in (Ctrl+=)")
        self.fit_button = self._tool("Fit width", "Fit the page to the width of the viewer (Ctrl+0)")
        self.fit_button.setCheckable(True)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(44)

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.previous_button)
        tools.addWidget(QLabel("Page"))
        tools.addWidget(self.page_box)
        tools.addWidget(self.page_of)
        tools.addWidget(self.next_button)
        tools.addStretch(1)
        tools.addWidget(self.zoom_out_button)
        tools.addWidget(self.zoom_label)
        tools.addWidget(self.zoom_in_button)
        tools.addWidget(self.fit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(tools)
        layout.addWidget(self._stack, 1)

        self.next_page_action = self._action("Next page", [QKeySequence(Qt.Key.Key_PageDown)], self.next_page)
        self.previous_page_action = self._action(
            "Previous page", [QKeySequence(Qt.Key.Key_PageUp)], self.previous_page
        )
        self._action("First page", [QKeySequence(Qt.Key.Key_Home)], lambda: self.show_page(1))
        self._action("Last page", [QKeySequence(Qt.Key.Key_End)], lambda: self.show_page(self.page_count()))
        self._action("Zoom in", [QKeySequence("Ctrl+="), QKeySequence("Ctrl++")], self.zoom_in)
        self._action("Zoom out", [QKeySequence("Ctrl+-")], self.zoom_out)
        self._action("Fit width", [QKeySequence("Ctrl+0")], self.fit_width)

        self.previous_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        self.page_box.valueChanged.connect(self._on_page_box_changed)
        self.view.pageNavigator().currentPageChanged.connect(self._on_navigator_page_changed)
        self.view.zoomFactorChanged.connect(lambda _factor: self._update_zoom())
        self.view.zoomModeChanged.connect(lambda _mode: self._update_zoom())
        self._update_controls()

    def _tool(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip.split(" (")[0])
        return button

    def _action(self, text: str, keys: list[QKeySequence], slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    # --- the document ----------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The file shown (``None`` when none is, or it could not be opened)."""
        return self._path

    def open(self, path: Path, password: str = "") -> bool:
        """Show a PDF from its first page; False (and a message in place of the page) if it cannot be."""
        self.close_document()
        self.document.setPassword(password)
        return self._loaded(self.document.load(str(path)), path)

    def open_data(self, data: bytes, name: str, password: str = "") -> bool:
        """Show a PDF held in memory (a document of an encrypted case file: no plain copy touches disk).

        Args:
            data: The PDF's content.
            name: The document's name (what :attr:`path` gives while it is shown).
            password: The PDF's own password, if it has one.
        """
        self.close_document()
        self.document.setPassword(password)
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        return self._loaded(self.document.error(), Path(name))

    def _loaded(self, error: QPdfDocument.Error, path: Path) -> bool:
        if error != QPdfDocument.Error.None_ or self.document.pageCount() < 1:
            message, hint = _ERRORS.get(
                error,
                (
                    "This PDF cannot be shown: it has no pages or is damaged.",
                    "Ask the provider for a new copy.",
                ),
            )
            self._close_pdf()
            self.show_message(f"<b>{message}</b><br>{hint}<br><span style='color:#555'>{path.name}</span>")
            return False
        self._path = path
        self._stack.setCurrentWidget(self.view)
        self._update_controls()
        self._go(0)
        self.page_changed.emit(self.current_page())
        return True

    def close_document(self) -> None:
        """Show no document."""
        had = self._path is not None
        self._path = None
        self._close_pdf()
        self.show_message(NO_DOCUMENT_TEXT)
        if had:
            self.page_changed.emit(0)

    def _close_pdf(self) -> None:
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
            self._buffer = None

    def show_message(self, html: str) -> None:
        """Show a message where the page would be."""
        self.message.setText(html)
        self._stack.setCurrentWidget(self.message)
        self._update_controls()

    def message_text(self) -> str:
        """The message shown instead of a page ("" while a page is shown)."""
        return self.message.text() if self._stack.currentWidget() is self.message else ""

    def page_count(self) -> int:
        """Pages in the document shown (0 when none is)."""
        return self.document.pageCount() if self._path is not None else 0

    def current_page(self) -> int:
        """The page shown, 1-based (0 when no document is shown)."""
        return self.view.pageNavigator().currentPage() + 1 if self._path is not None else 0

    # --- moving and zooming ----------------------------------------------------------------------

    def show_page(self, number: int) -> None:
        """Show page ``number`` (1-based; kept within the document)."""
        if self._path is None:
            return
        self._go(min(max(number, 1), self.page_count()) - 1)

    def next_page(self) -> None:
        """Show the next page."""
        self.show_page(self.current_page() + 1)

    def previous_page(self) -> None:
        """Show the previous page."""
        self.show_page(self.current_page() - 1)

    def zoom_in(self) -> None:
        """The next zoom step up."""
        factor = self._factor()
        self._zoom(next((step for step in ZOOM_STEPS if step > factor + 0.001), ZOOM_STEPS[-1]))

    def zoom_out(self) -> None:
        """The next zoom step down."""
        factor = self._factor()
        self._zoom(next((step for step in reversed(ZOOM_STEPS) if step < factor - 0.001), ZOOM_STEPS[0]))

    def fit_width(self) -> None:
        """Fit the page to the viewer's width (and keep it fitted as the viewer is resized)."""
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom()

    def zoom_factor(self) -> float:
        """The zoom as a factor of the page's natural size (as fitted, when fitting the width)."""
        return self._factor()

    def is_fit_width(self) -> bool:
        """Whether the page is fitted to the width."""
        return self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth

    def _factor(self) -> float:
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth or self._path is None:
            return float(self.view.zoomFactor())
        page_width = self.document.pagePointSize(max(self.current_page() - 1, 0)).width()
        dpi = self.logicalDpiX() / 72.0
        room = self.view.viewport().width() - 2 * self.view.documentMargins().left()
        return room / (page_width * dpi) if page_width > 0 else 1.0

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_zoom()

    def _go(self, index: int) -> None:
        navigator = self.view.pageNavigator()
        if navigator.currentPage() != index:
            navigator.jump(index, QPointF(), navigator.currentZoom())
        self._sync_page_box()

    # --- keeping the controls in step ------------------------------------------------------------

    def _on_navigator_page_changed(self, _page: int) -> None:
        self._sync_page_box()
        self._update_buttons()
        if self._path is not None:
            self.page_changed.emit(self.current_page())

    def _on_page_box_changed(self, value: int) -> None:
        if self._path is not None and value != self.current_page():
            self.show_page(value)

    def _sync_page_box(self) -> None:
        blocked = self.page_box.blockSignals(True)
        self.page_box.setValue(self.current_page())
        self.page_box.blockSignals(blocked)
        self._update_buttons()

    def _update_controls(self) -> None:
        count = self.page_count()
        blocked = self.page_box.blockSignals(True)
        self.page_box.setRange(1 if count else 0, max(count, 0))
        self.page_box.setValue(self.current_page())
        self.page_box.blockSignals(blocked)
        self.page_of.setText(f"of {count:,}" if count else "")
        for widget in (self.page_box, self.zoom_in_button, self.zoom_out_button, self.fit_button):
            widget.setEnabled(bool(count))
        self._update_buttons()
        self._update_zoom()

    def _update_buttons(self) -> None:
        page, count = self.current_page(), self.page_count()
        self.previous_button.setEnabled(page > 1)
        self.next_button.setEnabled(0 < page < count)

    def _update_zoom(self) -> None:
        fitted = self.is_fit_width()
        self.fit_button.setChecked(fitted)
        self.zoom_label.setText(f"{self._factor():.0%}" if self._path is not None else "")

    def page_label(self) -> str:
        """``Page 3 of 12`` as the toolbar shows it ("" without a document)."""
        count = self.page_count()
        return f"Page {self.current_page()} of {count:,}" if count else ""
