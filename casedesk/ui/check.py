"""Help › Check Case File…: check the open case file in the background, show what was found, repair.

The check reads every stored file, so it runs off the GUI thread with progress and Cancel. The report
lists problems first, each with what to do; Repair is offered only for what can be put right without
losing anything (the search index, leftovers of interrupted imports).
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.check import CheckReport, Severity
from casedesk.ui.messages import show_failure
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from casedesk.services.check import CheckService

_COLOURS = {Severity.PROBLEM: "#b00020", Severity.NOTICE: "#8a5a00", Severity.REPAIRED: "#1b6e20"}


class CheckReportDialog(QDialog):
    """What a check found, with Repair when something can be repaired without loss.

    Signals:
        repair_requested: The user pressed Repair.
    """

    repair_requested = Signal()

    def __init__(self, parent: QWidget | None, report: CheckReport) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check Case File")
        self.resize(640, 420)
        self.summary = QLabel(report.summary())
        self.summary.setWordWrap(True)
        self.findings = QTextBrowser()
        self.findings.setOpenLinks(False)
        self.findings.setHtml(_findings_html(report))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.repair_button = QPushButton("&Repair")
        self.repair_button.setToolTip("Put right what can be put right without losing anything")
        self.buttons.addButton(self.repair_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.repair_button.setVisible(bool(report.repairable))  # after addButton, which shows it
        self.buttons.rejected.connect(self.reject)
        self.repair_button.clicked.connect(self._on_repair)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.findings, 1)
        layout.addWidget(self.buttons)

    def _on_repair(self) -> None:
        self.accept()
        self.repair_requested.emit()


def _findings_html(report: CheckReport) -> str:
    if not report.findings:
        return "<p>Nothing is damaged or missing.</p>"
    items = []
    for finding in report.findings:
        colour = _COLOURS[finding.severity]
        remedy = f"<br><i>{escape(finding.remedy)}</i>" if finding.remedy else ""
        items.append(
            f"<li><b style='color:{colour}'>{finding.severity.label}</b> · {finding.area.label}: "
            f"{escape(finding.message)}{remedy}</li>"
        )
    return f"<ul>{''.join(items)}</ul>"


class CaseFileCheck(QObject):
    """The Check Case File… action of a window: check, report, and repair on request.

    Signals:
        finished: ``(report)`` — a check (or repair) ended and its report was shown.
    """

    finished = Signal(object)

    def __init__(self, check: CheckService, parent: QWidget, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._check = check
        self._parent = parent
        self._runner = runner or TaskRunner()
        self.task: Task[CheckReport] | None = None
        self.dialog: CheckReportDialog | None = None
        self._progress: ProgressDialog | None = None

    def run(self, *, repair: bool = False) -> None:
        """Check (or repair) in the background, then show the report."""
        self._progress = ProgressDialog(
            "Repairing Case File" if repair else "Checking Case File",
            self._parent,
            step="Stored file {number} of {total}: {name}",
        )
        progress = self._progress
        self.task = (
            self._runner.op(
                self._parent,
                lambda: self._check.check(repair=repair, progress=progress.report, cancel=progress.token),
            )
            .on_success(self._on_checked)
            .on_failure(self._on_failed)
            .start()
        )

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_checked(self, report: CheckReport) -> None:
        self._close_progress()
        self.dialog = CheckReportDialog(self._parent, report)
        self.dialog.repair_requested.connect(lambda: self.run(repair=True))
        self.dialog.show()
        self.finished.emit(report)

    def _on_failed(self, error: BaseException) -> None:
        self._close_progress()
        show_failure(self._parent, "Check Case File", error)
