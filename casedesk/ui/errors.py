"""The last line of defence: unexpected exceptions are logged to a file and shown as a short message."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from casedesk.domain.errors import ReadOnlyError

log = logging.getLogger("casedesk")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def install_exception_handler(log_file: Path) -> ExceptHook:
    """Route uncaught exceptions to ``log_file`` and a message box; returns the previous hook."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            previous(kind, error, tb)
            return
        if isinstance(error, ReadOnlyError):  # a save in a case file open read-only: say so, no alarm
            _refuse_read_only(error)
            return
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is not None:
            QMessageBox.critical(
                QApplication.activeWindow(),
                "Something went wrong",
                "casedesk ran into an unexpected problem and did not finish what it was doing.\n"
                "Everything you had saved is safe.\n\n"
                f"The details are in {log_file}; send that file to support if it happens again.",
            )

    sys.excepthook = hook
    return previous


_refusing = False


def _refuse_read_only(error: ReadOnlyError) -> None:
    """Say that a change was not saved because the case file is open read-only (one message at a time)."""
    global _refusing
    log.info("Not saved (read-only): %s", error.message)
    if _refusing or QApplication.instance() is None:
        return
    _refusing = True
    try:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            "Not saved",
            error.message,
            QMessageBox.StandardButton.Ok,
            QApplication.activeWindow(),
        )
        box.setInformativeText(error.hint)
        box.exec()
    finally:
        _refusing = False
