"""Asking where to save an export, and opening what was saved with the system's viewer."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QWidget


def safe_file_name(text: str) -> str:
    """A file name from free text (a case number may hold "/" or ":"), kept readable."""
    cleaned = re.sub(r"[^\w .,()-]+", "-", text, flags=re.UNICODE).strip(" .-")
    return cleaned or "export"


def ask_export_path(parent: QWidget, title: str, suggested_name: str, suffix: str, kind: str) -> Path | None:
    """Ask where to save an export, suggesting a name in the user's Documents folder.

    Args:
        parent: The window asking.
        title: The dialog's title, e.g. "Save valuation as PDF".
        suggested_name: The file name offered (without folder), e.g. "PI-2026-0001 valuation.pdf".
        suffix: The extension the file must have, e.g. ".pdf" (added when the user leaves it out).
        kind: The file type in words for the filter, e.g. "PDF documents".
    """
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(Path(folder) / suggested_name), f"{kind} (*{suffix})"
    )
    if not name:
        return None
    path = Path(name)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def open_with_system(path: Path) -> bool:
    """Open a saved file in the program the system uses for it (Adobe, Excel…); False if none could."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
