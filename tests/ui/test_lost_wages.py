"""The lost-wages panel and its dialog, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLabel, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.domain.wages import LostWage, WageBasis
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.wages.dialog import LostWageDialog
from casedesk.ui.wages.model import (
    BY_HAND_MARK,
    COL_AMOUNT,
    COL_EMPLOYER,
    COL_MISSED,
    COL_NOTES,
    COL_PERIOD,
    COL_RATE,
    UNDATED,
    LostWageTableModel,
)
from casedesk.ui.wages.panel import EMPTY_TEXT, LostWagesPanel
from tests.conftest import fixed_clock
from tests.ui.conftest import click_save

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


def grocery(case_id: int, **changes: Any) -> LostWage:
    """Six weeks off a $18.75 an hour job: 240 hours, $4,500.00."""
    fields: dict[str, Any] = {
        "case_id": case_id,
        "employer": "H-E-B Grocery",
        "rate": Money.parse("18.75"),
        "basis": WageBasis.HOURLY,
        "missed": Decimal(240),
        "period_from": date(2026, 6, 15),
        "period_to": date(2026, 8, 9),
        "notes": "Pay stubs for May and June",
    }
    return LostWage(**(fields | changes))


def rideshare(case_id: int, **changes: Any) -> LostWage:
    """Evenings driving at $900 a week, still off: 10 work days, $1,800.00."""
    fields: dict[str, Any] = {
        "case_id": case_id,
        "employer": "Uber",
        "rate": Money.of(900),
        "basis": WageBasis.WEEKLY,
        "missed": Decimal(10),
        "period_from": date(2026, 7, 1),
    }
    return LostWage(**(fields | changes))


def show(qtbot: QtBot, widget: QWidget) -> None:
    """On screen and active, so that its keyboard shortcuts and focus work."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> LostWagesPanel:
    panel = LostWagesPanel(services.wages)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def cells(panel: LostWagesPanel, row: int) -> list[str]:
    model = panel.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def new_dialog(
    qtbot: QtBot, services: Services, case_id: int, wage: LostWage | None = None
) -> LostWageDialog:
    dialog = LostWageDialog(services.wages, case_id, wage)
    qtbot.addWidget(dialog)
    return dialog


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    """Click a check box on its box (a form stretches the widget; its middle may be empty space)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def save_button(dialog: LostWageDialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


# --- the model ---------------------------------------------------------------------------------


def test_model_passes_the_model_tester(qtmodeltester: Any, services: Services, make_case: MakeCase) -> None:
    """The lost-wage model behaves as Qt's views expect, with and without rows."""
    case_id = make_case().id or 0
    model = LostWageTableModel()
    qtmodeltester.check(model)
    services.wages.add(grocery(case_id))
    services.wages.add(rideshare(case_id, override=Money.of(2_400), override_reason="Tips"))
    services.wages.add(grocery(case_id, employer="Night shift", period_from=None, period_to=None))
    model.set_rows(services.wages.lost_wages(case_id))
    qtmodeltester.check(model)


# --- the panel ---------------------------------------------------------------------------------


