"""Dialogs to add or edit a contact, and to link a contact from the book to a case."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, QTimer
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
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.contacts import CaseContact, Contact, ContactRole
from casedesk.domain.errors import CasedeskError
from casedesk.ui.contacts.model import (
    COL_EMAIL,
    COL_NAME,
    COL_ORGANIZATION,
    COL_PHONE,
    COL_ROLE,
    ContactModelRole,
    ContactTableModel,
)
from casedesk.ui.forms import FormDialog, FormErrors, error_label, save_form
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService

#: Typing pauses this long before the book is searched again, so every keystroke stays instant.
SEARCH_DELAY_MS = 150
#: The store keeps a case link's note to this many characters.
NOTE_MAX_LENGTH = 300
PICKER_COLUMN_WIDTHS = {COL_NAME: 170, COL_ROLE: 120, COL_ORGANIZATION: 140, COL_PHONE: 110, COL_EMAIL: 160}


def role_combo() -> QComboBox:
    """A combo box of contact roles, by label, each item's data the :class:`ContactRole`."""
    combo = QComboBox()
    for role in ContactRole:
        combo.addItem(role.label, role)
    return combo


def current_role(combo: QComboBox) -> ContactRole:
    """The role chosen in a :func:`role_combo` (Qt hands item data back as a plain string)."""
    return ContactRole(combo.currentData())


