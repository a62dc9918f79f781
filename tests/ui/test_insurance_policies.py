"""The Policies sub-tab and its dialogs, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.activity import ActivityKind
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.insurance import Claim, Coverage, Policy, PolicyParty
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind
from casedesk.services.casefiles import Services, open_services
from casedesk.store.negotiation import NegotiationEntryRow
from casedesk.ui.insurance import policies as policies_module
from casedesk.ui.insurance.policies import EMPTY_POLICIES, NO_POLICY_FOR_CLAIMS, PoliciesPanel
from casedesk.ui.insurance.policy_claim_dialog import AdjusterDialog, ClaimDialog
from casedesk.ui.insurance.policy_dialog import PolicyDialog
from casedesk.ui.insurance.policy_models import ClaimTableModel, PolicyTableModel
from tests.conftest import fixed_clock

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


def bi_policy(case_id: int, **changes: Any) -> Policy:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "coverage": Coverage.BODILY_INJURY,
        "carrier": "Progressive",
        "insured": "Dale Driver",
        "party": PolicyParty.AT_FAULT,
        "per_person": Money.parse("30,000"),
        "per_occurrence": Money.parse("60,000"),
    }
    return Policy(**(fields | changes))


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> PoliciesPanel:
    panel = PoliciesPanel(services.insurance, services.contacts)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def policy_cells(panel: PoliciesPanel, row: int) -> list[str]:
    model = panel.policy_model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def claim_cells(panel: PoliciesPanel, row: int) -> list[str]:
    model = panel.claim_model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def save_button(dialog: Any) -> QWidget:
    button: QWidget = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    return button


def test_models_pass_the_model_tester(qtmodeltester: Any, services: Services, make_case: MakeCase) -> None:
    case_id = make_case().id or 0
    policy_model, claim_model = PolicyTableModel(), ClaimTableModel()
    qtmodeltester.check(policy_model)
    qtmodeltester.check(claim_model)
    saved = services.insurance.add_policy(bi_policy(case_id, per_person=None, per_occurrence=None))
    services.insurance.add_claim(Claim(case_id=case_id, policy_id=saved.id or 0, claim_number="1"))
    policy_model.set_rows(services.insurance.policies(case_id))
    claim_model.set_rows(services.insurance.claims(case_id))
    qtmodeltester.check(policy_model)
    qtmodeltester.check(claim_model)


def test_empty_states(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    panel = shown_panel(qtbot, services, make_case().id)
    assert panel.policies_empty.isVisible() and panel.policies_empty.text() == EMPTY_POLICIES
    assert panel.claims_empty.text() == NO_POLICY_FOR_CLAIMS
    assert not panel.add_claim_button.isEnabled()
    assert not panel.coverage_box.isVisible()
    panel.set_case(None)
    assert panel.policies_empty.text() == "No case selected."
    assert not panel.add_policy_button.isEnabled()


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")  # the carrier's completer
def test_typing_a_policy_checks_the_limits_and_saves(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Per-occurrence below per-person is refused as typed; once fixed, Save adds the row and the total."""
    case_id = make_case().id or 0
    services.contacts.create(Contact(name="Progressive", role=ContactRole.INSURER, is_organization=True))
    panel = shown_panel(qtbot, services, case_id)
    dialogs: list[PolicyDialog] = []

    def ask(_cls: Any, parent: Any, *args: Any) -> Any:
        dialog = PolicyDialog(*args, parent=parent)
        dialogs.append(dialog)
        show(qtbot, dialog)
        qtbot.keyClicks(dialog.carrier, "progressive")
        assert dialog.carrier_link.isVisible()
        qtbot.keyClicks(dialog.insured, "Dale Driver")
        qtbot.keyClicks(dialog.policy_number, "PG-889-2231")
        qtbot.keyClicks(dialog.per_person, "50000")
        qtbot.keyClicks(dialog.per_occurrence, "25000")
        assert "cannot be less than" in dialog.labels["per_occurrence"].text()
        assert not save_button(dialog).isEnabled()
        dialog.per_occurrence.clear()
        qtbot.keyClicks(dialog.per_occurrence, "100,000")
        assert save_button(dialog).isEnabled()
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.saved

    monkeypatch.setattr(PolicyDialog, "ask", classmethod(ask))
    with qtbot.waitSignal(panel.claims_changed):
        qtbot.mouseClick(panel.add_policy_button, Qt.MouseButton.LeftButton)
    assert policy_cells(panel, 0)[:7] == [
        "Progressive",
        "Bodily injury liability",
        "At-fault party",
        "Dale Driver",
        "PG-889-2231",
        "$50,000.00",
        "$100,000.00",
    ]
    saved = services.insurance.policies(case_id)[0]
    assert saved.carrier_contact_id is not None
    assert "$50,000.00" in panel.coverage_label.text()


