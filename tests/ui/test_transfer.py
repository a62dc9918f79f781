"""File › Move Case File to Firm Database… and Copy Firm Database to Case File…, as a user does them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseQuery, CaseStatus, CaseType, Client
from casedesk.services.casefiles import Services, open_services
from casedesk.ui import transfer as transfer_ui
from casedesk.ui.firm_connect import FirmConnection
from casedesk.ui.transfer import MoveToFirmDialog, TransferActions
from tests.conftest import fixed_clock, sign_in_for_test
from tests.firm_server import FirmServer
from tests.pdfs import make_pdf


@pytest.fixture
def firm(firm_server: FirmServer, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A new firm database (holding the test account) and its shared documents folder."""
    documents = tmp_path / "firm-documents"
    documents.mkdir()
    url = firm_server.new_database()
    yield url, documents
    firm_server.drop_database(url)


@pytest.fixture
def laptop(tmp_path: Path) -> Iterator[Services]:
    """An open case file with one case and one imported PDF."""
    services = open_services(tmp_path / "laptop.sqlite", create=True, clock=fixed_clock)
    client = services.cases.create_client(Client(name="Maria Alvarez", date_of_birth=date(1984, 3, 2)))
    case = services.cases.create_case(
        Case(
            number="PI-2026-0001",
            caption="Alvarez v. Driver",
            client_id=client.id or 0,
            incident_date=date(2026, 6, 14),
            case_type=CaseType.MOTOR_VEHICLE,
            jurisdiction="TX",
            status=CaseStatus.TREATING,
            opened_on=date(2026, 6, 20),
        )
    )
    services.documents.import_files(case.id or 0, [make_pdf(tmp_path / "mri.pdf", ["MRI lumbar spine"])])
    yield services
    services.close()