class ContactDialog(FormDialog):
    """Add a contact to the book, or edit one.

    Attributes:
        saved: The contact as saved, once Save succeeded.
    """

    discard_subject = "this contact"

    FIELD_NAMES = ("name", "phone", "email")

    def __init__(
        self, contacts: ContactService, contact: Contact | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        if contact is not None and contact.id is not None:
            contact = contacts.get(contact.id)  # the latest saved version, never a stale copy
        self._contacts = contacts
        self._contact = contact
        self.saved: Contact | None = None
        self.setWindowTitle("New contact" if contact is None else f"Contact — {contact.name}")
        self.setMinimumWidth(440)
        self._build_fields()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons, {k: (self._widgets[k], self._labels[k]) for k in self.FIELD_NAMES}
        )
        layout = QVBoxLayout(self)
        layout.addLayout(self._form)
        layout.addWidget(self.buttons)
        for key, widget in self._widgets.items():
            widget.textChanged.connect(lambda _t, k=key: self._on_field_edited(k))
        self.is_person.toggled.connect(self._on_is_person_toggled)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        if contact is not None:
            self._load(contact)
        else:
            self.is_person.setChecked(True)
            self.role.setCurrentIndex(self.role.findData(ContactRole.OTHER))  # as in the domain
        self._on_is_person_toggled()
        self._validate()
        self.name.setFocus()
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, contacts: ContactService, contact: Contact | None = None
    ) -> Contact | None:
        """Show the dialog; the saved contact, or None if cancelled.

        An existing contact is read again first, so that edits made elsewhere are neither shown stale
        nor overwritten.
        """
        try:
            dialog = cls(contacts, contact, parent)
        except CasedeskError as exc:
            show_error(parent, "Contact not found", exc)
            return None
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _build_fields(self) -> None:
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Dana Whitfield, or St. David's Medical Center")
        self.is_person = QRadioButton("&Person")
        self.is_organization = QRadioButton("Or&ganization")
        self._kind = QButtonGroup(self)
        self._kind.addButton(self.is_person)
        self._kind.addButton(self.is_organization)
        kind = QHBoxLayout()
        kind.addWidget(self.is_person)
        kind.addWidget(self.is_organization)
        kind.addStretch(1)
        self.organization = QLineEdit()
        self.organization.setPlaceholderText("Where the person works, e.g. State Farm")
        organizations = sorted({c.name for c in self._contacts.find() if c.is_organization}, key=str.casefold)
        completer = QCompleter(organizations, self.organization)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.organization.setCompleter(completer)
        self.role = role_combo()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("(555) 555-0100")
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com")
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(54)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(70)
        self._widgets = {"name": self.name, "phone": self.phone, "email": self.email}
        self._labels = {k: error_label() for k in self.FIELD_NAMES}
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("", self._labels["name"])
        form.addRow("", kind)
        form.addRow("&Organization:", self.organization)
        form.addRow("&Role:", self.role)
        form.addRow("P&hone:", self.phone)
        form.addRow("", self._labels["phone"])
        form.addRow("&Email:", self.email)
        form.addRow("", self._labels["email"])
        form.addRow("&Address:", self.address)
        form.addRow("No&tes:", self.notes)
        self._form = form

    def _load(self, contact: Contact) -> None:
        self.name.setText(contact.name)
        (self.is_organization if contact.is_organization else self.is_person).setChecked(True)
        self.organization.setText(contact.organization)
        self.role.setCurrentIndex(self.role.findData(contact.role))
        self.phone.setText(contact.phone)
        self.email.setText(contact.email)
        self.address.setPlainText(contact.address)
        self.notes.setPlainText(contact.notes)

    def _read(self) -> tuple[Contact, dict[str, str]]:
        organization = self.is_organization.isChecked()
        contact = Contact(
            id=None if self._contact is None else self._contact.id,
            name=self.name.text(),
            role=current_role(self.role),
            is_organization=organization,
            # An organization does not work for another; a name typed there before switching is dropped.
            organization="" if organization else self.organization.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            address=self.address.toPlainText(),
            notes=self.notes.toPlainText(),
        )
        return contact, self._contacts.errors(contact)

    def _validate(self) -> None:
        self.form_errors.show(self._read()[1])

    def _on_field_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self._validate()

    def _on_is_person_toggled(self) -> None:
        self.organization.setEnabled(self.is_person.isChecked())

    def _on_buttons_accepted(self) -> None:
        contact, errors = self._read()
        contacts = self._contacts
        save = (
            (lambda: contacts.create(contact))
            if self._contact is None
            else (lambda: contacts.update(contact, self._contact))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Contact not saved")

    def use_their_version(self, current: object) -> None:
        """Show the contact as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Contact)
        self._contact = current
        self._load(current)
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the contact as saved now."""
        assert isinstance(current, Contact)
        self._contact = current


class LinkContactDialog(QDialog):
    """Pick a contact from the book (or add one) and link it to a case in a role.

    Attributes:
        linked: The link made, once Link succeeded.
    """

    def __init__(self, contacts: ContactService, case_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self._case_id = case_id
        self.linked: CaseContact | None = None
        self.setWindowTitle("Link contact to case")
        self.setMinimumSize(740, 460)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name or organization…")
        self.search.setClearButtonEnabled(True)
        self.model = ContactTableModel(self)
        self.table = record_table(self.model, PICKER_COLUMN_WIDTHS)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.new_button = QPushButton("&New contact…")
        self.new_button.setAutoDefault(False)
        self.role = role_combo()
        self.note = QLineEdit()
        self.note.setMaxLength(NOTE_MAX_LENGTH)
        self.note.setPlaceholderText("e.g. Treating orthopedist; claim no. 22-4471")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.link_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.link_button.setText("&Link")

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        form = QFormLayout()
        form.addRow("&Role on this case:", self.role)
        form.addRow("N&ote:", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self._stack, 1)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # Enter in the table presses Link (the default button); a double-click does the same.
        self.table.doubleClicked.connect(self._on_table_double_clicked)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        self.refresh()
        self.search.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, contacts: ContactService, case_id: int) -> CaseContact | None:
        """Show the dialog; the link made, or None if cancelled."""
        dialog = cls(contacts, case_id, parent)
        return dialog.linked if dialog.exec() == QDialog.DialogCode.Accepted else None

    def refresh(self, select_id: int | None = None) -> None:
        """Search the book again, keeping (or moving) the selection."""
        keep = select_id if select_id is not None else self._current_contact_id()
        self.model.set_rows(self._contacts.find(self.search.text()))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                "No contact matches this search.\nAdd one with New contact…"
                if self.search.text().strip()
                else "The contacts book is empty.\nAdd a contact with New contact…"
            )
            self._stack.setCurrentWidget(self.empty_label)
        self._update_buttons()

    def selected_contact(self) -> Contact | None:
        """The contact selected in the list, if any."""
        contact = selected_data(self.table, ContactModelRole.CONTACT)
        return contact if isinstance(contact, Contact) else None

    def _current_contact_id(self) -> int | None:
        contact = self.selected_contact()
        return None if contact is None else contact.id

    def _update_buttons(self) -> None:
        self.link_button.setEnabled(self.selected_contact() is not None)

    def _on_search_timer_timeout(self) -> None:
        self.refresh()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        contact = self.selected_contact()
        if contact is not None:
            self.role.setCurrentIndex(self.role.findData(contact.role))
        self._update_buttons()

    def _on_table_double_clicked(self, _index: QModelIndex) -> None:
        if self.link_button.isEnabled():
            self.link_button.click()

    def _on_new_button_clicked(self) -> None:
        contact = ContactDialog.ask(self, self._contacts)
        if contact is None:
            return
        # Show the whole book so the new contact is in the list, whatever was typed in the search.
        self.search.clear()
        self._search_timer.stop()
        self.refresh(select_id=contact.id)
        self.table.setFocus()

    def _on_buttons_accepted(self) -> None:
        contact = self.selected_contact()
        if contact is None or contact.id is None:
            return
        try:
            self.linked = self._contacts.link(
                self._case_id, contact.id, current_role(self.role), self.note.text()
            )
        except CasedeskError as exc:
            show_error(self, "Contact not linked", exc)
            self.refresh()
            return
        self.accept()
