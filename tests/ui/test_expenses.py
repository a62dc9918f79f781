"""The expense ledger, its dialogs and exports, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.documents import Document
from casedesk.domain.expenses import Expense, PaidBy
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services, open_services
from casedesk.store.documents import add_document
from casedesk.store.expenses import ExpenseRow
from casedesk.store.invoices import InvoiceRow
from casedesk.ui.finances import expenses as panel_module
from casedesk.ui.finances.expense_categories import CategoriesDialog
from casedesk.ui.finances.expense_dialog import ExpenseDialog
from casedesk.ui.finances.expense_model import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_DATE,
    COL_INVOICE,
    COL_PAYEE,
    COL_RECEIPT,
    COL_RUNNING,
    ExpenseTableModel,
)
from casedesk.ui.finances.expenses import (
    EMPTY_TEXT,
    FILTERED_EMPTY_TEXT,
    NOTHING_INVOICEABLE,
    ExpensesPanel,
    run_caseload_export,
)
from casedesk.ui.tasks import TaskRunner
from tests.conftest import fixed_clock
from tests.ui.conftest import click_save

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    return make_case().id or 0


def expense(case_id: int, **changes: Any) -> Expense:
    fields: dict[str, Any] = {
        "case_id": case_id,
        "spent_on": date(2026, 10, 5),
        "category": "Filing fee",
        "payee": "Travis County District Clerk",
        "description": "Original petition",
        "amount": Money.parse("350.00"),
    }
    return Expense(**(fields | changes))


def show(qtbot: QtBot, widget: QWidget) -> None:
    """On screen and active, so that its keyboard shortcuts and focus work."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> ExpensesPanel:
    panel = ExpensesPanel(services.expenses)
    qtbot.addWidget(panel)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def column(panel: ExpensesPanel, col: int) -> list[str]:
    model = panel.model
    return [model.index(row, col).data() for row in range(model.rowCount())]


def invoice(services: Services, case_id: int, expense_ids: list[int]) -> None:
    """Bill these expenses on an invoice, written straight to its tables."""
    with services._case_file.session() as session:
        row = InvoiceRow(
            case_id=case_id, number="INV-2026-0007", issued_on=date(2026, 11, 1), total=Money.of(1)
        )
        session.add(row)
        session.flush()
        for expense_id in expense_ids:
            stored = session.get(ExpenseRow, expense_id)
            assert stored is not None
            stored.invoice_id = row.id


def document(services: Services, case_id: int, name: str) -> int:
    with services._case_file.session() as session:
        stored = add_document(
            session,
            Document(case_id, "ab" * 32, name, 1000, 1, datetime(2026, 10, 6, tzinfo=UTC)),
        )
        return stored.id or 0


def tick(qtbot: QtBot, box: QAbstractButton) -> None:
    """Click a check box or radio button on its box (a form stretches it; its middle may be empty)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))


def select_rows(panel: ExpensesPanel, *rows: int) -> None:
    """Select these rows as Ctrl+click would, the first one current."""
    selection = panel.table.selectionModel()
    flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    selection.setCurrentIndex(panel.model.index(rows[0], 0), selection.SelectionFlag.NoUpdate)
    selection.clearSelection()
    for row in rows:
        selection.select(panel.model.index(row, 0), flags)


# --- the model ---------------------------------------------------------------------------------


def test_model_passes_the_model_tester(qtmodeltester: Any, services: Services, case_id: int) -> None:
    """The ledger model behaves as Qt's views expect, with and without rows."""
    model = ExpenseTableModel()
    qtmodeltester.check(model)
    services.expenses.add(expense(case_id))
    services.expenses.add(expense(case_id, paid_by=PaidBy.CLIENT, notes="a note"))
    model.set_rows(services.expenses.ledger(case_id))
    qtmodeltester.check(model)


# --- the panel ---------------------------------------------------------------------------------


