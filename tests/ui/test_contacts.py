"""The contacts book window, the contact dialogs and a case's contacts panel, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QWidget
from pytestqt.qtbot import QtBot

from casedesk.domain.cases import Case
from casedesk.domain.contacts import CaseContact, Contact, ContactRole
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.services.casefiles import Services
from casedesk.services.contacts import ContactService
from casedesk.ui import forms
from casedesk.ui.contacts import dialogs, panel
from casedesk.ui.contacts.dialogs import ContactDialog, LinkContactDialog
from casedesk.ui.contacts.model import (
    CASE_COL_NAME,
    CASE_COL_NOTE,
    CASE_COL_ORGANIZATION,
    CASE_COL_ROLE,
    COL_EMAIL,
    COL_NAME,
    COL_ORGANIZATION,
    COL_ROLE,
    CaseContactTableModel,
    ContactModelRole,
    ContactTableModel,
)
from casedesk.ui.contacts.panel import CaseContactsPanel, ContactsBookDialog

MakeContact = Callable[..., Contact]


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if a message box would open that the test did not answer itself."""

    def unexpected(*args: Any) -> bool:
        raise AssertionError(f"unexpected message box: {args[1:]}")

    for module in (dialogs, panel, forms):
        monkeypatch.setattr(module, "show_error", unexpected)
    monkeypatch.setattr(panel, "confirm", unexpected)


@pytest.fixture
def make_contact(services: Services) -> MakeContact:
    """Save a contact in the book; keyword arguments override the defaults."""

    def make(**fields: Any) -> Contact:
        defaults: dict[str, Any] = {"name": "Dana Whitfield", "role": ContactRole.ADJUSTER}
        return services.contacts.create(Contact(**(defaults | fields)))

    return make


def column_texts(model: QAbstractItemModel, column: int) -> list[str]:
    """What a table shows in one column, top to bottom."""
    return [model.index(row, column).data() for row in range(model.rowCount())]


def click_row(view: QAbstractItemView, row: int, *, double: bool = False) -> None:
    """Click (or double-click) a row of a shown table, as the user would."""
    center = view.visualRect(view.model().index(row, 0)).center()
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)
    if double:  # a view only takes a double-click on the item the first click pressed
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=center)


def save_button(dialog: ContactDialog) -> Any:
    """The contact dialog's Save button."""
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def show(qtbot: QtBot, widget: QWidget) -> None:
    """Show a widget without a modal loop and wait until it is on screen and active."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


# --- models -------------------------------------------------------------------------------------


def test_contact_model_passes_modeltester(qtmodeltester: Any, make_contact: MakeContact) -> None:
    """The book's model is a well-behaved Qt model with rows in it."""
    model = ContactTableModel()
    model.set_rows([make_contact(), make_contact(name="Mercy Clinic", is_organization=True)])
    qtmodeltester.check(model)


def test_case_contact_model_passes_modeltester(
    qtmodeltester: Any, services: Services, make_case: Callable[..., Case], make_contact: MakeContact
) -> None:
    """The case contacts' model is a well-behaved Qt model with rows in it."""
    case_id = make_case().id
    assert case_id is not None
    for contact in (make_contact(), make_contact(name="Judge Ortiz", role=ContactRole.COURT)):
        assert contact.id is not None
        services.contacts.link(case_id, contact.id, contact.role, "note")
    model = CaseContactTableModel()
    model.set_rows(services.contacts.for_case(case_id))
    qtmodeltester.check(model)


def test_contact_model_shows_fields_and_backing_contact(make_contact: MakeContact) -> None:
    """Each column shows its field; an organization has no employer; the role gives the contact back."""
    person = make_contact(organization="State Farm", email="dana@statefarm.example")
    clinic = make_contact(
        name="Mercy Clinic", role=ContactRole.MEDICAL_PROVIDER, is_organization=True, organization="x"
    )
    model = ContactTableModel()
    model.set_rows([person, clinic])
    assert column_texts(model, COL_NAME) == ["Dana Whitfield", "Mercy Clinic"]
    assert column_texts(model, COL_ROLE) == ["Adjuster", "Medical provider"]
    assert column_texts(model, COL_ORGANIZATION) == ["State Farm", ""]
    assert column_texts(model, COL_EMAIL) == ["dana@statefarm.example", ""]
    assert model.index(1, COL_NAME).data(ContactModelRole.CONTACT) == clinic
    assert model.contact(0) == person
    assert model.headerData(COL_ORGANIZATION, Qt.Orientation.Horizontal) == "Organization"


