"""The dialog to add or edit a lost-wage record, with the amount computed as the user types."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.typed import DateError
from casedesk.domain.wages import LostWage, WageBasis
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
    from casedesk.services.wages import WageService

_NUMBER = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?$")
#: What the rate pays for, shown beside the rate.
RATE_UNITS = {
    WageBasis.HOURLY: "per hour",
    WageBasis.DAILY: "per day",
    WageBasis.WEEKLY: "per week (5 work days)",
    WageBasis.ANNUAL: "per year (260 work days)",
}
#: The label of the time missed, by basis (the mnemonic stays on the same letter).
MISSED_LABELS = {WageBasis.HOURLY: "Hours &missed:"} | {
    basis: "Work days &missed:" for basis in WageBasis if basis is not WageBasis.HOURLY
}
HINT_STYLE = "color: #555;"


def parse_missed(text: str, basis: WageBasis) -> Decimal:
    """The hours or days missed as typed (``120``, ``7.5``, ``1,200``).

    Raises:
        ValidationError: Empty, or not a number (the message is under ``"missed"``).
    """
    raw = text.strip()
    unit = basis.unit if basis is WageBasis.HOURLY else "work days"
    if not raw:
        raise ValidationError({"missed": f"Type the {unit} missed."})
    number = raw.removeprefix("-").strip()
    if not number or not _NUMBER.fullmatch(number):
        raise ValidationError({"missed": f"“{raw}” is not a number of {unit}; type e.g. 40 or 7.5."})
    value = Decimal(number.replace(",", ""))
    return -value if raw.startswith("-") else value


class LostWageDialog(FormDialog):
    """Add a lost-wage record to a case, or edit one.

    Attributes:
        saved: The record as saved (set once Save succeeded).
    """

    discard_subject = "these lost wages"

    FIELDS = ("employer", "rate", "missed", "period_from", "period_to", "override", "override_reason")

    def __init__(
        self,
        wages: WageService,
        case_id: int,
        wage: LostWage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._wages = wages
        self._case_id = case_id
        self._wage = wage
        self.saved: LostWage | None = None
        self.setWindowTitle("New lost wages" if wage is None else f"Lost wages from {wage.employer}")
        self.setMinimumWidth(560)

        self.employer = QLineEdit()
        self.employer.setPlaceholderText("e.g. H-E-B Grocery, store #412")
        self.basis = QComboBox()
        for basis in WageBasis:
            self.basis.addItem(basis.label, basis)
        ignore_wheel_unless_focused(self.basis)
        self.basis.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.rate = MoneyField(None)
        self.rate.setPlaceholderText("e.g. 22.50")
        self.rate_unit = QLabel()
        self.missed = QLineEdit()
        self.missed.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.missed.setMaximumWidth(100)
        self.missed.setPlaceholderText("e.g. 40")
        self.missed_label = QLabel()
        self.missed_label.setBuddy(self.missed)
        self.period_from = DateField()
        self.period_to = DateField()
        self.period_to.setToolTip("Leave empty while the client is still off work")
        self.computed = QLabel()
        self.computed.setTextFormat(Qt.TextFormat.RichText)
        self.computed.setWordWrap(True)
        self.computed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.override_box = QCheckBox("Set the amount b&y hand")
        self.override_box.setToolTip("For pay the rate cannot describe: tips, overtime, a six-day week…")
        self.override = MoneyField(None)
        self.override.setPlaceholderText("amount claimed")
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText("e.g. includes average tips per the employer's letter")
        self.notes = notes_box("Where the figures come from: pay stubs, employer letter, tax return…")
        self.origin = QLabel()
        self.origin.setWordWrap(True)
        self.origin.setStyleSheet(HINT_STYLE)
        self.origin.hide()
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "employer": (self.employer, self.labels["employer"]),
                "rate": (self.rate, self.labels["rate"]),
                "missed": (self.missed, self.labels["missed"]),
                "period_from": (self.period_from, self.labels["period_from"]),
                "period_to": (self.period_to, self.labels["period_to"]),
                "override": (self.override, self.labels["override"]),
                "override_reason": (self.override_reason, self.labels["override_reason"]),
            },
        )
        self._layout()
        self._load(wage)
        self._connect()
        self._on_basis_changed(self.basis.currentIndex())
        self._on_override_toggled(self.override_box.isChecked())
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, wages: WageService, case_id: int, wage: LostWage | None = None
    ) -> LostWage | None:
        """Show the dialog; the saved record, or None if cancelled."""
        dialog = cls(wages, case_id, wage, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        rate = QHBoxLayout()
        rate.addWidget(self.rate)
        rate.addWidget(self.rate_unit, 1)
        period = QHBoxLayout()
        period.addWidget(self.period_from)
        to_label = QLabel("&to")
        to_label.setBuddy(self.period_to)
        period.addWidget(to_label)
        period.addWidget(self.period_to)
        ongoing = QLabel("(empty while still off work)")
        ongoing.setStyleSheet(HINT_STYLE)
        period.addWidget(ongoing, 1)
        self.form = form = QFormLayout()
        form.addRow("&Employer:", self.employer)
        form.addRow("", self.labels["employer"])
        form.addRow("Pay &basis:", self.basis)
        form.addRow(self._buddy("&Rate:", self.rate), rate)
        form.addRow("", self.labels["rate"])
        form.addRow(self.missed_label, self.missed)
        form.addRow("", self.labels["missed"])
        form.addRow(self._buddy("Period &from:", self.period_from), period)
        form.addRow("", self.labels["period_from"])
        form.addRow("", self.labels["period_to"])
        form.addRow("Amount:", self.computed)
        form.addRow("", self.override_box)
        form.addRow("Amo&unt claimed:", self.override)
        form.addRow("", self.labels["override"])
        form.addRow("Reas&on:", self.override_reason)
        form.addRow("", self.labels["override_reason"])
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addWidget(self.origin)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = (
            self.employer,
            self.basis,
            self.rate,
            self.missed,
            self.period_from,
            self.period_to,
            self.override_box,
            self.override,
            self.override_reason,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    @staticmethod
    def _buddy(text: str, field: QWidget) -> QLabel:
        """A form label whose mnemonic goes to ``field`` (a row holding a layout has no buddy by itself)."""
        label = QLabel(text)
        label.setBuddy(field)
        return label

    def _connect(self) -> None:
        for name, line in (
            ("employer", self.employer),
            ("rate", self.rate),
            ("missed", self.missed),
            ("period_from", self.period_from),
            ("period_to", self.period_to),
            ("override", self.override),
            ("override_reason", self.override_reason),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.basis.currentIndexChanged.connect(self._on_basis_changed)
        self.override_box.toggled.connect(self._on_override_toggled)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading and writing the form ------------------------------------------------------------

    def _load(self, wage: LostWage | None) -> None:
        if wage is None:
            self.basis.setCurrentIndex(self.basis.findData(WageBasis.HOURLY))
            return
        self.employer.setText(wage.employer)
        self.basis.setCurrentIndex(self.basis.findData(wage.basis))
        self.rate.set_value(wage.rate)
        self.missed.setText(f"{wage.missed.normalize():,f}")
        self.period_from.set_value(wage.period_from)
        self.period_to.set_value(wage.period_to)
        self.override_box.setChecked(wage.override is not None)
        self.override.set_value(wage.override)
        self.override_reason.setText(wage.override_reason)
        self.notes.setPlainText(wage.notes)
        if wage.interview_id is not None:
            self.origin.setText(
                "Confirmed from an interview's answers. Changes here do not change the interview."
            )
            self.origin.show()

    def _read(self) -> tuple[LostWage, dict[str, str]]:
        errors: dict[str, str] = {}
        basis = WageBasis(self.basis.currentData())
        rate = self._money(self.rate, "rate", "Type the rate of pay.", errors)
        try:
            missed = parse_missed(self.missed.text(), basis)
        except ValidationError as exc:
            errors |= exc.errors
            missed = Decimal(0)
        period_from = self._date(self.period_from, "period_from", errors)
        period_to = self._date(self.period_to, "period_to", errors)
        override = None
        if self.override_box.isChecked():
            override = self._money(
                self.override,
                "override",
                "Type the amount claimed, or untick “Set the amount by hand”.",
                errors,
            )
        wage = LostWage(
            case_id=self._case_id,
            employer=self.employer.text(),
            rate=rate or Money.zero(),
            basis=basis,
            missed=missed,
            period_from=period_from,
            period_to=period_to,
            override=override,
            override_reason=self.override_reason.text() if self.override_box.isChecked() else "",
            notes=self.notes.toPlainText(),
        )
        if self.override_box.isChecked() and override is None:
            # The amount is missing, not zero: check the rest as if it were there.
            checked = replace(wage, override=Money.zero())
        else:
            checked = wage
        if self._wage is not None:
            wage = replace(
                wage,
                id=self._wage.id,
                employer_contact_id=self._wage.employer_contact_id,
                interview_id=self._wage.interview_id,
            )
        return wage, self._wages.errors(checked) | errors

    @staticmethod
    def _money(field: MoneyField, name: str, missing: str, errors: dict[str, str]) -> Money | None:
        try:
            value = field.value()
        except ValidationError as exc:
            errors[name] = exc.errors["amount"]
            return None
        if value is None:
            errors[name] = missing
        return value

    @staticmethod
    def _date(field: DateField, name: str, errors: dict[str, str]) -> date | None:
        try:
            return field.value()
        except DateError as exc:
            errors[name] = str(exc)
            return None

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        wage, errors = self._read()
        self.form_errors.show(errors)
        self._show_amount(wage, errors)

    def _show_amount(self, wage: LostWage, errors: dict[str, str]) -> None:
        if "rate" in errors or "missed" in errors:
            typed = self.rate.text().strip() and self.missed.text().strip()
            self.computed.setText(
                f"<span style='{HINT_STYLE}'>"
                + (
                    "Computed once the rate and time missed are corrected."
                    if typed
                    else "Computed as soon as the rate and time missed are typed."
                )
                + "</span>"
            )
            return
        if wage.override is None or "override" in errors:
            shown = replace(wage, override=None)
            self.computed.setText(
                f"<b>{shown.computed}</b><br><span style='{HINT_STYLE}'>{escape(shown.explanation())}</span>"
            )
            return
        self.computed.setText(
            f"<b>{wage.amount}</b> set by hand<br><span style='{HINT_STYLE}'>"
            f"Computed: {escape(replace(wage, override=None).explanation())}</span>"
        )

    def _on_basis_changed(self, _index: int) -> None:
        basis = WageBasis(self.basis.currentData())
        self.rate_unit.setText(RATE_UNITS[basis])
        self.missed_label.setText(MISSED_LABELS[basis])
        self.missed.setToolTip(
            "Hours of work missed" if basis is WageBasis.HOURLY else "Work days missed (five a week)"
        )
        self._refresh()

    def _on_override_toggled(self, checked: bool) -> None:
        self.override.setEnabled(checked)
        self.override_reason.setEnabled(checked)
        if checked:
            # Ticking it is asking to type both: say at once what they need (Save stays off till then).
            self.form_errors.touch("override", "override_reason")
            if self.isVisible():
                self.override.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh()

    def _on_save(self) -> None:
        wage, errors = self._read()
        wages, existing = self._wages, self._wage
        save = (lambda: wages.add(wage)) if existing is None else (lambda: wages.update(wage))
        self.saved = save_form(self, self.form_errors, errors, save, "Lost wages not saved")