def test_empty_states_say_what_to_do(qtbot: QtBot, services: Services, case_id: int) -> None:
    """No case: nothing can be added; an empty case says how to add; a filter that hides all says so."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.text() == "No case selected." and not panel.new_button.isEnabled()
    panel.set_case(case_id)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == EMPTY_TEXT
    assert panel.new_button.isEnabled() and not panel.edit_button.isEnabled()
    assert not panel.invoice_button.isEnabled()
    services.expenses.add(expense(case_id))
    panel.refresh()
    qtbot.keyClicks(panel.date_from, "11/01/2026")
    assert panel.empty_label.text() == FILTERED_EMPTY_TEXT
    qtbot.mouseClick(panel.clear_button, Qt.MouseButton.LeftButton)
    assert panel.model.expense_count == 1 and panel.date_from.text() == ""


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_a_month_of_expenses_through_the_dialog(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """Expenses typed in the dialog are listed by date with a running total, totals and categories."""
    typed = [
        ("10/02/2026", "Filing fee", "Travis County District Clerk", "Original petition", "350"),
        ("10/09/2026", "Service of process", "Lone Star Process", "Serve defendant", "$95.00"),
        ("10/06/2026", "Records copy fee", "St. David's Medical Center", "ER records", "1,204.56"),
        ("10/21/2026", "Postage / courier", "FedEx", "Records request", "23.10"),
        ("10/30/2026", "Travel", "Client home visit", "Mileage", "48.30"),
    ]
    queue = list(typed)

    def fill(dialog: ExpenseDialog) -> None:
        day, category, payee, description, amount = queue.pop(0)
        dialog.spent_on.selectAll()
        qtbot.keyClicks(dialog.spent_on, day)
        dialog.category.setCurrentIndex(dialog.category.findData(category))
        qtbot.keyClicks(dialog.payee, payee)
        qtbot.keyClicks(dialog.description, description)
        qtbot.keyClicks(dialog.amount, amount)
        if category == "Travel":
            tick(qtbot, dialog.client)
            tick(qtbot, dialog.reimbursable)

    answer_dialog(ExpenseDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    for _ in typed:
        with qtbot.waitSignal(panel.changed):
            qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert column(panel, COL_DATE) == [
        "10/02/2026",
        "10/06/2026",
        "10/09/2026",
        "10/21/2026",
        "10/30/2026",
        "Total",
    ]
    assert column(panel, COL_CATEGORY)[5] == "5 expenses"
    assert column(panel, COL_RUNNING)[:5] == ["$350.00", "$1,554.56", "$1,649.56", "$1,672.66", "$1,720.96"]
    assert column(panel, COL_AMOUNT)[5] == "$1,720.96"
    assert panel.selected_entry() is not None and panel.selected_entry().expense.payee == "Client home visit"
    totals = panel.totals_label.text()
    assert "All expenses of the case (5 expenses): <b>$1,720.96</b>" in totals
    assert "case costs (firm-paid, reimbursable, not repaid) <b>$1,672.66</b>" in totals
    assert (
        "Records copy fee <b>$1,204.56</b> (1)" in totals and "verified by the responsible attorney" in totals
    )
    saved = {e.expense.payee: e.expense for e in services.expenses.ledger(case_id)}
    assert saved["Client home visit"].paid_by is PaidBy.CLIENT and not saved["Client home visit"].reimbursable
    assert saved["St. David's Medical Center"].amount == Money.parse("1204.56")


def test_filters_by_date_category_payer_and_invoicing(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Each filter narrows the rows; the running total and the totals follow what is shown."""
    first = services.expenses.add(expense(case_id, spent_on=date(2026, 9, 30)))
    services.expenses.add(
        expense(case_id, spent_on=date(2026, 10, 3), category="Travel", amount=Money.of(40))
    )
    services.expenses.add(
        expense(case_id, spent_on=date(2026, 10, 9), amount=Money.of(25), paid_by=PaidBy.CLIENT)
    )
    services.expenses.add(expense(case_id, spent_on=date(2026, 11, 2), category="Travel", reimbursable=False))
    invoice(services, case_id, [first.id or 0])
    panel = shown_panel(qtbot, services, case_id)
    assert panel.model.expense_count == 4
    qtbot.keyClicks(panel.date_from, "10/01/2026")
    qtbot.keyClicks(panel.date_to, "10/31/2026")
    assert column(panel, COL_DATE)[:-1] == ["10/03/2026", "10/09/2026"]
    assert column(panel, COL_RUNNING)[:2] == ["$40.00", "$65.00"]
    assert "Expenses shown (2 expenses): <b>$65.00</b>" in panel.totals_label.text()
    panel.category_filter.setCurrentIndex(panel.category_filter.findData("Travel"))
    assert column(panel, COL_DATE)[:-1] == ["10/03/2026"]
    panel.clear_filters()
    panel.paid_by_filter.setCurrentIndex(panel.paid_by_filter.findData(PaidBy.CLIENT))
    assert column(panel, COL_AMOUNT)[:-1] == ["$25.00"]
    panel.clear_filters()
    panel.reimbursable_filter.setCurrentIndex(panel.reimbursable_filter.findData(False))
    assert column(panel, COL_DATE)[:-1] == ["11/02/2026"]
    panel.clear_filters()
    tick(qtbot, panel.not_invoiced)
    assert panel.model.expense_count == 3 and "INV-2026-0007" not in column(panel, COL_INVOICE)
    # A date being typed that is not valid yet is marked and filters nothing.
    panel.clear_filters()
    qtbot.keyClicks(panel.date_from, "13/45/2026")
    assert panel.filter_error.isVisible() and panel.model.expense_count == 4


