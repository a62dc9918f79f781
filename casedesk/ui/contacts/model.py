"""Table models of the contacts book and of the contacts linked to one case."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from casedesk.domain.contacts import CaseContact, Contact
from casedesk.ui.tables import RecordTableModel

COL_NAME, COL_ROLE, COL_ORGANIZATION, COL_PHONE, COL_EMAIL = range(5)

(
    CASE_COL_ROLE,
    CASE_COL_NAME,
    CASE_COL_ORGANIZATION,
    CASE_COL_PHONE,
    CASE_COL_EMAIL,
    CASE_COL_NOTE,
) = range(6)
_Index = QModelIndex | QPersistentModelIndex


class ContactModelRole(enum.IntEnum):
    """Custom data roles of :class:`ContactTableModel` and :class:`CaseContactTableModel`."""

    #: The :class:`Contact` shown on the row.
    CONTACT = Qt.ItemDataRole.UserRole + 1
    #: A case-insensitive key to sort the column by (the display text may not sort well).
    SORT = Qt.ItemDataRole.UserRole + 2
    #: The :class:`CaseContact` shown on the row (case contacts only).
    LINK = Qt.ItemDataRole.UserRole + 3


def _contact_text(contact: Contact, column: str) -> str:
    if column == "name":
        return contact.name
    if column == "role":
        return contact.role.label
    if column == "organization":
        return "" if contact.is_organization else contact.organization
    if column == "phone":
        return contact.phone
    if column == "email":
        return contact.email
    return ""


class ContactTableModel(RecordTableModel):
    """Contacts of the book as table rows, in the order the service returned them."""

    HEADERS = ("Name", "Role", "Organization", "Phone", "Email")

    _COLUMNS = ("name", "role", "organization", "phone", "email")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Contact] = []

    def set_rows(self, rows: list[Contact]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def contact(self, row: int) -> Contact:
        """The contact shown on a row."""
        return self._rows[row]

    def row_of(self, contact_id: int) -> int | None:
        """The row showing a contact, if it is shown."""
        return next((i for i, c in enumerate(self._rows) if c.id == contact_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        contact = self._rows[index.row()]
        text = _contact_text(contact, self._COLUMNS[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            # Columns have fixed widths, so long names and addresses are cut: the tooltip shows it all.
            return text or None
        if role == ContactModelRole.CONTACT:
            return contact
        if role == ContactModelRole.SORT:
            return text.casefold()
        return None


class CaseContactTableModel(RecordTableModel):
    """The contacts linked to one case, one row per role a contact holds on it."""

    HEADERS = ("Role on case", "Name", "Organization", "Phone", "Email", "Note")

    _COLUMNS = ("role", "name", "organization", "phone", "email", "note")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CaseContact] = []

    def set_rows(self, rows: list[CaseContact]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def link(self, row: int) -> CaseContact:
        """The case contact shown on a row."""
        return self._rows[row]

    def row_of(self, link_id: int) -> int | None:
        """The row showing a link, if it is shown."""
        return next((i for i, r in enumerate(self._rows) if r.link_id == link_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        link = self._rows[index.row()]
        text = self._text(link, self._COLUMNS[index.column()])
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return text or None
        if role == ContactModelRole.LINK:
            return link
        if role == ContactModelRole.CONTACT:
            return link.contact
        if role == ContactModelRole.SORT:
            return text.casefold()
        return None

    @staticmethod
    def _text(link: CaseContact, column: str) -> str:
        if column == "role":
            return link.role.label
        if column == "note":
            return link.note
        return _contact_text(link.contact, column)
