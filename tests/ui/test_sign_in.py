"""Signing in to a firm database and managing its people, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot

from casedesk.services.casefiles import Services, open_services
from casedesk.ui import people as people_module
from casedesk.ui.people import AddPersonDialog, PeopleDialog, ResetPasswordDialog
from casedesk.ui.sign_in import FirstAccountDialog, SignInDialog, sign_in_to
from tests.conftest import fixed_clock
from tests.firm_server import TEST_PASSWORD, TEST_USER, FirmServer

Opener = Callable[[], Services]


@pytest.fixture
def firm_opener(firm_server: FirmServer, tmp_path: Path) -> Iterator[Callable[..., Services]]:
    """Opens a new firm database (nobody signed in); ``empty=True`` removes the test account first."""
    documents = tmp_path / "firm-documents"
    documents.mkdir()
    url = firm_server.new_database()
    opened: list[Services] = []

    def open_it(*, empty: bool = False) -> Services:
        if empty:
            import psycopg
            from sqlalchemy.engine import make_url

            plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
            with psycopg.connect(plain, autocommit=True) as connection:
                connection.execute("DELETE FROM users")
        services = open_services(url, documents=documents, clock=fixed_clock)
        opened.append(services)
        return services

    yield open_it
    for services in opened:
        services.close()
    firm_server.drop_database(url)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def drive_exec(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, act: Callable[[Any], None]) -> list[QDialog]:
    """Make ``QDialog.exec`` show the real dialog and let ``act`` use it as a person would."""
    shown: list[QDialog] = []

    def exec_(dialog: QDialog) -> int:
        shown.append(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        act(dialog)
        return int(dialog.result())

    monkeypatch.setattr(QDialog, "exec", exec_)
    return shown


def click(qtbot: QtBot, button: Any) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_first_account_dialog_checks_as_typed_and_signs_in(
    qtbot: QtBot, firm_opener: Callable[..., Services], monkeypatch: pytest.MonkeyPatch, settings: QSettings
) -> None:
    """A new firm database: name, full name, password twice; hints and messages as they type."""
    services = firm_opener(empty=True)

    def act(dialog: FirstAccountDialog) -> None:
        assert isinstance(dialog, FirstAccountDialog)
        assert not dialog.create_button.isEnabled()
        qtbot.keyClicks(dialog.fields.name_edit, "maria alvarez")
        assert "no spaces" in dialog.fields._errors.message("name")
        qtbot.keyClick(dialog.fields.name_edit, Qt.Key.Key_Return)  # Enter never cancels what is typed
        assert dialog.isVisible() and dialog.result() == 0
        dialog.fields.name_edit.clear()
        qtbot.keyClicks(dialog.fields.name_edit, "maria")
        assert dialog.fields._errors.message("name") == ""
        qtbot.keyClicks(dialog.fields.full_name_edit, "Maria Alvarez")
        qtbot.keyClicks(dialog.fields.password.edit, "short")
        assert dialog.fields.strength.text() == ""  # the message below says why
        assert "At least 10" in dialog.fields._errors.message("password")
        qtbot.keyClicks(dialog.fields.password.edit, " but now long enough")
        assert dialog.fields.strength.text().startswith("Strong")
        qtbot.keyClicks(dialog.fields.repeated.edit, "short but now long enougH")
        assert "differ" in dialog.fields._errors.message("repeated")
        assert not dialog.create_button.isEnabled()
        qtbot.keyClick(dialog.fields.repeated.edit, Qt.Key.Key_Backspace)
        qtbot.keyClicks(dialog.fields.repeated.edit, "h")
        assert dialog.create_button.isEnabled()
        qtbot.keyClick(dialog.fields.full_name_edit, Qt.Key.Key_Return)  # Enter in any field creates it

    shown = drive_exec(monkeypatch, qtbot, act)
    assert sign_in_to(None, services, settings)
    assert len(shown) == 1
    assert services.user == "Maria Alvarez"
    current = services.users.current()
    assert current is not None and current.admin


def test_sign_in_dialog_says_why_keeps_the_name_and_remembers_it(
    qtbot: QtBot, firm_opener: Callable[..., Services], monkeypatch: pytest.MonkeyPatch, settings: QSettings
) -> None:
    """A wrong password is explained and the password emptied; the right one signs in; the name is kept."""
    services = firm_opener()

    def act(dialog: SignInDialog) -> None:
        assert isinstance(dialog, SignInDialog)
        assert dialog.name_edit.text() == ""
        assert not dialog.sign_in_button.isEnabled()
        qtbot.keyClicks(dialog.name_edit, TEST_USER)
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)  # on to the password
        qtbot.keyClicks(dialog.password.edit, "not the password")
        assert dialog.password.edit.echoMode() == dialog.password.edit.EchoMode.Password
        qtbot.keyClick(dialog.password.edit, Qt.Key.Key_Return)
        assert dialog.isVisible() and "do not match" in dialog.problem.text()
        assert dialog.password.text() == "" and dialog.name_edit.text() == TEST_USER
        qtbot.keyClicks(dialog.password.edit, TEST_PASSWORD)
        qtbot.keyClick(dialog.password.edit, Qt.Key.Key_Return)

    drive_exec(monkeypatch, qtbot, act)
    assert sign_in_to(None, services, settings)
    assert services.user == TEST_USER

    again = firm_opener()

    def second(dialog: SignInDialog) -> None:
        assert dialog.name_edit.text() == TEST_USER  # remembered
        assert dialog.focusWidget() is dialog.password.edit  # straight to the password
        click(qtbot, dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel))

    drive_exec(monkeypatch, qtbot, second)
    assert not sign_in_to(None, again, settings)
    assert again.users.current() is None


def test_a_laptop_case_file_needs_no_sign_in(db_path: Path) -> None:
    """Nothing is asked for a case file on this computer."""
    services = open_services(db_path, create=True, clock=fixed_clock)
    try:
        assert sign_in_to(None, services)
    finally:
        services.close()


def test_an_administrator_adds_resets_and_deactivates_people(
    qtbot: QtBot, firm_opener: Callable[..., Services], monkeypatch: pytest.MonkeyPatch
) -> None:
    """People…: add Dan, reset his password (confirmed), deactivate him (confirmed): he cannot sign in."""
    services = firm_opener()
    services.users.sign_in(TEST_USER, TEST_PASSWORD)
    people = PeopleDialog(services)
    qtbot.addWidget(people)
    people.show()
    qtbot.waitExposed(people)
    assert people.table.rowCount() == 1 and not people.active_button.isEnabled()  # nobody selected

    def add(dialog: AddPersonDialog) -> None:
        qtbot.keyClicks(dialog.fields.name_edit, "dan.okafor")
        qtbot.keyClicks(dialog.fields.full_name_edit, "Dan Okafor")
        qtbot.keyClicks(dialog.fields.password.edit, "dan's first password")
        qtbot.keyClicks(dialog.fields.repeated.edit, "dan's first password")
        click(qtbot, dialog.add_button)

    drive_exec(monkeypatch, qtbot, add)
    click(qtbot, people.add_button)
    assert [people.table.item(r, 0).text() for r in range(people.table.rowCount())] == [
        "dan.okafor",
        TEST_USER,
    ]
    selected = people.selected()
    assert selected is not None and selected.name == "dan.okafor"

    asked: list[str] = []
    answers = iter([False, True, True])

    def answer(_parent: Any, _title: str, text: str, _action: str, _detail: str = "") -> bool:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(people_module, "confirm", answer)

    def reset(dialog: ResetPasswordDialog) -> None:
        qtbot.keyClicks(dialog.fields.password.edit, "dan's second password")
        qtbot.keyClicks(dialog.fields.repeated.edit, "dan's second password")
        click(qtbot, dialog.reset_button)  # "no" at the confirmation: still open
        assert dialog.isVisible()
        click(qtbot, dialog.reset_button)

    drive_exec(monkeypatch, qtbot, reset)
    click(qtbot, people.reset_button)
    assert asked[:2] == ["Reset the password of Dan Okafor?"] * 2

    click(qtbot, people.active_button)
    assert asked[2] == "Deactivate the account of Dan Okafor?"
    assert people.table.item(1, 3).text() == "Deactivated"

    other = firm_opener()
    with pytest.raises(Exception, match="deactivated"):
        other.users.sign_in("dan.okafor", "dan's second password")
    people.table.selectRow(1)
    assert people.active_button.text() == "Re&activate"
    click(qtbot, people.active_button)  # reactivating asks nothing
    assert other.users.sign_in("dan.okafor", "dan's second password").display == "Dan Okafor"


def test_a_case_manager_sees_people_but_cannot_change_them(
    qtbot: QtBot, firm_opener: Callable[..., Services]
) -> None:
    """Only administrators get Add, Reset and Deactivate."""
    admin = firm_opener()
    admin.users.sign_in(TEST_USER, TEST_PASSWORD)
    admin.users.add("dan", "Dan Okafor", "dan's long password")
    services = firm_opener()
    services.users.sign_in("dan", "dan's long password")
    people = PeopleDialog(services)
    qtbot.addWidget(people)
    people.table.selectRow(1)
    assert "Dan Okafor" in people.who.text()
    assert not people.add_button.isEnabled()
    assert not people.reset_button.isEnabled()
    assert not people.active_button.isEnabled()
    people.table.selectRow(0)  # their own account: they may change their password
    assert people.reset_button.isEnabled() and people.reset_button.text() == "&Change Password…"
    assert not people.active_button.isEnabled()


def test_the_timeline_shows_who_wrote_each_entry(qtbot: QtBot, firm_opener: Callable[..., Services]) -> None:
    """On a firm database the timeline's By column and the entry's details name its author."""
    from casedesk.domain.activity import Activity, ActivityKind
    from casedesk.domain.cases import Case, CaseType, Client
    from casedesk.ui.timeline.model import COL_BY
    from casedesk.ui.timeline.panel import TimelinePanel
    from tests.conftest import NOW

    admin = firm_opener()
    admin.users.sign_in(TEST_USER, TEST_PASSWORD)
    admin.users.add("dan", "Dan Okafor", "dan's long password")
    dan = firm_opener()
    dan.users.sign_in("dan", "dan's long password")
    client = dan.cases.create_client(Client(name="Rosa Diaz"))
    case = dan.cases.create_case(
        Case(
            number="PI-1",
            caption="Diaz v. Lee",
            client_id=client.id,
            incident_date=NOW.date(),
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            opened_on=NOW.date(),
        )
    )
    dan.timeline.add(
        Activity(case_id=case.id or 0, occurred_at=NOW, kind=ActivityKind.CALL, subject="Called Rosa")
    )
    panel = TimelinePanel(admin.timeline)
    qtbot.addWidget(panel)
    panel.set_case(case.id)
    assert not panel.table.isColumnHidden(COL_BY)
    assert panel.model.headerData(COL_BY, Qt.Orientation.Horizontal) == "By"
    assert panel.model.index(0, COL_BY).data() == "Dan Okafor"
    panel.table.selectRow(0)
    assert "Written by Dan Okafor" in panel.detail.toPlainText()


def test_the_main_window_asks_who_signs_in_and_offers_people(
    qtbot: QtBot,
    firm_opener: Callable[..., Services],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Opening a firm database asks for the sign-in; the status bar names the person; People… lists."""
    from casedesk.ui.main_window import MainWindow
    from casedesk.ui.settings import AppSettings
    from tests.ui.conftest import opener

    seen: list[str] = []

    def act(dialog: QDialog) -> None:
        if isinstance(dialog, SignInDialog):
            qtbot.keyClicks(dialog.name_edit, TEST_USER)
            qtbot.keyClicks(dialog.password.edit, TEST_PASSWORD)
            qtbot.keyClick(dialog.password.edit, Qt.Key.Key_Return)
        elif isinstance(dialog, PeopleDialog):
            seen.extend(dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount()))
            dialog.reject()

    drive_exec(monkeypatch, qtbot, act)
    settings = AppSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, opener, firm_opener())
    qtbot.addWidget(window)
    assert window.user_label.text() == f"Signed in as {TEST_USER}"
    assert window.firm_menu.menuAction().isVisible()
    window.people_action.trigger()
    assert seen == [TEST_USER]
    window.close()
