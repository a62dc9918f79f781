"""GUI fixtures: isolated settings, and a way to drive a dialog's ``ask`` without a modal loop."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from casedesk.services.casefiles import Services, open_services
from casedesk.ui.forms import FormDialog
from casedesk.ui.main_window import MainWindow
from casedesk.ui.settings import AppSettings
from tests.conftest import fixed_clock


@pytest.fixture(autouse=True)
def _no_real_modal_dialogs(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that would block on a real modal dialog fails at once instead of hanging the run."""

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("a test opened a real modal dialog; drive or monkeypatch it instead")

    for owner, name in (
        (QDialog, "exec"),
        (QMessageBox, "exec"),
        (QMessageBox, "about"),
        (QMessageBox, "critical"),
        (QMessageBox, "warning"),
        (QMessageBox, "question"),
        (QFileDialog, "getOpenFileName"),
        (QFileDialog, "getSaveFileName"),
    ):
        monkeypatch.setattr(owner, name, refuse)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    """Forms a test left open close at teardown without asking "Discard changes?".

    pytest-qt closes the test's widgets in this hook; this wrapper goes around it.
    """
    ask = FormDialog.has_changes
    FormDialog.has_changes = lambda _self: False  # type: ignore[method-assign]
    try:
        yield
    finally:
        FormDialog.has_changes = ask  # type: ignore[method-assign]


@pytest.fixture
def app_settings(tmp_path: Path) -> AppSettings:
    """Settings in a temporary INI file, never the user's own."""
    return AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def click_save(qtbot: QtBot, dialog: QDialog) -> None:
    """Press the dialog's Save button as a user would."""
    buttons: QDialogButtonBox = dialog.buttons  # type: ignore[attr-defined]
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)


@pytest.fixture
def answer_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> Callable[[type[QDialog], Callable[[Any], None]], list[QDialog]]:
    """Replace ``cls.ask`` by: build the real dialog, let ``fill`` act on it as a user, press Save.

    Returns the list of dialogs built, so a test can inspect what the user saw.
    """

    def install(cls: type[QDialog], fill: Callable[[Any], None]) -> list[QDialog]:
        shown: list[QDialog] = []

        def ask(_cls: type[QDialog], parent: Any, *args: Any) -> Any:
            dialog = cls(*args, parent=parent)
            if parent is None:  # a parent owns (and deletes) its dialogs
                qtbot.addWidget(dialog)
            shown.append(dialog)
            fill(dialog)
            click_save(qtbot, dialog)
            return dialog.saved if dialog.result() == QDialog.DialogCode.Accepted else None  # type: ignore[attr-defined]

        monkeypatch.setattr(cls, "ask", classmethod(ask))
        return shown

    return install


def opener(path: Path, create: bool, *, passphrase: str | None = None, read_only: bool = False) -> Services:
    """Open a case file's services on the tests' fixed clock (what the main window's opener does)."""
    return open_services(path, create=create, clock=fixed_clock, passphrase=passphrase, read_only=read_only)


@pytest.fixture
def make_window(qtbot: QtBot, app_settings: AppSettings) -> Iterator[Callable[[Path | None], MainWindow]]:
    """Build main windows on a case file; each is closed (saving its layout) at the end."""
    windows: list[MainWindow] = []

    def make(path: Path | None) -> MainWindow:
        window = MainWindow(app_settings, opener, None if path is None else opener(path, True))
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()
