"""The bar that offers to undo a delete above the list it was made in, and the delete it undoes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from casedesk.domain.errors import CasedeskError
from casedesk.ui.messages import show_error


class UndoBar(QFrame):
    """Says what was deleted, with an Undo button; Ctrl+Z anywhere in ``owner`` does the same.

    Signals:
        undo_requested: The user pressed Undo or Ctrl+Z while the bar was showing.
    """

    undo_requested = Signal()

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame { background: #fff8e1; }")
        self.label = QLabel()
        self.button = QPushButton("&Undo")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 2, 8, 2)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.action = QAction("Undo delete", owner)
        self.action.setShortcut(QKeySequence.StandardKey.Undo)
        self.action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        owner.addAction(self.action)
        self.button.clicked.connect(self._on_undo)
        self.action.triggered.connect(self._on_undo)
        self.hide()

    def offer(self, text: str) -> None:
        """Show the bar with what was deleted."""
        self.label.setText(text)
        self.show()

    def _on_undo(self) -> None:
        if not self.isHidden():
            self.undo_requested.emit()


class _Stored(Protocol):
    @property
    def id(self) -> int | None: ...


T = TypeVar("T", bound=_Stored)


class DeleteWithUndo(Generic[T]):
    """Deletes a panel's record at once and puts it back when the panel's undo bar (or Ctrl+Z) asks.

    The panel says what differs: the service's ``delete`` (by id) and ``restore``, the sentence the bar
    shows (``describe``), the titles of the error boxes, ``after_change`` (called with the id to select,
    ``None`` after a delete), ``refresh`` after a failed delete, and the widget given the focus after a
    delete so that Ctrl+Z reaches the bar. The panel still connects ``bar.undo_requested`` to its own undo.
    """

    def __init__(
        self,
        panel: QWidget,
        bar: UndoBar,
        *,
        delete: Callable[[int], T],
        restore: Callable[[T], T],
        describe: Callable[[T], str],
        not_deleted: str,
        not_restored: str,
        after_change: Callable[[int | None], None],
        refresh: Callable[[], None],
        focus: QWidget,
    ) -> None:
        self._panel = panel
        self._bar = bar
        self._delete = delete
        self._restore = restore
        self._describe = describe
        self._not_deleted = not_deleted
        self._not_restored = not_restored
        self._after_change = after_change
        self._refresh = refresh
        self._focus = focus
        self._pending: tuple[T, Callable[[T], T]] | None = None

    def delete(self, selected: T | None) -> None:
        """Delete ``selected`` (nothing without a stored record) and offer it back."""
        if selected is None or selected.id is None:
            return
        try:
            deleted = self._delete(selected.id)
        except CasedeskError as exc:
            show_error(self._panel, self._not_deleted, exc)
            self._refresh()
            return
        self.offer(deleted, self._describe(deleted), self._restore)
        self._after_change(None)
        self._focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def offer(self, record: T, text: str, put_back: Callable[[T], T]) -> None:
        """Show ``text`` on the bar; undo then calls ``put_back(record)`` (another change than a delete)."""
        self._pending = (record, put_back)
        self._bar.offer(text)

    def undo(self) -> None:
        """Put back what was offered last (nothing if the bar was dismissed)."""
        if self._pending is None:
            return
        record, put_back = self._pending
        try:
            restored = put_back(record)
        except CasedeskError as exc:
            show_error(self._panel, self._not_restored, exc)
            return
        self.forget()
        self._after_change(restored.id)

    def forget(self) -> None:
        """Drop what could be undone and hide the bar (another case is shown)."""
        self._pending = None
        self._bar.hide()