# --- the contact dialog ---------------------------------------------------------------------------


def test_contact_dialog_creates_contact(qtbot: QtBot, services: Services) -> None:
    """Typing a name, picking a role and an email, then Save, adds the contact to the book."""
    dialog = ContactDialog(services.contacts)
    show(qtbot, dialog)
    assert dialog.windowTitle() == "New contact"
    assert not save_button(dialog).isEnabled()
    assert dialog.is_person.isChecked()
    assert dialog.role.currentText() == "Other"

    qtbot.keyClicks(dialog.name, "Dana Whitfield")
    dialog.role.setCurrentIndex(dialog.role.findText("Adjuster"))
    qtbot.keyClicks(dialog.organization, "State Farm")
    qtbot.keyClicks(dialog.email, "dana@statefarm.example")
    qtbot.keyClicks(dialog.phone, "(512) 555-0199")
    assert save_button(dialog).isEnabled()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    [saved] = services.contacts.find()
    assert saved == dialog.saved
    assert (saved.name, saved.role, saved.organization, saved.email, saved.phone) == (
        "Dana Whitfield",
        ContactRole.ADJUSTER,
        "State Farm",
        "dana@statefarm.example",
        "(512) 555-0199",
    )
    assert not saved.is_organization


def test_contact_dialog_organization_has_no_employer(qtbot: QtBot, services: Services) -> None:
    """Choosing Organization disables the organization field and saves the contact as one."""
    dialog = ContactDialog(services.contacts)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.organization, "typed before switching")
    qtbot.mouseClick(dialog.is_organization, Qt.MouseButton.LeftButton)
    assert not dialog.organization.isEnabled()
    qtbot.keyClicks(dialog.name, "Mercy Clinic")
    dialog.role.setCurrentIndex(dialog.role.findData(ContactRole.MEDICAL_PROVIDER))
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    [saved] = services.contacts.find()
    assert (saved.name, saved.is_organization, saved.organization, saved.role) == (
        "Mercy Clinic",
        True,
        "",
        ContactRole.MEDICAL_PROVIDER,
    )


def test_contact_dialog_invalid_input_keeps_save_disabled(qtbot: QtBot, services: Services) -> None:
    """An empty name or a bad email keeps Save off; messages appear only for fields the user touched."""
    dialog = ContactDialog(services.contacts)
    show(qtbot, dialog)
    assert not save_button(dialog).isEnabled()
    assert dialog.form_errors.message("name") == ""

    qtbot.keyClicks(dialog.email, "dana@")
    assert dialog.form_errors.message("email") == "The email address is not valid (name@example.com)."
    assert dialog.form_errors.message("name") == ""
    assert not save_button(dialog).isEnabled()

    qtbot.keyClicks(dialog.name, "D")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Backspace)
    assert dialog.form_errors.message("name") == "The contact's name is required."

    qtbot.keyClicks(dialog.name, "Dana")
    assert dialog.form_errors.message("name") == ""
    assert not save_button(dialog).isEnabled()
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert services.contacts.find() == []

    qtbot.keyClicks(dialog.email, "example.com")
    assert dialog.form_errors.message("email") == ""
    assert save_button(dialog).isEnabled()


def test_contact_dialog_edits_contact(qtbot: QtBot, services: Services, make_contact: MakeContact) -> None:
    """Editing shows the contact's fields and saves the changes to the same contact."""
    contact = make_contact(phone="(512) 555-0100", notes="Prefers email.")
    dialog = ContactDialog(services.contacts, contact)
    show(qtbot, dialog)
    assert dialog.windowTitle() == "Contact — Dana Whitfield"
    assert dialog.name.text() == "Dana Whitfield"
    assert dialog.role.currentData() == ContactRole.ADJUSTER
    assert dialog.notes.toPlainText() == "Prefers email."
    assert save_button(dialog).isEnabled()

    dialog.phone.clear()
    qtbot.keyClicks(dialog.phone, "(512) 555-0177")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    assert contact.id is not None
    assert services.contacts.get(contact.id) == replace(contact, phone="(512) 555-0177")
    assert dialog.saved == services.contacts.get(contact.id)


