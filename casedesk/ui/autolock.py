"""Auto-lock: after some idle minutes an encrypted case file's window hides its data until the passphrase.

Idle time is measured by an application-wide event filter that restarts a timer on every key press,
click, wheel turn or mouse move. When it runs out (or on File › Lock Case File) the window saves pending
edits, takes its pages out and shows a lock page in their place; other windows showing case data
(contacts book, search, reminders, outstanding requests) are hidden, and a modal dialog (a form being
filled in) is covered by a lock page of its own, keeping what was typed in it. While locked, the filter
lets input reach only lock pages, so no menu item or shortcut can show case data.
Unlocking needs the case file's passphrase; after repeated wrong ones, each try must wait longer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casedesk.ui.passphrase import ERROR_STYLE, PassphraseField, RetryCountdown

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services

#: The QSettings key of the idle minutes before an encrypted case file locks (0: never).
MINUTES_KEY = "security/auto_lock_minutes"
DEFAULT_MINUTES = 10
MAX_MINUTES = 240
#: Wrong passphrases in a row on the lock page before each try must wait (1 s, 2 s, 4 s, … 60 s).
FREE_TRIES = 2
MAX_WAIT_S = 60.0

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
#: Input that must not reach anything but the lock page while locked.
_BLOCKED = _ACTIVITY | {
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.Shortcut,
    QEvent.Type.ShortcutOverride,
    QEvent.Type.ContextMenu,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
}


def auto_lock_minutes(settings: QSettings) -> int:
    """The idle minutes before an encrypted case file locks (0: never); 10 unless the user chose."""
    value = settings.value(MINUTES_KEY, DEFAULT_MINUTES)
    try:
        minutes = int(str(value))
    except ValueError:
        return DEFAULT_MINUTES
    return min(max(minutes, 0), MAX_MINUTES)


def unlock_wait(wrong_in_a_row: int) -> float:
    """Seconds to wait before the next try after ``wrong_in_a_row`` wrong passphrases."""
    if wrong_in_a_row < FREE_TRIES:
        return 0.0
    return min(MAX_WAIT_S, 2.0 ** (wrong_in_a_row - FREE_TRIES))


class LockPage(QWidget):
    """What a locked window shows: no case data, a passphrase field and Unlock.

    Signals:
        unlock_requested: ``(passphrase)`` — the user pressed Unlock (or Enter) with something typed.
    """

    unlock_requested = Signal(str)

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lockPage")
        self.title = QLabel("<span style='font-size:16pt'><b>Case file locked</b></span>")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation = QLabel(
            f"{file_name} is encrypted and locked: its case data stays hidden until its passphrase is "
            "entered.\nNothing you saved is lost."
        )
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation.setWordWrap(True)
        self.field = PassphraseField()
        self.field.setFixedWidth(360)
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.problem.hide()
        self.countdown = RetryCountdown()
        self.countdown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton("&Unlock")
        layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addSpacing(12)
        label = QLabel("&Passphrase:")
        label.setBuddy(self.field.edit)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.field, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.problem)
        layout.addWidget(self.countdown)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        self.field.text_changed.connect(lambda _text: self._update_button())
        self.countdown.running_changed.connect(lambda _running: self._update_button())
        self.field.submitted.connect(self._on_unlock)
        self.unlock_button.clicked.connect(self._on_unlock)
        self._update_button()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Enter and Esc end here, never reaching a dialog this page covers."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape):
            event.accept()
            return
        super().keyPressEvent(event)

    def refuse(self, wait: float) -> None:
        """The passphrase was wrong: say so, empty the field and wait ``wait`` seconds before the next."""
        self.problem.setText("That passphrase is not the case file's. Check Caps Lock and try again.")
        self.problem.show()
        self.field.clear()
        self.countdown.start(wait)
        self.field.setFocus()

    def _update_button(self) -> None:
        self.unlock_button.setEnabled(bool(self.field.text()) and not self.countdown.running)

    def _on_unlock(self) -> None:
        if self.unlock_button.isEnabled():
            self.unlock_requested.emit(self.field.text())


class AutoLock(QObject):
    """Locks a main window's case data after idle minutes, when its case file is encrypted.

    Attributes:
        page: The lock page while locked (None otherwise).

    Signals:
        locked_changed: ``(locked)`` — the window was locked (True) or unlocked (False).
    """

    locked_changed = Signal(bool)

    def __init__(self, window: QMainWindow, settings: QSettings, save_pending: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._save_pending = save_pending
        self._services: Services | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.lock)
        self._interval_ms = auto_lock_minutes(settings) * 60_000
        self.page: LockPage | None = None
        self._kept: QWidget | None = None
        self._hidden: list[QWidget] = []
        #: Modal dialogs covered by a lock page of their own: (dialog, its page, its title, its size).
        self._covers: list[tuple[QDialog, LockPage, str, QSize]] = []
        self._wrong = 0
        self._status_shown = True
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    # --- what is watched -------------------------------------------------------------------------

    @property
    def enabled(self) -> bool:
        """Whether the open case file can be locked (it is encrypted)."""
        return self._services is not None and self._services.encrypted

    @property
    def locked(self) -> bool:
        """Whether the window is locked now."""
        return self.page is not None

    @property
    def minutes(self) -> int:
        """The idle minutes before locking (0: never), as remembered in the settings."""
        return auto_lock_minutes(self._settings)

    def set_minutes(self, minutes: int) -> None:
        """Remember the idle minutes before locking (0: never) and restart the idle time."""
        minutes = min(max(minutes, 0), MAX_MINUTES)
        self._settings.setValue(MINUTES_KEY, minutes)
        self.set_interval_ms(minutes * 60_000)

    def set_interval_ms(self, msec: int) -> None:
        """Lock after ``msec`` milliseconds without input (0: never); not remembered (tests, demos)."""
        self._interval_ms = max(msec, 0)
        self._restart()

    def watch(self, services: Services | None) -> None:
        """The window now shows ``services``' case file (or none): lock it when idle if it is encrypted.

        A lock still on from the file shown before is dropped: the window has already replaced its pages.
        """
        if self.page is not None:
            self._drop_lock()
        self._services = services
        self._wrong = 0
        self._restart()

    def _restart(self) -> None:
        if self.enabled and self._interval_ms > 0 and not self.locked:
            self._timer.start(self._interval_ms)
        else:
            self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: input restarts the idle time; while locked it reaches only the lock page."""
        kind = event.type()
        if self.page is not None:
            if kind in _BLOCKED and not self._on_lock_page(watched):
                return True
            if kind == QEvent.Type.Show and isinstance(watched, QWidget) and self._must_hide(watched):
                # A window opened while locked (a finished task's report, a message) waits for the unlock.
                QTimer.singleShot(0, lambda: self._keep_hidden(watched))
            elif kind == QEvent.Type.Resize:
                for dialog, page, _title, _size in self._covers:
                    if watched is dialog:
                        page.setGeometry(dialog.rect())
        elif kind in _ACTIVITY and self._timer.isActive():
            self._timer.start()
        return False

    def _on_lock_page(self, watched: QObject) -> bool:
        """Whether input to ``watched`` may go through while locked."""
        if self.page is None:
            return True
        if isinstance(watched, QWidget):
            pages = [self.page, *(page for _dialog, page, _title, _size in self._covers)]
            return any(watched is page or page.isAncestorOf(watched) for page in pages)
        if isinstance(watched, QAction | QShortcut):
            # Shortcuts are delivered to actions: only the lock page's own may fire.
            owner = watched.parent()
            return isinstance(owner, QWidget) and self._on_lock_page(owner)
        return True  # a window hands the event on to one of its widgets, where it is filtered

    def _must_hide(self, widget: QWidget) -> bool:
        return (
            widget.isWindow()
            and widget is not self._window
            and widget.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        )

    def _keep_hidden(self, widget: QWidget) -> None:
        if self.page is not None and shiboken6.isValid(widget) and widget.isVisible():
            self._hide_window(widget)

    # --- locking ---------------------------------------------------------------------------------

    def lock(self) -> None:
        """Save pending edits, hide every case data view and show the lock page (encrypted files only)."""
        if not self.enabled or self.locked or self._services is None:
            return
        self._timer.stop()
        self._save_pending()
        self._close_other_windows()
        self._kept = self._window.takeCentralWidget()
        self.page = self._lock_page()
        self._window.setCentralWidget(self.page)
        self.page.show()
        self._window.menuBar().setEnabled(False)
        self._status_shown = self._window.statusBar().isVisible()
        self._window.statusBar().clearMessage()
        self._window.statusBar().hide()
        self.page.field.setFocus()
        self.locked_changed.emit(True)

    def _close_other_windows(self) -> None:
        """Hide the windows showing case data (shown again on unlock); close a modal dialog and menus."""
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()
        self._hidden = []
        for widget in QApplication.topLevelWidgets():
            if widget is not self._window and widget.isVisible():
                self._hide_window(widget)

    def _lock_page(self, parent: QWidget | None = None) -> LockPage:
        assert self._services is not None
        page = LockPage(self._services.name, parent)
        page.unlock_requested.connect(lambda text: self.try_unlock(text, page))
        return page

    def _hide_window(self, widget: QWidget) -> None:
        """Hide a window until the unlock; a modal dialog is covered by a lock page instead.

        Hiding a modal dialog would end it (losing what was typed in it), and it would keep the user
        from the window's lock page: it gets one of its own, over its contents and title.
        """
        if isinstance(widget, QDialog) and not isinstance(widget, QProgressDialog) and widget.isModal():
            self._cover(widget)
            return
        widget.hide()
        if widget not in self._hidden:
            self._hidden.append(widget)

    def _cover(self, dialog: QDialog) -> None:
        if any(covered is dialog for covered, _page, _title, _size in self._covers):
            return
        page = self._lock_page(dialog)
        page.setAutoFillBackground(True)
        self._covers.append((dialog, page, dialog.windowTitle(), dialog.size()))
        dialog.setWindowTitle("Case file locked")
        dialog.resize(max(dialog.width(), 640), max(dialog.height(), 360))
        page.setGeometry(dialog.rect())
        page.show()
        page.raise_()
        page.field.setFocus()

    def _uncover(self) -> None:
        for dialog, page, title, size in self._covers:
            if shiboken6.isValid(dialog):  # not closed and deleted meanwhile
                page.deleteLater()
                dialog.setWindowTitle(title)
                dialog.resize(size)
        self._covers = []

    def try_unlock(self, passphrase: str, asking: LockPage | None = None) -> bool:
        """Unlock with ``passphrase``; False (and a wait before the next try) when it is wrong.

        Args:
            passphrase: What was typed.
            asking: The lock page it was typed on (the window's, or a covered dialog's).
        """
        if self.page is None or self._services is None:
            return False
        if not self._services.check_passphrase(passphrase):
            self._wrong += 1
            wait = unlock_wait(self._wrong)
            for page in {self.page, asking or self.page}:
                if shiboken6.isValid(page):
                    page.refuse(wait)
            return False
        self._wrong = 0
        self._uncover()
        page = self.page
        self._window.takeCentralWidget()
        page.deleteLater()
        self.page = None
        if self._kept is not None:
            self._window.setCentralWidget(self._kept)
            self._kept.show()  # taking it out of the window hid it
            self._kept = None
        self._window.menuBar().setEnabled(True)
        self._window.statusBar().setVisible(self._status_shown)
        for widget in self._hidden:
            if shiboken6.isValid(widget):  # not closed and deleted meanwhile (a finished task's progress)
                widget.show()
        self._hidden = []
        self._restart()
        self.locked_changed.emit(False)
        return True

    def _drop_lock(self) -> None:
        """Forget a lock whose window has moved on to another file (or none)."""
        if self._kept is not None:
            self._kept.deleteLater()
            self._kept = None
        self.page = None  # the window's new page replaced (and deleted) it
        self._uncover()
        self._hidden = []
        self._window.menuBar().setEnabled(True)
        self._window.statusBar().setVisible(self._status_shown)
        self.locked_changed.emit(False)


class AutoLockDialog(QDialog):
    """File › Auto-Lock…: the idle minutes before an encrypted case file locks (0: never)."""

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Auto-Lock")
        self.minutes_box = QSpinBox()
        self.minutes_box.setRange(0, MAX_MINUTES)
        self.minutes_box.setSuffix(" min")
        self.minutes_box.setSpecialValueText("Never")
        self.minutes_box.setValue(minutes)
        self.minutes_box.setAccessibleName("Lock after idle minutes")
        note = QLabel(
            "An encrypted case file hides its data after this many minutes without use; its passphrase "
            "unlocks it. Files that are not encrypted are never locked."
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Lock after:", self.minutes_box)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, minutes: int) -> int | None:
        """The minutes chosen, or None when cancelled."""
        dialog = cls(minutes, parent)
        try:
            return dialog.minutes_box.value() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
