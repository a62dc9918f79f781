"""Auto-lock: an idle encrypted case file hides its data until the passphrase is entered again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseStatus, CaseType, Client
from casedesk.services.casefiles import open_services
from casedesk.ui.autolock import DEFAULT_MINUTES, MINUTES_KEY, AutoLockDialog, LockPage, auto_lock_minutes
from casedesk.ui.main_window import MainWindow
from casedesk.ui.settings import AppSettings
from tests.conftest import fixed_clock
from tests.ui.conftest import opener

PASSPHRASE = "heron lantern quarry 42"
CLIENT = "Maria Alvarez"


def make_case_file(path: Path, passphrase: str | None = PASSPHRASE) -> Path:
    """A case file with one case (encrypted with ``passphrase`` unless it is None)."""
    services = open_services(path, create=True, clock=fixed_clock)
    client = services.cases.create_client(Client(name=CLIENT))
    services.cases.create_case(
        Case(
            number="PI-2026-0001",
            caption="Alvarez v. Driver",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.TREATING,
        )
    )
    services.close()
    if passphrase is not None:
        from casedesk.services.encryption import encrypt_case_file

        encrypt_case_file(path, passphrase)
    return path


@pytest.fixture
def encrypted_window(
    qtbot: QtBot, app_settings: AppSettings, tmp_path: Path
) -> Iterator[Callable[[], MainWindow]]:
    """Main windows on an encrypted case file with one case, shown; closed at the end."""
    path = make_case_file(tmp_path / "alvarez.sqlite")
    windows: list[MainWindow] = []

    def make() -> MainWindow:
        window = MainWindow(app_settings, opener, opener(path, False, passphrase=PASSPHRASE))
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def visible_text() -> str:
    """Every text a user can see in any window now: labels, fields and table cells."""
    parts: list[str] = []
    for widget in QApplication.allWidgets():
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QLineEdit):
            parts.append(widget.text())
        elif isinstance(widget, QAbstractItemView) and (model := widget.model()) is not None:
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    parts.append(str(model.index(row, column).data() or ""))
        parts.append(widget.windowTitle())
    return "\n".join(parts)


def test_an_idle_encrypted_file_locks_and_shows_no_case_data(
    qtbot: QtBot, encrypted_window: Callable[[], MainWindow]
) -> None:
    """After the idle time the window shows only the lock page; the contacts book is hidden too."""
    window = encrypted_window()
    assert window.services is not None and window.services.encrypted
    assert window.encryption.lock_action.isEnabled()
    window.show_page(2)  # Cases
    assert window.case_list is not None
    qtbot.waitUntil(lambda: CLIENT in visible_text())
    window.show_contacts_book()
    book = window._contacts_book
    assert book is not None and book.isVisible()

    with qtbot.waitSignal(window.auto_lock.locked_changed, timeout=5000):
        window.auto_lock.set_interval_ms(200)
    assert isinstance(window.centralWidget(), LockPage)
    assert not book.isVisible()
    assert not window.case_list.isVisible()
    assert CLIENT not in visible_text() and "Alvarez v. Driver" not in visible_text()
    assert not window.menuBar().isEnabled()

    # No shortcut reaches the case data while locked.
    qtbot.keyClick(
        window.auto_lock.page.field.edit,
        Qt.Key.Key_C,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )  # type: ignore[union-attr]
    assert not book.isVisible()


def test_unlocking_needs_the_passphrase_and_waits_after_wrong_ones(
    qtbot: QtBot, encrypted_window: Callable[[], MainWindow]
) -> None:
    """Wrong passphrases are refused (then each try waits); the right one brings everything back."""
    window = encrypted_window()
    window.show_page(2)
    window.show_contacts_book()
    book = window._contacts_book
    assert book is not None
    window.encryption.lock_action.trigger()
    page = window.auto_lock.page
    assert page is not None and not page.unlock_button.isEnabled()
    assert page.field.edit.echoMode() == QLineEdit.EchoMode.Password

    for _try in range(2):
        qtbot.waitUntil(lambda: not page.countdown.running, timeout=3000)
        qtbot.keyClicks(page.field.edit, "not it")
        qtbot.keyClick(page.field.edit, Qt.Key.Key_Return)
        assert window.auto_lock.locked
        assert page.problem.isVisible() and "not the case file's" in page.problem.text()
        assert page.field.text() == ""
    # The second wrong one in a row makes the next try wait.
    assert page.countdown.isVisible() and "try again in 1 second" in page.countdown.text()
    qtbot.keyClicks(page.field.edit, PASSPHRASE)
    assert not page.unlock_button.isEnabled()
    qtbot.waitUntil(page.unlock_button.isEnabled, timeout=3000)

    with qtbot.waitSignal(window.auto_lock.locked_changed) as unlocked:
        qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert unlocked.args == [False]
    assert window.centralWidget() is window.pages
    assert window.case_list is not None and window.case_list.isVisible()
    assert book.isVisible()
    assert window.menuBar().isEnabled()
    assert CLIENT in visible_text()


def test_pending_edits_are_saved_before_locking(
    qtbot: QtBot, encrypted_window: Callable[[], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locking saves what the workspace holds unsaved, as closing the file does."""
    window = encrypted_window()
    assert window.workspace is not None
    saved: list[bool] = []
    monkeypatch.setattr(window.workspace, "save_pending", lambda: saved.append(True))
    window.encryption.lock_action.trigger()
    assert saved == [True]


