"""The question asked when a case file is open in another casedesk: open it read-only?"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from casedesk.domain.errors import CaseFileInUseError


def ask_read_only(parent: QWidget | None, path: Path, error: CaseFileInUseError) -> bool:
    """Say who has ``path`` open and ask whether to open it read-only; True to open it so."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Case file in use")
    box.setText(error.message)
    box.setInformativeText(
        "You can open it read-only: you will see everything, but nothing can be changed until the other "
        "casedesk closes it."
    )
    read_only = box.addButton("Open &Read-Only", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(read_only)
    box.exec()
    return box.clickedButton() is read_only
