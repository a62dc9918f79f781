"""The app on a firm database, driven as a case manager would: connect, sign in, work, reopen."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from casedesk.app import BackgroundOpener, open_case_file_services, start_firm_window
from casedesk.domain.errors import CasedeskError
from casedesk.services.casefiles import Services
from casedesk.ui import main_window
from casedesk.ui.cases.dialogs import CaseDialog
from casedesk.ui.cases.model import COL_NUMBER
from casedesk.ui.firm_connect import FirmConnectDialog, FirmConnection, last_connection, recent_connections
from casedesk.ui.main_window import MainWindow
from casedesk.ui.settings import AppSettings
from casedesk.ui.sign_in import SignInDialog
from casedesk.ui.tasks import TaskRunner
from tests.firm_server import TEST_PASSWORD, TEST_USER, FirmServer
from tests.ui.conftest import click_save


@pytest.fixture
def firm(firm_server: FirmServer, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A new firm database (holding the test account) and its shared documents folder."""
    documents = tmp_path / "firm-documents"
    documents.mkdir()
    url = firm_server.new_database()
    yield url, documents
    firm_server.drop_database(url)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def password_of(url: str) -> str:
    return urlsplit(url).password or ""


def drive_dialogs(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, acts: dict[type[QDialog], Callable[[Any], None]]
) -> list[QDialog]:
    """Make ``QDialog.exec`` show the real dialog and let the act for its class use it as a person would."""
    shown: list[QDialog] = []

    def exec_(dialog: QDialog) -> int:
        shown.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        acts[type(dialog)](dialog)
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", exec_)
    return shown


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def fill_connection(qtbot: QtBot, dialog: FirmConnectDialog, url: str, documents: Path) -> None:
    parts = urlsplit(url)
    type_into(qtbot, dialog.host_edit, parts.hostname or "")
    type_into(qtbot, dialog.port_edit, str(parts.port))
    type_into(qtbot, dialog.database_edit, parts.path.lstrip("/"))
    type_into(qtbot, dialog.user_edit, parts.username or "")
    type_into(qtbot, dialog.password_edit, password_of(url))
    type_into(qtbot, dialog.documents_edit, str(documents))


def sign_in(qtbot: QtBot) -> Callable[[SignInDialog], None]:
    def act(dialog: SignInDialog) -> None:
        type_into(qtbot, dialog.name_edit, TEST_USER)  # remembered from the last time, or typed
        qtbot.keyClicks(dialog.password.edit, TEST_PASSWORD)
        qtbot.keyClick(dialog.password.edit, Qt.Key.Key_Return)

    return act


def window_on(qtbot: QtBot, settings: QSettings) -> MainWindow:
    window = MainWindow(AppSettings(settings), open_case_file_services)
    qtbot.addWidget(window)
    return window


def test_connect_dialog_checks_what_is_typed_and_tests_the_connection(
    qtbot: QtBot, firm: tuple[str, Path], tmp_path: Path
) -> None:
    url, documents = firm
    dialog = FirmConnectDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.connect_button.isEnabled()  # nothing typed yet
    fill_connection(qtbot, dialog, url, documents)
    assert dialog.connect_button.isEnabled() and dialog.errors() == {}

    type_into(qtbot, dialog.port_edit, "54a")
    assert not dialog.connect_button.isEnabled() and not dialog.test_button.isEnabled()
    assert "port is a number" in dialog.problems.text()
    type_into(qtbot, dialog.port_edit, str(urlsplit(url).port))

    type_into(qtbot, dialog.documents_edit, str(tmp_path / "not-connected"))
    assert "is not there" in dialog.problems.text() and not dialog.connect_button.isEnabled()
    type_into(qtbot, dialog.documents_edit, str(documents))
    assert dialog.problems.isHidden() and dialog.connect_button.isEnabled()

    type_into(qtbot, dialog.password_edit, "not the password")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.test_task is None, timeout=15_000)
    assert "refused the database user or password" in dialog.test_result.text()
    assert "not the password" not in dialog.test_result.text()

    type_into(qtbot, dialog.password_edit, password_of(url))
    assert dialog.test_result.text() == ""  # an edit clears the outcome of the last test
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.test_result.text() == "Connecting…"  # the dialog answers while the worker connects
    qtbot.waitUntil(lambda: dialog.test_task is None, timeout=15_000)
    assert "casedesk firm database with 1 account" in dialog.test_result.text()
    assert urlsplit(dialog.url()) == urlsplit(url)


