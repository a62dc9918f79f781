"""The forms to put a provider on a case (or edit one) and to log a record or bill request."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
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

from casedesk.domain.cases import contact_details_errors
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import ValidationError
from casedesk.domain.providers import (
    FOLLOW_UP_REASON,
    CaseProvider,
    ProviderSummary,
    RecordRequest,
    RequestKind,
    RequestMethod,
    RequestStatus,
    TreatmentStatus,
    default_follow_up,
)
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
    from casedesk.services.contacts import ContactService
    from casedesk.services.providers import ProviderService

HINT_STYLE = "color: #555;"


def _hint(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


def _buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label


def _read_date(field: DateField, name: str, errors: dict[str, str]) -> date | None:
    try:
        return field.value()
    except DateError as exc:
        errors[name] = str(exc)
        return None


def contact_label(contact: Contact) -> str:
    """How a contact is listed in the provider picker: name, organization, and a role other than provider."""
    label = contact.name
    if contact.organization:
        label += f" — {contact.organization}"
    if contact.role is not ContactRole.MEDICAL_PROVIDER:
        label += f" ({contact.role.label.lower()})"
    return label


class ProviderDialog(FormDialog):
    """Put a provider on a case, picked from the contacts book or added to it here; or edit one.

    Attributes:
        saved: The provider as saved (set once Save succeeded).
    """

    discard_subject = "this provider"
    FIELDS = (
        "contact",
        "contact_name",
        "contact_phone",
        "contact_fax",
        "specialty",
        "first_visit",
        "last_visit",
        "notes",
    )

    def __init__(
        self,
        providers: ProviderService,
        contacts: ContactService,
        case_id: int,
        summary: ProviderSummary | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._providers = providers
        self._case_id = case_id
        self._summary = summary
        self.saved: CaseProvider | None = None
        editing = summary.provider if summary is not None else None
        self.setWindowTitle("Add provider" if editing is None else f"Provider — {editing.name}")
        self.setMinimumWidth(580)
        on_case = [] if editing is not None else providers.providers(case_id)
        self._on_case = {s.provider.contact_id: s.provider.name for s in on_case}

        self.existing_choice = QRadioButton("From the &contacts book:")
        self.new_choice = QRadioButton("A ne&w provider contact:")
        choice = QButtonGroup(self)
        choice.addButton(self.existing_choice)
        choice.addButton(self.new_choice)
        self.contact = QComboBox()
        self.contact.setEditable(True)
        self.contact.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        ignore_wheel_unless_focused(self.contact)
        book = sorted(
            contacts.find() if editing is None else [],
            key=lambda c: (c.role is not ContactRole.MEDICAL_PROVIDER, c.name.casefold()),
        )
        for contact in book:
            self.contact.addItem(contact_label(contact), contact.id)
        # The combo's own completer matches from the start only: people remember part of a practice's name.
        completer = QCompleter(self.contact.model(), self.contact)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.contact.setCompleter(completer)
        self.contact.setPlaceholderText("Type part of a name to find it")
        self.contact.setCurrentIndex(-1)
        self.contact_name = QLineEdit()
        self.contact_name.setPlaceholderText("e.g. Austin Orthopedic Associates")
        self.contact_phone = QLineEdit()
        self.contact_fax = QLineEdit()
        self.contact_fax.setToolTip("Kept in the contact's notes in the contacts book")
        self.contact_address = QLineEdit()
        self.new_box = QWidget()
        self.name_label = QLabel()
        self.name_label.setTextFormat(Qt.TextFormat.RichText)

        self.specialty = QLineEdit()
        self.specialty.setPlaceholderText("e.g. Orthopedic surgery, physical therapy, emergency medicine")
        self.status = QComboBox()
        for status in TreatmentStatus:
            self.status.addItem(status.label, status)
        ignore_wheel_unless_focused(self.status)
        self.first_visit = DateField()
        self.last_visit = DateField()
        self.index_dates = _hint()
        self.notes = notes_box("Referral, records custodian, what the client says about the care…")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "contact": (self.contact, self.labels["contact"]),
                "contact_name": (self.contact_name, self.labels["contact_name"]),
                "contact_phone": (self.contact_phone, self.labels["contact_phone"]),
                "contact_fax": (self.contact_fax, self.labels["contact_fax"]),
                "specialty": (self.specialty, self.labels["specialty"]),
                "first_visit": (self.first_visit, self.labels["first_visit"]),
                "last_visit": (self.last_visit, self.labels["last_visit"]),
                "notes": (self.notes, self.labels["notes"]),
            },
        )
        self._layout(editing is None)
        self._load(summary, has_book=bool(book))
        self._connect()
        self._on_choice_toggled()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        providers: ProviderService,
        contacts: ContactService,
        case_id: int,
        summary: ProviderSummary | None = None,
    ) -> CaseProvider | None:
        """Show the dialog; the saved provider, or None if cancelled."""
        dialog = cls(providers, contacts, case_id, summary, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self, adding: bool) -> None:
        form = QFormLayout()
        if adding:
            form.addRow(self.existing_choice)
            form.addRow("", self.contact)
            form.addRow("", self.labels["contact"])
            form.addRow(self.new_choice)
            new_form = QFormLayout(self.new_box)
            new_form.setContentsMargins(24, 0, 0, 0)
            new_form.addRow("&Name:", self.contact_name)
            new_form.addRow("", self.labels["contact_name"])
            new_form.addRow("&Phone:", self.contact_phone)
            new_form.addRow("", self.labels["contact_phone"])
            new_form.addRow("Fa&x:", self.contact_fax)
            new_form.addRow("", self.labels["contact_fax"])
            new_form.addRow("A&ddress:", self.contact_address)
            form.addRow(self.new_box)
        else:
            form.addRow("Provider:", self.name_label)
        form.addRow("&Specialty:", self.specialty)
        form.addRow("", self.labels["specialty"])
        form.addRow("S&tatus:", self.status)
        visits = QHBoxLayout()
        visits.addWidget(self.first_visit)
        last_label = QLabel("&last")
        last_label.setBuddy(self.last_visit)
        visits.addWidget(last_label)
        visits.addWidget(self.last_visit)
        visits.addStretch(1)
        form.addRow(_buddy("&First visit:", self.first_visit), visits)
        form.addRow("", self.labels["first_visit"])
        form.addRow("", self.labels["last_visit"])
        form.addRow("", self.index_dates)
        form.addRow("N&otes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = [
            self.existing_choice,
            self.contact,
            self.new_choice,
            self.contact_name,
            self.contact_phone,
            self.contact_fax,
            self.contact_address,
            self.specialty,
            self.status,
            self.first_visit,
            self.last_visit,
            self.notes,
            self.buttons,
        ]
        for first, second in pairwise(chain if adding else chain[7:]):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        self.contact.currentTextChanged.connect(lambda _t: self._on_edited("contact"))
        for name, line in (
            ("contact_name", self.contact_name),
            ("contact_phone", self.contact_phone),
            ("contact_fax", self.contact_fax),
            ("specialty", self.specialty),
            ("first_visit", self.first_visit),
            ("last_visit", self.last_visit),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.notes.textChanged.connect(lambda: self._on_edited("notes"))
        self.existing_choice.toggled.connect(lambda _c: self._on_choice_toggled())
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _load(self, summary: ProviderSummary | None, *, has_book: bool) -> None:
        if summary is None:
            (self.existing_choice if has_book else self.new_choice).setChecked(True)
            self.existing_choice.setEnabled(has_book)
            if not has_book:
                self.existing_choice.setText("From the contacts book (it is empty)")
            return
        provider = summary.provider
        self.name_label.setText(f"<b>{escape(provider.name)}</b>")
        self.specialty.setText(provider.specialty)
        self.status.setCurrentIndex(self.status.findData(provider.status))
        self.first_visit.set_value(provider.first_visit)
        self.last_visit.set_value(provider.last_visit)
        self.notes.setPlainText(provider.notes)
        if summary.entries:
            entries = "1 entry" if summary.entries == 1 else f"{summary.entries} entries"
            self.index_dates.setText(
                f"The record index has {entries} from this provider: first date of service "
                f"{format_date(summary.indexed_first)}, last {format_date(summary.indexed_last)}."
            )
        else:
            self.index_dates.hide()

    # --- reading ---------------------------------------------------------------------------------

    def _contact_id(self) -> int | None:
        """The picked contact: the combo's current item, when its text is what the field shows."""
        index = self.contact.currentIndex()
        if index < 0 or self.contact.itemText(index) != self.contact.currentText():
            index = self.contact.findText(self.contact.currentText())
        return None if index < 0 else int(self.contact.itemData(index))

    def _new_contact(self) -> Contact:
        fax = self.contact_fax.text().strip()
        return Contact(
            name=self.contact_name.text(),
            role=ContactRole.MEDICAL_PROVIDER,
            is_organization=True,
            phone=self.contact_phone.text(),
            address=self.contact_address.text(),
            notes=f"Fax: {fax}" if fax else "",
        )

    def _read(self) -> tuple[CaseProvider, Contact | None, dict[str, str]]:
        errors: dict[str, str] = {}
        first = _read_date(self.first_visit, "first_visit", errors)
        last = _read_date(self.last_visit, "last_visit", errors)
        existing = self._summary.provider if self._summary is not None else None
        provider = CaseProvider(
            case_id=self._case_id,
            contact_id=existing.contact_id if existing else 0,
            status=TreatmentStatus(self.status.currentData()),
            first_visit=first,
            last_visit=last,
            specialty=self.specialty.text(),
            notes=self.notes.toPlainText(),
            name=existing.name if existing else "",
            id=existing.id if existing else None,
        )
        errors = self._providers.provider_errors(provider) | errors
        new_contact = None
        if existing is None and self.new_choice.isChecked():
            new_contact = self._new_contact()
            errors |= {f"contact_{k}": v for k, v in self._providers.contact_errors(new_contact).items()}
            fax_errors = contact_details_errors(self.contact_fax.text(), "")
            if "phone" in fax_errors:
                errors["contact_fax"] = fax_errors["phone"].replace("phone number", "fax number")
        elif existing is None:
            contact_id = self._contact_id()
            if contact_id is None:
                typed = self.contact.currentText().strip()
                errors["contact"] = (
                    f"“{typed}” is not in the contacts book: pick a name from the list, "
                    "or choose “A new provider contact”."
                    if typed
                    else "Pick the provider from the contacts book, or add a new provider contact."
                )
            elif contact_id in self._on_case:
                errors["contact"] = (
                    f"{self._on_case[contact_id]} is already a provider on this case (a contact is on a "
                    "case once). Cancel and edit them in the list instead."
                )
            else:
                provider = replace(provider, contact_id=contact_id)
        return provider, new_contact, errors

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self.form_errors.show(self._read()[2])

    def _on_choice_toggled(self) -> None:
        existing = self.existing_choice.isChecked()
        self.contact.setEnabled(existing)
        self.new_box.setEnabled(not existing)
        self.form_errors.show(self._read()[2])

    def _on_save(self) -> None:
        provider, new_contact, errors = self._read()
        service = self._providers
        if self._summary is not None:
            self.saved = save_form(
                self,
                self.form_errors,
                errors,
                lambda: service.update_provider(provider),
                "Provider not saved",
            )
            return
        self.saved = save_form(
            self,
            self.form_errors,
            errors,
            lambda: service.add_provider(provider, new_contact),
            "Provider not added",
        )


