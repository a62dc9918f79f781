"""The providers and requests panel and its forms, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from casedesk.domain.calendar import EventOrigin
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import CasedeskError
from casedesk.domain.money import Money
from casedesk.domain.providers import (
    CaseProvider,
    RecordRequest,
    RequestKind,
    RequestMethod,
    RequestStatus,
    TreatmentStatus,
)
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.calendar.today import SECTION_OVERDUE, TodayView
from casedesk.ui.medical import providers as providers_module
from casedesk.ui.medical.provider_dialogs import ProviderDialog, RequestDialog
from casedesk.ui.medical.providers import (
    NO_PROVIDERS,
    NO_REQUESTS,
    NO_REQUESTS_WITHOUT_PROVIDERS,
    OVERDUE_COLOR,
    R_FOLLOW_UP,
    R_OVERDUE,
    R_STATUS,
    ProvidersPanel,
    ProviderTableModel,
    RequestTableModel,
)
from tests.conftest import TODAY, fixed_clock

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


def show(qtbot: QtBot, widget: QWidget) -> None:
    """On screen and active, so that its keyboard shortcuts and focus work."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> ProvidersPanel:
    panel = ProvidersPanel(services.providers, services.contacts, fixed_clock)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def lee(services: Services, case_id: int, **changes: Any) -> CaseProvider:
    contact = services.contacts.create(
        Contact("Dr. Helen Lee", role=ContactRole.MEDICAL_PROVIDER, organization="Austin Orthopedic")
    )
    return services.providers.add_provider(
        replace(CaseProvider(case_id=case_id, contact_id=contact.id or 0, specialty="Orthopedics"), **changes)
    )


def request_to(
    services: Services, provider: CaseProvider, sent_days_ago: int, **changes: Any
) -> RecordRequest:
    sent = TODAY - timedelta(days=sent_days_ago)
    return services.providers.add_request(
        replace(
            RecordRequest(
                case_id=provider.case_id,
                provider_id=provider.id or 0,
                kind=RequestKind.RECORDS,
                sent_on=sent,
                method=RequestMethod.FAX,
                follow_up_on=sent + timedelta(days=30),
            ),
            **changes,
        )
    )


def cells(model: Any, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def save_button(dialog: Any) -> QAbstractButton:
    button: QAbstractButton = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    return button


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """Click a button (a radio button on its box: a form stretches it, its middle may be empty space)."""
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))


# --- the models --------------------------------------------------------------------------------


def test_models_pass_the_model_tester(qtmodeltester: Any, services: Services, make_case: MakeCase) -> None:
    """Both table models behave as Qt's views expect, empty and filled."""
    case_id = make_case().id or 0
    providers, requests = ProviderTableModel(), RequestTableModel()
    qtmodeltester.check(providers)
    qtmodeltester.check(requests)
    provider = lee(services, case_id)
    request_to(services, provider, 40)
    request_to(services, provider, 5, status=RequestStatus.RECEIVED, received_on=TODAY)
    providers.set_rows(services.providers.providers(case_id))
    requests.set_rows(services.providers.requests(case_id), {provider.id or 0: provider.name}, TODAY)
    qtmodeltester.check(providers)
    qtmodeltester.check(requests)


# --- showing -----------------------------------------------------------------------------------


