"""File › Encrypt Case File…, Change Passphrase…, Remove Encryption…, Lock Case File and Auto-Lock….

Encrypting, decrypting and re-keying work on the CLOSED case file (``services/encryption.py``): the
window closes it, the work runs in the background with progress (and Cancel where it can stop), and the
file is opened again with its new passphrase (or as it was, when the work failed or was cancelled —
nothing is changed then).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.progress import Cancelled
from casedesk.ui.autolock import AutoLock, AutoLockDialog, unlock_wait
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.passphrase import ERROR_STYLE, PassphraseField, RetryCountdown
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services

#: Shortest passphrase accepted (the same rule as ``services.encryption.MIN_PASSPHRASE``).
MIN_PASSPHRASE = 8
LOST_WARNING = (
    "If this passphrase is lost, the case file and its documents cannot be opened again by anyone — "
    "not by casedesk, not by your IT department. Write it down and keep it somewhere safe."
)


def passphrase_strength(text: str) -> tuple[int, str]:
    """How hard ``text`` is to guess: a score 0 (too short) to 3 (strong) and a hint saying why."""
    if len(text) < MIN_PASSPHRASE:
        return 0, f"Too short: at least {MIN_PASSPHRASE} characters."
    kinds = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
            any(not c.isalnum() for c in text),
        )
    )
    words = len(text.split())
    if len(set(text)) <= 3:
        return 1, "Weak: too few different characters."
    if len(text) >= 20 or (words >= 4 and len(text) >= 16) or (len(text) >= 14 and kinds >= 3):
        return 3, "Strong."
    if len(text) >= 12 or kinds >= 3:
        return 2, "Fair: a few more words make it much harder to guess."
    return 1, "Weak: four or more unrelated words are easy to remember and hard to guess."


_STRENGTH_COLOURS = ("#b00020", "#b00020", "#8a5a00", "#1b6e20")


class CurrentPassphraseCheck:
    """Checks a typed current passphrase, each wrong one making the next try wait longer."""

    def __init__(self, check: Callable[[str], bool]) -> None:
        self._check = check
        self.wrong = 0

    def __call__(self, text: str) -> bool:
        """Whether ``text`` is the passphrase."""
        if self._check(text):
            self.wrong = 0
            return True
        self.wrong += 1
        return False


class NewPassphraseDialog(QDialog):
    """Asks for a new passphrase twice (and the current one when changing it), with a strength hint.

    The new passphrase must be long enough and typed the same twice; the dialog says which is wrong as it
    is typed, and its main button stays disabled until both hold.
    """

    def __init__(
        self,
        file_name: str,
        check_current: Callable[[str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        changing = check_current is not None
        self._check_current = CurrentPassphraseCheck(check_current) if check_current is not None else None
        self.setWindowTitle("Change Passphrase" if changing else "Encrypt Case File")
        self.setMinimumWidth(480)
        intro = (
            f"Choose a new passphrase for <b>{escape(file_name)}</b>. Backups made before keep the old one."
            if changing
            else f"<b>{escape(file_name)}</b> and its stored documents will be encrypted: without the "
            "passphrase nobody can read them, on this computer or a copy of it."
        )
        self.intro = QLabel(intro)
        self.intro.setWordWrap(True)
        self.current = PassphraseField("Current passphrase")
        self.new = PassphraseField("New passphrase")
        self.repeat = PassphraseField("Repeat the new passphrase")
        self.strength = QLabel()
        self.mismatch = QLabel()
        self.mismatch.setStyleSheet(ERROR_STYLE)
        self.current_problem = QLabel()
        self.current_problem.setStyleSheet(ERROR_STYLE)
        self.current_problem.hide()
        self.countdown = RetryCountdown()
        self.warning = QLabel(f"<b>Important:</b> {escape(LOST_WARNING)}")
        self.warning.setWordWrap(True)
        self.remove_backups = QCheckBox("&Remove the plain backups (an encrypted backup is made first)")
        self.remove_backups.setChecked(True)
        self.remove_backups.setToolTip(
            "Backups made before encrypting hold the case file in plain text; keep them only if they are "
            "stored somewhere safe"
        )
        self.remove_backups.setVisible(not changing)
        form = QFormLayout()
        if changing:
            form.addRow("&Current passphrase:", self.current)
            form.addRow("", self.current_problem)
            form.addRow("", self.countdown)
        else:
            self.current.hide()
        form.addRow("&New passphrase:", self.new)
        form.addRow("", self.strength)
        form.addRow("Re&peat it:", self.repeat)
        form.addRow("", self.mismatch)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = QPushButton("Change &Passphrase" if changing else "&Encrypt")
        self.buttons.addButton(self.ok_button, QDialogButtonBox.ButtonRole.AcceptRole)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.remove_backups)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for field in (self.current, self.new, self.repeat):
            field.text_changed.connect(lambda _text: self._update())
            field.submitted.connect(self.accept)
        self.countdown.running_changed.connect(lambda _running: self._update())
        self._update()
        (self.current if changing else self.new).setFocus()

    def passphrase(self) -> str:
        """The new passphrase."""
        return self.new.text()

    def current_passphrase(self) -> str:
        """The current passphrase (when changing it)."""
        return self.current.text()

    def _problem(self) -> str:
        new, repeat = self.new.text(), self.repeat.text()
        if not new:
            return " "
        if len(new) < MIN_PASSPHRASE:
            return " "  # the strength hint says it
        if not repeat:
            return " "
        if repeat != new[: len(repeat)] or len(repeat) > len(new):
            return "The two passphrases do not match."
        if repeat != new:
            return " "  # still being typed
        if self._check_current is not None and not self.current.text():
            return " "
        return ""

    def _update(self) -> None:
        score, hint = passphrase_strength(self.new.text())
        self.strength.setText(hint if self.new.text() else f"At least {MIN_PASSPHRASE} characters.")
        colour = _STRENGTH_COLOURS[score] if self.new.text() else "palette(mid)"
        self.strength.setStyleSheet(f"color: {colour};")
        problem = self._problem()
        self.mismatch.setText(problem.strip())
        self.ok_button.setEnabled(not problem and not self.countdown.running)

    def accept(self) -> None:
        """Qt override: only with a good new passphrase typed twice (and the right current one)."""
        if not self.ok_button.isEnabled():
            return
        if self._check_current is not None and not self._check_current(self.current.text()):
            self.current_problem.setText("That is not the current passphrase.")
            self.current_problem.show()
            self.current.clear()
            self.countdown.start(unlock_wait(self._check_current.wrong))
            self.current.setFocus()
            return
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, file_name: str, check_current: Callable[[str], bool] | None = None
    ) -> tuple[str, str, bool] | None:
        """``(current, new, remove plain backups)``, or None when cancelled."""
        dialog = cls(file_name, check_current, parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.current_passphrase(), dialog.passphrase(), dialog.remove_backups.isChecked()
        finally:
            dialog.deleteLater()


class RemoveEncryptionDialog(QDialog):
    """Confirms removing encryption, with the passphrase typed once more."""

    def __init__(self, file_name: str, check: Callable[[str], bool], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._check = CurrentPassphraseCheck(check)
        self.setWindowTitle("Remove Encryption")
        self.setMinimumWidth(460)
        self.intro = QLabel(
            f"Remove the encryption of <b>{escape(file_name)}</b>? The case file and its stored documents "
            "will be kept in plain form on this computer: anyone who gets a copy of them can read them. "
            "Encrypted backups keep their passphrase."
        )
        self.intro.setWordWrap(True)
        self.field = PassphraseField()
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self.countdown = RetryCountdown()
        form = QFormLayout()
        form.addRow("&Passphrase:", self.field)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = QPushButton("&Remove Encryption")
        self.buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.countdown)
        layout.addWidget(self.buttons)
        self.remove_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.field.submitted.connect(self.accept)
        self.field.text_changed.connect(lambda _text: self._update())
        self.countdown.running_changed.connect(lambda _running: self._update())
        self._update()
        self.field.setFocus()

    def _update(self) -> None:
        self.remove_button.setEnabled(bool(self.field.text()) and not self.countdown.running)

    def accept(self) -> None:
        """Qt override: only with the right passphrase."""
        if not self.remove_button.isEnabled():
            return
        if not self._check(self.field.text()):
            self.problem.setText("That is not the case file's passphrase.")
            self.problem.show()
            self.field.clear()
            self.countdown.start(unlock_wait(self._check.wrong))
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, file_name: str, check: Callable[[str], bool]) -> str | None:
        """The passphrase (checked), or None when cancelled."""
        dialog = cls(file_name, check, parent)
        try:
            return dialog.field.text() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class EncryptionHost(Protocol):
    """What the encryption actions need of the main window."""

    services: Services | None

    def close_case_file(self) -> None:
        """Close the open case file, showing the no-file page."""

    def reopen_case_file(self, path: Path, passphrase: str | None) -> None:
        """Open ``path`` again with ``passphrase`` (asking for it if that does not open it)."""


#: Why encryption and locking are not offered on a firm database.
FIRM_ENCRYPTION = (
    "Encryption and locking are for a case file on this computer. A firm database is protected by "
    "its server and by each person signing in."
)


class EncryptionActions(QObject):
    """The File menu's encryption actions of a main window.

    Attributes:
        task: The encrypting, decrypting or re-keying under way (None when none is).
    """

    def __init__(self, window: QMainWindow, host: EncryptionHost, auto_lock: AutoLock) -> None:
        super().__init__(window)
        self._window = window
        self._host = host
        self.auto_lock = auto_lock
        self._runner = TaskRunner()
        self.task: Any = None
        self.encrypt_action = self._action("&Encrypt Case File…", self.encrypt)
        self.encrypt_action.setStatusTip("Protect the case file and its documents with a passphrase")
        self.change_action = self._action("C&hange Passphrase…", self.change_passphrase)
        self.remove_action = self._action("Remove Encr&yption…", self.remove_encryption)
        self.lock_action = self._action("&Lock Case File", auto_lock.lock, "Ctrl+L")
        self.lock_action.setStatusTip("Hide the case data until the passphrase is entered again")
        self.auto_lock_action = self._action("&Auto-Lock…", self.edit_auto_lock)
        self.actions = (
            self.encrypt_action,
            self.change_action,
            self.remove_action,
            self.lock_action,
            self.auto_lock_action,
        )
        self.update(None)

    def _action(self, text: str, slot: Callable[[], object], shortcut: str | None = None) -> QAction:
        action = QAction(text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update(self, services: Services | None) -> None:
        """The window now shows ``services``' case file (or none): enable what applies to it."""
        firm = services is not None and services.firm_mode
        writable = services is not None and not services.read_only and not firm
        encrypted = services is not None and services.encrypted
        self.auto_lock_action.setEnabled(not firm)
        for action in self.actions:  # the server's access rules and each person's sign-in protect it
            action.setToolTip(FIRM_ENCRYPTION if firm else action.text().replace("&", ""))
        self.encrypt_action.setEnabled(writable and not encrypted)
        self.change_action.setEnabled(writable and encrypted)
        self.remove_action.setEnabled(writable and encrypted)
        self.lock_action.setEnabled(encrypted)
        self.auto_lock.watch(services)

    # --- the actions -----------------------------------------------------------------------------

    def encrypt(self) -> None:
        """File › Encrypt Case File…: ask for a new passphrase twice, encrypt, open the file again."""
        services = self._host.services
        if services is None or services.encrypted or services.read_only:
            return
        answer = NewPassphraseDialog.ask(self._window, services.path.name)
        if answer is None:
            return
        _current, passphrase, remove_backups = answer
        path = services.path

        def work(progress: ProgressDialog) -> Any:
            from casedesk.services.encryption import encrypt_case_file

            return encrypt_case_file(
                path,
                passphrase,
                remove_plain_backups=remove_backups,
                progress=progress.report,
                cancel=progress.token,
            )

        def done(result: Any) -> None:
            self._host.reopen_case_file(path, passphrase)
            removed = len(result.removed_backups)
            note = f"; {removed} plain backup{'' if removed == 1 else 's'} removed" if removed else ""
            self._say(f"{path.name} is now encrypted ({result.documents} stored files sealed{note}).")
            if result.kept_backups:
                show_error(
                    self._window,
                    "Plain backups kept",
                    CasedeskError(
                        f"{len(result.kept_backups)} backups made before encrypting are still in plain text.",
                        f"They are in {path.stem}-backups/ beside the case file. Keep them somewhere safe, "
                        "or delete them.",
                    ),
                )

        self._run("Encrypting Case File", path, work, done, reopen_with=None, cancellable=True)

    def change_passphrase(self) -> None:
        """File › Change Passphrase…: the current passphrase, a new one twice; then open with the new one."""
        services = self._host.services
        if services is None or not services.encrypted or services.read_only:
            return
        answer = NewPassphraseDialog.ask(self._window, services.path.name, services.check_passphrase)
        if answer is None:
            return
        old, new, _remove = answer
        path = services.path

        def work(_progress: ProgressDialog) -> None:
            from casedesk.services.encryption import change_passphrase

            change_passphrase(path, old, new)

        def done(_result: object) -> None:
            self._host.reopen_case_file(path, new)
            self._say(f"The passphrase of {path.name} was changed.")

        self._run("Changing Passphrase", path, work, done, reopen_with=old, cancellable=False)

    def remove_encryption(self) -> None:
        """File › Remove Encryption…: confirmed with the passphrase; then the file opens as a plain one."""
        services = self._host.services
        if services is None or not services.encrypted or services.read_only:
            return
        passphrase = RemoveEncryptionDialog.ask(self._window, services.path.name, services.check_passphrase)
        if passphrase is None:
            return
        path = services.path

        def work(progress: ProgressDialog) -> Any:
            from casedesk.services.encryption import decrypt_case_file

            return decrypt_case_file(path, passphrase, progress=progress.report, cancel=progress.token)

        def done(result: Any) -> None:
            self._host.reopen_case_file(path, None)
            kept = len(result.kept_backups)
            note = f"; {kept} encrypted backup{'' if kept == 1 else 's'} keep the passphrase" if kept else ""
            self._say(f"{path.name} is no longer encrypted{note}.")

        self._run("Removing Encryption", path, work, done, reopen_with=passphrase, cancellable=True)

    def edit_auto_lock(self) -> None:
        """File › Auto-Lock…: the idle minutes before an encrypted case file locks."""
        minutes = AutoLockDialog.ask(self._window, self.auto_lock.minutes)
        if minutes is not None:
            self.auto_lock.set_minutes(minutes)
            self._say(
                "Encrypted case files lock after "
                + (f"{minutes} idle minute{'' if minutes == 1 else 's'}." if minutes else "… never.")
            )

    # --- running on the closed file ----------------------------------------------------------------

    def _run(
        self,
        title: str,
        path: Path,
        work: Callable[[ProgressDialog], Any],
        done: Callable[[Any], None],
        *,
        reopen_with: str | None,
        cancellable: bool,
    ) -> None:
        """Close the file, run ``work`` in the background; then ``done``, or reopen it as it was."""
        self._host.close_case_file()
        progress = ProgressDialog(title, self._window, step="Stored file {number} of {total}")
        if not cancellable:
            progress.setCancelButton(None)

        def finished(result: Any) -> None:
            progress.finish()
            self.task = None
            done(result)

        def failed(error: BaseException) -> None:
            progress.finish()
            self.task = None
            self._host.reopen_case_file(path, reopen_with)
            if isinstance(error, Cancelled):
                self._say(f"{title} was cancelled; {path.name} was not changed.")
            elif isinstance(error, CasedeskError):
                show_error(self._window, title, error)
            else:
                raise error

        self.task = self._runner.op(self._window, lambda: work(progress)).on_success(finished)
        self.task.on_failure(failed).start()

    def _say(self, text: str) -> None:
        self._window.statusBar().showMessage(text, 15_000)


