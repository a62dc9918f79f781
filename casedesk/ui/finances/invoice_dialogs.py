"""The Invoices sub-tab's forms: a new invoice from ticked expenses, a payment received, voiding."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import ValidationError
from casedesk.domain.expenses import Expense
from casedesk.domain.invoices import (
    DEFAULT_DUE_DAYS,
    BillToChoice,
    Invoice,
    InvoiceAccount,
    InvoiceDraft,
    InvoicePayment,
    PaymentMethod,
    default_due_date,
)
from casedesk.domain.money import Money
from casedesk.domain.typed import DateError, format_date
from casedesk.ui.forms import (
    DateField,
    FormDialog,
    FormErrors,
    MoneyField,
    error_label,
    ignore_wheel_unless_focused,
    notes_box,
    save_form,
)

if TYPE_CHECKING:
    from casedesk.services.invoices import InvoiceService

HINT_STYLE = "color: #555;"
ITEM_DATE, ITEM_CATEGORY, ITEM_PAYEE, ITEM_DESCRIPTION, ITEM_AMOUNT = range(5)
_ITEM_HEADERS = ("Date", "Category", "Payee", "Description", "Amount")
_EXPENSE_ID = Qt.ItemDataRole.UserRole + 1


def _date(field: DateField, name: str, missing: str | None, errors: dict[str, str]) -> date | None:
    """The date typed in a field; a message under ``name`` when it is wrong (or missing, if required)."""
    try:
        value = field.value()
    except DateError as exc:
        errors[name] = str(exc)
        return None
    if value is None and missing is not None:
        errors[name] = missing
    return value


class NewInvoiceDialog(FormDialog):
    """Issue an invoice for some of a case's reimbursable, firm-paid expenses not yet invoiced.

    Attributes:
        saved: The invoice issued (set once Issue succeeded).
    """

    discard_subject = "this invoice"

    def __init__(
        self,
        invoices: InvoiceService,
        case_id: int,
        expense_ids: list[int] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._invoices = invoices
        self._case_id = case_id
        self.saved: Invoice | None = None
        self._expenses: list[Expense] = invoices.invoiceable_expenses(case_id)
        self._choices: list[BillToChoice] = invoices.bill_to_choices(case_id)
        start = invoices.default_draft(case_id)
        self._chosen: BillToChoice = self._choices[0]
        self._due_follows = True  # the due date moves with the invoice date until the user types one
        self.setWindowTitle("New Invoice")
        self.setMinimumWidth(760)

        self.items = QTableWidget(len(self._expenses), len(_ITEM_HEADERS))
        self.items.setHorizontalHeaderLabels(list(_ITEM_HEADERS))
        self.items.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.items.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items.verticalHeader().hide()
        self.items.setWordWrap(False)
        self.items.setAccessibleName("Expenses to invoice")
        header = self.items.horizontalHeader()
        for column, width in ((ITEM_DATE, 110), (ITEM_CATEGORY, 150), (ITEM_PAYEE, 170), (ITEM_AMOUNT, 100)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(ITEM_DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        self.all_button = QPushButton("Tick &All")
        self.none_button = QPushButton("Tick &None")
        self.total_label = QLabel()
        self.total_label.setTextFormat(Qt.TextFormat.RichText)
        self.bill_to_pick = QComboBox()
        for choice in self._choices:
            self.bill_to_pick.addItem(choice.label, choice)
        ignore_wheel_unless_focused(self.bill_to_pick)
        self.bill_to_pick.setToolTip("The client, the case's contacts, then the rest of the contacts book")
        self.bill_to = QPlainTextEdit()
        self.bill_to.setTabChangesFocus(True)
        self.bill_to.setPlaceholderText("Name\nStreet\nCity, State ZIP")
        self.bill_to.setFixedHeight(self.bill_to.fontMetrics().lineSpacing() * 4 + 12)
        self.issued_on = DateField()
        self.due_on = DateField()
        self.due_on.setToolTip("Empty: due on receipt")
        self.notes = notes_box("Printed on the invoice, e.g. payment instructions", lines=3)
        self.labels = {name: error_label() for name in ("expenses", "bill_to", "issued_on", "due_on")}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Issue Invoice")
        self.form_errors = FormErrors(
            self.buttons,
            {
                "expenses": (self.items, self.labels["expenses"]),
                "bill_to": (self.bill_to, self.labels["bill_to"]),
                "issued_on": (self.issued_on, self.labels["issued_on"]),
                "due_on": (self.due_on, self.labels["due_on"]),
            },
        )
        self._fill_items(set(expense_ids or ()) or {e.id for e in self._expenses if e.id is not None})
        self.bill_to.setPlainText(start.bill_to)
        self.issued_on.set_value(start.issued_on)
        self.due_on.set_value(start.due_on)
        self._layout()
        self._connect()
        self._refresh()
        self.remember_loaded()
        self._loaded_ticks = self.ticked_ids()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        invoices: InvoiceService,
        case_id: int,
        expense_ids: list[int] | None = None,
    ) -> Invoice | None:
        """Show the form; the invoice issued, or None if cancelled."""
        dialog = cls(invoices, case_id, expense_ids, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _fill_items(self, ticked: set[int]) -> None:
        for row, expense in enumerate(self._expenses):
            texts = (
                format_date(expense.spent_on),
                expense.category,
                expense.payee,
                " ".join(expense.description.split()),
                str(expense.amount),
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == ITEM_AMOUNT:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if column == ITEM_DATE:
                    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                    item.setCheckState(
                        Qt.CheckState.Checked if expense.id in ticked else Qt.CheckState.Unchecked
                    )
                    item.setData(_EXPENSE_ID, expense.id)
                self.items.setItem(row, column, item)
        self.items.verticalHeader().setDefaultSectionSize(self.items.fontMetrics().height() + 8)

    def _layout(self) -> None:
        ticks = QHBoxLayout()
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)
        ticks.addStretch(1)
        ticks.addWidget(self.total_label)
        pick = QHBoxLayout()
        pick.addWidget(QLabel("Pick:"))
        pick.addWidget(self.bill_to_pick, 1)
        dates = QHBoxLayout()
        dates.addWidget(self.issued_on)
        due_label = QLabel("&Due:")
        due_label.setBuddy(self.due_on)
        dates.addSpacing(12)
        dates.addWidget(due_label)
        dates.addWidget(self.due_on)
        hint = QLabel(
            f"({DEFAULT_DUE_DAYS} days after the invoice date unless you change it; empty: on receipt)"
        )
        hint.setStyleSheet(HINT_STYLE)
        dates.addWidget(hint, 1)
        expenses_label = QLabel("&Expenses to invoice (reimbursable, paid by the firm, not yet invoiced):")
        expenses_label.setBuddy(self.items)
        form = QFormLayout()
        bill_to_label = QLabel("&Bill to:")
        bill_to_label.setBuddy(self.bill_to)
        form.addRow("", pick)
        form.addRow(bill_to_label, self.bill_to)
        form.addRow("", self.labels["bill_to"])
        date_label = QLabel("Invoice &date:")
        date_label.setBuddy(self.issued_on)
        form.addRow(date_label, dates)
        form.addRow("", self.labels["issued_on"])
        form.addRow("", self.labels["due_on"])
        form.addRow("&Notes:", self.notes)
        number = QLabel("The invoice number (INV-year-number) is given when it is issued.")
        number.setStyleSheet(HINT_STYLE)
        layout = QVBoxLayout(self)
        layout.addWidget(expenses_label)
        layout.addWidget(self.items, 1)
        layout.addLayout(ticks)
        layout.addWidget(self.labels["expenses"])
        layout.addLayout(form)
        layout.addWidget(number)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.items.itemChanged.connect(self._on_item_changed)
        self.all_button.clicked.connect(lambda: self._tick_all(True))
        self.none_button.clicked.connect(lambda: self._tick_all(False))
        self.bill_to_pick.activated.connect(self._on_bill_to_picked)
        self.bill_to.textChanged.connect(lambda: self._on_edited("bill_to"))
        self.issued_on.textChanged.connect(self._on_issued_on_edited)
        self.due_on.textEdited.connect(self._on_due_on_typed)
        self.due_on.textChanged.connect(lambda _t: self._on_edited("due_on"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading ---------------------------------------------------------------------------------

    def ticked_ids(self) -> list[int]:
        """The expenses ticked, in list order."""
        ids: list[int] = []
        for row in range(self.items.rowCount()):
            item = self.items.item(row, ITEM_DATE)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(_EXPENSE_ID)))
        return ids

    def ticked_total(self) -> Money:
        """The sum of the ticked expenses."""
        ticked = set(self.ticked_ids())
        return sum((e.amount for e in self._expenses if e.id in ticked), Money.zero())

    def has_changes(self) -> bool:
        """Ticks count as changes too (the table's text does not show them)."""
        return super().has_changes() or self.ticked_ids() != self._loaded_ticks

    def _read(self) -> tuple[InvoiceDraft, dict[str, str]]:
        errors: dict[str, str] = {}
        issued_on = _date(self.issued_on, "issued_on", "Type the invoice date.", errors)
        due_on = _date(self.due_on, "due_on", None, errors)
        text = self.bill_to.toPlainText()
        first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
        chosen_name = self._chosen.text.splitlines()[0] if self._chosen.text else ""
        draft = InvoiceDraft(
            case_id=self._case_id,
            expense_ids=tuple(self.ticked_ids()),
            bill_to=text,
            issued_on=issued_on or self._invoices.today(),
            due_on=due_on,
            notes=self.notes.toPlainText(),
            # Still the contact picked while its name heads the box; typed over, it is someone else.
            bill_to_contact_id=self._chosen.contact_id if first_line == chosen_name else None,
        )
        checked = self._invoices.draft_errors(draft)
        if issued_on is None:
            checked.pop("due_on", None)
        return draft, checked | errors

    # --- reacting --------------------------------------------------------------------------------

    def _refresh(self) -> None:
        _draft, errors = self._read()
        self.form_errors.show(errors)
        count, total = len(self.ticked_ids()), self.ticked_total()
        self.total_label.setText(f"Ticked: {count} of {len(self._expenses)} · <b>Total {total}</b>")

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() == ITEM_DATE:
            self._on_edited("expenses")

    def _tick_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        self.items.blockSignals(True)
        for row in range(self.items.rowCount()):
            item = self.items.item(row, ITEM_DATE)
            if item is not None:
                item.setCheckState(state)
        self.items.blockSignals(False)
        self.items.viewport().update()
        self._on_edited("expenses")

    def _on_bill_to_picked(self, index: int) -> None:
        choice = self.bill_to_pick.itemData(index)
        if isinstance(choice, BillToChoice):
            self._chosen = choice
            self.bill_to.setPlainText(choice.text)
            self.bill_to.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_issued_on_edited(self, _text: str) -> None:
        if self._due_follows:
            try:
                issued_on = self.issued_on.value()
            except DateError:
                issued_on = None
            if issued_on is not None:
                self.due_on.set_value(default_due_date(issued_on))
        self._on_edited("issued_on")

    def _on_due_on_typed(self, _text: str) -> None:
        self._due_follows = False

    def _on_save(self) -> None:
        draft, errors = self._read()
        invoices = self._invoices
        self.saved = save_form(
            self, self.form_errors, errors, lambda: invoices.issue(draft), "Invoice not issued"
        )


class PaymentDialog(FormDialog):
    """Record money received on an invoice: at most its balance, by check, wire or otherwise.

    Attributes:
        saved: The payment as recorded (set once Save succeeded).
    """

    discard_subject = "this payment"

    def __init__(
        self, invoices: InvoiceService, account: InvoiceAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._invoices = invoices
        self._account = account
        self.saved: InvoicePayment | None = None
        invoice = account.invoice
        self.setWindowTitle(f"Record Payment on {invoice.number}")
        self.setMinimumWidth(480)
        self.summary = QLabel(
            f"<b>{invoice.number}</b> to {invoice.bill_to_name}: total {invoice.total}, "
            f"paid {account.paid}, <b>balance {account.balance}</b>"
        )
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.paid_on = DateField()
        self.amount = MoneyField(None)
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(method.label, method)
        ignore_wheel_unless_focused(self.method)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("check or wire number")
        self.notes = notes_box("e.g. paid by the client from the first settlement draft", lines=3)
        self.labels = {name: error_label() for name in ("paid_on", "amount", "reference")}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "paid_on": (self.paid_on, self.labels["paid_on"]),
                "amount": (self.amount, self.labels["amount"]),
                "reference": (self.reference, self.labels["reference"]),
            },
        )
        form = QFormLayout()
        form.addRow("&Received on:", self.paid_on)
        form.addRow("", self.labels["paid_on"])
        form.addRow("&Amount:", self.amount)
        form.addRow("", self.labels["amount"])
        form.addRow("&Method:", self.method)
        form.addRow("Re&ference:", self.reference)
        form.addRow("", self.labels["reference"])
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.paid_on.set_value(invoices.today())
        self.amount.set_value(account.balance)
        for name, line in (("paid_on", self.paid_on), ("amount", self.amount), ("reference", self.reference)):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, invoices: InvoiceService, account: InvoiceAccount
    ) -> InvoicePayment | None:
        """Show the form; the payment recorded, or None if cancelled."""
        dialog = cls(invoices, account, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _read(self) -> tuple[InvoicePayment, dict[str, str]]:
        errors: dict[str, str] = {}
        paid_on = _date(self.paid_on, "paid_on", "Type the date the money was received.", errors)
        try:
            amount = self.amount.value()
        except ValidationError as exc:
            errors["amount"] = exc.errors["amount"]
            amount = None
        if amount is None and "amount" not in errors:
            errors["amount"] = "Type the amount received."
        payment = InvoicePayment(
            invoice_id=self._account.invoice.id or 0,
            paid_on=paid_on or self._account.invoice.issued_on,
            amount=amount or Money.zero(),
            method=PaymentMethod(self.method.currentData()),
            reference=self.reference.text(),
            notes=self.notes.toPlainText(),
        )
        checked = self._invoices.payment_errors(payment, self._account)
        if amount is None:
            checked.pop("amount", None)
        return payment, checked | errors

    def _refresh(self) -> None:
        _payment, errors = self._read()
        self.form_errors.show(errors)

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _on_save(self) -> None:
        payment, errors = self._read()
        invoices = self._invoices
        self.saved = save_form(
            self, self.form_errors, errors, lambda: invoices.record_payment(payment), "Payment not recorded"
        )


class VoidInvoiceDialog(FormDialog):
    """Confirm voiding an invoice, with the reason (required).

    Attributes:
        saved: The voided invoice (set once Void succeeded).
    """

    discard_subject = "the reason"

    def __init__(
        self, invoices: InvoiceService, account: InvoiceAccount, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._invoices = invoices
        self._account = account
        self.saved: Invoice | None = None
        invoice = account.invoice
        count = len(invoice.lines)
        expenses = "its expense" if count == 1 else f"its {count} expenses"
        self.setWindowTitle(f"Void Invoice {invoice.number}")
        self.setMinimumWidth(480)
        self.explanation = QLabel(
            f"Void <b>{invoice.number}</b> ({invoice.total}, to {invoice.bill_to_name})?<br><br>"
            f"{expenses.capitalize()} can then be invoiced again. The number {invoice.number} stays used: "
            "no other invoice will get it. The voided invoice stays in the list, marked VOID, and cannot be "
            "reopened."
        )
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. billed to the wrong party")
        self.labels = {"reason": error_label()}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Void Invoice")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        self.form_errors = FormErrors(self.buttons, {"reason": (self.reason, self.labels["reason"])})
        form = QFormLayout()
        form.addRow("&Reason:", self.reason)
        form.addRow("", self.labels["reason"])
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._on_edited)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.form_errors.show(self._errors())
        self.remember_loaded()

    @classmethod
    def ask(cls, parent: QWidget | None, invoices: InvoiceService, account: InvoiceAccount) -> Invoice | None:
        """Show the confirmation; the voided invoice, or None if cancelled."""
        dialog = cls(invoices, account, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _errors(self) -> dict[str, str]:
        reason = self.reason.text().strip()
        if not reason:
            return {"reason": "Say why the invoice is voided."}
        if len(reason) > 300:
            return {"reason": f"At most 300 characters ({len(reason)} typed)."}
        return {}

    def _on_edited(self, _text: str) -> None:
        self.form_errors.touch("reason")
        self.form_errors.show(self._errors())

    def _on_save(self) -> None:
        invoices, invoice_id, reason = self._invoices, self._account.invoice.id or 0, self.reason.text()
        self.saved = save_form(
            self,
            self.form_errors,
            self._errors(),
            lambda: invoices.void(invoice_id, reason),
            "Invoice not voided",
        )
