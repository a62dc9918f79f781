"""The Valuation tab's use of the lost-wage records and of the client's interviews."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.interviews import Answer, Interview
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.valuation import PerDiemPhase, ValuationMethod
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.services.casefiles import Services
from casedesk.ui.valuation.dialogs import ScenarioDialog
from casedesk.ui.valuation.panel import ValuationPanel
from casedesk.ui.valuation.story import TITLE
from casedesk.ui.wages.dialog import LostWageDialog
from casedesk.ui.wages.panel import LostWagesPanel

MakeCase = Callable[..., Case]
INTAKE: dict[str, Answer] = {
    "incident_date": "06/14/2026",
    "incident_place": "I-35 at Riverside Dr",
    "how_it_happened": "Rear-ended at a red light.",
    "injuries": [
        {"body_part": "Neck", "severity": "Moderate", "description": "stiff every morning"},
        {"body_part": "Lower back", "severity": "Severe"},
    ],
    "pain_level": "8",
    "prior_injuries": "no",
    "employed": "no",
    "sleep": "Wakes up three times a night",
    "household": "Her sister does the laundry",
}
FOLLOW_UP: dict[str, Answer] = {
    "treatment_since": "Physical therapy twice a week",
    "pain_level": "6",
    "work_status": "Off work",
    "limitations": "Cannot lift her two-year-old",
    "missed_events": "Her brother's wedding",
}


@pytest.fixture
def case_id(services: Services, make_case: MakeCase) -> int:
    """A case with $2,000 typed as lost wages and records totalling $6,300 (4,500 + 1,800)."""
    case = make_case(jurisdiction="TX", incident_date=date(2026, 6, 14))
    case_id = case.id or 0
    services.valuation.save_inputs(
        ValuationInputs(case_id, medical_billed=Money.of(10_000), lost_wages=Money.of(2_000))
    )
    services.valuation.add_scenario(
        Scenario(None, case_id, "Expected", ValuationMethod.MULTIPLIER, multiplier=Decimal(3))
    )
    add_wages(services, case_id)
    return case_id


def add_wages(services: Services, case_id: int) -> None:
    services.wages.add(
        LostWage(case_id, "H-E-B Grocery", Money.parse("18.75"), WageBasis.HOURLY, Decimal(240))
    )
    services.wages.add(LostWage(case_id, "Uber", Money.of(900), WageBasis.WEEKLY, Decimal(10)))


def complete(
    services: Services, case_id: int, code: str, answers: dict[str, Answer], held_on: date
) -> Interview:
    interview = services.interviews.start(case_id, code, held_on=held_on)
    interview = services.interviews.save_draft(replace(interview, answers=answers))
    return services.interviews.complete(interview)


def shown_panel(qtbot: QtBot, services: Services, case_id: int, **hooks: Any) -> ValuationPanel:
    panel = ValuationPanel(services.valuation, **hooks)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.set_case(case_id)
    return panel


def value_before_fault(panel: ValuationPanel) -> str:
    table = panel.table
    [row] = [r for r in range(table.rowCount()) if table.verticalHeaderItem(r).text() == "Value before fault"]
    return table.item(row, 0).text()


# --- lost wages ----------------------------------------------------------------------------------


def test_the_records_total_is_offered_beside_the_figure(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """Records that add up to another amount than the figure offer their total."""
    panel = shown_panel(qtbot, services, case_id, wages=services.wages)
    assert panel.fields["lost_wages"].text() == "2,000.00"
    assert panel.use_wages_button.isVisible()
    assert panel.use_wages_button.text() == "Use the lost-wage rec&ords ($6,300.00)"
    assert "2 lost-wage records" in panel.use_wages_button.toolTip()


def test_using_the_records_sets_and_saves_the_figure_and_undo_takes_it_back(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """The total goes into the figure, the results follow, it is saved; Ctrl+Z in the field restores it."""
    panel = shown_panel(qtbot, services, case_id, wages=services.wages)
    assert value_before_fault(panel) == "$36,000.00"  # (10,000 + 2,000) × 3
    qtbot.mouseClick(panel.use_wages_button, Qt.MouseButton.LeftButton)
    field = panel.fields["lost_wages"]
    assert field.text() == "6,300.00"
    assert value_before_fault(panel) == "$48,900.00"  # (10,000 + 6,300) × 3
    assert services.valuation.case_valuation(case_id).inputs.lost_wages == Money.of(6_300)
    assert panel.figures_status.text() == "Saved."
    assert not panel.use_wages_button.isVisible()
    assert field.hasFocus()

    qtbot.keyClick(field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert field.text() == "2,000.00"
    assert panel.use_wages_button.isVisible()
    panel.flush()
    assert services.valuation.case_valuation(case_id).inputs.lost_wages == Money.of(2_000)


def test_the_offer_follows_what_is_typed(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Typing the total by hand hides the offer; typing anything else, or nonsense, brings it back."""
    panel = shown_panel(qtbot, services, case_id, wages=services.wages)
    field = panel.fields["lost_wages"]
    field.selectAll()
    qtbot.keyClicks(field, "6300")
    assert not panel.use_wages_button.isVisible()
    qtbot.keyClicks(field, "0")
    assert panel.use_wages_button.isVisible()
    field.selectAll()
    qtbot.keyClicks(field, "six")
    assert panel.use_wages_button.isVisible()


