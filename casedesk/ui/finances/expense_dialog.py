"""The dialog to add or edit an expense, checked as the user types."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.expenses import (
    INVOICED_HINT,
    MAX_DESCRIPTION,
    MAX_PAYEE,
    MAX_REFERENCE,
    Expense,
    LedgerEntry,
    PaidBy,
)
from casedesk.domain.money import Money
from casedesk.domain.typed import DateError
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
    from casedesk.services.expenses import ExpenseService, PayeeSuggestion

HINT_STYLE = "color: #555;"
#: The receipt picker's first item.
NO_RECEIPT = "No receipt"


class ExpenseDialog(FormDialog):
    """Add an expense to a case, or edit one.

    Attributes:
        saved: The expense as saved (set once Save succeeded).
    """

    discard_subject = "this expense"

    FIELDS = ("spent_on", "category", "payee", "description", "amount", "invoice_reference", "receipt")

    def __init__(
        self,
        expenses: ExpenseService,
        case_id: int,
        entry: LedgerEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._expenses = expenses
        self._case_id = case_id
        self._entry = entry
        self._suggestions: dict[str, PayeeSuggestion] = {}
        self._contact_id = entry.expense.payee_contact_id if entry else None
        self.saved: Expense | None = None
        self.setWindowTitle("New expense" if entry is None else "Edit expense")
        self.setMinimumWidth(560)

        self.spent_on = DateField()
        self.category = QComboBox()
        ignore_wheel_unless_focused(self.category)
        self.payee = QLineEdit()
        self.payee.setMaxLength(MAX_PAYEE + 20)
        self.payee.setPlaceholderText("Type a name, or pick one from the contacts book as you type")
        self.payee_model = QStringListModel(self)
        self.completer = QCompleter(self.payee_model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.payee.setCompleter(self.completer)
        self.payee_link = QLabel()
        self.payee_link.setStyleSheet(HINT_STYLE)
        self.description = QLineEdit()
        self.description.setMaxLength(MAX_DESCRIPTION + 20)
        self.description.setPlaceholderText("e.g. Certified copies of ER records")
        self.amount = MoneyField(None)
        self.amount.setPlaceholderText("e.g. 350.00")
        self.firm = QRadioButton("&Firm")
        self.client = QRadioButton("C&lient")
        self.firm.setToolTip("The firm advanced it: a case cost when reimbursable")
        self.client.setToolTip("The client paid it: never a case cost")
        self.reimbursable = QCheckBox("&Reimbursable from the recovery")
        self.receipt = QComboBox()
        self.receipt.setMinimumContentsLength(30)
        ignore_wheel_unless_focused(self.receipt)
        self.invoice_reference = QLineEdit()
        self.invoice_reference.setMaxLength(MAX_REFERENCE + 10)
        self.invoice_reference.setPlaceholderText("the payee's invoice or receipt number")
        self.notes = notes_box("Anything worth knowing: what it was for, who approved it…", lines=3)
        self.invoiced = QLabel()
        self.invoiced.setWordWrap(True)
        self.invoiced.setStyleSheet("background: #fff8e1; padding: 4px;")
        self.invoiced.hide()
        self.labels = {name: error_label() for name in (*self.FIELDS, "paid_by", "reimbursable")}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "spent_on": (self.spent_on, self.labels["spent_on"]),
                "category": (self.category, self.labels["category"]),
                "payee": (self.payee, self.labels["payee"]),
                "description": (self.description, self.labels["description"]),
                "amount": (self.amount, self.labels["amount"]),
                "paid_by": (self.firm, self.labels["paid_by"]),
                "reimbursable": (self.reimbursable, self.labels["reimbursable"]),
                "receipt": (self.receipt, self.labels["receipt"]),
                "invoice_reference": (self.invoice_reference, self.labels["invoice_reference"]),
            },
        )
        self._layout()
        self._fill_choices()
        self._load(entry)
        self._connect()
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, expenses: ExpenseService, case_id: int, entry: LedgerEntry | None = None
    ) -> Expense | None:
        """Show the dialog; the saved expense, or None if cancelled."""
        dialog = cls(expenses, case_id, entry, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        paid_by = QHBoxLayout()
        paid_by.addWidget(self.firm)
        paid_by.addWidget(self.client)
        paid_by.addSpacing(16)
        paid_by.addWidget(self.reimbursable)
        paid_by.addStretch(1)
        form = QFormLayout()
        form.addRow("&Date:", self.spent_on)
        form.addRow("", self.labels["spent_on"])
        form.addRow("Cate&gory:", self.category)
        form.addRow("", self.labels["category"])
        form.addRow("&Payee:", self.payee)
        form.addRow("", self.payee_link)
        form.addRow("", self.labels["payee"])
        form.addRow("Descrip&tion:", self.description)
        form.addRow("", self.labels["description"])
        form.addRow("&Amount:", self.amount)
        form.addRow("", self.labels["amount"])
        form.addRow("Paid by:", paid_by)
        form.addRow("", self.labels["paid_by"])
        form.addRow("", self.labels["reimbursable"])
        form.addRow("Recei&pt:", self.receipt)
        form.addRow("", self.labels["receipt"])
        form.addRow("Payee's &invoice #:", self.invoice_reference)
        form.addRow("", self.labels["invoice_reference"])
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.invoiced)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = (
            self.spent_on,
            self.category,
            self.payee,
            self.description,
            self.amount,
            self.firm,
            self.reimbursable,
            self.receipt,
            self.invoice_reference,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _fill_choices(self) -> None:
        current = self._entry.expense.category if self._entry else None
        try:
            categories = self._expenses.categories()
            documents = self._expenses.receipts(self._case_id)
        except CasedeskError:
            categories, documents = [], []
        self.category.addItem("Choose a category…", "")
        for category in categories:
            if not category.hidden:
                self.category.addItem(category.name, category.name)
            elif category.name == current:
                self.category.addItem(f"{category.name} (hidden)", category.name)
        if current is not None and self.category.findData(current) < 0:
            self.category.addItem(current, current)
        self.receipt.addItem(NO_RECEIPT, None)
        for document in documents:
            self.receipt.addItem(document.display_name, document.id)
        self.receipt.setEnabled(bool(documents) or self._entry is not None)
        if not documents:
            self.receipt.setToolTip("The case has no documents yet: import the receipt on the Medical tab.")
        self._suggest("")

    def _connect(self) -> None:
        for name, line in (
            ("spent_on", self.spent_on),
            ("payee", self.payee),
            ("description", self.description),
            ("amount", self.amount),
            ("invoice_reference", self.invoice_reference),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.category.currentIndexChanged.connect(lambda _i: self._on_edited("category"))
        self.receipt.currentIndexChanged.connect(lambda _i: self._on_edited("receipt"))
        self.firm.toggled.connect(lambda _c: self._on_edited("paid_by"))
        self.reimbursable.toggled.connect(lambda _c: self._on_edited("reimbursable"))
        self.payee.textEdited.connect(self._suggest)
        self.payee.textChanged.connect(self._on_payee_changed)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading and writing the form ------------------------------------------------------------

    def _load(self, entry: LedgerEntry | None) -> None:
        if entry is None:
            self.spent_on.set_value(self._expenses.today())
            self.firm.setChecked(True)
            self.reimbursable.setChecked(True)
            return
        expense = entry.expense
        self.spent_on.set_value(expense.spent_on)
        self.category.setCurrentIndex(max(self.category.findData(expense.category), 0))
        self.payee.setText(expense.payee)
        self.description.setText(expense.description)
        self.amount.set_value(expense.amount)
        (self.firm if expense.paid_by is PaidBy.FIRM else self.client).setChecked(True)
        self.reimbursable.setChecked(expense.reimbursable)
        index = self.receipt.findData(expense.receipt_document_id)
        if expense.receipt_document_id is not None and index < 0:
            self.receipt.addItem(
                entry.receipt_name or "(a document no longer listed)", expense.receipt_document_id
            )
            index = self.receipt.count() - 1
        self.receipt.setCurrentIndex(max(index, 0))
        self.invoice_reference.setText(expense.invoice_reference)
        self.notes.setPlainText(expense.notes)
        self._contact_id = expense.payee_contact_id
        if entry.is_invoiced:
            self.invoiced.setText(
                f"On invoice <b>{entry.invoice_number}</b>: its amount, payer and reimbursable flag stay as "
                f"billed. {INVOICED_HINT}"
            )
            self.invoiced.show()
            for widget in (self.amount, self.firm, self.client, self.reimbursable):
                widget.setEnabled(False)
                widget.setToolTip(INVOICED_HINT)

    def read(self) -> tuple[Expense, dict[str, str]]:
        """The expense as typed and what is wrong with it (by field name)."""
        errors: dict[str, str] = {}
        try:
            spent_on = self.spent_on.value()
        except DateError as exc:
            errors["spent_on"] = str(exc)
            spent_on = None
        if spent_on is None and "spent_on" not in errors:
            errors["spent_on"] = "Type the date of the expense (MM/DD/YYYY)."
        try:
            amount = self.amount.value()
        except ValidationError as exc:
            errors["amount"] = exc.errors["amount"]
            amount = None
        if amount is None and "amount" not in errors:
            errors["amount"] = "Type the amount."
        expense = Expense(
            case_id=self._case_id,
            spent_on=spent_on or date(2000, 1, 1),
            category=str(self.category.currentData() or ""),
            amount=amount or Money.of(1),
            payee=self.payee.text(),
            description=self.description.text(),
            paid_by=PaidBy.FIRM if self.firm.isChecked() else PaidBy.CLIENT,
            reimbursable=self.reimbursable.isChecked(),
            receipt_document_id=self.receipt.currentData(),
            invoice_reference=self.invoice_reference.text(),
            payee_contact_id=self._contact_id,
            notes=self.notes.toPlainText(),
        )
        if self._entry is not None:
            original = self._entry.expense
            expense = replace(expense, id=original.id, invoice_id=original.invoice_id)
        return expense, self._expenses.errors(expense, self._entry) | errors

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        _expense, errors = self.read()
        self.form_errors.show(errors)

    def _suggest(self, text: str) -> None:
        """Offer the payees matching what is typed (from the contacts book and the case's ledger)."""
        try:
            found = self._expenses.payee_suggestions(self._case_id, text)
        except CasedeskError:
            return
        self._suggestions = {s.name.casefold(): s for s in found}
        self.payee_model.setStringList([s.name for s in found])

    def _on_payee_changed(self, text: str) -> None:
        """Link the payee to the contact of that name, or unlink it when the name is typed differently."""
        suggestion = self._suggestions.get(" ".join(text.split()).casefold())
        if suggestion is not None and suggestion.contact_id is not None:
            self._contact_id = suggestion.contact_id
            detail = f" ({suggestion.detail})" if suggestion.detail else ""
            self.payee_link.setText(f"From the contacts book{detail}")
        elif self._entry is not None and text == self._entry.expense.payee and self._contact_id is not None:
            self.payee_link.setText("From the contacts book")
        else:
            self._contact_id = None
            self.payee_link.setText("")

    def _on_save(self) -> None:
        expense, errors = self.read()
        expenses, existing = self._expenses, self._entry
        save = (
            (lambda: expenses.add(expense))
            if existing is None
            else (lambda: expenses.update(expense, existing.expense))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Expense not saved")

    def use_their_version(self, current: object) -> None:
        """Show the expense as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Expense) and self._entry is not None
        self._entry = replace(self._entry, expense=current)
        self._load(self._entry)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the expense as saved now."""
        assert isinstance(current, Expense) and self._entry is not None
        self._entry = replace(self._entry, expense=current)
