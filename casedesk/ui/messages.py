"""Every message box casedesk shows goes through here, so tests can answer them without a screen."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from casedesk.domain.errors import CasedeskError
from casedesk.domain.progress import Cancelled


def show_error(parent: QWidget | None, title: str, error: CasedeskError) -> None:
    """Tell the user an expected failure, with what to do next."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, error.message, QMessageBox.StandardButton.Ok, parent)
    if error.hint:
        box.setInformativeText(error.hint)
    box.exec()


def show_failure(parent: QWidget | None, title: str, error: BaseException) -> None:
    """Say why background work failed.

    A cancel needs no message (the user knows), an expected failure shows its message, and anything else
    is raised again for the application's exception handler (logged and reported).
    """
    if isinstance(error, Cancelled):
        return
    if not isinstance(error, CasedeskError):
        raise error
    show_error(parent, title, error)


def show_about(parent: QWidget | None, title: str, html: str) -> None:
    """The About box."""
    QMessageBox.about(parent, title, html)


def confirm(parent: QWidget | None, title: str, text: str, action: str, detail: str = "") -> bool:
    """Ask before doing something destructive; ``action`` labels the confirming button.

    The safe choice (Cancel) is the default button, so a stray Enter destroys nothing.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    if detail:
        box.setInformativeText(detail)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go
