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


def run_gui(db_path: Path) -> int:
    """Open the main window on a case file (created if missing) and run until it closes."""
    import platformdirs

    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setOrganizationName("casedesk")
    app.setApplicationName("casedesk")
    app.setApplicationVersion(__version__)
    install_exception_handler(platformdirs.user_log_path("casedesk", appauthor=False) / "casedesk.log")
    settings = AppSettings(QSettings())
    services: Services | None = None
    try:
        services = _open(db_path, True)
    except CasedeskError as exc:
        show_error(None, "Case file not opened", exc)
    window = MainWindow(settings, _open, services)
    window.show()
    return app.exec()
