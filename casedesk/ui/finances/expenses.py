"""A case's expense ledger: filters, running and category totals, edits with undo, invoicing, Excel export."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.expenses import (
    Expense,
    ExpenseCategory,
    ExpenseFilter,
    LedgerEntry,
    PaidBy,
    total_amount,
    totals_by_category,
)
from casedesk.domain.money import Money
from casedesk.domain.progress import Cancelled
from casedesk.domain.typed import DateError
from casedesk.ui.files import ask_export_path, safe_file_name
from casedesk.ui.finances.expense_categories import CategoriesDialog
from casedesk.ui.finances.expense_dialog import ExpenseDialog
from casedesk.ui.finances.expense_model import (
    COL_AMOUNT,
    COL_CATEGORY,
    COL_DATE,
    COL_DESCRIPTION,
    COL_INVOICE,
    COL_PAID_BY,
    COL_PAYEE,
    COL_RECEIPT,
    COL_REFERENCE,
    COL_REIMBURSABLE,
    COL_RUNNING,
    ExpenseRole,
    ExpenseTableModel,
)
from casedesk.ui.forms import INVALID_FIELD_STYLE, DateField, ignore_wheel_unless_focused
from casedesk.ui.messages import show_error
from casedesk.ui.progress import ProgressDialog
from casedesk.ui.tables import record_table
from casedesk.ui.tasks import TaskRunner
from casedesk.ui.undo import UndoBar

if TYPE_CHECKING:
    from casedesk.services.expenses import ExpenseService, LedgerExport

COLUMN_WIDTHS = {
    COL_DATE: 90,
    COL_CATEGORY: 140,
    COL_PAYEE: 170,
    COL_DESCRIPTION: 180,
    COL_AMOUNT: 95,
    COL_RUNNING: 105,
    COL_PAID_BY: 60,
    COL_REIMBURSABLE: 55,
    COL_RECEIPT: 130,
    COL_REFERENCE: 110,
    COL_INVOICE: 120,
}
EMPTY_TEXT = (
    "No expenses recorded for this case. Add each cost with New Expense… (Ins or Ctrl+N): filing fees, "
    "records copies, experts, postage…"
)
FILTERED_EMPTY_TEXT = "No expenses match the filters. Clear Filters shows them all."
VERIFY_NOTE = "Figures must be verified by the responsible attorney before they are relied on."
ALL = "All"
#: Why "Invoice Selected…" is off, by what the selection holds.
NOTHING_SELECTED = "Select the reimbursable expenses the firm paid, then invoice them."
NOTHING_INVOICEABLE = (
    "None of the selected expenses can be invoiced: only reimbursable expenses the firm paid that are "
    "not on an invoice yet can."
)


class ExpensesPanel(QWidget):
    """A case's expense ledger with filters and totals; add, edit, delete (undoable), invoice, export.

    Signals:
        changed: An expense was added, edited, deleted or restored, or categories were renamed (the
            settlement statement's costs and the invoices may have changed).
        invoice_requested: ``list[int]`` — the user asked to invoice these expenses (ids of selected
            expenses that are reimbursable, firm-paid and not invoiced).
        receipt_requested: ``int`` — the user asked to see the receipt, a stored document of the case.
    """

    changed = Signal()
    invoice_requested = Signal(list)
    receipt_requested = Signal(int)

    def __init__(
        self, expenses: ExpenseService, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self._expenses = expenses
        self._runner = runner or TaskRunner()
        self._case_id: int | None = None
        self._deleted: list[Expense] = []
        self._all: list[LedgerEntry] = []
        self._categories: list[ExpenseCategory] = []
        self.export_task: object | None = None
        self.model = ExpenseTableModel(self)
        self._build()
        self._connect()
        self.set_case(None)

    # --- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.new_button = QPushButton("&New Expense…")
        self.new_button.setToolTip("Record an expense (Ins or Ctrl+N)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected expense (Enter or double-click)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected expenses (Del); Undo or Ctrl+Z puts them back")
        self.invoice_button = QPushButton("&Invoice Selected…")
        self.receipt_button = QPushButton("Open &Receipt")
        self.receipt_button.setToolTip("Show the selected expense's receipt")
        self.categories_button = QPushButton("Ca&tegories…")
        self.categories_button.setToolTip("Add, rename, reorder or hide expense categories")
        self.export_button = QPushButton("E&xport to Excel…")
        self.export_button.setToolTip("Save the case's ledger, totals by category and lost wages as .xlsx")

        self.date_from = DateField()
        self.date_from.setAccessibleName("Show expenses from")
        self.date_to = DateField()
        self.date_to.setAccessibleName("Show expenses up to")
        for field in (self.date_from, self.date_to):
            field.setMinimumWidth(field.fontMetrics().horizontalAdvance("MM/DD/YYYY") + 24)
        self.category_filter = QComboBox()
        self.category_filter.setAccessibleName("Category")
        self.category_filter.setMinimumContentsLength(16)
        self.paid_by_filter = QComboBox()
        self.paid_by_filter.setAccessibleName("Paid by")
        self.paid_by_filter.addItem("Paid by anyone", None)
        for paid_by in PaidBy:
            self.paid_by_filter.addItem(f"Paid by the {paid_by.value}", paid_by)
        self.reimbursable_filter = QComboBox()
        self.reimbursable_filter.setAccessibleName("Reimbursable")
        self.reimbursable_filter.addItem("Reimbursable or not", None)
        self.reimbursable_filter.addItem("Reimbursable", True)
        self.reimbursable_filter.addItem("Not reimbursable", False)
        for combo in (self.category_filter, self.paid_by_filter, self.reimbursable_filter):
            ignore_wheel_unless_focused(combo)
        self.not_invoiced = QCheckBox("Not &yet invoiced")
        self.clear_button = QPushButton("Clear Filters")
        self.filter_error = QLabel()
        self.filter_error.setStyleSheet("color: #b00020;")
        self.filter_error.hide()

        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAccessibleName("Expenses")
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.totals_label = QLabel()
        self.totals_label.setTextFormat(Qt.TextFormat.RichText)
        self.totals_label.setWordWrap(True)
        self.totals_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setStyleSheet("color: #555;")
        self.status.setWordWrap(True)
        self.undo_bar = UndoBar(self)

        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Expenses</b>"))
        tools.addStretch(1)
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.invoice_button,
            self.receipt_button,
            self.categories_button,
            self.export_button,
        ):
            tools.addWidget(button)
        # Two rows of filters, so that the tab fits a laptop screen beside the case list.
        dates = QHBoxLayout()
        from_label = QLabel("&From:")
        from_label.setBuddy(self.date_from)
        to_label = QLabel("&to:")
        to_label.setBuddy(self.date_to)
        others = QHBoxLayout()
        rows: list[tuple[QHBoxLayout, tuple[QWidget, ...]]] = [
            (dates, (from_label, self.date_from, to_label, self.date_to, self.category_filter)),
            (others, (self.paid_by_filter, self.reimbursable_filter, self.not_invoiced, self.clear_button)),
        ]
        for row, widgets in rows:
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addLayout(dates)
        layout.addLayout(others)
        layout.addWidget(self.filter_error)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.status)

        self.new_action = QAction("New Expense…", self)
        self.new_action.setShortcuts([QKeySequence(Qt.Key.Key_Insert), QKeySequence("Ctrl+N")])
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(self.new_action)
        self.edit_action = QAction("Edit…", self)
        self.delete_action = QAction("Delete", self.table)
        self.delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(self.delete_action)
        self.invoice_action = QAction("Invoice Selected…", self)
        self.receipt_action = QAction("Open Receipt", self)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_expense)
        self.new_action.triggered.connect(self.new_expense)
        self.edit_button.clicked.connect(self.edit_expense)
        self.edit_action.triggered.connect(self.edit_expense)
        self.delete_button.clicked.connect(self.delete_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        self.invoice_button.clicked.connect(self.invoice_selected)
        self.invoice_action.triggered.connect(self.invoice_selected)
        self.receipt_button.clicked.connect(self.open_receipt)
        self.receipt_action.triggered.connect(self.open_receipt)
        self.categories_button.clicked.connect(self.edit_categories)
        self.export_button.clicked.connect(self.export_ledger)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.table.activated.connect(self._on_table_activated)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        for field in (self.date_from, self.date_to):
            field.textChanged.connect(lambda _t: self._show_rows())
        for combo in (self.category_filter, self.paid_by_filter, self.reimbursable_filter):
            combo.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.not_invoiced.toggled.connect(lambda _c: self._show_rows())
        self.clear_button.clicked.connect(self.clear_filters)

    # --- the case --------------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose expenses are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's expenses (None: no case); the filters are cleared for a new case."""
        if case_id != self._case_id:
            self._deleted = []
            self.undo_bar.hide()
            self.status.setText("")
            self._case_id = case_id
            self.refresh()
            self.clear_filters()
        else:
            self.refresh()

    def refresh(self) -> None:
        """Read the case's expenses and the categories again, keeping the filters and the selection."""
        keep = [entry.expense.id for entry in self.selected_entries()]
        self._all = []
        if self._case_id is not None:
            try:
                self._categories = self._expenses.categories()
                self._all = self._expenses.ledger(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Expenses not read", exc)
        self._fill_category_filter()
        self._show_rows()
        self._select(keep)

    def selected_entries(self) -> list[LedgerEntry]:
        """The expenses on the selected rows, in the ledger's order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        entries = [self.model.index(row, 0).data(ExpenseRole.ENTRY) for row in rows]
        return [entry for entry in entries if entry is not None]

    def selected_entry(self) -> LedgerEntry | None:
        """The expense on the current row when it is selected (the one Edit opens)."""
        current = self.table.currentIndex()
        selected = self.selected_entries()
        if current.isValid() and self.table.selectionModel().isRowSelected(current.row(), QModelIndex()):
            entry: LedgerEntry | None = current.data(ExpenseRole.ENTRY)
            if entry is not None:
                return entry
        return selected[0] if selected else None

    def current_filter(self) -> ExpenseFilter:
        """The filter as set above the table (a date that is not valid yet filters nothing)."""
        errors = []
        dates = []
        for field in (self.date_from, self.date_to):
            try:
                dates.append(field.value())
                field.setStyleSheet("")
            except DateError as exc:
                dates.append(None)
                errors.append(str(exc))
                field.setStyleSheet(INVALID_FIELD_STYLE)
        self.filter_error.setText(" ".join(errors))
        self.filter_error.setVisible(bool(errors))
        category = self.category_filter.currentData()
        paid_by = self.paid_by_filter.currentData()  # Qt hands the enum back as its text
        return ExpenseFilter(
            date_from=dates[0],
            date_to=dates[1],
            category=category or None,
            paid_by=PaidBy(paid_by) if paid_by else None,
            reimbursable=self.reimbursable_filter.currentData(),
            not_invoiced=self.not_invoiced.isChecked(),
        )

    def clear_filters(self) -> None:
        """Show every expense of the case."""
        widgets = (
            self.date_from,
            self.date_to,
            self.category_filter,
            self.paid_by_filter,
            self.reimbursable_filter,
            self.not_invoiced,
        )
        for widget in widgets:
            widget.blockSignals(True)
        self.date_from.clear()
        self.date_to.clear()
        for combo in (self.category_filter, self.paid_by_filter, self.reimbursable_filter):
            combo.setCurrentIndex(0)
        self.not_invoiced.setChecked(False)
        for widget in widgets:
            widget.blockSignals(False)
        self._show_rows()

    # --- actions ---------------------------------------------------------------------------------

    def new_expense(self) -> None:
        """Ask for a new expense and add it."""
        if self._case_id is None:
            return
        saved = ExpenseDialog.ask(self, self._expenses, self._case_id)
        if saved is not None:
            if not self.current_filter().matches(LedgerEntry(saved)):
                self.clear_filters()  # show the new expense, whatever the filters were
            self._after_change([saved.id])

    def edit_expense(self) -> None:
        """Edit the selected expense."""
        selected = self.selected_entry()
        if selected is None or self._case_id is None:
            return
        saved = ExpenseDialog.ask(self, self._expenses, self._case_id, selected)
        if saved is not None:
            self._after_change([saved.id])
        else:
            self.refresh()  # it may have been changed elsewhere meanwhile

    def delete_selected(self) -> None:
        """Delete the selected expenses at once; the undo bar (and Ctrl+Z) puts them back.

        Invoiced expenses cannot be deleted: nothing is deleted and the message says why.
        """
        selected = self.selected_entries()
        if not selected:
            return
        try:
            deleted = self._expenses.delete_many([entry.expense.id or 0 for entry in selected])
        except CasedeskError as exc:
            show_error(self, "Expense not deleted" if len(selected) == 1 else "Expenses not deleted", exc)
            self.refresh()
            return
        self._deleted = deleted
        if len(deleted) == 1:
            [gone] = deleted
            payee = f" to {gone.payee}" if gone.payee else ""
            text = f"Deleted the {gone.category.lower()} of {gone.amount}{payee}."
        else:
            total = sum((expense.amount for expense in deleted), Money.zero())
            text = f"Deleted {len(deleted)} expenses ({total})."
        self.undo_bar.offer(text)
        self._after_change([])
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)  # so that Ctrl+Z reaches the undo bar

    def undo_delete(self) -> None:
        """Put back the expenses deleted last."""
        if not self._deleted:
            return
        try:
            restored = self._expenses.restore_many(self._deleted)
        except CasedeskError as exc:
            show_error(self, "Expenses not restored", exc)
            return
        self._deleted = []
        self.undo_bar.hide()
        self._after_change([expense.id for expense in restored])

    def invoice_selected(self) -> None:
        """Ask for an invoice of the selected expenses that can be invoiced (``invoice_requested``)."""
        ids = [entry.expense.id or 0 for entry in self.selected_entries() if entry.is_invoiceable]
        if ids:
            self.invoice_requested.emit(ids)

    def open_receipt(self) -> None:
        """Show the selected expense's receipt (``receipt_requested``)."""
        entry = self.selected_entry()
        if entry is not None and entry.expense.receipt_document_id is not None:
            self.receipt_requested.emit(entry.expense.receipt_document_id)

    def edit_categories(self) -> None:
        """Edit the case file's categories; renamed ones rename their expenses."""
        renames = CategoriesDialog.ask(self, self._expenses)
        if renames is None:
            return
        shown = self.category_filter.currentData()
        if shown in renames:
            self._select_category(renames[shown])
        self.refresh()
        if renames:
            self.status.setText(
                "Renamed " + ", ".join(f"“{old}” to “{new}”" for old, new in renames.items()) + "."
            )
            self.changed.emit()

    def export_ledger(self) -> None:
        """Ask where to save the case's ledger workbook, and write it in the background."""
        if self._case_id is None:
            return
        try:
            number = self._expenses.case_number(self._case_id)
        except CasedeskError:
            number = "case"
        suggested = safe_file_name(f"{number} expense ledger") + ".xlsx"
        path = ask_export_path(self, "Export expense ledger to Excel", suggested, ".xlsx", "Excel workbooks")
        if path is None:
            return
        case_id, expenses = self._case_id, self._expenses
        self.export_button.setEnabled(False)
        self.status.setText(f"Saving {path.name}…")
        self.export_task = (
            self._runner.op(self, lambda: expenses.export_ledger_xlsx(case_id, path))
            .on_success(self._on_exported)
            .on_failure(self._on_export_failed)
            .start()
        )

    # --- helpers ---------------------------------------------------------------------------------

    def _on_exported(self, result: LedgerExport) -> None:
        self._update_buttons()
        count = "1 expense" if result.expenses == 1 else f"{result.expenses} expenses"
        self.status.setText(f"Saved the ledger ({count}, {result.total}) to {result.path}")

    def _on_export_failed(self, error: BaseException) -> None:
        self._update_buttons()
        if isinstance(error, CasedeskError):
            self.status.setText(f"Not saved: {error.message}")
            show_error(self, "Ledger not saved", error)
            return
        raise error

    def _fill_category_filter(self) -> None:
        keep = self.category_filter.currentData()
        used = {entry.expense.category for entry in self._all}
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem("All categories", "")
        for category in self._categories:
            if not category.hidden or category.name in used:
                self.category_filter.addItem(category.name, category.name)
        index = self.category_filter.findData(keep) if keep else 0
        self.category_filter.setCurrentIndex(max(index, 0))
        self.category_filter.blockSignals(False)

    def _select_category(self, name: str) -> None:
        self.category_filter.blockSignals(True)
        self.category_filter.addItem(name, name)
        self.category_filter.setCurrentIndex(self.category_filter.count() - 1)
        self.category_filter.blockSignals(False)

    def _show_rows(self) -> None:
        keep = [entry.expense.id for entry in self.selected_entries()]
        shown_filter = self.current_filter()
        rows = [entry for entry in self._all if shown_filter.matches(entry)]
        self.model.set_rows(rows)
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            if self._case_id is None:
                text = "No case selected."
            elif self._all:
                text = FILTERED_EMPTY_TEXT
            else:
                text = EMPTY_TEXT
            self.empty_label.setText(text)
            self._stack.setCurrentWidget(self.empty_label)
        self.clear_button.setEnabled(not shown_filter.is_empty)
        self.totals_label.setText(self._totals_html(rows, shown_filter))
        self.totals_label.setVisible(bool(self._all))
        self._select(keep)
        self._update_buttons()

    def _totals_html(self, rows: list[LedgerEntry], shown_filter: ExpenseFilter) -> str:
        by_category = totals_by_category(rows, self._categories)
        parts = [f"{escape(t.category)} <b>{t.amount}</b> ({t.count})" for t in by_category]
        costs = total_amount(entry for entry in rows if entry.is_case_cost)
        which = "All expenses of the case" if shown_filter.is_empty else "Expenses shown"
        count = "1 expense" if len(rows) == 1 else f"{len(rows)} expenses"
        return (
            f"<span style='font-size:12pt'>{which} ({count}): <b>{total_amount(rows)}</b> · "
            f"case costs (firm-paid, reimbursable, not repaid) <b>{costs}</b></span><br>"
            f"{' · '.join(parts) or 'No expenses.'}<br>"
            f"<span style='color:#555'>{VERIFY_NOTE}</span>"
        )

    def _after_change(self, select_ids: list[int | None]) -> None:
        self.refresh()
        self._select(select_ids)
        self.changed.emit()

    def _select(self, expense_ids: list[int | None]) -> None:
        rows = [row for row in (self.model.row_of(i) for i in expense_ids) if row is not None]
        if not rows:
            return
        selection = self.table.selectionModel()
        flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        selection.setCurrentIndex(self.model.index(rows[0], 0), selection.SelectionFlag.NoUpdate)
        selection.clearSelection()
        for row in rows:
            selection.select(self.model.index(row, 0), flags)
        self.table.scrollTo(self.model.index(rows[0], 0))

    def _update_buttons(self) -> None:
        selected = self.selected_entries()
        has_case = self._case_id is not None
        self.new_button.setEnabled(has_case)
        self.new_action.setEnabled(has_case)
        self.categories_button.setEnabled(has_case)
        self.export_button.setEnabled(has_case)
        self.edit_button.setEnabled(bool(selected))
        locked = [entry for entry in selected if entry.is_invoiced]
        self.delete_button.setEnabled(bool(selected) and not locked)
        self.delete_button.setToolTip(
            f"Expenses on an invoice cannot be deleted ({locked[0].invoice_number}): void the invoice first."
            if locked
            else "Delete the selected expenses (Del); Undo or Ctrl+Z puts them back"
        )
        invoiceable = [entry for entry in selected if entry.is_invoiceable]
        self.invoice_button.setEnabled(bool(invoiceable))
        self.invoice_action.setEnabled(bool(invoiceable))
        if not selected:
            tip = NOTHING_SELECTED
        elif not invoiceable:
            tip = NOTHING_INVOICEABLE
        else:
            left = len(selected) - len(invoiceable)
            tip = f"Invoice {len(invoiceable)} selected expense{'s' if len(invoiceable) != 1 else ''}"
            if left:
                tip += f" ({left} selected cannot be invoiced: client-paid, not reimbursable or invoiced)"
        self.invoice_button.setToolTip(tip)
        self.invoice_action.setToolTip(tip)
        entry = self.selected_entry()
        has_receipt = entry is not None and entry.expense.receipt_document_id is not None
        self.receipt_button.setEnabled(has_receipt)
        self.receipt_action.setEnabled(has_receipt)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_expense()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()

    def _on_context_menu(self, position: QPoint) -> None:
        if self.selected_entry() is None:
            return
        menu = QMenu(self)
        menu.addAction(self.edit_action)
        self.edit_action.setEnabled(True)
        menu.addAction(self.delete_action)
        menu.addSeparator()
        menu.addAction(self.invoice_action)
        menu.addAction(self.receipt_action)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(position))


def export_caseload_ledger(
    parent: QWidget,
    expenses: ExpenseService,
    runner: TaskRunner,
    on_saved: Callable[[str], None] | None = None,
) -> ProgressDialog | None:
    """File › Export › Expense Ledger of All Cases: ask where, then write the workbook in the background.

    Args:
        parent: The window asking (the progress dialog is modal to it).
        expenses: The open case file's expense service.
        runner: Runs the export off the GUI thread.
        on_saved: Hears what was saved, in words, e.g. for the status bar.

    Returns:
        The progress dialog (Cancel stops the export and leaves no file), or None if the user did not
        choose a file.
    """
    path = ask_export_path(
        parent,
        "Export expense ledger of all cases",
        "Expense ledger of all cases.xlsx",
        ".xlsx",
        "Excel workbooks",
    )
    if path is None:
        return None
    return run_caseload_export(parent, expenses, runner, path, on_saved)


def run_caseload_export(
    parent: QWidget,
    expenses: ExpenseService,
    runner: TaskRunner,
    path: Path,
    on_saved: Callable[[str], None] | None = None,
) -> ProgressDialog:
    """Write the caseload ledger to ``path`` in the background, with a progress dialog and Cancel."""
    dialog = ProgressDialog("Exporting the expense ledger", parent, step="Expense {number:,} of {total:,}")
    dialog.show()

    def done(result: LedgerExport) -> None:
        dialog.finish()
        count = "1 expense" if result.expenses == 1 else f"{result.expenses:,} expenses"
        if on_saved is not None:
            on_saved(f"Saved the expense ledger of all cases ({count}, {result.total}) to {result.path}")

    def failed(error: BaseException) -> None:
        dialog.finish()
        if isinstance(error, Cancelled):
            return  # nothing was written; the user asked for that
        if isinstance(error, CasedeskError):
            show_error(parent, "Expense ledger not saved", error)
            return
        raise error

    def work() -> LedgerExport:
        return expenses.export_caseload_xlsx(path, dialog.report, dialog.token)

    runner.op(parent, work).on_success(done).on_failure(failed).start()
    return dialog
