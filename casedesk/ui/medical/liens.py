"""A case's liens: holder, type, asserted, reduction, final, status; totals and the pro-rata reduction."""

from __future__ import annotations

import enum
from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelection, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.bills import (
    MEDICARE_NOTE,
    SUGGESTION_CAVEAT,
    Lien,
    LienKind,
    ReductionSuggestion,
    final_note,
    lien_totals,
)
from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.typed import format_date
from casedesk.ui.forms import ERROR_STYLE, MoneyField
from casedesk.ui.medical.bill_dialogs import NOTE_STYLE, LienDialog
from casedesk.ui.messages import show_error
from casedesk.ui.tables import RecordTableModel, record_table, selected_data
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.services.bills import BillService
    from casedesk.services.valuation import ValuationService

(
    COL_HOLDER,
    COL_KIND,
    COL_STATUS,
    COL_ASSERTED_ON,
    COL_ASSERTED,
    COL_REDUCTION,
    COL_FINAL,
    COL_SUGGESTED,
    COL_PROVIDER,
) = range(9)
_MONEY = (COL_ASSERTED, COL_REDUCTION, COL_FINAL, COL_SUGGESTED)
_Index = QModelIndex | QPersistentModelIndex
PALE = QColor("#777777")
#: The final column of a lien without a final amount yet.
NOT_FINAL = "not final"
EMPTY_TEXT = (
    "No liens recorded for this case. Add each lien asserted against the recovery with New lien… (Ins)."
)
COLUMN_WIDTHS = {
    COL_HOLDER: 230,
    COL_KIND: 140,
    COL_STATUS: 90,
    COL_ASSERTED_ON: 95,
    COL_ASSERTED: 105,
    COL_REDUCTION: 105,
    COL_FINAL: 105,
    COL_SUGGESTED: 150,
}


class LienRole(enum.IntEnum):
    """Custom data roles of :class:`LienTableModel`."""

    #: The :class:`Lien` shown on the row.
    LIEN = Qt.ItemDataRole.UserRole + 1


