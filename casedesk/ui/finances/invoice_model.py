"""The table models of the Invoices sub-tab: the invoices, an invoice's lines, and its payments."""

from __future__ import annotations

import enum
from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from casedesk.domain.invoices import InvoiceAccount, InvoiceLine, InvoicePayment, InvoiceStatus
from casedesk.domain.typed import format_date
from casedesk.ui.tables import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex
COL_NUMBER, COL_DATE, COL_BILL_TO, COL_TOTAL, COL_PAID, COL_BALANCE, COL_STATUS = range(7)
LINE_DATE, LINE_CATEGORY, LINE_PAYEE, LINE_DESCRIPTION, LINE_AMOUNT = range(5)
PAY_DATE, PAY_AMOUNT, PAY_METHOD, PAY_REFERENCE, PAY_NOTES = range(5)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
PALE = QColor("#777777")
OVERDUE = QColor("#b00020")
PAID = QColor("#1b5e20")
PARTLY = QColor("#8a5a00")
#: Follows the status of an unpaid invoice past its due date.
OVERDUE_MARK = "overdue"


class InvoiceRole(enum.IntEnum):
    """Custom data roles of the Invoices sub-tab's models."""

    #: The :class:`InvoiceAccount`, :class:`InvoiceLine` or :class:`InvoicePayment` on the row.
    RECORD = Qt.ItemDataRole.UserRole + 1


def is_overdue(account: InvoiceAccount, today: date) -> bool:
    """An invoice with a balance left after its due date."""
    due = account.invoice.due_on
    return due is not None and due < today and account.balance.cents > 0


def status_text(account: InvoiceAccount, today: date) -> str:
    """The status as the list shows it: ``Open``, ``Partly paid — overdue``, ``Paid``, ``Void``."""
    label = account.status.label
    return f"{label} — {OVERDUE_MARK}" if is_overdue(account, today) else label


class InvoiceTableModel(RecordTableModel):
    """A case's invoices, newest first, with what was paid and what is owed."""

    HEADERS = ("Number", "Date", "Bill to", "Total", "Paid", "Balance", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[InvoiceAccount] = []
        self._today = date.min

    def set_rows(self, rows: list[InvoiceAccount], today: date) -> None:
        """Replace every row; ``today`` tells which are overdue."""
        self.beginResetModel()
        self._rows = list(rows)
        self._today = today
        self.endResetModel()

    def row_of(self, invoice_id: int | None) -> int | None:
        """The row showing an invoice, if it is listed."""
        return next((row for row, a in enumerate(self._rows) if a.invoice.id == invoice_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        account = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(account, column, role == Qt.ItemDataRole.ToolTipRole)
        if role == InvoiceRole.RECORD:
            return account
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_TOTAL, COL_PAID, COL_BALANCE):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour(account, column)
        if role == Qt.ItemDataRole.FontRole and account.status is InvoiceStatus.VOID and column == COL_TOTAL:
            font = QFont()
            font.setStrikeOut(True)
            return font
        return None

    def _text(self, account: InvoiceAccount, column: int, tooltip: bool) -> str | None:
        invoice = account.invoice
        if column == COL_NUMBER:
            return invoice.number
        if column == COL_DATE:
            return format_date(invoice.issued_on)
        if column == COL_BILL_TO:
            return invoice.bill_to if tooltip else invoice.bill_to_name
        if column == COL_TOTAL:
            return str(invoice.total)
        if column == COL_PAID:
            return str(account.paid)
        if column == COL_BALANCE:
            return str(account.balance)
        if not tooltip:
            return status_text(account, self._today)
        if invoice.voided_on is not None:
            return f"Voided {format_date(invoice.voided_on)}: {invoice.void_reason}"
        return f"Due {format_date(invoice.due_on)}" if invoice.due_on else "Due on receipt"

    def _colour(self, account: InvoiceAccount, column: int) -> QBrush | None:
        status = account.status
        if status is InvoiceStatus.VOID:
            return QBrush(PALE)
        if column in (COL_STATUS, COL_BALANCE) and is_overdue(account, self._today):
            return QBrush(OVERDUE)
        if column == COL_STATUS and status is InvoiceStatus.PAID:
            return QBrush(PAID)
        if column == COL_STATUS and status is InvoiceStatus.PARTLY_PAID:
            return QBrush(PARTLY)
        return None


class InvoiceLineTableModel(RecordTableModel):
    """The expenses an invoice billed, as they were when it was issued."""

    HEADERS = ("Date", "Category", "Payee", "Description", "Amount")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[InvoiceLine] = []

    def set_rows(self, rows: list[InvoiceLine]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            texts = (
                format_date(line.spent_on),
                line.category,
                line.payee,
                line.description,
                str(line.amount),
            )
            return texts[column]
        if role == InvoiceRole.RECORD:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and column == LINE_AMOUNT:
            return _RIGHT
        return None


class PaymentTableModel(RecordTableModel):
    """The payments received on an invoice, by date."""

    HEADERS = ("Received", "Amount", "Method", "Reference", "Notes")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[InvoicePayment] = []

    def set_rows(self, rows: list[InvoicePayment]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, payment_id: int | None) -> int | None:
        """The row showing a payment, if it is listed."""
        return next((row for row, p in enumerate(self._rows) if p.id == payment_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        payment = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            notes = payment.notes if role == Qt.ItemDataRole.ToolTipRole else " ".join(payment.notes.split())
            texts = (
                format_date(payment.paid_on),
                str(payment.amount),
                payment.method.label,
                payment.reference,
                notes,
            )
            return texts[column]
        if role == InvoiceRole.RECORD:
            return payment
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PAY_AMOUNT:
            return _RIGHT
        return None
