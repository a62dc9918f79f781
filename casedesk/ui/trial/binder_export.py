"""Exporting and printing a trial binder: the PDF written in the background, then opened or printed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from casedesk.domain.binder_plan import BinderResult
from casedesk.domain.errors import BinderSourceError, CasedeskError
from casedesk.domain.progress import Cancelled, CancelToken, Progress
from casedesk.ui.files import open_with_system, safe_file_name
from casedesk.ui.messages import show_error
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

    from casedesk.services.binder import BinderService


#: The resolution pages are rendered at for printing: sharp on paper, a page's image under 40 MB.
RENDER_DPI = 300


class AfterExport:
    """What the user chose once the binder was saved."""

    OPEN = "open"
    PRINT = "print"
    CLOSE = "close"


class BinderExport(QObject):
    """Export Binder… and Witness Binder…: where to save, export with progress and Cancel, then Open/Print.

    It remembers the last folder saved to while the app runs. Tests replace the ``ask_*`` methods.

    Signals:
        exported: ``(path)`` — the binder was written (its documents may have been given Bates numbers).
    """

    exported = Signal(Path)

    def __init__(self, binder: BinderService, parent: QWidget, runner: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self._binder = binder
        self._parent = parent
        self._runner = runner or TaskRunner()
        self.folder: Path | None = None
        self.task: Task[BinderResult] | None = None
        self._progress: ProgressDialog | None = None

    def run(self, case_id: int, suggested: str, witness_id: int | None = None) -> None:
        """Ask where, then write the binder in the background."""
        path = self.ask_path(safe_file_name(suggested) + ".pdf")
        if path is None:
            return
        self.folder = path.parent
        self._start(case_id, path, witness_id, skip_unreadable=False)

    def _start(self, case_id: int, path: Path, witness_id: int | None, *, skip_unreadable: bool) -> None:
        progress = ProgressDialog("Export Binder", self._parent, step="Page {number} of {total}: {name}")
        self._progress = progress
        report, token = progress.report, progress.token

        def work() -> BinderResult:
            return self._binder.export(
                case_id,
                path,
                witness_id=witness_id,
                progress=report,
                cancel=token,
                skip_unreadable=skip_unreadable,
            )

        self.task = (
            self._runner.op(self._parent, work)
            .on_success(lambda result: self._on_exported(path, result))
            .on_failure(lambda error: self._on_failed(error, case_id, path, witness_id))
            .start()
        )

    # --- what tests replace ----------------------------------------------------------------------

    def ask_path(self, suggested: str) -> Path | None:
        """Where to save (a file dialog opening in the last folder used, else Documents)."""
        folder = self.folder or Path(
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        name, _ = QFileDialog.getSaveFileName(
            self._parent, "Export Binder", str(folder / suggested), "PDF documents (*.pdf)"
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")

    def ask_skip(self, error: BinderSourceError) -> bool:
        """Whether to leave out the document that cannot be read and export the rest."""
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Document cannot be read", error.message, parent=self._parent
        )
        if error.hint:
            box.setInformativeText(error.hint)
        skip = box.addButton("&Skip it and continue", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is skip

    def ask_after(self, path: Path, result: BinderResult) -> str:
        """Open, print or just close, once the binder is saved (an :class:`AfterExport` value)."""
        text = f"Saved “{path.name}” ({result.page_count:,} pages) in {path.parent}."
        box = QMessageBox(QMessageBox.Icon.Information, "Binder exported", text, parent=self._parent)
        if result.skipped:
            box.setInformativeText("Left out because they could not be read:\n" + "\n".join(result.skipped))
        opened = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
        printed = box.addButton("&Print…", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(opened)
        box.exec()
        clicked = box.clickedButton()
        return (
            AfterExport.OPEN
            if clicked is opened
            else AfterExport.PRINT
            if clicked is printed
            else AfterExport.CLOSE
        )

    def open(self, path: Path) -> bool:
        """Open the PDF in the system's viewer."""
        return open_with_system(path)

    def print(self, path: Path) -> None:
        """Print the PDF (the print dialog, then the pages with progress and Cancel)."""
        print_pdf(self._parent, path)

    # --- callbacks -------------------------------------------------------------------------------

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.finish()
            self._progress = None

    def _on_exported(self, path: Path, result: BinderResult) -> None:
        self._close_progress()
        self.exported.emit(path)
        choice = self.ask_after(path, result)
        if choice == AfterExport.OPEN and not self.open(path):
            show_error(
                self._parent,
                "Binder not opened",
                CasedeskError(f"No program is set up to open {path.name}; it is in {path.parent}."),
            )
        elif choice == AfterExport.PRINT:
            self.print(path)

    def _on_failed(self, error: BaseException, case_id: int, path: Path, witness_id: int | None) -> None:
        self._close_progress()
        if isinstance(error, Cancelled):
            return
        if isinstance(error, BinderSourceError):
            if self.ask_skip(error):
                self._start(case_id, path, witness_id, skip_unreadable=True)
            return
        if not isinstance(error, CasedeskError):
            raise error
        show_error(self._parent, "Binder not exported", error)


def print_pdf(parent: QWidget, path: Path) -> bool:
    """Ask for a printer, then print the PDF page by page with progress and Cancel; False if not printed."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print Binder")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    progress = ProgressDialog("Print Binder", parent, step="Page {number} of {total}")
    try:
        render_pdf(path, printer, progress.report, progress.token)
    except Cancelled:
        return False
    except CasedeskError as exc:
        show_error(parent, "Binder not printed", exc)
        return False
    finally:
        progress.finish()
    return True


def render_pdf(path: Path, printer: QPrinter, progress: Progress, cancel: CancelToken) -> int:
    """Draw every page of a PDF onto ``printer`` (any paint device with pages), fitted to the page.

    Runs on the GUI thread (painting on a printer must), letting events through between pages so that
    Cancel works. Returns the pages printed.

    Raises:
        CasedeskError: The PDF cannot be read.
        Cancelled: The user cancelled; the pages sent so far are printed.
    """
    from PySide6.QtCore import QRect, QSize, Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise CasedeskError(f"“{path.name}” cannot be read to print it.", "Export the binder again.")
    count = document.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise CasedeskError("The printer could not be started.", "Check the printer and try again.")
    try:
        for page in range(count):
            QApplication.processEvents()
            if cancel.cancelled:
                raise Cancelled
            progress(page, count, path.name)
            if page:
                printer.newPage()
            area = painter.viewport()
            points = document.pagePointSize(page)
            # Rendered at most at RENDER_DPI, then fitted to the printable area keeping its shape.
            scale = RENDER_DPI / 72
            image = document.render(page, QSize(int(points.width() * scale), int(points.height() * scale)))
            target = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRect(area.topLeft(), target), image)
        progress(count, count, path.name)
    finally:
        painter.end()
        document.close()
    return count