def test_connecting_signs_in_shows_who_and_where_and_remembers_all_but_the_password(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, firm: tuple[str, Path], settings: QSettings, tmp_path: Path
) -> None:
    url, documents = firm
    database = urlsplit(url).path.lstrip("/")
    window = window_on(qtbot, settings)
    window.show()
    shown = drive_dialogs(
        monkeypatch,
        qtbot,
        {
            FirmConnectDialog: lambda d: (
                fill_connection(qtbot, d, url, documents),
                qtbot.mouseClick(d.connect_button, Qt.MouseButton.LeftButton),
            ),
            SignInDialog: sign_in(qtbot),
        },
    )
    assert window.connect_firm_action.shortcut().toString() == "Ctrl+Shift+K"
    window.connect_firm_action.trigger()  # File › Connect to Firm Database…
    assert [type(d) for d in shown] == [FirmConnectDialog, SignInDialog]
    assert window.services is not None and window.services.firm_mode
    assert window.windowTitle() == f"{database} on 127.0.0.1 — casedesk"
    assert window.user_label.text().startswith("Signed in as ")
    assert "***" in window.path_label.text() and password_of(url) + "@" not in window.path_label.text()

    # Laptop-only actions are unavailable and say why; the work is not.
    laptop_only = (*window.backup_actions.actions, *window.encryption.actions)
    assert all(not action.isEnabled() for action in laptop_only)
    assert all("firm database" in action.toolTip() for action in laptop_only)
    assert window.new_case_action.isEnabled() and window.contacts_action.isEnabled()

    # Remembered: where it is, not the password; offered next time and in Open Recent.
    settings.sync()
    saved = (tmp_path / "settings.ini").read_text()
    assert f":{password_of(url)}@" not in saved and url not in saved
    expected = FirmConnection.from_url(url, documents)
    assert last_connection(settings) == expected and recent_connections(settings) == [expected]
    window.recent_menu.aboutToShow.emit()
    assert any(f"{database} on 127.0.0.1" in a.text() for a in window.recent_menu.actions())
    again = FirmConnectDialog(last_connection(settings))
    qtbot.addWidget(again)
    again.show()
    assert again.host_edit.text() == "127.0.0.1" and again.database_edit.text() == database
    assert again.documents_edit.text() == str(documents) and again.password_edit.text() == ""
    assert not again.errors()


def test_a_case_created_on_the_firm_database_is_there_after_reopening(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    firm: tuple[str, Path],
    settings: QSettings,
    answer_dialog: Any,
) -> None:
    url, documents = firm
    drive_dialogs(monkeypatch, qtbot, {SignInDialog: sign_in(qtbot)})
    window = window_on(qtbot, settings)
    assert window.open_firm_database(url, FirmConnection.from_url(url, documents))

    def new_case(dialog: CaseDialog) -> None:
        qtbot.keyClicks(dialog.client_fields.name, "Dana Whitfield")
        qtbot.keyClicks(dialog.number, "PI-2026-0042")
        qtbot.keyClicks(dialog.caption, "Whitfield v. Lone Star Freight")
        qtbot.keyClicks(dialog.incident_date, "05/17/2026")

    answer_dialog(CaseDialog, new_case)
    window.new_case_action.trigger()
    assert (
        window.case_list is not None and window.case_list.model.index(0, COL_NUMBER).data() == "PI-2026-0042"
    )
    window.close()

    # Another window (another start of casedesk) connects from the remembered connection.
    again = window_on(qtbot, settings)
    connection = last_connection(settings)
    assert connection is not None
    assert again.open_firm_database(connection.url(password_of(url)), connection)
    assert again.case_list is not None and again.case_list.model.rowCount() == 1
    assert again.case_list.model.index(0, COL_NUMBER).data() == "PI-2026-0042"


