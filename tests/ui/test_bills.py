"""The bills panel and its dialog, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.bills import Bill
from casedesk.domain.cases import Case
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.medical.bill_dialogs import NO_PROVIDERS_MESSAGE, BillDialog
from casedesk.ui.medical.bills import (
    COL_ADJUSTED,
    COL_BILLED,
    COL_DOCUMENT,
    COL_OWED,
    COL_PAID_OWED,
    COL_PROVIDER,
    COL_SERVICE,
    EMPTY_TEXT,
    STATEMENT_MARK,
    BillsPanel,
    BillTableModel,
)
from tests.conftest import fixed_clock
from tests.services.test_bills import add_document, add_provider, er_bill, pt_bill

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case().id or 0


@pytest.fixture
def providers(services: Services, case_id: int) -> tuple[int, int]:
    """St. David's ER and Capital Physical Therapy on the case."""
    return add_provider(services, case_id, "St. David's Medical Center"), add_provider(
        services, case_id, "Capital Physical Therapy"
    )


def show(qtbot: QtBot, widget: QWidget) -> None:
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> BillsPanel:
    panel = BillsPanel(services.bills)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def cells(panel: BillsPanel, row: int) -> list[str]:
    model = panel.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def new_dialog(qtbot: QtBot, services: Services, case_id: int, bill: Bill | None = None) -> BillDialog:
    dialog = BillDialog(services.bills, case_id, bill)
    qtbot.addWidget(dialog)
    return dialog


