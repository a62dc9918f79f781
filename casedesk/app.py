"""Wires the layers together and runs the GUI: the only place that builds services for the window.

Start-up is arranged so that the window with the case list paints first: the list comes from a
read-only preview of the case file (sqlite3 only), and the services, which need SQLAlchemy, are built
on a worker thread right after the first paint. New files, files that need an upgrade and files that
would be refused skip the preview and open fully before the window shows. A firm database (a URL) has
no preview: the window shows at once, saying it is connecting, and the database opens on a worker; then
the person signs in.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, QTimer
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from casedesk import __version__
from casedesk.domain.errors import CasedeskError
from casedesk.services.preview import open_preview
from casedesk.ui.errors import install_exception_handler
from casedesk.ui.main_window import MainWindow
from casedesk.ui.messages import show_error
from casedesk.ui.opening import open_with_prompts
from casedesk.ui.settings import AppSettings
from casedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from casedesk.services.casefiles import Services
    from casedesk.services.preview import CaseListPreview


def open_case_file_services(
    path: Path | str,
    create: bool,
    /,
    *,
    passphrase: str | None = None,
    read_only: bool = False,
    documents: Path | None = None,
) -> Services:
    """Open (or create) a case file, or a firm database by URL, and build its services.

    Imports SQLAlchemy on first use. A firm database opens with nobody signed in yet.
    """
    from casedesk.services.casefiles import open_services

    return open_services(path, create=create, passphrase=passphrase, read_only=read_only, documents=documents)


def application() -> QApplication:
    """The process's QApplication, named so that settings and logs land in casedesk's folders."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("casedesk")
    app.setApplicationName("casedesk")
    app.setApplicationVersion(__version__)
    if app.windowIcon().isNull():
        app.setWindowIcon(application_icon())
    app.setDesktopFileName("org.casedesk.casedesk")
    return app


def application_icon() -> QIcon:
    """The application icon, from the PNG files in ``resources/icons`` (empty if they are missing).

    The files are found where :func:`casedesk.resources.resource_path` finds them, without importing that
    module: it loads data parsers the first paint does not need.
    """
    icon = QIcon()
    package = Path(__file__).resolve().parent
    for folder in (package / "resources" / "icons", package.parent / "resources" / "icons"):
        if folder.is_dir():
            for path in sorted(folder.glob("casedesk-*.png")):
                icon.addFile(str(path))
            break
    return icon


class BackgroundOpener:
    """Opens case files on a worker thread after showing their case list from a read-only preview."""

    def __init__(self, runner: TaskRunner) -> None:
        self._runner = runner

    def preview(self, path: Path) -> CaseListPreview | None:
        """A read-only case list of an existing, up-to-date case file, or None."""
        return open_preview(path)

    def task(self, window: MainWindow, path: Path | str, documents: Path | None = None) -> Task[Services]:
        """The (unstarted) task that opens ``path`` (or a firm database) and hands ``window`` the services."""
        return (
            self._runner.op(window, lambda: open_case_file_services(path, False, documents=documents))
            .on_success(window.install)
            .on_failure(window.open_failed)
        )

    def open(self, window: MainWindow, path: Path | str, documents: Path | None = None) -> None:
        """Open ``path`` on a worker; the window installs the services (or reports why not)."""
        self.task(window, path, documents).start()


def build_main_window(
    db_path: Path, settings: QSettings | None = None, background: BackgroundOpener | None = None
) -> MainWindow:
    """The main window on a fully opened case file (created if missing), or with no file open."""
    services: Services | None = None
    try:
        services = open_with_prompts(None, open_case_file_services, db_path, True)
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


class FileOpenHandler(QObject):
    """Opens the case files the system hands to the running app.

    macOS sends a file double-clicked in Finder (or dropped on the Dock icon) as an event to the app, not
    on its command line; other platforms start ``casedesk --db FILE`` and never send it.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: open the file of a file-open event in the window."""
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            self._window.open_path(Path(event.file()))
            return True
        return super().eventFilter(watched, event)