def test_contact_dialog_cancel_asks_before_discarding_typing(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cancel on a filled form asks first: "keep editing" keeps the dialog, "discard" closes it, unsaved."""
    answers = [False, True]
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> bool:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(forms, "confirm", answer)
    dialog = ContactDialog(services.contacts)
    show(qtbot, dialog)
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert asked == [] and dialog.result() == QDialog.DialogCode.Rejected  # nothing typed: no question
    dialog = ContactDialog(services.contacts)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.name, "Dana Whitfield")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == ["Discard your changes to this contact?"]
    assert dialog.isVisible() and dialog.name.text() == "Dana Whitfield"
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.saved is None
    assert services.contacts.find() == []


# --- the contacts book ----------------------------------------------------------------------------


def test_book_empty_state_then_new_contact(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty book says how to add a contact; Ctrl+N adds one, shows and selects it, and signals."""
    book = ContactsBookDialog(services.contacts)
    show(qtbot, book)
    assert book.empty_label.isVisible()
    assert book.empty_label.text() == "No contacts yet. Add one with New…"
    assert not book.edit_button.isEnabled()
    assert not book.delete_button.isEnabled()

    def fake_ask(parent: QWidget, contacts: ContactService, contact: Contact | None = None) -> Contact:
        assert parent is book and contact is None
        return contacts.create(Contact(name="Mercy Clinic", role=ContactRole.MEDICAL_PROVIDER))

    monkeypatch.setattr(ContactDialog, "ask", fake_ask)
    with qtbot.waitSignal(book.contacts_changed):
        QTest.keyClick(book, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)

    assert book.table.isVisible()
    assert column_texts(book.table.model(), COL_NAME) == ["Mercy Clinic"]
    selected = book.selected_contact()
    assert selected is not None and selected.name == "Mercy Clinic"
    assert book.edit_button.isEnabled()


def test_book_searches_as_you_type_and_filters_by_role(
    qtbot: QtBot, services: Services, make_contact: MakeContact
) -> None:
    """Typing narrows the book by name or organization; the role filter narrows it further."""
    make_contact(name="Dana Whitfield", organization="State Farm")
    make_contact(name="Raj Patel", organization="State Farm", role=ContactRole.INSURER)
    make_contact(name="Mercy Clinic", is_organization=True, role=ContactRole.MEDICAL_PROVIDER)
    book = ContactsBookDialog(services.contacts)
    show(qtbot, book)
    assert column_texts(book.table.model(), COL_NAME) == ["Dana Whitfield", "Mercy Clinic", "Raj Patel"]
    assert book.count_label.text() == "3 contacts"

    qtbot.keyClicks(book.search, "state")
    qtbot.waitUntil(lambda: book.table.model().rowCount() == 2)
    assert column_texts(book.table.model(), COL_NAME) == ["Dana Whitfield", "Raj Patel"]

    book.role_filter.setCurrentIndex(book.role_filter.findText("Insurer"))
    book.role_filter.activated.emit(book.role_filter.currentIndex())
    assert column_texts(book.table.model(), COL_NAME) == ["Raj Patel"]

    book.search.clear()
    qtbot.keyClicks(book.search, "nobody")
    qtbot.waitUntil(lambda: book.empty_label.isVisible())
    assert book.empty_label.text() == "No contact matches this search or role."

    book.role_filter.setCurrentIndex(0)
    book.role_filter.activated.emit(0)
    book.search.clear()
    qtbot.waitUntil(lambda: book.table.model().rowCount() == 3)


def test_book_sorts_by_column(qtbot: QtBot, services: Services, make_contact: MakeContact) -> None:
    """Clicking the Role header sorts the book by role."""
    make_contact(name="Adam Court", role=ContactRole.WITNESS)
    make_contact(name="Zoe Adjuster", role=ContactRole.ADJUSTER)
    book = ContactsBookDialog(services.contacts)
    show(qtbot, book)
    header = book.table.horizontalHeader()
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(header.sectionViewportPosition(COL_ROLE) + 5, header.height() // 2),
    )
    assert column_texts(book.table.model(), COL_NAME) == ["Zoe Adjuster", "Adam Court"]


def test_book_edits_on_double_click(
    qtbot: QtBot, services: Services, make_contact: MakeContact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Double-clicking a contact opens it for editing; the table shows the change."""
    contact = make_contact()
    book = ContactsBookDialog(services.contacts)
    show(qtbot, book)
    asked: list[Contact | None] = []

    def fake_ask(parent: QWidget, contacts: ContactService, edited: Contact | None = None) -> Contact:
        asked.append(edited)
        assert edited is not None
        return contacts.update(replace(edited, name="Dana Whitfield-Ross"))

    monkeypatch.setattr(ContactDialog, "ask", fake_ask)
    with qtbot.waitSignal(book.contacts_changed):
        click_row(book.table, 0, double=True)
    assert asked == [contact]
    assert column_texts(book.table.model(), COL_NAME) == ["Dana Whitfield-Ross"]


@pytest.mark.parametrize("use_key", [False, True], ids=["button", "delete-key"])
def test_book_delete_confirmed_removes_contact_and_links(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    make_contact: MakeContact,
    monkeypatch: pytest.MonkeyPatch,
    use_key: bool,
) -> None:
    """Delete names the contact and its cases; once confirmed the contact and its links are gone."""
    contact = make_contact()
    keep = make_contact(name="Raj Patel")
    assert contact.id is not None
    case_ids = [make_case().id for _ in range(3)]
    for case_id in case_ids:
        assert case_id is not None
        services.contacts.link(case_id, contact.id, ContactRole.ADJUSTER)
    questions: list[tuple[str, str]] = []

    def fake_confirm(parent: QWidget, title: str, text: str, action: str, detail: str = "") -> bool:
        questions.append((text, detail))
        return True

    monkeypatch.setattr(panel, "confirm", fake_confirm)
    book = ContactsBookDialog(services.contacts)
    show(qtbot, book)
    click_row(book.table, 0)
    assert book.delete_button.isEnabled()
    with qtbot.waitSignal(book.contacts_changed):
        if use_key:
            QTest.keyClick(book.table, Qt.Key.Key_Delete)
        else:
            qtbot.mouseClick(book.delete_button, Qt.MouseButton.LeftButton)

    assert questions == [
        (
            "Delete “Dana Whitfield” from the contacts book?",
            "It is linked to 3 cases; it will be removed from them.",
        )
    ]
    assert column_texts(book.table.model(), COL_NAME) == ["Raj Patel"]
    assert services.contacts.find() == [keep]
    assert all(services.contacts.for_case(case_id) == [] for case_id in case_ids if case_id is not None)


def test_book_delete_declined_keeps_contact(
    qtbot: QtBot, services: Services, make_contact: MakeContact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Declining the confirmation deletes nothing and signals nothing."""
    contact = make_contact()
    details: list[str] = []

    def fake_confirm(parent: QWidget, title: str, text: str, action: str, detail: str = "") -> bool:
        details.append(detail)
        return False

    monkeypatch.setattr(panel, "confirm", fake_confirm)
    book = ContactsBookDialog(services.contacts)
    show(qtbot, book)
    click_row(book.table, 0)
    with qtbot.assertNotEmitted(book.contacts_changed):
        qtbot.mouseClick(book.delete_button, Qt.MouseButton.LeftButton)
    assert details == ["It is not linked to any case."]
    assert services.contacts.find() == [contact]
    assert column_texts(book.table.model(), COL_NAME) == ["Dana Whitfield"]


# --- linking contacts to a case -------------------------------------------------------------------


def drive_link_dialog(qtbot: QtBot, dialog: LinkContactDialog) -> None:
    """Search for the clinic, pick it, change the role and add a note, then press Link."""
    assert not dialog.link_button.isEnabled()
    assert dialog.model.rowCount() == 3
    qtbot.keyClicks(dialog.search, "mercy")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)
    click_row(dialog.table, 0)
    assert dialog.link_button.isEnabled()
    assert dialog.role.currentData() == ContactRole.MEDICAL_PROVIDER
    dialog.role.setCurrentIndex(dialog.role.findData(ContactRole.WITNESS))
    qtbot.keyClicks(dialog.note, "Saw the crash from the clinic lot")
    qtbot.mouseClick(dialog.link_button, Qt.MouseButton.LeftButton)


def test_link_dialog_links_contact(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], make_contact: MakeContact
) -> None:
    """Searching, selecting a contact, choosing a role and pressing Link links it to the case."""
    case_id = make_case().id
    assert case_id is not None
    make_contact()
    make_contact(name="Raj Patel", role=ContactRole.INSURER)
    clinic = make_contact(name="Mercy Clinic", role=ContactRole.MEDICAL_PROVIDER, is_organization=True)
    dialog = LinkContactDialog(services.contacts, case_id)
    show(qtbot, dialog)
    drive_link_dialog(qtbot, dialog)

    assert dialog.result() == QDialog.DialogCode.Accepted
    [link] = services.contacts.for_case(case_id)
    assert link == dialog.linked
    assert (link.contact, link.role, link.note) == (
        clinic,
        ContactRole.WITNESS,
        "Saw the crash from the clinic lot",
    )