def save_button(dialog: BillDialog) -> QWidget:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def test_model_passes_the_model_tester(
    qtmodeltester: Any, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """The bill model, with its totals row, behaves as Qt's views expect."""
    er, pt = providers
    model = BillTableModel()
    qtmodeltester.check(model)
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    model.set_rows(services.bills.bills(case_id), {er: "ER", pt: "PT"}, {})
    qtmodeltester.check(model)


def test_panel_lists_bills_with_a_totals_row_and_the_case_totals(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """Each bill shows its figures right-aligned; a bold totals row and the totals by source follow."""
    er, pt = providers
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    panel = shown_panel(qtbot, services, case_id)
    assert cells(panel, 0) == [
        "St. David's Medical Center",
        "06/14/2026",
        "$4,850.00",
        "$1,350.00",
        "$3,500.00",
        "$2,800.00",
        "$500.00",
        "$50.00",
        "$150.00",
        "$3,500.00",
        "none linked",
    ]
    assert cells(panel, 1)[COL_SERVICE] == "07/01/2026 – 09/30/2026"
    assert cells(panel, 1)[COL_OWED] == f"$1,100.00 {STATEMENT_MARK}"
    owed = panel.model.index(1, COL_OWED)
    assert owed.data(Qt.ItemDataRole.FontRole).italic()
    assert owed.data(Qt.ItemDataRole.ToolTipRole) == (
        "$1,100.00 as on the provider's statement, the same as $3,600.00 adjusted − $2,500.00 paid = "
        "$1,100.00"
    )
    totals = cells(panel, 2)
    assert totals[COL_PROVIDER] == "Total (2 bills)"
    assert totals[COL_BILLED : COL_PAID_OWED + 1] == [
        "$8,450.00",
        "$1,350.00",
        "$7,100.00",
        "$2,800.00",
        "$3,000.00",
        "$50.00",
        "$1,250.00",
        "$7,100.00",
    ]
    assert panel.model.index(2, COL_BILLED).data(Qt.ItemDataRole.FontRole).bold()
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert panel.model.index(0, COL_ADJUSTED).data(Qt.ItemDataRole.TextAlignmentRole) == right
    text = panel.totals_label.text()
    assert "2 bills from 2 providers" in text and "paid <b>$5,850.00</b>" in text
    assert "PIP/MedPay $3,000.00" in text
    panel.table.selectRow(2)
    assert panel.selected_bill() is None  # the totals row cannot be selected


def test_empty_states(qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]) -> None:
    """No case, no bills, and a provider without bills each say so; New is only offered with a case."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == "No case selected."
    assert not panel.new_button.isEnabled()
    panel.set_case(case_id)
    assert panel.empty_label.text() == EMPTY_TEXT and not panel.totals_label.isVisible()
    assert panel.new_button.isEnabled() and not panel.edit_button.isEnabled()
    services.bills.add_bill(er_bill(case_id, providers[0]))
    panel.refresh()
    panel.show_provider(providers[1])
    assert panel.empty_label.isVisible() and "No bills from this provider" in panel.empty_label.text()
    assert panel.totals_label.isVisible()


def test_filter_by_provider_totals_that_providers_bills(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """Choosing a provider lists and totals only its bills; the line under still gives the case's."""
    er, pt = providers
    services.bills.add_bill(er_bill(case_id, er))
    zero = Money.zero()
    services.bills.add_bill(
        er_bill(
            case_id,
            er,
            service_from=date(2026, 6, 16),
            billed=Money.parse("1,500"),
            adjustment=zero,
            health_paid=zero,
            pip_paid=zero,
            client_paid=zero,
        )
    )
    services.bills.add_bill(pt_bill(case_id, pt))
    panel = shown_panel(qtbot, services, case_id)
    filter_texts = [panel.provider_filter.itemText(i) for i in range(panel.provider_filter.count())]
    assert filter_texts == [
        "All providers",
        "Capital Physical Therapy (1 bill, $3,600.00)",
        "St. David's Medical Center (2 bills, $6,350.00)",
    ]
    panel.provider_filter.setCurrentIndex(2)
    assert panel.model.bill_count == 2
    assert cells(panel, 2)[COL_PROVIDER] == "Total (2 bills)"
    assert cells(panel, 2)[COL_BILLED] == "$6,350.00"
    assert "billed <b>$9,950.00</b>" in panel.totals_label.text()


def test_add_a_bill_by_typing(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int], answer_dialog: AnswerDialog
) -> None:
    """New bill… saves what was typed to the cent, with the amounts worked out as the user typed."""
    er, _pt = providers
    document = add_document(services, case_id, "st-davids-ub04.pdf", 3)
    seen: dict[str, str] = {}

    def fill(dialog: BillDialog) -> None:
        dialog.provider.setCurrentIndex(dialog.provider.findData(er))
        qtbot.keyClicks(dialog.service_from, "06/14/2026")
        qtbot.keyClicks(dialog.billed, "$4,850")
        qtbot.keyClicks(dialog.adjustment, "1350")
        seen["adjusted"] = dialog.adjusted.text()
        qtbot.keyClicks(dialog.health_paid, "2,800.00")
        qtbot.keyClicks(dialog.pip_paid, "500")
        qtbot.keyClicks(dialog.client_paid, "50")
        seen["paid"] = dialog.total_paid.text()
        seen["owed"] = dialog.owed_note.text()
        seen["paid owed"] = dialog.paid_owed.text()
        dialog.document.setCurrentIndex(dialog.document.findData(document))
        qtbot.keyClicks(dialog.page, "2")
        qtbot.keyClicks(dialog.notes, "UB-04, account 88-1204")

    answer_dialog(BillDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert seen["adjusted"] == "Adjusted: <b>$3,500.00</b> ($4,850.00 − $1,350.00)"
    assert seen["paid"] == "<b>$3,350.00</b> ($2,800.00 + $500.00 + $50.00)"
    assert seen["owed"] == "<b>$150.00</b> = adjusted less payments"
    assert seen["paid owed"] == "<b>$3,500.00</b>"
    [saved] = services.bills.bills(case_id)
    assert saved == Bill(
        case_id=case_id,
        provider_id=er,
        service_from=date(2026, 6, 14),
        billed=Money.parse("4,850.00"),
        adjustment=Money.parse("1,350.00"),
        health_paid=Money.parse("2,800.00"),
        pip_paid=Money.parse("500.00"),
        client_paid=Money.parse("50.00"),
        document_id=document,
        page=2,
        notes="UB-04, account 88-1204",
        id=saved.id,
    )
    assert panel.selected_bill() == saved
    assert cells(panel, 0)[COL_DOCUMENT] == "st-davids-ub04.pdf, p. 2"


def test_owed_from_the_statement_shows_its_difference(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int]
) -> None:
    """Ticking the statement box takes the owed amount as typed and says how far it is from the arithmetic."""
    dialog = new_dialog(qtbot, services, case_id, services.bills.add_bill(er_bill(case_id, providers[0])))
    assert not dialog.owed.isEnabled()
    tick(qtbot, dialog.owed_box)
    assert dialog.owed.isEnabled()
    assert dialog.labels["owed"].text().startswith("Type the amount owed as on the statement")
    assert not save_button(dialog).isEnabled()
    qtbot.keyClicks(dialog.owed, "210.40")
    assert "$60.40 more than adjusted less payments ($150.00)" in dialog.owed_note.text()
    assert dialog.paid_owed.text() == "<b>$3,560.40</b>"
    assert save_button(dialog).isEnabled()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    [saved] = services.bills.bills(case_id)
    assert (saved.owed, saved.balance) == (Money.parse("210.40"), Money.parse("210.40"))