def test_a_plain_case_file_never_locks(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], tmp_path: Path
) -> None:
    """Without encryption there is nothing to lock: Lock is disabled and idle time does nothing."""
    window = make_window(make_case_file(tmp_path / "plain.sqlite", None))
    assert not window.encryption.lock_action.isEnabled()
    window.auto_lock.set_interval_ms(50)
    window.auto_lock.lock()
    assert not window.auto_lock.locked
    assert window.centralWidget() is window.pages


def test_the_idle_minutes_are_chosen_and_remembered(
    qtbot: QtBot, encrypted_window: Callable[[], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """File › Auto-Lock… sets the minutes (0 = never); a new window uses them."""
    window = encrypted_window()
    assert window.auto_lock.minutes == DEFAULT_MINUTES

    def ask(_cls: type[AutoLockDialog], parent: QWidget | None, minutes: int) -> Any:
        dialog = AutoLockDialog(minutes, parent)
        assert dialog.minutes_box.value() == DEFAULT_MINUTES
        dialog.minutes_box.selectAll()
        qtbot.keyClicks(dialog.minutes_box, "3")
        dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
        return dialog.minutes_box.value() if dialog.result() == AutoLockDialog.DialogCode.Accepted else None

    monkeypatch.setattr(AutoLockDialog, "ask", classmethod(ask))
    window.encryption.auto_lock_action.trigger()
    assert window.auto_lock.minutes == 3
    assert "3 idle minutes" in window.statusBar().currentMessage()
    assert encrypted_window().auto_lock.minutes == 3


def test_minutes_setting_is_read_safely(tmp_path: Path) -> None:
    """A missing or garbled setting falls back to 10 minutes; 0 means never."""
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    assert auto_lock_minutes(settings) == DEFAULT_MINUTES
    settings.setValue(MINUTES_KEY, "soon")
    assert auto_lock_minutes(settings) == DEFAULT_MINUTES
    settings.setValue(MINUTES_KEY, 0)
    assert auto_lock_minutes(settings) == 0


def test_windows_that_open_while_locked_wait_for_the_unlock(
    qtbot: QtBot, encrypted_window: Callable[[], MainWindow]
) -> None:
    """A report window opening while locked is hidden until the unlock; a modal question is covered."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    window = encrypted_window()
    window.encryption.lock_action.trigger()
    report = QDialog(window)
    report.setWindowTitle(f"Report on {CLIENT}")
    report.show()
    qtbot.waitUntil(lambda: not report.isVisible())
    question = QMessageBox(QMessageBox.Icon.Question, f"Discard {CLIENT}?", "Discard it?", parent=window)
    question.open()
    qtbot.waitUntil(lambda: question.windowTitle() == "Case file locked")
    covers = question.findChildren(LockPage)
    assert len(covers) == 1 and covers[0].isVisible() and covers[0].geometry() == question.rect()

    qtbot.keyClicks(covers[0].field.edit, PASSPHRASE)
    qtbot.keyClick(covers[0].field.edit, Qt.Key.Key_Return)
    assert not window.auto_lock.locked
    assert report.isVisible()
    assert question.isVisible() and question.windowTitle() == f"Discard {CLIENT}?"
    question.reject()


def test_a_form_being_filled_in_keeps_its_text_behind_the_lock(
    qtbot: QtBot, encrypted_window: Callable[[], MainWindow]
) -> None:
    """A modal form open at the lock is covered (its text and title hidden), not closed; the text stays."""
    from PySide6.QtWidgets import QDialog, QVBoxLayout

    window = encrypted_window()
    form = QDialog(window)
    form.setWindowTitle(f"Edit client {CLIENT}")
    name = QLineEdit()
    QVBoxLayout(form).addWidget(name)
    form.open()
    qtbot.keyClicks(name, "Maria Alvarez-Ruiz")
    window.encryption.lock_action.trigger()
    assert form.isVisible() and form.result() == 0
    cover = form.findChildren(LockPage)[0]
    assert cover.isVisible() and cover.geometry().contains(name.geometry())
    assert form.windowTitle() == "Case file locked"
    qtbot.keyClick(name, Qt.Key.Key_A)  # the form cannot be typed into while locked
    assert name.text() == "Maria Alvarez-Ruiz"

    qtbot.keyClicks(cover.field.edit, "wrong")
    qtbot.keyClick(cover.field.edit, Qt.Key.Key_Return)
    assert window.auto_lock.locked and cover.problem.isVisible()
    qtbot.keyClicks(cover.field.edit, PASSPHRASE)
    qtbot.keyClick(cover.field.edit, Qt.Key.Key_Return)
    assert not window.auto_lock.locked
    assert form.isVisible() and name.text() == "Maria Alvarez-Ruiz"
    assert form.windowTitle() == f"Edit client {CLIENT}"
    qtbot.waitUntil(lambda: not form.findChildren(LockPage))
    form.reject()


def test_working_keeps_the_file_unlocked(qtbot: QtBot, encrypted_window: Callable[[], MainWindow]) -> None:
    """Each key press restarts the idle time; the lock comes only once the keyboard rests."""
    window = encrypted_window()
    window.show_page(2)
    assert window.case_list is not None
    window.auto_lock.set_interval_ms(1500)
    for _press in range(8):
        qtbot.wait(250)
        qtbot.keyClick(window.case_list.table, Qt.Key.Key_Down)
    assert not window.auto_lock.locked  # 2 s of work, longer than the idle time
    qtbot.waitUntil(lambda: window.auto_lock.locked, timeout=5000)