def test_delete_then_undo_with_the_button_and_ctrl_z(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Del removes the selected expenses; Undo, then Ctrl+Z, bring them back with every field."""
    services.expenses.add(expense(case_id, notes="keep me", invoice_reference="R-1"))
    services.expenses.add(expense(case_id, spent_on=date(2026, 10, 6), category="Travel"))
    services.expenses.add(expense(case_id, spent_on=date(2026, 10, 7), category="Expert"))
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    select_rows(panel, 0)
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert panel.model.expense_count == 2
    assert panel.undo_bar.isVisible() and "Deleted the filing fee of $350.00" in panel.undo_bar.label.text()
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    restored = services.expenses.ledger(case_id)[0].expense
    assert (restored.notes, restored.invoice_reference) == ("keep me", "R-1")
    assert not panel.undo_bar.isVisible()
    select_rows(panel, 1, 2)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert panel.model.expense_count == 1 and "Deleted 2 expenses ($700.00)" in panel.undo_bar.label.text()
    qtbot.keyClick(panel.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.model.expense_count == 3
    assert len(panel.selected_entries()) == 2


def test_keyboard_adds_and_edits(
    qtbot: QtBot, services: Services, case_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ins and Ctrl+N ask for a new expense; Enter on a row opens that expense."""
    services.expenses.add(expense(case_id))
    asked: list[Any] = []
    monkeypatch.setattr(ExpenseDialog, "ask", lambda _p, _s, _c, entry=None: asked.append(entry))
    panel = shown_panel(qtbot, services, case_id)
    panel.table.setFocus()
    select_rows(panel, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Insert)
    qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked == [None, None]
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert asked[2] is not None and asked[2].expense.payee == "Travis County District Clerk"


def test_invoice_selected_sends_only_what_can_be_invoiced(
    qtbot: QtBot, services: Services, case_id: int
) -> None:
    """The button says why it is off; on, it asks to invoice the firm-paid reimbursable, not-invoiced ones."""
    billed = services.expenses.add(expense(case_id))
    open_one = services.expenses.add(expense(case_id, spent_on=date(2026, 10, 6)))
    client = services.expenses.add(expense(case_id, spent_on=date(2026, 10, 7), paid_by=PaidBy.CLIENT))
    invoice(services, case_id, [billed.id or 0])
    panel = shown_panel(qtbot, services, case_id)
    select_rows(panel, 0)
    assert not panel.invoice_button.isEnabled() and panel.invoice_button.toolTip() == NOTHING_INVOICEABLE
    assert not panel.delete_button.isEnabled() and "void the invoice first" in panel.delete_button.toolTip()
    assert column(panel, COL_INVOICE)[0] == "INV-2026-0007"
    select_rows(panel, 0, 1, 2)
    assert panel.invoice_button.isEnabled()
    assert "2 selected cannot be invoiced" in panel.invoice_button.toolTip()
    with qtbot.waitSignal(panel.invoice_requested) as requested:
        qtbot.mouseClick(panel.invoice_button, Qt.MouseButton.LeftButton)
    assert requested.args == [[open_one.id]]
    assert client.id is not None


def test_an_invoiced_expense_is_locked_in_the_dialog(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """The dialog says which invoice bills it and keeps amount, payer and reimbursable as billed."""
    billed = services.expenses.add(expense(case_id))
    invoice(services, case_id, [billed.id or 0])
    seen: dict[str, Any] = {}

    def fill(dialog: ExpenseDialog) -> None:
        seen["banner"] = dialog.invoiced.text()
        seen["locked"] = [
            w.isEnabled() for w in (dialog.amount, dialog.firm, dialog.client, dialog.reimbursable)
        ]
        dialog.description.selectAll()
        qtbot.keyClicks(dialog.description, "Amended petition")

    answer_dialog(ExpenseDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    select_rows(panel, 0)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.edit_button, Qt.MouseButton.LeftButton)
    assert "INV-2026-0007" in seen["banner"] and "Void the invoice first" in seen["banner"]
    assert seen["locked"] == [False, False, False, False]
    [entry] = services.expenses.ledger(case_id)
    assert entry.expense.description == "Amended petition" and entry.is_invoiced


def test_dialog_checks_as_the_user_types(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Messages appear under the fields as they are typed, and Save stays off until all is right."""
    dialog = ExpenseDialog(services.expenses, case_id)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert (
        dialog.spent_on.text() == "11/21/2026" and dialog.firm.isChecked() and dialog.reimbursable.isChecked()
    )
    assert not save.isEnabled()  # no category, no amount yet; nothing said until touched
    assert not dialog.labels["amount"].isVisible()
    qtbot.keyClicks(dialog.amount, "12.345")
    assert dialog.form_errors.message("amount") == "Amounts have at most two decimals (cents)."
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "0")
    assert dialog.form_errors.message("amount") == "The amount must be more than $0.00."
    dialog.spent_on.clear()
    qtbot.keyClicks(dialog.spent_on, "02/30/2026")
    assert dialog.form_errors.message("spent_on") == "02/30/2026 does not exist on the calendar."
    dialog.spent_on.clear()
    qtbot.keyClicks(dialog.spent_on, "10/01/2029")
    assert "more than a year ahead" in dialog.form_errors.message("spent_on")
    dialog.spent_on.clear()
    qtbot.keyClicks(dialog.spent_on, "10/01/2026")
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "15")
    dialog.category.setCurrentIndex(0)
    dialog.category.setCurrentIndex(dialog.category.findData("Postage / courier"))
    assert save.isEnabled()
    click_save(qtbot, dialog)
    assert dialog.saved is not None and dialog.saved.amount == Money.of(15)


@pytest.mark.qt_log_ignore("This plugin does not support grabbing the keyboard")
def test_payee_picked_from_the_contacts_book(qtbot: QtBot, services: Services, case_id: int) -> None:
    """Typing part of a name offers the contact; picking it fills the payee and links the contact."""
    clerk = services.contacts.create(Contact("Travis County District Clerk", ContactRole.COURT, True))
    dialog = ExpenseDialog(services.expenses, case_id)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    dialog.payee.setFocus()
    qtbot.keyClicks(dialog.payee, "county")
    popup = dialog.completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert dialog.completer.completionModel().index(0, 0).data() == "Travis County District Clerk"
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.payee.text() == "Travis County District Clerk"
    assert "From the contacts book" in dialog.payee_link.text()
    expense_typed, _errors = dialog.read()
    assert expense_typed.payee_contact_id == clerk.id
    qtbot.keyClicks(dialog.payee, " (civil)")
    assert dialog.read()[0].payee_contact_id is None


def test_receipt_is_picked_and_opened(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """A stored document chosen as the receipt is listed, and Open Receipt asks to show it."""
    receipt_id = document(services, case_id, "clerk receipt.pdf")
    services.expenses.add(expense(case_id))

    def fill(dialog: ExpenseDialog) -> None:
        dialog.receipt.setCurrentIndex(dialog.receipt.findData(receipt_id))

    answer_dialog(ExpenseDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    select_rows(panel, 0)
    assert not panel.receipt_button.isEnabled()
    panel.edit_expense()
    assert column(panel, COL_RECEIPT)[0] == "clerk receipt.pdf"
    with qtbot.waitSignal(panel.receipt_requested) as requested:
        qtbot.mouseClick(panel.receipt_button, Qt.MouseButton.LeftButton)
    assert requested.args == [receipt_id]


def test_rename_and_hide_categories(
    qtbot: QtBot, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """Renaming a category in the dialog renames the case's expenses; a hidden one is not offered anew."""
    services.expenses.add(expense(case_id, category="Records copy fee"))

    def fill(dialog: CategoriesDialog) -> None:
        item = dialog.list.findItems("Records copy fee", Qt.MatchFlag.MatchExactly)[0]
        dialog.list.setCurrentItem(item)
        item.setText("Medical records")
        mediation = dialog.list.findItems("Mediation", Qt.MatchFlag.MatchExactly)[0]
        mediation.setCheckState(Qt.CheckState.Unchecked)
        dialog.list.setCurrentItem(mediation)
        qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)

    answer_dialog(CategoriesDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.categories_button, Qt.MouseButton.LeftButton)
    assert column(panel, COL_CATEGORY)[0] == "Medical records"
    assert "Renamed “Records copy fee” to “Medical records”" in panel.status.text()
    names = [c.name for c in services.expenses.categories()]
    assert names.index("Mediation") == names.index("Deposition / court reporter") - 1
    dialog = ExpenseDialog(services.expenses, case_id)
    qtbot.addWidget(dialog)
    assert dialog.category.findData("Mediation") < 0 and dialog.category.findData("Medical records") > 0


def test_categories_dialog_refuses_duplicates(qtbot: QtBot, services: Services) -> None:
    """Two categories with the same name (whatever the case) turn Save off and say which line."""
    dialog = CategoriesDialog(services.expenses)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    item = dialog.list.item(dialog.list.count() - 1)
    item.setText("TRAVEL")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    assert f"Line {dialog.list.count()}: “TRAVEL” is in the list twice" in dialog.error.text()
    item.setText("Travel (out of state)")
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_expenses_survive_closing_and_reopening_the_case_file(
    qtbot: QtBot, db_path: Path, services: Services, case_id: int, answer_dialog: AnswerDialog
) -> None:
    """What was added through the panel is there, exactly, after the file is closed and opened again."""

    def fill(dialog: ExpenseDialog) -> None:
        dialog.spent_on.selectAll()
        qtbot.keyClicks(dialog.spent_on, "10/14/2026")
        dialog.category.setCurrentIndex(dialog.category.findData("Expert"))
        qtbot.keyClicks(dialog.payee, "Dr. Ana Ruiz, MD")
        qtbot.keyClicks(dialog.amount, "2,500")
        qtbot.keyClicks(dialog.invoice_reference, "AR-2026-17")
        qtbot.keyClicks(dialog.notes, "Records review")

    answer_dialog(ExpenseDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    panel.new_expense()
    before = services.expenses.ledger(case_id)
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        assert reopened.expenses.ledger(case_id) == before
        again = ExpensesPanel(reopened.expenses)
        qtbot.addWidget(again)
        again.set_case(case_id)
        assert column(again, COL_PAYEE)[0] == "Dr. Ana Ruiz, MD"
        assert column(again, COL_AMOUNT)[0] == "$2,500.00"
        assert before[0].expense.notes == "Records review"
    finally:
        reopened.close()


def test_export_to_excel_from_the_panel(
    qtbot: QtBot, services: Services, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Export to Excel… writes the workbook in the background and says where; it reads back typed."""
    services.expenses.add(expense(case_id))
    services.expenses.add(expense(case_id, spent_on=date(2026, 10, 8), amount=Money.parse("19.99")))
    target = tmp_path / "ledger.xlsx"
    monkeypatch.setattr(panel_module, "ask_export_path", lambda *_args: target)
    panel = shown_panel(qtbot, services, case_id)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Saved the ledger" in panel.status.text())
    assert str(target) in panel.status.text() and "2 expenses, $369.99" in panel.status.text()
    sheet = load_workbook(target)["Expenses"]
    assert sheet["A6"].value.date() == date(2026, 10, 5) and sheet["A6"].number_format == "mm/dd/yyyy"
    assert sheet["E7"].value == pytest.approx(19.99) and sheet["F7"].value == pytest.approx(369.99)
    assert sheet["E8"].value == "=SUBTOTAL(9,E6:E7)" and sheet.freeze_panes == "A6"


def test_a_failed_export_is_explained(
    qtbot: QtBot, services: Services, case_id: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder that does not exist: a message saying so, and the button is usable again."""
    monkeypatch.setattr(panel_module, "ask_export_path", lambda *_args: tmp_path / "gone" / "x.xlsx")
    shown: list[str] = []
    monkeypatch.setattr(panel_module, "show_error", lambda _p, _t, error: shown.append(error.message))
    panel = shown_panel(qtbot, services, case_id)
    panel.export_ledger()
    qtbot.waitUntil(lambda: bool(shown))
    assert "does not exist" in shown[0] and panel.export_button.isEnabled()


def test_caseload_export_with_progress(
    qtbot: QtBot, services: Services, make_case: MakeCase, tmp_path: Path
) -> None:
    """The caseload ledger is written in the background; the progress dialog closes; the caller hears."""
    for case in (make_case(), make_case()):
        services.expenses.add(expense(case.id or 0))
    parent = QWidget()
    qtbot.addWidget(parent)
    show(qtbot, parent)
    said: list[str] = []
    target = tmp_path / "all.xlsx"
    run_caseload_export(parent, services.expenses, TaskRunner(), target, said.append)
    qtbot.waitUntil(lambda: bool(said))
    assert said == [f"Saved the expense ledger of all cases (2 expenses, $700.00) to {target}"]
    sheet = load_workbook(target)["Expenses"]
    assert sheet["A4"].value == "Case" and sheet["G7"].value == "=SUBTOTAL(9,G5:G6)"


def test_invoice_state_shows_in_the_ledger(qtbot: QtBot, services: Services, case_id: int) -> None:
    """A voided invoice's number is marked void and its expense can be invoiced again."""
    billed = services.expenses.add(expense(case_id))
    invoice(services, case_id, [billed.id or 0])
    with services._case_file.session() as session:
        row = session.get(InvoiceRow, services.expenses.entry(billed.id or 0).expense.invoice_id)
        assert row is not None
        row.voided_on = date(2026, 11, 3)
    panel = shown_panel(qtbot, services, case_id)
    assert column(panel, COL_INVOICE)[0] == "INV-2026-0007 (void)"
    select_rows(panel, 0)
    assert panel.invoice_button.isEnabled() and panel.delete_button.isEnabled()
    assert replace(billed, id=None).amount == Money.of(350)
