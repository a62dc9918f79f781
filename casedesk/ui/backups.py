"""File › Back Up Now…, Restore from Backup… and Backup Settings…, and the automatic backups.

Automatic backups copy the database into ``<stem>-backups/`` beside the case file: once a day while it is
open (checked on opening and every hour, in the background) and on closing when something was saved since
the last backup. They are kept the number of days chosen in Backup Settings (the newest backup and the
safety copies made before an upgrade or a restore are always kept).

Back Up Now writes the database and the document store into a dated folder inside a folder the user
chooses (a USB drive), in the background with progress and Cancel. Restore checks the chosen backup first,
asks before replacing anything (saying which point in time and that a safety copy is kept), closes the
case file, restores in the background and opens the file again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, CaseFileError
from casedesk.domain.progress import Cancelled
from casedesk.ui.messages import confirm, show_error, show_failure
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from casedesk.domain.backups import BackupCheck, BackupInfo
    from casedesk.services.backups import BackupService, PendingRestore
    from casedesk.services.casefiles import Services

#: Rolling backups are kept this many days unless the user chooses otherwise (Backup Settings…).
DEFAULT_KEEP_DAYS = 14
MAX_KEEP_DAYS = 3650
#: How often an open case file is looked at for its daily backup (milliseconds).
DAILY_CHECK_MS = 60 * 60 * 1000
#: The first look comes this long after opening, not to slow the start (milliseconds).
FIRST_CHECK_MS = 30 * 1000
_KEEP_DAYS_KEY = "backups/keep_days"
_AUTOMATIC_KEY = "backups/automatic"


class BackupPreferences:
    """The backup settings remembered between runs (in the application's settings)."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @property
    def keep_days(self) -> int:
        """How many days rolling backups are kept."""
        value = self._settings.value(_KEEP_DAYS_KEY, DEFAULT_KEEP_DAYS)
        try:
            days = int(str(value))
        except ValueError:
            return DEFAULT_KEEP_DAYS
        return min(max(days, 1), MAX_KEEP_DAYS)

    @keep_days.setter
    def keep_days(self, days: int) -> None:
        self._settings.setValue(_KEEP_DAYS_KEY, min(max(days, 1), MAX_KEEP_DAYS))

    @property
    def automatic(self) -> bool:
        """Whether casedesk backs up by itself (daily and on closing)."""
        value = self._settings.value(_AUTOMATIC_KEY, True)
        return value not in (False, "false", "0", 0)

    @automatic.setter
    def automatic(self, on: bool) -> None:
        self._settings.setValue(_AUTOMATIC_KEY, on)


class BackupSettingsDialog(QDialog):
    """Backup Settings…: automatic backups on or off, and how many days they are kept."""

    def __init__(self, parent: QWidget | None, preferences: BackupPreferences, folder: Path | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Backup Settings")
        self._preferences = preferences
        self.automatic = QCheckBox("&Back up automatically: once a day and when the case file is closed")
        self.automatic.setChecked(preferences.automatic)
        self.keep_days = QSpinBox()
        self.keep_days.setRange(1, MAX_KEEP_DAYS)
        self.keep_days.setSuffix(" days")
        self.keep_days.setValue(preferences.keep_days)
        self.keep_days.setToolTip("Older automatic backups are removed; the newest one is always kept")
        form = QFormLayout()
        form.addRow(self.automatic)
        form.addRow("&Keep backups for:", self.keep_days)
        note = QLabel(
            "The newest backup, and the copies made before an upgrade or a restore, are always kept."
            + (f"<br>Backups are kept in <b>{folder}</b>." if folder is not None else "")
        )
        note.setWordWrap(True)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        """Qt override: remember the settings."""
        self._preferences.automatic = self.automatic.isChecked()
        self._preferences.keep_days = self.keep_days.value()
        super().accept()


class AutomaticBackups(QObject):
    """The daily and on-close backups of one open case file.

    Signals:
        backed_up: ``(BackupInfo)`` — an automatic backup was made.
        failed: ``(CasedeskError)`` — an automatic backup could not be made (the window says so).
    """

    backed_up = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        backups: BackupService,
        preferences: BackupPreferences,
        parent: QWidget,
        runner: TaskRunner | None = None,
        interval_ms: int = DAILY_CHECK_MS,
    ) -> None:
        # No Qt parent: a daily backup finishing after the file closed still reports to a live object.
        super().__init__()
        self._backups = backups
        self._preferences = preferences
        self._parent = parent
        self._runner = runner or TaskRunner()
        self.task: Task[BackupInfo | None] | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_daily)
        self._closed = False

    def start(self, first_check_ms: int = 0) -> None:
        """Make the daily backup if it is due (now, or after ``first_check_ms``), and look every hour."""
        if first_check_ms > 0:
            QTimer.singleShot(first_check_ms, self, self.check_daily)
        else:
            self.check_daily()
        self.timer.start()

    def check_daily(self) -> None:
        """Back up in the background if automatic backups are on and the daily one is due."""
        if not self._preferences.automatic or self.task is not None or self._closed:
            return
        try:
            due = self._backups.due_daily()
        except OSError:
            return
        if not due:
            return
        keep_days = self._preferences.keep_days

        def work() -> BackupInfo | None:
            made = self._backups.back_up_daily()
            self._backups.prune(keep_days)
            return made

        self.task = self._runner.op(self._parent, work).on_success(self._on_done).on_failure(self._on_failed)
        self.task.start()

    def on_close(self) -> BackupInfo | None:
        """The case file is closing: back up if something was saved since the last backup.

        Runs here and now (the file closes after it); a failure is reported, never stops the closing.
        """
        self._closed = True
        self.timer.stop()
        if self.task is not None:
            self.task.wait()
        if not self._preferences.automatic:
            return None
        try:
            made = self._backups.back_up_if_changed()
            self._backups.prune(self._preferences.keep_days)
        except CasedeskError as exc:
            self.failed.emit(exc)
            return None
        if made is not None:
            self.backed_up.emit(made)
        return made

    def _on_done(self, made: BackupInfo | None) -> None:
        self.task = None
        if made is not None:
            self.backed_up.emit(made)

    def _on_failed(self, error: BaseException) -> None:
        self.task = None
        if isinstance(error, CasedeskError):
            self.failed.emit(error)
            return
        raise error


