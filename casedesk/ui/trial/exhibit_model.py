"""The exhibit table's model: one row per exhibit in list order, rows dragged to reorder within a list."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from casedesk.domain.exhibits import ExhibitStatus
from casedesk.domain.typed import format_date
from casedesk.services.exhibits import ExhibitView
from casedesk.ui.tables import RecordTableModel

(
    COL_NUMBER,
    COL_PARTY,
    COL_DESCRIPTION,
    COL_DATE,
    COL_DOCUMENT,
    COL_BATES,
    COL_WITNESS,
    COL_STATUS,
) = range(8)
_Index = QModelIndex | QPersistentModelIndex
#: The drag's payload: the dragged exhibit's id.
MIME_TYPE = "application/x-casedesk-exhibit-id"
PALE = QColor("#777777")
#: The background of each list's number cell (the sticker colours, softened).
NUMBER_BACKGROUNDS = {"yellow": QColor("#fff3b0"), "blue": QColor("#d6e6ff"), "white": QColor("#ffffff")}


class ExhibitRole(enum.IntEnum):
    """Custom data roles of :class:`ExhibitTableModel`."""

    #: The :class:`ExhibitView` shown on the row.
    VIEW = Qt.ItemDataRole.UserRole + 1


class ExhibitTableModel(RecordTableModel):
    """A case's exhibits as table rows, in list order (the plaintiff's list, then the defendant's…).

    Rows can be dragged; a drop does not change the rows itself but asks for the move, which the panel
    makes through the service and then shows.

    Signals:
        move_requested: ``(exhibit_id, new_index)`` — a row was dropped at ``new_index`` (from 0) of its
            own list.
    """

    HEADERS = ("No.", "Party", "Description", "Date", "Document & pages", "Bates", "Witness", "Status")

    move_requested = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ExhibitView] = []

    def set_rows(self, rows: Sequence[ExhibitView]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def view(self, row: int) -> ExhibitView:
        """The exhibit shown on a row."""
        return self._rows[row]

    def row_of(self, exhibit_id: int | None) -> int | None:
        """The row showing an exhibit, if it is listed."""
        return next((row for row, v in enumerate(self._rows) if v.exhibit.id == exhibit_id), None)

    def list_size(self, row: int) -> int:
        """How many exhibits are on the list of the exhibit on ``row``."""
        group = self._rows[row].numbered.group
        return sum(1 for v in self._rows if v.numbered.group is group)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == ExhibitRole.VIEW:
            return view
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(view, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_NUMBER:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole and column == COL_NUMBER:
            return QBrush(NUMBER_BACKGROUNDS[view.numbered.colour.value])
        if role == Qt.ItemDataRole.ForegroundRole:
            withdrawn = view.exhibit.status is ExhibitStatus.WITHDRAWN
            if withdrawn or (column == COL_DOCUMENT and view.exhibit.document_id is None):
                return QBrush(PALE)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt override: rows can be dragged; drops land between rows."""
        flags = super().flags(index)
        if index.isValid():
            return flags | Qt.ItemFlag.ItemIsDragEnabled
        return flags | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        """Qt override."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """Qt override."""
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Qt override: the dragged row's exhibit id."""
        data = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if rows:
            data.setData(MIME_TYPE, QByteArray(str(self._rows[rows[0]].exhibit.id).encode()))
        return data

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Qt override: ask to move the dragged exhibit to where it was dropped, within its own list."""
        if action != Qt.DropAction.MoveAction or not data.hasFormat(MIME_TYPE):
            return False
        try:
            exhibit_id = int(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return False
        source = self.row_of(exhibit_id)
        if source is None:
            return False
        if parent.isValid():  # dropped on a row: before it going up, after it going down
            target = parent.row() + (1 if source < parent.row() else 0)
        else:
            target = len(self._rows) if row < 0 else row
        group = self._rows[source].numbered.group
        new_index = sum(
            1 for r, v in enumerate(self._rows[:target]) if v.numbered.group is group and r != source
        )
        if new_index == self._rows[source].numbered.index:
            return False
        self.move_requested.emit(exhibit_id, new_index)
        return True

    @staticmethod
    def _text(view: ExhibitView, column: int) -> str:
        exhibit = view.exhibit
        if column == COL_NUMBER:
            return view.numbered.number
        if column == COL_PARTY:
            return exhibit.party.label
        if column == COL_DESCRIPTION:
            return " ".join(exhibit.description.split())
        if column == COL_DATE:
            return format_date(exhibit.exhibit_date)
        if column == COL_DOCUMENT:
            return view.pages_text
        if column == COL_BATES:
            return view.bates
        if column == COL_WITNESS:
            return view.witness
        return _status_text(view)

    @staticmethod
    def _tooltip(view: ExhibitView, column: int) -> str | None:
        if column == COL_NUMBER:
            return view.numbered.label
        if column == COL_STATUS:
            return _status_text(view)
        return ExhibitTableModel._text(view, column) or None


def _status_text(view: ExhibitView) -> str:
    """``Admitted 11/20/2026``, ``Offered 11/19/2026``, ``Identified``."""
    exhibit = view.exhibit
    day = {
        ExhibitStatus.OFFERED: exhibit.offered_on,
        ExhibitStatus.MARKED: exhibit.marked_on,
        ExhibitStatus.ADMITTED: exhibit.admitted_on,
    }.get(exhibit.status)
    return f"{exhibit.status.label} {format_date(day)}" if day else exhibit.status.label