def test_panel_lists_records_with_their_total(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Each record shows its period, rate with basis, time missed and amount; the total sits under them."""
    case_id = make_case().id or 0
    services.wages.add(grocery(case_id))
    services.wages.add(rideshare(case_id, period_to=None))
    services.wages.add(grocery(case_id, employer="Catering (weekends)", period_from=None, period_to=None))
    panel = shown_panel(qtbot, services, case_id)
    assert cells(panel, 0) == [
        "H-E-B Grocery",
        "06/15/2026 – 08/09/2026",
        "$18.75 / hour",
        "240 hours",
        "$4,500.00",
        "Pay stubs for May and June",
    ]
    assert cells(panel, 1)[COL_PERIOD] == "07/01/2026 – ongoing"
    assert cells(panel, 1)[COL_RATE] == "$900.00 / week"
    assert cells(panel, 1)[COL_MISSED] == "10 work days"
    assert cells(panel, 1)[COL_AMOUNT] == "$1,800.00"
    assert cells(panel, 2)[COL_PERIOD] == UNDATED
    assert panel.model.index(0, COL_AMOUNT).data(Qt.ItemDataRole.ToolTipRole) == (
        "$18.75 hourly × 240 hours = $4,500.00"
    )
    assert panel.total_label.isVisible()
    assert "Total lost wages: <b>$10,800.00</b>" in panel.total_label.text()  # 4,500 + 1,800 + 4,500
    assert "3 records" in panel.total_label.text()


def test_an_amount_set_by_hand_is_marked_and_explained(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """The amount typed by hand is marked in the table; its tooltip and the line under say why."""
    case_id = make_case().id or 0
    services.wages.add(rideshare(case_id, override=Money.of(2_400), override_reason="Average tips added"))
    panel = shown_panel(qtbot, services, case_id)
    amount = panel.model.index(0, COL_AMOUNT)
    assert amount.data() == f"$2,400.00 {BY_HAND_MARK}"
    assert amount.data(Qt.ItemDataRole.FontRole).italic()
    tooltip = amount.data(Qt.ItemDataRole.ToolTipRole)
    assert "set by hand (Average tips added)" in tooltip and "$900.00 weekly ÷ 5 × 10 days" in tooltip
    assert "1 record; 1 set by hand" in panel.total_label.text()
    panel.table.selectRow(0)
    assert "Average tips added" in panel.detail.text() and "$1,800.00" in panel.detail.text()


def test_empty_case_says_how_to_add_wages(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Without records the panel says where they come from; without a case nothing can be added."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == "No case selected."
    assert not panel.add_button.isEnabled()
    panel.set_case(make_case().id)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == EMPTY_TEXT
    assert not panel.total_label.isVisible()
    assert panel.add_button.isEnabled()
    assert not panel.edit_button.isEnabled() and not panel.delete_button.isEnabled()


def test_add_through_the_dialog(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    """Add… saves what was typed, selects the new row, updates the total and says the wages changed."""
    case_id = make_case().id or 0

    def fill(dialog: LostWageDialog) -> None:
        qtbot.keyClicks(dialog.employer, "Austin ISD")
        dialog.basis.setCurrentIndex(dialog.basis.findData(WageBasis.ANNUAL))
        qtbot.keyClicks(dialog.rate, "52,000")
        qtbot.keyClicks(dialog.missed, "12")
        qtbot.keyClicks(dialog.period_from, "09/01/2026")
        qtbot.keyClicks(dialog.notes, "Contract for 2026-27")

    answer_dialog(LostWageDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.wages_changed):
        qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    [saved] = services.wages.lost_wages(case_id)
    assert (saved.employer, saved.basis, saved.rate, saved.missed) == (
        "Austin ISD",
        WageBasis.ANNUAL,
        Money.of(52_000),
        Decimal(12),
    )
    assert (saved.period_from, saved.period_to, saved.notes) == (
        date(2026, 9, 1),
        None,
        "Contract for 2026-27",
    )
    assert saved.amount == Money.of(2_400)  # 52,000 ÷ 260 × 12
    assert panel.selected_wage() == saved
    assert "$2,400.00" in panel.total_label.text()


def test_insert_key_adds_and_enter_edits(
    qtbot: QtBot, services: Services, make_case: MakeCase, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ins asks for a new record; Enter on a row opens that record; a cancelled dialog changes nothing."""
    case_id = make_case().id or 0
    services.wages.add(grocery(case_id))
    asked: list[LostWage | None] = []

    def ask(_parent: object, _wages: object, _case_id: int, wage: LostWage | None = None) -> None:
        asked.append(wage)

    monkeypatch.setattr(LostWageDialog, "ask", ask)
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Insert)
    assert asked == [None]
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert len(asked) == 2 and asked[1] is not None and asked[1].employer == "H-E-B Grocery"
    assert panel.model.rowCount() == 1


def test_edit_sets_the_amount_by_hand_with_a_reason(
    qtbot: QtBot, services: Services, make_case: MakeCase, answer_dialog: AnswerDialog
) -> None:
    """Editing a record to override its amount needs a reason; both are saved and the table marks it."""
    case_id = make_case().id or 0
    original = services.wages.add(rideshare(case_id))
    seen: dict[str, Any] = {}

    def fill(dialog: LostWageDialog) -> None:
        assert dialog.employer.text() == "Uber"
        assert dialog.missed_label.text() == "Work days &missed:"
        tick(qtbot, dialog.override_box)
        assert dialog.override.isEnabled() and dialog.override_reason.isEnabled()
        seen["amount message"] = dialog.labels["override"].text()
        qtbot.keyClicks(dialog.override, "2,450")
        seen["reason message"] = dialog.labels["override_reason"].text()
        seen["save enabled"] = save_button(dialog).isEnabled()
        qtbot.keyClicks(dialog.override_reason, "Includes tips per the 2025 statements")
        seen["amount"] = dialog.computed.text()

    answer_dialog(LostWageDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.wages_changed):
        qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert seen["amount message"].startswith("Type the amount claimed")
    assert seen["reason message"] == "Say why the amount is set by hand."
    assert seen["save enabled"] is False
    assert "<b>$2,450.00</b> set by hand" in seen["amount"] and "= $1,800.00" in seen["amount"]
    [saved] = services.wages.lost_wages(case_id)
    assert saved.id == original.id
    assert (saved.override, saved.override_reason) == (
        Money.of(2_450),
        "Includes tips per the 2025 statements",
    )
    assert cells(panel, 0)[COL_AMOUNT] == f"$2,450.00 {BY_HAND_MARK}"
    assert "$2,450.00" in panel.total_label.text()


