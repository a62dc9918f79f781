"""The Negotiation sub-tab and its dialog, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.insurance import Claim, ClaimStatus, Coverage, Policy
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MoveKind, NegotiationEntry
from casedesk.domain.settlement import settlement_split
from casedesk.services.casefiles import Services
from casedesk.ui.insurance.negotiation import NO_CLAIMS_TEXT, NO_ENTRIES_TEXT, NegotiationPanel
from casedesk.ui.insurance.negotiation_chart import tick_cents
from casedesk.ui.insurance.negotiation_dialog import NegotiationEntryDialog
from casedesk.ui.insurance.negotiation_model import (
    COL_AMOUNT,
    COL_DEADLINE,
    COL_KIND,
    COL_NET,
    COL_PARTY,
    LAPSED_COLOR,
    NegotiationTableModel,
)
from tests.ui.conftest import click_save

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


def add_claim(services: Services, case_id: int, carrier: str = "Lone Star Mutual") -> int:
    policy = services.insurance.add_policy(
        Policy(
            case_id=case_id, coverage=Coverage.BODILY_INJURY, carrier=carrier, per_person=Money.of(100_000)
        )
    )
    return services.insurance.add_claim(
        Claim(case_id=case_id, policy_id=policy.id or 0, claim_number="77-1")
    ).id


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case(attorney="Jordan Reyes").id or 0


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> NegotiationPanel:
    panel = NegotiationPanel(services.negotiation)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def cell(panel: NegotiationPanel, row: int, column: int) -> str:
    text: str = panel.model.index(row, column).data()
    return text


def test_model_passes_the_model_tester(qtmodeltester: Any, services: Services, case_id: int) -> None:
    """The log's model behaves as Qt's views expect, empty and with rows."""
    claim_id = add_claim(services, case_id)
    model = NegotiationTableModel()
    qtmodeltester.check(model)
    services.negotiation.add(
        NegotiationEntry(claim_id, MoveKind.INITIAL_DEMAND, date(2026, 9, 1), Money.of(90_000))
    )
    services.negotiation.add(NegotiationEntry(claim_id, MoveKind.OFFER, date(2026, 10, 1), Money.of(20_000)))
    (claim,) = services.negotiation.case_negotiation(case_id)
    model.set_rows(list(claim.log))
    qtmodeltester.check(model)


def test_empty_states(qtbot: QtBot, services: Services, case_id: int) -> None:
    """No case, a case without claims, a claim without entries: each says what to do."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.text() == "No case selected."
    assert not panel.add_button.isEnabled()
    panel.set_case(case_id)
    assert panel.empty_label.text() == NO_CLAIMS_TEXT
    assert not panel.add_button.isEnabled()
    add_claim(services, case_id)
    panel.refresh_claims()
    assert panel.empty_label.text() == NO_ENTRIES_TEXT
    assert panel.add_button.isEnabled()
    assert "Lone Star Mutual" in panel.claim_box.currentText()