class BackUpNow(QObject):
    """File › Back Up Now…: the database and the document store into a folder the user chooses.

    Signals:
        finished: ``(BackupInfo)`` — the backup was written and verified.

    Attributes:
        message: The message saying where the backup went (shown without blocking).
    """

    finished = Signal(object)

    def __init__(self, backups: BackupService, parent: QWidget, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._backups = backups
        self._parent = parent
        self._runner = runner or TaskRunner()
        self.task: Task[BackupInfo] | None = None
        self.message: QMessageBox | None = None
        self._progress: ProgressDialog | None = None

    def run(self, folder: Path | None = None) -> None:
        """Ask for the folder (unless given), then back up into it in the background."""
        if folder is None:
            name = QFileDialog.getExistingDirectory(self._parent, "Back up into which folder?")
            if not name:
                return
            folder = Path(name)
        self._progress = ProgressDialog("Backing Up", self._parent, step="{name}: {done} of {total}")
        progress = self._progress
        chosen = folder
        self.task = (
            self._runner.op(
                self._parent, lambda: self._backups.back_up_to(chosen, progress.report, progress.token)
            )
            .on_success(self._on_done)
            .on_failure(self._on_failed)
            .start()
        )

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_done(self, info: BackupInfo) -> None:
        self._close_progress()
        documents = f" and {info.documents} stored documents" if info.documents else ""
        self.message = QMessageBox(
            QMessageBox.Icon.Information,
            "Back Up Now",
            f"The case file{documents} were backed up into {info.path.name}.",
            QMessageBox.StandardButton.Ok,
            self._parent,
        )
        self.message.setInformativeText(
            f"{_size(info.size)} in {info.path.parent}. Every file was read back and checked."
        )
        self.message.open()
        self.finished.emit(info)

    def _on_failed(self, error: BaseException) -> None:
        self._close_progress()
        if isinstance(error, Cancelled):
            _status(self._parent, "Backup cancelled; nothing was left in the chosen folder.")
        show_failure(self._parent, "Back Up Now", error)


class RestoreDialog(QDialog):
    """Restore from Backup…: choose a point in time (a backup beside the file) or another backup.

    Attributes:
        chosen: The backup chosen when the dialog was accepted.
    """

    def __init__(self, parent: QWidget | None, backups: list[BackupInfo], case_name: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from Backup")
        self.resize(620, 420)
        self.chosen: Path | None = None
        self._backups = backups
        intro = QLabel(
            f"Choose the point in time to bring <b>{case_name}</b> back to. The backup is checked "
            "first, and the case file as it is now is kept as a safety copy."
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(backups), 3)
        self.table.setHorizontalHeaderLabels(["Made", "Why", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, info in enumerate(backups):
            when = QTableWidgetItem(_local_time(info.created))
            when.setToolTip(str(info.path))
            size = QTableWidgetItem(_size(info.size))
            size.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column, item in enumerate((when, QTableWidgetItem(info.reason_label), size)):
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.empty = QLabel("There are no backups beside this case file yet. Choose a backup file or folder.")
        self.empty.setWordWrap(True)
        self.empty.setVisible(not backups)
        self.table.setVisible(bool(backups))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton("&Restore…")
        self.restore_button.setDefault(True)
        self.file_button = QPushButton("Backup &File…")
        self.file_button.setToolTip("Restore a backup copy (.sqlite) kept somewhere else")
        self.folder_button = QPushButton("Backup F&older…")
        self.folder_button.setToolTip("Restore a folder written by Back Up Now (database and documents)")
        self.buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self._on_restore)
        self.file_button.clicked.connect(self._on_file)
        self.folder_button.clicked.connect(self._on_folder)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _index: self._on_restore())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.buttons)
        if backups:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _on_restore(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._choose(self._backups[rows[0].row()].path)

    def _on_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Restore which backup?", "", "casedesk backups (*.sqlite);;All files (*)"
        )
        if name:
            self._choose(Path(name))

    def _on_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Restore which backup folder?")
        if name:
            self._choose(Path(name))

    def _choose(self, path: Path) -> None:
        self.chosen = path
        self.accept()


class CaseFileHost(Protocol):
    """The window that has the case file open: closes it for a restore and opens it again after."""

    def close_case_file(self) -> None:
        """Close the open case file (saving pending edits)."""

    def reopen_case_file(self, path: Path, passphrase: str | None) -> None:
        """Open ``path`` again (asking for what it needs if ``passphrase`` does not open it)."""


class CaseFileRestore(QObject):
    """Restore from Backup…: choose, check, confirm, close, restore in the background, reopen.

    Signals:
        finished: ``(Path)`` — the backup was restored; the path is the safety copy of the old file.

    Attributes:
        dialog: The dialog choosing the backup, while it is shown.
        message: The message saying what was restored (shown without blocking).
    """

    finished = Signal(object)

    def __init__(
        self,
        backups: BackupService,
        host: CaseFileHost,
        parent: QWidget,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._backups = backups
        self._host = host
        self._parent = parent
        self._runner = runner or TaskRunner()
        self.dialog: RestoreDialog | None = None
        self.message: QMessageBox | None = None
        self.task: Task[BackupCheck] | Task[Path] | None = None
        self._progress: ProgressDialog | None = None
        self._when = ""

    def run(self, backup: Path | None = None) -> None:
        """Restore ``backup``, or first let the user choose one."""
        if backup is not None:
            self.check(backup)
            return
        self.dialog = RestoreDialog(self._parent, self._backups.backups(), self._backups.case_name)
        self.dialog.accepted.connect(self._on_dialog_accepted)
        self.dialog.open()

    def _on_dialog_accepted(self) -> None:
        chosen = self.dialog.chosen if self.dialog is not None else None
        self.dialog = None
        if chosen is not None:
            self.check(chosen)

    def check(self, backup: Path) -> None:
        """Check ``backup`` in the background; if it is sound, ask, then restore it."""
        self._progress = ProgressDialog("Checking the Backup", self._parent)
        self._progress.setCancelButton(None)  # a check changes nothing and cannot be stopped halfway
        self.task = (
            self._runner.op(self._parent, lambda: self._backups.verify(backup))
            .on_success(self._on_checked)
            .on_failure(self._on_failed)
            .start()
        )

    def _on_checked(self, check: BackupCheck) -> None:
        self._close_progress()
        if not check.ok:
            show_error(
                self._parent,
                "Restore from Backup",
                CaseFileError(
                    f"This backup cannot be restored: {' '.join(check.problems)}",
                    "Nothing was changed. Choose another backup.",
                ),
            )
            return
        info = next((b for b in self._backups.backups() if b.path == check.path), None)
        when = _local_time(info.created) if info is not None else check.path.name
        cases = "1 case" if check.cases == 1 else f"{check.cases} cases"
        documents = f" and {check.documents} stored documents" if check.documents else ""
        if not confirm(
            self._parent,
            "Restore from Backup",
            f"Replace {self._backups.case_name} with the backup made {when}?",
            "Restore",
            f"The backup holds {cases}{documents}. Everything saved after it is replaced; the case "
            f"file as it is now is kept as a safety copy in {self._backups.folder.name}. "
            "No stored document is deleted.",
        ):
            return
        self._when = when
        self._restore(self._backups.pending_restore(check.path))

    def _restore(self, pending: PendingRestore) -> None:
        self._host.close_case_file()
        self._progress = ProgressDialog("Restoring", self._parent, step="{name}: {done} of {total}")
        progress = self._progress

        def reopen_then(after: BackupInfo | Path | BaseException) -> None:
            self._close_progress()
            self._host.reopen_case_file(pending.case_path, pending.passphrase)
            if isinstance(after, Path):
                self._on_restored(pending, after)
            elif isinstance(after, Cancelled):
                _status(self._parent, "Restore cancelled; the case file was not changed.")
            elif isinstance(after, CasedeskError):
                show_error(self._parent, "Restore from Backup", after)
            elif isinstance(after, BaseException):
                raise after

        self.task = (
            self._runner.op(self._parent, lambda: pending.run(progress.report, progress.token))
            .on_success(reopen_then)
            .on_failure(reopen_then)
            .start()
        )

    def _on_restored(self, pending: PendingRestore, safety: Path) -> None:
        self.message = QMessageBox(
            QMessageBox.Icon.Information,
            "Restore from Backup",
            f"{pending.case_path.name} was brought back to the backup made {self._when}.",
            QMessageBox.StandardButton.Ok,
            self._parent,
        )
        self.message.setInformativeText(f"The case file as it was before is kept as {safety}.")
        self.message.open()
        self.finished.emit(safety)

    def _on_failed(self, error: BaseException) -> None:
        self._close_progress()
        show_failure(self._parent, "Restore from Backup", error)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None


def _status(parent: QWidget, text: str) -> None:
    status_bar = getattr(parent, "statusBar", None)
    if callable(status_bar):
        status_bar().showMessage(text, 10_000)


def _local_time(moment: datetime) -> str:
    return moment.astimezone().strftime("%a %d %b %Y, %H:%M")


def _size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


#: Why backups are not offered on a firm database.
FIRM_BACKUPS = (
    "Backups are for a case file on this computer. The firm database is backed up on its server "
    "by whoever runs it."
)


class BackupActions(QObject):
    """The File menu's backup actions of a main window, and the automatic backups of its case file.

    The window calls :meth:`update` with the services it shows (None before closing them): closing
    makes the on-close backup, opening the daily one.

    Attributes:
        automatic: The automatic backups of the open case file (None while none is open or read-only).
        back_up_now: The Back Up Now… under way or last run.
        restore: The Restore from Backup… under way or last run.
        settings_dialog: Backup Settings…, while it is shown.
    """

    def __init__(self, window: QMainWindow, host: CaseFileHost, settings: QSettings) -> None:
        super().__init__(window)
        self._window = window
        self._host = host
        self.preferences = BackupPreferences(settings)
        self._services: Services | None = None
        self.automatic: AutomaticBackups | None = None
        self.back_up_now: BackUpNow | None = None
        self.restore: CaseFileRestore | None = None
        self.settings_dialog: BackupSettingsDialog | None = None
        self.back_up_action = self._action("&Back Up Now…", self.run_back_up_now)
        self.back_up_action.setStatusTip(
            "Copy the case file and its documents into a folder (e.g. a USB drive)"
        )
        self.restore_action = self._action("Restore from Bac&kup…", self.run_restore)
        self.restore_action.setStatusTip("Bring the case file back to an earlier point in time")
        self.settings_action = self._action("Backup Se&ttings…", self.edit_settings)
        self.settings_action.setStatusTip("Automatic backups, and how long they are kept")
        self.actions = (self.back_up_action, self.restore_action, self.settings_action)
        self.update(None)

    def _action(self, text: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self._window)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def update(self, services: Services | None) -> None:
        """The window now shows ``services``' case file, or is about to close the one it showed (None)."""
        if self.automatic is not None:
            self.automatic.on_close()
            self.automatic = None
        self._services = services
        firm = services is not None and services.firm_mode
        self.back_up_action.setEnabled(services is not None and not firm)
        self.restore_action.setEnabled(services is not None and not services.read_only and not firm)
        self.settings_action.setEnabled(not firm)
        for action in self.actions:  # on a firm database the server is backed up where it runs
            action.setToolTip(FIRM_BACKUPS if firm else action.text().replace("&", ""))
        if services is not None and not services.read_only and not firm:
            self.automatic = AutomaticBackups(services.backups, self.preferences, self._window)
            self.automatic.backed_up.connect(self._on_backed_up)
            self.automatic.failed.connect(self._on_backup_failed)
            self.automatic.start(FIRST_CHECK_MS)

    def run_back_up_now(self, folder: Path | None = None) -> None:
        """File › Back Up Now…: ask for a folder and back up into it."""
        if self._services is None:
            return
        self.back_up_now = BackUpNow(self._services.backups, self._window)
        self.back_up_now.run(folder)

    def run_restore(self, backup: Path | None = None) -> None:
        """File › Restore from Backup…: choose a backup, check it, confirm, restore."""
        if self._services is None:
            return
        self.restore = CaseFileRestore(self._services.backups, self._host, self._window)
        self.restore.run(backup)

    def edit_settings(self) -> None:
        """File › Backup Settings…: automatic backups on or off, and how many days they are kept."""
        folder = self._services.backups.folder if self._services is not None else None
        self.settings_dialog = BackupSettingsDialog(self._window, self.preferences, folder)
        self.settings_dialog.accepted.connect(self._on_settings_changed)
        self.settings_dialog.open()

    def _on_settings_changed(self) -> None:
        if self.automatic is not None:
            self.automatic.check_daily()

    def _on_backed_up(self, info: BackupInfo) -> None:
        _status(self._window, f"Backed up the case file ({info.reason_label.lower()}): {info.path.name}")

    def _on_backup_failed(self, error: CasedeskError) -> None:
        _status(self._window, f"The automatic backup failed: {error}")
