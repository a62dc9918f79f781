"""File › Move Case File to Firm Database… and File › Copy Firm Database to Case File….

Moving copies every record and stored document of the open case file into an empty firm database (and its
shared documents folder), in the background with progress and Cancel; the case file on this computer is
not changed. Afterwards the window offers to open the firm database. Copying out makes a new .sqlite case
file from the open firm database. Either way the rows of every table are counted on both sides and the
result is shown; a failure or Cancel leaves the target as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from casedesk.domain.errors import CasedeskError
from casedesk.ui.firm_connect import FirmConnectDialog, FirmConnection
from casedesk.ui.messages import confirm, show_error, show_failure
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services
    from casedesk.services.transfer import TransferReport

MOVE_TITLE = "Move Case File to Firm Database"
COPY_TITLE = "Copy Firm Database to Case File"
#: Why an action is unavailable, as its tooltip.
MOVE_ONLY_FILE = "Open the case file on this computer that you want to move into the firm database"
COPY_ONLY_FIRM = "Connect to the firm database you want to copy into a case file on this computer"


class MoveToFirmDialog(FirmConnectDialog):
    """Where the firm database to move the case file into is (the connection dialog, retitled)."""

    def __init__(self, initial: FirmConnection | None = None, parent: QWidget | None = None) -> None:
        super().__init__(initial, parent)
        self.setWindowTitle(MOVE_TITLE)
        self.connect_button.setText("&Move…")


class TransferActions(QObject):
    """The two File menu actions of a window and the work behind them.

    Signals:
        finished: ``(report)`` — a move or copy ended and its result was shown.

    Attributes:
        task: The move or copy under way (None when none is).
        report: The last move's or copy's report.
    """

    finished = Signal(object)

    def __init__(
        self,
        window: QWidget,
        *,
        open_firm: Callable[[str, FirmConnection], object],
        open_path: Callable[[Path], object],
        initial: Callable[[], FirmConnection | None] = lambda: None,
        runner: TaskRunner | None = None,
    ) -> None:
        """Make the actions.

        Args:
            window: The main window (parent of the dialogs).
            open_firm: Opens a firm database in the window (after a move, when the user asks).
            open_path: Opens a case file in the window (after a copy, when the user asks).
            initial: The firm database offered first (the last one connected to).
            runner: Runs the work off the GUI thread.
        """
        super().__init__(window)
        self._window = window
        self._open_firm = open_firm
        self._open_path = open_path
        self._initial = initial
        self._runner = runner or TaskRunner()
        self._services: Services | None = None
        self._progress: ProgressDialog | None = None
        self._title = MOVE_TITLE
        self.task: Task[TransferReport] | None = None
        self.report: TransferReport | None = None
        self.move_action = QAction("&Move Case File to Firm Database…", window)
        self.move_action.setStatusTip(
            "Copy every record and document of this case file into an empty firm database"
        )
        self.move_action.triggered.connect(lambda: self.move_to_firm_database())
        self.copy_action = QAction("Copy Firm Database to Case &File…", window)
        self.copy_action.setStatusTip(
            "Copy every record and document of the firm database into a new case file"
        )
        self.copy_action.triggered.connect(lambda: self.copy_to_case_file())
        self.actions = (self.move_action, self.copy_action)
        self.update(None)

    def update(self, services: Services | None) -> None:
        """The window now shows ``services``' case file (None: none is open)."""
        self._services = services
        firm = services is not None and services.firm_mode
        self.move_action.setEnabled(services is not None and not firm)
        self.copy_action.setEnabled(firm)
        self.move_action.setToolTip("" if self.move_action.isEnabled() else MOVE_ONLY_FILE)
        self.copy_action.setToolTip("" if self.copy_action.isEnabled() else COPY_ONLY_FIRM)

    # --- moving into a firm database ---------------------------------------------------------------

    def move_to_firm_database(self) -> None:
        """Ask for the firm database, confirm, and copy the open case file into it in the background."""
        services = self._services
        if services is None or services.firm_mode or self.task is not None:
            return
        answer = MoveToFirmDialog.ask(self._window, self._initial())
        if answer is None:
            return
        url, connection = answer
        if not confirm(
            self._window,
            MOVE_TITLE,
            f"Copy every case, record and document of {services.name} into the firm database "
            f"{connection.label}?",
            "&Move",
            "The firm database must not hold any cases yet (its user accounts may be there). The case file "
            "on this computer is not changed; keep it as a backup until everyone works in the firm database.",
        ):
            return
        self._start(
            MOVE_TITLE,
            services,
            url,
            connection.documents,
            lambda report: self._on_moved(report, url, connection),
        )

    def _on_moved(self, report: TransferReport, url: str, connection: FirmConnection) -> None:
        box = _report_box(self._window, MOVE_TITLE, report)
        open_button = box.addButton("&Open Firm Database", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(open_button)
        box.exec()
        self.finished.emit(report)
        if box.clickedButton() is open_button:
            self._open_firm(url, connection)

    # --- copying out into a case file --------------------------------------------------------------

    def copy_to_case_file(self, path: Path | None = None) -> None:
        """Ask for a new case file's name and copy the open firm database into it in the background."""
        services = self._services
        if services is None or not services.firm_mode or self.task is not None:
            return
        if path is None:
            name, _ = QFileDialog.getSaveFileName(
                self._window,
                COPY_TITLE,
                "firm-copy.sqlite",
                "casedesk case files (*.sqlite)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
            if not name:
                return
            path = Path(name) if Path(name).suffix else Path(name).with_suffix(".sqlite")
        if path.exists():
            show_error(
                self._window,
                COPY_TITLE,
                CasedeskError(f"{path.name} already exists.", "Choose a name for a new case file."),
            )
            return
        self._start(COPY_TITLE, services, path, None, lambda report: self._on_copied(report, path))

    def _on_copied(self, report: TransferReport, path: Path) -> None:
        box = _report_box(self._window, COPY_TITLE, report)
        open_button = box.addButton("&Open Case File", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        self.finished.emit(report)
        if box.clickedButton() is open_button:
            self._open_path(path)

    # --- the work ----------------------------------------------------------------------------------

    def _start(
        self,
        title: str,
        services: Services,
        target: Path | str,
        documents: Path | None,
        done: Callable[[TransferReport], None],
    ) -> None:
        self._title = title
        self._progress = ProgressDialog(title, self._window, step="Copying {name} ({number} of {total})")
        progress = self._progress

        def work() -> TransferReport:
            return services.transfer.copy_to(
                target, target_documents=documents, progress=progress.report, token=progress.token
            )

        def succeeded(report: TransferReport) -> None:
            self._finish()
            self.report = report
            done(report)

        self.task = (
            self._runner.op(self._window, work).on_success(succeeded).on_failure(self._on_failed).start()
        )

    def _finish(self) -> None:
        self.task = None
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_failed(self, error: BaseException) -> None:
        self._finish()
        show_failure(self._window, self._title, error)


def _report_box(parent: QWidget, title: str, report: TransferReport) -> QMessageBox:
    """The result of a move or copy: what was copied, whether every table's rows match, per table."""
    if report.verified:
        icon = QMessageBox.Icon.Information
        verdict = "Every table holds the same number of rows on both sides."
    else:
        icon = QMessageBox.Icon.Warning
        verdict = (
            "The row counts differ in: " + ", ".join(c.table for c in report.mismatched) + ". "
            "Do not rely on the copy; run Help › Check Case File on both, then try again into an empty one."
        )
    box = QMessageBox(
        icon,
        title,
        f"Copied {report.rows:,} records and {report.documents:,} documents "
        f"({report.document_bytes / 1e6:,.1f} MB, each checked) from {report.source} to {report.target} "
        f"in {report.seconds:.1f} s.",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setInformativeText(verdict)
    box.setDetailedText(
        "\n".join(
            f"{c.table}: {c.source:,} → {c.target:,}{'' if c.matches else '  (DIFFERS)'}"
            for c in report.tables
        )
    )
    return box
