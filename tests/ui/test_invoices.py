"""The Invoices sub-tab and its forms, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import CasedeskError
from casedesk.domain.invoices import InvoicePayment, InvoiceStatus, PaymentMethod
from casedesk.domain.money import Money
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.finances import invoices as invoices_module
from casedesk.ui.finances.invoice_dialogs import ITEM_DATE, NewInvoiceDialog, PaymentDialog, VoidInvoiceDialog
from casedesk.ui.finances.invoice_model import (
    COL_STATUS,
    InvoiceLineTableModel,
    InvoiceTableModel,
    PaymentTableModel,
)
from casedesk.ui.finances.invoices import EMPTY_TEXT, NOTHING_TO_INVOICE, InvoicesPanel
from tests.conftest import TODAY, fixed_clock
from tests.services.test_invoices import add_expenses, expense_invoice_ids

MakeCase = Callable[..., Case]
AnswerDialog = Callable[[type[Any], Callable[[Any], None]], list[Any]]


def show(qtbot: QtBot, widget: QWidget) -> None:
    """On screen and active, so that its keyboard shortcuts and focus work."""
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def shown_panel(qtbot: QtBot, services: Services, case_id: int | None) -> InvoicesPanel:
    panel = InvoicesPanel(services.invoices)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    show(qtbot, panel)
    panel.set_case(case_id)
    return panel


def cells(panel: InvoicesPanel, row: int) -> list[str]:
    model = panel.model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def save_button(dialog: Any) -> QWidget:
    widget: QWidget = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    return widget


def click_check(qtbot: QtBot, dialog: NewInvoiceDialog, row: int) -> None:
    """Click the check box at the start of an expense's row."""
    rect = dialog.items.visualRect(dialog.items.model().index(row, ITEM_DATE))
    qtbot.mouseClick(
        dialog.items.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y())
    )


def issue(services: Services, case_id: int, ids: list[int]) -> int:
    """Issue an invoice through the service; returns its id."""
    return services.invoices.issue(services.invoices.default_draft(case_id, tuple(ids))).id or 0


@pytest.fixture
def case_with_expenses(services: Services, make_case: MakeCase) -> tuple[int, list[int]]:
    """A case with a month of expenses: three to invoice ($350.00, $85.00, $42.50), two not."""
    case_id = make_case().id or 0
    return case_id, add_expenses(services, case_id)


@pytest.fixture
def no_errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, CasedeskError]]:
    """Message boxes the panel shows, recorded instead of shown."""
    shown: list[tuple[str, CasedeskError]] = []
    monkeypatch.setattr(
        invoices_module, "show_error", lambda _parent, title, error: shown.append((title, error))
    )
    return shown


# --- the models ----------------------------------------------------------------------------------


def test_models_pass_the_model_tester(
    qtmodeltester: Any, services: Services, case_with_expenses: tuple[int, list[int]]
) -> None:
    """The three models behave as Qt's views expect, empty and filled."""
    case_id, ids = case_with_expenses
    invoices, lines, payments = InvoiceTableModel(), InvoiceLineTableModel(), PaymentTableModel()
    for model in (invoices, lines, payments):
        qtmodeltester.check(model)
    invoice_id = issue(services, case_id, ids[:3])
    services.invoices.record_payment(InvoicePayment(invoice_id, TODAY, Money.of(100), reference="1042"))
    account = services.invoices.account(invoice_id)
    invoices.set_rows(services.invoices.accounts(case_id), TODAY)
    lines.set_rows(list(account.invoice.lines))
    payments.set_rows(list(account.payments))
    for model in (invoices, lines, payments):
        qtmodeltester.check(model)


# --- the list ------------------------------------------------------------------------------------


