"""The Trust sub-tab of the Finances tab: a case's trust position, what should go out, and what did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
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
from casedesk.domain.settlement import Disbursement, StatementStatus
from casedesk.domain.statement import Statement
from casedesk.services.trust import TrustAccount, distribution
from casedesk.ui.finances.disbursement_dialog import DisbursementDialog
from casedesk.ui.finances.disbursement_model import (
    COL_AMOUNT,
    COL_DATE,
    COL_METHOD,
    COL_PAYEE,
    COL_PLAN_DUE,
    COL_PLAN_LEFT,
    COL_PLAN_PAID,
    COL_PLAN_PAYEE,
    COL_PLAN_PURPOSE,
    COL_PURPOSE,
    COL_REFERENCE,
    DisbursementRole,
    DisbursementTableModel,
    DistributionTableModel,
)
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.services.settlement import SettlementService
    from casedesk.services.trust import TrustService

LOG_WIDTHS = {
    COL_DATE: 90,
    COL_PAYEE: 230,
    COL_PURPOSE: 140,
    COL_METHOD: 100,
    COL_REFERENCE: 130,
    COL_AMOUNT: 120,
}
PLAN_WIDTHS = {
    COL_PLAN_PURPOSE: 140,
    COL_PLAN_PAYEE: 230,
    COL_PLAN_DUE: 120,
    COL_PLAN_PAID: 120,
    COL_PLAN_LEFT: 120,
}
EMPTY_FINAL = "Nothing has been paid out of trust yet. Record each check or wire as it goes out (Ins)."
EMPTY_NOT_FINAL = "Nothing has been paid out of trust."
VERIFY = (
    "Figures must be verified by the attorney before any money leaves the trust account; "
    "the signed settlement statement governs."
)
HINT = "color: #555;"
BANNER = "QLabel { background: #fff8e1; padding: 6px; }"


class TrustPanel(QWidget):
    """A case's trust account: the position, what the statement gives out, and the disbursement log.

    Above: received into trust, paid out and remaining. Then what the settlement statement gives each
    payee against what was paid so far. Below: the disbursements with add, edit and delete (Ctrl+Z undoes
    a delete).

    Signals:
        changed: A disbursement was recorded, changed, deleted or restored (the statement's paid-out and
            remaining-in-trust figures changed).
    """

    changed = Signal()

    def __init__(
        self,
        trust: TrustService,
        settlement: SettlementService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._trust = trust
        self._settlement = settlement
        self._case_id: int | None = None
        self._account: TrustAccount | None = None
        self.model = DisbursementTableModel(self)
        self.plan_model = DistributionTableModel(self)

        self.position_label = QLabel()
        self.position_label.setTextFormat(Qt.TextFormat.RichText)
        self.position_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER)
        self.plan_title = QLabel("<b>What the statement gives out</b> against what has been paid")
        self.plan_table = record_table(self.plan_model, PLAN_WIDTHS)
        self.plan_table.setAccessibleName("Distribution per the settlement statement")
        self.plan_table.setSelectionMode(self.plan_table.SelectionMode.NoSelection)
        self.plan_note = QLabel()
        self.plan_note.setWordWrap(True)
        self.plan_note.setStyleSheet(HINT)

        self.add_button = QPushButton("&Record Disbursement…")
        self.add_button.setToolTip("Record money paid out of trust (Ins or Ctrl+N)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Correct the selected disbursement (Enter or double-click)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected disbursement (Del); Undo puts it back")
        self.table = record_table(self.model, LOG_WIDTHS)
        self.table.setAccessibleName("Disbursements from trust")
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.undo_bar = UndoBar(self)
        self._undo = DeleteWithUndo[Disbursement](
            self,
            self.undo_bar,
            delete=trust.delete,
            restore=trust.restore,
            describe=lambda gone: f"Deleted the disbursement of {gone.amount} to “{gone.payee}”.",
            not_deleted="Disbursement not deleted",
            not_restored="Disbursement not restored",
            after_change=self._after_change,
            refresh=self.refresh,
            focus=self.table,
        )
        self.verify = QLabel(VERIFY)
        self.verify.setWordWrap(True)
        self.verify.setStyleSheet(HINT)
        self._build_layout()
        self._build_actions()
        self.set_case(None)

    def _build_layout(self) -> None:
        plan = QWidget()
        plan_layout = QVBoxLayout(plan)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        plan_layout.addWidget(self.plan_title)
        plan_layout.addWidget(self.plan_table, 1)
        plan_layout.addWidget(self.plan_note)
        self.plan_box = plan
        log = QWidget()
        log_layout = QVBoxLayout(log)
        log_layout.setContentsMargins(0, 0, 0, 0)
        tools = QHBoxLayout()
        tools.addWidget(QLabel("<b>Disbursements</b>"))
        tools.addStretch(1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        log_layout.addLayout(tools)
        log_layout.addWidget(self.undo_bar)
        log_layout.addWidget(self._stack, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(plan)
        splitter.addWidget(log)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.position_label)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.verify)

    def _build_actions(self) -> None:
        add_action = QAction("Record disbursement", self)
        add_action.setShortcuts([QKeySequence(Qt.Key.Key_Insert), QKeySequence(QKeySequence.StandardKey.New)])
        add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(add_action)
        delete_action = QAction("Delete disbursement", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete_action)
        self.add_button.clicked.connect(self.add_disbursement)
        add_action.triggered.connect(self.add_disbursement)
        self.edit_button.clicked.connect(self.edit_disbursement)
        self.delete_button.clicked.connect(self.delete_disbursement)
        delete_action.triggered.connect(self.delete_disbursement)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)

    @property
    def case_id(self) -> int | None:
        """The case whose trust account is shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's trust account (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the account (and the statement) again, keeping the selected disbursement selected."""
        keep = self.selected_disbursement()
        self._account = None
        if self._case_id is not None:
            try:
                self._account = self._trust.account(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Trust account not read", exc)
        account = self._account
        rows = account.disbursements if account is not None else []
        self.model.set_rows(rows)
        self._show_position(account)
        self._show_plan(account)
        if rows:
            self._stack.setCurrentWidget(self.table)
        else:
            if self._case_id is None:
                self.empty_label.setText("No case selected.")
            else:
                is_open = account is not None and account.rules.is_open
                self.empty_label.setText(EMPTY_FINAL if is_open else EMPTY_NOT_FINAL)
            self._stack.setCurrentWidget(self.empty_label)
        if keep is not None:
            self._select(keep.id)
        self._update_buttons()

    def selected_disbursement(self) -> Disbursement | None:
        """The disbursement on the selected row."""
        paid: Disbursement | None = selected_data(self.table, DisbursementRole.DISBURSEMENT)
        return paid

    # --- actions ---------------------------------------------------------------------------------

    def add_disbursement(self) -> None:
        """Ask for a disbursement and record it (refused, saying why, while the statement is not final)."""
        if self._case_id is None:
            return
        refusal = self._refusal()
        if refusal is not None:
            show_error(self, "Disbursement not allowed yet", refusal)
            return
        saved = DisbursementDialog.ask(self, self._trust, self._case_id)
        if saved is not None:
            self._after_change(saved.id)

    def edit_disbursement(self) -> None:
        """Correct the selected disbursement."""
        selected = self.selected_disbursement()
        if selected is None or self._case_id is None:
            return
        refusal = self._refusal()
        if refusal is not None:
            show_error(self, "Disbursement not changed", refusal)
            return
        saved = DisbursementDialog.ask(self, self._trust, self._case_id, selected)
        if saved is not None:
            self._after_change(saved.id)
        else:
            self.refresh()  # it may have been changed or deleted elsewhere meanwhile

    def delete_disbursement(self) -> None:
        """Delete the selected disbursement at once; the undo bar (and Ctrl+Z) puts it back."""
        self._undo.delete(self.selected_disbursement())

    def undo_delete(self) -> None:
        """Put back the disbursement deleted last."""
        self._undo.undo()

    # --- showing ---------------------------------------------------------------------------------

    def _show_position(self, account: TrustAccount | None) -> None:
        if account is None:
            self.position_label.setText("")
            self.banner.hide()
            return
        position = account.position
        awaited = (
            f" &nbsp;·&nbsp; <span style='{HINT}'>Awaited, not received yet: {account.awaited}</span>"
            if account.awaited.cents
            else ""
        )
        self.position_label.setText(
            f"<span style='font-size:12pt'>Received into trust: <b>{position.received}</b> &nbsp;·&nbsp; "
            f"Paid out: <b>{position.paid_out}</b> &nbsp;·&nbsp; "
            f"Remaining in trust: <b>{position.in_trust}</b></span>{awaited}"
        )
        status = account.rules.statement
        if status is StatementStatus.FINAL:
            self.banner.hide()
            return
        self.banner.setText(
            "This case has no settlement statement yet. "
            if status is None
            else "The settlement statement is still a draft. "
        )
        self.banner.setText(
            self.banner.text() + "Disbursements are recorded once it is final: finalize it on the "
            "Settlement tab first."
        )
        self.banner.show()

    def _show_plan(self, account: TrustAccount | None) -> None:
        statement = self._statement() if account is not None else None
        if account is None or statement is None:
            self.plan_model.set_rows([])
            self.plan_box.setVisible(account is not None)
            self.plan_title.setText("<b>Paid out so far</b>")
            self.plan_table.hide()
            self.plan_note.setText(self._paid_so_far(account))
            return
        self.plan_box.show()
        self.plan_table.show()
        final = account.rules.statement is StatementStatus.FINAL
        self.plan_title.setText(
            "<b>What the final statement gives out</b> against what has been paid"
            if final
            else "<b>What the draft statement would give out</b> (it may still change)"
        )
        self.plan_model.set_rows(distribution(statement, account.disbursements))
        self.plan_note.setText(
            "The fee, costs and client's net match disbursements by purpose; liens and holdbacks by "
            "purpose and payee. Holdbacks stay in trust until released."
        )

    @staticmethod
    def _paid_so_far(account: TrustAccount | None) -> str:
        if account is None or not account.by_payee:
            return "Nothing paid out yet."
        return "; ".join(f"{total.payee}: {total.amount}" for total in account.by_payee) + "."

    def _statement(self) -> Statement | None:
        if self._settlement is None or self._case_id is None:
            return None
        try:
            return self._settlement.statement(self._case_id).statement
        except CasedeskError:
            return None  # a damaged snapshot or no statement: the settlement tab says why

    def _refusal(self) -> CasedeskError | None:
        try:
            return self._trust.rules(self._case_id or 0).refusal()
        except CasedeskError as exc:
            return exc

    # --- helpers ---------------------------------------------------------------------------------

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        if select_id is not None:
            self._select(select_id)
        self.changed.emit()

    def _select(self, disbursement_id: int | None) -> None:
        row = self.model.row_of(disbursement_id)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        selected = self.selected_disbursement() is not None
        is_open = self._account is not None and self._account.rules.is_open
        self.add_button.setEnabled(is_open)
        self.add_button.setToolTip(
            "Record money paid out of trust (Ins or Ctrl+N)"
            if is_open
            else "Disbursements are recorded once the settlement statement is final"
        )
        self.edit_button.setEnabled(selected and is_open)
        self.delete_button.setEnabled(selected)

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_disbursement()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
