"""Unexpected errors: logged where support can find them, without case data; a short message shown."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from casedesk.ui.errors import install_exception_handler, log

PHI = "Maria Alvarez, DOB 04/12/1981"


def _save_statement() -> None:
    try:
        raise LookupError(f"no provider for {PHI}")
    except LookupError as exc:
        raise ValueError(f"cannot save the statement of {PHI}") from exc


def test_an_unexpected_error_is_logged_with_where_it_happened_but_not_its_message(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: shown.append(text))
    log_file = tmp_path / "logs" / "casedesk.log"
    previous = install_exception_handler(log_file)
    try:
        try:
            _save_statement()
        except ValueError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
        for handler in [h for h in log.handlers if isinstance(h, logging.FileHandler)]:
            handler.close()
            log.removeHandler(handler)
    written = log_file.read_text(encoding="utf-8")
    assert "builtins.ValueError (message not logged)" in written
    assert "builtins.LookupError (message not logged)" in written  # the cause, too
    assert "_save_statement" in written and "test_errors.py" in written
    assert "Maria" not in written and "1981" not in written
    assert len(shown) == 1 and str(log_file) in shown[0] and "Maria" not in shown[0]
