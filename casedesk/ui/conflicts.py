"""A save refused because someone else changed the record: show who changed what, and let the user choose.

"Use Their Version" reloads the form with what is saved now (what the user typed is dropped); "Keep Mine"
keeps the form as typed, and the next Save replaces the other person's version, knowingly. Cancel leaves
the form as it is (the next Save is refused again until the user chooses).
"""

from __future__ import annotations

import enum
from html import escape
from typing import Protocol, runtime_checkable

from PySide6.QtWidgets import QMessageBox, QWidget

from casedesk.domain.errors import ConflictError


class Choice(enum.Enum):
    """What the user chose about a refused save."""

    THEIRS = "theirs"
    MINE = "mine"
    UNDECIDED = "undecided"


@runtime_checkable
class ResolvesConflicts(Protocol):
    """A form that can take the other person's version, or keep the user's against it."""

    def use_their_version(self, current: object) -> None:
        """Show ``current`` (the record as saved now) in the form; the user's typing is dropped."""

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next save replaces ``current``."""


class ConflictBox(QMessageBox):
    """The question: who changed what, with "Use Their Version", "Keep Mine" and Cancel."""

    def __init__(self, parent: QWidget | None, error: ConflictError) -> None:
        who = error.by or "Someone else"
        super().__init__(
            QMessageBox.Icon.Warning,
            "Changed by someone else",
            f"{who} changed this {error.what} after you opened it, so your changes were not saved yet.",
            QMessageBox.StandardButton.NoButton,
            parent,
        )
        if error.changes:
            rows = "".join(
                f"<tr><td><b>{escape(label)}</b></td><td>{escape(old or '(blank)')}</td>"
                f"<td>→</td><td>{escape(new or '(blank)')}</td></tr>"
                for label, old, new in error.changes
            )
            changes = f"<p>What they changed:</p><table cellspacing='6'>{rows}</table>"
        else:
            changes = "<p>What they changed cannot be told here.</p>"
        self.setInformativeText(
            changes + "<p>What you typed is still in the form. Use their version (your typing is "
            "dropped), or keep yours: the next Save replaces theirs.</p>"
        )
        self.theirs = self.addButton("Use Their Version", QMessageBox.ButtonRole.RejectRole)
        self.mine = self.addButton("Keep Mine", QMessageBox.ButtonRole.AcceptRole)
        self.cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.cancel)
        self.setEscapeButton(self.cancel)

    def choice(self) -> Choice:
        """What the user clicked."""
        clicked = self.clickedButton()
        if clicked is self.theirs:
            return Choice.THEIRS
        if clicked is self.mine:
            return Choice.MINE
        return Choice.UNDECIDED


def ask_conflict(parent: QWidget | None, error: ConflictError) -> Choice:
    """Show who changed what and ask what to do."""
    box = ConflictBox(parent, error)
    box.exec()
    return box.choice()


def resolve_conflict(form: QWidget, error: ConflictError) -> Choice:
    """Handle a refused save in ``form``: ask, then reload it or keep it as the user chose.

    A form that cannot reload itself (or an error without the record as saved now) just tells the user.
    """
    if not isinstance(form, ResolvesConflicts) or error.current is None:
        from casedesk.ui.messages import show_error

        show_error(form, "Changed by someone else", error)
        return Choice.UNDECIDED
    choice = ask_conflict(form, error)
    if choice is Choice.THEIRS:
        form.use_their_version(error.current)
    elif choice is Choice.MINE:
        form.keep_mine(error.current)
    return choice
