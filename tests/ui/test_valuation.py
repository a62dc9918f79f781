"""The Valuation tab and the scenario dialog, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.fault import FaultRule
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.valuation import MedicalBasis, PerDiemPhase, ValuationMethod
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.valuation.dialogs import PHASE_DAYS, PHASE_LABEL, PHASE_RATE, ScenarioDialog
from casedesk.ui.valuation.panel import ValuationPanel
from tests.conftest import fixed_clock
from tests.ui.conftest import click_save

ARTICLE = {
    "medical_billed": Money.of(10_000),
    "property_damage": Money.of(5_000),
    "lost_wages": Money.of(2_000),
}


@pytest.fixture
def valued_case(services: Services, make_case: Callable[..., Case]) -> Case:
    """A Texas case with the article's specials, costs, liens, $50,000 coverage and three scenarios."""
    case = make_case(jurisdiction="TX", incident_date=date(2025, 3, 14))
    case_id = case.id or 0
    services.valuation.save_inputs(
        ValuationInputs(
            case_id,
            medical_paid=Money.of(6_400),
            costs=Money.of(1_250),
            liens=Money.of(3_000),
            coverage=Money.of(50_000),
            **ARTICLE,
        )
    )
    for scenario in (
        Scenario(
            None,
            case_id,
            "Conservative",
            ValuationMethod.FORMULA,
            MedicalBasis.PAID,
            None,
            "minor",
            fault_percent=Decimal(20),
        ),
        Scenario(None, case_id, "Expected", ValuationMethod.MULTIPLIER, multiplier=Decimal(3)),
        Scenario(
            None,
            case_id,
            "Aggressive",
            ValuationMethod.PER_DIEM,
            multiplier=None,
            phases=(PerDiemPhase(Money.of(150), 120, "Acute"), PerDiemPhase(Money.of(50), 365, "Recovery")),
        ),
    ):
        services.valuation.add_scenario(scenario)
    return case


def shown_panel(qtbot: QtBot, services: Services, case: Case) -> ValuationPanel:
    panel = ValuationPanel(services.valuation)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_case(case.id)
    return panel


def row_cells(panel: ValuationPanel, label: str) -> list[str]:
    table = panel.table
    [row] = [r for r in range(table.rowCount()) if table.verticalHeaderItem(r).text() == label]
    return [table.item(row, column).text() for column in range(table.columnCount())]


def test_tab_compares_the_saved_scenarios(qtbot: QtBot, services: Services, valued_case: Case) -> None:
    """The three scenarios sit side by side with their values, nets, fault and coverage warnings."""
    panel = shown_panel(qtbot, services, valued_case)
    headers = [panel.table.horizontalHeaderItem(c).text() for c in range(panel.table.columnCount())]
    assert headers == ["Conservative", "Expected", "Aggressive"]
    assert panel.fields["medical_billed"].text() == "10,000.00"
    # Conservative: paid medical 6,400 × 1.5 + wages 2,000 = 11,600; 20 % fault under TX → 9,280.
    assert row_cells(panel, "Value before fault") == ["$11,600.00", "$51,000.00", "$53,250.00"]
    assert row_cells(panel, "Value after fault") == ["$9,280.00", "$51,000.00", "$53,250.00"]
    # 51,000 − fee 17,000 (exactly one third) − costs 1,250 − liens 3,000.
    assert row_cells(panel, "Net to client")[1] == "$29,750.00"
    assert "coverage" in row_cells(panel, "Notes")[1]
    assert "Texas" in panel.rule_label.text() and "Verify" in panel.rule_label.text()
    assert [bar.name for bar in panel.chart.bars] == headers
    assert panel.chart.bars[1].net == Money.parse("29,750.00")


def test_typing_a_figure_recomputes_at_once_and_saves(
    qtbot: QtBot, services: Services, valued_case: Case, db_path: Any
) -> None:
    """A new medical figure changes every scenario as it is typed and is in the file after a pause."""
    panel = shown_panel(qtbot, services, valued_case)
    field = panel.fields["medical_billed"]
    field.selectAll()
    qtbot.keyClicks(field, "20,000")
    assert row_cells(panel, "Value before fault")[1] == "$81,000.00"  # (20,000 + 5,000 + 2,000) × 3
    qtbot.waitUntil(lambda: panel.figures_status.text() == "Saved.", timeout=3000)
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        assert reopened.valuation.case_valuation(valued_case.id or 0).inputs.medical_billed == Money.of(
            20_000
        )
    finally:
        reopened.close()


