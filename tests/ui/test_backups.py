"""Back Up Now…, Restore from Backup…, Backup Settings… and the automatic backups, as a user drives them."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMainWindow, QPushButton
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseQuery, CaseStatus, CaseType, Client
from casedesk.domain.errors import CasedeskError
from casedesk.services.casefiles import Services, open_services
from casedesk.ui import backups as backups_module
from casedesk.ui.backups import (
    AutomaticBackups,
    BackUpNow,
    BackupPreferences,
    BackupSettingsDialog,
    CaseFileRestore,
)
from casedesk.ui.main_window import MainWindow
from tests.conftest import fixed_clock
from tests.pdfs import make_pdf


class Window(QMainWindow):
    """Has a case file open, closes it for a restore and opens it again, as the main window does."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.services: Services | None = open_services(path, clock=fixed_clock)
        self.opened = 1

    def close_case_file(self) -> None:
        if self.services is not None:
            self.services.close()
            self.services = None

    def reopen_case_file(self, path: Path, passphrase: str | None) -> None:
        self.services = open_services(path, clock=fixed_clock, passphrase=passphrase)
        self.opened += 1

    def numbers(self) -> list[str]:
        assert self.services is not None
        return sorted(s.number for s in self.services.cases.list_cases(CaseQuery()))

    def add_case(self, number: str) -> None:
        assert self.services is not None
        _add_case(self.services, number)


def _add_case(services: Services, number: str) -> None:
    client = services.cases.create_client(Client(name=f"Client {number}"))
    services.cases.create_case(
        Case(
            number=number,
            caption=f"{number} v. Driver",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.TREATING,
        )
    )


def _numbers(services: Services) -> list[str]:
    return sorted(s.number for s in services.cases.list_cases(CaseQuery()))


@pytest.fixture
def window(qtbot: QtBot, db_path: Path, tmp_path: Path) -> Any:
    services = open_services(db_path, create=True, clock=fixed_clock)
    services.close()
    shown = Window(db_path)
    qtbot.addWidget(shown)
    shown.add_case("PI-1")
    assert shown.services is not None
    case_id = shown.services.cases.list_cases(CaseQuery())[0].id
    shown.services.documents.import_files(case_id, [make_pdf(tmp_path / "er.pdf", ["Emergency visit"])])
    yield shown
    shown.close_case_file()


@pytest.fixture
def preferences(tmp_path: Path) -> BackupPreferences:
    return BackupPreferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def _backups(window: Window) -> Any:
    assert window.services is not None
    return window.services.backups


def test_back_up_now_into_a_chosen_folder_with_the_documents(
    qtbot: QtBot, window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(usb))
    action = BackUpNow(_backups(window), window)

    with qtbot.waitSignal(action.finished, timeout=10_000) as done:
        action.run()

    info = done.args[0]
    assert info.path.parent == usb and info.documents == 1
    assert action.message is not None and action.message.isVisible()
    assert "1 stored documents were backed up" in action.message.text()
    assert len(list((info.path / "cases-documents").rglob("*.pdf"))) == 1


def test_choosing_no_folder_backs_up_nothing(
    window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: "")
    action = BackUpNow(_backups(window), window)
    action.run()
    assert action.task is None


