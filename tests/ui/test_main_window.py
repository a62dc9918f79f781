"""The main window end to end: open a case file, work a case, restart, and find everything again."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseStatus, Client
from casedesk.domain.errors import CasedeskError
from casedesk.ui import main_window
from casedesk.ui.cases.dialogs import CaseDialog, ClientDialog
from casedesk.ui.cases.model import COL_CLIENT, COL_NUMBER, COL_STATUS
from casedesk.ui.main_window import MainWindow
from casedesk.ui.settings import AppSettings
from casedesk.ui.timeline.dialogs import ActivityDialog
from tests.ui.conftest import opener


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[CasedeskError]:
    """Collect the error messages the window shows instead of showing them."""
    shown: list[CasedeskError] = []
    monkeypatch.setattr(main_window, "show_error", lambda _parent, _title, error: shown.append(error))
    return shown


def test_a_case_survives_a_restart(
    qtbot: QtBot, db_path: Path, make_window: Callable[[Path | None], MainWindow], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """Create a client and case, find it, edit it, log entries, restart: everything is still there."""

    def new_case(dialog: CaseDialog) -> None:
        qtbot.keyClicks(dialog.client_fields.name, "Dana Whitfield")
        qtbot.keyClicks(dialog.number, "PI-2026-0042")
        qtbot.keyClicks(dialog.caption, "Whitfield v. Lone Star Freight")
        qtbot.keyClicks(dialog.incident_date, "05/17/2026")

    window = make_window(db_path)
    window.show()
    answer_dialog(CaseDialog, new_case)
    window.new_case_action.trigger()
    assert window.case_list is not None and window.workspace is not None
    assert window.case_list.model.index(0, COL_NUMBER).data() == "PI-2026-0042"
    assert window.workspace.case_id is not None
    assert "Whitfield v. Lone Star Freight" in window.workspace.title.text()

    # Find it by client name.
    qtbot.keyClicks(window.case_list.search, "whitf")
    qtbot.waitUntil(lambda: window.case_list is not None and window.case_list.query.text == "whitf")
    assert window.case_list.model.rowCount() == 1

    # Edit it: move it to Treating and plan the next action.
    def edit(dialog: CaseDialog) -> None:
        dialog.status.setCurrentIndex(dialog.status.findData(CaseStatus.TREATING))
        qtbot.keyClicks(dialog.next_action, "Request ER records")

    answer_dialog(CaseDialog, edit)
    window.edit_case_action.trigger()
    assert window.case_list.model.index(0, COL_STATUS).data() == "Treating"

    # Log two timeline entries with Ctrl+T.
    for subject in ("Intake call with client", "Sent letter of representation"):
        answer_dialog(ActivityDialog, lambda d, s=subject: qtbot.keyClicks(d.subject, s))
        window.new_entry_action.trigger()
    assert window.workspace.timeline.model.rowCount() == 2
    assert window.workspace.tabs.currentIndex() == 1

    window.close()
    again = make_window(db_path)
    assert again.case_list is not None and again.workspace is not None
    assert again.case_list.model.rowCount() == 1
    again.case_list.table.selectRow(0)
    overview = again.workspace.overview.overview
    assert overview is not None
    assert overview.case.status is CaseStatus.TREATING
    assert overview.case.next_action == "Request ER records"
    assert overview.client.name == "Dana Whitfield"
    assert [a.subject for a in overview.recent_activity] == [
        "Sent letter of representation",
        "Intake call with client",
    ]


def test_client_edit_shows_in_the_case_list(
    qtbot: QtBot, db_path: Path, make_window: Callable[[Path | None], MainWindow], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """Renaming the client from the Overview updates the case list's Client column."""
    window = make_window(db_path)
    assert window.services is not None
    window.services.cases.create_case(
        Case(number="PI-1", caption="Lee v. Shop", client_id=0), Client(name="Kim Lee")
    )
    window.refresh()
    assert window.case_list is not None and window.workspace is not None
    window.case_list.table.selectRow(0)

    def rename(dialog: ClientDialog) -> None:
        dialog.fields.name.setText("Kimberly Lee")

    answer_dialog(ClientDialog, rename)
    qtbot.mouseClick(window.workspace.overview.edit_client_button, Qt.MouseButton.LeftButton)
    assert window.case_list.model.index(0, COL_CLIENT).data() == "Kimberly Lee"