def test_a_bad_figure_is_marked_and_never_computed_or_saved(
    qtbot: QtBot, services: Services, valued_case: Case
) -> None:
    """Typing “12,34” (no amount) is marked; results stay on the last valid text (“12”); nothing is saved."""
    panel = shown_panel(qtbot, services, valued_case)
    field = panel.fields["property_damage"]
    field.selectAll()
    qtbot.keyClicks(field, "12,34")
    assert "not an amount" in panel.labels["property_damage"].text()
    assert "Not saved" in panel.figures_status.text()
    assert row_cells(panel, "Value before fault")[1] == "$36,036.00"  # (10,000 + 12 + 2,000) × 3
    panel.flush()
    stored = services.valuation.case_valuation(valued_case.id or 0).inputs
    assert stored.property_damage == Money.of(5_000)


def test_switching_cases_saves_what_was_typed(
    qtbot: QtBot, services: Services, valued_case: Case, make_case: Callable[..., Case]
) -> None:
    """Going to another case before the pause ends still saves the figure."""
    other = make_case(number="PI-2026-9999")
    panel = shown_panel(qtbot, services, valued_case)
    field = panel.fields["future_medical"]
    qtbot.keyClicks(field, "7500")
    panel.set_case(other.id)
    assert services.valuation.case_valuation(valued_case.id or 0).inputs.future_medical == Money.of(7_500)
    assert panel.fields["future_medical"].text() == ""


def test_new_scenario_dialog_computes_as_the_user_types(
    qtbot: QtBot, services: Services, valued_case: Case
) -> None:
    """Multiplier 4 with 30 % fault under Texas: 68,000 → 47,600 shown before saving; then saved."""
    valuation = services.valuation.case_valuation(valued_case.id or 0)
    dialog = ScenarioDialog(
        services.valuation, valuation, services.valuation.new_scenario(valued_case.id or 0, "")
    )
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.keyClicks(dialog.name, "Strong liability")
    dialog.multiplier.selectAll()
    qtbot.keyClicks(dialog.multiplier, "4")
    qtbot.keyClicks(dialog.fault_percent, "30")
    assert "$47,600.00" in dialog.result_view.text()
    dialog.fee_rate.selectAll()
    qtbot.keyClicks(dialog.fee_rate, "40")
    assert "$19,040.00" in dialog.result_view.text()  # 40 % of 47,600
    assert save.isEnabled()
    click_save(qtbot, dialog)
    saved = services.valuation.case_valuation(valued_case.id or 0).scenarios[-1]
    assert (saved.name, saved.multiplier, saved.fault_percent, saved.fee_rate) == (
        "Strong liability",
        Decimal(4),
        Decimal(30),
        Fraction(2, 5),
    )


def test_dialog_marks_bad_input_and_computes_nothing(
    qtbot: QtBot, services: Services, valued_case: Case
) -> None:
    """A multiplier of "abc", fault of 120 and a taken name are each marked; Save stays off."""
    valuation = services.valuation.case_valuation(valued_case.id or 0)
    dialog = ScenarioDialog(services.valuation, valuation, valuation.scenarios[1])
    qtbot.addWidget(dialog)
    dialog.multiplier.selectAll()
    qtbot.keyClicks(dialog.multiplier, "abc")
    qtbot.keyClicks(dialog.fault_percent, "120")
    assert "not a number" in dialog.labels["multiplier"].text()
    assert "0 to 100" in dialog.labels["fault_percent"].text()
    assert "Not computed" in dialog.result_view.text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.multiplier.selectAll()
    qtbot.keyClicks(dialog.multiplier, "2.5")
    dialog.fault_percent.clear()
    dialog.name.selectAll()
    qtbot.keyClicks(dialog.name, "conservative")
    click_save(qtbot, dialog)
    assert "already has a scenario" in dialog.labels["name"].text()
    assert dialog.saved is None


