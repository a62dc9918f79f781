"""The passphrase dialog: masked entry, Show, the wrong-passphrase message and the wait after wrong tries."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.errors import PassphraseError
from casedesk.ui.opening import open_with_prompts
from casedesk.ui.passphrase import PassphraseDialog

NEEDED = PassphraseError("Alvarez.sqlite is encrypted.", "Enter its passphrase.")
WRONG = PassphraseError("That passphrase does not open Alvarez.sqlite.", "Check Caps Lock.", wrong=True)


def _dialog(qtbot: QtBot, error: PassphraseError) -> PassphraseDialog:
    dialog = PassphraseDialog(Path("/cases/Alvarez.sqlite"), error)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_passphrase_is_masked_until_show_is_ticked(qtbot: QtBot) -> None:
    """What is typed shows as dots; Show reveals it and unticking hides it again."""
    dialog = _dialog(qtbot, NEEDED)
    assert "Alvarez.sqlite" in dialog.intro.text()
    assert not dialog.problem.isVisible()
    assert not dialog.open_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(dialog.field.edit, "blue heron 42")
    assert dialog.field.edit.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.open_button.isEnabled()
    qtbot.mouseClick(dialog.field.show_box, Qt.MouseButton.LeftButton)
    assert dialog.field.edit.echoMode() == QLineEdit.EchoMode.Normal
    qtbot.mouseClick(dialog.field.show_box, Qt.MouseButton.LeftButton)
    assert dialog.field.edit.echoMode() == QLineEdit.EchoMode.Password
    qtbot.keyClick(dialog.field.edit, Qt.Key.Key_Return)
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted
    assert dialog.passphrase() == "blue heron 42"


def test_a_wrong_passphrase_is_named(qtbot: QtBot) -> None:
    """After a wrong passphrase the dialog says so, with what to do."""
    dialog = _dialog(qtbot, WRONG)
    assert dialog.problem.isVisible()
    assert "does not open" in dialog.problem.text() and "Caps Lock" in dialog.problem.text()


def test_open_waits_for_the_countdown_after_repeated_wrong_tries(qtbot: QtBot) -> None:
    """With a wait asked for, Open is disabled, a countdown shows, and Open comes back when it ends."""
    error = PassphraseError("Wrong passphrase.", wrong=True, retry_after=1.2)
    dialog = _dialog(qtbot, error)
    qtbot.keyClicks(dialog.field.edit, "guess")
    assert not dialog.open_button.isEnabled()
    assert dialog.countdown.isVisible()
    assert "try again in 2 seconds" in dialog.countdown.text()
    qtbot.keyClick(dialog.field.edit, Qt.Key.Key_Return)  # Enter does not get round the wait
    assert dialog.result() != PassphraseDialog.DialogCode.Accepted and dialog.isVisible()
    qtbot.waitUntil(dialog.open_button.isEnabled, timeout=3000)
    assert not dialog.countdown.isVisible()
    qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == PassphraseDialog.DialogCode.Accepted


def test_opening_asks_again_after_a_wrong_passphrase(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Opening an encrypted file asks for the passphrase, then again (saying it was wrong) until it opens."""
    seen: list[PassphraseDialog] = []
    answers = iter(["wrong one", "right one"])

    def ask(_cls: type[PassphraseDialog], parent: QWidget | None, path: Path, error: PassphraseError) -> Any:
        dialog = PassphraseDialog(path, error, parent)
        qtbot.addWidget(dialog)
        seen.append(dialog)
        qtbot.keyClicks(dialog.field.edit, next(answers))
        qtbot.mouseClick(dialog.open_button, Qt.MouseButton.LeftButton)
        return dialog.passphrase() if dialog.result() == PassphraseDialog.DialogCode.Accepted else None

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))
    tries: list[str | None] = []

    def opener(path: Path, create: bool, /, *, passphrase: str | None = None, read_only: bool = False) -> Any:
        tries.append(passphrase)
        if passphrase is None:
            raise NEEDED
        if passphrase != "right one":
            raise WRONG
        return "opened"

    assert open_with_prompts(None, opener, Path("/cases/Alvarez.sqlite")) == "opened"
    assert tries == [None, "wrong one", "right one"]
    assert [d.problem.isVisibleTo(d) for d in seen] == [False, True]


def test_cancelling_the_passphrase_opens_nothing(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    """Cancel in the passphrase dialog gives up opening the file."""

    def ask(_cls: type[PassphraseDialog], parent: QWidget | None, path: Path, error: PassphraseError) -> Any:
        dialog = PassphraseDialog(path, error, parent)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.field.edit, "half typed")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        return dialog.passphrase() if dialog.result() == PassphraseDialog.DialogCode.Accepted else None

    monkeypatch.setattr(PassphraseDialog, "ask", classmethod(ask))

    def opener(path: Path, create: bool, /, *, passphrase: str | None = None, read_only: bool = False) -> Any:
        raise NEEDED

    assert open_with_prompts(None, opener, Path("/cases/Alvarez.sqlite")) is None
