"""The negotiation log's table model: one row per demand or offer, in the order they were made."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from casedesk.domain.negotiation import DeadlineState, NegotiationEntry
from casedesk.services.negotiation import LogEntry
from casedesk.ui.tables import RecordTableModel

COL_DATE, COL_KIND, COL_PARTY, COL_AMOUNT, COL_DEADLINE, COL_NET = range(6)
_Index = QModelIndex | QPersistentModelIndex
#: A deadline that lapsed without an answer.
LAPSED_COLOR = QColor("#b00020")
#: A deadline within a week.
NEAR_COLOR = QColor("#b35c00")
PALE = QColor("#777777")
DEMAND_COLOR = QColor("#1f5fa8")
OFFER_COLOR = QColor("#2e8540")
_NUMBERS = (COL_AMOUNT, COL_NET)


class NegotiationRole(enum.IntEnum):
    """Custom data roles of :class:`NegotiationTableModel`."""

    #: The :class:`NegotiationEntry` shown on the row.
    ENTRY = Qt.ItemDataRole.UserRole + 1
    #: The :class:`LogEntry` (the entry with its deadline and net).
    LINE = Qt.ItemDataRole.UserRole + 2
    #: A value to sort by (dates and amounts as numbers, not text).
    SORT = Qt.ItemDataRole.UserRole + 3


def net_text(line: LogEntry) -> str:
    """The client's net at an offer: ``$14,166.67``, ``— (costs exceed it)``, or empty for a demand."""
    if line.net is None:
        return ""
    if line.net.net is None:
        return "— (costs exceed it)"
    return str(line.net.net)


class NegotiationTableModel(RecordTableModel):
    """A claim's negotiation log as table rows."""

    HEADERS = ("Date", "Kind", "Party", "Amount", "Deadline", "Net to client")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LogEntry] = []

    def set_rows(self, rows: list[LogEntry]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def line(self, row: int) -> LogEntry:
        """The log line shown on a row."""
        return self._rows[row]

    def row_of(self, entry_id: int | None) -> int | None:
        """The row showing an entry, if it is listed."""
        return next((row for row, line in enumerate(self._rows) if line.entry.id == entry_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == NegotiationRole.ENTRY:
            return line.entry
        if role == NegotiationRole.LINE:
            return line
        if role == NegotiationRole.SORT:
            return self._sort_key(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        return None

    @staticmethod
    def _text(line: LogEntry, column: int) -> str:
        entry = line.entry
        if column == COL_DATE:
            return f"{entry.made_on:%m/%d/%Y}"
        if column == COL_KIND:
            return entry.kind.label + (" (time-limited)" if entry.time_limited else "")
        if column == COL_PARTY:
            return entry.party
        if column == COL_AMOUNT:
            return str(entry.amount)
        if column == COL_DEADLINE:
            return line.deadline.text
        return net_text(line)

    @staticmethod
    def _sort_key(line: LogEntry, column: int) -> Any:
        entry = line.entry
        if column == COL_DATE:
            return entry.made_on.toordinal()
        if column == COL_AMOUNT:
            return entry.amount.cents
        if column == COL_DEADLINE:
            return line.deadline.day.toordinal() if line.deadline.day else 0
        if column == COL_NET:
            return line.net.net.cents if line.net is not None and line.net.net is not None else 0
        return NegotiationTableModel._text(line, column)

    @staticmethod
    def _foreground(line: LogEntry, column: int) -> QBrush | None:
        if column == COL_DEADLINE:
            state = line.deadline.state
            if state is DeadlineState.LAPSED:
                return QBrush(LAPSED_COLOR)
            if state is DeadlineState.NEAR:
                return QBrush(NEAR_COLOR)
            if state in (DeadlineState.ANSWERED, DeadlineState.NOT_RUNNING):
                return QBrush(PALE)
        if column == COL_KIND:
            return QBrush(DEMAND_COLOR if line.entry.kind.is_demand else OFFER_COLOR)
        return None

    @staticmethod
    def _tooltip(line: LogEntry, column: int) -> str | None:
        entry: NegotiationEntry = line.entry
        if column == COL_NET and line.net is not None:
            if line.net.problem:
                return line.net.problem
            return "\n".join(f"{label}: {amount}" for label, amount in line.net.lines())
        if column == COL_DEADLINE and entry.time_limited:
            received = f"{entry.received_on:%m/%d/%Y}" if entry.received_on else "not recorded yet"
            return f"Open {entry.time_limit_days} days from receipt; received {received}."
        if column == COL_KIND and entry.notes.strip():
            return entry.notes[:1000]
        return NegotiationTableModel._text(line, column) or None
