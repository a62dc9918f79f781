"""A case's medical bills per provider and date of service: totals by source, a provider filter, undo."""

from __future__ import annotations

import enum
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.bills import Bill, BillTotals, bill_totals, totals_by_provider
from casedesk.domain.errors import CasedeskError
from casedesk.domain.money import Money
from casedesk.domain.typed import format_date
from casedesk.ui.forms import ignore_wheel_unless_focused
from casedesk.ui.medical.bill_dialogs import BillDialog
from casedesk.ui.messages import show_error
from casedesk.ui.tables import RecordTableModel, record_table, selected_data
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.domain.providers import CaseProvider
    from casedesk.services.bills import BillService

(
    COL_PROVIDER,
    COL_SERVICE,
    COL_BILLED,
    COL_ADJUSTMENT,
    COL_ADJUSTED,
    COL_HEALTH,
    COL_PIP,
    COL_CLIENT,
    COL_OWED,
    COL_PAID_OWED,
    COL_DOCUMENT,
) = range(11)
_MONEY = (COL_BILLED, COL_ADJUSTMENT, COL_ADJUSTED, COL_HEALTH, COL_PIP, COL_CLIENT, COL_OWED, COL_PAID_OWED)
_Index = QModelIndex | QPersistentModelIndex
#: Follows an owed amount typed from the provider's statement instead of the computed one.
STATEMENT_MARK = "(statement)"
ALL_PROVIDERS = "All providers"
EMPTY_TEXT = "No bills entered for this case. Add each provider's bills with New bill… (Ins)."
PALE = QColor("#777777")
COLUMN_WIDTHS = {
    COL_PROVIDER: 180,
    COL_SERVICE: 160,
    COL_BILLED: 95,
    COL_ADJUSTMENT: 95,
    COL_ADJUSTED: 95,
    COL_HEALTH: 120,
    COL_PIP: 125,
    COL_CLIENT: 90,
    COL_OWED: 140,
    COL_PAID_OWED: 100,
}


class BillRole(enum.IntEnum):
    """Custom data roles of :class:`BillTableModel`."""

    #: The :class:`Bill` shown on the row (None on the totals row).
    BILL = Qt.ItemDataRole.UserRole + 1


def format_service(bill: Bill) -> str:
    """The date of service, or the span: ``06/14/2026`` or ``07/01/2026 – 09/30/2026``."""
    if bill.service_to is None or bill.service_to == bill.service_from:
        return format_date(bill.service_from)
    return f"{format_date(bill.service_from)} – {format_date(bill.service_to)}"


def format_owed(bill: Bill) -> str:
    """What is still owed, marked when it is the provider's figure rather than the arithmetic's."""
    return f"{bill.balance} {STATEMENT_MARK}" if bill.owed is not None else str(bill.balance)


def owed_explanation(bill: Bill) -> str:
    """How the owed amount was reached, in words."""
    computed = f"{bill.adjusted} adjusted − {bill.total_paid} paid = {bill.computed_owed}"
    difference = bill.owed_difference
    if difference is None:
        return computed
    if difference.cents == 0:
        return f"{bill.balance} as on the provider's statement, the same as {computed}"
    more = "more" if difference.cents > 0 else "less"
    return (
        f"{bill.balance} as on the provider's statement: {Money(abs(difference.cents))} {more} than "
        f"{computed}"
    )