def start_firm_window(
    url: str, documents: Path | None, runner: TaskRunner, settings: QSettings | None = None
) -> tuple[MainWindow, Callable[[], None]]:
    """The main window for the firm database ``url``, and what opens it once the window shows.

    Opening runs on a worker, then asks who signs in. Without a documents folder the window asks where
    the firm database is instead, with what the address says filled in (the folder to choose).
    """
    from urllib.parse import unquote, urlsplit

    from casedesk.ui.firm_connect import FirmConnectDialog, FirmConnection

    window = MainWindow(
        AppSettings(settings or QSettings()), open_case_file_services, background=BackgroundOpener(runner)
    )
    connection = FirmConnection.from_url(url, documents or Path())

    def start() -> None:
        if documents is None:
            # The address came with its password (on the command line or in $CASEDESK_DB): keep it.
            password = unquote(urlsplit(url).password or "")
            answer = FirmConnectDialog.ask(window, connection, password)
            if answer is not None:
                window.open_firm_database(*answer)
        else:
            window.open_firm_database(url, connection)

    return window, start


def run_gui(db_path: Path | str, documents: Path | None = None) -> int:
    """Open the main window on a case file (or a firm database's URL) and run until it closes."""
    import platformdirs

    app = application()
    install_exception_handler(platformdirs.user_log_path("casedesk", appauthor=False) / "casedesk.log")
    runner = TaskRunner()
    if isinstance(db_path, str):
        window, start = start_firm_window(db_path, documents, runner)
        app.installEventFilter(FileOpenHandler(window))
        window.show()
        QTimer.singleShot(0, start)
        return app.exec()
    window, opening = start_main_window(db_path, runner)
    app.installEventFilter(FileOpenHandler(window))
    window.show()
    if opening is not None:
        QTimer.singleShot(0, opening.start)
    return app.exec()


@dataclass
class SelfTestReport:
    """What the start-up self-test saw (``casedesk selftest``).

    Attributes:
        preview_rows: Cases in the list when the window was first shown.
        rows: Cases in the list once the case file had opened.
        shown_s: Seconds from the start of the test to the window shown.
        shown_at: When the window was shown (``time.time()``), for timing a whole process's start-up.
        opened_s: Seconds from the start to the case file open (None if it never opened).
        icon: Whether the application has its icon.
        problems: What went wrong, for the person reading the report; empty when all is well.
    """

    preview_rows: int = 0
    rows: int = 0
    shown_s: float = 0.0
    shown_at: float = 0.0
    opened_s: float | None = None
    icon: bool = False
    problems: list[str] = field(default_factory=list)


def run_self_test(db_path: Path, settings_file: Path, timeout: float = 60.0) -> SelfTestReport:
    """Start the main window on ``db_path`` as :func:`run_gui` does, wait for the case file to open, close it.

    The window is shown on whatever Qt platform is set (``offscreen`` for a check without a screen);
    its settings go to the INI file ``settings_file``, not the user's.
    """
    settings = QSettings(str(settings_file), QSettings.Format.IniFormat)
    started = time.perf_counter()
    app = application()
    report = SelfTestReport(icon=not app.windowIcon().isNull())
    loop = QEventLoop()

    def close_messages() -> None:
        while (modal := QApplication.activeModalWidget()) is not None:  # a message the app showed
            text = modal.text() if isinstance(modal, QMessageBox) else modal.windowTitle()
            report.problems.append(f"the app said: {text}")
            modal.close()
            loop.quit()

    def too_slow() -> None:
        report.problems.append(f"the case file had not opened after {timeout:g} seconds")
        close_messages()
        loop.quit()

    QTimer.singleShot(round(timeout * 1000), too_slow)
    watcher = QTimer(interval=100)
    watcher.timeout.connect(close_messages)
    watcher.start()
    window, opening = start_main_window(db_path, TaskRunner(), settings)
    window.show()

    def rows() -> int:
        return window.case_list.model.rowCount() if window.case_list is not None else 0

    def opened(services: Services | None) -> None:
        if services is not None:
            window.install(services)
        report.opened_s = time.perf_counter() - started
        report.rows = rows()
        loop.quit()

    def failed(error: BaseException) -> None:
        report.problems.append(f"the case file did not open: {error}")
        loop.quit()

    def shown() -> None:
        report.shown_s = time.perf_counter() - started
        report.shown_at = time.time()
        report.preview_rows = rows()
        if opening is None:
            opened(None)
        else:
            opening.on_success(opened).on_failure(failed).start()

    QTimer.singleShot(0, shown)
    if not report.problems:  # a message box shown while opening may already have timed out
        loop.exec()
    if window.services is None:
        report.problems.append("the window has no open case file")
    elif report.rows == 0:
        report.problems.append("the case list shows no cases")
    if not report.icon:
        report.problems.append("the application icon is missing")
    watcher.stop()
    window.close()
    return report
