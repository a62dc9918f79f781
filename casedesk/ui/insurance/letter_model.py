"""The table model of a case's letters: one row per letter drafted, newest first as the service gives."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from casedesk.domain.letters import Letter
from casedesk.domain.typed import format_date
from casedesk.ui.tables import RecordTableModel

COL_DATE, COL_KIND, COL_TITLE, COL_TEMPLATE = range(4)
_Index = QModelIndex | QPersistentModelIndex


class LetterRole(enum.IntEnum):
    """Custom data roles of :class:`LetterTableModel`."""

    #: The :class:`Letter` shown on the row.
    LETTER = Qt.ItemDataRole.UserRole + 1
    #: What the column sorts by (the moment drafted for the date column).
    SORT = Qt.ItemDataRole.UserRole + 2


class LetterTableModel(RecordTableModel):
    """A case's letters as table rows: date drafted, kind, title and template."""

    HEADERS = ("Date", "Kind", "Title", "Template")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Letter] = []

    def set_rows(self, rows: list[Letter]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def letter(self, row: int) -> Letter:
        """The letter shown on a row."""
        return self._rows[row]

    def row_of(self, letter_id: int | None) -> int | None:
        """The row showing a letter, if it is listed."""
        return next((row for row, letter in enumerate(self._rows) if letter.id == letter_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        letter = self._rows[index.row()]
        column = index.column()
        if role == LetterRole.LETTER:
            return letter
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(letter, column)
        if role == LetterRole.SORT:
            return letter.created_at.isoformat() if column == COL_DATE else self._text(letter, column)
        return None

    @staticmethod
    def _text(letter: Letter, column: int) -> str:
        if column == COL_DATE:
            return format_date(letter.created_at.astimezone().date())
        if column == COL_KIND:
            return letter.kind.label
        if column == COL_TITLE:
            return letter.title
        if column == COL_TEMPLATE:
            return letter.template_name
        return ""
