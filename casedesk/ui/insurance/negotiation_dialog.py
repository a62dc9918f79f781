"""The dialog to record a demand or offer on a claim, or edit one, with its deadline and the client's net."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.insurance import ClaimView
from casedesk.domain.money import Money
from casedesk.domain.negotiation import MAX_TIME_LIMIT_DAYS, MoveKind, NegotiationEntry, is_offer
from casedesk.domain.typed import DateError
from casedesk.ui.forms import DateField, FormDialog, FormErrors, MoneyField, error_label, notes_box, save_form

if TYPE_CHECKING:
    from casedesk.services.negotiation import NegotiationService

HINT_STYLE = "color: #555;"
WARNING_STYLE = "color: #b35c00;"
#: Said beside the time-limited demand's terms.
LEGAL_NOTE = (
    "Time-limited demand rules differ by state and by statute: the attorney must verify the terms before "
    "the demand is sent."
)


class NegotiationEntryDialog(FormDialog):
    """Record a demand or offer on a claim, or edit one.

    Attributes:
        saved: The entry as saved (set once Save succeeded).
    """

    discard_subject = "this demand or offer"

    FIELDS = ("kind", "made_on", "amount", "party", "deadline", "time_limit_days", "received_on")

    def __init__(
        self,
        negotiation: NegotiationService,
        claim: ClaimView,
        entry: NegotiationEntry | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._negotiation = negotiation
        self._claim = claim
        self._entry = entry
        self._party_typed = entry is not None
        self.saved: NegotiationEntry | None = None
        self.setWindowTitle(
            f"New demand or offer: {claim.display_name}"
            if entry is None
            else f"{entry.kind.label} of {entry.made_on:%m/%d/%Y}"
        )
        self.setMinimumWidth(560)

        self.kind = QComboBox()
        for kind in MoveKind:
            self.kind.addItem(kind.label, kind)
        self.made_on = DateField()
        self.amount = MoneyField(None)
        self.amount.setPlaceholderText("e.g. 100,000")
        self.party = QLineEdit()
        self.party.setPlaceholderText("who made it: the firm, or the adjuster")
        self.deadline = DateField()
        self.deadline.setToolTip("The day the demand or offer is open until, when it says so")
        self.time_limited = QCheckBox("&Time-limited demand (open a number of days from its receipt)")
        self.time_limit_days = QLineEdit()
        self.time_limit_days.setValidator(QIntValidator(0, 9999, self.time_limit_days))
        self.time_limit_days.setMaximumWidth(70)
        self.time_limit_days.setPlaceholderText("e.g. 30")
        self.received_on = DateField()
        self.received_on.setToolTip("When the insurer received the demand: the deadline runs from then")
        self.deadline_info = QLabel()
        self.deadline_info.setWordWrap(True)
        self.deadline_info.setStyleSheet(HINT_STYLE)
        self.legal_note = QLabel(LEGAL_NOTE)
        self.legal_note.setWordWrap(True)
        self.legal_note.setStyleSheet(WARNING_STYLE)
        self.notes = notes_box("What was said with it: conditions, what the adjuster relied on…", lines=3)
        self.net = QLabel()
        self.net.setTextFormat(Qt.TextFormat.RichText)
        self.net.setWordWrap(True)
        self.net.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "kind": (self.kind, self.labels["kind"]),
                "made_on": (self.made_on, self.labels["made_on"]),
                "amount": (self.amount, self.labels["amount"]),
                "party": (self.party, self.labels["party"]),
                "deadline": (self.deadline, self.labels["deadline"]),
                "time_limit_days": (self.time_limit_days, self.labels["time_limit_days"]),
                "received_on": (self.received_on, self.labels["received_on"]),
            },
        )
        self._layout()
        self._load(entry)
        self._connect()
        self._on_kind_changed(self.kind.currentIndex())
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        negotiation: NegotiationService,
        claim: ClaimView,
        entry: NegotiationEntry | None = None,
    ) -> NegotiationEntry | None:
        """Show the dialog; the saved entry, or None if cancelled."""
        dialog = cls(negotiation, claim, entry, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("Claim:", QLabel(escape(self._claim.display_name)))
        form.addRow("&Kind:", self.kind)
        form.addRow("", self.labels["kind"])
        form.addRow("&Made on:", self.made_on)
        form.addRow("", self.labels["made_on"])
        form.addRow("&Amount:", self.amount)
        form.addRow("", self.labels["amount"])
        form.addRow("&Party:", self.party)
        form.addRow("", self.labels["party"])
        form.addRow("Open &until:", self.deadline)
        form.addRow("", self.labels["deadline"])
        form.addRow("", self.time_limited)
        days = QHBoxLayout()
        days.addWidget(self.time_limit_days)
        days.addWidget(QLabel("days from receipt"), 1)
        days_label = QLabel("&Days open:")
        days_label.setBuddy(self.time_limit_days)
        form.addRow(days_label, days)
        form.addRow("", self.labels["time_limit_days"])
        form.addRow("&Received on:", self.received_on)
        form.addRow("", self.labels["received_on"])
        form.addRow("", self.deadline_info)
        form.addRow("", self.legal_note)
        form.addRow("N&otes:", self.notes)
        form.addRow("Net to client:", self.net)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.warnings)
        layout.addWidget(self.buttons)
        chain = (
            self.kind,
            self.made_on,
            self.amount,
            self.party,
            self.deadline,
            self.time_limited,
            self.time_limit_days,
            self.received_on,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        for name, line in (
            ("made_on", self.made_on),
            ("amount", self.amount),
            ("deadline", self.deadline),
            ("time_limit_days", self.time_limit_days),
            ("received_on", self.received_on),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.party.textEdited.connect(self._on_party_edited)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.time_limited.toggled.connect(self._on_time_limited_toggled)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading and writing the form ------------------------------------------------------------

    def _load(self, entry: NegotiationEntry | None) -> None:
        if entry is None:
            existing = self._negotiation.entries(self._claim.id)
            kind = _next_kind(existing)
            self.kind.setCurrentIndex(self.kind.findData(kind))
            self.made_on.set_value(self._negotiation.today())
            self.party.setText(self._default_party(kind))
            return
        self.kind.setCurrentIndex(self.kind.findData(entry.kind))
        self.made_on.set_value(entry.made_on)
        self.amount.set_value(entry.amount)
        self.party.setText(entry.party)
        self.deadline.set_value(entry.deadline)
        self.time_limited.setChecked(entry.time_limited)
        if entry.time_limit_days is not None:
            self.time_limit_days.setText(str(entry.time_limit_days))
        self.received_on.set_value(entry.received_on)
        self.notes.setPlainText(entry.notes)

    def _read(self) -> tuple[NegotiationEntry, dict[str, str]]:
        errors: dict[str, str] = {}
        kind = MoveKind(self.kind.currentData())
        amount: Money | None = None
        try:
            amount = self.amount.value()
        except ValidationError as exc:
            errors["amount"] = exc.errors["amount"]
        if amount is None and "amount" not in errors:
            errors["amount"] = "Type the amount."
        made_on = self._date(self.made_on, "made_on", errors)
        if made_on is None and "made_on" not in errors:
            errors["made_on"] = "Type the date it was made."
        time_limited = self.time_limited.isChecked() and kind.is_demand
        days: int | None = None
        if time_limited:
            text = self.time_limit_days.text().strip()
            if not text:
                errors["time_limit_days"] = f"Type how many days it stays open (1 to {MAX_TIME_LIMIT_DAYS})."
            else:
                days = int(text)
        entry = NegotiationEntry(
            claim_id=self._claim.id,
            kind=kind,
            made_on=made_on or self._negotiation.today(),
            amount=amount if amount is not None else Money(1),
            party=self.party.text(),
            notes=self.notes.toPlainText(),
            deadline=None if time_limited else self._date(self.deadline, "deadline", errors),
            time_limit_days=days if time_limited else None,
            received_on=self._date(self.received_on, "received_on", errors) if time_limited else None,
            id=self._entry.id if self._entry is not None else None,
        )
        try:
            checked = self._negotiation.errors(
                replace(entry, time_limit_days=1 if days is None else days) if time_limited else entry
            )
        except CasedeskError:  # the claim went meanwhile: Save says so
            checked = {}
        for name in ("amount", "made_on"):
            if name in errors:
                checked.pop(name, None)
        return entry, checked | errors

    @staticmethod
    def _date(field: DateField, name: str, errors: dict[str, str]) -> date | None:
        try:
            return field.value()
        except DateError as exc:
            errors[name] = str(exc)
            return None

    def _default_party(self, kind: MoveKind) -> str:
        try:
            return self._negotiation.default_party(self._claim.id, kind)
        except CasedeskError:
            return ""

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _on_party_edited(self, _text: str) -> None:
        self._party_typed = True
        self.form_errors.touch("party")
        self._refresh()

    def _on_kind_changed(self, _index: int) -> None:
        kind = MoveKind(self.kind.currentData())
        if not self._party_typed:
            self.party.setText(self._default_party(kind))
        self.time_limited.setEnabled(kind.is_demand)
        if not kind.is_demand:
            self.time_limited.setChecked(False)
        self._on_time_limited_toggled(self.time_limited.isChecked())

    def _on_time_limited_toggled(self, checked: bool) -> None:
        self.time_limit_days.setEnabled(checked)
        self.received_on.setEnabled(checked)
        self.deadline.setEnabled(not checked)
        self.legal_note.setVisible(checked)
        if checked and self.isVisible():
            self.form_errors.touch("time_limit_days")
            self.time_limit_days.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh()

    def _refresh(self) -> None:
        entry, errors = self._read()
        self.form_errors.show(errors)
        self._show_deadline(entry, errors)
        self._show_net(entry, errors)
        try:
            warnings = [] if errors else self._negotiation.warnings(entry)
        except CasedeskError:
            warnings = []
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))

    def _show_deadline(self, entry: NegotiationEntry, errors: dict[str, str]) -> None:
        if not entry.time_limited or "time_limit_days" in errors or "received_on" in errors:
            self.deadline_info.setText("")
            self.deadline_info.setVisible(False)
            return
        day = entry.deadline_day
        self.deadline_info.setText(
            f"Lapses on {day:%m/%d/%Y} ({entry.time_limit_days} days after receipt)."
            if day is not None
            else "The deadline is not running yet: enter the date the insurer received the demand."
        )
        self.deadline_info.setVisible(True)

    def _show_net(self, entry: NegotiationEntry, errors: dict[str, str]) -> None:
        if entry.kind.is_demand:
            self.net.setText(f"<span style='{HINT_STYLE}'>Shown for offers and the settlement.</span>")
            return
        if "amount" in errors:
            self.net.setText(f"<span style='{HINT_STYLE}'>Worked out once the amount is typed.</span>")
            return
        try:
            net = self._negotiation.net_at(self._claim.claim.case_id, entry.amount)
        except CasedeskError as exc:
            self.net.setText(f"<span style='{WARNING_STYLE}'>{escape(str(exc))}</span>")
            return
        if net.net is None:
            self.net.setText(f"<span style='{WARNING_STYLE}'>{escape(net.problem)}</span>")
            return
        detail = "; ".join(f"{label} {amount}" for label, amount in net.lines()[1:-1])
        self.net.setText(f"<b>{net.net}</b><br><span style='{HINT_STYLE}'>{escape(detail)}</span>")

    def _on_save(self) -> None:
        entry, errors = self._read()
        negotiation, existing = self._negotiation, self._entry
        save = (
            (lambda: negotiation.add(entry))
            if existing is None
            else (lambda: negotiation.update(entry, existing))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Demand or offer not saved")

    def use_their_version(self, current: object) -> None:
        """Show the record as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, NegotiationEntry)
        self._entry = current
        self._load(current)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the record as saved now."""
        assert isinstance(current, NegotiationEntry)
        self._entry = current


def _next_kind(existing: list[NegotiationEntry]) -> MoveKind:
    """What usually comes next: the initial demand first, then an offer after a demand, and so on."""
    if not existing:
        return MoveKind.INITIAL_DEMAND
    last = existing[-1]
    if last.kind.is_demand:
        return MoveKind.OFFER if not any(is_offer(e.kind) for e in existing) else MoveKind.COUNTER_OFFER
    if is_offer(last.kind):
        return MoveKind.COUNTER_DEMAND
    return MoveKind.COUNTER_DEMAND
