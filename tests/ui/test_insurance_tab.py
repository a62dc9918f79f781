"""The Insurance tab in the case workspace: its sub-tabs working together and with the other tabs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case, CaseType, Client
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy
from casedesk.domain.letters import LetterKind
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.ui.cases.workspace import TAB_INSURANCE, TAB_MEDICAL
from casedesk.ui.firm import FirmDialog
from casedesk.ui.main_window import MainWindow


def _case(window: MainWindow) -> Case:
    services = window.services
    assert services is not None
    client = services.cases.create_client(Client(name="Ana Ruiz"))
    case = services.cases.create_case(
        Case(
            number="PI-2026-00001",
            caption="Ruiz v. Smith",
            client_id=client.id or 0,
            case_type=CaseType.MOTOR_VEHICLE,
            incident_date=date(2026, 2, 3),
            attorney="Dana Whitfield",
        )
    )
    window.refresh()
    window.go_to_case(case.id or 0)
    return case


def _claim(window: MainWindow, case_id: int) -> int:
    services = window.services
    assert services is not None
    policy = services.insurance.add_policy(
        Policy(case_id=case_id, coverage=Coverage.BODILY_INJURY, carrier="Lone Star Mutual")
    )
    view = services.insurance.add_claim(
        Claim(case_id=case_id, policy_id=policy.id or 0, claim_number="LS-4471", status=ClaimStatus.OPEN)
    )
    return view.id


def test_ctrl_9_shows_the_insurance_tab_and_its_menus_are_there(
    make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    _case(window)
    workspace = window.workspace
    assert workspace is not None

    assert window.insurance_action.shortcut().toString() == "Ctrl+9"
    window.insurance_action.trigger()

    assert workspace.tabs.currentIndex() == TAB_INSURANCE
    assert workspace.tabs.tabText(TAB_INSURANCE) == "Insurance"
    assert workspace.insurance.tabs.currentWidget() is workspace.policies
    assert [workspace.insurance.tabs.tabText(i) for i in range(3)] == [
        "Policies && Claims",
        "Negotiation",
        "Letters",
    ]
    assert window.progress_report_action.isEnabled()
    assert window.firm_action.isEnabled()
    menus = {action.text(): action.menu() for action in window.menuBar().actions()}
    assert window.firm_action in menus["&Edit"].actions()
    export = next(a.menu() for a in menus["&File"].actions() if a.text() == "&Export")
    assert window.progress_report_action in export.actions()


def test_a_claim_added_on_policies_is_offered_by_the_negotiation_and_the_letters(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    case = _case(window)
    workspace = window.workspace
    assert workspace is not None
    window.insurance_action.trigger()
    workspace.insurance.show_panel(workspace.negotiation)
    assert workspace.negotiation.claim_box.count() == 0

    workspace.insurance.show_panel(workspace.policies)
    _claim(window, case.id or 0)
    workspace.policies.claims_changed.emit()  # as the panel does after a claim is saved

    workspace.insurance.show_panel(workspace.negotiation)
    assert workspace.negotiation.claim_box.count() == 1
    assert "LS-4471" in workspace.negotiation.claim_box.currentText()
    workspace.insurance.show_panel(workspace.letters)
    assert workspace.letters.choose_template(LetterKind.DEMAND.label)
    assert "Lone Star Mutual" in workspace.letters.claim_combo.currentText()


def test_a_recorded_offer_reaches_the_timeline_and_the_calendar(
    qtbot: QtBot, make_window: Callable[[Path | None], MainWindow], db_path: Path
) -> None:
    window = make_window(db_path)
    case = _case(window)
    services = window.services
    workspace = window.workspace
    assert services is not None and workspace is not None
    claim_id = _claim(window, case.id or 0)
    window.insurance_action.trigger()
    workspace.insurance.show_panel(workspace.negotiation)
    services.negotiation.add(
        NegotiationEntry(
            claim_id=claim_id,
            kind=MoveKind.INITIAL_DEMAND,
            made_on=date(2026, 11, 2),
            amount=Money.of(150_000),
            time_limit_days=30,
            received_on=date(2026, 11, 5),
        )
    )

    with qtbot.waitSignal(workspace.calendar_changed):
        workspace.negotiation.calendar_changed.emit()
    workspace.negotiation.timeline_changed.emit()

    timeline = workspace.timeline.model
    subjects = [timeline.activity(row).subject for row in range(timeline.rowCount())]
    assert any("150,000" in subject for subject in subjects)
    events = services.calendar.case_calendar(case.id or 0).events
    assert date(2026, 12, 5) in {event.day for event in events}


def test_a_drafted_letter_is_among_the_documents_and_opens_in_the_viewer(
    qtbot: QtBot,
    make_window: Callable[[Path | None], MainWindow],
    db_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = make_window(db_path)
    case = _case(window)
    workspace = window.workspace
    assert workspace is not None
    _claim(window, case.id or 0)
    window.insurance_action.trigger()
    workspace.insurance.show_panel(workspace.letters)
    assert workspace.letters.choose_template(LetterKind.DEMAND.label)
    qtbot.keyClicks(workspace.letters.override_field, "85,000")

    with qtbot.waitSignal(workspace.letters.letter_drafted, timeout=30_000) as drafted:
        workspace.letters.draft_button.click()
    letter = drafted.args[0]

    timeline = workspace.timeline.model
    assert any("Demand letter" in timeline.activity(row).subject for row in range(timeline.rowCount()))
    workspace.letters.open_selected()
    assert workspace.tabs.currentIndex() == TAB_MEDICAL
    assert workspace.medical.tabs.currentWidget() is workspace.record_index
    workspace.medical.show_panel(workspace.documents)
    assert workspace.documents.model.row_of(letter.document_id) is not None

    asked: list[FirmDialog] = []
    monkeypatch.setattr(FirmDialog, "ask", classmethod(lambda _cls, _parent, _firm: asked.append(_cls)))
    window.firm_action.trigger()
    assert asked == [FirmDialog]
