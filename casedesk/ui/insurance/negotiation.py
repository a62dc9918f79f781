"""The Negotiation sub-tab: each claim's demands and offers, deadlines, a chart, and the client's net."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.insurance import ClaimView
from casedesk.domain.negotiation import NegotiationEntry
from casedesk.services.negotiation import ClaimNegotiation, LogEntry
from casedesk.ui.insurance.negotiation_chart import NegotiationChart
from casedesk.ui.insurance.negotiation_dialog import NegotiationEntryDialog
from casedesk.ui.insurance.negotiation_model import (
    COL_AMOUNT,
    COL_DATE,
    COL_DEADLINE,
    COL_KIND,
    COL_NET,
    COL_PARTY,
    NegotiationRole,
    NegotiationTableModel,
)
from casedesk.ui.messages import show_error
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.services.negotiation import NegotiationService

COLUMN_WIDTHS = {
    COL_DATE: 90,
    COL_KIND: 165,
    COL_PARTY: 120,
    COL_AMOUNT: 110,
    COL_DEADLINE: 170,
    COL_NET: 110,
}
NO_CLAIMS_TEXT = "No claims yet: add one on Policies & Claims."
NO_ENTRIES_TEXT = "No demands or offers on this claim yet. Add the initial demand (Ins)."
REVIEW_NOTE = (
    "Figures are worked out from the settlement terms, case costs and liens as entered: review them before "
    "they are sent to anyone."
)
HINT_STYLE = "color: #555;"


class NegotiationPanel(QWidget):
    """The negotiation log of a case's claims: entries, deadlines, chart and the client's net at each offer.

    Signals:
        timeline_changed: A demand or offer was recorded or corrected (the case's timeline has a new entry).
        calendar_changed: Entries changed, so their deadline events may have been added, moved or removed.
        claims_changed: A final settlement was recorded or removed (the claim's status changed).
    """

    timeline_changed = Signal()
    calendar_changed = Signal()
    claims_changed = Signal()

    def __init__(self, negotiation: NegotiationService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._negotiation = negotiation
        self._case_id: int | None = None
        self._claims: list[ClaimNegotiation] = []
        self.model = NegotiationTableModel(self)

        self.claim_box = QComboBox()
        self.claim_box.setMinimumWidth(320)
        # A long claim name must not widen the workspace past the case list: the box elides it.
        self.claim_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.claim_box.setAccessibleName("Claim")
        claim_label = QLabel("&Claim:")
        claim_label.setBuddy(self.claim_box)
        self.summary_label = QLabel()
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setWordWrap(True)
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.add_button = QPushButton("A&dd…")
        self.add_button.setToolTip("Record a demand or offer on this claim (Ins)")
        self.edit_button = QPushButton("&Edit…")
        self.edit_button.setToolTip("Edit the selected entry (Enter or double-click)")
        self.delete_button = QPushButton("De&lete")
        self.delete_button.setToolTip("Delete the selected entry (Del); Undo puts it back")
        self.table = record_table(self.model, COLUMN_WIDTHS)
        self.table.setAccessibleName("Negotiation log")
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self._stack = QStackedWidget()
        self._stack.addWidget(self.table)
        self._stack.addWidget(self.empty_label)
        self.chart = NegotiationChart()
        self.breakdown = QLabel()
        self.breakdown.setTextFormat(Qt.TextFormat.RichText)
        self.breakdown.setWordWrap(True)
        self.breakdown.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.breakdown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.breakdown.setMinimumWidth(280)
        self.review_note = QLabel(REVIEW_NOTE)
        self.review_note.setWordWrap(True)
        self.review_note.setStyleSheet(HINT_STYLE)
        self.undo_bar = UndoBar(self)
        self._undo = DeleteWithUndo[NegotiationEntry](
            self,
            self.undo_bar,
            delete=negotiation.delete,
            restore=negotiation.restore,
            describe=lambda gone: (
                f"Deleted the {gone.kind.label.lower()} of {gone.amount} made {gone.made_on:%m/%d/%Y}."
            ),
            not_deleted="Entry not deleted",
            not_restored="Entry not restored",
            after_change=self._after_change,
            refresh=self.refresh,
            focus=self.table,
        )

        tools = QHBoxLayout()
        tools.addWidget(claim_label)
        tools.addWidget(self.claim_box)
        tools.addWidget(self.summary_label, 1)
        for button in (self.add_button, self.edit_button, self.delete_button):
            tools.addWidget(button)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.chart)
        lower.addWidget(self.breakdown)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self._stack)
        body.addWidget(lower)
        body.setStretchFactor(0, 3)
        body.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(self.undo_bar)
        layout.addWidget(body, 1)
        layout.addWidget(self.review_note)

        add_action = QAction("Add a demand or offer", self)
        add_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(add_action)
        delete_action = QAction("Delete the entry", self.table)
        delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.table.addAction(delete_action)

        self.add_button.clicked.connect(self.add_entry)
        add_action.triggered.connect(self.add_entry)
        self.edit_button.clicked.connect(self.edit_entry)
        self.delete_button.clicked.connect(self.delete_entry)
        delete_action.triggered.connect(self.delete_entry)
        self.undo_bar.undo_requested.connect(self.undo_delete)
        self.claim_box.currentIndexChanged.connect(self._on_claim_box_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.set_case(None)

    # --- what is shown ---------------------------------------------------------------------------

    @property
    def case_id(self) -> int | None:
        """The case whose negotiation is shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's claims (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
        self._case_id = case_id
        self.refresh()

    def refresh_claims(self) -> None:
        """Read the claims again (they were added, renamed or deleted on Policies & Claims)."""
        self.refresh()

    def refresh(self) -> None:
        """Read the case's claims and entries again, keeping the chosen claim and the selected entry."""
        keep_claim = self.current_claim()
        keep_entry = self.selected_entry()
        self._claims = []
        if self._case_id is not None:
            try:
                self._claims = self._negotiation.case_negotiation(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Negotiation not read", exc)
        self.claim_box.blockSignals(True)
        self.claim_box.clear()
        for claim in self._claims:
            self.claim_box.addItem(_claim_label(claim), claim.claim.id)
        index = self.claim_box.findData(keep_claim.id) if keep_claim is not None else -1
        self.claim_box.setCurrentIndex(index if index >= 0 else 0 if self._claims else -1)
        self.claim_box.blockSignals(False)
        self.claim_box.setEnabled(bool(self._claims))
        self._show_claim()
        if keep_entry is not None:
            self._select(keep_entry.id)

    def current_claim(self) -> ClaimView | None:
        """The claim chosen."""
        current = self._current()
        return current.claim if current is not None else None

    def selected_entry(self) -> NegotiationEntry | None:
        """The entry on the selected row."""
        entry: NegotiationEntry | None = selected_data(self.table, NegotiationRole.ENTRY)
        return entry

    def choose_claim(self, claim_id: int) -> None:
        """Show a claim's negotiation (e.g. when the lead opens it from Policies & Claims)."""
        index = self.claim_box.findData(claim_id)
        if index >= 0:
            self.claim_box.setCurrentIndex(index)

    # --- actions ---------------------------------------------------------------------------------

    def add_entry(self) -> None:
        """Ask for a new demand or offer on the chosen claim and record it."""
        claim = self.current_claim()
        if claim is None:
            return
        saved = NegotiationEntryDialog.ask(self, self._negotiation, claim)
        if saved is not None:
            self._after_change(saved.id)

    def edit_entry(self) -> None:
        """Edit the selected entry."""
        claim, selected = self.current_claim(), self.selected_entry()
        if claim is None or selected is None:
            return
        saved = NegotiationEntryDialog.ask(self, self._negotiation, claim, selected)
        if saved is not None:
            self._after_change(saved.id)
        else:
            self.refresh()  # it may have been deleted elsewhere meanwhile

    def delete_entry(self) -> None:
        """Delete the selected entry at once; the undo bar (and Ctrl+Z) puts it back."""
        self._undo.delete(self.selected_entry())

    def undo_delete(self) -> None:
        """Put back the entry deleted last."""
        self._undo.undo()

    # --- helpers ---------------------------------------------------------------------------------

    def _current(self) -> ClaimNegotiation | None:
        claim_id = self.claim_box.currentData()
        return next((c for c in self._claims if c.claim.id == claim_id), None)

    def _show_claim(self) -> None:
        current = self._current()
        log = list(current.log) if current is not None else []
        self.model.set_rows(log)
        self.chart.set_entries([line.entry for line in log])
        if log:
            self._stack.setCurrentWidget(self.table)
        else:
            if self._case_id is None:
                text = "No case selected."
            elif not self._claims:
                text = NO_CLAIMS_TEXT
            else:
                text = NO_ENTRIES_TEXT
            self.empty_label.setText(text)
            self._stack.setCurrentWidget(self.empty_label)
        self.summary_label.setText(
            f"<span style='{HINT_STYLE}'>{escape(current.summary.text)}</span>" if current is not None else ""
        )
        self.chart.setVisible(current is not None)
        self._update_buttons()
        self._show_breakdown()

    def _after_change(self, select_id: int | None) -> None:
        self.refresh()
        if select_id is not None:
            self._select(select_id)
        self.timeline_changed.emit()
        self.calendar_changed.emit()
        self.claims_changed.emit()

    def _select(self, entry_id: int | None) -> None:
        row = self.model.row_of(entry_id)
        if row is not None:
            self.table.selectRow(row)

    def _update_buttons(self) -> None:
        has_claim = self.current_claim() is not None
        selected = self.selected_entry() is not None
        self.add_button.setEnabled(has_claim)
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    def _show_breakdown(self) -> None:
        line: LogEntry | None = selected_data(self.table, NegotiationRole.LINE)
        if line is None:
            current = self._current()
            offer = current.summary.last_offer if current is not None else None
            if offer is not None:
                line = (
                    next((item for item in current.log if item.entry.id == offer.id), None)
                    if current
                    else None
                )
        if line is None or line.net is None:
            self.breakdown.setText(
                f"<span style='{HINT_STYLE}'>Select an offer to see the client's net: the fee, case costs "
                "and liens taken from it.</span>"
                if self.model.rowCount()
                else ""
            )
            return
        net = line.net
        title = f"<b>Net to client at the {escape(line.entry.kind.label.lower())} of {line.entry.amount}</b>"
        if net.problem:
            self.breakdown.setText(f"{title}<br><span style='color:#b00020'>{escape(net.problem)}</span>")
            return
        rows = "".join(
            f"<tr><td>{escape(label)}</td><td align='right'>{'−' if i > 0 else ''}{escape(amount)}</td></tr>"
            for i, (label, amount) in enumerate(net.lines()[:-1])
        )
        total = f"<tr><td><b>Net to client</b></td><td align='right'><b>{net.net}</b></td></tr>"
        lien_note = (
            f"<br><span style='color:#b35c00'>{net.liens_not_final} lien(s) counted at the amount claimed: "
            "the net rises if they are reduced.</span>"
            if net.liens_not_final
            else ""
        )
        self.breakdown.setText(f"{title}<table cellspacing='4'>{rows}{total}</table>{lien_note}")

    def _on_claim_box_changed(self, _index: int) -> None:
        self._undo.forget()
        self._show_claim()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.edit_entry()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()
        self._show_breakdown()


def _claim_label(claim: ClaimNegotiation) -> str:
    status = claim.claim.claim.status.label.lower()
    return f"{claim.claim.display_name} ({status})"