def test_cancelling_sign_in_closes_the_firm_database(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, firm: tuple[str, Path], settings: QSettings
) -> None:
    url, documents = firm
    closed: list[Services] = []
    real_close = Services.close
    monkeypatch.setattr(Services, "close", lambda self: (closed.append(self), real_close(self))[1])
    drive_dialogs(monkeypatch, qtbot, {SignInDialog: lambda d: d.reject()})
    window = window_on(qtbot, settings)
    assert not window.open_firm_database(url, FirmConnection.from_url(url, documents))
    assert window.services is None and len(closed) == 1
    assert window.path_label.text() == "No case file open" and window.windowTitle() == "casedesk"
    assert not window.new_case_action.isEnabled()


def test_the_app_opens_a_firm_database_in_the_background_then_signs_in(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, firm: tuple[str, Path], settings: QSettings
) -> None:
    """``casedesk --db URL --documents DIR``: the window shows at once, connecting; then sign-in."""
    url, documents = firm
    drive_dialogs(monkeypatch, qtbot, {SignInDialog: sign_in(qtbot)})
    window, start = start_firm_window(url, documents, TaskRunner(), settings)
    qtbot.addWidget(window)
    window.show()
    start()
    assert window.path_label.text().endswith("(connecting…)") and not window.new_case_action.isEnabled()
    qtbot.waitUntil(lambda: window.services is not None, timeout=20_000)
    assert window.new_case_action.isEnabled() and window.user_label.text().startswith("Signed in as ")


def test_a_wrong_database_password_at_start_says_so_and_opens_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, firm: tuple[str, Path], settings: QSettings
) -> None:
    url, documents = firm
    errors: list[CasedeskError] = []
    monkeypatch.setattr(main_window, "show_error", lambda _parent, _title, error: errors.append(error))
    wrong = url.replace(f":{password_of(url)}@", ":wrong@")
    window, start = start_firm_window(wrong, documents, TaskRunner(), settings)
    qtbot.addWidget(window)
    start()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert "cannot reach the firm database" in errors[0].message and "wrong" not in errors[0].message
    assert window.services is None and window.path_label.text() == "No case file open"


def test_a_server_that_stops_answering_is_named_and_the_form_keeps_what_was_typed(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    firm: tuple[str, Path],
    firm_server: FirmServer,
    settings: QSettings,
) -> None:
    url, documents = firm
    database = urlsplit(url).path.lstrip("/")
    drive_dialogs(monkeypatch, qtbot, {SignInDialog: sign_in(qtbot)})
    window = window_on(qtbot, settings)
    assert window.open_firm_database(url, FirmConnection.from_url(url, documents))
    assert window.services is not None
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)

    dialog = CaseDialog(window.services.cases, parent=window)
    dialog.show()
    qtbot.keyClicks(dialog.client_fields.name, "Dana Whitfield")
    qtbot.keyClicks(dialog.number, "PI-2026-0042")
    qtbot.keyClicks(dialog.caption, "Whitfield v. Lone Star Freight")
    qtbot.keyClicks(dialog.incident_date, "05/17/2026")
    admin = firm_server._admin
    admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (database,))
    try:
        click_save(qtbot, dialog)
        assert said and "The firm database cannot be reached" in said[0]
        assert dialog.isVisible() and dialog.caption.text() == "Whitfield v. Lone Star Freight"
    finally:
        admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
    click_save(qtbot, dialog)  # the server is back: saved
    assert dialog.result() == QDialog.DialogCode.Accepted
    window.refresh()
    assert (
        window.case_list is not None and window.case_list.model.index(0, COL_NUMBER).data() == "PI-2026-0042"
    )