def test_cancel_during_back_up_now_leaves_nothing_in_the_folder(
    qtbot: QtBot, window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    from casedesk.services import backups as service_module

    copy_file = service_module.copying.copy_file
    may_go_on = threading.Event()

    def slow_copy(*args: Any) -> str:
        may_go_on.wait(10)
        return copy_file(*args)

    monkeypatch.setattr(service_module.copying, "copy_file", slow_copy)
    action = BackUpNow(_backups(window), window)
    action.run(usb)
    progress = action._progress
    assert progress is not None
    cancel = progress.findChild(QPushButton)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    may_go_on.set()
    assert action.task is not None
    action.task.wait(10)
    qtbot.waitUntil(lambda: action._progress is None, timeout=10_000)
    assert list(usb.iterdir()) == []
    assert "nothing was left" in window.statusBar().currentMessage()


def test_restore_a_point_in_time_brings_the_old_data_back(
    qtbot: QtBot, window: Window, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = _backups(window).back_up()
    window.add_case("PI-2")
    questions: list[str] = []

    def confirm(_parent: Any, _title: str, text: str, _action: str, detail: str = "") -> bool:
        questions.append(f"{text} {detail}")
        return True

    monkeypatch.setattr(backups_module, "confirm", confirm)
    restore = CaseFileRestore(_backups(window), window, window)
    restore.run()
    dialog = restore.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 1).text() == "Backed up by hand"

    with qtbot.waitSignal(restore.finished, timeout=10_000) as done:
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert "Replace cases.sqlite with the backup made" in questions[0]
    assert "1 case" in questions[0] and "safety copy" in questions[0]
    assert window.numbers() == ["PI-1"]
    assert window.opened == 2
    safety = done.args[0]
    assert safety.name.endswith("before-restore.sqlite") and safety != backup.path
    assert restore.message is not None and "was brought back to the backup made" in restore.message.text()


def test_restore_declined_changes_nothing(
    qtbot: QtBot, window: Window, monkeypatch: pytest.MonkeyPatch
) -> None:
    _backups(window).back_up()
    window.add_case("PI-2")
    monkeypatch.setattr(backups_module, "confirm", lambda *_a, **_k: False)
    restore = CaseFileRestore(_backups(window), window, window)
    restore.run()
    assert restore.dialog is not None
    qtbot.mouseClick(restore.dialog.restore_button, Qt.MouseButton.LeftButton)
    assert restore.task is not None
    restore.task.wait(10)
    qtbot.waitUntil(lambda: restore._progress is None, timeout=10_000)
    assert window.opened == 1 and window.numbers() == ["PI-1", "PI-2"]


def test_a_damaged_backup_file_is_refused_before_anything_is_closed(
    qtbot: QtBot, window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup = _backups(window).back_up()
    damaged = tmp_path / "damaged.sqlite"
    data = bytearray(backup.path.read_bytes())
    data[4096:12288] = b"\x00" * 8192
    damaged.write_bytes(bytes(data))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a, **_k: (str(damaged), ""))
    errors: list[CasedeskError] = []
    monkeypatch.setattr(backups_module, "show_error", lambda _p, _t, error: errors.append(error))
    monkeypatch.setattr(backups_module, "confirm", lambda *_a, **_k: pytest.fail("asked to confirm"))
    restore = CaseFileRestore(_backups(window), window, window)
    restore.run()
    assert restore.dialog is not None
    qtbot.mouseClick(restore.dialog.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert "cannot be restored" in errors[0].message and "Nothing was changed" in errors[0].hint
    assert window.opened == 1 and window.services is not None


def test_the_restore_dialog_without_backups_says_so(qtbot: QtBot, window: Window) -> None:
    restore = CaseFileRestore(_backups(window), window, window)
    restore.run()
    dialog = restore.dialog
    assert dialog is not None
    assert dialog.empty.isVisible() and not dialog.table.isVisible()
    assert not dialog.restore_button.isEnabled()
    dialog.reject()


def test_backup_settings_are_remembered(qtbot: QtBot, preferences: BackupPreferences, tmp_path: Path) -> None:
    assert preferences.keep_days == 14 and preferences.automatic
    dialog = BackupSettingsDialog(None, preferences, tmp_path / "cases-backups")
    qtbot.addWidget(dialog)
    dialog.keep_days.selectAll()
    qtbot.keyClicks(dialog.keep_days, "30")
    qtbot.mouseClick(dialog.automatic, Qt.MouseButton.LeftButton)
    buttons = dialog.findChild(QDialogButtonBox)
    qtbot.mouseClick(buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert preferences.keep_days == 30 and not preferences.automatic


def test_automatic_backups_daily_on_opening_and_on_close_when_changed(
    qtbot: QtBot, window: Window, preferences: BackupPreferences
) -> None:
    automatic = AutomaticBackups(_backups(window), preferences, window)
    with qtbot.waitSignal(automatic.backed_up, timeout=10_000) as daily:
        automatic.start()
    assert daily.args[0].reason == "daily"
    assert automatic.timer.isActive()
    automatic.check_daily()  # not due again the same day
    assert automatic.task is None

    assert automatic.on_close() is None  # nothing saved since
    window.add_case("PI-2")
    made = automatic.on_close()
    assert made is not None and made.reason == "on-close"
    assert [b.reason for b in _backups(window).backups()] == ["on-close", "daily"]


def test_no_automatic_backups_when_turned_off(
    qtbot: QtBot, window: Window, preferences: BackupPreferences
) -> None:
    preferences.automatic = False
    automatic = AutomaticBackups(_backups(window), preferences, window)
    automatic.start()
    window.add_case("PI-2")
    assert automatic.task is None and automatic.on_close() is None
    assert _backups(window).backups() == []


def test_the_file_menu_backs_up_restores_and_the_window_backs_up_on_closing(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    db_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main = make_window(db_path)
    assert main.services is not None
    _add_case(main.services, "PI-1")
    file_menu = main.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert {"&Back Up Now…", "Restore from Bac&kup…", "Backup Se&ttings…"} <= set(texts)
    actions = main.backup_actions
    assert actions.automatic is not None and actions.restore_action.isEnabled()

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(usb))
    actions.back_up_action.trigger()
    assert actions.back_up_now is not None
    with qtbot.waitSignal(actions.back_up_now.finished, timeout=10_000) as done:
        pass
    backup_folder = done.args[0].path

    assert main.services is not None
    _add_case(main.services, "PI-2")
    monkeypatch.setattr(backups_module, "confirm", lambda *_a, **_k: True)
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a, **_k: str(backup_folder))
    actions.restore_action.trigger()
    restore = actions.restore
    assert restore is not None and restore.dialog is not None
    with qtbot.waitSignal(restore.finished, timeout=10_000):
        qtbot.mouseClick(restore.dialog.folder_button, Qt.MouseButton.LeftButton)
    assert main.services is not None and main.services.path == db_path.absolute()
    assert _numbers(main.services) == ["PI-1"]
    # Closing the file made an on-close backup of the change, kept beside it, before restoring.
    reasons = {b.reason for b in main.services.backups.backups()}
    assert {"on-close", "before-restore"} <= reasons