class LienTableModel(RecordTableModel):
    """A case's liens as table rows, each with its suggested reduction at the expected settlement."""

    HEADERS = (
        "Holder",
        "Type",
        "Status",
        "Asserted on",
        "Asserted",
        "Reduction",
        "Final",
        "Suggested reduction",
        "Related provider",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Lien] = []
        self._providers: dict[int, str] = {}
        self._suggestions: dict[int, ReductionSuggestion] = {}

    def set_rows(
        self,
        rows: list[Lien],
        providers: dict[int, str],
        suggestions: dict[int, ReductionSuggestion],
    ) -> None:
        """Replace every row; ``providers`` names provider ids, ``suggestions`` are by lien id."""
        self.beginResetModel()
        self._rows = list(rows)
        self._providers = dict(providers)
        self._suggestions = dict(suggestions)
        self.endResetModel()

    def row_of(self, lien_id: int | None) -> int | None:
        """The row showing a lien, if it is listed."""
        return next((row for row, lien in enumerate(self._rows) if lien.id == lien_id), None)

    def suggestion(self, lien: Lien) -> ReductionSuggestion | None:
        """The reduction suggested for a listed lien."""
        return self._suggestions.get(lien.id or 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        lien = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(lien, column)
        if role == LienRole.LIEN:
            return lien
        if role == Qt.ItemDataRole.TextAlignmentRole and column in _MONEY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(lien, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_FINAL and lien.final is None:
            return QBrush(PALE)
        if role == Qt.ItemDataRole.FontRole and column == COL_FINAL and final_note(lien):
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, lien: Lien, column: int) -> str:
        if column == COL_HOLDER:
            return lien.holder
        if column == COL_KIND:
            return lien.kind.label
        if column == COL_STATUS:
            return lien.status.label
        if column == COL_ASSERTED_ON:
            return format_date(lien.asserted_on)
        if column == COL_ASSERTED:
            return str(lien.asserted)
        if column == COL_REDUCTION:
            return str(lien.reduction)
        if column == COL_FINAL:
            return NOT_FINAL if lien.final is None else str(lien.final)
        if column == COL_SUGGESTED:
            suggestion = self.suggestion(lien)
            return "" if suggestion is None else str(suggestion.reduction)
        return "" if lien.provider_id is None else self._providers.get(lien.provider_id, "")

    def _tooltip(self, lien: Lien, column: int) -> str | None:
        if column == COL_FINAL:
            if lien.final is None:
                return f"Not final yet; asserted less reduction is {lien.computed_final}."
            return final_note(lien) or f"{lien.asserted} asserted − {lien.reduction} reduction"
        if column == COL_SUGGESTED:
            suggestion = self.suggestion(lien)
            if suggestion is None:
                return "Type the expected settlement above to see the pro-rata reduction."
            return f"{suggestion.explanation()}\n{SUGGESTION_CAVEAT}"
        return self._text(lien, column) or None


class LiensPanel(QWidget):
    """A case's liens with their totals and the pro-rata reduction suggested at an expected settlement.

    Args:
        bills: The bills and liens.
        valuation: When given, the expected settlement can be taken from the case's valuation.

    Signals:
        changed: A lien was added, edited, deleted or restored, or a suggestion applied.
    """

    changed = Signal()

    def __init__(
        self, bills: BillService, parent: QWidget | None = None, *, valuation: ValuationService | None = None
    ) -> None:
        super().__init__(parent)
        self._bills = bills
        self._valuation = valuation
        self._case_id: int | None = None
        self._providers: dict[int, str] = {}
        self._settlements: dict[int, str] = {}  # typed per case, kept while the app runs
        self._valuation_figure: tuple[str, Money] | None = None
        self.model = LienTableModel(self)

        self.new_button = QPushButton("New l&ien…")
        self.new_button.setToolTip("Add a lien (Ins)")
        self.edit_button = QPushButton("Edi&t…")
        self.edit_button.setToolTip("Edit the selected lien (Enter or double-click)")
        self.delete_button = QPushButton("Dele&te")
        self.delete_button.setToolTip("Delete the selected lien (Del); Undo or Ctrl+Z puts it back")
        self.apply_button = QPushButton("Appl&y suggestion")
        self.apply_button.setToolTip("Set the selected lien's reduction to the suggested one (Ctrl+Z undoes)")
        self.settlement = MoneyField(None)
        self.settlement.setPlaceholderText("e.g. 60,000")
        self.settlement.setAccessibleName("Expected settlement")
        self.settlement_error = QLabel()
        self.settlement_error.setStyleSheet(ERROR_STYLE)
        self.settlement_error.hide()
        self.use_valuation_button = QPushButton()
        self.use_valuation_button.hide()
        self.settlement_source = QLabel()
        self.settlement_source.setStyleSheet("color: #555;")
        self.settlement_source.hide()
        self.caveat = QLabel(SUGGESTION_CAVEAT)
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet(NOTE_STYLE)
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Liens")
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
        self.medicare_note = QLabel(MEDICARE_NOTE)
        self.medicare_note.setWordWrap(True)
        self.medicare_note.setStyleSheet("color: #555;")
        self.undo_bar = UndoBar(self)
        self._undo = DeleteWithUndo[Lien](  # also takes back an applied suggestion
            self,
            self.undo_bar,
            delete=bills.delete_lien,
            restore=bills.restore_lien,
            describe=lambda gone: f"Deleted the lien of {gone.holder} ({gone.asserted} asserted).",
            not_deleted="Lien not deleted",
            not_restored="Not undone",
            after_change=self._after_change,
            refresh=self.refresh,
            focus=self.table,
        )
        self._build_layout()
        self._connect()
        self.set_case(None)

    def _build_layout(self) -> None:
        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Liens</b>"))
        tools.addStretch(1)
        for button in (self.new_button, self.edit_button, self.delete_button, self.apply_button):
            tools.addWidget(button)
        settlement = QHBoxLayout()
        label = QLabel("E&xpected settlement:")
        label.setBuddy(self.settlement)
        settlement.addWidget(label)
        settlement.addWidget(self.settlement)
        settlement.addWidget(self.use_valuation_button)
        settlement.addWidget(self.settlement_source)
        settlement.addWidget(self.settlement_error)
        settlement.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.undo_bar)
        layout.addLayout(settlement)
        layout.addWidget(self.caveat)
        layout.addWidget(self._stack, 1)
        layout.addWidget(self.totals_label)
        layout.addWidget(self.detail)
        layout.addWidget(self.medicare_note)

    def _connect(self) -> None:
        new_action = QAction("New lien", self)
        new_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(new_action)
        delete_action = QAction("Delete lien", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete_action)
        self.new_button.clicked.connect(self.new_lien)
        new_action.triggered.connect(self.new_lien)
        self.edit_button.clicked.connect(self.edit_lien)
        self.delete_button.clicked.connect(self.delete_lien)
        delete_action.triggered.connect(self.delete_lien)
        self.apply_button.clicked.connect(self.apply_suggestion)
        self.undo_bar.undo_requested.connect(self.undo)
        self.settlement.textChanged.connect(self._on_settlement_edited)
        self.use_valuation_button.clicked.connect(self.use_valuation)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    # --- the case shown --------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose liens are shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's liens (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
            self._case_id = case_id
            self._read_valuation()
            self.settlement.blockSignals(True)
            typed = self._settlements.get(case_id or 0)
            if typed is None and self._valuation_figure is not None:
                typed = f"{self._valuation_figure[1].amount:,.2f}"  # start from the valuation's figure
            self.settlement.setText(typed or "")
            self.settlement.blockSignals(False)
        self.refresh()

    def refresh(self) -> None:
        """Read the case's liens again, keeping the selected one selected."""
        keep = self.selected_lien()
        liens: list[Lien] = []
        suggestions: dict[int, ReductionSuggestion] = {}
        self._providers = {}
        settlement = self.expected_settlement()
        if self._case_id is not None:
            try:
                liens = self._bills.liens(self._case_id)
                self._providers = {p.id or 0: p.name for p in self._bills.providers(self._case_id)}
                if settlement is not None:
                    suggestions = self._bills.suggestions(self._case_id, settlement).by_lien
            except CasedeskError as exc:
                show_error(self, "Liens not read", exc)
        self.model.set_rows(liens, self._providers, suggestions)
        if liens:
            self._stack.setCurrentWidget(self.table)
        else:
            self.empty_label.setText("No case selected." if self._case_id is None else EMPTY_TEXT)
            self._stack.setCurrentWidget(self.empty_label)
        self.totals_label.setText(self._totals_html(liens))
        self.totals_label.setVisible(bool(liens))
        self.medicare_note.setVisible(any(lien.kind is LienKind.MEDICARE for lien in liens))
        self.settlement.setEnabled(self._case_id is not None)
        self._update_valuation_button()
        if keep is not None:
            self._select(keep.id)
        self._update_buttons()
        self._show_detail()

    def selected_lien(self) -> Lien | None:
        """The lien on the selected row."""
        lien: Lien | None = selected_data(self.table, LienRole.LIEN)
        return lien

    def expected_settlement(self) -> Money | None:
        """The expected settlement typed (None when empty, not an amount, or not above zero)."""
        try:
            value = self.settlement.value()
        except ValidationError:
            return None
        return value if value is not None and value.cents > 0 else None

    # --- actions ---------------------------------------------------------------------------------

    def new_lien(self) -> None:
        """Ask for a new lien and add it."""
        if self._case_id is None:
            return
        saved = LienDialog.ask(self, self._bills, self._case_id)
        if saved is not None:
            self._after_change(saved.id)

    def edit_lien(self) -> None:
        """Edit the selected lien."""
        selected = self.selected_lien()
        if selected is None or self._case_id is None:
            return
        saved = LienDialog.ask(self, self._bills, self._case_id, selected)
        if saved is not None:
            self._after_change(saved.id)
        else:
            self.refresh()

    def delete_lien(self) -> None:
        """Delete the selected lien at once; the undo bar (and Ctrl+Z) puts it back."""
        self._undo.delete(self.selected_lien())

    def apply_suggestion(self) -> None:
        """Set the selected lien's reduction to the one suggested; the undo bar takes it back."""
        selected = self.selected_lien()
        suggestion = self.model.suggestion(selected) if selected is not None else None
        if selected is None or suggestion is None:
            return
        try:
            saved = self._bills.update_lien(replace(selected, reduction=suggestion.reduction))
        except CasedeskError as exc:
            show_error(self, "Suggestion not applied", exc)
            self.refresh()
            return
        self._undo.offer(
            selected,
            f"Set the reduction of {selected.holder} to {saved.reduction} (was {selected.reduction}).",
            self._bills.update_lien,
        )
        self._after_change(saved.id)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def undo(self) -> None:
        """Put back the lien deleted last, or the reduction before a suggestion was applied."""
        self._undo.undo()

    def use_valuation(self) -> None:
        """Take the expected settlement from the valuation's scenario (Ctrl+Z in the field takes it back)."""
        if self._valuation_figure is None:
            return
        self.settlement.setFocus(Qt.FocusReason.OtherFocusReason)
        self.settlement.selectAll()
        self.settlement.insert(f"{self._valuation_figure[1].amount:,.2f}")

    # --- helpers ---------------------------------------------------------------------------------

    def _read_valuation(self) -> None:
        """The valuation's figure: the value of its "Expected" scenario, else of the first that has one."""
        self._valuation_figure = None
        if self._valuation is None or self._case_id is None:
            return
        try:
            outcomes = self._valuation.outcomes(self._valuation.case_valuation(self._case_id))
        except CasedeskError:
            return
        valued = [
            (o.scenario.name, o.result.value)
            for o in outcomes
            if o.result is not None and o.result.value is not None and o.result.value.cents > 0
        ]
        expected = [item for item in valued if item[0].casefold() == "expected"]
        for name, value in expected or valued:
            if value is not None:
                self._valuation_figure = (name, value)
                return

    def _update_valuation_button(self) -> None:
        figure = self._valuation_figure
        same = figure is not None and self.expected_settlement() == figure[1]
        self.settlement_source.setVisible(same)
        if figure is None or same:
            self.use_valuation_button.hide()
            if figure is not None:
                self.settlement_source.setText(f"the value of the valuation's “{figure[0]}” scenario")
            return
        name, value = figure
        self.use_valuation_button.setText(f"Use the valuation's “{name}” ({value})")
        self.use_valuation_button.setToolTip(f"The value of the scenario “{name}” on the Valuation tab")
        self.use_valuation_button.show()

    def _on_settlement_edited(self, text: str) -> None:
        if self._case_id is not None:
            self._settlements[self._case_id] = text
        try:
            self.settlement.value()
            message = ""
        except ValidationError as exc:
            message = exc.errors["amount"]
        self.settlement_error.setText(message)
        self.settlement_error.setVisible(bool(message))
        self.refresh()

    def _totals_html(self, liens: list[Lien]) -> str:
        totals = lien_totals(liens)
        count = "1 lien" if totals.count == 1 else f"{totals.count} liens"
        if totals.not_final:
            waiting = f"<b style='{NOTE_STYLE}'>{totals.not_final} not final yet</b>"
        else:
            waiting = "all final"
        return (
            f"<span style='font-size:12pt'>{count}: asserted <b>{totals.asserted}</b> · reductions "
            f"<b>{totals.reductions}</b> · final <b>{totals.final}</b> · {waiting}</span><br>"
            f"<span style='color:#555'>Taken from the recovery: {totals.payable} (final amounts, else "
            "asserted less reduction).</span>"
        )

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        if select_id is not None:
            self._select(select_id)
        self.changed.emit()

    def _select(self, lien_id: int | None) -> None:
        row = self.model.row_of(lien_id)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        selected = self.selected_lien()
        self.new_button.setEnabled(self._case_id is not None)
        self.edit_button.setEnabled(selected is not None)
        self.delete_button.setEnabled(selected is not None)
        suggestion = self.model.suggestion(selected) if selected is not None else None
        self.apply_button.setEnabled(
            selected is not None and suggestion is not None and suggestion.reduction != selected.reduction
        )

    def _show_detail(self) -> None:
        lien = self.selected_lien()
        if lien is None:
            self.detail.setText("")
            return
        parts = [f"<b>{escape(lien.holder)}</b> ({escape(lien.kind.label)}, {lien.status.label.lower()})"]
        note = final_note(lien)
        if note:
            parts.append(f"<span style='{NOTE_STYLE}'>{escape(note)}</span>")
        suggestion = self.model.suggestion(lien)
        if suggestion is not None:
            parts.append(f"Suggested reduction: {escape(suggestion.explanation())}")
        if lien.notes.strip():
            parts.append(f"Notes: {escape(lien.notes.strip()[:400])}")
        self.detail.setText("<br>".join(parts))

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_lien()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self._show_detail()