def test_carrier_is_required(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    case_id = make_case().id or 0
    dialog = PolicyDialog(services.insurance, services.contacts, case_id)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.carrier, "x")
    dialog.carrier.clear()
    assert "required" in dialog.labels["carrier"].text()
    assert not save_button(dialog).isEnabled()
    qtbot.keyClicks(dialog.per_person, "12abc")
    assert dialog.labels["per_person"].text()


def test_adding_a_claim_with_a_new_adjuster_goes_on_the_timeline(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = make_case().id or 0
    services.insurance.add_policy(bi_policy(case_id))
    panel = shown_panel(qtbot, services, case_id)
    panel.policy_table.selectRow(0)

    def ask_adjuster(_cls: Any, parent: Any, contacts: Any, carrier: str) -> Any:
        dialog = AdjusterDialog(contacts, carrier, parent=parent)
        assert dialog.organization.text() == "Progressive"
        qtbot.keyClicks(dialog.name, "Pat Quinn")
        qtbot.keyClicks(dialog.phone, "(512) 555-0199")
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.saved

    def ask_claim(_cls: Any, parent: Any, *args: Any) -> Any:
        dialog = ClaimDialog(*args, parent=parent)
        show(qtbot, dialog)
        qtbot.keyClicks(dialog.claim_number, "12-345")
        qtbot.mouseClick(dialog.new_adjuster, Qt.MouseButton.LeftButton)
        assert dialog.adjuster.currentText() == "Pat Quinn (Progressive)"
        qtbot.keyClicks(dialog.reported_on, "06/01/2026")
        assert "before the incident" in dialog.labels["reported_on"].text()
        assert not save_button(dialog).isEnabled()
        dialog.reported_on.clear()
        qtbot.keyClicks(dialog.reported_on, "06/18/2026")
        qtbot.keyClicks(dialog.representation_sent_on, "12/01/2026")
        assert "future" in dialog.labels["representation_sent_on"].text()
        dialog.representation_sent_on.clear()
        qtbot.keyClicks(dialog.representation_sent_on, "06/22/2026")
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
        return dialog.saved

    monkeypatch.setattr(AdjusterDialog, "ask", classmethod(ask_adjuster))
    monkeypatch.setattr(ClaimDialog, "ask", classmethod(ask_claim))
    with qtbot.waitSignal(panel.timeline_changed), qtbot.waitSignal(panel.claims_changed):
        qtbot.mouseClick(panel.add_claim_button, Qt.MouseButton.LeftButton)
    assert claim_cells(panel, 0)[:7] == [
        "Progressive · BI",
        "12-345",
        "Open",
        "Pat Quinn",
        "06/18/2026",
        "06/22/2026",
        "",
    ]
    subjects = {e.subject for e in services.timeline.entries(case_id, [ActivityKind.LETTER])}
    assert subjects == {
        "Claim reported: Progressive · BI · claim 12-345",
        "Letter of representation sent: Progressive · BI · claim 12-345",
    }


def test_double_click_edits_a_policy(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    case_id = make_case().id or 0
    services.insurance.add_policy(bi_policy(case_id))
    panel = shown_panel(qtbot, services, case_id)

    def fill(dialog: PolicyDialog) -> None:
        assert dialog.carrier.text() == "Progressive"
        dialog.per_person.clear()
        qtbot.keyClicks(dialog.per_person, "25000")

    answer_dialog(PolicyDialog, fill)
    panel.policy_table.selectRow(0)
    index = panel.policy_model.index(0, 0)
    rect = panel.policy_table.visualRect(index)
    qtbot.mouseClick(panel.policy_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(panel.policy_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert services.insurance.policies(case_id)[0].per_person == Money.parse("25,000")
    assert panel.selected_policy() is not None


def test_delete_policy_with_claims_asks_then_ctrl_z_puts_all_back(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = make_case().id or 0
    saved = services.insurance.add_policy(bi_policy(case_id))
    view = services.insurance.add_claim(Claim(case_id=case_id, policy_id=saved.id or 0, claim_number="A1"))
    with services._case_file.session() as session:
        session.add(
            NegotiationEntryRow(
                claim_id=view.id, kind=MoveKind.OFFER.value, made_on=date(2026, 9, 1), amount=Money.of(5000)
            )
        )
    questions: list[str] = []
    monkeypatch.setattr(
        policies_module, "confirm", lambda _p, _t, text, _a, detail="": questions.append(detail) or True
    )
    panel = shown_panel(qtbot, services, case_id)
    panel.policy_table.setFocus()
    panel.policy_table.selectRow(0)
    with qtbot.waitSignal(panel.claims_changed):
        qtbot.keyClick(panel.policy_table, Qt.Key.Key_Delete)
    assert questions == [
        "Its 1 claim and 1 negotiation entry are deleted with it. Undo (Ctrl+Z) puts them back."
    ]
    assert services.insurance.policies(case_id) == []
    assert services.insurance.claims(case_id) == []
    assert panel.undo_bar.isVisible() and "1 claim" in panel.undo_bar.label.text()
    with qtbot.waitSignal(panel.claims_changed):
        qtbot.keyClick(panel.policy_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    claims = services.insurance.claims(case_id)
    assert [c.display_name for c in claims] == ["Progressive · BI · claim A1"]
    assert services.insurance.claim_entries(claims[0].id) == 1
    assert panel.policy_model.rowCount() == 1 and panel.claim_model.rowCount() == 1


def test_declining_the_question_deletes_nothing(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    case_id = make_case().id or 0
    saved = services.insurance.add_policy(bi_policy(case_id))
    services.insurance.add_claim(Claim(case_id=case_id, policy_id=saved.id or 0))
    monkeypatch.setattr(policies_module, "confirm", lambda *_a, **_k: False)
    panel = shown_panel(qtbot, services, case_id)
    panel.policy_table.selectRow(0)
    qtbot.mouseClick(panel.delete_policy_button, Qt.MouseButton.LeftButton)
    assert len(services.insurance.policies(case_id)) == 1


def test_delete_claim_then_undo(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    case_id = make_case().id or 0
    saved = services.insurance.add_policy(bi_policy(case_id))
    services.insurance.add_claim(Claim(case_id=case_id, policy_id=saved.id or 0, claim_number="A1"))
    panel = shown_panel(qtbot, services, case_id)
    panel.claim_table.setFocus()
    panel.claim_table.selectRow(0)
    qtbot.keyClick(panel.claim_table, Qt.Key.Key_Delete)
    assert services.insurance.claims(case_id) == []
    assert panel.claims_empty.isVisible()
    qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    assert [c.claim.claim_number for c in services.insurance.claims(case_id)] == ["A1"]


def test_warning_shows_when_the_valuation_exceeds_coverage(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    case_id = make_case().id or 0
    services.insurance.add_policy(bi_policy(case_id, per_person=Money.parse("25,000")))
    services.insurance.add_policy(
        bi_policy(
            case_id, coverage=Coverage.UM_UIM, carrier="State Farm", party=PolicyParty.CLIENT, per_person=None
        )
    )
    valuation = services.valuation.case_valuation(case_id)
    services.valuation.save_inputs(replace(valuation.inputs, medical_billed=Money.parse("40,000")))
    services.valuation.add_scenario(services.valuation.new_scenario(case_id, "Multiplier"))
    panel = shown_panel(qtbot, services, case_id)
    assert panel.warning_label.isVisible()
    assert panel.warning_label.text().startswith("The valuation, $")
    assert "exceeds the coverage available, $25,000.00" in panel.warning_label.text()
    assert "State Farm (UM/UIM)" in panel.coverage_label.text()
    assert "1 limit not known yet" in panel.coverage_label.text()


def test_policies_survive_reopening(
    qtbot: QtBot, db_path: Path, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    case_id = make_case().id or 0
    panel = shown_panel(qtbot, services, case_id)

    def fill(dialog: PolicyDialog) -> None:
        qtbot.keyClicks(dialog.carrier, "GEICO")
        dialog.coverage.setCurrentIndex(dialog.coverage.findData(Coverage.MEDPAY))
        dialog.party.setCurrentIndex(dialog.party.findData(PolicyParty.CLIENT))
        qtbot.keyClicks(dialog.per_person, "5000")
        qtbot.keyClicks(dialog.notes, "Dec page received")

    answer_dialog(PolicyDialog, fill)
    panel.add_policy_button.setFocus()
    qtbot.keyClick(panel.add_policy_button, Qt.Key.Key_Insert)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        (policy,) = reopened.insurance.policies(case_id)
        assert (policy.carrier, policy.coverage, policy.party, policy.per_person, policy.notes) == (
            "GEICO",
            Coverage.MEDPAY,
            PolicyParty.CLIENT,
            Money.of(5000),
            "Dec page received",
        )
    finally:
        reopened.close()
