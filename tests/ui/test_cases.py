"""The case list, the case and client dialogs, and the case workspace, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseQuery, CaseStatus, Client
from casedesk.services.casefiles import Services
from casedesk.ui.cases import workspace as workspace_module
from casedesk.ui.cases.dialogs import CaseDialog, ClientDialog
from casedesk.ui.cases.model import COL_CLIENT, COL_NEXT, COL_STATUS, CaseTableModel
from casedesk.ui.cases.panel import CaseListPanel
from casedesk.ui.cases.workspace import CaseWorkspace
from casedesk.ui.conflicts import ConflictBox
from tests.conftest import TODAY
from tests.ui.conftest import click_save


def save_button(dialog: CaseDialog | ClientDialog) -> object:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def fill_new_case(qtbot: QtBot, dialog: CaseDialog, number: str = "PI-2026-0042") -> None:
    qtbot.keyClicks(dialog.client_fields.name, "Dana Whitfield")
    qtbot.keyClicks(dialog.client_fields.date_of_birth, "07/04/1979")
    qtbot.keyClicks(dialog.client_fields.phone, "(737) 555-0199")
    qtbot.keyClicks(dialog.number, number)
    qtbot.keyClicks(dialog.caption, "Whitfield v. Lone Star Freight")
    qtbot.keyClicks(dialog.incident_date, "05/17/2026")
    dialog.jurisdiction.setCurrentIndex(dialog.jurisdiction.findData("TX"))


def test_case_table_model_passes_the_model_tester(qtmodeltester, services, make_case) -> None:  # type: ignore[no-untyped-def]
    """The case model behaves as Qt's views expect."""
    make_case()
    make_case(next_action="Call adjuster", next_action_on=date(2026, 11, 1))
    model = CaseTableModel(services.cases.summaries, TODAY)
    model.set_ids(services.cases.case_list(CaseQuery()).ids)
    qtmodeltester.check(model)


def test_overdue_next_action_is_shown_in_red(services: Services, make_case: Callable[..., Case]) -> None:
    """A next action dated before today is flagged in the list."""
    make_case(next_action="Send demand", next_action_on=date(2026, 11, 1))
    model = CaseTableModel(services.cases.summaries, TODAY)
    model.set_ids(services.cases.case_list(CaseQuery()).ids)
    brush = model.index(0, COL_NEXT).data(Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#b00020"
    assert "11/01/2026" in model.index(0, COL_NEXT).data()


def test_new_case_dialog_saves_a_new_client_and_case(qtbot: QtBot, services: Services) -> None:
    """Typing a new client and a case and pressing Save stores both."""
    dialog = CaseDialog(services.cases)
    qtbot.addWidget(dialog)
    assert dialog.new_client.isChecked()
    assert dialog.opened_on.text() == "11/21/2026"
    assert not save_button(dialog).isEnabled()  # type: ignore[attr-defined]

    fill_new_case(qtbot, dialog)
    assert save_button(dialog).isEnabled()  # type: ignore[attr-defined]
    click_save(qtbot, dialog)

    assert dialog.saved is not None
    case = services.cases.overview(dialog.saved.id or 0)
    assert case.case.number == "PI-2026-0042"
    assert case.case.incident_date == date(2026, 5, 17)
    assert case.case.jurisdiction == "TX"
    assert case.client.name == "Dana Whitfield"
    assert case.client.date_of_birth == date(1979, 7, 4)


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("incident_date", "02/30/2026", "does not exist on the calendar"),
        ("incident_date", "next tuesday", "is not a date"),
        ("incident_date", "12/01/2026", "cannot be in the future"),
        ("opened_on_clear", "", "opened date is required"),
    ],
)
def test_case_dialog_explains_bad_dates_and_saves_nothing(
    qtbot: QtBot, services: Services, field: str, text: str, message: str
) -> None:
    """An impossible, unreadable or future date is explained as it is typed, and Save stays off."""
    dialog = CaseDialog(services.cases)
    qtbot.addWidget(dialog)
    fill_new_case(qtbot, dialog)
    if field == "opened_on_clear":
        dialog.opened_on.clear()
        label = dialog._labels["opened_on"]
    else:
        dialog.incident_date.clear()
        qtbot.keyClicks(dialog.incident_date, text)
        label = dialog._labels["incident_date"]
    assert message in label.text()
    assert not save_button(dialog).isEnabled()  # type: ignore[attr-defined]
    click_save(qtbot, dialog)
    assert dialog.saved is None
    assert services.cases.list_cases(CaseQuery()) == []
    assert services.cases.find_clients() == []


