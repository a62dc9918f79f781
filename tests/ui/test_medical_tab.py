"""The Medical tab in the case workspace, and the windows the main window opens for medical records."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseType, Client
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.providers import CaseProvider, RecordRequest, RequestKind
from casedesk.ui.cases.workspace import TAB_MEDICAL
from casedesk.ui.main_window import MainWindow
from tests.pdfs import make_pdf


def _case_with_overdue_request(window: MainWindow) -> Case:
    services = window.services
    assert services is not None
    client = services.cases.create_client(Client(name="Ana Ruiz"))
    case = services.cases.create_case(
        Case(
            number="PI-2026-00001",
            caption="Ruiz v. Smith",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
        )
    )
    lee = services.contacts.create(Contact(name="Dr. Amy Lee", role=ContactRole.MEDICAL_PROVIDER))
    provider = services.providers.add_provider(CaseProvider(case_id=case.id or 0, contact_id=lee.id or 0))
    services.providers.add_request(
        RecordRequest(
            case_id=case.id or 0,
            provider_id=provider.id or 0,
            kind=RequestKind.RECORDS,
            sent_on=date(2026, 1, 5),
        )
    )
    window.refresh()
    return case


def test_ctrl_7_shows_the_medical_tab_of_the_case(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    case = _case_with_overdue_request(window)
    window.go_to_case(case.id or 0)
    workspace = window.workspace
    assert workspace is not None

    assert window.medical_action.shortcut().toString() == "Ctrl+7"
    window.medical_action.trigger()

    assert workspace.tabs.currentIndex() == TAB_MEDICAL
    assert workspace.providers.provider_model.rowCount() == 1
    assert workspace.providers.request_model.rowCount() == 1


def test_the_overdue_line_on_the_overview_leads_to_the_requests(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    case = _case_with_overdue_request(window)
    window.go_to_case(case.id or 0)
    workspace = window.workspace
    assert workspace is not None
    assert "overdue" in workspace.overview.requests_label.text()

    workspace.overview.requests_label.linkActivated.emit("requests")

    assert workspace.tabs.currentIndex() == TAB_MEDICAL
    assert workspace.medical.tabs.currentWidget() is workspace.providers


def test_outstanding_requests_window_opens_the_case_on_its_medical_tab(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    case = _case_with_overdue_request(window)

    window.outstanding_action.trigger()
    outstanding = window._outstanding
    assert outstanding is not None and outstanding.isVisible()
    assert outstanding.model.rowCount() == 1
    outstanding.case_requested.emit(case.id)

    assert window.workspace is not None
    assert window.workspace.case_id == case.id
    assert window.workspace.tabs.currentIndex() == TAB_MEDICAL


def test_a_diagnosis_found_by_search_opens_at_its_page_in_the_viewer(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    """Import a record, find the diagnosis with Ctrl+Shift+F, open the hit: the viewer shows that page."""
    window = make_window(db_path)
    case = _case_with_overdue_request(window)
    services = window.services
    assert services is not None
    record = make_pdf(
        tmp_path / "mercy.pdf", ["Triage note", "Vitals", "Assessment: S13.4XXA cervical sprain"]
    )
    [outcome] = services.documents.import_files(case.id or 0, [record])
    assert outcome.document is not None
    window.go_to_case(case.id or 0)

    assert window.search_action.shortcut().toString() == "Ctrl+Shift+F"
    window.search_action.trigger()
    search = window._search
    assert search is not None and search.isVisible()
    qtbot.keyClicks(search.query, "S13.4XXA")
    qtbot.waitUntil(lambda: search.model.rowCount() == 1)
    search.results.setCurrentIndex(search.model.index(0, 0))
    qtbot.keyClick(search.results, Qt.Key.Key_Return)

    workspace = window.workspace
    assert workspace is not None
    assert workspace.tabs.currentIndex() == TAB_MEDICAL
    assert workspace.medical.tabs.currentWidget() is workspace.record_index
    current = workspace.record_index.current_document()
    assert current is not None and current.id == outcome.document.id
    assert workspace.record_index.viewer.current_page() == 3


def test_enter_on_a_document_shows_it_in_the_record_index_to_index_it(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], db_path: Path, tmp_path: Path
) -> None:
    window = make_window(db_path)
    case = _case_with_overdue_request(window)
    services = window.services
    assert services is not None
    [outcome] = services.documents.import_files(case.id or 0, [make_pdf(tmp_path / "er.pdf", ["ER note"])])
    window.go_to_case(case.id or 0, "medical")
    workspace = window.workspace
    assert workspace is not None
    workspace.medical.show_panel(workspace.documents)
    workspace.documents.table.selectRow(0)

    qtbot.keyClick(workspace.documents.table, Qt.Key.Key_Return)

    assert workspace.medical.tabs.currentWidget() is workspace.record_index
    current = workspace.record_index.current_document()
    assert current is not None and outcome.document is not None and current.id == outcome.document.id
