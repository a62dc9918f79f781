"""Asking for an encrypted case file's passphrase."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from casedesk.domain.errors import PassphraseError


def ask_passphrase(parent: QWidget | None, path: Path, error: PassphraseError) -> str | None:
    """Ask for the passphrase of ``path`` (saying why, after a wrong one); None when cancelled."""
    prompt = (
        f"{error.message}\n\nPassphrase for {path.name}:" if error.wrong else f"Passphrase for {path.name}:"
    )
    text, ok = QInputDialog.getText(parent, "Encrypted case file", prompt, QLineEdit.EchoMode.Password)
    return text if ok and text else None