class RequestDialog(FormDialog):
    """Log a request for records, bills, imaging or a report sent to a provider on the case; or edit one.

    The follow-up date follows the sent date (30 days later) until the user types one.

    Attributes:
        saved: The request as saved (set once Save succeeded).
    """

    discard_subject = "this request"
    FIELDS = ("provider", "range_from", "range_to", "sent_on", "cost", "follow_up_on", "received_on", "notes")

    def __init__(
        self,
        providers: ProviderService,
        case_id: int,
        request: RecordRequest | None = None,
        provider_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._providers = providers
        self._case_id = case_id
        self._request = request
        self._follow_up_typed = request is not None
        self.saved: RecordRequest | None = None
        self.setWindowTitle("New record request" if request is None else "Record request")
        self.setMinimumWidth(600)

        self.provider = QComboBox()
        ignore_wheel_unless_focused(self.provider)
        for summary in providers.providers(case_id):
            self.provider.addItem(summary.provider.name, summary.provider.id)
        self.kind = QComboBox()
        for kind in RequestKind:
            self.kind.addItem(kind.label, kind)
        ignore_wheel_unless_focused(self.kind)
        self.range_from = DateField()
        self.range_from.setToolTip("Empty: from the first visit")
        self.range_to = DateField()
        self.range_to.setToolTip("Empty: to date")
        self.sent_on = DateField()
        self.method = QComboBox()
        for method in RequestMethod:
            self.method.addItem(method.label, method)
        ignore_wheel_unless_focused(self.method)
        self.cost = MoneyField(None)
        self.cost.setPlaceholderText("not known")
        self.follow_up_on = DateField()
        self.follow_up_hint = _hint()
        self.reason = _hint(FOLLOW_UP_REASON)
        self.status = QComboBox()
        for status in RequestStatus:
            self.status.addItem(status.label, status)
        ignore_wheel_unless_focused(self.status)
        self.received_on = DateField()
        self.extension = _hint()
        self.extension.hide()
        self.notes = notes_box("Release signed on…, fee paid by check no…, who you spoke to…")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "provider": (self.provider, self.labels["provider"]),
                "range_from": (self.range_from, self.labels["range_from"]),
                "range_to": (self.range_to, self.labels["range_to"]),
                "sent_on": (self.sent_on, self.labels["sent_on"]),
                "cost": (self.cost, self.labels["cost"]),
                "follow_up_on": (self.follow_up_on, self.labels["follow_up_on"]),
                "received_on": (self.received_on, self.labels["received_on"]),
                "notes": (self.notes, self.labels["notes"]),
            },
        )
        self._layout()
        self._load(request, provider_id)
        self._connect()
        self._on_status_changed()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        providers: ProviderService,
        case_id: int,
        request: RecordRequest | None = None,
        provider_id: int | None = None,
    ) -> RecordRequest | None:
        """Show the dialog; the saved request, or None if cancelled."""
        dialog = cls(providers, case_id, request, provider_id, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow("&Provider:", self.provider)
        form.addRow("", self.labels["provider"])
        form.addRow("&What:", self.kind)
        treatment = QHBoxLayout()
        treatment.addWidget(self.range_from)
        to_label = QLabel("&to")
        to_label.setBuddy(self.range_to)
        treatment.addWidget(to_label)
        treatment.addWidget(self.range_to)
        treatment.addWidget(_hint("(empty: all treatment)"), 1)
        form.addRow(_buddy("Treatment &from:", self.range_from), treatment)
        form.addRow("", self.labels["range_from"])
        form.addRow("", self.labels["range_to"])
        sending = QHBoxLayout()
        sending.addWidget(self.sent_on)
        by_label = QLabel("&by")
        by_label.setBuddy(self.method)
        sending.addWidget(by_label)
        sending.addWidget(self.method)
        sending.addStretch(1)
        form.addRow(_buddy("&Sent on:", self.sent_on), sending)
        form.addRow("", self.labels["sent_on"])
        form.addRow("&Cost:", self.cost)
        form.addRow("", self.labels["cost"])
        follow = QHBoxLayout()
        follow.addWidget(self.follow_up_on)
        follow.addWidget(self.follow_up_hint, 1)
        form.addRow(_buddy("F&ollow up on:", self.follow_up_on), follow)
        form.addRow("", self.labels["follow_up_on"])
        form.addRow("", self.reason)
        form.addRow("", self.extension)
        status = QHBoxLayout()
        status.addWidget(self.status)
        received_label = QLabel("r&eceived on")
        received_label.setBuddy(self.received_on)
        status.addWidget(received_label)
        status.addWidget(self.received_on)
        status.addStretch(1)
        form.addRow(_buddy("St&atus:", self.status), status)
        form.addRow("", self.labels["received_on"])
        form.addRow("&Notes:", self.notes)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        chain = (
            self.provider,
            self.kind,
            self.range_from,
            self.range_to,
            self.sent_on,
            self.method,
            self.cost,
            self.follow_up_on,
            self.status,
            self.received_on,
            self.notes,
            self.buttons,
        )
        for first, second in pairwise(chain):
            self.setTabOrder(first, second)

    def _connect(self) -> None:
        for name, line in (
            ("range_from", self.range_from),
            ("range_to", self.range_to),
            ("cost", self.cost),
            ("follow_up_on", self.follow_up_on),
            ("received_on", self.received_on),
        ):
            line.textChanged.connect(lambda _t, n=name: self._on_edited(n))
        self.sent_on.textChanged.connect(self._on_sent_on_changed)
        # textEdited comes from the user's typing only, never from the form filling the default in.
        self.follow_up_on.textEdited.connect(self._on_follow_up_typed)
        self.notes.textChanged.connect(lambda: self._on_edited("notes"))
        self.provider.currentIndexChanged.connect(lambda _i: self._on_edited("provider"))
        self.status.currentIndexChanged.connect(lambda _i: self._on_status_changed())
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _load(self, request: RecordRequest | None, provider_id: int | None) -> None:
        if request is None:
            blank = self._providers.new_request(self._case_id, provider_id or 0)
            if provider_id is not None:
                self.provider.setCurrentIndex(max(0, self.provider.findData(provider_id)))
            self.sent_on.set_value(blank.sent_on)
            self.follow_up_on.set_value(blank.follow_up_on)
            self._show_follow_up_hint()
            return
        self.provider.setCurrentIndex(self.provider.findData(request.provider_id))
        self.kind.setCurrentIndex(self.kind.findData(request.kind))
        self.range_from.set_value(request.range_from)
        self.range_to.set_value(request.range_to)
        self.sent_on.set_value(request.sent_on)
        self.method.setCurrentIndex(self.method.findData(request.method))
        self.cost.set_value(request.cost)
        self.follow_up_on.set_value(request.follow_up_on or default_follow_up(request.sent_on))
        self.status.setCurrentIndex(self.status.findData(request.status))
        self.received_on.set_value(request.received_on)
        self.notes.setPlainText(request.notes)
        if request.extended_on is not None:
            self.extension.setText(
                f"The provider took the one 30-day extension on {format_date(request.extended_on)}."
            )
            self.extension.show()
        self._show_follow_up_hint()

    # --- reading ---------------------------------------------------------------------------------

    def _read(self) -> tuple[RecordRequest, dict[str, str]]:
        errors: dict[str, str] = {}
        provider_id = self.provider.currentData()
        if provider_id is None:
            errors["provider"] = "Add a provider to the case first, then log the request to them."
        sent = _read_date(self.sent_on, "sent_on", errors)
        if sent is None and "sent_on" not in errors:
            errors["sent_on"] = "Type the day the request was sent."
        follow_up = _read_date(self.follow_up_on, "follow_up_on", errors)
        if follow_up is None and "follow_up_on" not in errors:
            errors["follow_up_on"] = "Type the day to follow up (30 days after sending is the default)."
        status = RequestStatus(self.status.currentData())
        received = (
            _read_date(self.received_on, "received_on", errors)
            if status is not RequestStatus.REQUESTED
            else None
        )
        if status is not RequestStatus.REQUESTED and received is None and "received_on" not in errors:
            errors["received_on"] = "Type the day the provider's answer came."
        try:
            cost = self.cost.value()
        except ValidationError as exc:
            errors["cost"] = exc.errors["amount"]
            cost = None
        existing = self._request
        request = RecordRequest(
            case_id=self._case_id,
            provider_id=int(provider_id or 0),
            kind=RequestKind(self.kind.currentData()),
            sent_on=sent or self._providers.today(),
            method=RequestMethod(self.method.currentData()),
            status=status,
            range_from=_read_date(self.range_from, "range_from", errors),
            range_to=_read_date(self.range_to, "range_to", errors),
            cost=cost,
            follow_up_on=follow_up,
            received_on=received,
            notes=self.notes.toPlainText(),
            extended_on=existing.extended_on if existing else None,
            id=existing.id if existing else None,
        )
        found = self._providers.request_errors(request)
        if sent is None:  # a stand-in date was used: rules comparing with it say nothing
            found = {k: v for k, v in found.items() if k not in ("sent_on", "follow_up_on", "received_on")}
        return request, found | errors

    # --- reacting --------------------------------------------------------------------------------

    def _on_edited(self, name: str) -> None:
        self.form_errors.touch(name)
        self.form_errors.show(self._read()[1])

    def _on_sent_on_changed(self, _text: str) -> None:
        if not self._follow_up_typed:
            try:
                sent = self.sent_on.value()
            except DateError:
                sent = None
            if sent is not None:
                self.follow_up_on.set_value(default_follow_up(sent))
        self._show_follow_up_hint()
        self._on_edited("sent_on")

    def _on_follow_up_typed(self, _text: str) -> None:
        self._follow_up_typed = True
        self._show_follow_up_hint()

    def _show_follow_up_hint(self) -> None:
        if self._follow_up_typed:
            self.follow_up_hint.setText("(set by hand)")
        else:
            self.follow_up_hint.setText(
                "(30 days after sending; moves with the sent date until you type one)"
            )

    def _on_status_changed(self) -> None:
        waiting = RequestStatus(self.status.currentData()) is RequestStatus.REQUESTED
        self.received_on.setEnabled(not waiting)
        if waiting:
            self.received_on.clear()
        elif not self.received_on.text().strip():
            self.received_on.set_value(self._providers.today())
        self._on_edited("received_on")

    def _on_save(self) -> None:
        request, errors = self._read()
        service, existing = self._providers, self._request
        save = (
            (lambda: service.add_request(request))
            if existing is None
            else (lambda: service.update_request(request, existing))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Request not saved")

    def use_their_version(self, current: object) -> None:
        """Show the record as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, RecordRequest)
        self._request = current
        self._load(current, current.provider_id)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the record as saved now."""
        assert isinstance(current, RecordRequest)
        self._request = current