def test_empty_states_say_how_to_make_an_invoice(
    qtbot: QtBot, services: Services, make_case: MakeCase, no_errors_shown: list[Any]
) -> None:
    """No case: nothing to do; a case without invoices says how; nothing to invoice says why."""
    panel = shown_panel(qtbot, services, None)
    assert panel.empty_label.isVisible() and panel.empty_label.text() == "No case selected."
    assert not panel.new_button.isEnabled()
    panel.set_case(make_case().id)
    assert panel.empty_label.text() == EMPTY_TEXT and "Ctrl+N" in EMPTY_TEXT
    assert panel.new_button.isEnabled()
    for button in (panel.payment_button, panel.void_button, panel.pdf_button):
        assert not button.isEnabled()
    assert not panel.details.isVisible()
    qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert panel.notice.isVisible() and "Nothing to invoice" in panel.notice.text()
    assert NOTHING_TO_INVOICE.startswith("Nothing to invoice")


def test_list_shows_invoices_newest_first_with_paid_balance_and_status(
    qtbot: QtBot, services: Services, case_with_expenses: tuple[int, list[int]]
) -> None:
    """Number, date, bill to, total, paid, balance and status; the newest on top and selected."""
    case_id, ids = case_with_expenses
    first = issue(services, case_id, ids[:1])
    services.invoices.record_payment(InvoicePayment(first, TODAY, Money.of(100)))
    second = issue(services, case_id, ids[1:3])
    panel = shown_panel(qtbot, services, case_id)
    assert cells(panel, 0) == [
        "INV-2026-0002",
        "11/21/2026",
        "Maria Alvarez",
        "$127.50",
        "$0.00",
        "$127.50",
        "Open",
    ]
    assert cells(panel, 1)[3:] == ["$350.00", "$100.00", "$250.00", "Partly paid"]
    selected = panel.selected_account()
    assert selected is not None and selected.invoice.id == second
    assert panel.lines_model.rowCount() == 2
    assert "balance $127.50" in panel.detail.text()


# --- issuing -------------------------------------------------------------------------------------


def test_new_invoice_ticks_everything_totals_as_you_tick_and_issues(
    qtbot: QtBot,
    services: Services,
    case_with_expenses: tuple[int, list[int]],
    answer_dialog: AnswerDialog,
) -> None:
    """All offered expenses start ticked; unticking one updates the total; Issue saves and lists it."""
    case_id, ids = case_with_expenses
    seen: dict[str, Any] = {}

    def fill(dialog: NewInvoiceDialog) -> None:
        seen["rows"] = dialog.items.rowCount()
        seen["start"] = dialog.total_label.text()
        seen["bill_to"] = dialog.bill_to.toPlainText()
        seen["dates"] = (dialog.issued_on.text(), dialog.due_on.text())
        click_check(qtbot, dialog, 1)  # the $85.00 service of process
        seen["after"] = dialog.total_label.text()
        qtbot.keyClicks(dialog.notes, "Please pay within 30 days.")

    answer_dialog(NewInvoiceDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.new_button, Qt.MouseButton.LeftButton)
    assert seen["rows"] == 3
    assert "Ticked: 3 of 3" in seen["start"] and "$477.50" in seen["start"]
    assert "Ticked: 2 of 3" in seen["after"] and "$392.50" in seen["after"]
    assert seen["bill_to"] == "Maria Alvarez"
    assert seen["dates"] == ("11/21/2026", "12/21/2026")
    [account] = services.invoices.accounts(case_id)
    assert (account.invoice.number, account.invoice.total, account.invoice.notes) == (
        "INV-2026-0001",
        Money.parse("392.50"),
        "Please pay within 30 days.",
    )
    assert expense_invoice_ids(services, ids[:3]) == [account.invoice.id, None, account.invoice.id]
    assert cells(panel, 0)[0] == "INV-2026-0001"
    assert "Issued <b>INV-2026-0001</b>" in panel.notice.text()


def test_invoice_selected_expenses_from_the_ledger_ticks_only_those(
    qtbot: QtBot, services: Services, case_with_expenses: tuple[int, list[int]], answer_dialog: AnswerDialog
) -> None:
    """new_invoice(ids) (the ledger's Invoice Selected…) ticks just the expenses given."""
    case_id, ids = case_with_expenses
    seen: list[list[int]] = []
    answer_dialog(NewInvoiceDialog, lambda dialog: seen.append(dialog.ticked_ids()))
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        panel.new_invoice([ids[2]])
    assert seen == [[ids[2]]]
    [account] = services.invoices.accounts(case_id)
    assert [line.expense_id for line in account.invoice.lines] == [ids[2]]