def test_empty_client_name_is_explained_once_touched(qtbot: QtBot, services: Services) -> None:
    """The name error appears only after the user has typed in the field, and blocks saving."""
    dialog = CaseDialog(services.cases)
    qtbot.addWidget(dialog)
    name_label = dialog.client_fields.labels["name"]
    assert name_label.text() == ""
    qtbot.keyClicks(dialog.client_fields.name, "x")
    dialog.client_fields.name.clear()
    assert name_label.text() == "The client's name is required."
    assert not save_button(dialog).isEnabled()  # type: ignore[attr-defined]


def test_duplicate_case_number_is_shown_on_the_field(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Saving a case number already in use shows why beside the field and keeps the dialog open."""
    make_case(number="PI-2026-0042")
    dialog = CaseDialog(services.cases)
    qtbot.addWidget(dialog)
    fill_new_case(qtbot, dialog, number="PI-2026-0042")
    click_save(qtbot, dialog)
    assert dialog.saved is None
    assert "already used" in dialog._labels["number"].text()
    assert len(services.cases.find_clients()) == 1  # the new client was not saved either


def test_case_for_an_existing_client(
    qtbot: QtBot, services: Services, make_client: Callable[..., Client]
) -> None:
    """A case can be opened for a client already in the file, picked from the list."""
    client = make_client(name="Ruth Okafor")
    dialog = CaseDialog(services.cases)
    qtbot.addWidget(dialog)
    dialog.show()
    radio = dialog.existing_client
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))
    assert dialog.client_combo.isVisible() and not dialog.client_fields.isVisible()
    dialog.client_combo.setCurrentIndex(dialog.client_combo.findData(client.id))
    qtbot.keyClicks(dialog.number, "PI-7")
    qtbot.keyClicks(dialog.caption, "Okafor v. City Bus")
    click_save(qtbot, dialog)
    assert dialog.saved is not None and dialog.saved.client_id == client.id


def test_client_dialog_edits_the_client(
    qtbot: QtBot, services: Services, make_client: Callable[..., Client]
) -> None:
    """Editing a client's phone and saving stores it; a bad email blocks the save."""
    client = make_client()
    dialog = ClientDialog(services.cases, client)
    qtbot.addWidget(dialog)
    assert dialog.fields.name.text() == client.name
    dialog.fields.email.clear()
    qtbot.keyClicks(dialog.fields.email, "not-an-email")
    assert "not valid" in dialog.fields.labels["email"].text()
    assert not save_button(dialog).isEnabled()  # type: ignore[attr-defined]
    dialog.fields.email.clear()
    dialog.fields.phone.clear()
    qtbot.keyClicks(dialog.fields.phone, "512 555 0111")
    click_save(qtbot, dialog)
    assert services.cases.get_client(client.id or 0).phone == "512 555 0111"
    assert services.cases.get_client(client.id or 0).email == ""


def make_caseload(make_case: Callable[..., Case], make_client: Callable[..., Client]) -> None:
    for name, status in (
        ("Ana Brooks", CaseStatus.INTAKE),
        ("Ben Carter", CaseStatus.TREATING),
        ("Cora Diaz", CaseStatus.TREATING),
        ("Dev Patel", CaseStatus.SETTLED),
        ("Eve Quinn", CaseStatus.CLOSED),
    ):
        make_case(client_id=make_client(name=name).id, status=status)


def test_case_list_filters_as_the_user_types(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], make_client: Callable[..., Client]
) -> None:
    """Typing in the search field narrows the list to matching clients, without blocking the keys."""
    make_caseload(make_case, make_client)
    panel = CaseListPanel(services.cases)
    qtbot.addWidget(panel)
    assert panel.model.rowCount() == 4  # closed cases are hidden by default
    assert panel.count_label.text() == "4 of 5 cases"
    qtbot.keyClicks(panel.search, "cor")
    assert panel.search.text() == "cor"
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert panel.model.index(0, COL_CLIENT).data() == "Cora Diaz"
    assert panel.count_label.text() == "1 case"
    panel.search.clear()
    qtbot.keyClicks(panel.search, "nobody")
    qtbot.waitUntil(lambda: panel.empty_label.isVisibleTo(panel))
    assert "No case matches" in panel.empty_label.text()


