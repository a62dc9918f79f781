"""The expense ledger's table model: an expense per row in date order with a running total, then totals."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from casedesk.domain.expenses import LedgerEntry, running_totals, total_amount
from casedesk.domain.money import Money
from casedesk.domain.typed import format_date
from casedesk.ui.tables import RecordTableModel

(
    COL_DATE,
    COL_CATEGORY,
    COL_PAYEE,
    COL_DESCRIPTION,
    COL_AMOUNT,
    COL_RUNNING,
    COL_PAID_BY,
    COL_REIMBURSABLE,
    COL_RECEIPT,
    COL_REFERENCE,
    COL_INVOICE,
) = range(11)
_Index = QModelIndex | QPersistentModelIndex
_MONEY = (COL_AMOUNT, COL_RUNNING)
PALE = QColor("#777777")
#: The receipt column of an expense without one.
NO_RECEIPT = "none"


class ExpenseRole(enum.IntEnum):
    """Custom data roles of :class:`ExpenseTableModel`."""

    #: The :class:`LedgerEntry` shown on the row (None on the totals row).
    ENTRY = Qt.ItemDataRole.UserRole + 1


class ExpenseTableModel(RecordTableModel):
    """Expenses as table rows, with the running total of the rows shown, then a totals row."""

    HEADERS = (
        "Date",
        "Category",
        "Payee",
        "Description",
        "Amount",
        "Running total",
        "Paid by",
        "Reimb.",
        "Receipt",
        "Payee's invoice #",
        "Our invoice",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LedgerEntry] = []
        self._running: list[Money] = []
        self._total = Money.zero()

    def set_rows(self, rows: list[LedgerEntry]) -> None:
        """Replace every row; give them in date order (the running total adds them up in that order)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._running = running_totals(self._rows)
        self._total = total_amount(self._rows)
        self.endResetModel()

    @property
    def expense_count(self) -> int:
        """How many expenses are listed (the totals row not counted)."""
        return len(self._rows)

    @property
    def entries(self) -> list[LedgerEntry]:
        """The expenses listed, in order."""
        return list(self._rows)

    @property
    def total(self) -> Money:
        """The sum of the expenses listed."""
        return self._total

    def row_of(self, expense_id: int | None) -> int | None:
        """The row showing an expense, if it is listed."""
        return next((row for row, e in enumerate(self._rows) if e.expense.id == expense_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the expenses and, when there are any, the totals row."""
        return 0 if parent.isValid() or not self._rows else len(self._rows) + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt override: the totals row cannot be selected."""
        if index.isValid() and index.row() == len(self._rows):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        """Qt override: the running total's header says what it adds up."""
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal:
            if section == COL_RUNNING:
                return "The total so far of the expenses shown, in date order"
            if section == COL_REIMBURSABLE:
                return "Reimbursable: repaid from the recovery or invoiced"
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() > len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        column = index.column()
        if index.row() == len(self._rows):
            return self._totals_data(column, role)
        entry = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), column)
        if role == ExpenseRole.ENTRY:
            return entry
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(entry, index.row(), column)
        if role == Qt.ItemDataRole.ForegroundRole:
            pale = (column == COL_RECEIPT and entry.expense.receipt_document_id is None) or (
                column == COL_INVOICE and entry.invoice_void
            )
            return QBrush(PALE) if pale or column == COL_RUNNING else None
        return None

    def _text(self, row: int, column: int) -> str:
        entry = self._rows[row]
        expense = entry.expense
        if column == COL_DATE:
            return format_date(expense.spent_on)
        if column == COL_CATEGORY:
            return expense.category
        if column == COL_PAYEE:
            return expense.payee
        if column == COL_DESCRIPTION:
            return " ".join(expense.description.split())
        if column == COL_AMOUNT:
            return str(expense.amount)
        if column == COL_RUNNING:
            return str(self._running[row])
        if column == COL_PAID_BY:
            return expense.paid_by.label
        if column == COL_REIMBURSABLE:
            return "Yes" if expense.reimbursable else "No"
        if column == COL_RECEIPT:
            if expense.receipt_document_id is None:
                return NO_RECEIPT
            return entry.receipt_name or "(document)"
        if column == COL_REFERENCE:
            return expense.invoice_reference
        return entry.invoice_text

    def _tooltip(self, entry: LedgerEntry, row: int, column: int) -> str | None:
        if column == COL_INVOICE and entry.is_invoiced:
            return (
                f"On invoice {entry.invoice_number}: its amount, payer and reimbursable flag stay as billed "
                "until the invoice is void."
            )
        if column == COL_DESCRIPTION and entry.expense.notes.strip():
            return f"{entry.expense.description}\n\nNotes: {entry.expense.notes[:1000]}"
        # Columns have fixed widths, so long text is cut: the tooltip shows it all.
        return self._text(row, column) or None

    def _totals_data(self, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_DATE:
                return "Total"
            if column == COL_CATEGORY:
                count = len(self._rows)
                return "1 expense" if count == 1 else f"{count} expenses"
            return str(self._total) if column == COL_AMOUNT else ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
