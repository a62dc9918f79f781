"""The dialogs to add or edit a medical bill and a lien, with the amounts worked out as the user types."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
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
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.bills import MEDICARE_NOTE, Bill, Lien, LienKind, LienStatus, final_note
from casedesk.domain.errors import ValidationError
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
    from casedesk.services.bills import BillService

HINT_STYLE = "color: #555;"
NOTE_STYLE = "color: #8a5a00;"
#: Shown in the provider list of a case without providers.
NO_PROVIDERS = "No providers on this case yet"
NO_PROVIDERS_MESSAGE = "Add the provider to the case first (on the Providers tab), then enter its bills."
NO_DOCUMENT = "No document"
NO_PROVIDER = "None"


def _buddy(text: str, field: QWidget) -> QLabel:
    """A form label whose mnemonic goes to ``field``."""
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _money(field: MoneyField, name: str, errors: dict[str, str], missing: str = "") -> Money | None:
    """The amount in a field; a message under ``name`` when it is not one (or is missing and must not be)."""
    try:
        value = field.value()
    except ValidationError as exc:
        errors[name] = exc.errors["amount"]
        return None
    if value is None and missing:
        errors[name] = missing
    return value


def _date(field: DateField, name: str, errors: dict[str, str], missing: str = "") -> date | None:
    try:
        value = field.value()
    except DateError as exc:
        errors[name] = str(exc)
        return None
    if value is None and missing:
        errors[name] = missing
    return value


class BillDialog(FormDialog):
    """Add a medical bill to a case, or edit one.

    Attributes:
        saved: The bill as saved (set once Save succeeded).
    """

    discard_subject = "this bill"

    FIELDS = (
        "provider",
        "service_from",
        "service_to",
        "billed",
        "adjustment",
        "health_paid",
        "pip_paid",
        "client_paid",
        "payments",
        "owed",
        "document",
        "page",
    )

    def __init__(
        self, bills: BillService, case_id: int, bill: Bill | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bills = bills
        self._case_id = case_id
        self._bill = bill
        self.saved: Bill | None = None
        self.setWindowTitle("New bill" if bill is None else "Edit bill")
        self.setMinimumWidth(600)

        self.provider = QComboBox()
        ignore_wheel_unless_focused(self.provider)
        providers = bills.providers(case_id)
        for provider in providers:
            self.provider.addItem(provider.name or f"Provider {provider.id}", provider.id)
        if not providers:
            self.provider.addItem(NO_PROVIDERS, None)
        self.service_from = DateField()
        self.service_to = DateField()
        self.service_to.setToolTip("For a bill covering several visits: the last date of service")
        self.billed = MoneyField(None)
        self.billed.setPlaceholderText("e.g. 4,850.00")
        self.adjustment = MoneyField(Money.zero())
        self.adjusted = QLabel()
        self.health_paid = MoneyField(Money.zero())
        self.pip_paid = MoneyField(Money.zero())
        self.client_paid = MoneyField(Money.zero())
        self.total_paid = QLabel()
        self.owed_box = QCheckBox("The provider's &statement says another amount is owed")
        self.owed = MoneyField(None)
        self.owed.setPlaceholderText("as on the statement")
        self.owed_note = QLabel()
        self.owed_note.setTextFormat(Qt.TextFormat.RichText)
        self.owed_note.setWordWrap(True)
        self.paid_owed = QLabel()
        self.document = QComboBox()
        ignore_wheel_unless_focused(self.document)
        self.document.addItem(NO_DOCUMENT, None)
        self._page_counts: dict[int, int] = {}
        for document in bills.documents(case_id):
            label = document.display_name + (f" ({document.page_count} pages)" if document.page_count else "")
            self.document.addItem(label, document.id)
            self._page_counts[document.id or 0] = document.page_count
        self.page = QLineEdit()
        self.page.setMaximumWidth(70)
        self.page.setPlaceholderText("page")
        self.page.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.notes = notes_box("Account number, what the bill covers, who sent it…", 3)
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        widgets: dict[str, QWidget] = {
            "provider": self.provider,
            "service_from": self.service_from,
            "service_to": self.service_to,
            "billed": self.billed,
            "adjustment": self.adjustment,
            "health_paid": self.health_paid,
            "pip_paid": self.pip_paid,
            "client_paid": self.client_paid,
            "payments": self.total_paid,
            "owed": self.owed,
            "document": self.document,
            "page": self.page,
        }
        self.form_errors = FormErrors(self.buttons, {n: (widgets[n], self.labels[n]) for n in self.FIELDS})
        self._layout()
        self._load(bill)
        self._connect()
        self._on_owed_toggled(self.owed_box.isChecked())
        if not providers:
            self.form_errors.touch("provider")
            self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, bills: BillService, case_id: int, bill: Bill | None = None
    ) -> Bill | None:
        """Show the dialog; the saved bill, or None if cancelled."""
        dialog = cls(bills, case_id, bill, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        dates = QHBoxLayout()
        dates.addWidget(self.service_from)
        to_label = QLabel("&to")
        to_label.setBuddy(self.service_to)
        dates.addWidget(to_label)
        dates.addWidget(self.service_to)
        span = QLabel("(empty for one day)")
        span.setStyleSheet(HINT_STYLE)
        dates.addWidget(span, 1)
        adjustment = QHBoxLayout()
        adjustment.addWidget(self.adjustment)
        adjustment.addWidget(self.adjusted, 1)
        owed = QHBoxLayout()
        owed.addWidget(self.owed)
        owed.addWidget(self.owed_note, 1)
        document = QHBoxLayout()
        document.addWidget(self.document, 1)
        page_label = QLabel("P&age:")
        page_label.setBuddy(self.page)
        document.addWidget(page_label)
        document.addWidget(self.page)
        form = QFormLayout()
        form.addRow("&Provider:", self.provider)
        form.addRow("", self.labels["provider"])
        form.addRow(_buddy("&Date of service:", self.service_from), dates)
        form.addRow("", self.labels["service_from"])
        form.addRow("", self.labels["service_to"])
        form.addRow("&Billed:", self.billed)
        form.addRow("", self.labels["billed"])
        form.addRow(_buddy("Ad&justment / write-off:", self.adjustment), adjustment)
        form.addRow("", self.labels["adjustment"])
        form.addRow("&Health insurance paid:", self.health_paid)
        form.addRow("", self.labels["health_paid"])
        form.addRow("P&IP / MedPay paid:", self.pip_paid)
        form.addRow("", self.labels["pip_paid"])
        form.addRow("&Client paid:", self.client_paid)
        form.addRow("", self.labels["client_paid"])
        form.addRow("Total paid:", self.total_paid)
        form.addRow("", self.labels["payments"])
        form.addRow("", self.owed_box)
        form.addRow(_buddy("Still &owed:", self.owed), owed)
        form.addRow("", self.labels["owed"])
        form.addRow("Paid + owed:", self.paid_owed)
        form.addRow(_buddy("Bill doc&ument:", self.document), document)
        form.addRow("", self.labels["document"])
        form.addRow("", self.labels["page"])
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = (
            self.provider,
            self.service_from,
            self.service_to,
            self.billed,
            self.adjustment,
            self.health_paid,
            self.pip_paid,
            self.client_paid,
            self.owed_box,
            self.owed,
            self.document,
            self.page,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        money = {"billed", "adjustment", "health_paid", "pip_paid", "client_paid"}
        for name in ("service_from", "service_to", *sorted(money), "owed", "page"):
            line: QLineEdit = getattr(self, name)
            # Any figure can make the payments exceed the adjusted amount: that message shows at once.
            touched = (name, "payments") if name in money else (name,)
            line.textChanged.connect(lambda _t, t=touched: self._on_edited(*t))
        self.provider.currentIndexChanged.connect(lambda _i: self._on_edited("provider"))
        self.document.currentIndexChanged.connect(lambda _i: self._on_edited("document", "page"))
        self.owed_box.toggled.connect(self._on_owed_toggled)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading and writing the form ------------------------------------------------------------

    def _load(self, bill: Bill | None) -> None:
        if bill is None:
            return
        index = self.provider.findData(bill.provider_id)
        if index >= 0:
            self.provider.setCurrentIndex(index)
        self.service_from.set_value(bill.service_from)
        self.service_to.set_value(bill.service_to)
        self.billed.set_value(bill.billed)
        self.adjustment.set_value(bill.adjustment)
        self.health_paid.set_value(bill.health_paid)
        self.pip_paid.set_value(bill.pip_paid)
        self.client_paid.set_value(bill.client_paid)
        self.owed_box.setChecked(bill.owed is not None)
        self.owed.set_value(bill.owed)
        document = self.document.findData(bill.document_id) if bill.document_id is not None else 0
        self.document.setCurrentIndex(max(document, 0))
        self.page.setText("" if bill.page is None else str(bill.page))
        self.notes.setPlainText(bill.notes)

    def read(self) -> tuple[Bill, dict[str, str]]:
        """The bill as typed, and what is wrong with it (field → message)."""
        errors: dict[str, str] = {}
        provider_id = self.provider.currentData()
        if provider_id is None:
            errors["provider"] = NO_PROVIDERS_MESSAGE
        service_from = _date(self.service_from, "service_from", errors, "Type the date of service.")
        service_to = _date(self.service_to, "service_to", errors)
        billed = _money(self.billed, "billed", errors, "Type the amount billed.")
        amounts = {
            name: _money(getattr(self, name), name, errors) or Money.zero()
            for name in ("adjustment", "health_paid", "pip_paid", "client_paid")
        }
        owed = None
        if self.owed_box.isChecked():
            owed = _money(
                self.owed, "owed", errors, "Type the amount owed as on the statement, or untick the box."
            )
        document_id = self.document.currentData()
        page = None
        page_text = self.page.text().strip()
        if page_text:
            if page_text.isdigit():
                page = int(page_text)
                count = self._page_counts.get(document_id or 0, 0)
                if document_id is not None and count and page > count:
                    errors["page"] = f"The document has {count} pages."
            else:
                errors["page"] = f"“{page_text}” is not a page number."
        bill = Bill(
            case_id=self._case_id,
            provider_id=provider_id or 0,
            service_from=service_from or date.min,
            service_to=service_to,
            billed=billed or Money.zero(),
            owed=owed,
            document_id=document_id,
            page=page,
            notes=self.notes.toPlainText(),
            id=None if self._bill is None else self._bill.id,
            **amounts,
        )
        problems = self._bills.bill_errors(bill)
        # A field that is not an amount (or not typed) has its own message; don't also compute on it.
        return bill, {name: message for name, message in problems.items() if name not in errors} | errors

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, *names: str) -> None:
        self.form_errors.touch(*names)
        self._refresh()

    def _refresh(self) -> None:
        bill, errors = self.read()
        self.form_errors.show(errors)
        self._show_amounts(bill, errors)

    def _show_amounts(self, bill: Bill, errors: dict[str, str]) -> None:
        amounts_ok = not {"billed", "adjustment", "health_paid", "pip_paid", "client_paid"} & errors.keys()
        if not amounts_ok or not self.billed.text().strip():
            waiting = "Worked out once the amounts are typed." if amounts_ok else "Worked out once corrected."
            for label in (self.adjusted, self.total_paid, self.paid_owed):
                label.setText(f"<span style='{HINT_STYLE}'>{waiting}</span>")
            self.owed_note.setText("")
            return
        self.adjusted.setText(f"Adjusted: <b>{bill.adjusted}</b> ({bill.billed} − {bill.adjustment})")
        self.total_paid.setText(
            f"<b>{bill.total_paid}</b> ({bill.health_paid} + {bill.pip_paid} + {bill.client_paid})"
        )
        computed = bill.computed_owed
        if "payments" in errors:
            self.owed_note.setText(
                f"<span style='{HINT_STYLE}'>Worked out once the payments are corrected.</span>"
            )
            self.paid_owed.setText("")
            return
        if not self.owed_box.isChecked() or "owed" in errors or bill.owed is None:
            self.owed_note.setText(f"<b>{computed}</b> = adjusted less payments")
            shown = replace(bill, owed=None)
        else:
            difference = bill.owed_difference or Money.zero()
            if difference.cents == 0:
                self.owed_note.setText(f"The same as adjusted less payments ({computed}).")
            else:
                more = "more" if difference.cents > 0 else "less"
                self.owed_note.setText(
                    f"<span style='{NOTE_STYLE}'>{Money(abs(difference.cents))} {more} than adjusted less "
                    f"payments ({computed}).</span>"
                )
            shown = bill
        self.paid_owed.setText(f"<b>{shown.paid_plus_owed}</b>")

    def _on_owed_toggled(self, checked: bool) -> None:
        self.owed.setEnabled(checked)
        if checked:
            self.form_errors.touch("owed")
            if self.isVisible():
                self.owed.setFocus(Qt.FocusReason.OtherFocusReason)
        self._refresh()

    def _on_save(self) -> None:
        bill, errors = self.read()
        service, existing = self._bills, self._bill
        save = (
            (lambda: service.add_bill(bill))
            if existing is None
            else (lambda: service.update_bill(bill, existing))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Bill not saved")

    def use_their_version(self, current: object) -> None:
        """Show the record as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Bill)
        self._bill = current
        self._load(current)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the record as saved now."""
        assert isinstance(current, Bill)
        self._bill = current


class LienDialog(FormDialog):
    """Add a lien to a case, or edit one.

    Attributes:
        saved: The lien as saved (set once Save succeeded).
    """

    discard_subject = "this lien"

    FIELDS = ("holder", "asserted", "reduction", "final", "asserted_on", "provider")

    def __init__(
        self, bills: BillService, case_id: int, lien: Lien | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bills = bills
        self._case_id = case_id
        self._lien = lien
        self.saved: Lien | None = None
        self.setWindowTitle("New lien" if lien is None else f"Lien of {lien.holder}")
        self.setMinimumWidth(580)

        self.holder = QComboBox()
        self.holder.setEditable(True)
        self.holder.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        ignore_wheel_unless_focused(self.holder)
        self._contacts: dict[str, int] = {}
        for contact in bills.holder_choices(case_id):
            self.holder.addItem(contact.name, contact.id)
            self._contacts.setdefault(contact.name.casefold(), contact.id or 0)
        self.holder.setCurrentIndex(-1)
        holder_line = self.holder.lineEdit()
        assert holder_line is not None  # an editable combo box has one
        holder_line.setPlaceholderText("Type who holds it, or pick a contact")
        self.holder_link = QLabel()
        self.holder_link.setStyleSheet(HINT_STYLE)
        self.kind = QComboBox()
        for kind in LienKind:
            self.kind.addItem(kind.label, kind)
        ignore_wheel_unless_focused(self.kind)
        self.status = QComboBox()
        for status in LienStatus:
            self.status.addItem(status.label, status)
        ignore_wheel_unless_focused(self.status)
        self.status.setToolTip("Asserted → negotiating → final → paid")
        self.asserted = MoneyField(None)
        self.asserted.setPlaceholderText("e.g. 6,420.18")
        self.reduction = MoneyField(Money.zero())
        self.final = MoneyField(None)
        self.final.setPlaceholderText("not agreed yet")
        self.final_hint = QLabel()
        self.final_hint.setTextFormat(Qt.TextFormat.RichText)
        self.final_hint.setWordWrap(True)
        self.asserted_on = DateField()
        self.provider = QComboBox()
        ignore_wheel_unless_focused(self.provider)
        self.provider.addItem(NO_PROVIDER, None)
        for provider in bills.providers(case_id):
            self.provider.addItem(provider.name or f"Provider {provider.id}", provider.id)
        self.notes = notes_box("Claim or reference number, letters received, who to call…", 3)
        self.medicare_note = QLabel(MEDICARE_NOTE)
        self.medicare_note.setWordWrap(True)
        self.medicare_note.setStyleSheet(NOTE_STYLE)
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        widgets: dict[str, QWidget] = {
            "holder": self.holder,
            "asserted": self.asserted,
            "reduction": self.reduction,
            "final": self.final,
            "asserted_on": self.asserted_on,
            "provider": self.provider,
        }
        self.form_errors = FormErrors(self.buttons, {n: (widgets[n], self.labels[n]) for n in self.FIELDS})
        self._layout()
        self._load(lien)
        self._connect()
        self._refresh()
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, bills: BillService, case_id: int, lien: Lien | None = None
    ) -> Lien | None:
        """Show the dialog; the saved lien, or None if cancelled."""
        dialog = cls(bills, case_id, lien, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _layout(self) -> None:
        final = QHBoxLayout()
        final.addWidget(self.final)
        final.addWidget(self.final_hint, 1)
        form = QFormLayout()
        form.addRow("&Holder:", self.holder)
        form.addRow("", self.holder_link)
        form.addRow("", self.labels["holder"])
        form.addRow("T&ype:", self.kind)
        form.addRow("&Status:", self.status)
        form.addRow("&Asserted:", self.asserted)
        form.addRow("", self.labels["asserted"])
        form.addRow("&Reduction:", self.reduction)
        form.addRow("", self.labels["reduction"])
        form.addRow(_buddy("&Final amount:", self.final), final)
        form.addRow("", self.labels["final"])
        form.addRow("Asserted o&n:", self.asserted_on)
        form.addRow("", self.labels["asserted_on"])
        form.addRow("Related &provider:", self.provider)
        form.addRow("", self.labels["provider"])
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.medicare_note)
        layout.addWidget(self.buttons)
        chain = (
            self.holder,
            self.kind,
            self.status,
            self.asserted,
            self.reduction,
            self.final,
            self.asserted_on,
            self.provider,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        self.holder.editTextChanged.connect(lambda _t: self._on_edited("holder"))
        for name in ("asserted", "reduction", "final", "asserted_on"):
            line: QLineEdit = getattr(self, name)
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.kind.currentIndexChanged.connect(lambda _i: self._refresh())
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.provider.currentIndexChanged.connect(lambda _i: self._on_edited("provider"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _load(self, lien: Lien | None) -> None:
        if lien is None:
            return
        self.holder.setEditText(lien.holder)
        self.kind.setCurrentIndex(self.kind.findData(lien.kind))
        self.status.setCurrentIndex(self.status.findData(lien.status))
        self.asserted.set_value(lien.asserted)
        self.reduction.set_value(lien.reduction)
        self.final.set_value(lien.final)
        self.asserted_on.set_value(lien.asserted_on)
        self.provider.setCurrentIndex(max(self.provider.findData(lien.provider_id), 0))
        self.notes.setPlainText(lien.notes)

    def holder_contact_id(self) -> int | None:
        """The contact whose name is typed as the holder, if any."""
        return self._contacts.get(" ".join(self.holder.currentText().split()).casefold())

    def read(self) -> tuple[Lien, dict[str, str]]:
        """The lien as typed, and what is wrong with it (field → message)."""
        errors: dict[str, str] = {}
        asserted = _money(self.asserted, "asserted", errors, "Type the amount asserted.")
        reduction = _money(self.reduction, "reduction", errors) or Money.zero()
        final = _money(self.final, "final", errors)
        asserted_on = _date(self.asserted_on, "asserted_on", errors)
        lien = Lien(
            case_id=self._case_id,
            holder=self.holder.currentText(),
            kind=LienKind(self.kind.currentData()),
            asserted=asserted or Money.zero(),
            reduction=reduction,
            final=final,
            status=LienStatus(self.status.currentData()),
            holder_contact_id=self.holder_contact_id(),
            provider_id=self.provider.currentData(),
            asserted_on=asserted_on,
            notes=self.notes.toPlainText(),
            id=None if self._lien is None else self._lien.id,
        )
        checked = lien if "final" not in errors else replace(lien, final=Money.zero())
        problems = self._bills.lien_errors(checked)
        return lien, {name: message for name, message in problems.items() if name not in errors} | errors

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self._refresh()

    def _refresh(self) -> None:
        lien, errors = self.read()
        self.form_errors.show(errors)
        contact = lien.holder_contact_id
        self.holder_link.setText(
            "Linked to this contact in the contacts book." if contact is not None else ""
        )
        self.holder_link.setVisible(contact is not None)
        self.medicare_note.setVisible(lien.kind is LienKind.MEDICARE)
        if {"asserted", "reduction"} & errors.keys() or not self.asserted.text().strip():
            self.final_hint.setText("")
            return
        note = final_note(lien) if "final" not in errors else ""
        computed = f"Asserted less reduction: <b>{lien.computed_final}</b>"
        self.final_hint.setText(f"<span style='{NOTE_STYLE}'>{escape(note)}</span>" if note else computed)

    def _on_status_changed(self, _index: int) -> None:
        status = LienStatus(self.status.currentData())
        self.form_errors.touch("final")
        if status in (LienStatus.FINAL, LienStatus.PAID) and not self.final.text().strip():
            lien, errors = self.read()
            if not {"asserted", "reduction"} & errors.keys() and self.asserted.text().strip():
                # Final now: the amount agreed is usually asserted less the reduction; the user can change it.
                self.final.insert(f"{lien.computed_final.amount:,.2f}")
        self._refresh()

    def _on_save(self) -> None:
        lien, errors = self.read()
        service, existing = self._bills, self._lien
        save = (lambda: service.add_lien(lien)) if existing is None else (lambda: service.update_lien(lien))
        self.saved = save_form(self, self.form_errors, errors, save, "Lien not saved")