def test_a_search_that_only_matches_closed_cases_offers_them(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], make_client: Callable[..., Client]
) -> None:
    """Searching for a closed case's client says it exists under other statuses; one click shows it."""
    make_caseload(make_case, make_client)
    panel = CaseListPanel(services.cases)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.search, "quinn")
    qtbot.waitUntil(lambda: panel.empty_label.isVisibleTo(panel))
    assert "1 case matches in other statuses" in panel.empty_label.text()
    panel.empty_label.linkActivated.emit("all")
    assert panel.model.rowCount() == 1
    assert panel.model.index(0, COL_CLIENT).data() == "Eve Quinn"
    assert panel.status_filter.currentText() == "All cases (1)"


def test_status_filter_shows_counts_and_filters(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], make_client: Callable[..., Client]
) -> None:
    """The status filter lists each status with its count and shows only that status."""
    make_caseload(make_case, make_client)
    panel = CaseListPanel(services.cases)
    qtbot.addWidget(panel)
    items = [panel.status_filter.itemText(i) for i in range(panel.status_filter.count())]
    assert items[:2] == ["Open cases (4)", "All cases (5)"]
    assert "Treating (2)" in items and "Closed (1)" in items and "Trial (0)" in items
    assert panel.count_label.text() == "4 of 5 cases"
    panel.status_filter.setCurrentIndex(1)
    panel.status_filter.activated.emit(1)
    assert panel.model.rowCount() == 5
    panel.status_filter.setCurrentIndex(panel.status_filter.findData(CaseStatus.TREATING))
    panel.status_filter.activated.emit(panel.status_filter.currentIndex())
    assert {panel.model.index(r, COL_STATUS).data() for r in range(panel.model.rowCount())} == {"Treating"}
    assert panel.count_label.text() == "2 of 5 cases"


def test_clicking_a_header_sorts_in_the_database(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], make_client: Callable[..., Client]
) -> None:
    """Clicking the Client header sorts by client name, clicking again reverses it."""
    make_caseload(make_case, make_client)
    panel = CaseListPanel(services.cases)
    qtbot.addWidget(panel)
    header = panel.table.horizontalHeader()
    panel.resize(900, 400)
    panel.show()
    client_header = QPoint(header.sectionViewportPosition(COL_CLIENT) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=client_header)
    names = [panel.model.index(r, COL_CLIENT).data() for r in range(4)]
    assert names == sorted(names)
    assert not panel.query.descending
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=client_header)
    assert [panel.model.index(r, COL_CLIENT).data() for r in range(4)] == sorted(names, reverse=True)
    assert panel.query.descending


def test_empty_case_file_shows_how_to_start(qtbot: QtBot, services: Services) -> None:
    """A new case file says how to create the first case instead of showing an empty grid."""
    panel = CaseListPanel(services.cases)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.empty_label.isVisible()
    assert "Ctrl+N" in panel.empty_label.text()