class BillTableModel(RecordTableModel):
    """Bills as table rows, followed by a totals row over them."""

    HEADERS = (
        "Provider",
        "Date(s) of service",
        "Billed",
        "Adjustment",
        "Adjusted",
        "Health ins. paid",
        "PIP/MedPay paid",
        "Client paid",
        "Still owed",
        "Paid + owed",
        "Bill document",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Bill] = []
        self._providers: dict[int, str] = {}
        self._documents: dict[int, str] = {}
        self._totals = BillTotals()

    def set_rows(self, rows: list[Bill], providers: dict[int, str], documents: dict[int, str]) -> None:
        """Replace every row; ``providers`` and ``documents`` name the ids the bills refer to."""
        self.beginResetModel()
        self._rows = list(rows)
        self._providers = dict(providers)
        self._documents = dict(documents)
        self._totals = bill_totals(rows)
        self.endResetModel()

    @property
    def bill_count(self) -> int:
        """How many bills are listed (the totals row not counted)."""
        return len(self._rows)

    def row_of(self, bill_id: int | None) -> int | None:
        """The row showing a bill, if it is listed."""
        return next((row for row, b in enumerate(self._rows) if b.id == bill_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override: the bills and, when there are any, the totals row."""
        return 0 if parent.isValid() or not self._rows else len(self._rows) + 1

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Qt override: the totals row cannot be selected."""
        if index.isValid() and index.row() == len(self._rows):
            return Qt.ItemFlag.ItemIsEnabled
        return super().flags(index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() > len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        column = index.column()
        if index.row() == len(self._rows):
            return self._totals_data(column, role)
        bill = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(bill, column)
        if role == BillRole.BILL:
            return bill
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (COL_OWED, COL_PAID_OWED):
                return owed_explanation(bill)
            if column == COL_ADJUSTED:
                return f"{bill.billed} billed − {bill.adjustment} adjustment"
            return self._text(bill, column) or None
        if role == Qt.ItemDataRole.FontRole and column == COL_OWED and bill.owed is not None:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_DOCUMENT and bill.document_id is None:
            return QBrush(PALE)
        return None

    def _text(self, bill: Bill, column: int) -> str:
        amounts = {
            COL_BILLED: bill.billed,
            COL_ADJUSTMENT: bill.adjustment,
            COL_ADJUSTED: bill.adjusted,
            COL_HEALTH: bill.health_paid,
            COL_PIP: bill.pip_paid,
            COL_CLIENT: bill.client_paid,
            COL_PAID_OWED: bill.paid_plus_owed,
        }
        if column in amounts:
            return str(amounts[column])
        if column == COL_PROVIDER:
            return self._providers.get(bill.provider_id, "(provider not on the case)")
        if column == COL_SERVICE:
            return format_service(bill)
        if column == COL_OWED:
            return format_owed(bill)
        if bill.document_id is None:
            return "none linked"
        name = self._documents.get(bill.document_id, "(document)")
        return f"{name}, p. {bill.page}" if bill.page is not None else name

    def _totals_data(self, column: int, role: int) -> Any:
        totals = self._totals
        if role == Qt.ItemDataRole.DisplayRole:
            amounts = {
                COL_BILLED: totals.billed,
                COL_ADJUSTMENT: totals.adjustments,
                COL_ADJUSTED: totals.adjusted,
                COL_HEALTH: totals.health_paid,
                COL_PIP: totals.pip_paid,
                COL_CLIENT: totals.client_paid,
                COL_OWED: totals.owed,
                COL_PAID_OWED: totals.paid_plus_owed,
            }
            if column in amounts:
                return str(amounts[column])
            if column == COL_PROVIDER:
                return "Total (1 bill)" if totals.count == 1 else f"Total ({totals.count} bills)"
            return ""
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class BillsPanel(QWidget):
    """A case's medical bills with their totals; add, edit, delete (undoable), filter by provider.

    Signals:
        changed: A bill was added, edited, deleted or restored (the totals may have changed).
    """

    changed = Signal()

    def __init__(self, bills: BillService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bills = bills
        self._case_id: int | None = None
        self._all: list[Bill] = []
        self._providers: dict[int, str] = {}
        self._documents: dict[int, str] = {}
        self.model = BillTableModel(self)

        self.provider_filter = QComboBox()
        self.provider_filter.setAccessibleName("Show the bills of")
        self.provider_filter.setMinimumContentsLength(24)
        ignore_wheel_unless_focused(self.provider_filter)
        self.new_button = QPushButton("&New bill…")
        self.new_button.setToolTip("Add a provider's bill (Ins)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected bill (Enter or double-click)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected bill (Del); Undo or Ctrl+Z puts it back")
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Medical bills")
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.totals_label = QLabel()
        self.totals_label.setTextFormat(Qt.TextFormat.RichText)
        self.totals_label.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.undo_bar = UndoBar(self)
        self._undo = DeleteWithUndo[Bill](
            self,
            self.undo_bar,
            delete=bills.delete_bill,
            restore=bills.restore_bill,
            describe=self._deleted_text,
            not_deleted="Bill not deleted",
            not_restored="Bill not restored",
            after_change=self._after_change,
            refresh=self.refresh,
            focus=self.table,
        )

        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Medical bills</b>"))
        show_label = QLabel("S&how:")
        show_label.setBuddy(self.provider_filter)
        tools.addSpacing(12)
        tools.addWidget(show_label)
        tools.addWidget(self.provider_filter)
        tools.addStretch(1)
        for button in (self.new_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.detail)

        new_action = QAction("New bill", self)
        new_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(new_action)
        delete_action = QAction("Delete bill", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete_action)

        self.new_button.clicked.connect(self.new_bill)
        new_action.triggered.connect(self.new_bill)
        self.edit_button.clicked.connect(self.edit_bill)
        self.delete_button.clicked.connect(self.delete_bill)
        delete_action.triggered.connect(self.delete_bill)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.provider_filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case whose bills are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's bills (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
            self._case_id = case_id
            self._providers = {}
            self.refresh(keep_filter=False)
        else:
            self.refresh()

    def refresh(self, keep_filter: bool = True) -> None:
        """Read the case's bills and providers again, keeping the filter and the selection."""
        keep = self.selected_bill()
        shown_provider = self.provider_filter.currentData() if keep_filter else None
        self._all = []
        documents: dict[int, str] = {}
        providers: list[CaseProvider] = []
        if self._case_id is not None:
            try:
                providers = self._bills.providers(self._case_id)
                self._all = self._bills.bills(self._case_id)
                documents = {d.id or 0: d.display_name for d in self._bills.documents(self._case_id)}
            except CasedeskError as exc:
                show_error(self, "Bills not read", exc)
        self._providers = {p.id or 0: p.name for p in providers}
        self._documents = documents
        self._fill_filter(shown_provider)
        self._show_rows()
        if keep is not None:
            self._select(keep.id)

    def selected_bill(self) -> Bill | None:
        """The bill on the selected row."""
        bill: Bill | None = selected_data(self.table, BillRole.BILL)
        return bill

    def shown_provider(self) -> int | None:
        """The provider whose bills the filter shows (None: all)."""
        provider: int | None = self.provider_filter.currentData()
        return provider

    def show_provider(self, provider_id: int | None) -> None:
        """Show one provider's bills (None: every provider's)."""
        index = self.provider_filter.findData(provider_id) if provider_id is not None else 0
        self.provider_filter.setCurrentIndex(max(index, 0))

    # --- actions ---------------------------------------------------------------------------------

    def new_bill(self) -> None:
        """Ask for a new bill and add it."""
        if self._case_id is None:
            return
        saved = BillDialog.ask(self, self._bills, self._case_id)
        if saved is not None:
            if self.shown_provider() not in (None, saved.provider_id):
                self.show_provider(None)  # show the new bill, whoever billed it
            self._after_change(saved.id)

    def edit_bill(self) -> None:
        """Edit the selected bill."""
        selected = self.selected_bill()
        if selected is None or self._case_id is None:
            return
        saved = BillDialog.ask(self, self._bills, self._case_id, selected)
        if saved is not None:
            self._after_change(saved.id)
        else:
            self.refresh()  # it may have been deleted elsewhere meanwhile

    def delete_bill(self) -> None:
        """Delete the selected bill at once; the undo bar (and Ctrl+Z) puts it back."""
        self._undo.delete(self.selected_bill())

    def undo_delete(self) -> None:
        """Put back the bill deleted last."""
        self._undo.undo()

    # --- helpers ---------------------------------------------------------------------------------

    def _fill_filter(self, keep: int | None) -> None:
        by_provider = totals_by_provider(self._all)
        self.provider_filter.blockSignals(True)
        self.provider_filter.clear()
        self.provider_filter.addItem(ALL_PROVIDERS, None)
        for provider_id, name in sorted(self._providers.items(), key=lambda item: item[1].casefold()):
            totals = by_provider.get(provider_id, BillTotals())
            count = "1 bill" if totals.count == 1 else f"{totals.count} bills"
            self.provider_filter.addItem(f"{name} ({count}, {totals.billed})", provider_id)
        index = self.provider_filter.findData(keep) if keep is not None else 0
        self.provider_filter.setCurrentIndex(max(index, 0))
        self.provider_filter.setEnabled(bool(self._providers))
        self.provider_filter.blockSignals(False)

    def _show_rows(self) -> None:
        provider = self.shown_provider()
        rows = [bill for bill in self._all if provider is None or bill.provider_id == provider]
        self.model.set_rows(rows, self._providers, self._documents)
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            if self._case_id is None:
                text = "No case selected."
            elif self._all:
                text = "No bills from this provider. Show all providers to see the case's bills."
            else:
                text = EMPTY_TEXT
            self.empty_label.setText(text)
            self._stack.setCurrentWidget(self.empty_label)
        self.totals_label.setText(self._totals_html())
        self.totals_label.setVisible(bool(self._all))
        self._update_buttons()
        self._show_detail()

    def _totals_html(self) -> str:
        totals = bill_totals(self._all)
        providers = len({bill.provider_id for bill in self._all})
        whose = "1 provider" if providers == 1 else f"{providers} providers"
        bills = "1 bill" if totals.count == 1 else f"{totals.count} bills"
        return (
            f"<span style='font-size:12pt'>All bills of the case ({bills} from {whose}): "
            f"billed <b>{totals.billed}</b> · adjusted <b>{totals.adjusted}</b> · "
            f"paid <b>{totals.total_paid}</b> · still owed <b>{totals.owed}</b> · "
            f"paid + owed <b>{totals.paid_plus_owed}</b></span><br><span style='color:#555'>"
            f"Paid by health insurance {totals.health_paid}, PIP/MedPay {totals.pip_paid}, "
            f"the client {totals.client_paid}; adjustments {totals.adjustments}.</span>"
        )

    def _deleted_text(self, deleted: Bill) -> str:
        provider = self._providers.get(deleted.provider_id, "the provider")
        return f"Deleted the bill of {provider} for {format_service(deleted)} ({deleted.billed} billed)."

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        if select_id is not None:
            self._select(select_id)
        self.changed.emit()

    def _select(self, bill_id: int | None) -> None:
        row = self.model.row_of(bill_id)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        selected = self.selected_bill() is not None
        self.new_button.setEnabled(self._case_id is not None)
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _show_detail(self) -> None:
        bill = self.selected_bill()
        if bill is None:
            self.detail.setText(
                "<span style='color:#555'>Select a bill to see how its amounts were reached.</span>"
                if self.model.bill_count
                else ""
            )
            return
        provider = escape(self._providers.get(bill.provider_id, "Provider"))
        notes = f"<br>Notes: {escape(bill.notes.strip()[:400])}" if bill.notes.strip() else ""
        self.detail.setText(
            f"<b>{provider}</b>, {escape(format_service(bill))}: {bill.billed} billed − {bill.adjustment} "
            f"adjustment = {bill.adjusted}; still owed: {escape(owed_explanation(bill))}.{notes}"
        )

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_bill()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self._show_detail()