def test_empty_states_say_what_to_do(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """No case, no providers, no requests: each says what to do next; buttons follow."""
    panel = shown_panel(qtbot, services, None)
    assert panel.provider_empty.isVisible() and panel.provider_empty.text() == "No case selected."
    assert not panel.add_provider_button.isEnabled()
    case_id = make_case().id or 0
    panel.set_case(case_id)
    assert panel.provider_empty.text() == NO_PROVIDERS
    assert panel.request_empty.text() == NO_REQUESTS_WITHOUT_PROVIDERS
    assert panel.add_provider_button.isEnabled() and not panel.new_request_button.isEnabled()
    lee(services, case_id)
    panel.refresh()
    assert panel.provider_table.isVisible()
    assert panel.request_empty.isVisible() and panel.request_empty.text() == NO_REQUESTS
    assert panel.new_request_button.isEnabled()
    assert not panel.edit_provider_button.isEnabled() and not panel.received_button.isEnabled()


def test_providers_and_requests_are_listed_with_overdue_days_in_red(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """The provider row counts its open requests; an overdue request's follow-up and days are red."""
    case_id = make_case().id or 0
    provider = lee(services, case_id, status=TreatmentStatus.DISCHARGED, first_visit=date(2026, 6, 15))
    with services._case_file.session() as session:
        session.execute(
            text(
                "INSERT INTO record_entries (case_id, service_from, kind, provider_id, complaint, summary, "
                "diagnoses, procedures) VALUES (:c, '2026-06-14', 'office_visit', :p, '', '', '', '')"
            ),
            {"c": case_id, "p": provider.id},
        )
    request_to(services, provider, 42)  # follow-up 12 days ago
    request_to(services, provider, 3, kind=RequestKind.BILLS)
    panel = shown_panel(qtbot, services, case_id)
    assert cells(panel.provider_model, 0) == [
        "Dr. Helen Lee",
        "Orthopedics",
        "Discharged",
        "06/15/2026 (index 06/14/2026)",
        "— (index 06/14/2026)",
        "2 (1 overdue)",
    ]
    assert cells(panel.request_model, 0) == [
        "Dr. Helen Lee",
        "Medical records",
        "10/10/2026",
        "Fax",
        "11/09/2026",
        "Requested",
        "12 days",
    ]
    assert cells(panel.request_model, 1)[R_OVERDUE] == ""
    for column in (R_FOLLOW_UP, R_OVERDUE):
        brush = panel.request_model.index(0, column).data(Qt.ItemDataRole.ForegroundRole)
        assert brush.color() == OVERDUE_COLOR
    assert "2 outstanding" in panel.summary_label.text() and "1 overdue" in panel.summary_label.text()


# --- providers ---------------------------------------------------------------------------------


# The completer's popup cannot grab the keyboard on the offscreen platform; a desktop's does.
@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_add_a_provider_from_the_contacts_book(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    """Typing part of a name finds the contact; the picked contact goes on the case with what was typed."""
    case_id = make_case().id or 0
    contact = services.contacts.create(
        Contact("Dr. Helen Lee", role=ContactRole.MEDICAL_PROVIDER, organization="Austin Orthopedic")
    )
    services.contacts.create(Contact("Gina Ortiz", role=ContactRole.ADJUSTER))
    seen: dict[str, Any] = {}

    def fill(dialog: ProviderDialog) -> None:
        assert dialog.existing_choice.isChecked()
        assert dialog.contact.itemText(0) == "Dr. Helen Lee — Austin Orthopedic"  # providers first
        assert dialog.contact.itemText(1) == "Gina Ortiz (adjuster)"
        show(qtbot, dialog)
        qtbot.keyClicks(dialog.contact.lineEdit(), "ortho")  # part of the practice's name
        seen["partial"] = dialog.labels["contact"].text()
        seen["save while partial"] = save_button(dialog).isEnabled()
        popup = dialog.contact.completer().popup()
        qtbot.waitUntil(popup.isVisible)
        seen["found"] = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
        qtbot.keyClick(popup, Qt.Key.Key_Down)
        qtbot.keyClick(popup, Qt.Key.Key_Return)
        seen["picked"] = dialog.contact.currentText()
        qtbot.keyClicks(dialog.specialty, "Orthopedic surgery")
        dialog.status.setCurrentIndex(dialog.status.findData(TreatmentStatus.REFERRED))
        qtbot.keyClicks(dialog.first_visit, "06/15/2026")
        qtbot.keyClicks(dialog.last_visit, "9/2/2026")

    answer_dialog(ProviderDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.add_provider_button, Qt.MouseButton.LeftButton)
    assert seen["found"] == ["Dr. Helen Lee — Austin Orthopedic"]
    assert "“ortho” is not in the contacts book" in seen["partial"]
    assert seen["picked"] == "Dr. Helen Lee — Austin Orthopedic"
    assert seen["save while partial"] is False
    [summary] = services.providers.providers(case_id)
    assert summary.provider == CaseProvider(
        case_id=case_id,
        contact_id=contact.id or 0,
        status=TreatmentStatus.REFERRED,
        first_visit=date(2026, 6, 15),
        last_visit=date(2026, 9, 2),
        specialty="Orthopedic surgery",
        name="Dr. Helen Lee",
        id=summary.provider.id,
    )
    assert panel.selected_provider() == summary


def test_a_contact_already_on_the_case_is_refused_as_typed(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """Picking a contact already on the case says so at once and keeps Save off."""
    case_id = make_case().id or 0
    lee(services, case_id)
    dialog = ProviderDialog(services.providers, services.contacts, case_id)
    qtbot.addWidget(dialog)
    dialog.contact.setCurrentIndex(0)
    assert "Dr. Helen Lee is already a provider on this case" in dialog.labels["contact"].text()
    assert not save_button(dialog).isEnabled()


def test_a_new_provider_contact_is_added_inline(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    """The name is required (said as the user types); phone, fax and address go into the contacts book."""
    case_id = make_case().id or 0
    seen: dict[str, Any] = {}

    def fill(dialog: ProviderDialog) -> None:
        assert dialog.new_choice.isChecked() and not dialog.existing_choice.isEnabled()  # empty book
        qtbot.keyClicks(dialog.contact_name, "x")
        dialog.contact_name.clear()
        seen["name"] = dialog.labels["contact_name"].text()
        qtbot.keyClicks(dialog.contact_fax, "fax me")
        seen["fax"] = dialog.labels["contact_fax"].text()
        seen["save"] = save_button(dialog).isEnabled()
        dialog.contact_fax.clear()
        qtbot.keyClicks(dialog.contact_name, "Capital Physical Therapy")
        qtbot.keyClicks(dialog.contact_phone, "(512) 555-0100")
        qtbot.keyClicks(dialog.contact_fax, "(512) 555-0199")
        qtbot.keyClicks(dialog.contact_address, "1 Congress Ave, Austin TX")
        qtbot.keyClicks(dialog.specialty, "Physical therapy")

    answer_dialog(ProviderDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    qtbot.mouseClick(panel.add_provider_button, Qt.MouseButton.LeftButton)
    assert seen == {
        "name": "The contact's name is required.",
        "fax": seen["fax"],
        "save": False,
    }
    assert "fax number" in seen["fax"]
    [summary] = services.providers.providers(case_id)
    contact = services.contacts.get(summary.provider.contact_id)
    assert (contact.name, contact.role, contact.phone, contact.address, contact.notes) == (
        "Capital Physical Therapy",
        ContactRole.MEDICAL_PROVIDER,
        "(512) 555-0100",
        "1 Congress Ave, Austin TX",
        "Fax: (512) 555-0199",
    )
    assert cells(panel.provider_model, 0)[:2] == ["Capital Physical Therapy", "Physical therapy"]


def test_edit_a_provider_shows_the_index_dates_and_refuses_visits_out_of_order(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    """The edit form says what the record index holds; a last visit before the first is refused."""
    case_id = make_case().id or 0
    provider = lee(services, case_id, first_visit=date(2026, 6, 15))
    with services._case_file.session() as session:
        session.execute(
            text(
                "INSERT INTO record_entries (case_id, service_from, kind, provider_id, complaint, summary, "
                "diagnoses, procedures) VALUES (:c, '2026-06-14', 'office_visit', :p, '', '', '', '')"
            ),
            {"c": case_id, "p": provider.id},
        )
    seen: dict[str, Any] = {}

    def fill(dialog: ProviderDialog) -> None:
        seen["index"] = dialog.index_dates.text()
        qtbot.keyClicks(dialog.last_visit, "06/01/2026")
        seen["order"] = dialog.labels["last_visit"].text()
        seen["save"] = save_button(dialog).isEnabled()
        dialog.last_visit.clear()
        qtbot.keyClicks(dialog.last_visit, "11/02/2026")

    answer_dialog(ProviderDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.provider_table.selectRow(0)
    qtbot.keyClick(panel.provider_table, Qt.Key.Key_Return)
    assert "1 entry from this provider: first date of service 06/14/2026" in seen["index"]
    assert seen["order"] == "The last visit cannot be before the first." and seen["save"] is False
    assert services.providers.providers(case_id)[0].provider.last_visit == date(2026, 11, 2)


def test_remove_a_provider_says_what_happens_to_its_requests(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The question names the requests that go with it; No keeps everything, Remove takes both."""
    case_id = make_case().id or 0
    request_to(services, lee(services, case_id), 10)
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(
        providers_module,
        "confirm",
        lambda _p, _t, question, _a, detail: asked.append(question + " " + detail) or answer[0],
    )
    panel = shown_panel(qtbot, services, case_id)
    panel.provider_table.selectRow(0)
    qtbot.mouseClick(panel.remove_provider_button, Qt.MouseButton.LeftButton)
    assert asked == [
        "Take Dr. Helen Lee off this case? This cannot be undone: 1 record request to them will be deleted "
        "with them. The contact stays in the contacts book."
    ]
    assert panel.provider_model.rowCount() == 1
    answer[0] = True
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.remove_provider_button, Qt.MouseButton.LeftButton)
    assert services.providers.providers(case_id) == [] and services.providers.requests(case_id) == []
    assert panel.provider_empty.isVisible()


def test_a_provider_with_bills_stays(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removal is refused, saying why and what to do; no question is asked."""
    case_id = make_case().id or 0
    provider = lee(services, case_id)
    with services._case_file.session() as session:
        session.execute(
            text(
                "INSERT INTO bills (case_id, provider_id, service_from, billed, adjustment, health_paid, "
                "pip_paid, client_paid, notes) VALUES (:c, :p, '2026-06-15', 100000, 0, 0, 0, 0, '')"
            ),
            {"c": case_id, "p": provider.id},
        )
    shown: list[str] = []
    monkeypatch.setattr(providers_module, "show_error", lambda _p, _t, error: shown.append(str(error)))
    monkeypatch.setattr(providers_module, "confirm", lambda *_a: pytest.fail("asked to confirm"))
    panel = shown_panel(qtbot, services, case_id)
    panel.provider_table.selectRow(0)
    qtbot.mouseClick(panel.remove_provider_button, Qt.MouseButton.LeftButton)
    assert shown == [
        "Dr. Helen Lee has 1 bill on this case, so they stay on it. "
        "Delete the bills or give them to another provider on the Bills tab first."
    ]
    assert len(services.providers.providers(case_id)) == 1


# --- requests ----------------------------------------------------------------------------------


def test_new_request_follow_up_follows_the_sent_date_until_typed(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog, db_path: Path
) -> None:
    """Sent today, follow up in 30 days with the reason shown; a typed follow-up stays; all is saved."""
    case_id = make_case().id or 0
    provider = lee(services, case_id)
    seen: dict[str, Any] = {}

    def fill(dialog: RequestDialog) -> None:
        seen["defaults"] = (dialog.provider.currentText(), dialog.sent_on.text(), dialog.follow_up_on.text())
        seen["reason"] = dialog.reason.text()
        dialog.sent_on.clear()
        qtbot.keyClicks(dialog.sent_on, "11/02/2026")
        seen["moved"] = dialog.follow_up_on.text()
        dialog.kind.setCurrentIndex(dialog.kind.findData(RequestKind.ITEMIZED))
        dialog.method.setCurrentIndex(dialog.method.findData(RequestMethod.PORTAL))
        qtbot.keyClicks(dialog.range_from, "06/15/2026")
        qtbot.keyClicks(dialog.range_to, "09/02/2026")
        qtbot.keyClicks(dialog.cost, "$25.50")
        dialog.follow_up_on.selectAll()
        qtbot.keyClicks(dialog.follow_up_on, "11/25/2026")
        dialog.sent_on.clear()
        qtbot.keyClicks(dialog.sent_on, "11/03/2026")
        seen["typed kept"] = dialog.follow_up_on.text()
        qtbot.keyClicks(dialog.notes, "Portal message #4471")

    answer_dialog(RequestDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.provider_table.selectRow(0)
    panel.provider_table.setFocus()
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(
            panel, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    assert seen["defaults"] == ("Dr. Helen Lee", "11/21/2026", "12/21/2026")
    assert "45 CFR 164.524" in seen["reason"]
    assert seen["moved"] == "12/02/2026"
    assert seen["typed kept"] == "11/25/2026"
    expected = RecordRequest(
        case_id=case_id,
        provider_id=provider.id or 0,
        kind=RequestKind.ITEMIZED,
        sent_on=date(2026, 11, 3),
        method=RequestMethod.PORTAL,
        range_from=date(2026, 6, 15),
        range_to=date(2026, 9, 2),
        cost=Money.parse("25.50"),
        follow_up_on=date(2026, 11, 25),
        notes="Portal message #4471",
    )
    [saved] = services.providers.requests(case_id)
    assert saved == replace(expected, id=saved.id)
    assert panel.selected_request() == saved
    services.close()
    again = open_services(db_path, clock=fixed_clock)
    try:
        assert again.providers.requests(case_id) == [saved]
        events = again.calendar.case_calendar(case_id).events
        assert [(e.day, e.origin) for e in events if e.origin is EventOrigin.REQUEST] == [
            (date(2026, 11, 25), EventOrigin.REQUEST)
        ]
    finally:
        again.close()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("follow_up_on", "11/01/2026", "The follow-up cannot be before the request was sent."),
        ("follow_up_on", "13/01/2026", "13/01/2026 does not exist on the calendar."),
        ("cost", "-12", "The cost cannot be negative."),
        ("cost", "twelve", "“twelve” is not an amount of money."),
        ("range_to", "01/01/2026", "The treatment range cannot end before it starts."),
        ("sent_on", "soon", "“soon” is not a date; type it as MM/DD/YYYY."),
    ],
)
def test_bad_request_input_is_refused_as_typed(
    qtbot: QtBot, services: Services, make_case: MakeCase, field: str, typed: str, message: str
) -> None:
    """Each mistake shows under its field as it is typed; Save stays off and nothing is saved."""
    case_id = make_case().id or 0
    lee(services, case_id)
    dialog = RequestDialog(services.providers, case_id)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.range_from, "06/15/2026")
    widget = getattr(dialog, field)
    widget.selectAll()
    qtbot.keyClicks(widget, typed)
    assert dialog.labels[field].text() == message
    assert dialog.labels[field].isVisibleTo(dialog)
    assert not save_button(dialog).isEnabled()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.saved is None and services.providers.requests(case_id) == []


def test_mark_received_reviewed_and_extend(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Each action changes the request and its row; a received request is no longer overdue."""
    case_id = make_case().id or 0
    provider = lee(services, case_id)
    overdue = request_to(services, provider, 42)
    waiting = request_to(services, provider, 20)
    panel = shown_panel(qtbot, services, case_id)
    panel.request_table.selectRow(panel.request_model.row_of(waiting.id) or 0)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.extend_button, Qt.MouseButton.LeftButton)
    extended = services.providers.get_request(waiting.id or 0)
    assert extended.follow_up_on == waiting.sent_on + timedelta(days=60) and extended.extended_on == TODAY
    assert "extended 30 days" in extended.notes
    assert not panel.extend_button.isEnabled()  # the rule allows one extension

    panel.request_table.selectRow(panel.request_model.row_of(overdue.id) or 0)
    qtbot.mouseClick(panel.received_button, Qt.MouseButton.LeftButton)
    row = panel.request_model.row_of(overdue.id) or 0
    assert cells(panel.request_model, row)[R_STATUS] == "Received 11/21/2026"
    assert cells(panel.request_model, row)[R_OVERDUE] == ""
    assert services.providers.overdue(case_id) == []
    assert not panel.received_button.isEnabled() and panel.reviewed_button.isEnabled()
    qtbot.mouseClick(panel.reviewed_button, Qt.MouseButton.LeftButton)
    assert services.providers.get_request(overdue.id or 0).status is RequestStatus.REVIEWED
    assert cells(panel.request_model, panel.request_model.row_of(overdue.id) or 0)[R_STATUS] == (
        "Reviewed 11/21/2026"
    )


def test_delete_a_request_and_undo_with_ctrl_z(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Del deletes at once and says what went; Ctrl+Z puts it back with its follow-up."""
    case_id = make_case().id or 0
    request = request_to(services, lee(services, case_id), 42, notes="Second request")
    panel = shown_panel(qtbot, services, case_id)
    panel.request_table.setFocus()
    panel.request_table.selectRow(0)
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.request_table, Qt.Key.Key_Delete)
    assert services.providers.requests(case_id) == []
    assert panel.undo_bar.isVisible()
    assert (
        panel.undo_bar.label.text()
        == "Deleted the request for medical records to Dr. Helen Lee sent 10/10/2026."
    )
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.request_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    [restored] = services.providers.requests(case_id)
    assert restored == replace(request, id=restored.id)
    assert not panel.undo_bar.isVisible()
    assert panel.selected_request() == restored
    assert len(services.providers.overdue(case_id)) == 1


def test_edit_a_request_to_received_needs_its_date(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    """Switching the status to Received fills today; a received date before sending is refused."""
    case_id = make_case().id or 0
    request = request_to(services, lee(services, case_id), 42)
    seen: dict[str, Any] = {}

    def fill(dialog: RequestDialog) -> None:
        assert dialog.follow_up_hint.text() == "(set by hand)"
        dialog.status.setCurrentIndex(dialog.status.findData(RequestStatus.RECEIVED))
        seen["filled"] = dialog.received_on.text()
        dialog.received_on.selectAll()
        qtbot.keyClicks(dialog.received_on, "10/01/2026")
        seen["early"] = dialog.labels["received_on"].text()
        dialog.received_on.selectAll()
        qtbot.keyClicks(dialog.received_on, "11/15/2026")

    answer_dialog(RequestDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.request_table.selectRow(0)
    qtbot.mouseClick(panel.edit_request_button, Qt.MouseButton.LeftButton)
    assert seen == {
        "filled": "11/21/2026",
        "early": "It cannot be received before the request was sent.",
    }
    saved = services.providers.get_request(request.id or 0)
    assert (saved.status, saved.received_on) == (RequestStatus.RECEIVED, date(2026, 11, 15))


def test_new_request_without_providers_says_to_add_one(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shortcut on a case without providers explains instead of opening an empty form."""
    shown: list[str] = []
    monkeypatch.setattr(providers_module, "show_error", lambda _p, _t, error: shown.append(str(error)))
    panel = shown_panel(qtbot, services, make_case().id)
    panel.add_provider_button.setFocus()  # the focus anywhere in the panel
    qtbot.keyClick(
        panel, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert shown == ["Requests go to the case's providers. Add the provider first (Ctrl+Shift+P)."]


def test_add_provider_shortcut(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+Shift+P asks for a provider; cancelling changes nothing."""
    asked: list[int] = []
    monkeypatch.setattr(ProviderDialog, "ask", lambda _p, _s, _c, case_id, *_a: asked.append(case_id))
    case_id = make_case().id or 0
    panel = shown_panel(qtbot, services, case_id)
    panel.add_provider_button.setFocus()
    qtbot.keyClick(
        panel, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert asked == [case_id]
    assert panel.provider_model.rowCount() == 0


def test_a_request_deleted_elsewhere_is_explained(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Acting on a stale row says it is gone and shows the list as it is now."""
    case_id = make_case().id or 0
    request = request_to(services, lee(services, case_id), 10)
    shown: list[CasedeskError] = []
    monkeypatch.setattr(providers_module, "show_error", lambda _p, _t, error: shown.append(error))
    panel = shown_panel(qtbot, services, case_id)
    panel.request_table.selectRow(0)
    services.providers.delete_request(request.id or 0)
    qtbot.mouseClick(panel.received_button, Qt.MouseButton.LeftButton)
    assert [e.message for e in shown] == ["This record request no longer exists; it was deleted elsewhere."]
    assert panel.request_model.rowCount() == 0


# --- the calendar ------------------------------------------------------------------------------


def test_ticking_the_follow_up_done_on_today_receives_the_request(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """The overdue follow-up is on Today; Space ticks it done, which receives the request; Undo reopens it."""
    case_id = make_case().id or 0
    request = request_to(services, lee(services, case_id), 42)
    view = TodayView(services.calendar)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    title = "Follow up with Dr. Helen Lee: medical records requested 10/10/2026"
    row = view.row_of(SECTION_OVERDUE, title)
    assert row is not None and row.text(4) == "12 days overdue"
    view.tree.setCurrentItem(row)
    view.tree.setFocus()
    with qtbot.waitSignal(view.calendar_changed):
        qtbot.keyClick(view.tree, Qt.Key.Key_Space)
    received = services.providers.get_request(request.id or 0)
    assert (received.status, received.received_on) == (RequestStatus.RECEIVED, TODAY)
    assert view.row_of(SECTION_OVERDUE, title) is None
    qtbot.mouseClick(view.undo_bar.button, Qt.MouseButton.LeftButton)
    assert services.providers.get_request(request.id or 0).status is RequestStatus.REQUESTED
    assert view.row_of(SECTION_OVERDUE, title) is not None