def test_new_invoice_form_validates_as_you_type(
    qtbot: QtBot, services: Services, case_with_expenses: tuple[int, list[int]]
) -> None:
    """Nothing ticked, no bill-to, a bad or early due date: each says so and Issue stays off."""
    case_id, _ids = case_with_expenses
    contact = services.contacts.create(
        Contact(name="Gulf States Insurance", role=ContactRole.INSURER, address="PO Box 9, Houston, TX")
    )
    services.contacts.link(case_id, contact.id or 0, ContactRole.INSURER)
    dialog = NewInvoiceDialog(services.invoices, case_id)
    qtbot.addWidget(dialog)
    show(qtbot, dialog)
    assert save_button(dialog).isEnabled()
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert dialog.labels["expenses"].text() == "Tick at least one expense to invoice."
    assert not save_button(dialog).isEnabled()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    dialog.bill_to.clear()
    assert "Say who is billed" in dialog.labels["bill_to"].text()
    dialog.bill_to_pick.setCurrentIndex(1)
    dialog.bill_to_pick.activated.emit(1)
    assert dialog.bill_to.toPlainText() == "Gulf States Insurance\nPO Box 9, Houston, TX"
    dialog.due_on.selectAll()
    qtbot.keyClicks(dialog.due_on, "11/01/2026")
    assert dialog.labels["due_on"].text() == "The due date cannot be before the invoice date."
    assert not save_button(dialog).isEnabled()
    dialog.due_on.clear()
    assert save_button(dialog).isEnabled()  # empty: due on receipt
    dialog.issued_on.selectAll()
    qtbot.keyClicks(dialog.issued_on, "11/25/2026")
    assert dialog.due_on.text() == ""  # typed by the user: the date no longer moves it
    draft, errors = dialog._read()
    assert errors == {} and draft.bill_to_contact_id == contact.id


def test_due_date_follows_the_invoice_date_until_typed(
    qtbot: QtBot, services: Services, case_with_expenses: tuple[int, list[int]]
) -> None:
    """Changing the invoice date moves the due date 30 days after it."""
    case_id, _ids = case_with_expenses
    dialog = NewInvoiceDialog(services.invoices, case_id)
    qtbot.addWidget(dialog)
    dialog.issued_on.selectAll()
    qtbot.keyClicks(dialog.issued_on, "12/01/2026")
    assert dialog.due_on.text() == "12/31/2026"