def test_record_a_demand_and_offers_and_see_the_net(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """The user types a time-limited demand, then an offer: the log, the chart and the net follow."""
    claim_id = add_claim(services, case_id)
    panel = shown_panel(qtbot, services, case_id)

    def demand(dialog: NegotiationEntryDialog) -> None:
        assert dialog.kind.currentData() == MoveKind.INITIAL_DEMAND  # the first entry is the demand
        dialog.made_on.clear()
        qtbot.keyClicks(dialog.made_on, "11/02/2026")
        qtbot.keyClicks(dialog.amount, "150,000")
        tick(qtbot, dialog.time_limited)
        qtbot.keyClicks(dialog.time_limit_days, "30")
        assert "not running yet" in dialog.deadline_info.text()
        qtbot.keyClicks(dialog.received_on, "11/05/2026")
        assert "12/05/2026" in dialog.deadline_info.text()
        assert not dialog.legal_note.isHidden()

    answer_dialog(NegotiationEntryDialog, demand)
    with qtbot.waitSignal(panel.timeline_changed), qtbot.waitSignal(panel.calendar_changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1
    assert cell(panel, 0, COL_KIND) == "Initial demand (time-limited)"
    assert cell(panel, 0, COL_DEADLINE) == "12/05/2026 (14 days left)"

    shown_nets: list[str] = []

    def offer(dialog: NegotiationEntryDialog) -> None:
        assert dialog.kind.currentData() == MoveKind.OFFER  # after a demand comes an offer
        dialog.party.clear()
        qtbot.keyClicks(dialog.party, "J. Ortiz")
        qtbot.keyClicks(dialog.amount, "45,000")
        shown_nets.append(dialog.net.text())

    answer_dialog(NegotiationEntryDialog, offer)
    panel.setFocus()
    qtbot.keyClick(panel, Qt.Key.Key_Insert)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2)
    terms = services.settlement.terms(case_id)
    split = settlement_split(
        Money.of(45_000), terms.fee_rates[terms.fee_stage], terms.fee_basis, Money.zero(), Money.zero()
    )
    assert str(split.net_to_client) in shown_nets[0]
    assert cell(panel, 1, COL_PARTY) == "J. Ortiz"
    assert cell(panel, 1, COL_NET) == str(split.net_to_client)
    assert cell(panel, 0, COL_DEADLINE) == "12/05/2026 (answered)"
    panel.table.selectRow(1)
    assert str(split.fee) in panel.breakdown.text()
    assert str(split.net_to_client) in panel.breakdown.text()
    assert panel.chart.demand_points == ((date(2026, 11, 2), Money.of(150_000)),)
    assert panel.chart.offer_points == ((date(2026, 11, 21), Money.of(45_000)),)
    assert "gap $105,000.00" in panel.summary_label.text()
    saved = services.negotiation.entries(claim_id)
    assert [(e.kind, e.amount) for e in saved] == [
        (MoveKind.INITIAL_DEMAND, Money.of(150_000)),
        (MoveKind.OFFER, Money.of(45_000)),
    ]


def test_bad_input_is_explained_and_saves_nothing(qtbot: QtBot, services: Services, case_id: int) -> None:
    """A future date and a zero amount are said beside their fields, and Save stays off."""
    claim_id = add_claim(services, case_id)
    (claim,) = services.negotiation.claims(case_id)
    dialog = NegotiationEntryDialog(services.negotiation, claim)
    qtbot.addWidget(dialog)
    dialog.made_on.clear()
    qtbot.keyClicks(dialog.made_on, "12/25/2026")
    qtbot.keyClicks(dialog.amount, "0")
    assert "future" in dialog.labels["made_on"].text()
    assert "more than zero" in dialog.labels["amount"].text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    click_save(qtbot, dialog)
    assert services.negotiation.entries(claim_id) == []


def test_an_offer_first_is_warned_about(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Recording an offer before any demand warns, and can still be saved."""
    claim_id = add_claim(services, case_id)
    (claim,) = services.negotiation.claims(case_id)
    dialog = NegotiationEntryDialog(services.negotiation, claim)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData(MoveKind.OFFER))
    qtbot.keyClicks(dialog.amount, "5,000")
    assert "initial demand" in dialog.warnings.text()
    click_save(qtbot, dialog)
    assert [e.kind for e in services.negotiation.entries(claim_id)] == [MoveKind.OFFER]


def test_delete_and_undo(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Del deletes the selected entry at once; Ctrl+Z puts it back."""
    claim_id = add_claim(services, case_id)
    services.negotiation.add(
        NegotiationEntry(claim_id, MoveKind.INITIAL_DEMAND, date(2026, 9, 1), Money.of(90_000))
    )
    panel = shown_panel(qtbot, services, case_id)
    panel.table.selectRow(0)
    panel.table.setFocus()
    with qtbot.waitSignal(panel.calendar_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert services.negotiation.entries(claim_id) == []
    assert "Deleted the initial demand of $90,000.00" in panel.undo_bar.label.text()
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1)
    assert [e.amount for e in services.negotiation.entries(claim_id)] == [Money.of(90_000)]


def test_a_final_settles_the_claim_and_says_so(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """Recording the final settlement marks the claim settled in the chooser and the summary."""
    claim_id = add_claim(services, case_id)
    services.negotiation.add(
        NegotiationEntry(claim_id, MoveKind.INITIAL_DEMAND, date(2026, 9, 1), Money.of(90_000))
    )
    panel = shown_panel(qtbot, services, case_id)

    def final(dialog: NegotiationEntryDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(MoveKind.FINAL))
        qtbot.keyClicks(dialog.amount, "60,000")

    answer_dialog(NegotiationEntryDialog, final)
    with qtbot.waitSignal(panel.claims_changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert services.insurance.claim(claim_id).claim.status is ClaimStatus.SETTLED
    assert "(settled)" in panel.claim_box.currentText()
    assert "Settled for $60,000.00" in panel.summary_label.text()
    assert panel.chart.final_point == (date(2026, 11, 21), Money.of(60_000))


def test_a_lapsed_deadline_is_shown_in_the_warning_colour(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """An unanswered demand whose deadline passed reads "lapsed", in red."""
    claim_id = add_claim(services, case_id)
    services.negotiation.add(
        NegotiationEntry(
            claim_id, MoveKind.INITIAL_DEMAND, date(2026, 10, 1), Money.of(90_000), deadline=date(2026, 11, 1)
        )
    )
    panel = shown_panel(qtbot, services, case_id)
    assert cell(panel, 0, COL_DEADLINE) == "11/01/2026 (lapsed 20 days ago)"
    brush = panel.model.index(0, COL_DEADLINE).data(Qt.ItemDataRole.ForegroundRole)
    assert brush.color() == LAPSED_COLOR
    assert cell(panel, 0, COL_AMOUNT) == "$90,000.00"


def test_edit_keeps_the_typed_party_and_saves_changes(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """Enter on a row edits it; the change is saved and shown."""
    claim_id = add_claim(services, case_id)
    services.negotiation.add(
        NegotiationEntry(claim_id, MoveKind.OFFER, date(2026, 10, 1), Money.of(20_000), party="J. Ortiz")
    )
    panel = shown_panel(qtbot, services, case_id)

    def edit(dialog: NegotiationEntryDialog) -> None:
        assert dialog.party.text() == "J. Ortiz"
        dialog.amount.clear()
        qtbot.keyClicks(dialog.amount, "22,500")

    answer_dialog(NegotiationEntryDialog, edit)
    panel.table.selectRow(0)
    panel.edit_entry()
    assert cell(panel, 0, COL_AMOUNT) == "$22,500.00"
    assert services.negotiation.entries(claim_id)[0].amount == Money.parse("22,500")


@pytest.mark.parametrize(
    ("highest", "step"),
    [(0, 100), (16_050_000, 5_000_000), (4_000_000, 2_000_000), (99_999, 25_000), (7_500_000, 2_000_000)],
)
def test_the_amount_axis_steps_in_round_figures_above_the_highest_amount(highest: int, step: int) -> None:
    assert tick_cents(highest) == step
    assert 4 * step > highest
