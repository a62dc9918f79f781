"""A case file opened read-only in the main window: the bar that says why, Try Again, and locked editing.

When another casedesk has the case file open, this one may show it read-only. The window's title says
"(read-only)"; a bar above the pages says who has it open and offers **Try Again**, which reopens it
for writing once the other casedesk has closed it. The fields of the main window are made read-only (search
and filter boxes excepted), so nothing can be typed that could not be saved; a save that is still tried
(a button, a dialog) is refused with a clear message and the dialog keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CaseFileInUseError, PassphraseError
from casedesk.ui.passphrase import ask_passphrase

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from casedesk.services.casefiles import Services
    from casedesk.ui.opening import Opener

#: Words in a line edit's placeholder that mark it as a search or filter box (kept usable read-only).
_SEARCH_WORDS = ("search", "filter", "find", "type to")


def read_only_title(path: Path) -> str:
    """The window title of a case file open read-only."""
    return f"{path.name} (read-only) — casedesk"


def reason_text(services: Services) -> str:
    """Why the case file is read-only, in words, naming who has it open when that is known."""
    holder = services.holder()
    name = services.name
    if holder is None:
        why = f"{name} was open in another casedesk when you opened it (it has been closed since)"
    elif holder:
        why = f"{name} is open in casedesk by {holder}"
    else:
        why = f"{name} is open in another casedesk"
    return f"Read-only: {why}. You can look at everything, but nothing can be changed."


class ReadOnlyBar(QFrame):
    """The bar above a read-only case file: why it is read-only, and Try Again.

    Signals:
        try_again_requested: The user asked to reopen the case file for writing.
    """

    try_again_requested = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self.setObjectName("readOnlyBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#readOnlyBar { background: #fff4ce; } #readOnlyBar QLabel { color: #3b2f00; }")
        self.label = QLabel(reason_text(services))
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.try_again_button = QPushButton("&Try Again")
        self.try_again_button.setToolTip(
            "Open the case file for changes, if the other casedesk has closed it"
        )
        self.try_again_button.clicked.connect(self._on_try_again_button_clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.try_again_button)

    def refresh(self) -> None:
        """Say again who has the case file open (after a Try Again that found it still open)."""
        self.label.setText(reason_text(self._services))

    def _on_try_again_button_clicked(self) -> None:
        self.try_again_requested.emit()


class EditingLock(QObject):
    """Makes the fields of one window read-only, including those created later (tabs built on demand).

    Installed on the application while the window shows a read-only case file; it ends with its parent
    (the read-only bar), that is when another case file, or this one writable, is shown.
    """

    def __init__(self, window: QWidget, parent: QObject) -> None:
        super().__init__(parent)
        self._window = window
        for widget in window.findChildren(QWidget):
            self._lock(widget)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Lock each widget of the window as it is first shown."""
        if event.type() == QEvent.Type.Polish and isinstance(watched, QWidget):
            self._lock(watched)
        return False

    def _lock(self, widget: QWidget) -> None:
        if widget.window() is not self._window:
            return  # dialogs keep their fields: their saves are refused with a message, keeping the input
        if isinstance(widget, QLineEdit):
            if not _is_search_box(widget):
                widget.setReadOnly(True)
        elif isinstance(widget, QTextEdit | QPlainTextEdit | QAbstractSpinBox):
            widget.setReadOnly(True)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)


def _is_search_box(edit: QLineEdit) -> bool:
    text = f"{edit.placeholderText()} {edit.objectName()} {edit.toolTip()}".casefold()
    return any(word in text for word in _SEARCH_WORDS)


def show_read_only(window: QMainWindow, services: Services, try_again: Callable[[], None]) -> ReadOnlyBar:
    """Show the window's case file as read-only: the title, the bar above its pages, locked fields.

    Call after the case file's pages are the window's central widget; they are put under the bar.
    """
    window.setWindowTitle(read_only_title(services.path))
    pages = window.takeCentralWidget()
    container = QWidget()
    layout = QVBoxLayout(container)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    bar = ReadOnlyBar(services)
    layout.addWidget(bar)
    if pages is not None:
        layout.addWidget(pages, 1)
    window.setCentralWidget(container)
    bar.try_again_requested.connect(try_again)
    EditingLock(window, bar)
    return bar


def reopen_writable(parent: QWidget, opener: Opener, path: Path) -> Services | None:
    """Open a case file shown read-only again for writing; None if it is still in use or the user cancels.

    If the other casedesk still has it open, says so (naming it) and the read-only file stays shown.
    """
    passphrase: str | None = None
    while True:
        try:
            return opener(path, False, passphrase=passphrase)
        except PassphraseError as exc:
            passphrase = ask_passphrase(parent, path, exc)
            if passphrase is None:
                return None
        except CaseFileInUseError as exc:
            box = QMessageBox(
                QMessageBox.Icon.Information,
                "Still in use",
                exc.message,
                QMessageBox.StandardButton.Ok,
                parent,
            )
            box.setInformativeText(
                "It stays open read-only here. Close it in the other casedesk, then choose Try Again."
            )
            box.exec()
            return None
