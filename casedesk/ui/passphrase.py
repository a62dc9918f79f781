"""Asking for an encrypted case file's passphrase: a masked field, Show, and a wait after wrong tries."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import PassphraseError

ERROR_STYLE = "color: #b00020;"


class PassphraseField(QWidget):
    """A masked passphrase entry with a Show box that reveals what was typed.

    Signals:
        text_changed: What is typed changed.
        submitted: Enter was pressed in the field.
    """

    text_changed = Signal(str)
    submitted = Signal()

    def __init__(self, accessible_name: str = "Passphrase", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setAccessibleName(accessible_name)
        self.show_box = QCheckBox("S&how")
        self.show_box.setToolTip("Show the passphrase as typed (make sure nobody is looking)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.show_box)
        self.show_box.toggled.connect(self._on_show_box_toggled)
        self.edit.textChanged.connect(self.text_changed)
        self.edit.returnPressed.connect(self.submitted)
        self.setFocusProxy(self.edit)

    def text(self) -> str:
        """What is typed."""
        return self.edit.text()

    def clear(self) -> None:
        """Empty the field (and mask it again)."""
        self.edit.clear()
        self.show_box.setChecked(False)

    def _on_show_box_toggled(self, shown: bool) -> None:
        self.edit.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)


class RetryCountdown(QLabel):
    """Counts down the seconds until another passphrase may be tried; hidden when there is no wait.

    Signals:
        running_changed: ``(running)`` — a wait began (True) or ended (False).
    """

    running_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(parent)
        self._clock = clock
        self._until = 0.0
        self.setStyleSheet(ERROR_STYLE)
        self.setWordWrap(True)
        self._timer = QTimer(self)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self._update)
        self.hide()

    @property
    def running(self) -> bool:
        """A wait is under way."""
        return self._timer.isActive()

    def start(self, seconds: float) -> None:
        """Wait ``seconds`` before the next try (nothing when not positive)."""
        if seconds <= 0:
            return
        self._until = self._clock() + seconds
        self._timer.start()
        self.show()
        self._update()
        self.running_changed.emit(True)

    def seconds_left(self) -> int:
        """Whole seconds still to wait (0 when there is no wait)."""
        return max(0, math.ceil(self._until - self._clock())) if self.running else 0

    def _update(self) -> None:
        left = max(0, math.ceil(self._until - self._clock()))
        if left <= 0:
            self._timer.stop()
            self.hide()
            self.running_changed.emit(False)
            return
        unit = "second" if left == 1 else "seconds"
        self.setText(f"Too many wrong passphrases. You can try again in {left} {unit}.")


class PassphraseDialog(QDialog):
    """Asks for the passphrase of an encrypted case file, saying why after a wrong one.

    When the case file asks to wait after repeated wrong passphrases (``error.retry_after``), Open stays
    disabled and a countdown says how long.
    """

    def __init__(self, path: Path, error: PassphraseError, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Encrypted case file")
        self.setMinimumWidth(440)
        self.intro = QLabel(f"<b>{_escape(path.name)}</b> is encrypted. Enter its passphrase to open it.")
        self.intro.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(ERROR_STYLE)
        if error.wrong:
            self.problem.setText(f"{error.message} {error.hint}".strip())
        self.problem.setVisible(error.wrong)
        self.field = PassphraseField()
        label = QLabel("&Passphrase:")
        label.setBuddy(self.field.edit)
        self.countdown = RetryCountdown()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.open_button = QPushButton("&Open")
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in self.buttons.buttons():
            # Enter in the field means Open (and only when Open may be pressed), never Cancel.
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.problem)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(self.countdown)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.field.submitted.connect(self.accept)
        self.field.text_changed.connect(lambda _text: self._update_open_button())
        self.countdown.running_changed.connect(lambda _running: self._update_open_button())
        self.countdown.start(error.retry_after)
        self._update_open_button()
        self.field.setFocus()

    def passphrase(self) -> str:
        """What was typed."""
        return self.field.text()

    def accept(self) -> None:
        """Qt override: only a typed passphrase, and only once any wait is over."""
        if self.open_button.isEnabled():
            super().accept()

    def _update_open_button(self) -> None:
        self.open_button.setEnabled(bool(self.field.text()) and not self.countdown.running)

    @classmethod
    def ask(cls, parent: QWidget | None, path: Path, error: PassphraseError) -> str | None:
        """Show the dialog; the passphrase typed, or None when cancelled."""
        dialog = cls(path, error, parent)
        try:
            if dialog.exec() == QDialog.DialogCode.Accepted:
                return dialog.passphrase()
            return None
        finally:
            dialog.deleteLater()


def ask_passphrase(parent: QWidget | None, path: Path, error: PassphraseError) -> str | None:
    """Ask for the passphrase of ``path`` (saying why, after a wrong one); None when cancelled."""
    return PassphraseDialog.ask(parent, path, error)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
