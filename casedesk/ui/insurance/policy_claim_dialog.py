"""The dialog to add or edit a claim on a policy, and the small form that adds its adjuster to contacts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import CasedeskError
from casedesk.domain.insurance import Claim, ClaimStatus, ClaimView, Policy
from casedesk.domain.typed import DateError, format_date
from casedesk.ui.forms import (
    DateField,
    FormDialog,
    FormErrors,
    error_label,
    ignore_wheel_unless_focused,
    notes_box,
    save_form,
)
from casedesk.ui.messages import show_error

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService
    from casedesk.services.insurance import InsuranceService

HINT_STYLE = "color: #555;"
NO_ADJUSTER = "(no adjuster yet)"


class AdjusterDialog(FormDialog):
    """Add an adjuster to the contacts book: name, phone and email, working for the carrier.

    Attributes:
        saved: The contact as saved (set once Save succeeded).
    """

    discard_subject = "this adjuster"

    def __init__(self, contacts: ContactService, carrier: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self.saved: Contact | None = None
        self.setWindowTitle("New adjuster")
        self.setMinimumWidth(420)
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Pat Quinn")
        self.organization = QLineEdit(carrier.strip())
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self.labels = {name: error_label() for name in ("name", "organization", "phone", "email")}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        fields = {
            "name": self.name,
            "organization": self.organization,
            "phone": self.phone,
            "email": self.email,
        }
        self.form_errors = FormErrors(self.buttons, {k: (w, self.labels[k]) for k, w in fields.items()})
        form = QFormLayout()
        for text, key in (("&Name:", "name"), ("&Works for:", "organization"), ("&Phone:", "phone")):
            form.addRow(text, fields[key])
            form.addRow("", self.labels[key])
        form.addRow("&Email:", self.email)
        form.addRow("", self.labels["email"])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        for key, widget in fields.items():
            widget.textChanged.connect(lambda _t, k=key: self._on_edited(k))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.form_errors.show(self._read()[1])
        self.name.setFocus()
        self.remember_loaded()

    @classmethod
    def ask(cls, parent: QWidget | None, contacts: ContactService, carrier: str) -> Contact | None:
        """Show the dialog; the saved contact, or None if cancelled."""
        dialog = cls(contacts, carrier, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _read(self) -> tuple[Contact, dict[str, str]]:
        contact = Contact(
            name=self.name.text(),
            role=ContactRole.ADJUSTER,
            organization=self.organization.text(),
            phone=self.phone.text(),
            email=self.email.text(),
        )
        return contact, self._contacts.errors(contact)

    def _on_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self.form_errors.show(self._read()[1])

    def _on_save(self) -> None:
        contact, errors = self._read()
        contacts = self._contacts
        self.saved = save_form(
            self, self.form_errors, errors, lambda: contacts.create(contact), "Adjuster not saved"
        )


class ClaimDialog(FormDialog):
    """Add a claim on one of a case's policies, or edit one.

    Attributes:
        saved: The claim as saved, with its names (set once Save succeeded).
    """

    discard_subject = "this claim"

    FIELDS = ("policy", "claim_number", "reported_on", "representation_sent_on", "closed_on")

    def __init__(
        self,
        insurance: InsuranceService,
        contacts: ContactService,
        case_id: int,
        policies: list[Policy],
        claim: ClaimView | None = None,
        policy_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._insurance = insurance
        self._contacts = contacts
        self._case_id = case_id
        self._claim = claim
        self.saved: ClaimView | None = None
        self.setWindowTitle("New claim" if claim is None else f"Claim — {claim.display_name}")
        self.setMinimumWidth(540)
        try:
            self._incident: date | None = insurance.incident_date(case_id)
        except CasedeskError:
            self._incident = None

        self.policy = QComboBox()
        for policy in policies:
            self.policy.addItem(
                f"{policy.carrier} · {policy.coverage.label} ({policy.party.label})", policy.id
            )
        ignore_wheel_unless_focused(self.policy)
        self.claim_number = QLineEdit()
        self.claim_number.setPlaceholderText("the insurer's claim number, e.g. 12-345678")
        self.status = QComboBox()
        for status in ClaimStatus:
            self.status.addItem(status.label, status)
        ignore_wheel_unless_focused(self.status)
        self.adjuster = QComboBox()
        ignore_wheel_unless_focused(self.adjuster)
        self.new_adjuster = QPushButton("New ad&juster…")
        self.new_adjuster.setToolTip("Add the adjuster to contacts and pick them here")
        self.reported_on = DateField()
        self.representation_sent_on = DateField()
        self.representation_sent_on.setToolTip("Saving this date puts the letter on the case's timeline")
        self.closed_on = DateField()
        incident = format_date(self._incident) if self._incident else "not recorded"
        self.dates_hint = QLabel(f"Incident: {incident}. Reported and sent dates cannot be in the future.")
        self.dates_hint.setStyleSheet(HINT_STYLE)
        self.notes = notes_box("Coverage position, recorded statement, reservation of rights…")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "policy": (self.policy, self.labels["policy"]),
                "claim_number": (self.claim_number, self.labels["claim_number"]),
                "reported_on": (self.reported_on, self.labels["reported_on"]),
                "representation_sent_on": (
                    self.representation_sent_on,
                    self.labels["representation_sent_on"],
                ),
                "closed_on": (self.closed_on, self.labels["closed_on"]),
            },
        )
        adjuster_row = QHBoxLayout()
        adjuster_row.addWidget(self.adjuster, 1)
        adjuster_row.addWidget(self.new_adjuster)
        adjuster_label = QLabel("&Adjuster:")
        adjuster_label.setBuddy(self.adjuster)
        form = QFormLayout()
        form.addRow("&Policy:", self.policy)
        form.addRow("", self.labels["policy"])
        form.addRow("Claim &number:", self.claim_number)
        form.addRow("", self.labels["claim_number"])
        form.addRow("&Status:", self.status)
        form.addRow(adjuster_label, adjuster_row)
        form.addRow("", self.dates_hint)
        form.addRow("&Reported on:", self.reported_on)
        form.addRow("", self.labels["reported_on"])
        form.addRow("Letter of r&epresentation sent:", self.representation_sent_on)
        form.addRow("", self.labels["representation_sent_on"])
        form.addRow("C&losed on:", self.closed_on)
        form.addRow("", self.labels["closed_on"])
        form.addRow("No&tes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = (
            self.policy,
            self.claim_number,
            self.status,
            self.adjuster,
            self.new_adjuster,
            self.reported_on,
            self.representation_sent_on,
            self.closed_on,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

        self._fill_adjusters(claim.claim.adjuster_contact_id if claim else None)
        self._load(claim, policy_id)
        for name, line in (
            ("claim_number", self.claim_number),
            ("reported_on", self.reported_on),
            ("representation_sent_on", self.representation_sent_on),
            ("closed_on", self.closed_on),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.policy.currentIndexChanged.connect(lambda _i: self._on_edited("policy"))
        self.new_adjuster.clicked.connect(self.add_adjuster)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self.form_errors.touch("policy")
        self._refresh()
        self.claim_number.setFocus()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        insurance: InsuranceService,
        contacts: ContactService,
        case_id: int,
        policies: list[Policy],
        claim: ClaimView | None = None,
        policy_id: int | None = None,
    ) -> ClaimView | None:
        """Show the dialog; the saved claim, or None if cancelled."""
        dialog = cls(insurance, contacts, case_id, policies, claim, policy_id, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def add_adjuster(self) -> None:
        """Add a new adjuster to contacts and pick them."""
        policy = self._current_policy_name()
        contact = AdjusterDialog.ask(self, self._contacts, policy)
        if contact is not None:
            self._fill_adjusters(contact.id)

    def _current_policy_name(self) -> str:
        text = self.policy.currentText()
        return text.split(" · ")[0] if text else ""

    def _fill_adjusters(self, select_id: int | None) -> None:
        try:
            adjusters = self._contacts.find(role=ContactRole.ADJUSTER)
        except CasedeskError as exc:
            show_error(self, "Adjusters not read", exc)
            adjusters = []
        self.adjuster.clear()
        self.adjuster.addItem(NO_ADJUSTER, None)
        for contact in adjusters:
            works_for = f" ({contact.organization})" if contact.organization.strip() else ""
            self.adjuster.addItem(f"{contact.name}{works_for}", contact.id)
        index = self.adjuster.findData(select_id) if select_id is not None else 0
        self.adjuster.setCurrentIndex(max(index, 0))

    def _load(self, view: ClaimView | None, policy_id: int | None) -> None:
        if view is None:
            if policy_id is not None and self.policy.findData(policy_id) >= 0:
                self.policy.setCurrentIndex(self.policy.findData(policy_id))
            self.status.setCurrentIndex(self.status.findData(ClaimStatus.OPEN))
            return
        claim = view.claim
        self.policy.setCurrentIndex(max(self.policy.findData(claim.policy_id), 0))
        self.claim_number.setText(claim.claim_number)
        self.status.setCurrentIndex(self.status.findData(claim.status))
        self.reported_on.set_value(claim.reported_on)
        self.representation_sent_on.set_value(claim.representation_sent_on)
        self.closed_on.set_value(claim.closed_on)
        self.notes.setPlainText(claim.notes)

    def _read(self) -> tuple[Claim, dict[str, str]]:
        errors: dict[str, str] = {}
        dates: dict[str, date | None] = {}
        for name, field in (
            ("reported_on", self.reported_on),
            ("representation_sent_on", self.representation_sent_on),
            ("closed_on", self.closed_on),
        ):
            try:
                dates[name] = field.value()
            except DateError as exc:
                errors[name] = str(exc)
                dates[name] = None
        policy_id = self.policy.currentData()
        if policy_id is None:
            errors["policy"] = "Add the policy first: a claim is made on a policy."
        claim = Claim(
            case_id=self._case_id,
            policy_id=policy_id or 0,
            claim_number=self.claim_number.text(),
            status=ClaimStatus(self.status.currentData()),
            adjuster_contact_id=self.adjuster.currentData(),
            reported_on=dates["reported_on"],
            representation_sent_on=dates["representation_sent_on"],
            closed_on=dates["closed_on"],
            notes=self.notes.toPlainText(),
            id=self._claim.claim.id if self._claim is not None else None,
        )
        checked = self._insurance.claim_errors(claim, self._incident)
        return claim, checked | errors

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        self.form_errors.show(self._read()[1])

    def _on_save(self) -> None:
        claim, errors = self._read()
        insurance, existing = self._insurance, self._claim
        save = (
            (lambda: insurance.add_claim(claim))
            if existing is None
            else (lambda: insurance.update_claim(claim, existing.claim))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Claim not saved")

    def use_their_version(self, current: object) -> None:
        """Show the record as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Claim) and self._claim is not None
        self._claim = replace(self._claim, claim=current)
        self._load(self._claim, None)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the record as saved now."""
        assert isinstance(current, Claim) and self._claim is not None
        self._claim = replace(self._claim, claim=current)
