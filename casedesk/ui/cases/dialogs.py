"""Dialogs to create and edit cases and clients, validating as the user types."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.cases import MAX_LENGTHS, Case, CaseStatus, CaseType, Client
from casedesk.domain.errors import CasedeskError
from casedesk.domain.typed import DateError, format_date
from casedesk.services.clock import today
from casedesk.ui.forms import DateField, FormDialog, FormErrors, error_label, save_form
from casedesk.ui.messages import show_error

if TYPE_CHECKING:
    from casedesk.services.cases import CaseService

LANGUAGES = ("English", "Spanish", "Vietnamese", "Chinese", "Tagalog", "Arabic", "Korean", "Russian", "Other")


class ClientFields(QWidget):
    """The fields of a client, reusable in any form.

    Attributes:
        errors: Where the fields' messages show; the owning dialog gives it its button box.
    """

    FIELD_NAMES = ("name", "date_of_birth", "phone", "email")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLineEdit()
        self.name.setMaxLength(MAX_LENGTHS["name"])
        self.date_of_birth = DateField()
        self.phone = QLineEdit()
        self.phone.setMaxLength(MAX_LENGTHS["phone"])
        self.phone.setPlaceholderText("(555) 555-0100")
        self.email = QLineEdit()
        self.email.setMaxLength(MAX_LENGTHS["email"])
        self.email.setPlaceholderText("name@example.com")
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(54)
        self.language = QComboBox()
        self.language.setEditable(True)
        self.language.addItems(LANGUAGES)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(54)
        self.labels = {name: error_label() for name in self.FIELD_NAMES}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for label, widget, key in (
            ("&Name:", self.name, "name"),
            ("Date of &birth:", self.date_of_birth, "date_of_birth"),
            ("&Phone:", self.phone, "phone"),
            ("&Email:", self.email, "email"),
        ):
            form.addRow(label, widget)
            form.addRow("", self.labels[key])
        form.addRow("Address:", self.address)
        form.addRow("Preferred &language:", self.language)
        form.addRow("Notes:", self.notes)

    def widgets(self) -> dict[str, QWidget]:
        """Field name to its input widget."""
        return {
            "name": self.name,
            "date_of_birth": self.date_of_birth,
            "phone": self.phone,
            "email": self.email,
        }

    def set_client(self, client: Client) -> None:
        """Fill the fields from a client."""
        self.name.setText(client.name)
        self.date_of_birth.set_value(client.date_of_birth)
        self.phone.setText(client.phone)
        self.email.setText(client.email)
        self.address.setPlainText(client.address)
        self.language.setCurrentText(client.language)
        self.notes.setPlainText(client.notes)

    def client(self, client_id: int | None = None) -> tuple[Client, dict[str, str]]:
        """The client typed, and messages for fields that could not even be read (dates)."""
        errors: dict[str, str] = {}
        try:
            born = self.date_of_birth.value()
        except DateError as exc:
            born, errors["date_of_birth"] = None, str(exc)
        client = Client(
            id=client_id,
            name=self.name.text(),
            date_of_birth=born,
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            language=self.language.currentText(),
            notes=self.notes.toPlainText(),
        )
        return client, errors


class ClientDialog(FormDialog):
    """Edit a client's details."""

    discard_subject = "this client"

    def __init__(self, cases: CaseService, client: Client, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if client.id is not None:
            client = cases.get_client(client.id)  # the latest saved version, never a stale copy
        self.setWindowTitle(f"Client — {client.name}")
        self._cases = cases
        self._client = client
        self.saved: Client | None = None
        self.fields = ClientFields()
        self.fields.set_client(client)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        widgets = self.fields.widgets()
        self.form_errors = FormErrors(
            self.buttons, {k: (widgets[k], self.fields.labels[k]) for k in ClientFields.FIELD_NAMES}
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(self.buttons)
        for key in ClientFields.FIELD_NAMES:
            widget = widgets[key]
            assert isinstance(widget, QLineEdit)
            widget.textChanged.connect(lambda _t, k=key: self._on_field_edited(k))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._validate()
        self.remember_loaded()

    @classmethod
    def ask(cls, parent: QWidget | None, cases: CaseService, client: Client) -> Client | None:
        """Show the dialog; the saved client, or None if cancelled (the client is read again first)."""
        try:
            dialog = cls(cases, client, parent)
        except CasedeskError as exc:
            show_error(parent, "Client not found", exc)
            return None
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _errors(self) -> tuple[Client, dict[str, str]]:
        client, errors = self.fields.client(self._client.id)
        return client, self._cases.client_errors(client) | errors

    def _validate(self) -> None:
        self.form_errors.show(self._errors()[1])

    def _on_field_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self._validate()

    def use_their_version(self, current: object) -> None:
        """Show the client as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Client)
        self._client = current
        self.fields.set_client(current)
        self._validate()
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the client as saved now."""
        assert isinstance(current, Client)
        self._client = current

    def _on_save(self) -> None:
        client, errors = self._errors()
        self.saved = save_form(
            self,
            self.form_errors,
            errors,
            lambda: self._cases.update_client(client, self._client),
            "Client not saved",
        )


class CaseDialog(FormDialog):
    """Create a case (for a new or an existing client) or edit one."""

    discard_subject = "this case"

    CASE_FIELDS = (
        "number",
        "caption",
        "incident_date",
        "jurisdiction",
        "opened_on",
        "closed_on",
        "next_action",
        "next_action_on",
        "client",
    )

    def __init__(self, cases: CaseService, case: Case | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if case is not None and case.id is not None:
            case = cases.get_case(case.id)  # the latest saved version, never a stale copy
        self._cases = cases
        self._case = case
        self.saved: Case | None = None
        self.setWindowTitle("New case" if case is None else f"Case {case.number}")
        self.setMinimumWidth(900)
        self._build_client_box()
        self._build_case_box()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        client_widgets = self.client_fields.widgets()
        fields = {k: (client_widgets[k], self.client_fields.labels[k]) for k in ClientFields.FIELD_NAMES}
        fields = {f"client.{k}": v for k, v in fields.items()}
        fields.update({k: (self._widgets[k], self._labels[k]) for k in self.CASE_FIELDS})
        self.form_errors = FormErrors(self.buttons, fields)
        # Side by side, so the whole form and its Save button fit a 768-pixel-high laptop screen.
        columns = QHBoxLayout()
        columns.addWidget(self.client_box, 0, Qt.AlignmentFlag.AlignTop)
        columns.addWidget(self.case_box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self._connect()
        if case is not None:
            self._load(case)
        else:
            self.opened_on.set_value(today(cases.clock))
            self.new_client.setChecked(True)
        self._on_client_mode_toggled()
        self.remember_loaded()

    @classmethod
    def ask(cls, parent: QWidget | None, cases: CaseService, case: Case | None = None) -> Case | None:
        """Show the dialog; the saved case, or None if cancelled (an existing case is read again first)."""
        try:
            dialog = cls(cases, case, parent)
        except CasedeskError as exc:
            show_error(parent, "Case not found", exc)
            return None
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _build_client_box(self) -> None:
        self.client_box = QGroupBox("Client")
        self.new_client = QRadioButton("New client")
        self.existing_client = QRadioButton("Existing client")
        self.client_combo = QComboBox()
        self.client_combo.setEditable(True)
        self.client_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for client in self._cases.find_clients(limit=None):
            born = f" ({format_date(client.date_of_birth)})" if client.date_of_birth else ""
            self.client_combo.addItem(f"{client.name}{born}", client.id)
        self.client_combo.setCurrentIndex(-1)
        if completer := self.client_combo.completer():
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.client_fields = ClientFields()
        self._labels = {"client": error_label()}
        layout = QVBoxLayout(self.client_box)
        layout.addWidget(self.new_client)
        layout.addWidget(self.client_fields)
        layout.addWidget(self.existing_client)
        layout.addWidget(self.client_combo)
        layout.addWidget(self._labels["client"])
        if self.client_combo.count() == 0:
            self.existing_client.setEnabled(False)

    def _build_case_box(self) -> None:
        self.case_box = QGroupBox("Case")
        self.number = QLineEdit()
        self.number.setMaxLength(MAX_LENGTHS["number"])
        self.number.setPlaceholderText("e.g. PI-2026-0042")
        self.caption = QLineEdit()
        self.caption.setMaxLength(MAX_LENGTHS["caption"])
        self.caption.setPlaceholderText("e.g. Alvarez v. Henderson Trucking LLC")
        self.case_type = QComboBox()
        for kind in CaseType:
            self.case_type.addItem(kind.label, kind)
        self.incident_date = DateField()
        self.incident_place = QLineEdit()
        self.incident_place.setMaxLength(MAX_LENGTHS["incident_place"])
        self.jurisdiction = QComboBox()
        self.jurisdiction.addItem("—", "")
        for jurisdiction in self._cases.jurisdictions:
            self.jurisdiction.addItem(f"{jurisdiction.name} ({jurisdiction.code})", jurisdiction.code)
        self.status = QComboBox()
        for status in CaseStatus:
            self.status.addItem(status.label, status)
        self.attorney = QLineEdit()
        self.attorney.setMaxLength(MAX_LENGTHS["attorney"])
        self.opened_on = DateField()
        self.closed_on = DateField()
        self.next_action = QLineEdit()
        self.next_action.setMaxLength(MAX_LENGTHS["next_action"])
        self.next_action.setPlaceholderText("e.g. Request ER records from St. David's")
        self.next_action_on = DateField()
        self.facts = QPlainTextEdit()
        self.facts.setPlaceholderText("How the incident happened, in a few sentences.")
        self.facts.setFixedHeight(70)
        self._widgets: dict[str, QWidget] = {
            "number": self.number,
            "caption": self.caption,
            "incident_date": self.incident_date,
            "jurisdiction": self.jurisdiction,
            "opened_on": self.opened_on,
            "closed_on": self.closed_on,
            "next_action": self.next_action,
            "next_action_on": self.next_action_on,
            "client": self.client_combo,
        }
        self._labels.update({k: error_label() for k in self.CASE_FIELDS if k != "client"})
        form = QFormLayout(self.case_box)
        rows: tuple[tuple[str, QWidget, str | None], ...] = (
            ("Case n&umber:", self.number, "number"),
            ("&Caption:", self.caption, "caption"),
            ("&Type:", self.case_type, None),
            ("&Incident date:", self.incident_date, "incident_date"),
            ("Incident place:", self.incident_place, None),
            ("&Jurisdiction:", self.jurisdiction, "jurisdiction"),
            ("&Status:", self.status, None),
            ("&Attorney:", self.attorney, None),
            ("Opened on:", self.opened_on, "opened_on"),
            ("Closed on:", self.closed_on, "closed_on"),
            ("Ne&xt action:", self.next_action, "next_action"),
            ("Next action due:", self.next_action_on, "next_action_on"),
            ("&Facts:", self.facts, None),
        )
        for text, widget, key in rows:
            form.addRow(text, widget)
            if key is not None:
                form.addRow("", self._labels[key])

    def _connect(self) -> None:
        for key, widget in self._widgets.items():
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _t, k=key: self._on_field_edited(k))
        for key, widget in self.client_fields.widgets().items():
            assert isinstance(widget, QLineEdit)
            widget.textChanged.connect(lambda _t, k=f"client.{key}": self._on_field_edited(k))
        self.jurisdiction.currentIndexChanged.connect(lambda _i: self._on_field_edited("jurisdiction"))
        self.client_combo.currentIndexChanged.connect(lambda _i: self._on_field_edited("client"))
        self.new_client.toggled.connect(self._on_client_mode_toggled)
        self.client_combo.editTextChanged.connect(lambda _t: self._on_field_edited("client"))
        self.status.currentIndexChanged.connect(self._on_status_changed)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    def _load(self, case: Case) -> None:
        self.existing_client.setChecked(True)
        # An existing case may move to another client already in the file, not to a new one.
        self.new_client.hide()
        self.existing_client.hide()
        self.client_combo.setCurrentIndex(self.client_combo.findData(case.client_id))
        self.number.setText(case.number)
        self.caption.setText(case.caption)
        self.case_type.setCurrentIndex(self.case_type.findData(case.case_type))
        self.incident_date.set_value(case.incident_date)
        self.incident_place.setText(case.incident_place)
        self.jurisdiction.setCurrentIndex(max(0, self.jurisdiction.findData(case.jurisdiction)))
        self.status.setCurrentIndex(self.status.findData(case.status))
        self.attorney.setText(case.attorney)
        self.opened_on.set_value(case.opened_on)
        self.closed_on.set_value(case.closed_on)
        self.next_action.setText(case.next_action)
        self.next_action_on.set_value(case.next_action_on)
        self.facts.setPlainText(case.facts)

    # --- reading and validating -------------------------------------------------------------------

    def _dates(self) -> tuple[dict[str, date | None], dict[str, str]]:
        values: dict[str, date | None] = {}
        errors: dict[str, str] = {}
        for key in ("incident_date", "opened_on", "closed_on", "next_action_on"):
            field = self._widgets[key]
            assert isinstance(field, DateField)
            try:
                values[key] = field.value()
            except DateError as exc:
                values[key], errors[key] = None, str(exc)
        if values["opened_on"] is None and "opened_on" not in errors:
            errors["opened_on"] = "The opened date is required."
        return values, errors

    def _read(self) -> tuple[Case, Client | None, dict[str, str]]:
        dates, errors = self._dates()
        new_client: Client | None = None
        client_id = -1
        if self.new_client.isChecked():
            new_client, client_errors = self.client_fields.client()
            client_errors = self._cases.client_errors(new_client) | client_errors
            errors.update({f"client.{k}": v for k, v in client_errors.items()})
        elif (
            self.client_combo.currentIndex() < 0
            or self.client_combo.currentData() is None
            or self.client_combo.currentText() != self.client_combo.itemText(self.client_combo.currentIndex())
        ):
            errors["client"] = "Choose the client from the list, or enter a new client."
        else:
            client_id = self.client_combo.currentData()
        case = Case(
            id=None if self._case is None else self._case.id,
            number=self.number.text(),
            caption=self.caption.text(),
            client_id=client_id,
            incident_date=dates["incident_date"],
            case_type=CaseType(self.case_type.currentData()),
            incident_place=self.incident_place.text(),
            jurisdiction=self.jurisdiction.currentData(),
            status=CaseStatus(self.status.currentData()),
            attorney=self.attorney.text(),
            opened_on=dates["opened_on"] or today(self._cases.clock),
            closed_on=dates["closed_on"],
            facts=self.facts.toPlainText(),
            next_action=self.next_action.text(),
            next_action_on=dates["next_action_on"],
        )
        return case, new_client, self._cases.case_errors(case) | errors

    def _validate(self) -> None:
        self.form_errors.show(self._read()[2])

    def _on_field_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self._validate()

    def _on_status_changed(self, _index: int) -> None:
        """Closing fills in today as the closed date; any other status clears it."""
        status = CaseStatus(self.status.currentData())
        if status is CaseStatus.CLOSED and not self.closed_on.text().strip():
            self.closed_on.set_value(today(self._cases.clock))
        elif status is not CaseStatus.CLOSED:
            self.closed_on.clear()
        self._validate()

    def _on_client_mode_toggled(self) -> None:
        new = self.new_client.isChecked()
        self.client_fields.setVisible(new)
        self.client_combo.setVisible(not new)
        if new and self._case is None:
            self.client_fields.name.setFocus()
        self._validate()

    def use_their_version(self, current: object) -> None:
        """Show the case as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Case)
        self._case = current
        self._load(current)
        self._on_client_mode_toggled()
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the case as saved now."""
        assert isinstance(current, Case)
        self._case = current

    def _on_save(self) -> None:
        case, new_client, errors = self._read()
        cases = self._cases
        save = (
            (lambda: cases.create_case(case, new_client))
            if self._case is None
            else (lambda: cases.update_case(case, self._case))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Case not saved")
