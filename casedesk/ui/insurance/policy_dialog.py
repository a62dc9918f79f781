"""The dialog to add or edit an insurance policy, checked as the user types."""

from __future__ import annotations

from dataclasses import replace
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

from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.insurance import Coverage, Policy, PolicyParty, counts_toward_injury
from casedesk.domain.money import Money
from casedesk.ui.forms import (
    FormDialog,
    FormErrors,
    MoneyField,
    error_label,
    ignore_wheel_unless_focused,
    notes_box,
    save_form,
)

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService
    from casedesk.services.insurance import InsuranceService

HINT_STYLE = "color: #555;"


class PolicyDialog(FormDialog):
    """Add a policy to a case, or edit one.

    Attributes:
        saved: The policy as saved (set once Save succeeded).
    """

    discard_subject = "this policy"

    FIELDS = ("carrier", "insured", "policy_number", "per_person", "per_occurrence")

    def __init__(
        self,
        insurance: InsuranceService,
        contacts: ContactService,
        case_id: int,
        policy: Policy | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._insurance = insurance
        self._case_id = case_id
        self._policy = policy
        self.saved: Policy | None = None
        self.setWindowTitle("New policy" if policy is None else f"Policy — {policy.carrier}")
        self.setMinimumWidth(520)
        try:
            self._insurers: list[Contact] = contacts.find(role=ContactRole.INSURER)
        except CasedeskError:
            self._insurers = []

        self.carrier = QLineEdit()
        self.carrier.setPlaceholderText("e.g. Progressive (type, or pick an insurer from contacts)")
        completer = QCompleter([c.name for c in self._insurers], self.carrier)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.carrier.setCompleter(completer)
        self.carrier_link = QLabel()
        self.carrier_link.setStyleSheet(HINT_STYLE)
        self.coverage = QComboBox()
        for coverage in Coverage:
            self.coverage.addItem(coverage.label, coverage)
        ignore_wheel_unless_focused(self.coverage)
        self.party = QComboBox()
        for party in PolicyParty:
            self.party.addItem(party.label, party)
        ignore_wheel_unless_focused(self.party)
        self.counted = QLabel()
        self.counted.setWordWrap(True)
        self.counted.setStyleSheet(HINT_STYLE)
        self.insured = QLineEdit()
        self.insured.setPlaceholderText("the policyholder, e.g. the at-fault driver")
        self.policy_number = QLineEdit()
        self.per_person = MoneyField(None)
        self.per_occurrence = MoneyField(None)
        self.notes = notes_box("Declarations page received? Stacking, excess policies…")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "carrier": (self.carrier, self.labels["carrier"]),
                "insured": (self.insured, self.labels["insured"]),
                "policy_number": (self.policy_number, self.labels["policy_number"]),
                "per_person": (self.per_person, self.labels["per_person"]),
                "per_occurrence": (self.per_occurrence, self.labels["per_occurrence"]),
            },
        )

        form = QFormLayout()
        form.addRow("&Carrier:", self.carrier)
        form.addRow("", self.carrier_link)
        form.addRow("", self.labels["carrier"])
        form.addRow("Co&verage:", self.coverage)
        form.addRow("&Whose policy:", self.party)
        form.addRow("", self.counted)
        form.addRow("&Insured:", self.insured)
        form.addRow("", self.labels["insured"])
        form.addRow("Policy &number:", self.policy_number)
        form.addRow("", self.labels["policy_number"])
        form.addRow("Limit per &person:", self.per_person)
        form.addRow("", self.labels["per_person"])
        form.addRow("Limit per &occurrence:", self.per_occurrence)
        form.addRow("", self.labels["per_occurrence"])
        form.addRow("No&tes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = (
            self.carrier,
            self.coverage,
            self.party,
            self.insured,
            self.policy_number,
            self.per_person,
            self.per_occurrence,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

        self._load(policy)
        for name, line in (
            ("carrier", self.carrier),
            ("insured", self.insured),
            ("policy_number", self.policy_number),
            ("per_person", self.per_person),
            ("per_occurrence", self.per_occurrence),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.coverage.currentIndexChanged.connect(lambda _i: self._refresh())
        self.party.currentIndexChanged.connect(lambda _i: self._refresh())
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._refresh()
        self.carrier.setFocus()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        insurance: InsuranceService,
        contacts: ContactService,
        case_id: int,
        policy: Policy | None = None,
    ) -> Policy | None:
        """Show the dialog; the saved policy, or None if cancelled."""
        dialog = cls(insurance, contacts, case_id, policy, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _load(self, policy: Policy | None) -> None:
        if policy is None:
            self.coverage.setCurrentIndex(self.coverage.findData(Coverage.BODILY_INJURY))
            self.party.setCurrentIndex(self.party.findData(PolicyParty.AT_FAULT))
            return
        self.carrier.setText(policy.carrier)
        self.coverage.setCurrentIndex(self.coverage.findData(policy.coverage))
        self.party.setCurrentIndex(self.party.findData(policy.party))
        self.insured.setText(policy.insured)
        self.policy_number.setText(policy.policy_number)
        self.per_person.set_value(policy.per_person)
        self.per_occurrence.set_value(policy.per_occurrence)
        self.notes.setPlainText(policy.notes)

    def _carrier_contact(self) -> Contact | None:
        typed = " ".join(self.carrier.text().split()).casefold()
        return next((c for c in self._insurers if " ".join(c.name.split()).casefold() == typed), None)

    def _read(self) -> tuple[Policy, dict[str, str]]:
        errors: dict[str, str] = {}
        per_person = self._money(self.per_person, "per_person", errors)
        per_occurrence = self._money(self.per_occurrence, "per_occurrence", errors)
        contact = self._carrier_contact()
        policy = Policy(
            case_id=self._case_id,
            coverage=Coverage(self.coverage.currentData()),
            carrier=contact.name if contact is not None else self.carrier.text(),
            insured=self.insured.text(),
            policy_number=self.policy_number.text(),
            party=PolicyParty(self.party.currentData()),
            per_person=per_person,
            per_occurrence=per_occurrence,
            notes=self.notes.toPlainText(),
            carrier_contact_id=contact.id if contact is not None else None,
            id=self._policy.id if self._policy is not None else None,
        )
        checked = self._insurance.policy_errors(policy)
        for name in errors:
            checked.pop(name, None)
        return policy, checked | errors

    @staticmethod
    def _money(field: MoneyField, name: str, errors: dict[str, str]) -> Money | None:
        try:
            return field.value()
        except ValidationError as exc:
            errors[name] = exc.errors["amount"]
            return None

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        policy, errors = self._read()
        self.form_errors.show(errors)
        contact = self._carrier_contact()
        self.carrier_link.setText("Linked to the insurer in contacts." if contact is not None else "")
        self.carrier_link.setVisible(contact is not None)
        self.counted.setText(
            "Its per-person limit counts toward the coverage available for the injury claim."
            if counts_toward_injury(policy)
            else "Listed with the case, not counted toward the coverage available for the injury claim "
            "(only the at-fault party's bodily-injury and the client's own UM/UIM are)."
        )

    def _on_save(self) -> None:
        policy, errors = self._read()
        insurance, existing = self._insurance, self._policy
        save = (
            (lambda: insurance.add_policy(policy))
            if existing is None
            else (lambda: insurance.update_policy(replace(policy, id=existing.id)))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Policy not saved")