def test_workspace_shows_the_case_and_changes_its_status(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workspace shows the facts and client; closing asks first, then saves and stamps the date."""
    case = make_case(incident_place="I-35 at Riverside Dr", attorney="L. Moreno", facts="Rear-ended.")
    questions: list[str] = []
    monkeypatch.setattr(workspace_module, "confirm", lambda _p, _t, text, *_a: questions.append(text) or True)
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    with qtbot.waitSignal(workspace.case_changed) as changed:
        workspace.set_case(case.id)
        assert "Alvarez v. Driver" in workspace.title.text()
        assert workspace.overview.fact_labels["incident_place"].text() == "I-35 at Riverside Dr"
        assert workspace.overview.fact_labels["jurisdiction"].text() == "Texas (TX)"
        assert workspace.overview.client_labels["name"].text() == "Maria Alvarez"
        workspace.status.setCurrentIndex(workspace.status.findData(CaseStatus.CLOSED))
        workspace.status.activated.emit(workspace.status.currentIndex())
    assert changed.args == [case.id]
    assert questions and case.number in questions[0]
    saved = services.cases.overview(case.id or 0).case
    assert saved.status is CaseStatus.CLOSED
    assert saved.closed_on == TODAY
    workspace.status.setCurrentIndex(workspace.status.findData(CaseStatus.TREATING))
    workspace.status.activated.emit(workspace.status.currentIndex())
    reopened = services.cases.overview(case.id or 0).case
    assert reopened.status is CaseStatus.TREATING and reopened.closed_on is None
    assert workspace.overview.fact_labels["closed_on"].text() == "—"


def test_declining_to_close_keeps_the_status(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answering No to "Close case?" changes nothing, and the combo shows the status again."""
    case = make_case(status=CaseStatus.NEGOTIATION)
    monkeypatch.setattr(workspace_module, "confirm", lambda *_a: False)
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.set_case(case.id)
    workspace.status.setCurrentIndex(workspace.status.findData(CaseStatus.CLOSED))
    workspace.status.activated.emit(workspace.status.currentIndex())
    assert services.cases.get_case(case.id or 0).status is CaseStatus.NEGOTIATION
    assert workspace.status.currentData() == CaseStatus.NEGOTIATION


def test_scrolling_over_the_status_does_not_change_it(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A wheel notch over the status box, without clicking it first, leaves the case alone."""
    case = make_case(status=CaseStatus.INTAKE)
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.show()
    workspace.set_case(case.id)
    combo = workspace.status
    centre = QPointF(combo.rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(combo.mapToGlobal(combo.rect().center())),
        QPoint(0, 0),
        QPoint(0, -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(combo, wheel)
    assert combo.currentData() == CaseStatus.INTAKE
    assert services.cases.get_case(case.id or 0).status is CaseStatus.INTAKE


def test_workspace_edit_case_goes_through_the_dialog(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """Edit case… opens the case dialog on the case, and what is saved shows at once."""
    case = make_case()

    def fill(dialog: CaseDialog) -> None:
        assert dialog.number.text() == case.number
        dialog.next_action.setText("Request MRI films")
        qtbot.keyClicks(dialog.next_action_on, "12/01/2026")

    answer_dialog(CaseDialog, fill)
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.set_case(case.id)
    qtbot.mouseClick(workspace.overview.edit_case_button, Qt.MouseButton.LeftButton)
    assert "Request MRI films" in workspace.overview.next_action_label.text()
    assert "due in 10 days" in workspace.overview.next_action_label.text()
    assert services.cases.overview(case.id or 0).case.next_action_on == date(2026, 12, 1)


def test_a_case_hidden_by_the_filter_is_revealed_when_worked_on(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A case just closed (or created) that the search or filter would hide stays in view, selected."""
    open_case = make_case(status=CaseStatus.TREATING)
    closed = make_case(status=CaseStatus.CLOSED)
    panel = CaseListPanel(services.cases)
    qtbot.addWidget(panel)
    qtbot.keyClicks(panel.search, open_case.number)
    panel.refresh()
    assert panel.model.row_of(closed.id or 0) is None
    panel.refresh(select_id=closed.id, reveal=True)
    assert panel.current_case_id() == closed.id
    assert panel.search.text() == ""
    assert panel.status_filter.currentText().startswith("All cases")


def test_a_long_caption_wraps_instead_of_widening_the_window(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A 300-character caption keeps the workspace as narrow as it was."""
    case = make_case(caption="Whitfield v. " + "Lone Star Freight Logistics Holdings " * 7)
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.set_case(case.id)
    assert workspace.minimumSizeHint().width() < 900


def test_a_case_changed_elsewhere_is_not_overwritten(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving a dialog opened before someone else's save is refused with a clear message; their edit stays."""
    case = make_case(next_action="Call adjuster", next_action_on=date(2026, 12, 1))
    shown: list[str] = []

    def exec_(box: ConflictBox) -> int:  # the user closes the question without choosing
        shown.append(f"{box.text()} {box.informativeText()}")
        box.cancel.click()
        return 0

    monkeypatch.setattr(ConflictBox, "exec", exec_)
    dialog = CaseDialog(services.cases, case)
    qtbot.addWidget(dialog)
    services.cases.update_case(replace(case, next_action="B-EDIT call adjuster"))  # another window
    dialog.attorney.setText("L. Moreno")
    click_save(qtbot, dialog)
    assert dialog.saved is None
    assert shown and "changed this case after you opened it" in shown[0] and "B-EDIT" in shown[0]
    assert dialog.attorney.text() == "L. Moreno"
    saved = services.cases.get_case(case.id or 0)
    assert saved.next_action == "B-EDIT call adjuster" and saved.attorney == ""


def test_a_refused_save_leaves_the_cursor_on_the_field_to_fix(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """After "number already used", the cursor is in the number field, not on Cancel."""
    make_case(number="PI-2026-0042")
    dialog = CaseDialog(services.cases)
    qtbot.addWidget(dialog)
    dialog.show()
    fill_new_case(qtbot, dialog, number="PI-2026-0042")
    click_save(qtbot, dialog)
    assert dialog.focusWidget() is dialog.number