def test_per_diem_phases_are_typed_in_the_table(qtbot: QtBot, services: Services, valued_case: Case) -> None:
    """Two phases typed into the table give specials + 150 × 30 + 40 × 200 and are saved with labels."""
    valuation = services.valuation.case_valuation(valued_case.id or 0)
    dialog = ScenarioDialog(
        services.valuation, valuation, services.valuation.new_scenario(valued_case.id or 0, "Days")
    )
    qtbot.addWidget(dialog)
    dialog.method.setCurrentIndex(dialog.method.findData(ValuationMethod.PER_DIEM))
    assert dialog.phases.isVisibleTo(dialog) and not dialog.multiplier.isVisibleTo(dialog)
    for column, text in ((PHASE_LABEL, "Acute"), (PHASE_RATE, "150"), (PHASE_DAYS, "30")):
        dialog.phases.item(0, column).setText(text)
    qtbot.mouseClick(dialog.add_phase_button, Qt.MouseButton.LeftButton)
    dialog.phases.item(1, PHASE_RATE).setText("40")
    dialog.phases.item(1, PHASE_DAYS).setText("two hundred")
    assert "whole number" in dialog.labels["phases"].text()
    dialog.phases.item(1, PHASE_DAYS).setText("200")
    assert "$29,500.00" in dialog.result_view.text()  # 17,000 + 4,500 + 8,000
    click_save(qtbot, dialog)
    assert dialog.saved is not None
    assert dialog.saved.phases == (
        PerDiemPhase(Money.of(150), 30, "Acute"),
        PerDiemPhase(Money.of(40), 200, ""),
    )


def test_slight_gross_needs_the_users_judgment(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """South Dakota: with fault the result waits for a judgment, then follows it."""
    case = make_case(jurisdiction="SD", incident_date=date(2025, 6, 1))
    services.valuation.save_inputs(ValuationInputs(case.id or 0, **ARTICLE))
    valuation = services.valuation.case_valuation(case.id or 0)
    dialog = ScenarioDialog(
        services.valuation, valuation, services.valuation.new_scenario(case.id or 0, "SD")
    )
    qtbot.addWidget(dialog)
    assert not dialog.form.isRowVisible(dialog.judgment) or dialog.judgment.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.fault_percent, "10")
    assert dialog.form.isRowVisible(dialog.judgment)
    assert "Needs your judgment" in dialog.result_view.text()
    dialog.judgment.setCurrentIndex(dialog.judgment.findData(True))
    assert "$45,900.00" in dialog.result_view.text()  # 51,000 less 10 %
    dialog.judgment.setCurrentIndex(dialog.judgment.findData(False))
    assert "barred" in dialog.result_view.text()


def test_overriding_the_rule_needs_a_reason(qtbot: QtBot, services: Services, valued_case: Case) -> None:
    """Choosing pure comparative instead of Texas's rule asks why; at 60 % fault the client still recovers."""
    valuation = services.valuation.case_valuation(valued_case.id or 0)
    dialog = ScenarioDialog(services.valuation, valuation, valuation.scenarios[1])
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.fault_percent, "60")
    assert "barred" in dialog.result_view.text()
    dialog.rule.setCurrentIndex(dialog.rule.findData(FaultRule.PURE_COMPARATIVE))
    dialog.form_errors.touch("override_reason")
    dialog._refresh()
    assert "Say why" in dialog.labels["override_reason"].text()
    qtbot.keyClicks(dialog.override_reason, "California law applies")
    assert "$20,400.00" in dialog.result_view.text()
    click_save(qtbot, dialog)
    assert dialog.saved is not None and dialog.saved.rule_override is FaultRule.PURE_COMPARATIVE


