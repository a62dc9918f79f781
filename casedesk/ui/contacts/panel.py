"""The contacts book window, and the panel of a case's contacts on its Overview tab."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.contacts import CaseContact, Contact, ContactRole
from casedesk.domain.errors import CasedeskError
from casedesk.ui.contacts.dialogs import (
    PICKER_COLUMN_WIDTHS,
    SEARCH_DELAY_MS,
    ContactDialog,
    LinkContactDialog,
)
from casedesk.ui.contacts.model import (
    CASE_COL_EMAIL,
    CASE_COL_NAME,
    CASE_COL_ORGANIZATION,
    CASE_COL_PHONE,
    CASE_COL_ROLE,
    COL_NAME,
    CaseContactTableModel,
    ContactModelRole,
    ContactTableModel,
)
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.tables import record_table, selected_data

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService

CASE_COLUMN_WIDTHS = {
    CASE_COL_ROLE: 120,
    CASE_COL_NAME: 160,
    CASE_COL_ORGANIZATION: 130,
    CASE_COL_PHONE: 110,
    CASE_COL_EMAIL: 160,
}


def _cases_phrase(count: int) -> str:
    return (
        "1 case; it will be removed from it"
        if count == 1
        else f"{count:,} cases; it will be removed from them"
    )


class ContactsBookDialog(QDialog):
    """The whole contacts book: search, filter by role, add, edit and delete contacts.

    A non-modal window: the main window opens it with ``show()`` and keeps working beside it.

    Signals:
        contacts_changed: A contact was added, edited or deleted.
    """

    contacts_changed = Signal()

    def __init__(self, contacts: ContactService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self.setWindowTitle("Contacts book")
        self.setMinimumSize(760, 480)
        self.model = ContactTableModel(self)
        # Rows come filtered from the service; the proxy only lets the user sort by any column.
        self._proxy = QSortFilterProxyModel(self)
        self._proxy.setSourceModel(self.model)
        self._proxy.setSortRole(ContactModelRole.SORT)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name or organization…")
        self.search.setClearButtonEnabled(True)
        self.role_filter = QComboBox()
        self.role_filter.addItem("All roles", None)
        for role in ContactRole:
            self.role_filter.addItem(role.label, role)
        self.table = record_table(self._proxy, PICKER_COLUMN_WIDTHS)
        self.table.horizontalHeader().setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.count_label = QLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.new_button = self.buttons.addButton("&New…", QDialogButtonBox.ButtonRole.ActionRole)
        self.edit_button = self.buttons.addButton("&Edit…", QDialogButtonBox.ButtonRole.ActionRole)
        self.delete_button = self.buttons.addButton("&Delete…", QDialogButtonBox.ButtonRole.ActionRole)
        for button in self.buttons.buttons():
            # Enter in the table edits the contact; no button may also take it as "default".
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
                button.setDefault(False)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.role_filter)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)

        self._new_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        self._find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self._delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        self._delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.search.textChanged.connect(self._search_timer.start)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self.role_filter.activated.connect(self._on_role_filter_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.delete_button.clicked.connect(self._on_delete_button_clicked)
        self._new_shortcut.activated.connect(self._on_new_button_clicked)
        self._find_shortcut.activated.connect(self.focus_search)
        self._delete_shortcut.activated.connect(self._on_delete_button_clicked)
        self.buttons.rejected.connect(self.reject)
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        """Query the book again, keeping (or moving) the selection."""
        keep = select_id if select_id is not None else self._current_contact_id()
        rows = self._contacts.find(self.search.text(), self._role_filtered())
        self.model.set_rows(rows)
        self.count_label.setText("1 contact" if len(rows) == 1 else f"{len(rows):,} contacts")
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            index = self._proxy.mapFromSource(self.model.index(row, 0))
            self.table.selectRow(index.row())
            self.table.scrollTo(index)
        self._show_empty_state()
        self._update_buttons()

    def selected_contact(self) -> Contact | None:
        """The contact selected in the table, if any."""
        contact = selected_data(self.table, ContactModelRole.CONTACT)
        return contact if isinstance(contact, Contact) else None

    def focus_search(self) -> None:
        """Put the cursor in the search field, its text selected."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _role_filtered(self) -> ContactRole | None:
        data = self.role_filter.currentData()
        return None if data is None else ContactRole(data)

    def _current_contact_id(self) -> int | None:
        contact = self.selected_contact()
        return None if contact is None else contact.id

    def _show_empty_state(self) -> None:
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
            return
        filtered = bool(self.search.text().strip()) or self._role_filtered() is not None
        self.empty_label.setText(
            "No contact matches this search or role." if filtered else "No contacts yet. Add one with New…"
        )
        self._stack.setCurrentWidget(self.empty_label)

    def _update_buttons(self) -> None:
        selected = self.selected_contact() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _on_search_timer_timeout(self) -> None:
        self.refresh()

    def _on_role_filter_activated(self, _index: int) -> None:
        self.refresh()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self._on_edit_button_clicked()

    def _on_new_button_clicked(self) -> None:
        contact = ContactDialog.ask(self, self._contacts)
        if contact is None:
            return
        if self.model.row_of(contact.id or -1) is None and (
            self.search.text().strip() or self._role_filtered() is not None
        ):
            # The new contact would be hidden by the filters: clear them so the user sees it saved.
            self.search.clear()
            self._search_timer.stop()
            self.role_filter.setCurrentIndex(0)
        self.refresh(select_id=contact.id)
        self.contacts_changed.emit()

    def _on_edit_button_clicked(self) -> None:
        contact = self.selected_contact()
        if contact is None:
            return
        saved = ContactDialog.ask(self, self._contacts, contact)
        if saved is None:
            return
        self.refresh(select_id=saved.id)
        self.contacts_changed.emit()

    def _on_delete_button_clicked(self) -> None:
        contact = self.selected_contact()
        if contact is None or contact.id is None:
            return
        try:
            count = self._contacts.case_count(contact.id)
            detail = f"It is linked to {_cases_phrase(count)}." if count else "It is not linked to any case."
            if not confirm(
                self, "Delete contact", f"Delete “{contact.name}” from the contacts book?", "Delete", detail
            ):
                return
            self._contacts.delete(contact.id)
        except CasedeskError as exc:
            show_error(self, "Contact not deleted", exc)
            self.refresh()
            return
        self.refresh()
        self.contacts_changed.emit()