def test_delete_key_then_undo_puts_the_record_back(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """Del removes the selected record and its amount from the total; Undo, then Ctrl+Z, bring it back."""
    case_id = make_case().id or 0
    services.wages.add(grocery(case_id))
    services.wages.add(rideshare(case_id))
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.wages_changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [w.employer for w in services.wages.lost_wages(case_id)] == ["Uber"]
    assert "$1,800.00" in panel.total_label.text()
    assert panel.undo_bar.isVisible() and "H-E-B Grocery" in panel.undo_bar.label.text()
    with qtbot.waitSignal(panel.wages_changed):
        qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    restored = services.wages.lost_wages(case_id)
    assert [w.employer for w in restored] == ["H-E-B Grocery", "Uber"]
    assert restored[0].notes == "Pay stubs for May and June"
    assert panel.selected_wage() == restored[0]
    assert not panel.undo_bar.isVisible()
    assert "$6,300.00" in panel.total_label.text()

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.rowCount() == 1
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.model.rowCount() == 2


def test_deleting_the_last_record_shows_the_empty_state(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """With its only record gone the case shows the empty state and no total, and Undo is offered."""
    case_id = make_case().id or 0
    services.wages.add(grocery(case_id))
    panel = shown_panel(qtbot, services, case_id)
    panel.table.selectRow(0)
    panel.delete_wage()
    assert panel.empty_label.isVisible() and not panel.total_label.isVisible()
    assert panel.undo_bar.isVisible()


def test_another_case_forgets_the_undo(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Undo belongs to the case the record was deleted from."""
    first, second = make_case().id or 0, make_case().id or 0
    services.wages.add(grocery(first))
    panel = shown_panel(qtbot, services, first)
    panel.table.selectRow(0)
    panel.delete_wage()
    panel.set_case(second)
    assert not panel.undo_bar.isVisible()
    panel.undo_delete()
    assert services.wages.lost_wages(first) == []


def test_records_survive_closing_and_reopening_the_case_file(
    qtbot: QtBot, db_path: Path, make_case: MakeCase, services: Services, answer_dialog: AnswerDialog
) -> None:
    """What was added through the panel is there, exactly, after the file is closed and opened again."""
    case_id = make_case().id or 0

    def fill(dialog: LostWageDialog) -> None:
        qtbot.keyClicks(dialog.employer, "Joe's Diner")
        qtbot.keyClicks(dialog.rate, "$12.50")
        qtbot.keyClicks(dialog.missed, "37.5")
        tick(qtbot, dialog.override_box)
        qtbot.keyClicks(dialog.override, "610.25")
        qtbot.keyClicks(dialog.override_reason, "Tips: $3/hour on average")

    answer_dialog(LostWageDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.add_wage()
    before = services.wages.lost_wages(case_id)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        after = reopened.wages.lost_wages(case_id)
        assert after == before
        [wage] = after
        assert (wage.rate, wage.missed, wage.computed, wage.amount) == (
            Money.parse("12.50"),
            Decimal("37.5"),
            Money.parse("468.75"),
            Money.parse("610.25"),
        )
        again = LostWagesPanel(reopened.wages)
        qtbot.addWidget(again)
        again.set_case(case_id)
        assert cells(again, 0)[COL_EMPLOYER] == "Joe's Diner"
        assert cells(again, 0)[COL_AMOUNT] == f"$610.25 {BY_HAND_MARK}"
    finally:
        reopened.close()


# --- the dialog --------------------------------------------------------------------------------


def test_dialog_computes_the_amount_as_the_user_types(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """The amount and how it was reached follow every keystroke and every change of basis."""
    dialog = new_dialog(qtbot, services, make_case().id or 0)
    assert dialog.basis.currentData() == WageBasis.HOURLY
    assert dialog.missed_label.text() == "Hours &missed:"
    assert "as soon as the rate and time missed are typed" in dialog.computed.text()
    qtbot.keyClicks(dialog.rate, "25")
    qtbot.keyClicks(dialog.missed, "120")
    assert "<b>$3,000.00</b>" in dialog.computed.text()
    assert "$25.00 hourly × 120 hours = $3,000.00" in dialog.computed.text()
    dialog.basis.setCurrentIndex(dialog.basis.findData(WageBasis.WEEKLY))
    assert dialog.missed_label.text() == "Work days &missed:"
    assert dialog.rate_unit.text().startswith("per week")
    dialog.rate.selectAll()
    qtbot.keyClicks(dialog.rate, "1,000")
    assert "<b>$24,000.00</b>" in dialog.computed.text()  # 1,000 ÷ 5 × 120
    dialog.basis.setCurrentIndex(dialog.basis.findData(WageBasis.ANNUAL))
    assert "÷ 260 × 120 days = $461.54" in dialog.computed.text()  # 1,000 ÷ 260 × 120 = 461.538…


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("rate", "abc", "“abc” is not an amount of money."),
        ("rate", "-5", "The rate cannot be negative."),
        ("rate", "12.345", "at most two decimals"),
        ("missed", "two weeks", "is not a number of hours"),
        ("missed", "-8", "hours missed cannot be negative"),
        ("missed", "90000", "At most 87,840 hours in one record."),
        ("period_from", "02/30/2026", "does not exist on the calendar"),
        ("period_to", "soon", "is not a date"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_kept(
    qtbot: QtBot, services: Services, make_case: MakeCase, field: str, text: str, message: str
) -> None:
    """A wrong value shows its message beside the field, stays as typed, and nothing is saved."""
    case_id = make_case().id or 0
    dialog = new_dialog(qtbot, services, case_id)
    qtbot.keyClicks(dialog.employer, "Acme Roofing")
    qtbot.keyClicks(dialog.rate, "30")
    qtbot.keyClicks(dialog.missed, "16")
    assert save_button(dialog).isEnabled()
    widget = getattr(dialog, field)
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    assert message in dialog.labels[field].text()
    assert dialog.labels[field].isVisibleTo(dialog)
    assert not save_button(dialog).isEnabled()
    click_save(qtbot, dialog)
    qtbot.keyClick(dialog.employer, Qt.Key.Key_Return)
    assert dialog.result() != LostWageDialog.DialogCode.Accepted and dialog.saved is None
    assert widget.text() == text and dialog.employer.text() == "Acme Roofing"
    assert services.wages.lost_wages(case_id) == []


def test_a_period_ending_before_it_starts_is_refused(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """The end date is marked when it comes before the start; correcting it enables Save again."""
    dialog = new_dialog(qtbot, services, make_case().id or 0)
    qtbot.keyClicks(dialog.employer, "Acme Roofing")
    qtbot.keyClicks(dialog.rate, "30")
    qtbot.keyClicks(dialog.missed, "16")
    qtbot.keyClicks(dialog.period_from, "07/01/2026")
    qtbot.keyClicks(dialog.period_to, "06/01/2026")
    assert dialog.labels["period_to"].text() == "The period cannot end before it starts."
    dialog.period_to.clear()
    assert not dialog.labels["period_to"].isVisibleTo(dialog)
    assert save_button(dialog).isEnabled()


def test_an_override_needs_an_amount_and_a_reason(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """Ticking "by hand" asks for the amount and the reason; unticking keeps what was typed, unused."""
    case_id = make_case().id or 0
    dialog = new_dialog(qtbot, services, case_id)
    assert not dialog.override.isEnabled() and not dialog.override_reason.isEnabled()
    qtbot.keyClicks(dialog.employer, "Acme Roofing")
    qtbot.keyClicks(dialog.rate, "30")
    qtbot.keyClicks(dialog.missed, "16")
    tick(qtbot, dialog.override_box)
    assert not save_button(dialog).isEnabled()
    assert "Type the amount claimed" in dialog.labels["override"].text()
    assert dialog.labels["override_reason"].text() == "Say why the amount is set by hand."
    qtbot.keyClicks(dialog.override, "600")
    assert not save_button(dialog).isEnabled()
    tick(qtbot, dialog.override_box)
    assert dialog.override.text() == "600" and not dialog.override.isEnabled()
    assert save_button(dialog).isEnabled()
    click_save(qtbot, dialog)
    [saved] = services.wages.lost_wages(case_id)
    assert (saved.override, saved.override_reason, saved.amount) == (None, "", Money.of(480))


def test_editing_keeps_where_the_record_came_from(
    qtbot: QtBot, services: Services, make_case: MakeCase
) -> None:
    """A record opened for editing shows its values and saves over itself, keeping its links."""
    case_id = make_case().id or 0
    original = services.wages.add(
        rideshare(case_id, period_to=date(2026, 7, 31), override=Money.of(2_000), override_reason="Tips")
    )
    dialog = new_dialog(qtbot, services, case_id, original)
    assert dialog.windowTitle() == "Lost wages from Uber"
    assert (dialog.rate.text(), dialog.missed.text()) == ("900.00", "10")
    assert (dialog.period_from.text(), dialog.period_to.text()) == ("07/01/2026", "07/31/2026")
    assert dialog.override_box.isChecked() and dialog.override.text() == "2,000.00"
    assert not dialog.origin.isVisibleTo(dialog)
    assert not dialog.has_changes()
    dialog.notes.setPlainText("Weekly statements from the app")
    click_save(qtbot, dialog)
    [saved] = services.wages.lost_wages(case_id)
    assert saved.id == original.id and saved.notes == "Weekly statements from the app"
    assert saved.override == Money.of(2_000)


def test_dialog_is_usable_from_the_keyboard(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Every field has a mnemonic on its label, and Tab goes through them in the order they are shown."""
    dialog = new_dialog(qtbot, services, make_case().id or 0)
    show(qtbot, dialog)
    fields = [
        dialog.employer,
        dialog.basis,
        dialog.rate,
        dialog.missed,
        dialog.period_from,
        dialog.period_to,
        dialog.override_box,
        dialog.override,
        dialog.override_reason,
        dialog.notes,
    ]
    buddies = {label.buddy() for label in dialog.findChildren(QLabel) if "&" in label.text()}
    for field in fields:
        assert field in buddies or "&" in getattr(field, "text", lambda: "")()
    tick(qtbot, dialog.override_box)  # the override fields take focus now
    dialog.employer.setFocus()
    order = [dialog.focusWidget()]
    for _ in fields[1:]:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
        order.append(dialog.focusWidget())
    assert order == fields
    qtbot.keyClick(dialog.notes, Qt.Key.Key_Tab)
    assert dialog.focusWidget() in dialog.buttons.buttons()  # Tab leaves the notes, no tab typed in them
    assert dialog.notes.toPlainText() == ""


def test_saving_from_the_keyboard(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Typed into from the keyboard only, Enter saves the record."""
    case_id = make_case().id or 0
    dialog = new_dialog(qtbot, services, case_id)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.employer, "Acme Roofing")
    qtbot.keyClick(dialog.employer, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Down)  # Daily
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "240")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "3")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    [saved] = services.wages.lost_wages(case_id)
    assert (saved.basis, saved.rate, saved.missed, saved.amount) == (
        WageBasis.DAILY,
        Money.of(240),
        Decimal(3),
        Money.of(720),
    )


def test_a_record_from_an_interview_says_so(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Editing a record confirmed from an interview tells the user the interview itself stays as it was."""
    case = make_case()
    interview = services.interviews.start(case.id or 0, "follow_up")
    wage = services.wages.add(grocery(case.id or 0, interview_id=interview.id))
    dialog = new_dialog(qtbot, services, case.id or 0, wage)
    dialog.show()
    assert dialog.origin.isVisible() and "interview" in dialog.origin.text()
    dialog.employer.selectAll()
    qtbot.keyClicks(dialog.employer, "HEB")
    click_save(qtbot, dialog)
    [saved] = services.wages.lost_wages(case.id or 0)
    assert (saved.employer, saved.interview_id) == ("HEB", interview.id)


def test_notes_column_shows_one_line(qtbot: QtBot, services: Services, make_case: MakeCase) -> None:
    """Notes over several lines read as one line in the table and whole in the tooltip."""
    case_id = make_case().id or 0
    services.wages.add(grocery(case_id, notes="Stubs May\nLetter 08/12"))
    panel = shown_panel(qtbot, services, case_id)
    index = panel.model.index(0, COL_NOTES)
    assert index.data() == "Stubs May Letter 08/12"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "Stubs May\nLetter 08/12"