def test_delete_and_undo_a_scenario(qtbot: QtBot, services: Services, valued_case: Case) -> None:
    """Delete takes the selected column away at once; Undo brings it back."""
    panel = shown_panel(qtbot, services, valued_case)
    panel.table.selectColumn(1)
    assert panel.selected_scenario() is not None and panel.selected_scenario().name == "Expected"  # type: ignore[union-attr]
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert [o.scenario.name for o in panel.outcomes] == ["Conservative", "Aggressive"]
    assert panel.undo_bar.isVisible() and "Expected" in panel.undo_bar.label.text()
    qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    assert sorted(o.scenario.name for o in panel.outcomes) == ["Aggressive", "Conservative", "Expected"]
    assert panel.selected_scenario() is not None and panel.selected_scenario().name == "Expected"  # type: ignore[union-attr]


def test_new_and_duplicate_go_through_the_dialog(
    qtbot: QtBot, services: Services, valued_case: Case, answer_dialog: Any
) -> None:
    """New scenario… starts at multiplier × 3; Duplicate… copies the selected one under a free name."""
    shown = answer_dialog(ScenarioDialog, lambda dialog: None)
    panel = shown_panel(qtbot, services, valued_case)
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert shown[-1].name.text() == "Scenario"
    panel.table.selectColumn(0)
    qtbot.mouseClick(panel.duplicate_button, Qt.MouseButton.LeftButton)
    assert shown[-1].name.text() == "Conservative (copy)"
    names = [o.scenario.name for o in panel.outcomes]
    assert names == ["Conservative", "Expected", "Aggressive", "Scenario", "Conservative (copy)"]
    copy = panel.outcomes[-1].scenario
    assert (copy.method, copy.severity, copy.fault_percent) == (ValuationMethod.FORMULA, "minor", Decimal(20))


def test_empty_state_invites_a_first_scenario(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A case without scenarios says how to start; without a jurisdiction the rule box says so."""
    case = make_case(jurisdiction="")
    panel = shown_panel(qtbot, services, case)
    assert panel.empty_label.isVisible() and "New scenario" in panel.empty_label.text()
    assert "no jurisdiction" in panel.rule_label.text()
    assert not panel.export_button.isEnabled()


def test_save_as_pdf_prints_the_comparison(
    qtbot: QtBot, services: Services, valued_case: Case, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Save as PDF… writes the three scenarios with their exact figures and says where the file is."""
    from pypdf import PdfReader

    from casedesk.ui.valuation import panel as panel_module

    target = tmp_path / "out" / "valuation.pdf"
    target.parent.mkdir()
    suggested: list[str] = []

    def ask(_parent: object, _title: str, name: str, *_args: object) -> Any:
        suggested.append(name)
        return target

    monkeypatch.setattr(panel_module, "ask_export_path", ask)
    panel = shown_panel(qtbot, services, valued_case)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert suggested == [f"{valued_case.number} valuation.pdf"]
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    for expected in (
        valued_case.number,
        "Conservative",
        "Expected",
        "Aggressive",
        "$51,000.00",
        "$29,750.00",
    ):
        assert expected in text
    assert "not legal advice" in text
    assert panel.export_notice.isVisible() and "valuation.pdf" in panel.export_notice.text()
    assert [p.name for p in target.parent.iterdir()] == ["valuation.pdf"]  # no temporary files left


def test_a_pdf_that_cannot_be_written_says_why(
    qtbot: QtBot, services: Services, valued_case: Case, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that does not exist gives a clear message and no notice of success."""
    from casedesk.ui.valuation import panel as panel_module

    errors: list[str] = []
    monkeypatch.setattr(panel_module, "ask_export_path", lambda *_a: tmp_path / "missing" / "v.pdf")
    monkeypatch.setattr(panel_module, "show_error", lambda _p, title, exc: errors.append(f"{title}: {exc}"))
    panel = shown_panel(qtbot, services, valued_case)
    panel.export_pdf()
    assert len(errors) == 1 and errors[0].startswith("PDF not saved: ") and "missing" in errors[0]
    assert not panel.export_notice.isVisible()


def test_safe_file_name_keeps_case_numbers_readable() -> None:
    """Slashes and colons in a case number do not make folders or invalid names."""
    from casedesk.ui.files import safe_file_name

    assert safe_file_name("PI-2026/0001: Smith valuation") == "PI-2026-0001- Smith valuation"
    assert safe_file_name("///") == "export"