def test_no_offer_without_records_or_when_they_agree(
    qtbot: QtBot, services: Services, make_case: MakeCase, case_id: int
) -> None:
    """A case without records, a figure equal to their total, or a tab without the records: no offer."""
    bare = make_case().id or 0
    panel = shown_panel(qtbot, services, bare, wages=services.wages)
    assert not panel.use_wages_button.isVisible()
    services.valuation.save_inputs(ValuationInputs(case_id, lost_wages=Money.of(6_300)))
    panel.set_case(case_id)
    assert not panel.use_wages_button.isVisible()
    without = shown_panel(qtbot, services, case_id)
    assert not without.use_wages_button.isVisible()


def test_a_record_added_on_the_wages_panel_reaches_the_valuation(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: Any
) -> None:
    """Wired as the case workspace wires them, a new record is offered at once; typed figures stay."""
    case = make_case()
    case_id = case.id or 0
    panel = shown_panel(qtbot, services, case_id, wages=services.wages)
    wages = LostWagesPanel(services.wages)
    qtbot.addWidget(wages)
    wages.set_case(case_id)
    wages.wages_changed.connect(panel.refresh_wages_and_interviews)
    assert not panel.use_wages_button.isVisible()
    qtbot.keyClicks(panel.fields["property_damage"], "4,200")  # typed, the save still pending

    def fill(dialog: LostWageDialog) -> None:
        qtbot.keyClicks(dialog.employer, "Acme Roofing")
        qtbot.keyClicks(dialog.rate, "30")
        qtbot.keyClicks(dialog.missed, "40")

    answer_dialog(LostWageDialog, fill)
    wages.add_wage()
    assert panel.use_wages_button.isVisible()
    assert "$1,200.00" in panel.use_wages_button.text()
    assert panel.fields["property_damage"].text() == "4,200"


# --- the client's own words ----------------------------------------------------------------------


def test_the_interviews_story_sits_beside_the_figures(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Injuries from the intake, the latest pain, and the daily-life lines are shown; more are counted."""
    complete(services, case_id, "intake", INTAKE, date(2026, 6, 20))
    complete(services, case_id, "follow_up", FOLLOW_UP, date(2026, 11, 2))
    panel = shown_panel(qtbot, services, case_id, interviews=services.interviews)
    box = panel.story_box
    assert box.isVisible() and box.title() == TITLE
    text = box.text.text()
    assert "Neck — Severity: Moderate" in text and "stiff every morning" in text and "Lower back" in text
    assert "<b>Latest pain</b>: 6/10 on 11/02/2026" in text
    assert "Limitations (11/02/2026): Cannot lift her two-year-old" in text
    assert "Events missed (11/02/2026): Her brother" in text
    assert "Sleep (06/20/2026)" in text and "and 1 more" in text
    assert "Limitations (06/20/2026)" not in text  # the intake's limitations were not answered
    assert "Her sister does the laundry" not in text
    assert "Household tasks (06/20/2026): Her sister does the laundry" in box.toolTip()


def test_no_story_without_completed_interviews(
    qtbot: QtBot, services: Services, case_id: int, make_case: MakeCase
) -> None:
    """A draft says nothing yet; a case without interviews, or a tab without them, shows no box."""
    interview = services.interviews.start(case_id, "follow_up", held_on=date(2026, 11, 2))
    services.interviews.save_draft(replace(interview, answers=FOLLOW_UP))
    panel = shown_panel(qtbot, services, case_id, interviews=services.interviews)
    assert not panel.story_box.isVisible()
    complete(services, case_id, "follow_up", FOLLOW_UP, date(2026, 11, 3))
    panel.refresh_wages_and_interviews()
    assert panel.story_box.isVisible()
    panel.set_case(make_case().id)
    assert not panel.story_box.isVisible()
    without = shown_panel(qtbot, services, case_id)
    assert not without.story_box.isVisible()


def test_per_diem_phases_are_entered_beside_the_clients_words(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: Any
) -> None:
    """The scenario dialog shows the story while the method is per diem, and only then."""
    complete(services, case_id, "follow_up", FOLLOW_UP, date(2026, 11, 2))
    seen: dict[str, bool] = {}

    def fill(dialog: ScenarioDialog) -> None:
        seen["multiplier"] = dialog.story_box.isVisibleTo(dialog)
        dialog.method.setCurrentIndex(dialog.method.findData(ValuationMethod.PER_DIEM))
        seen["per diem"] = dialog.story_box.isVisibleTo(dialog)
        dialog.phases.item(0, 1).setText("100")
        dialog.phases.item(0, 2).setText("30")

    shown = answer_dialog(ScenarioDialog, fill)
    panel = shown_panel(qtbot, services, case_id, interviews=services.interviews)
    panel.table.selectColumn(0)
    qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert seen == {"multiplier": False, "per diem": True}
    assert "6/10 on 11/02/2026" in shown[0].story_box.text.text()
    [scenario] = services.valuation.case_valuation(case_id).scenarios
    assert scenario.phases == (PerDiemPhase(Money.of(100), 30, "Until maximum medical improvement"),)


def test_per_diem_dialog_without_a_story_shows_no_box(qtbot: QtBot, services: Services, case_id: int) -> None:
    """With nothing from interviews the per-diem form is as before."""
    valuation = services.valuation.case_valuation(case_id)
    dialog = ScenarioDialog(services.valuation, valuation, valuation.scenarios[0])
    qtbot.addWidget(dialog)
    dialog.method.setCurrentIndex(dialog.method.findData(ValuationMethod.PER_DIEM))
    assert not dialog.story_box.isVisibleTo(dialog)
