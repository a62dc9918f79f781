"""The bar that offers to undo a delete, shown above the list the record was deleted from."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


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
