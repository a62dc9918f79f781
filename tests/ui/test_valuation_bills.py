"""The Valuation tab's use of the case's medical bills for its medical figures."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.valuation import MedicalBasis, ValuationMethod
from casedesk.services.casefiles import Services
from casedesk.ui.medical.bill_dialogs import BillDialog
from casedesk.ui.medical.bills import BillsPanel
from casedesk.ui.valuation.panel import ValuationPanel
from tests.services.test_bills import add_provider, er_bill, pt_bill

MakeCase = Callable[..., Case]


@pytest.fixture
def case_id(services: Services, make_case: MakeCase) -> int:
    """A case with $10,000 typed as medical billed, and bills: $8,450.00 billed, $7,100.00 paid + owed."""
    case_id = make_case(jurisdiction="TX", incident_date=date(2026, 6, 14)).id or 0
    services.valuation.save_inputs(ValuationInputs(case_id, medical_billed=Money.of(10_000)))
    services.valuation.add_scenario(
        Scenario(None, case_id, "Billed", ValuationMethod.MULTIPLIER, multiplier=Decimal(3))
    )
    services.valuation.add_scenario(
        Scenario(
            None,
            case_id,
            "Paid",
            ValuationMethod.MULTIPLIER,
            medical_basis=MedicalBasis.PAID,
            multiplier=Decimal(3),
        )
    )
    er = add_provider(services, case_id, "St. David's Medical Center")
    pt = add_provider(services, case_id, "Capital Physical Therapy")
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    return case_id


def shown_panel(qtbot: QtBot, services: Services, case_id: int, **hooks: Any) -> ValuationPanel:
    panel = ValuationPanel(services.valuation, **hooks)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.set_case(case_id)
    return panel


def value_before_fault(panel: ValuationPanel, column: int) -> str:
    table = panel.table
    [row] = [r for r in range(table.rowCount()) if table.verticalHeaderItem(r).text() == "Value before fault"]
    return table.item(row, column).text()


def test_the_bills_totals_are_offered_beside_the_medical_figure(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """Bills whose totals differ from the figures offer them, saying where each figure comes from."""
    panel = shown_panel(qtbot, services, case_id, bills=services.bills)
    assert panel.use_bills_button.isVisible()
    assert panel.use_bills_button.text() == "Use the b&ills ($8,450.00)"
    tooltip = panel.use_bills_button.toolTip()
    assert "case's 2 bills" in tooltip and "Medical (billed) = $8,450.00 billed" in tooltip
    assert "Medical (paid) = $5,850.00 paid + $1,250.00 still owed = $7,100.00" in tooltip
    assert not panel.bills_source.isVisible()


def test_using_the_bills_sets_and_saves_both_figures_and_undo_takes_them_back(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """Billed and paid + owed go into the figures, the results follow, it is saved; Ctrl+Z restores."""
    panel = shown_panel(qtbot, services, case_id, bills=services.bills)
    assert value_before_fault(panel, 0) == "$30,000.00"  # 10,000 × 3
    assert value_before_fault(panel, 1) == "$0.00"  # nothing typed as paid yet
    qtbot.mouseClick(panel.use_bills_button, Qt.MouseButton.LeftButton)
    assert panel.fields["medical_billed"].text() == "8,450.00"
    assert panel.fields["medical_paid"].text() == "7,100.00"
    assert value_before_fault(panel, 0) == "$25,350.00"  # 8,450 × 3
    assert value_before_fault(panel, 1) == "$21,300.00"  # 7,100 × 3
    inputs = services.valuation.case_valuation(case_id).inputs
    assert (inputs.medical_billed, inputs.medical_paid) == (Money.parse("8,450.00"), Money.parse("7,100.00"))
    assert not panel.use_bills_button.isVisible()
    assert panel.bills_source.isVisible() and panel.bills_source.text() == "from the case's 2 bills"

    billed = panel.fields["medical_billed"]
    assert billed.hasFocus()
    qtbot.keyClick(billed, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert billed.text() == "10,000.00"
    assert panel.use_bills_button.isVisible() and not panel.bills_source.isVisible()
    panel.flush()
    assert services.valuation.case_valuation(case_id).inputs.medical_billed == Money.of(10_000)


def test_no_offer_without_bills_or_without_the_bills_service(
    qtbot: QtBot, services: Services, case_id: int, make_case: MakeCase
) -> None:
    """A case without bills, or a tab built without them, offers nothing."""
    bare = make_case().id or 0
    panel = shown_panel(qtbot, services, bare, bills=services.bills)
    assert not panel.use_bills_button.isVisible() and not panel.bills_source.isVisible()
    without = shown_panel(qtbot, services, case_id)
    assert not without.use_bills_button.isVisible()


def test_typing_the_totals_by_hand_shows_their_source(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Figures typed equal to the bills' totals are said to come from the bills; anything else offers them."""
    panel = shown_panel(qtbot, services, case_id, bills=services.bills)
    billed, paid = panel.fields["medical_billed"], panel.fields["medical_paid"]
    billed.selectAll()
    qtbot.keyClicks(billed, "8450")
    assert panel.use_bills_button.isVisible()  # paid still differs
    qtbot.keyClicks(paid, "7,100")
    assert not panel.use_bills_button.isVisible() and panel.bills_source.isVisible()
    qtbot.keyClicks(paid, "x")
    assert panel.use_bills_button.isVisible()


def test_a_bill_added_on_the_bills_panel_reaches_the_valuation(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: Any
) -> None:
    """Wired as the case workspace would wire them, a new bill changes the offer at once."""
    panel = shown_panel(qtbot, services, case_id, bills=services.bills)
    bills = BillsPanel(services.bills)
    qtbot.addWidget(bills)
    bills.set_case(case_id)
    bills.changed.connect(panel.refresh_wages_and_interviews)

    def fill(dialog: BillDialog) -> None:
        qtbot.keyClicks(dialog.service_from, "10/01/2026")
        qtbot.keyClicks(dialog.billed, "550")

    answer_dialog(BillDialog, fill)
    bills.new_bill()
    assert panel.use_bills_button.text() == "Use the b&ills ($9,000.00)"
