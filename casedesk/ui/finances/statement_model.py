"""Table models of the Settlement sub-tab: the recoveries and the holdbacks of a case."""

from __future__ import annotations

import enum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from casedesk.domain.settlement import Holdback, Recovery
from casedesk.domain.typed import format_date
from casedesk.ui.tables import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R", Recovery, Holdback)

COL_SOURCE, COL_PAYER, COL_CLAIM, COL_RECEIVED, COL_AMOUNT = range(5)
COL_HELD_FOR, COL_REASON, COL_HELD = range(3)
#: The received column of a recovery not yet in trust.
NOT_RECEIVED = "not yet received"


class StatementRole(enum.IntEnum):
    """Custom data roles of the Settlement sub-tab's models."""

    #: The :class:`Recovery` or :class:`Holdback` shown on the row.
    RECORD = Qt.ItemDataRole.UserRole + 1
    #: A value to sort by (amounts in cents, dates ISO).
    SORT = Qt.ItemDataRole.UserRole + 2


class _RecordModel(RecordTableModel, Generic[R]):
    """Rows of one record type, with the amount column right-aligned."""

    AMOUNT_COLUMN = -1

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def set_rows(self, rows: list[R]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> R:
        """The record on a row."""
        return self._rows[row]

    def row_of(self, record_id: int | None) -> int | None:
        """The row showing a record, if it is listed."""
        return next((row for row, r in enumerate(self._rows) if r.id == record_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(record, column) or None
        if role == StatementRole.RECORD:
            return record
        if role == StatementRole.SORT:
            return record.amount.cents if column == self.AMOUNT_COLUMN else self._text(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AMOUNT_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, record: R, column: int) -> str:
        """What a cell shows; each record type's model says (this base is never used on its own)."""
        raise NotImplementedError(f"{type(self).__name__} must say what its cells show")


class RecoveryTableModel(_RecordModel[Recovery]):
    """A case's recoveries: source, who paid, claim number, when received, amount."""

    HEADERS = ("Source", "Paid by", "Claim no.", "Received", "Amount")
    AMOUNT_COLUMN = COL_AMOUNT

    def _text(self, record: Recovery, column: int) -> str:
        if column == COL_SOURCE:
            return record.source.label
        if column == COL_PAYER:
            return record.payer
        if column == COL_CLAIM:
            return record.claim_number
        if column == COL_RECEIVED:
            return format_date(record.received_on) or NOT_RECEIVED
        return str(record.amount)


class HoldbackTableModel(_RecordModel[Holdback]):
    """A case's holdbacks: for whom, why, how much."""

    HEADERS = ("Held for", "Why", "Amount")
    AMOUNT_COLUMN = COL_HELD

    def _text(self, record: Holdback, column: int) -> str:
        if column == COL_HELD_FOR:
            return record.payee
        if column == COL_REASON:
            return " ".join(record.reason.split())
        return str(record.amount)
