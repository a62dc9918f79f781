"""Wires the layers together and runs the GUI: the only place that builds services for the window.

Start-up is arranged so that the window with the case list paints first: the list comes from a
read-only preview of the case file (sqlite3 only), and the services, which need SQLAlchemy, are built
on a worker thread right after the first paint. New files, files that need an upgrade and files that
would be refused skip the preview and open fully before the window shows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from casedesk import __version__
from casedesk.domain.errors import CasedeskError
from casedesk.services.preview import open_preview
from casedesk.ui.errors import install_exception_handler
from casedesk.ui.main_window import MainWindow
from casedesk.ui.messages import show_error
from casedesk.ui.settings import AppSettings
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services
    from casedesk.services.preview import CaseListPreview


def open_case_file_services(path: Path, create: bool) -> Services:
    """Open (or create) a case file and build its services (imports SQLAlchemy on first use)."""
    from casedesk.services.casefiles import open_services

    return open_services(path, create=create)


def application() -> QApplication:
    """The process's QApplication, named so that settings and logs land in casedesk's folders."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("casedesk")
    app.setApplicationName("casedesk")
    app.setApplicationVersion(__version__)
    return app


class BackgroundOpener:
    """Opens case files on a worker thread after showing their case list from a read-only preview."""

    def __init__(self, runner: TaskRunner) -> None:
        self._runner = runner

    def preview(self, path: Path) -> CaseListPreview | None:
        """A read-only case list of an existing, up-to-date case file, or None."""
        return open_preview(path)

    def task(self, window: MainWindow, path: Path) -> Task[Services]:
        """The (unstarted) task that opens ``path`` and hands the services to ``window``."""
        return (
            self._runner.op(window, lambda: open_case_file_services(path, False))
            .on_success(window.install)
            .on_failure(window.open_failed)
        )

    def open(self, window: MainWindow, path: Path) -> None:
        """Open ``path`` on a worker; the window installs the services (or reports why not)."""
        self.task(window, path).start()


def build_main_window(
    db_path: Path, settings: QSettings | None = None, background: BackgroundOpener | None = None
) -> MainWindow:
    """The main window on a fully opened case file (created if missing), or with no file open."""
    services: Services | None = None
    try:
        services = open_case_file_services(db_path, True)
    except CasedeskError as exc:
        show_error(None, "Case file not opened", exc)
    return MainWindow(
        AppSettings(settings or QSettings()), open_case_file_services, services, background=background
    )


def start_main_window(
    db_path: Path, runner: TaskRunner, settings: QSettings | None = None
) -> tuple[MainWindow, Task[Services] | None]:
    """The main window showing the case list at once, and the task that will open the case file.

    Start the task (``QTimer.singleShot(0, task.start)``) after showing the window, so that the work
    does not compete with the first paint. Without a preview the window is fully open and the task
    is None.
    """
    background = BackgroundOpener(runner)
    preview = background.preview(db_path)
    if preview is None:
        return build_main_window(db_path, settings, background), None
    window = MainWindow(
        AppSettings(settings or QSettings()), open_case_file_services, preview=preview, background=background
    )
    return window, background.task(window, db_path)


def run_gui(db_path: Path) -> int:
    """Open the main window on a case file and run until it closes."""
    import platformdirs

    app = application()
    install_exception_handler(platformdirs.user_log_path("casedesk", appauthor=False) / "casedesk.log")
    runner = TaskRunner()
    window, opening = start_main_window(db_path, runner)
    window.show()
    if opening is not None:
        QTimer.singleShot(0, opening.start)
    return app.exec()
