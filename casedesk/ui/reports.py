"""The Case Progress Report… action: for whom, where; the PDF written in the background, then opened."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.reports import Audience, ProgressReport
from casedesk.services.reports import ReportService
from casedesk.ui.files import open_with_system, safe_file_name
from casedesk.ui.messages import show_error, show_failure
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tasks import Task, TaskRunner

#: Shown wherever figures leave the app.
REVIEW_NOTE = "Review the figures before the report is sent: they are to be verified by the attorney."
#: Shown when the firm's letterhead is empty.
FIRM_DETAILS_NOTE = "Enter the firm's details (Edit › Firm Details…) to print the letterhead."


class AudienceDialog(QDialog):
    """Asks who the progress report is for: the attorney (with the valuation range) or the client."""

    def __init__(self, parent: QWidget | None, case_label: str, firm_empty: bool) -> None:
        super().__init__(parent)
        self.setWindowTitle("Case Progress Report")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"A one-page report on where <b>{escape(case_label)}</b> stands, for:"))
        self.attorney_radio = QRadioButton("The &attorney (includes the valuation range)")
        self.client_radio = QRadioButton("The &client (leaves the valuation out)")
        self.attorney_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.attorney_radio)
        group.addButton(self.client_radio)
        layout.addWidget(self.attorney_radio)
        layout.addWidget(self.client_radio)
        note = QLabel(REVIEW_NOTE + (f"<br>{FIRM_DETAILS_NOTE}" if firm_empty else ""))
        note.setWordWrap(True)
        note.setObjectName("reviewNote")
        layout.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.addButton("Save As…", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def audience(self) -> Audience:
        """The audience chosen."""
        return Audience.CLIENT if self.client_radio.isChecked() else Audience.ATTORNEY

    @classmethod
    def ask(cls, parent: QWidget | None, case_label: str, firm_empty: bool) -> Audience | None:
        """Who the report is for, or ``None`` when the user cancels."""
        dialog = cls(parent, case_label, firm_empty)
        return dialog.audience if dialog.exec() == QDialog.DialogCode.Accepted else None


class ProgressReportExport(QObject):
    """The Case Progress Report… action: one instance per window (File menu, Letters sub-tab).

    It remembers the last folder saved to while the app runs.

    Signals:
        exported: ``(path)`` — the PDF was written.
    """

    exported = Signal(Path)

    def __init__(self, reports: ReportService, parent: QWidget, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._reports = reports
        self._parent = parent
        self._runner = runner or TaskRunner()
        self.folder: Path | None = None
        self.task: Task[ProgressReport] | None = None
        self._progress: ProgressDialog | None = None

    def run(self, case_id: int, case_number: str, caption: str = "", firm_empty: bool = False) -> None:
        """Ask for whom and where, then write the report in the background and offer to open it."""
        label = f"{case_number} · {caption}" if caption else case_number
        audience = self.ask_audience(label, firm_empty)
        if audience is None:
            return
        suggested = safe_file_name(f"{case_number} progress report ({audience.value})") + ".pdf"
        path = self.ask_path(suggested)
        if path is None:
            return
        self.folder = path.parent
        self._progress = ProgressDialog("Case Progress Report", self._parent)
        self._progress.setLabelText(f"Writing {path.name}…")
        self._progress.setCancelButton(None)  # one page: quick, nothing to cancel half-way
        self.task = (
            self._runner.op(self._parent, lambda: self._reports.export_progress(case_id, path, audience))
            .on_success(lambda _report: self._on_exported(path))
            .on_failure(self._on_failed)
            .start()
        )

    # --- what tests replace ----------------------------------------------------------------------

    def ask_audience(self, case_label: str, firm_empty: bool) -> Audience | None:
        """Who the report is for (a dialog)."""
        return AudienceDialog.ask(self._parent, case_label, firm_empty)

    def ask_path(self, suggested: str) -> Path | None:
        """Where to save (a file dialog opening in the last folder used, else Documents)."""
        folder = self.folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        name, _ = QFileDialog.getSaveFileName(
            self._parent, "Save Case Progress Report", str(folder / suggested), "PDF documents (*.pdf)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def ask_open(self, path: Path) -> bool:
        """Whether to open the saved PDF now."""
        answer = QMessageBox.question(
            self._parent,
            "Case Progress Report",
            f"Saved “{path.name}” in {path.parent}.\n\n{REVIEW_NOTE}\n\nOpen it now?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def open(self, path: Path) -> bool:
        """Open the PDF in the system's viewer."""
        return open_with_system(path)

    # --- callbacks -------------------------------------------------------------------------------

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_exported(self, path: Path) -> None:
        self._close_progress()
        self.exported.emit(path)
        if self.ask_open(path) and not self.open(path):
            show_error(
                self._parent,
                "Report not opened",
                CasedeskError(f"No program is set up to open {path.name}; it is in {path.parent}."),
            )

    def _on_failed(self, error: BaseException) -> None:
        self._close_progress()
        show_failure(self._parent, "Report not saved", error)
