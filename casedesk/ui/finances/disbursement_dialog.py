"""The dialog to record money paid out of trust, or to correct a disbursement, checked as the user types."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.invoices import PaymentMethod
from casedesk.domain.money import Money
from casedesk.domain.settlement import Disbursement
from casedesk.domain.typed import DateError
from casedesk.services.trust import MAX_REFERENCE, PURPOSES, PayeeSuggestion, TrustRules
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
from casedesk.ui.messages import confirm, show_error

if TYPE_CHECKING:
    from casedesk.services.trust import TrustService

HINT_STYLE = "color: #555;"


class DisbursementDialog(FormDialog):
    """Record a disbursement from a case's trust account, or edit one.

    The rules (statement final, what is in trust, the dates allowed) are read when the dialog opens and
    checked on every keystroke; the service checks them again when saving.

    Attributes:
        saved: The disbursement as saved (set once Save succeeded).
    """

    discard_subject = "this disbursement"
    FIELDS = ("paid_on", "payee", "purpose", "reference", "amount")

    def __init__(
        self,
        trust: TrustService,
        case_id: int,
        disbursement: Disbursement | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._trust = trust
        self._case_id = case_id
        self._disbursement = disbursement
        self._rules: TrustRules = trust.rules(case_id)
        self._suggestions: list[PayeeSuggestion] = trust.payees(case_id)
        self.saved: Disbursement | None = None
        self.setWindowTitle(
            "Record disbursement from trust"
            if disbursement is None
            else f"Disbursement to {disbursement.payee}"
        )
        self.setMinimumWidth(520)

        self.paid_on = DateField()
        self.payee = QComboBox()
        self.payee.setEditable(True)
        self.payee_line = QLineEdit()
        self.payee.setLineEdit(self.payee_line)
        self.payee.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for suggestion in self._suggestions:
            self.payee.addItem(f"{suggestion.name}", suggestion)
            self.payee.setItemData(self.payee.count() - 1, suggestion.source, Qt.ItemDataRole.ToolTipRole)
        self.payee.setCurrentIndex(-1)
        self.payee_line.setPlaceholderText("Type or pick: the client, a lien holder, the firm…")
        completer = QCompleter([s.name for s in self._suggestions], self.payee)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.payee.setCompleter(completer)
        ignore_wheel_unless_focused(self.payee)
        self.payee_source = QLabel()
        self.payee_source.setStyleSheet(HINT_STYLE)
        self.purpose = QComboBox()
        self.purpose.setEditable(True)
        self.purpose_line = QLineEdit()
        self.purpose.setLineEdit(self.purpose_line)
        self.purpose.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.purpose.addItems(PURPOSES)
        self.purpose.setCurrentIndex(-1)
        self.purpose_line.setPlaceholderText("Attorney fee, Lien, Client net…")
        ignore_wheel_unless_focused(self.purpose)
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(method.label, method)
        ignore_wheel_unless_focused(self.method)
        self.reference = QLineEdit()
        self.reference.setMaxLength(MAX_REFERENCE + 1)  # one over, so the message can say so
        self.reference.setPlaceholderText("e.g. 10482, or the wire confirmation")
        self.reference.setMaximumWidth(260)
        self.amount = MoneyField(None)
        self.amount.setPlaceholderText("e.g. 12,500.00")
        self.available = QLabel()
        self.available.setStyleSheet(HINT_STYLE)
        self.notes = notes_box("Memo line, who picked the check up, wire instructions confirmed by phone…", 3)
        self.verify = QLabel(
            "Money leaves the trust account on the attorney's authority: the attorney verifies every "
            "disbursement against the signed settlement statement."
        )
        self.verify.setWordWrap(True)
        self.verify.setStyleSheet(HINT_STYLE)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.labels = {name: error_label() for name in self.FIELDS}
        self.form_errors = FormErrors(
            self.buttons,
            {
                "paid_on": (self.paid_on, self.labels["paid_on"]),
                "payee": (self.payee, self.labels["payee"]),
                "purpose": (self.purpose, self.labels["purpose"]),
                "reference": (self.reference, self.labels["reference"]),
                "amount": (self.amount, self.labels["amount"]),
            },
        )
        self._layout()
        self._load(disbursement)
        self._connect()
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        trust: TrustService,
        case_id: int,
        disbursement: Disbursement | None = None,
    ) -> Disbursement | None:
        """Show the dialog; the saved disbursement, or None if cancelled."""
        dialog = cls(trust, case_id, disbursement, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("&Date paid:", self.paid_on)
        form.addRow("", self.labels["paid_on"])
        form.addRow("&Payee:", self.payee)
        form.addRow("", self.payee_source)
        form.addRow("", self.labels["payee"])
        form.addRow("P&urpose:", self.purpose)
        form.addRow("", self.labels["purpose"])
        form.addRow("&Method:", self.method)
        form.addRow("Check / wire &no.:", self.reference)
        form.addRow("", self.labels["reference"])
        form.addRow("&Amount:", self.amount)
        form.addRow("", self.available)
        form.addRow("", self.labels["amount"])
        form.addRow("N&otes:", self.notes)
        self._outer = layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.verify)
        layout.addWidget(self.buttons)
        chain = (
            self.paid_on,
            self.payee,
            self.purpose,
            self.method,
            self.reference,
            self.amount,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        for name, line in (
            ("paid_on", self.paid_on),
            ("payee", self.payee_line),
            ("purpose", self.purpose_line),
            ("reference", self.reference),
            ("amount", self.amount),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.payee.currentIndexChanged.connect(self._on_payee_picked)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _load(self, disbursement: Disbursement | None) -> None:
        if disbursement is None:
            self.paid_on.set_value(self._rules.today)
            return
        self.paid_on.set_value(disbursement.paid_on)
        self.payee.setEditText(disbursement.payee)
        self.purpose.setEditText(disbursement.purpose)
        self.method.setCurrentIndex(self.method.findData(disbursement.method))
        self.reference.setText(disbursement.reference)
        self.amount.set_value(disbursement.amount)
        self.notes.setPlainText(disbursement.notes)

    # --- reading the form ------------------------------------------------------------------------

    def _read(self) -> tuple[Disbursement, dict[str, str]]:
        errors: dict[str, str] = {}
        try:
            paid_on: date | None = self.paid_on.value()
        except DateError as exc:
            errors["paid_on"] = str(exc)
            paid_on = None
        if paid_on is None and "paid_on" not in errors:
            errors["paid_on"] = "Type the date the money was paid out."
        try:
            amount = self.amount.value()
        except ValidationError as exc:
            errors["amount"] = exc.errors["amount"]
            amount = None
        if amount is None and "amount" not in errors:
            errors["amount"] = "Type the amount paid out."
        disbursement = Disbursement(
            case_id=self._case_id,
            payee=self.payee.currentText(),
            amount=amount or Money.zero(),
            paid_on=paid_on or self._rules.today,
            method=PaymentMethod(self.method.currentData()),
            reference=self.reference.text(),
            purpose=self.purpose.currentText(),
            notes=self.notes.toPlainText(),
            id=None if self._disbursement is None else self._disbursement.id,
        )
        checked = disbursement if amount is not None else replace(disbursement, amount=Money(1))
        found = self._rules.errors(checked, self._disbursement)
        return disbursement, found | errors

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        _disbursement, errors = self._read()
        self.form_errors.show(errors)
        self._fit()
        available = self._rules.available(self._disbursement)
        self.available.setText(f"In trust and available: {available}")
        picked = self._picked()
        self.payee_source.setText(picked.source if picked is not None else "")
        self.payee_source.setVisible(picked is not None)

    def _fit(self) -> None:
        """Grow to show the messages that appeared under the fields (wrapped text needs more height)."""
        layout = self._outer
        layout.activate()
        needed = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else 0
        if needed > self.height():
            self.resize(self.width(), needed)

    def _picked(self) -> PayeeSuggestion | None:
        text = " ".join(self.payee.currentText().split()).casefold()
        return next((s for s in self._suggestions if s.name.casefold() == text), None)

    def _on_payee_picked(self, _index: int) -> None:
        """A payee picked from the list brings its usual purpose, unless one is typed already."""
        picked = self._picked()
        if picked is not None and not self.purpose.currentText().strip():
            self.purpose.setEditText(picked.purpose)
        self._on_edited("payee")

    def _on_save(self) -> None:
        disbursement, errors = self._read()
        repeat = False
        if not errors and disbursement.reference.strip():
            try:
                earlier = self._trust.repeated_reference(disbursement)
            except CasedeskError as exc:
                show_error(self, "Disbursement not saved", exc)
                return
            if earlier:
                first = earlier[0]
                if not confirm(
                    self,
                    "Check number used before",
                    f"{disbursement.reference.strip()} was already used on this case: {first.amount} to "
                    f"{first.payee}.",
                    "Record it again",
                    "Record it only if one check or wire really pays both. Otherwise correct the number.",
                ):
                    self.reference.setFocus(Qt.FocusReason.OtherFocusReason)
                    return
                repeat = True
        trust, existing = self._trust, self._disbursement
        if existing is None:
            self.saved = save_form(
                self,
                self.form_errors,
                errors,
                lambda: trust.add(disbursement, repeat_reference=repeat),
                "Disbursement not saved",
            )
        else:
            self.saved = save_form(
                self,
                self.form_errors,
                errors,
                lambda: trust.update(disbursement, repeat_reference=repeat),
                "Disbursement not saved",
            )