class CaseContactsPanel(QWidget):
    """The contacts linked to one case, with buttons to link, edit and remove them.

    Signals:
        links_changed: A contact was linked to or removed from the case, or a linked contact was edited.
    """

    links_changed = Signal()

    def __init__(self, contacts: ContactService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contacts = contacts
        self._case_id: int | None = None
        self.model = CaseContactTableModel(self)
        self.table = record_table(self.model, CASE_COLUMN_WIDTHS)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.link_button = QPushButton("&Link contact…")
        self.edit_button = QPushButton("Edit contact…")
        self.remove_button = QPushButton("&Remove from case")

        buttons = QHBoxLayout()
        buttons.addWidget(self.link_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack, 1)
        layout.addLayout(buttons)

        self._remove_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        self._remove_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.activated.connect(self._on_table_activated)
        self.link_button.clicked.connect(self._on_link_button_clicked)
        self.edit_button.clicked.connect(self._on_edit_button_clicked)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self._remove_shortcut.activated.connect(self._on_remove_button_clicked)
        self.refresh()

    @property
    def case_id(self) -> int | None:
        """The case whose contacts are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show the contacts of another case (or of none)."""
        self._case_id = case_id
        self.table.clearSelection()
        self.refresh()

    def refresh(self, select_link_id: int | None = None) -> None:
        """Query the case's contacts again (after the book changed), keeping the selection."""
        keep = select_link_id if select_link_id is not None else self._current_link_id()
        self.model.set_rows([] if self._case_id is None else self._contacts.for_case(self._case_id))
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.table.selectRow(row)
        if self.model.rowCount() > 0:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText(
                "No case selected." if self._case_id is None else "No contacts linked to this case yet."
            )
            self._stack.setCurrentWidget(self.empty_label)
        self._update_buttons()

    def selected_link(self) -> CaseContact | None:
        """The case contact selected in the table, if any."""
        link = selected_data(self.table, ContactModelRole.LINK)
        return link if isinstance(link, CaseContact) else None

    def _current_link_id(self) -> int | None:
        link = self.selected_link()
        return None if link is None else link.link_id

    def _update_buttons(self) -> None:
        selected = self.selected_link() is not None
        self.link_button.setEnabled(self._case_id is not None)
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self._on_edit_button_clicked()

    def _on_link_button_clicked(self) -> None:
        if self._case_id is None:
            return
        link = LinkContactDialog.ask(self, self._contacts, self._case_id)
        if link is None:
            return
        self.refresh(select_link_id=link.link_id)
        self.links_changed.emit()

    def _on_edit_button_clicked(self) -> None:
        link = self.selected_link()
        if link is None:
            return
        if ContactDialog.ask(self, self._contacts, link.contact) is None:
            return
        self.refresh()
        self.links_changed.emit()

    def _on_remove_button_clicked(self) -> None:
        link = self.selected_link()
        if link is None or link.link_id is None:
            return
        if not confirm(
            self,
            "Remove contact from case",
            f"Remove “{link.contact.name}” ({link.role.label}) from this case?",
            "Remove",
            "The contact stays in the contacts book.",
        ):
            return
        try:
            self._contacts.unlink(link.link_id)
        except CasedeskError as exc:
            show_error(self, "Contact not removed", exc)
            self.refresh()
            return
        self.refresh()
        self.links_changed.emit()
