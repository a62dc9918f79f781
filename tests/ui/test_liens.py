"""The liens panel and its dialog, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.bills import MEDICARE_NOTE, Lien, LienKind, LienStatus
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.money import Money
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.domain.valuation import ValuationMethod
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.medical.bill_dialogs import LienDialog
from casedesk.ui.medical.liens import (
    COL_ASSERTED,
    COL_FINAL,
    COL_HOLDER,
    COL_REDUCTION,
    COL_SUGGESTED,
    EMPTY_TEXT,
    NOT_FINAL,
    LiensPanel,
    LienTableModel,
)
from tests.conftest import fixed_clock
from tests.services.test_bills import add_provider, er_bill, medicare, pt_bill

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case().id or 0


@pytest.fixture
def providers(services: Services, case_id: int) -> tuple[int, int]:
    """St. David's ER and Capital Physical Therapy on the case, with $8,450.00 billed between them."""
    er = add_provider(services, case_id, "St. David's Medical Center")
    pt = add_provider(services, case_id, "Capital Physical Therapy")
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    return er, pt


def hospital(case_id: int, provider_id: int | None = None, **changes: Any) -> Lien:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "holder": "St. David's Medical Center",
        "kind": LienKind.HOSPITAL,
        "asserted": Money.parse("1,690.00"),
        "reduction": Money.parse("190.00"),
        "final": Money.parse("1,450.00"),
        "status": LienStatus.FINAL,
        "provider_id": provider_id,
    }
    return Lien(**(fields | changes))


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None, **hooks: Any) -> LiensPanel:
    panel = LiensPanel(services.bills, **hooks)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.set_case(case_id)
    return panel


