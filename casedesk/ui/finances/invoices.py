"""The Invoices sub-tab: a case's invoices of reimbursable expenses, their lines and payments, the PDF."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.invoices import InvoiceAccount, InvoicePayment, InvoiceStatus
from casedesk.domain.typed import format_date
from casedesk.ui.files import ask_export_path, open_with_system, safe_file_name
from casedesk.ui.finances.invoice_dialogs import NewInvoiceDialog, PaymentDialog, VoidInvoiceDialog
from casedesk.ui.finances.invoice_model import (
    COL_BALANCE,
    COL_BILL_TO,
    COL_DATE,
    COL_NUMBER,
    COL_PAID,
    COL_TOTAL,
    LINE_AMOUNT,
    LINE_CATEGORY,
    LINE_DATE,
    LINE_PAYEE,
    PAY_AMOUNT,
    PAY_DATE,
    PAY_METHOD,
    PAY_REFERENCE,
    InvoiceLineTableModel,
    InvoiceRole,
    InvoiceTableModel,
    PaymentTableModel,
)
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.tasks import TaskRunner
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.services.invoices import InvoiceService

EMPTY_TEXT = (
    "No invoices for this case yet.\n"
    "Press New Invoice… (Ctrl+N) to bill the client for reimbursable expenses the firm paid, "
    "or select expenses in the Expenses sub-tab and choose Invoice Selected…."
)
NOTHING_TO_INVOICE = (
    "Nothing to invoice: every reimbursable expense the firm paid on this case is already on an invoice "
    "(or there are none yet). Add expenses in the Expenses sub-tab first."
)
COLUMN_WIDTHS = {
    COL_NUMBER: 120,
    COL_DATE: 90,
    COL_BILL_TO: 200,
    COL_TOTAL: 100,
    COL_PAID: 100,
    COL_BALANCE: 100,
}
LINE_WIDTHS = {LINE_DATE: 85, LINE_CATEGORY: 130, LINE_PAYEE: 150, LINE_AMOUNT: 90}
PAYMENT_WIDTHS = {PAY_DATE: 85, PAY_AMOUNT: 90, PAY_METHOD: 90, PAY_REFERENCE: 90}


class InvoicesPanel(QWidget):
    """A case's invoices, newest first; the selected one's expenses and payments below.

    Signals:
        changed: An invoice was issued or voided, or a payment recorded, deleted or restored: which
            expenses are invoiced, or which invoices are paid, may have changed.
    """

    changed = Signal()

    def __init__(self, invoices: InvoiceService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._invoices = invoices
        self._case_id: int | None = None
        self._deleted: InvoicePayment | None = None
        self._exported: Path | None = None
        self._runner = TaskRunner()
        self.model = InvoiceTableModel(self)
        self.lines_model = InvoiceLineTableModel(self)
        self.payments_model = PaymentTableModel(self)

        self.new_button = QPushButton("&New Invoice…")
        self.new_button.setToolTip("Invoice reimbursable expenses the firm paid (Ctrl+N)")
        self.payment_button = QPushButton("Record &Payment…")
        self.payment_button.setToolTip("Record money received on the selected invoice")
        self.void_button = QPushButton("&Void Invoice…")
        self.void_button.setToolTip("Void the selected invoice; its expenses can be invoiced again")
        self.pdf_button = QPushButton("Save P&DF…")
        self.pdf_button.setToolTip("Save the selected invoice as a PDF to send or print")
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Invoices")
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.notice = QLabel()
        self.notice.setTextFormat(Qt.TextFormat.RichText)
        self.notice.setWordWrap(True)
        self.notice.hide()
        self.undo_bar = UndoBar(self)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines_table = record_table(self.lines_model, LINE_WIDTHS)
        self.lines_table.setAccessibleName("Expenses on the invoice")
        self.payments_table = record_table(self.payments_model, PAYMENT_WIDTHS)
        self.payments_table.setAccessibleName("Payments received")
        self.delete_payment_button = QPushButton("Delete Pa&yment")
        self.delete_payment_button.setToolTip(
            "Delete the selected payment (Del); Undo or Ctrl+Z puts it back"
        )
        self._build()
        self._connect()
        self.set_case(None)

    def _build(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Invoices</b>"))
        tools.addStretch(1)
        for button in (self.new_button, self.payment_button, self.void_button, self.pdf_button):
            tools.addWidget(button)
        lines_box = QWidget()
        lines_layout = QVBoxLayout(lines_box)
        lines_layout.setContentsMargins(0, 0, 0, 0)
        lines_layout.addWidget(QLabel("Expenses billed"))
        lines_layout.addWidget(self.lines_table, 1)
        payments_box = QWidget()
        payments_layout = QVBoxLayout(payments_box)
        payments_layout.setContentsMargins(0, 0, 0, 0)
        payments_head = QHBoxLayout()
        payments_head.addWidget(QLabel("Payments received"))
        payments_head.addStretch(1)
        payments_head.addWidget(self.delete_payment_button)
        payments_layout.addLayout(payments_head)
        payments_layout.addWidget(self.payments_table, 1)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(lines_box)
        below.addWidget(payments_box)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        self.details = QWidget()
        details_layout = QVBoxLayout(self.details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.detail)
        details_layout.addWidget(below, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._stack)
        split.addWidget(self.details)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.notice)
        layout.addWidget(self.undo_bar)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        delete_action = QAction("Delete payment", self.payments_table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.payments_table.addAction(delete_action)
        delete_action.triggered.connect(self.delete_payment)
        self.new_button.clicked.connect(lambda: self.new_invoice([]))
        self.payment_button.clicked.connect(self.record_payment)
        self.void_button.clicked.connect(self.void_invoice)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.delete_payment_button.clicked.connect(self.delete_payment)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.notice.linkActivated.connect(self._on_notice_link_activated)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.payments_table.selectionModel().selectionChanged.connect(self._on_payment_selection_changed)

    # --- the case --------------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose invoices are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's invoices (None: no case)."""
        if case_id != self._case_id:
            self._deleted = None
            self.undo_bar.hide()
            self.notice.hide()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the invoices again, keeping the selected one selected (else the newest)."""
        keep = self.selected_account()
        rows: list[InvoiceAccount] = []
        if self._case_id is not None:
            try:
                rows = self._invoices.accounts(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Invoices not read", exc)
        self.model.set_rows(rows, self._invoices.today())
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText("No case selected." if self._case_id is None else EMPTY_TEXT)
            self._stack.setCurrentWidget(self.empty_label)
        self._select(keep.invoice.id if keep is not None else None)
        if self.selected_account() is None and rows:
            self.table.selectRow(0)
        self._show_detail()
        self._update_buttons()

    def selected_account(self) -> InvoiceAccount | None:
        """The invoice on the selected row, with its payments."""
        account: InvoiceAccount | None = selected_data(self.table, InvoiceRole.RECORD)
        return account

    def selected_payment(self) -> InvoicePayment | None:
        """The payment selected in the payments table."""
        payment: InvoicePayment | None = selected_data(self.payments_table, InvoiceRole.RECORD)
        return payment

    # --- actions ---------------------------------------------------------------------------------

    def new_invoice(self, expense_ids: list[int]) -> None:
        """Ask for a new invoice of the case's expenses, ticking ``expense_ids`` (all when empty)."""
        if self._case_id is None:
            return
        try:
            offered = self._invoices.invoiceable_expenses(self._case_id)
        except CasedeskError as exc:
            show_error(self, "Invoice not started", exc)
            return
        if not offered:
            self._notify(escape(NOTHING_TO_INVOICE))
            return
        issued = NewInvoiceDialog.ask(self, self._invoices, self._case_id, list(expense_ids))
        if issued is None:
            return
        self._after_change(issued.id)
        self._notify(
            f"Issued <b>{escape(issued.number)}</b> to {escape(issued.bill_to_name)} for {issued.total}. "
            "Save PDF… prints it."
        )

    def record_payment(self) -> None:
        """Record money received on the selected invoice."""
        account = self.selected_account()
        if account is None:
            return
        invoice = account.invoice
        if account.status is InvoiceStatus.VOID:
            show_error(self, "Payment not recorded", CasedeskError(f"Invoice {invoice.number} is void."))
            return
        if account.balance.cents <= 0:
            show_error(
                self, "Payment not recorded", CasedeskError(f"Invoice {invoice.number} is paid in full.")
            )
            return
        saved = PaymentDialog.ask(self, self._invoices, account)
        if saved is not None:
            self._after_change(invoice.id)
            self._select_payment(saved.id)

    def void_invoice(self) -> None:
        """Void the selected invoice, after asking why."""
        account = self.selected_account()
        if account is None or account.status is InvoiceStatus.VOID:
            return
        if account.payments:
            count = len(account.payments)
            show_error(
                self,
                "Invoice not voided",
                CasedeskError(
                    f"Invoice {account.invoice.number} has {count} payment{'s' if count > 1 else ''} "
                    f"recorded ({account.paid}), so it cannot be voided.",
                    "Delete its payments first (select each under Payments received and press Del), "
                    "then void it.",
                ),
            )
            return
        voided = VoidInvoiceDialog.ask(self, self._invoices, account)
        if voided is not None:
            self._after_change(voided.id)
            self._notify(
                f"Voided <b>{escape(voided.number)}</b>; its expenses can be invoiced again. "
                "The number stays used."
            )

    def delete_payment(self) -> None:
        """Delete the selected payment at once; the undo bar (and Ctrl+Z) puts it back."""
        account, payment = self.selected_account(), self.selected_payment()
        if account is None or payment is None or payment.id is None:
            return
        try:
            self._deleted = self._invoices.delete_payment(payment.id)
        except CasedeskError as exc:
            show_error(self, "Payment not deleted", exc)
            self.refresh()
            return
        self.undo_bar.offer(
            f"Deleted the payment of {payment.amount} received {format_date(payment.paid_on)} "
            f"on {account.invoice.number}."
        )
        self._after_change(account.invoice.id)
        self.payments_table.setFocus(Qt.FocusReason.OtherFocusReason)  # so that Ctrl+Z reaches the undo bar

    def undo_delete(self) -> None:
        """Put back the payment deleted last."""
        if self._deleted is None:
            return
        try:
            restored = self._invoices.restore_payment(self._deleted)
        except CasedeskError as exc:
            show_error(self, "Payment not restored", exc)
            return
        self._deleted = None
        self.undo_bar.hide()
        self._after_change(restored.invoice_id)
        self._select_payment(restored.id)

    def save_pdf(self) -> None:
        """Ask where to save the selected invoice as a PDF, and write it in the background."""
        account = self.selected_account()
        if account is None or account.invoice.id is None:
            return
        invoice_id, number = account.invoice.id, account.invoice.number
        case_number = self._case_number()
        path = ask_export_path(
            self,
            "Save Invoice as PDF",
            safe_file_name(f"{case_number} {number}") + ".pdf",
            ".pdf",
            "PDF documents",
        )
        if path is None:
            return
        self.pdf_button.setEnabled(False)
        self._notify(f"Saving {escape(path.name)}…")
        self.export_task = (
            self._runner.op(self, lambda: self._invoices.export_pdf(invoice_id, path))
            .on_success(lambda _account: self._on_exported(path))
            .on_failure(self._on_export_failed)
            .start()
        )

    # --- helpers ---------------------------------------------------------------------------------

    def _case_number(self) -> str:
        try:
            return self._invoices.case_number(self._case_id or 0)
        except CasedeskError:
            return "case"

    def _on_exported(self, path: Path) -> None:
        self._exported = path
        self._update_buttons()
        self._notify(f"Saved “{escape(path.name)}” in {escape(str(path.parent))}. <a href='open'>Open it</a>")

    def _on_export_failed(self, error: BaseException) -> None:
        self._update_buttons()
        if not isinstance(error, CasedeskError):
            raise error
        self._notify(f"Not saved: {escape(error.message)}")
        show_error(self, "Invoice not saved", error)

    def _on_notice_link_activated(self, _link: str) -> None:
        if self._exported is not None and not open_with_system(self._exported):
            show_error(
                self,
                "PDF not opened",
                CasedeskError(
                    f"No program is set up to open {self._exported.name}; it is in {self._exported.parent}."
                ),
            )

    def _notify(self, html: str) -> None:
        self.notice.setText(html)
        self.notice.show()

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        self._select(select_id)
        self.changed.emit()

    def _select(self, invoice_id: int | None) -> None:
        row = self.model.row_of(invoice_id)
        if row is not None:
            self.table.selectRow(row)

    def _select_payment(self, payment_id: int | None) -> None:
        row = self.payments_model.row_of(payment_id)
        if row is not None:
            self.payments_table.selectRow(row)

    def _update_buttons(self) -> None:
        account = self.selected_account()
        live = account is not None and account.status is not InvoiceStatus.VOID
        self.new_button.setEnabled(self._case_id is not None)
        self.payment_button.setEnabled(live and account is not None and account.balance.cents > 0)
        self.void_button.setEnabled(live)
        self.pdf_button.setEnabled(account is not None)
        self.delete_payment_button.setEnabled(self.selected_payment() is not None)

    def _show_detail(self) -> None:
        account = self.selected_account()
        self.details.setVisible(account is not None)
        if account is None:
            self.lines_model.set_rows([])
            self.payments_model.set_rows([])
            self.detail.setText("")
            return
        invoice = account.invoice
        due = f"due {format_date(invoice.due_on)}" if invoice.due_on else "due on receipt"
        parts = [
            f"<b>{escape(invoice.number)}</b> dated {format_date(invoice.issued_on)}, {due}",
            f"Bill to: {escape(invoice.bill_to).replace(chr(10), ', ')}",
            f"Total {invoice.total} · paid {account.paid} · <b>balance {account.balance}</b>",
        ]
        if invoice.voided_on is not None:
            parts.append(
                f"<span style='color:#b00020'>VOID since {format_date(invoice.voided_on)}: "
                f"{escape(invoice.void_reason)}</span>"
            )
        if invoice.notes.strip():
            parts.append(f"Notes: {escape(' '.join(invoice.notes.split()))}")
        self.detail.setText("<br>".join(parts))
        self.lines_model.set_rows(list(invoice.lines))
        self.payments_model.set_rows(list(account.payments))

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.record_payment()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_detail()
        self._update_buttons()

    def _on_payment_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    # --- Qt overrides ----------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """Qt override: Ctrl+N inside this panel is New Invoice, even where the window has a New Case key.

        Taking the shortcut override keeps the window's action from seeing the key; it then arrives
        as a key press, handled in :meth:`keyPressEvent`.
        """
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and self._is_new(event)
        ):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Qt override: Ctrl+N asks for a new invoice."""
        if self._is_new(event):
            event.accept()
            self.new_invoice([])
            return
        super().keyPressEvent(event)

    @staticmethod
    def _is_new(event: QKeyEvent) -> bool:
        """Whether the key is the system's New key (Ctrl+N; Cmd+N on a Mac)."""
        typed = QKeySequence(event.keyCombination())
        return (
            typed.matches(QKeySequence(QKeySequence.StandardKey.New)) == QKeySequence.SequenceMatch.ExactMatch
        )