def test_the_open_case_file_stays_open_until_the_firm_database_is(
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    firm: tuple[str, Path],
    settings: QSettings,
    db_path: Path,
) -> None:
    url, documents = firm
    errors: list[CasedeskError] = []
    monkeypatch.setattr(main_window, "show_error", lambda _parent, _title, error: errors.append(error))
    drive_dialogs(monkeypatch, qtbot, {SignInDialog: sign_in(qtbot)})
    window = MainWindow(
        AppSettings(settings),
        open_case_file_services,
        open_case_file_services(db_path, True),
        background=BackgroundOpener(TaskRunner()),
    )
    qtbot.addWidget(window)
    connection = FirmConnection.from_url(url, documents)
    window.open_firm_database(url.replace(f":{password_of(url)}@", ":wrong@"), connection)
    assert "Connecting to the firm database" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert window.services is not None and not window.services.firm_mode  # the laptop file is still open
    assert window.path_label.text() == str(db_path) and window.new_case_action.isEnabled()

    window.open_firm_database(url, connection)
    qtbot.waitUntil(lambda: window.services is not None and window.services.firm_mode, timeout=20_000)
    assert window.user_label.text().startswith("Signed in as ")


def test_a_lost_server_outside_a_form_is_a_plain_message_not_an_unexpected_error(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A list read again while the server is away (a Refresh, a timer) says what happened and what to do."""
    import logging
    import sys

    from casedesk.domain.errors import DatabaseUnreachableError
    from casedesk.ui.errors import install_exception_handler, log

    said: list[tuple[str, str, str]] = []
    alarms: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "exec",
        lambda box: said.append((box.windowTitle(), box.text(), box.informativeText())) or 0,
    )
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: alarms.append(text))
    log_file = tmp_path / "logs" / "casedesk.log"
    previous = install_exception_handler(log_file)
    try:
        error = DatabaseUnreachableError(
            "The firm database cannot be reached (casedesk on 127.0.0.1), so this was not done.",
            "Check the network connection (or ask whoever runs the server), then try again.",
        )
        sys.excepthook(type(error), error, None)
    finally:
        sys.excepthook = previous
        for handler in [h for h in log.handlers if isinstance(h, logging.FileHandler)]:
            handler.close()
            log.removeHandler(handler)
    assert alarms == []
    assert said == [
        (
            "Firm database not reachable",
            "The firm database cannot be reached (casedesk on 127.0.0.1), so this was not done.",
            "Check the network connection (or ask whoever runs the server), then try again.",
        )
    ]
    assert "could not be reached" in log_file.read_text(encoding="utf-8")


def test_an_address_given_without_its_documents_folder_asks_for_the_folder(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, firm: tuple[str, Path], settings: QSettings
) -> None:
    """``casedesk --db URL`` without --documents: the connect dialog comes filled in, but for the folder."""
    url, documents = firm
    seen: list[dict[str, str]] = []

    def choose_folder(dialog: FirmConnectDialog) -> None:
        seen.append({"host": dialog.host_edit.text(), "password": dialog.password_edit.text()})
        assert "Choose the firm's shared documents folder" in dialog.problems.text()
        assert not dialog.connect_button.isEnabled()
        qtbot.keyClicks(dialog.documents_edit, str(documents))
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)

    drive_dialogs(monkeypatch, qtbot, {FirmConnectDialog: choose_folder, SignInDialog: sign_in(qtbot)})
    window, start = start_firm_window(url, None, TaskRunner(), settings)
    qtbot.addWidget(window)
    start()
    assert seen == [{"host": "127.0.0.1", "password": password_of(url)}]
    qtbot.waitUntil(lambda: window.services is not None, timeout=20_000)
    assert last_connection(settings) == FirmConnection.from_url(url, documents)