@pytest.mark.parametrize(
    ("field", "text", "name", "message"),
    [
        ("billed", "lots", "billed", "“lots” is not an amount of money."),
        ("billed", "-4850", "billed", "The amount billed cannot be negative."),
        ("adjustment", "5000", "adjustment", "The adjustment ($5,000.00) is more than the amount billed"),
        ("client_paid", "200.01", "payments", "The payments ($3,500.01) are more than the adjusted amount"),
        ("health_paid", "2,800.005", "health_paid", "at most two decimals"),
        ("service_from", "06/31/2026", "service_from", "does not exist on the calendar"),
        ("service_to", "06/01/2026", "service_to", "cannot be before the first"),
        ("page", "two", "page", "“two” is not a page number."),
        ("page", "3", "page", "Pick the document the page is in"),
    ],
)
def test_bad_input_is_explained_as_typed_and_nothing_is_saved(
    qtbot: QtBot,
    services: Services,
    case_id: int,
    providers: tuple[int, int],
    field: str,
    text: str,
    name: str,
    message: str,
) -> None:
    """A wrong value shows its message under the field at once, stays as typed, and Save is refused."""
    dialog = new_dialog(qtbot, services, case_id)
    qtbot.keyClicks(dialog.service_from, "06/14/2026")
    qtbot.keyClicks(dialog.billed, "4850")
    qtbot.keyClicks(dialog.adjustment, "1350")
    qtbot.keyClicks(dialog.health_paid, "2800")
    qtbot.keyClicks(dialog.pip_paid, "500")
    assert save_button(dialog).isEnabled()
    widget = getattr(dialog, field)
    widget.clear()
    qtbot.keyClicks(widget, text)
    assert message in dialog.labels[name].text()
    assert dialog.labels[name].isVisibleTo(dialog)
    assert not save_button(dialog).isEnabled()
    assert widget.text() == text
    dialog._on_save()  # Enter on the form, should the button be reached anyway
    assert dialog.result() == 0 and services.bills.bills(case_id) == []


