"""Dialogs of the Settlement sub-tab: a recovery, a holdback, and the reason for reopening a statement."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.settlement import Holdback, Recovery, RecoverySource
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
    from casedesk.services.settlement import SettlementService


def _amount(field: MoneyField, name: str, missing: str, errors: dict[str, str]) -> Money:
    try:
        value = field.value()
    except ValidationError as exc:
        errors[name] = exc.errors["amount"]
        return Money.zero()
    if value is None:
        errors[name] = missing
        return Money.zero()
    return value


def _date(field: DateField, name: str, errors: dict[str, str]) -> date | None:
    try:
        return field.value()
    except DateError as exc:
        errors[name] = str(exc)
        return None


class RecoveryDialog(FormDialog):
    """Add a recovery to a case, or edit one.

    Attributes:
        saved: The recovery as saved (set once Save succeeded).
    """

    discard_subject = "this recovery"

    def __init__(
        self,
        settlement: SettlementService,
        case_id: int,
        recovery: Recovery | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settlement = settlement
        self._case_id = case_id
        self._recovery = recovery
        self.saved: Recovery | None = None
        self.setWindowTitle("New recovery" if recovery is None else f"Recovery from {recovery.payer}")
        self.setMinimumWidth(480)
        self.source = QComboBox()
        for source in RecoverySource:
            self.source.addItem(source.label, source)
        ignore_wheel_unless_focused(self.source)
        self.payer = QLineEdit()
        self.payer.setPlaceholderText("e.g. Lone Star Mutual Insurance")
        self.claim_number = QLineEdit()
        self.amount = MoneyField(None)
        self.amount.setPlaceholderText("e.g. 100,000.00")
        self.received_on = DateField()
        self.received_on.setToolTip("When the money was received into trust; empty until it is")
        self.notes = notes_box("Check number, release signed, anything to remember")
        self.labels = {name: error_label() for name in ("payer", "claim_number", "amount", "received_on")}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "payer": (self.payer, self.labels["payer"]),
                "claim_number": (self.claim_number, self.labels["claim_number"]),
                "amount": (self.amount, self.labels["amount"]),
                "received_on": (self.received_on, self.labels["received_on"]),
            },
        )
        form = QFormLayout()
        form.addRow("&Source:", self.source)
        form.addRow("&Paid by:", self.payer)
        form.addRow("", self.labels["payer"])
        form.addRow("&Claim no.:", self.claim_number)
        form.addRow("", self.labels["claim_number"])
        form.addRow("&Amount:", self.amount)
        form.addRow("", self.labels["amount"])
        form.addRow("&Received:", self.received_on)
        form.addRow("", self.labels["received_on"])
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if recovery is not None:
            self.source.setCurrentIndex(self.source.findData(recovery.source))
            self.payer.setText(recovery.payer)
            self.claim_number.setText(recovery.claim_number)
            self.amount.set_value(recovery.amount)
            self.received_on.set_value(recovery.received_on)
            self.notes.setPlainText(recovery.notes)
        for name, line in (
            ("payer", self.payer),
            ("claim_number", self.claim_number),
            ("amount", self.amount),
            ("received_on", self.received_on),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        settlement: SettlementService,
        case_id: int,
        recovery: Recovery | None = None,
    ) -> Recovery | None:
        """Show the dialog; the saved recovery, or None if cancelled."""
        dialog = cls(settlement, case_id, recovery, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _read(self) -> tuple[Recovery, dict[str, str]]:
        errors: dict[str, str] = {}
        amount = _amount(self.amount, "amount", "Type the amount recovered.", errors)
        received = _date(self.received_on, "received_on", errors)
        recovery = Recovery(
            case_id=self._case_id,
            source=RecoverySource(self.source.currentData()),
            amount=amount,
            payer=self.payer.text(),
            claim_number=self.claim_number.text(),
            received_on=received,
            notes=self.notes.toPlainText(),
        )
        if self._recovery is not None:
            recovery = replace(
                recovery, id=self._recovery.id, payer_contact_id=self._recovery.payer_contact_id
            )
        checked = self._settlement.recovery_errors(recovery)
        if "amount" in errors:
            checked.pop("amount", None)
        return recovery, checked | errors

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        self.form_errors.show(self._read()[1])

    def _on_save(self) -> None:
        recovery, errors = self._read()
        settlement, existing = self._settlement, self._recovery
        if existing is None:
            save = lambda: settlement.add_recovery(recovery)  # noqa: E731
        else:
            save = lambda: settlement.update_recovery(recovery)  # noqa: E731
        self.saved = save_form(self, self.form_errors, errors, save, "Recovery not saved")


class HoldbackDialog(FormDialog):
    """Add a holdback to a case, or edit one.

    Attributes:
        saved: The holdback as saved (set once Save succeeded).
    """

    discard_subject = "this holdback"

    def __init__(
        self,
        settlement: SettlementService,
        case_id: int,
        holdback: Holdback | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._settlement = settlement
        self._case_id = case_id
        self._holdback = holdback
        self.saved: Holdback | None = None
        self.setWindowTitle("New holdback" if holdback is None else f"Holdback for {holdback.payee}")
        self.setMinimumWidth(460)
        self.payee = QLineEdit()
        self.payee.setPlaceholderText("e.g. Memorial Hospital")
        self.amount = MoneyField(None)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. disputed hospital lien, balance billing")
        self.labels = {name: error_label() for name in ("payee", "amount", "reason")}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "payee": (self.payee, self.labels["payee"]),
                "amount": (self.amount, self.labels["amount"]),
                "reason": (self.reason, self.labels["reason"]),
            },
        )
        form = QFormLayout()
        form.addRow("Held &for:", self.payee)
        form.addRow("", self.labels["payee"])
        form.addRow("&Amount:", self.amount)
        form.addRow("", self.labels["amount"])
        form.addRow("&Why:", self.reason)
        form.addRow("", self.labels["reason"])
        hint = QLabel("Money kept in trust until a disputed or unresolved claim is settled (Rule 1.15).")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        if holdback is not None:
            self.payee.setText(holdback.payee)
            self.amount.set_value(holdback.amount)
            self.reason.setText(holdback.reason)
        for name, line in (("payee", self.payee), ("amount", self.amount), ("reason", self.reason)):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        settlement: SettlementService,
        case_id: int,
        holdback: Holdback | None = None,
    ) -> Holdback | None:
        """Show the dialog; the saved holdback, or None if cancelled."""
        dialog = cls(settlement, case_id, holdback, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _read(self) -> tuple[Holdback, dict[str, str]]:
        errors: dict[str, str] = {}
        amount = _amount(self.amount, "amount", "Type the amount held.", errors)
        holdback = Holdback(
            case_id=self._case_id, payee=self.payee.text(), amount=amount, reason=self.reason.text()
        )
        if self._holdback is not None:
            holdback = replace(holdback, id=self._holdback.id, released_on=self._holdback.released_on)
        checked = self._settlement.holdback_errors(holdback)
        if "amount" in errors:
            checked.pop("amount", None)
        return holdback, checked | errors

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        self.form_errors.show(self._read()[1])

    def _on_save(self) -> None:
        holdback, errors = self._read()
        settlement, existing = self._settlement, self._holdback
        if existing is None:
            save = lambda: settlement.add_holdback(holdback)  # noqa: E731
        else:
            save = lambda: settlement.update_holdback(holdback)  # noqa: E731
        self.saved = save_form(self, self.form_errors, errors, save, "Holdback not saved")


class ReopenDialog(FormDialog):
    """Ask why a final statement is reopened (the reason is kept in its history and the timeline).

    Attributes:
        saved: The reason typed (set once Reopen was pressed with a reason).
    """

    discard_subject = "the reason"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.saved: str | None = None
        self.setWindowTitle("Reopen the settlement statement")
        self.setMinimumWidth(460)
        text = QLabel(
            "Reopening makes the statement a draft again: its figures follow the case once more, and it must "
            "be finalized (and signed) again. Say why; the reason is kept in the statement's history and the "
            "case's timeline."
        )
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("e.g. late bill from the court reporter")
        self.label = error_label()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Reopen")
        self.form_errors = FormErrors(self.buttons, {"reason": (self.reason, self.label)})
        form = QFormLayout()
        form.addRow("&Reason:", self.reason)
        form.addRow("", self.label)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.textChanged.connect(self._on_edited)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.form_errors.show(self._errors())
        self.remember_loaded()

    @classmethod
    def ask(cls, parent: QWidget | None) -> str | None:
        """Show the dialog; the reason, or None if cancelled."""
        dialog = cls(parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _errors(self) -> dict[str, str]:
        return {} if self.reason.text().strip() else {"reason": "Say why the statement is reopened."}

    def _on_edited(self, _text: str) -> None:
        self.form_errors.touch("reason")
        self.form_errors.show(self._errors())

    def _on_save(self) -> None:
        reason = self.reason.text().strip()
        self.saved = save_form(self, self.form_errors, self._errors(), lambda: reason, "Not reopened")
