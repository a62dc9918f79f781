"""Wires the layers together and runs the GUI: the only place that builds services for the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from casedesk import __version__
from casedesk.domain.errors import CasedeskError
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.errors import install_exception_handler
from casedesk.ui.main_window import MainWindow
from casedesk.ui.messages import show_error
from casedesk.ui.settings import AppSettings


def _open(path: Path, create: bool) -> Services:
    return open_services(path, create=create)


def application() -> QApplication:
    """The process's QApplication, named so that settings and logs land in casedesk's folders."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("casedesk")
    app.setApplicationName("casedesk")
    app.setApplicationVersion(__version__)
    return app


def build_main_window(db_path: Path, settings: QSettings | None = None) -> MainWindow:
    """The main window on a case file (created if missing); on failure, the window with no file open."""
    services: Services | None = None
    try:
        services = _open(db_path, True)
    except CasedeskError as exc:
        show_error(None, "Case file not opened", exc)
    return MainWindow(AppSettings(settings or QSettings()), _open, services)


def run_gui(db_path: Path) -> int:
    """Open the main window on a case file and run until it closes."""
    import platformdirs

    app = application()
    install_exception_handler(platformdirs.user_log_path("casedesk", appauthor=False) / "casedesk.log")
    window = build_main_window(db_path)
    window.show()
    return app.exec()