class Boxes:
    """Answers the message boxes the actions show (the report, errors) by clicking a named button."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, click: str = "") -> None:
        self.shown: list[tuple[str, str, str]] = []
        self.click = click

        def answer(box: QMessageBox) -> int:
            self.shown.append((box.text(), box.informativeText(), box.detailedText()))
            for button in box.buttons():
                if self.click and button.text().replace("&", "") == self.click:
                    button.click()
            return 0

        monkeypatch.setattr(QMessageBox, "exec", answer)


def _type(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def _answer_move_dialog(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, url: str, documents: Path
) -> list[Any]:
    """Replace the dialog's ask: type the firm database's address and folder as a user, press Move."""
    shown: list[MoveToFirmDialog] = []

    def ask(
        cls: type[MoveToFirmDialog], parent: QWidget | None, initial: FirmConnection | None = None
    ) -> Any:
        dialog = cls(initial, parent)
        shown.append(dialog)
        parts = urlsplit(url)
        _type(qtbot, dialog.host_edit, parts.hostname or "")
        _type(qtbot, dialog.port_edit, str(parts.port))
        _type(qtbot, dialog.database_edit, parts.path.lstrip("/"))
        _type(qtbot, dialog.user_edit, parts.username or "")
        _type(qtbot, dialog.password_edit, parts.password or "")
        _type(qtbot, dialog.documents_edit, str(documents))
        qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
        return (dialog.url(), dialog.connection()) if dialog.result() else None

    monkeypatch.setattr(MoveToFirmDialog, "ask", classmethod(ask))
    return shown


def _actions(qtbot: QtBot, opened: list[Any]) -> TransferActions:
    window = QWidget()
    qtbot.addWidget(window)
    return TransferActions(
        window,
        open_firm=lambda url, connection: opened.append((url, connection)),
        open_path=opened.append,
    )


def test_move_a_case_file_into_a_firm_database_then_copy_it_back_out(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, laptop: Services, firm: tuple[str, Path], tmp_path: Path
) -> None:
    url, documents = firm
    opened: list[Any] = []
    actions = _actions(qtbot, opened)
    assert not actions.move_action.isEnabled() and not actions.copy_action.isEnabled()  # nothing open
    actions.update(laptop)
    assert actions.move_action.isEnabled() and not actions.copy_action.isEnabled()

    dialogs = _answer_move_dialog(qtbot, monkeypatch, url, documents)
    asked: list[str] = []
    monkeypatch.setattr(transfer_ui, "confirm", lambda _p, _t, text, *_a: asked.append(text) or True)
    boxes = Boxes(monkeypatch, click="Open Firm Database")
    actions.move_action.trigger()
    qtbot.waitUntil(lambda: actions.report is not None and actions.task is None, timeout=60_000)

    assert dialogs[0].windowTitle() == "Move Case File to Firm Database"
    assert "laptop.sqlite" in asked[0] and "on 127.0.0.1" in asked[0]
    report = actions.report
    assert report is not None and report.verified and report.documents == 1
    text, verdict, detail = boxes.shown[-1]
    assert "Copied" in text and "1 documents" in text and "same number of rows" in verdict
    assert "cases: 1 → 1" in detail
    assert "casedesk:casedesk@" not in text  # the password is never shown
    assert len(opened) == 1 and opened[0][1].documents == documents  # the user chose to open it

    firm_services = open_services(url, documents=documents, clock=fixed_clock)
    sign_in_for_test(firm_services)
    try:
        assert [s.number for s in firm_services.cases.list_cases(CaseQuery())] == ["PI-2026-0001"]
        actions.update(firm_services)
        assert actions.copy_action.isEnabled() and not actions.move_action.isEnabled()
        back = tmp_path / "back.sqlite"
        boxes.click = "Open Case File"
        actions.copy_to_case_file(back)
        qtbot.waitUntil(lambda: actions.task is None and opened[-1] == back, timeout=60_000)
    finally:
        firm_services.close()
    copied = open_services(back, clock=fixed_clock)
    try:
        assert [s.number for s in copied.cases.list_cases(CaseQuery())] == ["PI-2026-0001"]
        assert len(copied.documents.documents(copied.cases.list_cases(CaseQuery())[0].id)) == 1
    finally:
        copied.close()


def test_a_firm_database_holding_cases_is_refused_with_a_message(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, laptop: Services, firm: tuple[str, Path]
) -> None:
    url, documents = firm
    actions = _actions(qtbot, [])
    actions.update(laptop)
    _answer_move_dialog(qtbot, monkeypatch, url, documents)
    monkeypatch.setattr(transfer_ui, "confirm", lambda *_a: True)
    boxes = Boxes(monkeypatch)
    actions.move_action.trigger()
    qtbot.waitUntil(lambda: actions.report is not None and actions.task is None, timeout=60_000)
    actions.report = None
    actions.move_action.trigger()  # the same firm database again: it now holds the case
    qtbot.waitUntil(lambda: len(boxes.shown) == 2 and actions.task is None, timeout=60_000)
    text, hint, _detail = boxes.shown[-1]
    assert "already holds case data (1 cases" in text and "Nothing was changed" in hint
    assert actions.report is None


def test_declining_the_confirmation_moves_nothing(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, laptop: Services, firm: tuple[str, Path]
) -> None:
    url, documents = firm
    actions = _actions(qtbot, [])
    actions.update(laptop)
    _answer_move_dialog(qtbot, monkeypatch, url, documents)
    monkeypatch.setattr(transfer_ui, "confirm", lambda *_a: False)
    actions.move_action.trigger()
    assert actions.task is None and actions.report is None
    firm_services = open_services(url, documents=documents, clock=fixed_clock)
    sign_in_for_test(firm_services)
    try:
        assert firm_services.cases.list_cases(CaseQuery()) == []
    finally:
        firm_services.close()


def test_copying_out_refuses_an_existing_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, firm: tuple[str, Path], tmp_path: Path
) -> None:
    url, documents = firm
    firm_services = open_services(url, documents=documents, clock=fixed_clock)
    sign_in_for_test(firm_services)
    try:
        actions = _actions(qtbot, [])
        actions.update(firm_services)
        existing = tmp_path / "existing.sqlite"
        existing.write_bytes(b"")
        boxes = Boxes(monkeypatch)
        actions.copy_to_case_file(existing)
        assert actions.task is None and "already exists" in boxes.shown[-1][0]
    finally:
        firm_services.close()


def test_the_file_menu_offers_the_move_on_a_case_file(
    qtbot: QtBot, app_settings: Any, tmp_path: Path
) -> None:
    """On a case file on this computer, File › Move Case File to Firm Database… is there and enabled."""
    from casedesk.ui.main_window import MainWindow
    from tests.ui.conftest import opener

    empty = MainWindow(app_settings, opener, None)
    qtbot.addWidget(empty)
    assert not empty.transfers.move_action.isEnabled() and not empty.transfers.copy_action.isEnabled()
    window = MainWindow(app_settings, opener, opener(tmp_path / "cases.sqlite", True))
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert file_menu is not None
    texts = [action.text() for action in file_menu.actions()]
    assert "&Move Case File to Firm Database…" in texts and "Copy Firm Database to Case &File…" in texts
    assert window.transfers.move_action.isEnabled() and not window.transfers.copy_action.isEnabled()
    window.close()
    empty.close()