def cells(panel: LiensPanel, row: int) -> list[str]:
    model = panel.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def save_button(dialog: LienDialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def new_dialog(qtbot: QtBot, services: Services, case_id: int, lien: Lien | None = None) -> LienDialog:
    dialog = LienDialog(services.bills, case_id, lien)
    qtbot.addWidget(dialog)
    return dialog


def test_model_passes_the_model_tester(
    qtmodeltester: Any, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """The lien model behaves as Qt's views expect, with and without suggestions."""
    model = LienTableModel()
    qtmodeltester.check(model)
    services.bills.add_lien(medicare(case_id))
    services.bills.add_lien(hospital(case_id, providers[0]))
    suggestions = services.bills.suggestions(case_id, Money.of(15_000)).by_lien
    model.set_rows(services.bills.liens(case_id), {providers[0]: "ER"}, suggestions)
    qtmodeltester.check(model)


def test_panel_lists_liens_with_totals_and_what_is_not_final(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """Each lien's figures are shown; the totals count those not final; Medicare's 60 days are explained."""
    services.bills.add_lien(medicare(case_id))
    services.bills.add_lien(hospital(case_id, providers[0], final=Money.parse("1,400.00")))
    panel = shown_panel(qtbot, services, case_id)
    assert cells(panel, 0) == [
        "Medicare (BCRC)",
        "Medicare",
        "Asserted",
        "08/03/2026",
        "$2,800.00",
        "$0.00",
        NOT_FINAL,
        "",
        "",
    ]
    assert cells(panel, 1)[COL_FINAL] == "$1,400.00"
    assert cells(panel, 1)[-1] == "St. David's Medical Center"
    final = panel.model.index(1, COL_FINAL)
    assert final.data(Qt.ItemDataRole.FontRole).italic()
    assert final.data(Qt.ItemDataRole.ToolTipRole) == (
        "The final amount is $100.00 less than asserted less reduction ($1,690.00 − $190.00 = $1,500.00)."
    )
    assert panel.model.index(0, COL_FINAL).data(Qt.ItemDataRole.ToolTipRole) == (
        "Not final yet; asserted less reduction is $2,800.00."
    )
    text = panel.totals_label.text()
    assert "2 liens: asserted <b>$4,490.00</b> · reductions <b>$190.00</b> · final <b>$1,400.00</b>" in text
    assert "1 not final yet" in text
    assert "Taken from the recovery: $4,200.00" in text  # 2,800 + 1,400
    assert panel.medicare_note.isVisible() and panel.medicare_note.text() == MEDICARE_NOTE
    assert "60 days" in MEDICARE_NOTE
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert panel.model.index(0, COL_ASSERTED).data(Qt.ItemDataRole.TextAlignmentRole) == right


def test_empty_states(qtbot: QtBot, services: Services, case_id: int) -> None:
    """No case and no liens each say so; no Medicare note without a Medicare lien."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == "No case selected."
    assert not panel.new_button.isEnabled() and not panel.settlement.isEnabled()
    panel.set_case(case_id)
    assert panel.empty_label.text() == EMPTY_TEXT and not panel.totals_label.isVisible()
    assert not panel.medicare_note.isVisible()
    assert not panel.apply_button.isEnabled()


def test_typing_a_settlement_suggests_each_reduction_and_applying_it_can_be_undone(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """$15,000 expected: Medicare's $2,800 of $8,450 billed → $1,656.80; Apply sets it; Ctrl+Z reverts."""
    lien = services.bills.add_lien(medicare(case_id))
    panel = shown_panel(qtbot, services, case_id)
    assert panel.caveat.isVisible() and "verify every figure" in panel.caveat.text()
    qtbot.keyClicks(panel.settlement, "15,000")
    assert cells(panel, 0)[COL_SUGGESTED] == "$1,656.80"
    tooltip = panel.model.index(0, COL_SUGGESTED).data(Qt.ItemDataRole.ToolTipRole)
    assert tooltip.startswith(
        "($2,800.00 lien ÷ $8,450.00 all bills) × $15,000.00 settlement ÷ 3 = $1,656.80"
    )
    assert "verify every figure" in tooltip
    panel.table.selectRow(0)
    assert "Suggested reduction: ($2,800.00 lien" in panel.detail.text()
    assert panel.apply_button.isEnabled()
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert services.bills.liens(case_id)[0].reduction == Money.parse("1,656.80")
    assert cells(panel, 0)[COL_REDUCTION] == "$1,656.80"
    assert "to $1,656.80 (was $0.00)" in panel.undo_bar.label.text()
    assert not panel.apply_button.isEnabled()  # already applied
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert services.bills.liens(case_id) == [lien]


def test_a_settlement_that_is_not_an_amount_is_explained(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """Nonsense in the settlement says why and suggests nothing; the liens stay listed."""
    services.bills.add_lien(medicare(case_id))
    panel = shown_panel(qtbot, services, case_id)
    qtbot.keyClicks(panel.settlement, "sixty")
    assert panel.settlement_error.isVisible()
    assert panel.settlement_error.text() == "“sixty” is not an amount of money."
    assert cells(panel, 0)[COL_SUGGESTED] == "" and panel.model.rowCount() == 1


def test_the_settlement_can_come_from_the_valuation(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """The expected settlement starts at the valuation's "Expected" value and is offered back once changed."""
    services.valuation.save_inputs(ValuationInputs(case_id, medical_billed=Money.of(5_000)))
    services.valuation.add_scenario(
        Scenario(None, case_id, "Low", ValuationMethod.MULTIPLIER, multiplier=Decimal(2))
    )
    services.valuation.add_scenario(
        Scenario(None, case_id, "Expected", ValuationMethod.MULTIPLIER, multiplier=Decimal(3))
    )
    services.bills.add_lien(medicare(case_id))
    panel = shown_panel(qtbot, services, case_id, valuation=services.valuation)
    assert panel.settlement.text() == "15,000.00"  # 5,000 × 3, the Expected scenario
    assert cells(panel, 0)[COL_SUGGESTED] == "$1,656.80"
    assert not panel.use_valuation_button.isVisible()
    assert panel.settlement_source.isVisible()
    assert panel.settlement_source.text() == "the value of the valuation's “Expected” scenario"
    panel.settlement.selectAll()
    qtbot.keyClicks(panel.settlement, "9000")
    assert panel.use_valuation_button.isVisible()
    assert panel.use_valuation_button.text() == "Use the valuation's “Expected” ($15,000.00)"
    assert not panel.settlement_source.isVisible()
    qtbot.mouseClick(panel.use_valuation_button, Qt.MouseButton.LeftButton)
    assert panel.settlement.text() == "15,000.00"


def test_add_a_medicare_lien_by_typing(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int], answer_dialog: AnswerDialog
) -> None:
    """New lien… saves what was typed, linking the holder picked from the contacts book."""
    contact = services.contacts.create(Contact("Medicare BCRC", ContactRole.INSURER, is_organization=True))
    seen: dict[str, Any] = {}

    def fill(dialog: LienDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(LienKind.HOSPITAL))
        seen["medicare note before"] = dialog.medicare_note.isVisibleTo(dialog)
        dialog.holder.setCurrentIndex(dialog.holder.findText("Medicare BCRC"))
        seen["linked"] = dialog.holder_link.text()
        dialog.kind.setCurrentIndex(dialog.kind.findData(LienKind.MEDICARE))
        seen["medicare note"] = dialog.medicare_note.isVisibleTo(dialog)
        qtbot.keyClicks(dialog.asserted, "6,420.18")
        qtbot.keyClicks(dialog.reduction, "2140.06")
        seen["final hint"] = dialog.final_hint.text()
        qtbot.keyClicks(dialog.asserted_on, "08/03/2026")
        dialog.provider.setCurrentIndex(dialog.provider.findData(providers[0]))
        qtbot.keyClicks(dialog.notes, "Conditional payment letter")

    answer_dialog(LienDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert seen == {
        "medicare note before": False,
        "linked": "Linked to this contact in the contacts book.",
        "medicare note": True,
        "final hint": "Asserted less reduction: <b>$4,280.12</b>",
    }
    [saved] = services.bills.liens(case_id)
    assert saved == Lien(
        case_id=case_id,
        holder="Medicare BCRC",
        kind=LienKind.MEDICARE,
        asserted=Money.parse("6,420.18"),
        reduction=Money.parse("2,140.06"),
        holder_contact_id=contact.id,
        provider_id=providers[0],
        asserted_on=date(2026, 8, 3),
        notes="Conditional payment letter",
        id=saved.id,
    )
    assert panel.selected_lien() == saved


def test_marking_a_lien_final_fills_and_requires_its_final_amount(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """Final fills asserted less reduction; clearing it is refused; another figure says how it differs."""
    dialog = new_dialog(qtbot, services, case_id, services.bills.add_lien(medicare(case_id)))
    qtbot.keyClicks(dialog.reduction, "800")
    dialog.status.setCurrentIndex(dialog.status.findData(LienStatus.FINAL))
    assert dialog.final.text() == "2,000.00"
    dialog.final.clear()
    assert dialog.labels["final"].text() == (
        "A lien marked final needs its final amount (asserted less reduction is $2,000.00)."
    )
    assert not save_button(dialog).isEnabled()
    qtbot.keyClicks(dialog.final, "1,950")
    assert "$50.00 less than asserted less reduction" in dialog.final_hint.text()
    assert save_button(dialog).isEnabled()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    [saved] = services.bills.liens(case_id)
    assert (saved.status, saved.final, saved.reduction) == (LienStatus.FINAL, Money.of(1_950), Money.of(800))
    assert services.bills.unfinished_liens(case_id) == []


@pytest.mark.parametrize(
    ("field", "text", "name", "message"),
    [
        ("asserted", "a lot", "asserted", "“a lot” is not an amount of money."),
        ("asserted", "-5", "asserted", "The amount asserted cannot be negative."),
        ("reduction", "3,000", "reduction", "The reduction ($3,000.00) is more than the amount asserted"),
        ("final", "-1", "final", "The final amount cannot be negative."),
        ("asserted_on", "13/01/2026", "asserted_on", "does not exist on the calendar"),
    ],
)
def test_bad_input_is_explained_as_typed_and_nothing_is_saved(
    qtbot: QtBot, services: Services, case_id: int, field: str, text: str, name: str, message: str
) -> None:
    """A wrong value shows its message under the field at once, stays as typed; Save stays off."""
    dialog = new_dialog(qtbot, services, case_id)
    qtbot.keyClicks(dialog.holder.lineEdit(), "Texas HHSC (Medicaid)")
    qtbot.keyClicks(dialog.asserted, "2800")
    assert save_button(dialog).isEnabled()
    widget = getattr(dialog, field)
    widget.clear()
    qtbot.keyClicks(widget, text)
    assert message in dialog.labels[name].text() and dialog.labels[name].isVisibleTo(dialog)
    assert not save_button(dialog).isEnabled() and widget.text() == text
    dialog._on_save()
    assert services.bills.liens(case_id) == []


def test_a_holder_is_required(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Clearing the holder says who is missing."""
    dialog = new_dialog(qtbot, services, case_id)
    qtbot.keyClicks(dialog.holder.lineEdit(), "X")
    qtbot.keyClick(dialog.holder.lineEdit(), Qt.Key.Key_Backspace)
    assert dialog.labels["holder"].text() == "Name who holds the lien."


def test_delete_then_undo_and_enter_edits(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int], answer_dialog: AnswerDialog
) -> None:
    """Del removes the lien and Undo puts it back; Enter opens it and the edit is saved on the same lien."""
    saved = services.bills.add_lien(hospital(case_id, providers[0]))
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert services.bills.liens(case_id) == [] and panel.empty_label.isVisible()
    assert (
        "Deleted the lien of St. David's Medical Center ($1,690.00 asserted)." in panel.undo_bar.label.text()
    )
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    [restored] = services.bills.liens(case_id)
    assert restored.final == saved.final and restored.provider_id == providers[0]

    def fill(dialog: LienDialog) -> None:
        dialog.status.setCurrentIndex(dialog.status.findData(LienStatus.PAID))

    answer_dialog(LienDialog, fill)
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    [paid] = services.bills.liens(case_id)
    assert paid.id == restored.id and paid.status is LienStatus.PAID
    assert "all final" in panel.totals_label.text()


def test_liens_survive_closing_and_reopening_the_case_file(
    qtbot: QtBot, db_path: Path, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """A lien typed into the panel is there, exactly, after the file is closed and opened again."""

    def fill(dialog: LienDialog) -> None:
        qtbot.keyClicks(dialog.holder.lineEdit(), "Blue Cross Blue Shield of Texas")
        dialog.kind.setCurrentIndex(dialog.kind.findData(LienKind.HEALTH_PLAN))
        dialog.status.setCurrentIndex(dialog.status.findData(LienStatus.NEGOTIATING))
        qtbot.keyClicks(dialog.asserted, "3,333.33")
        qtbot.keyClicks(dialog.reduction, "1,111.11")

    answer_dialog(LienDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.new_lien()
    before = services.bills.liens(case_id)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        assert reopened.bills.liens(case_id) == before
        [lien] = before
        assert (lien.kind, lien.status, lien.payable) == (
            LienKind.HEALTH_PLAN,
            LienStatus.NEGOTIATING,
            Money.parse("2,222.22"),
        )
        again = LiensPanel(reopened.bills)
        qtbot.addWidget(again)
        again.set_case(case_id)
        assert cells(again, 0)[COL_HOLDER] == "Blue Cross Blue Shield of Texas"
    finally:
        reopened.close()
