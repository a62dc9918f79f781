"""The last line of defence: unexpected exceptions are logged to a file and shown as a short message."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox

from casedesk.domain.errors import DatabaseUnreachableError, ReadOnlyError

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
        if isinstance(error, DatabaseUnreachableError):  # the firm's server went away: say so, no alarm
            _say_unreachable(error)
            return
        log.error("Unexpected error:\n%s", redacted_traceback(error, tb))
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


def redacted_traceback(error: BaseException, tb: TracebackType | None = None) -> str:
    """Where ``error`` (and what caused it) was raised, without its message.

    Messages may quote case data (a client's name in a failed statement's parameters, a document's text),
    and the log file is plain text even when the case file is encrypted; the places and the kinds of error
    are what finding the fault needs.
    """
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    trace = tb if tb is not None else error.__traceback__
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_list(traceback.extract_tb(trace)))
        kind = f"{type(current).__module__}.{type(current).__qualname__}"
        parts.append(f"Traceback (most recent call last):\n{frames}{kind} (message not logged)\n")
        current = current.__cause__ or (None if current.__suppress_context__ else current.__context__)
        trace = current.__traceback__ if current is not None else None
    return "\nwhich happened while handling:\n".join(parts)


_refusing = False


def _say_unreachable(error: DatabaseUnreachableError) -> None:
    """Say that the firm database's server cannot be reached (one message at a time)."""
    global _refusing
    log.warning("The firm database could not be reached (%s)", type(error.__cause__).__name__)
    if _refusing or QApplication.instance() is None:
        return
    _refusing = True
    try:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Firm database not reachable",
            error.message,
            QMessageBox.StandardButton.Ok,
            QApplication.activeWindow(),
        )
        box.setInformativeText(error.hint)
        box.exec()
    finally:
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