def test_a_case_without_providers_says_to_add_them_first(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """Bills belong to a provider on the case: without one the dialog says what to do and cannot save."""
    dialog = new_dialog(qtbot, services, case_id)
    assert dialog.labels["provider"].text() == NO_PROVIDERS_MESSAGE
    qtbot.keyClicks(dialog.service_from, "06/14/2026")
    qtbot.keyClicks(dialog.billed, "100")
    assert not save_button(dialog).isEnabled()


def test_insert_adds_enter_edits_and_delete_then_undo(
    qtbot: QtBot,
    services: Services,
    case_id: int,
    providers: tuple[int, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ins asks for a bill; Enter opens the selected one; Del deletes it; Undo and Ctrl+Z bring it back."""
    er, pt = providers
    services.bills.add_bill(er_bill(case_id, er))
    services.bills.add_bill(pt_bill(case_id, pt))
    asked: list[Bill | None] = []

    def ask(_parent: object, _bills: object, _case_id: int, bill: Bill | None = None) -> None:
        asked.append(bill)

    monkeypatch.setattr(BillDialog, "ask", ask)
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Insert)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert asked[0] is None and asked[1] is not None and asked[1].provider_id == er

    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert [b.provider_id for b in services.bills.bills(case_id)] == [pt]
    assert "St. David's Medical Center for 06/14/2026 ($4,850.00 billed)" in panel.undo_bar.label.text()
    assert cells(panel, 1)[COL_BILLED] == "$3,600.00"  # the totals row follows
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    assert len(services.bills.bills(case_id)) == 2
    assert panel.selected_bill() is not None and panel.selected_bill().provider_id == er  # type: ignore[union-attr]

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.bill_count == 1
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.model.bill_count == 2
    assert services.bills.totals(case_id).billed == Money.parse("8,450.00")


def test_edit_keeps_the_bill_and_changes_its_figures(
    qtbot: QtBot, services: Services, case_id: int, providers: tuple[int, int], answer_dialog: AnswerDialog
) -> None:
    """Editing loads every figure, saves the change on the same bill, and the totals follow."""
    er, _pt = providers
    original = services.bills.add_bill(er_bill(case_id, er, service_to=date(2026, 6, 15)))
    seen: dict[str, str] = {}

    def fill(dialog: BillDialog) -> None:
        seen["billed"], seen["to"] = dialog.billed.text(), dialog.service_to.text()
        dialog.client_paid.selectAll()
        qtbot.keyClicks(dialog.client_paid, "150")

    answer_dialog(BillDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.table.selectRow(0)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert seen == {"billed": "4,850.00", "to": "06/15/2026"}
    [saved] = services.bills.bills(case_id)
    assert saved.id == original.id and saved.client_paid == Money.of(150) and saved.balance == Money.of(50)
    assert cells(panel, 1)[COL_OWED] == "$50.00"


def test_bills_survive_closing_and_reopening_the_case_file(
    qtbot: QtBot,
    db_path: Path,
    services: Services,
    case_id: int,
    providers: tuple[int, int],
    answer_dialog: AnswerDialog,
) -> None:
    """A bill typed into the panel is there, exactly, after the file is closed and opened again."""

    def fill(dialog: BillDialog) -> None:
        dialog.provider.setCurrentIndex(dialog.provider.findData(providers[1]))
        qtbot.keyClicks(dialog.service_from, "7/1/2026")
        qtbot.keyClicks(dialog.service_to, "2026-09-30")
        qtbot.keyClicks(dialog.billed, "3600")
        qtbot.keyClicks(dialog.pip_paid, "2500.55")
        tick(qtbot, dialog.owed_box)
        qtbot.keyClicks(dialog.owed, "1,099.45")

    answer_dialog(BillDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.new_bill()
    before = services.bills.bills(case_id)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        assert reopened.bills.bills(case_id) == before
        [bill] = before
        assert (bill.pip_paid, bill.owed, bill.paid_plus_owed) == (
            Money.parse("2,500.55"),
            Money.parse("1,099.45"),
            Money.parse("3,600.00"),
        )
        again = BillsPanel(reopened.bills)
        qtbot.addWidget(again)
        again.set_case(case_id)
        assert cells(again, 0)[COL_PROVIDER] == "Capital Physical Therapy"
        assert cells(again, 0)[COL_OWED] == f"$1,099.45 {STATEMENT_MARK}"
    finally:
        reopened.close()