def test_link_dialog_new_contact_is_selected(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    make_contact: MakeContact,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A contact added with New contact… appears selected, with its role, ready to link."""
    case_id = make_case().id
    assert case_id is not None
    make_contact()

    def fake_ask(parent: QWidget, contacts: ContactService, contact: Contact | None = None) -> Contact:
        return contacts.create(Contact(name="Judge Ortiz", role=ContactRole.COURT))

    monkeypatch.setattr(ContactDialog, "ask", fake_ask)
    dialog = LinkContactDialog(services.contacts, case_id)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.search, "nobody")
    qtbot.waitUntil(lambda: dialog.empty_label.isVisible())
    assert dialog.empty_label.text() == "No contact matches this search.\nAdd one with New contact…"

    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert dialog.search.text() == ""
    assert column_texts(dialog.model, COL_NAME) == ["Dana Whitfield", "Judge Ortiz"]
    selected = dialog.selected_contact()
    assert selected is not None and selected.name == "Judge Ortiz"
    assert dialog.role.currentData() == ContactRole.COURT
    assert dialog.link_button.isEnabled()


def test_case_panel_links_contact_through_dialog(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    make_contact: MakeContact,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Link contact… opens the link dialog; the linked contact then shows on the case's panel."""
    case_id = make_case().id
    assert case_id is not None
    make_contact()
    make_contact(name="Raj Patel", role=ContactRole.INSURER)
    make_contact(name="Mercy Clinic", role=ContactRole.MEDICAL_PROVIDER, is_organization=True)
    contacts_panel = CaseContactsPanel(services.contacts)
    show(qtbot, contacts_panel)
    assert contacts_panel.empty_label.text() == "No case selected."
    assert not contacts_panel.link_button.isEnabled()

    contacts_panel.set_case(case_id)
    assert contacts_panel.empty_label.isVisible()
    assert contacts_panel.empty_label.text() == "No contacts linked to this case yet."
    assert contacts_panel.link_button.isEnabled()
    assert not contacts_panel.edit_button.isEnabled()
    assert not contacts_panel.remove_button.isEnabled()

    def fake_ask(parent: QWidget, contacts: ContactService, asked_case_id: int) -> CaseContact | None:
        assert asked_case_id == case_id
        dialog = LinkContactDialog(contacts, asked_case_id, parent)
        dialog.setWindowFlag(Qt.WindowType.Window)
        show(qtbot, dialog)
        drive_link_dialog(qtbot, dialog)
        return dialog.linked

    monkeypatch.setattr(LinkContactDialog, "ask", fake_ask)
    with qtbot.waitSignal(contacts_panel.links_changed):
        qtbot.mouseClick(contacts_panel.link_button, Qt.MouseButton.LeftButton)

    assert contacts_panel.table.isVisible()
    model = contacts_panel.table.model()
    assert column_texts(model, CASE_COL_NAME) == ["Mercy Clinic"]
    assert column_texts(model, CASE_COL_ROLE) == ["Witness"]
    assert column_texts(model, CASE_COL_NOTE) == ["Saw the crash from the clinic lot"]
    assert contacts_panel.remove_button.isEnabled()


@pytest.mark.parametrize("answer", [True, False], ids=["confirmed", "declined"])
def test_case_panel_unlinks_after_confirm(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    make_contact: MakeContact,
    monkeypatch: pytest.MonkeyPatch,
    answer: bool,
) -> None:
    """Remove from case asks first; once confirmed the link is gone but the contact stays in the book."""
    case_id = make_case().id
    contact = make_contact()
    assert case_id is not None and contact.id is not None
    services.contacts.link(case_id, contact.id, ContactRole.ADJUSTER, "Claim 22-4471")
    questions: list[str] = []

    def fake_confirm(parent: QWidget, title: str, text: str, action: str, detail: str = "") -> bool:
        questions.append(text)
        return answer

    monkeypatch.setattr(panel, "confirm", fake_confirm)
    contacts_panel = CaseContactsPanel(services.contacts)
    show(qtbot, contacts_panel)
    contacts_panel.set_case(case_id)
    assert column_texts(contacts_panel.table.model(), CASE_COL_NAME) == ["Dana Whitfield"]
    click_row(contacts_panel.table, 0)
    assert contacts_panel.remove_button.isEnabled()

    if answer:
        with qtbot.waitSignal(contacts_panel.links_changed):
            qtbot.mouseClick(contacts_panel.remove_button, Qt.MouseButton.LeftButton)
        assert contacts_panel.empty_label.isVisible()
        assert services.contacts.for_case(case_id) == []
        assert not contacts_panel.remove_button.isEnabled()
    else:
        with qtbot.assertNotEmitted(contacts_panel.links_changed):
            qtbot.mouseClick(contacts_panel.remove_button, Qt.MouseButton.LeftButton)
        assert column_texts(contacts_panel.table.model(), CASE_COL_NAME) == ["Dana Whitfield"]
        assert len(services.contacts.for_case(case_id)) == 1
    assert questions == ["Remove “Dana Whitfield” (Adjuster) from this case?"]
    assert services.contacts.find() == [contact]


def test_case_panel_edits_linked_contact(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    make_contact: MakeContact,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Edit contact… edits the selected contact in the book and the panel shows the change."""
    case_id = make_case().id
    contact = make_contact()
    assert case_id is not None and contact.id is not None
    services.contacts.link(case_id, contact.id, ContactRole.ADJUSTER)

    def fake_ask(parent: QWidget, contacts: ContactService, edited: Contact | None = None) -> Contact:
        assert edited == contact
        return contacts.update(replace(contact, organization="Allstate"))

    monkeypatch.setattr(ContactDialog, "ask", fake_ask)
    contacts_panel = CaseContactsPanel(services.contacts)
    show(qtbot, contacts_panel)
    contacts_panel.set_case(case_id)
    click_row(contacts_panel.table, 0)
    with qtbot.waitSignal(contacts_panel.links_changed):
        qtbot.mouseClick(contacts_panel.edit_button, Qt.MouseButton.LeftButton)
    assert contacts_panel.model.index(0, CASE_COL_ORGANIZATION).data() == "Allstate"
    assert contacts_panel.selected_link() is not None


def test_book_enter_edits_contact_once(
    qtbot: QtBot, services: Services, make_contact: MakeContact, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on a selected contact opens it for editing once (no dialog button also takes the key)."""
    contact = make_contact()
    asked: list[Contact | None] = []

    def fake_ask(parent: QWidget, contacts: ContactService, edited: Contact | None = None) -> None:
        asked.append(edited)

    monkeypatch.setattr(ContactDialog, "ask", fake_ask)
    book = ContactsBookDialog(services.contacts)
    show(qtbot, book)
    click_row(book.table, 0)
    with qtbot.assertNotEmitted(book.contacts_changed):
        QTest.keyClick(book.table, Qt.Key.Key_Return)
    assert asked == [contact]
    assert book.isVisible()


def test_link_dialog_enter_links_once(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], make_contact: MakeContact
) -> None:
    """Enter on a selected contact links it, once."""
    case_id = make_case().id
    assert case_id is not None
    contact = make_contact()
    dialog = LinkContactDialog(services.contacts, case_id)
    show(qtbot, dialog)
    click_row(dialog.table, 0)
    QTest.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert [link.contact for link in services.contacts.for_case(case_id)] == [contact]


@pytest.mark.parametrize("inline", [True, False], ids=["validation-error", "other-error"])
def test_contact_dialog_shows_service_errors(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch, inline: bool
) -> None:
    """A field the service refuses shows beside the field; any other failure shows a message box."""
    error = (
        ValidationError({"name": "A contact with this name exists."})
        if inline
        else CasedeskError("Disk full.")
    )
    shown: list[str] = []

    def refuse(contact: Contact) -> Contact:
        raise error

    monkeypatch.setattr(services.contacts, "create", refuse)
    monkeypatch.setattr(forms, "show_error", lambda parent, title, exc: shown.append(exc.message))
    dialog = ContactDialog(services.contacts)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.name, "Dana Whitfield")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.saved is None
    if inline:
        assert dialog.form_errors.message("name") == "A contact with this name exists."
        assert shown == []
    else:
        assert dialog.form_errors.message("name") == ""
        assert shown == ["Disk full."]
