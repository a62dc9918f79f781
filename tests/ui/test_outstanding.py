"""What is still to come from providers: the cross-case window and the case overview's overdue line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.providers import CaseProvider, RecordRequest, RequestKind
from casedesk.services.casefiles import Services
from casedesk.ui.cases.overview import OverviewPanel
from casedesk.ui.medical.outstanding import (
    NOTHING_OUTSTANDING,
    OutstandingRequestsWindow,
    OutstandingTableModel,
)
from tests.conftest import TODAY, fixed_clock

MakeCase = Callable[..., Case]


def provider(services: Services, case: Case, name: str) -> CaseProvider:
    contact = services.contacts.create(Contact(name, role=ContactRole.MEDICAL_PROVIDER))
    return services.providers.add_provider(CaseProvider(case_id=case.id or 0, contact_id=contact.id or 0))


def send(
    services: Services, to: CaseProvider, days_ago: int, kind: RequestKind = RequestKind.RECORDS
) -> RecordRequest:
    sent = TODAY - timedelta(days=days_ago)
    return services.providers.add_request(
        RecordRequest(
            case_id=to.case_id,
            provider_id=to.id or 0,
            kind=kind,
            sent_on=sent,
            follow_up_on=sent + timedelta(days=30),
        )
    )


def rows(window: OutstandingRequestsWindow) -> list[list[str]]:
    proxy = window.proxy
    return [
        [proxy.index(row, column).data() for column in range(proxy.columnCount())]
        for row in range(proxy.rowCount())
    ]


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def test_model_passes_the_model_tester(qtmodeltester: Any, services: Services, make_case: MakeCase) -> None:
    """The outstanding requests' model behaves as Qt's views expect."""
    model = OutstandingTableModel()
    qtmodeltester.check(model)
    send(services, provider(services, make_case(), "Dr. Helen Lee"), 40)
    model.set_rows(services.providers.outstanding(TODAY))
    qtmodeltester.check(model)


def test_the_window_lists_every_open_request_most_overdue_first(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """Across cases: days overdue, follow-up, case, client, provider, what; read again when shown."""
    first, second = make_case(), make_case()
    lee = provider(services, first, "Dr. Helen Lee")
    er = provider(services, second, "Austin ER")
    send(services, lee, 35)
    send(services, er, 42, RequestKind.IMAGING)
    send(services, er, 10, RequestKind.BILLS)
    window = OutstandingRequestsWindow(services.providers, fixed_clock)
    qtbot.addWidget(window)
    show(qtbot, window)
    assert rows(window) == [
        [
            "12 days",
            "11/09/2026",
            second.number,
            "Maria Alvarez",
            "Austin ER",
            "Imaging",
            "10/10/2026",
            "Mail",
        ],
        [
            "5 days",
            "11/16/2026",
            first.number,
            "Maria Alvarez",
            "Dr. Helen Lee",
            "Medical records",
            "10/17/2026",
            "Mail",
        ],
        ["not yet", "12/11/2026", second.number, "Maria Alvarez", "Austin ER", "Bills", "11/11/2026", "Mail"],
    ]
    assert window.count_label.text() == "3 outstanding, 2 overdue"
    window.hide()
    services.providers.mark_received(services.providers.outstanding(TODAY)[0].request.id or 0)
    window.show()
    assert [row[4] for row in rows(window)] == ["Dr. Helen Lee", "Austin ER"]


def test_filter_and_open_a_case(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Typing filters the rows by every word; Enter or a double-click asks for the row's case."""
    first, second = make_case(), make_case()
    send(services, provider(services, first, "Dr. Helen Lee"), 35)
    send(services, provider(services, second, "Austin ER"), 42, RequestKind.IMAGING)
    window = OutstandingRequestsWindow(services.providers, fixed_clock)
    qtbot.addWidget(window)
    show(qtbot, window)
    qtbot.keyClicks(window.filter, "austin imag")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1)
    assert rows(window)[0][4] == "Austin ER"
    assert window.count_label.text() == "1 of 2 outstanding, 2 overdue"
    with qtbot.waitSignal(window.case_requested) as opened:
        qtbot.keyClick(window.filter, Qt.Key.Key_Return)
    assert opened.args == [second.id]

    window.filter.clear()
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2)
    window.table.setFocus()
    window.table.selectRow(1)
    with qtbot.waitSignal(window.case_requested) as opened:
        qtbot.keyClick(window.table, Qt.Key.Key_Return)
    assert opened.args == [first.id]

    qtbot.keyClicks(window.filter, "nobody")
    qtbot.waitUntil(window.empty_label.isVisible)
    assert window.empty_label.text() == "No outstanding request matches “nobody”."


def test_nothing_outstanding_says_so(qtbot: QtBot, services: Services) -> None:
    """An empty list explains itself."""
    window = OutstandingRequestsWindow(services.providers, fixed_clock)
    qtbot.addWidget(window)
    show(qtbot, window)
    assert window.empty_label.isVisible() and window.empty_label.text() == NOTHING_OUTSTANDING


def test_the_overview_shows_overdue_requests_with_a_link(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """Count, provider, what and days late in red; the link asks for the requests; fixed ones go away."""
    case = make_case()
    lee = provider(services, case, "Dr. Lee")
    late = send(services, lee, 42)
    send(services, provider(services, case, "Austin ER"), 31, RequestKind.BILLS)
    send(services, lee, 5)
    panel = OverviewPanel(services.cases, services.contacts, providers=services.providers)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case.id)
    text = panel.requests_label.text()
    assert "2 record requests overdue — Dr. Lee's medical records, 12 days; Austin ER's bills, 1 day" in text
    assert "#b00020" in text
    with qtbot.waitSignal(panel.requests_requested):
        panel.requests_label.linkActivated.emit("requests")
    services.providers.mark_received(late.id or 0)
    services.providers.extend_request(services.providers.overdue(case.id or 0)[0].request.id or 0)
    panel.refresh_requests()
    assert panel.requests_label.text().startswith("None overdue.")


def test_the_overview_without_the_provider_service_has_no_requests_line(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """Built as before, the overview shows no record-requests row."""
    panel = OverviewPanel(services.cases, services.contacts)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(make_case().id)
    assert not panel.requests_label.isVisible()
