"""Table model of the Witnesses sub-tab: a case's witnesses in order of appearance, reordered by dragging."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QMimeData, QModelIndex, QPersistentModelIndex, Qt, Signal

from casedesk.domain.typed import format_date
from casedesk.domain.witnesses import WitnessView
from casedesk.ui.tables import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex
#: The MIME type of a witness dragged within the list (its id, as text).
WITNESS_MIME = "application/x-casedesk-witness-id"

COL_NUMBER, COL_NAME, COL_KIND, COL_SUBPOENA, COL_EXHIBITS, COL_AVAILABILITY = range(6)


class WitnessRole(enum.IntEnum):
    """Custom data roles of the witness model."""

    #: The :class:`WitnessView` shown on the row.
    RECORD = Qt.ItemDataRole.UserRole + 1
    #: A value to sort by, separate from the text shown.
    SORT = Qt.ItemDataRole.UserRole + 2


class ExhibitRecord(Protocol):
    """What the witnesses need of an exhibit record."""

    @property
    def id(self) -> int | None:
        """The exhibit's id."""

    @property
    def description(self) -> str:
        """What the exhibit is."""


class ExhibitChoice(Protocol):
    """An exhibit as the exhibits list numbers it (``NumberedExhibit``)."""

    @property
    def exhibit(self) -> ExhibitRecord:
        """The exhibit."""

    @property
    def label(self) -> str:
        """How it is cited: ``Plaintiff's Exhibit 12``."""


class ExhibitSource(Protocol):
    """The exhibits service, as far as witnesses read it."""

    def exhibits(self, case_id: int) -> Sequence[ExhibitChoice]:
        """A case's exhibits in list order, numbered."""


def exhibit_text(choice: ExhibitChoice) -> str:
    """``Plaintiff's Exhibit 12 — MRI report``."""
    description = " ".join(choice.exhibit.description.split())
    return f"{choice.label} — {description}" if description else choice.label


class WitnessTableModel(RecordTableModel):
    """A case's witnesses as table rows, in order of appearance.

    Rows can be dragged to another place; the model never writes: it asks for the move.

    Signals:
        move_requested: ``(witness_id, new_index)``: the user dropped a witness at another place.
    """

    HEADERS = ("No.", "Name", "Kind", "Subpoena served", "Exhibits", "Availability")
    move_requested = Signal(int, int)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[WitnessView] = []

    def set_rows(self, rows: Sequence[WitnessView]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def witness(self, row: int) -> WitnessView:
        """The witness on a row."""
        return self._rows[row]

    def rows(self) -> list[WitnessView]:
        """Every witness listed, in order."""
        return list(self._rows)

    def row_of(self, witness_id: int | None) -> int | None:
        """The row showing a witness, if listed."""
        return next((row for row, view in enumerate(self._rows) if view.witness.id == witness_id), None)

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
            return self._text(index.row(), view, column)
        if role == WitnessRole.RECORD:
            return view
        if role == WitnessRole.SORT:
            if column in (COL_NUMBER, COL_EXHIBITS):
                return index.row() if column == COL_NUMBER else len(view.exhibit_ids)
            if column == COL_SUBPOENA:
                served = view.witness.subpoena_served_on
                return served.isoformat() if served is not None else ""
            return self._text(index.row(), view, column).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_EXHIBITS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_SUBPOENA and view.witness.subpoena_served_on is None:
                return "No subpoena served yet"
            if column == COL_NAME:
                details = [d for d in (view.organization, view.phone, view.email) if d]
                return "\n".join([view.name, *details])
            return self._text(index.row(), view, column)[:1000] or None
        return None

    @staticmethod
    def _text(row: int, view: WitnessView, column: int) -> str:
        witness = view.witness
        texts = {
            COL_NUMBER: str(row + 1),
            COL_NAME: view.name,
            COL_KIND: witness.kind.label,
            COL_SUBPOENA: format_date(witness.subpoena_served_on) if witness.subpoena_served_on else "—",
            COL_AVAILABILITY: " ".join(witness.availability.split()),
            COL_EXHIBITS: str(len(view.exhibit_ids)) if view.exhibit_ids else "",
        }
        return texts[column]

    # --- drag and drop ---------------------------------------------------------------------------

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt override: rows can be dragged; dropping goes between rows."""
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return super().flags(index) | Qt.ItemFlag.ItemIsDragEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        """Qt override."""
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        """Qt override."""
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        """Qt override."""
        return [WITNESS_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        """Qt override: the dragged witness's id."""
        data = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        if rows:
            data.setData(WITNESS_MIME, QByteArray(str(self._rows[rows[0]].id).encode()))
        return data

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Qt override: only a witness of this list, moved."""
        return action == Qt.DropAction.MoveAction and data.hasFormat(WITNESS_MIME)

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        """Qt override: ask for the move; the panel saves it and reloads the rows."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        try:
            witness_id = int(bytes(data.data(WITNESS_MIME).data()).decode())
        except ValueError:
            return False
        source = self.row_of(witness_id)
        if source is None:
            return False
        if row < 0 and parent.isValid():
            new_index = parent.row()  # dropped onto a witness: take its place
        else:
            target = row if row >= 0 else len(self._rows)  # between rows, or below the last
            new_index = target - 1 if target > source else target
        if new_index != source:
            self.move_requested.emit(witness_id, new_index)
        return False  # the rows are reloaded from the saved order; Qt must not remove the dragged row