def test_an_expense_invoiced_elsewhere_meanwhile_is_refused_and_the_form_stays(
    qtbot: QtBot,
    services: Services,
    case_with_expenses: tuple[int, list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue with an expense another window just invoiced: a clear message, nothing saved, form open."""
    case_id, ids = case_with_expenses
    messages: list[CasedeskError] = []
    monkeypatch.setattr("casedesk.ui.forms.show_error", lambda _p, _t, error: messages.append(error))
    dialog = NewInvoiceDialog(services.invoices, case_id)
    qtbot.addWidget(dialog)
    issue(services, case_id, ids[:1])
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.saved is None and dialog.result() == 0
    assert "already on another invoice" in messages[0].message
    assert len(services.invoices.accounts(case_id)) == 1


# --- payments ------------------------------------------------------------------------------------


def test_record_a_partial_then_a_full_payment(
    qtbot: QtBot, services: Services, case_with_expenses: tuple[int, list[int]], answer_dialog: AnswerDialog
) -> None:
    """The amount starts at the balance; a partial payment leaves a balance, the rest pays it."""
    case_id, ids = case_with_expenses
    issue(services, case_id, ids[:3])  # $477.50
    seen: list[str] = []

    def partial(dialog: PaymentDialog) -> None:
        seen.append(dialog.amount.text())
        dialog.amount.selectAll()
        qtbot.keyClicks(dialog.amount, "500")
        seen.append(dialog.labels["amount"].text())
        dialog.amount.selectAll()
        qtbot.keyClicks(dialog.amount, "200")
        dialog.method.setCurrentIndex(dialog.method.findData(PaymentMethod.CHECK))
        qtbot.keyClicks(dialog.reference, "1042")

    answer_dialog(PaymentDialog, partial)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.payment_button, Qt.MouseButton.LeftButton)
    assert seen[0] == "477.50"
    assert seen[1].startswith("That is more than the $477.50 still owed")
    assert cells(panel, 0)[4:] == ["$200.00", "$277.50", "Partly paid"]
    assert panel.payments_model.rowCount() == 1
    assert panel.payments_model.index(0, 3).data() == "1042"

    answer_dialog(PaymentDialog, lambda dialog: dialog.method.setCurrentIndex(1))
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.table, Qt.Key.Key_Return)  # Enter on the invoice records a payment
    assert cells(panel, 0)[4:] == ["$477.50", "$0.00", "Paid"]
    assert panel.model.index(0, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert not panel.payment_button.isEnabled() and panel.void_button.isEnabled()
    [account] = services.invoices.accounts(case_id)
    assert account.status is InvoiceStatus.PAID
    assert [p.method for p in account.payments] == [PaymentMethod.CHECK, PaymentMethod.WIRE]


def test_delete_a_payment_then_undo_with_ctrl_z(
    qtbot: QtBot, services: Services, case_with_expenses: tuple[int, list[int]]
) -> None:
    """Del on a payment removes it (the balance comes back); Undo and Ctrl+Z put it back."""
    case_id, ids = case_with_expenses
    invoice_id = issue(services, case_id, ids[:1])
    services.invoices.record_payment(InvoicePayment(invoice_id, TODAY, Money.of(350), reference="77"))
    panel = shown_panel(qtbot, services, case_id)
    panel.payments_table.setFocus()
    panel.payments_table.selectRow(0)
    assert panel.delete_payment_button.isEnabled()
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.payments_table, Qt.Key.Key_Delete)
    assert cells(panel, 0)[4:] == ["$0.00", "$350.00", "Open"]
    assert panel.undo_bar.isVisible() and "$350.00" in panel.undo_bar.label.text()
    with qtbot.waitSignal(panel.changed):
        qtbot.keyClick(panel.payments_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cells(panel, 0)[4:] == ["$350.00", "$0.00", "Paid"]
    assert not panel.undo_bar.isVisible()
    [payment] = services.invoices.account(invoice_id).payments
    assert payment.reference == "77"


# --- voiding -------------------------------------------------------------------------------------


def test_void_needs_a_reason_and_frees_the_expenses(
    qtbot: QtBot,
    services: Services,
    case_with_expenses: tuple[int, list[int]],
    answer_dialog: AnswerDialog,
) -> None:
    """Void asks why (Void stays off till then); the invoice stays listed as Void, its expenses free."""
    case_id, ids = case_with_expenses
    issue(services, case_id, ids[:2])
    seen: dict[str, Any] = {}

    def fill(dialog: VoidInvoiceDialog) -> None:
        seen["enabled"] = save_button(dialog).isEnabled()
        seen["text"] = dialog.explanation.text()
        qtbot.keyClicks(dialog.reason, "Billed to the wrong party")

    answer_dialog(VoidInvoiceDialog, fill)
    panel = shown_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.changed):
        qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    assert seen["enabled"] is False
    assert "stays used" in seen["text"]
    assert cells(panel, 0)[5:] == ["$0.00", "Void"]
    assert "Billed to the wrong party" in panel.detail.text()
    assert not panel.void_button.isEnabled() and not panel.payment_button.isEnabled()
    assert panel.pdf_button.isEnabled()
    assert expense_invoice_ids(services, ids[:2]) == [None, None]
    assert panel.lines_model.rowCount() == 2  # still shows what it billed


def test_void_is_refused_while_payments_are_recorded(
    qtbot: QtBot,
    services: Services,
    case_with_expenses: tuple[int, list[int]],
    no_errors_shown: list[tuple[str, CasedeskError]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An invoice with a payment cannot be voided: the message says to delete the payments first."""
    case_id, ids = case_with_expenses
    invoice_id = issue(services, case_id, ids[:1])
    services.invoices.record_payment(InvoicePayment(invoice_id, TODAY, Money.of(50)))
    monkeypatch.setattr(VoidInvoiceDialog, "ask", lambda *_a: pytest.fail("the void form opened"))
    panel = shown_panel(qtbot, services, case_id)
    qtbot.mouseClick(panel.void_button, Qt.MouseButton.LeftButton)
    [(title, error)] = no_errors_shown
    assert title == "Invoice not voided" and "Delete its payments first" in error.hint
    assert services.invoices.account(invoice_id).status is InvoiceStatus.PARTLY_PAID


# --- keys, restart, PDF --------------------------------------------------------------------------


def test_ctrl_n_is_new_invoice_even_where_the_window_has_its_own(
    qtbot: QtBot,
    services: Services,
    case_with_expenses: tuple[int, list[int]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ctrl+N in the panel asks for a new invoice, not the window's New Case."""
    case_id, _ids = case_with_expenses
    asked: list[Any] = []
    monkeypatch.setattr(NewInvoiceDialog, "ask", lambda *args: asked.append(args))
    window = QMainWindow()
    qtbot.addWidget(window)
    new_case = QAction("New Case", window)
    new_case.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    window.addAction(new_case)
    window_new: list[bool] = []
    new_case.triggered.connect(lambda: window_new.append(True))
    panel = InvoicesPanel(services.invoices)
    window.setCentralWidget(panel)
    show(qtbot, window)
    panel.set_case(case_id)
    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 1 and window_new == []


def test_everything_is_there_after_a_restart(
    qtbot: QtBot, services: Services, db_path: Path, case_with_expenses: tuple[int, list[int]]
) -> None:
    """A reopened case file shows the same invoices, payments and void marks."""
    case_id, ids = case_with_expenses
    paid = issue(services, case_id, ids[:1])
    services.invoices.record_payment(InvoicePayment(paid, TODAY, Money.of(350), PaymentMethod.WIRE, "W-9"))
    voided = issue(services, case_id, ids[1:2])
    services.invoices.void(voided, "Duplicate")
    issue(services, case_id, ids[1:3])
    before = shown_panel(qtbot, services, case_id)
    shown = [cells(before, row) for row in range(before.model.rowCount())]
    services.close()
    reopened = open_services(db_path, clock=fixed_clock)
    try:
        after = shown_panel(qtbot, reopened, case_id)
        assert [cells(after, row) for row in range(after.model.rowCount())] == shown
        assert [row[-1] for row in shown] == ["Open", "Void", "Paid"]
        after.table.selectRow(2)
        assert after.payments_model.index(0, 3).data() == "W-9"
    finally:
        reopened.close()


def test_save_pdf_writes_it_in_the_background_and_offers_to_open_it(
    qtbot: QtBot,
    services: Services,
    case_with_expenses: tuple[int, list[int]],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Save PDF… asks where, writes the invoice, and the notice's link opens it."""
    case_id, ids = case_with_expenses
    issue(services, case_id, ids[:3])
    target = tmp_path / "out" / "invoice.pdf"
    target.parent.mkdir()
    asked: list[str] = []

    def ask_path(_parent: Any, _title: str, name: str, _suffix: str, _kind: str) -> Path:
        asked.append(name)
        return target

    opened: list[Path] = []
    monkeypatch.setattr(invoices_module, "ask_export_path", ask_path)
    monkeypatch.setattr(invoices_module, "open_with_system", lambda path: opened.append(path) or True)
    panel = shown_panel(qtbot, services, case_id)
    qtbot.mouseClick(panel.pdf_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Open it" in panel.notice.text())
    assert asked == ["PI-2026-0001 INV-2026-0001.pdf"]
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "INV-2026-0001" in text and "$477.50" in text and "Petition filing" in text
    panel.notice.linkActivated.emit("open")
    assert opened == [target]