def test_delete_case_asks_first(
    db_path: Path, make_window: Callable[[Path | None], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting a case needs confirmation; declining keeps it, confirming removes it."""
    window = make_window(db_path)
    assert window.services is not None and window.case_list is not None
    window.services.cases.create_case(
        Case(number="PI-9", caption="Roe v. Doe", client_id=0), Client(name="Jo Roe")
    )
    window.refresh()
    window.case_list.table.selectRow(0)
    questions: list[str] = []
    answer = False

    def confirm(_parent: object, _title: str, text: str, _action: str, detail: str = "") -> bool:
        questions.append(f"{text} {detail}")
        return answer

    monkeypatch.setattr(main_window, "confirm", confirm)
    window.delete_case_action.trigger()
    assert "PI-9" in questions[0] and "cannot be undone" in questions[0]
    assert window.case_list.model.rowCount() == 1
    answer = True
    window.delete_case_action.trigger()
    assert window.case_list.model.rowCount() == 0
    assert window.workspace is not None and window.workspace.case_id is None
    assert not window.edit_case_action.isEnabled()


def test_opening_a_file_that_is_not_a_case_file_keeps_the_current_one(
    tmp_path: Path,
    db_path: Path,
    make_window: Callable[[Path | None], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
    errors: list[CasedeskError],
) -> None:
    """Open… on a text file says so, leaves the file alone, and keeps the open case file."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    window = make_window(db_path)
    monkeypatch.setattr(main_window, "ask_open_path", lambda _parent: notes)
    window.open_file_action.trigger()
    assert errors and "not a casedesk case file" in errors[0].message
    assert notes.read_text() == "not a database"
    assert window.services is not None and window.services.path == db_path


def test_new_case_file_and_recent_files(
    tmp_path: Path,
    db_path: Path,
    make_window: Callable[[Path | None], MainWindow],
    app_settings: AppSettings,
    monkeypatch: pytest.MonkeyPatch,
    errors: list[CasedeskError],
) -> None:
    """File › New creates an empty case file, refuses an existing name, and both go to Open Recent."""
    window = make_window(db_path)
    second = tmp_path / "firm" / "second.sqlite"
    second.parent.mkdir()
    monkeypatch.setattr(main_window, "ask_new_path", lambda _parent: second)
    window.new_file_action.trigger()
    assert window.services is not None and window.services.path == second
    assert window.windowTitle() == "second.sqlite — casedesk"
    assert app_settings.recent_files()[:2] == [second, db_path]
    window.new_file_action.trigger()
    assert errors and "already exists" in errors[0].message
    window.recent_menu.aboutToShow.emit()
    entries = [a.text() for a in window.recent_menu.actions()]
    assert entries[0].startswith("&1 second.sqlite") and entries[1].startswith("&2 cases.sqlite")
    window.recent_menu.actions()[1].trigger()
    assert window.services.path == db_path


def test_window_without_a_case_file_offers_open_and_new(
    make_window: Callable[[Path | None], MainWindow],
) -> None:
    """With no case file open the window says so and only file actions are enabled."""
    window = make_window(None)
    assert window.case_list is None
    assert window.path_label.text() == "No case file open"
    assert not window.new_case_action.isEnabled()
    assert window.open_file_action.isEnabled()


def test_layout_is_remembered(db_path: Path, make_window: Callable[[Path | None], MainWindow]) -> None:
    """The splitter position and column widths come back in the next session."""
    window = make_window(db_path)
    window.resize(1200, 700)
    window.show()
    window.splitter.setSizes([300, 900])
    assert window.case_list is not None
    window.case_list.table.horizontalHeader().resizeSection(COL_CLIENT, 222)
    sizes = window.splitter.sizes()
    window.close()
    again = make_window(db_path)
    again.resize(1200, 700)
    again.show()
    assert again.splitter.sizes() == sizes
    assert again.case_list is not None
    assert again.case_list.table.horizontalHeader().sectionSize(COL_CLIENT) == 222


def test_keyboard_shortcuts_are_bound(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    """The everyday actions have their shortcuts."""
    window = make_window(db_path)
    shortcuts = {
        window.new_case_action: "Ctrl+N",
        window.edit_case_action: "Ctrl+E",
        window.new_entry_action: "Ctrl+T",
        window.find_action: "Ctrl+F",
        window.open_file_action: "Ctrl+O",
        window.contacts_action: "Ctrl+Shift+C",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut().toString() == keys


def test_text_really_renders(qtbot: QtBot) -> None:
    """Fonts are installed: a label grabbed to an image has dark pixels where its text is."""
    label = QLabel("Whitfield v. Lone Star Freight")
    qtbot.addWidget(label)
    label.setStyleSheet("color: black; background: white;")
    label.resize(300, 40)
    image = label.grab().toImage()
    dark = sum(
        1
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
        if image.pixelColor(x, y).lightness() < 100
    )
    assert dark > 20


def test_many_qt_calls_do_not_crash_the_interpreter(qtbot: QtBot) -> None:
    """Tens of thousands of Qt calls returning void/bool (a bad PySide6/Python pairing aborts here)."""
    model = QStandardItemModel(2_000, 6)
    for row in range(2_000):
        for column in range(6):
            model.setItem(row, column, QStandardItem(f"{row}:{column}"))
    label = QLabel()
    qtbot.addWidget(label)
    for index in range(20_000):
        label.setWindowTitle(str(index))
        label.isVisible()
    assert model.item(1_999, 5).text() == "1999:5"


def test_the_contacts_book_never_writes_back_a_stale_contact(
    qtbot: QtBot, db_path: Path, make_window: Callable[[Path | None], MainWindow], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """A contact renamed elsewhere, then edited from an open contacts book, keeps the new name."""
    from casedesk.domain.contacts import Contact, ContactRole
    from casedesk.ui.contacts.dialogs import ContactDialog

    window = make_window(db_path)
    assert window.services is not None
    contact = window.services.contacts.create(Contact(name="Dr. Old", role=ContactRole.MEDICAL_PROVIDER))
    window.contacts_action.trigger()
    book = window._contacts_book
    assert book is not None and book.model.rowCount() == 1
    window.services.contacts.update(replace(contact, name="Dr. New"))  # renamed from elsewhere
    shown: list[str] = []

    def add_notes(dialog: ContactDialog) -> None:
        shown.append(dialog.name.text())
        qtbot.keyClicks(dialog.notes, "Records by fax only")

    answer_dialog(ContactDialog, add_notes)
    book.table.selectRow(0)
    qtbot.mouseClick(book.edit_button, Qt.MouseButton.LeftButton)
    assert shown == ["Dr. New"]
    saved = window.services.contacts.get(contact.id or 0)
    assert saved.name == "Dr. New" and saved.notes == "Records by fax only"


def test_a_figure_typed_just_before_quitting_is_saved(
    qtbot: QtBot,
    db_path: Path,
    make_window: Callable[[Path | None], MainWindow],
    make_case: Callable[..., Case],
) -> None:
    """Ctrl+3 opens the Valuation tab; a figure typed there is written when the window closes at once."""
    case = make_case()
    window = make_window(db_path)
    window.show()
    assert window.case_list is not None and window.workspace is not None
    window.case_list.table.selectRow(0)
    assert window.valuation_action.shortcut().toString() == "Ctrl+3"
    window.valuation_action.trigger()
    assert window.workspace.tabs.currentWidget() is window.workspace.valuation
    qtbot.keyClicks(window.workspace.valuation.fields["lost_wages"], "4,250.75")
    window.close()
    reopened = opener(db_path, False)
    try:
        inputs = reopened.valuation.case_valuation(case.id or 0).inputs
        assert str(inputs.lost_wages) == "$4,250.75"
    finally:
        reopened.close()
