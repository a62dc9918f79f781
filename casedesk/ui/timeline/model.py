"""The timeline's table model: entries newest first, as the service returns them."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from casedesk.domain.activity import Activity
from casedesk.ui.tables import RecordTableModel

COL_WHEN, COL_KIND, COL_DIRECTION, COL_PARTIES, COL_SUBJECT, COL_BY = range(6)
_Index = QModelIndex | QPersistentModelIndex


class ActivityRole(enum.IntEnum):
    """Custom data roles of :class:`ActivityTableModel`."""

    ACTIVITY = Qt.ItemDataRole.UserRole + 1


def format_moment(moment: datetime) -> str:
    """A moment in the user's local time, as tables show it: ``11/21/2026 3:05 PM``."""
    local = moment.astimezone()
    return f"{local:%m/%d/%Y} {local:%I:%M %p}".replace(" 0", " ", 1)


class ActivityTableModel(RecordTableModel):
    """Timeline entries as table rows."""

    HEADERS = ("When", "Kind", "Direction", "Parties", "Subject", "By")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Activity] = []

    def set_rows(self, rows: list[Activity]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def has_authors(self) -> bool:
        """Some entry records who wrote it (the By column is worth showing)."""
        return any(entry.created_by for entry in self._rows)

    def activity(self, row: int) -> Activity:
        """The entry shown on a row."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                format_moment(entry.occurred_at),
                entry.kind.label,
                entry.direction.label,
                entry.parties,
                entry.subject,
                entry.created_by,
            )[index.column()]
        if role == ActivityRole.ACTIVITY:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == COL_SUBJECT and entry.body:
            return entry.body[:500]
        return None