def save_plain_copy(
    parent: QWidget, what: str, suggested_name: str, write: Callable[[Path], None]
) -> Path | None:
    """Save a plain copy of a document of an encrypted case file, for another program to open.

    Says the copy will not be encrypted, asks where to save it and has ``write`` write it there.

    Args:
        parent: The window asking.
        what: The document in words, for the questions (e.g. "“ER visit.pdf”").
        suggested_name: The file name offered.
        write: Writes the document's plain content to the path given, atomically (e.g.
            ``DocumentService.save_copy``); raises :class:`CasedeskError` when it cannot.

    Returns:
        The path written, or None (cancelled, or it failed and the user was told why).
    """
    from casedesk.ui.files import ask_export_path

    if not confirm_plain_copy(parent, what):
        return None
    suffix = Path(suggested_name).suffix.lower() or ".pdf"
    kind = "Word documents" if suffix == ".docx" else "PDF documents"
    path = ask_export_path(parent, "Save a plain copy", suggested_name, suffix, kind)
    if path is None:
        return None
    try:
        write(path)
    except CasedeskError as exc:
        show_error(parent, "Copy not saved", exc)
        return None
    return path


def confirm_plain_copy(parent: QWidget, what: str) -> bool:
    """Ask before writing a plain (unencrypted) copy of a document of an encrypted case file."""
    return confirm(
        parent,
        "Save a plain copy",
        f"To open {what} in another program, casedesk must save a copy that is NOT encrypted.",
        "Choose Where…",
        "Anyone who can read that folder can read the copy. Save it somewhere safe and delete it when "
        "you are done.",
    )
