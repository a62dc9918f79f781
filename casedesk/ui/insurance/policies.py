"""The Policies sub-tab of a case: its insurance policies, their claims, and the coverage available."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelection, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError
from casedesk.domain.insurance import ClaimView, CoverageSummary, Policy
from casedesk.ui.insurance.policy_claim_dialog import ClaimDialog
from casedesk.ui.insurance.policy_dialog import PolicyDialog
from casedesk.ui.insurance.policy_models import (
    C_ADJUSTER,
    C_CLOSED,
    C_NUMBER,
    C_POLICY,
    C_REPORTED,
    C_SENT,
    C_STATUS,
    P_CARRIER,
    P_COVERAGE,
    P_INSURED,
    P_NUMBER,
    P_OCCURRENCE,
    P_PARTY,
    P_PERSON,
    ClaimTableModel,
    InsuranceRole,
    PolicyTableModel,
)
from casedesk.ui.messages import confirm, show_error
from casedesk.ui.shortcuts import add_shortcut
from casedesk.ui.tables import record_table, selected_data
from casedesk.ui.undo import DeleteWithUndo, UndoBar

if TYPE_CHECKING:
    from casedesk.services.contacts import ContactService
    from casedesk.services.insurance import DeletedClaim, DeletedPolicy, InsuranceService

POLICY_WIDTHS = {
    P_CARRIER: 170,
    P_COVERAGE: 170,
    P_PARTY: 110,
    P_INSURED: 150,
    P_NUMBER: 120,
    P_PERSON: 110,
    P_OCCURRENCE: 110,
}
CLAIM_WIDTHS = {
    C_POLICY: 170,
    C_NUMBER: 120,
    C_STATUS: 130,
    C_ADJUSTER: 150,
    C_REPORTED: 90,
    C_SENT: 110,
    C_CLOSED: 90,
}
EMPTY_POLICIES = "No policies yet: add the at-fault driver's liability policy first."
EMPTY_CLAIMS = "No claims yet: add the claim made on a policy once it is reported to the insurer."
NO_POLICY_FOR_CLAIMS = "Claims are made on policies: add a policy first."
WARNING_STYLE = (
    "QLabel { background: #fdecea; color: #8a1c1c; border: 1px solid #e0a0a0; "
    "border-radius: 3px; padding: 6px; font-weight: bold; }"
)
REVIEW_NOTE = "Limits come from the declarations pages: review the figures before relying on them."


class PoliciesPanel(QWidget):
    """A case's insurance policies and claims, with the coverage available for the injury claim.

    Signals:
        claims_changed: A policy or claim was added, edited, deleted or restored (claim lists elsewhere,
            such as the negotiation's and the letters', need reading again).
        timeline_changed: Saving a claim put an entry on the case's timeline.
    """

    claims_changed = Signal()
    timeline_changed = Signal()

    def __init__(
        self, insurance: InsuranceService, contacts: ContactService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._insurance = insurance
        self._contacts = contacts
        self._case_id: int | None = None
        self.policy_model = PolicyTableModel(self)
        self.claim_model = ClaimTableModel(self)

        self.add_policy_button = QPushButton("Add &policy…")
        self.add_policy_button.setToolTip("Add an insurance policy (Ins)")
        self.edit_policy_button = QPushButton("&Edit…")
        self.edit_policy_button.setToolTip("Edit the selected policy (Enter or double-click)")
        self.delete_policy_button = QPushButton("De&lete")
        self.delete_policy_button.setToolTip("Delete the selected policy (Del); Undo puts it back")
        self.add_claim_button = QPushButton("Add &claim…")
        self.add_claim_button.setToolTip("Add a claim on the selected policy (Ctrl+Shift+Ins)")
        self.edit_claim_button = QPushButton("Ed&it…")
        self.edit_claim_button.setToolTip("Edit the selected claim (Enter or double-click)")
        self.delete_claim_button = QPushButton("Dele&te")
        self.delete_claim_button.setToolTip("Delete the selected claim (Del); Undo puts it back")

        self.policy_table = record_table(self.policy_model, POLICY_WIDTHS)
        self.policy_table.setAccessibleName("Policies")
        self.claim_table = record_table(self.claim_model, CLAIM_WIDTHS)
        self.claim_table.setAccessibleName("Claims")
        self.policies_empty = _empty_label()
        self.claims_empty = _empty_label()
        self._policy_stack = _stack(self.policy_table, self.policies_empty)
        self._claim_stack = _stack(self.claim_table, self.claims_empty)

        self.coverage_label = QLabel()
        self.coverage_label.setTextFormat(Qt.TextFormat.RichText)
        self.coverage_label.setWordWrap(True)
        self.coverage_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(WARNING_STYLE)
        self.warning_label.setAccessibleName("Coverage warning")
        self.warning_label.hide()
        coverage_box = QFrame()
        coverage_box.setFrameShape(QFrame.Shape.StyledPanel)
        coverage_layout = QVBoxLayout(coverage_box)
        coverage_layout.addWidget(self.coverage_label)
        coverage_layout.addWidget(self.warning_label)
        self.coverage_box = coverage_box

        self.undo_bar = UndoBar(self)
        self._undo: DeleteWithUndo[DeletedPolicy | DeletedClaim] = DeleteWithUndo(
            self,
            self.undo_bar,
            delete=insurance.delete_policy,
            restore=self._restore,
            describe=_describe,
            not_deleted="Not deleted",
            not_restored="Not put back",
            after_change=lambda _id: self._after_change(),
            refresh=self.refresh,
            focus=self.policy_table,
        )

        policy_tools = QHBoxLayout()
        policy_tools.addWidget(QLabel("<b>Policies</b>"))
        policy_tools.addStretch(1)
        for button in (self.add_policy_button, self.edit_policy_button, self.delete_policy_button):
            policy_tools.addWidget(button)
        claim_tools = QHBoxLayout()
        claim_tools.addWidget(QLabel("<b>Claims</b>"))
        claim_tools.addStretch(1)
        for button in (self.add_claim_button, self.edit_claim_button, self.delete_claim_button):
            claim_tools.addWidget(button)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(policy_tools)
        top_layout.addWidget(self._policy_stack, 1)
        top_layout.addWidget(self.coverage_box)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(claim_tools)
        bottom_layout.addWidget(self._claim_stack, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setChildrenCollapsible(False)
        splitter.setStretchFactor(0, 3)  # the policies and the coverage box take the larger share
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.undo_bar)
        layout.addWidget(splitter, 1)

        add_shortcut(self, "Add policy", Qt.Key.Key_Insert, self, self.add_policy)
        add_shortcut(
            self,
            "Add claim",
            QKeySequence(Qt.Modifier.CTRL | Qt.Modifier.SHIFT | Qt.Key.Key_Insert),
            self,
            self.add_claim,
        )
        add_shortcut(
            self, "Delete policy", QKeySequence.StandardKey.Delete, self.policy_table, self.delete_policy
        )
        add_shortcut(
            self, "Delete claim", QKeySequence.StandardKey.Delete, self.claim_table, self.delete_claim
        )

        self.add_policy_button.clicked.connect(self.add_policy)
        self.edit_policy_button.clicked.connect(self.edit_policy)
        self.delete_policy_button.clicked.connect(self.delete_policy)
        self.add_claim_button.clicked.connect(self.add_claim)
        self.edit_claim_button.clicked.connect(self.edit_claim)
        self.delete_claim_button.clicked.connect(self.delete_claim)
        self.undo_bar.undo_requested.connect(self._undo.undo)
        self.policy_table.activated.connect(self._on_policy_activated)
        self.claim_table.activated.connect(self._on_claim_activated)
        self.policy_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.claim_table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.set_case(None)

    @property
    def case_id(self) -> int | None:
        """The case whose insurance is shown."""
        return self._case_id

    def set_case(self, case_id: int | None) -> None:
        """Show another case's insurance (None: no case)."""
        if case_id != self._case_id:
            self._undo.forget()
        self._case_id = case_id
        self.refresh()

    def refresh(self) -> None:
        """Read the policies, claims and coverage again, keeping the selections."""
        keep_policy = self.selected_policy()
        keep_claim = self.selected_claim()
        policies: list[Policy] = []
        claims: list[ClaimView] = []
        summary: CoverageSummary | None = None
        if self._case_id is not None:
            try:
                policies = self._insurance.policies(self._case_id)
                claims = self._insurance.claims(self._case_id)
                summary = self._insurance.coverage(self._case_id)
            except CasedeskError as exc:
                show_error(self, "Insurance not read", exc)
        self.policy_model.set_rows(policies)
        self.claim_model.set_rows(claims)
        if policies:
            self._policy_stack.setCurrentWidget(self.policy_table)
        else:
            self.policies_empty.setText("No case selected." if self._case_id is None else EMPTY_POLICIES)
            self._policy_stack.setCurrentWidget(self.policies_empty)
        if claims:
            self._claim_stack.setCurrentWidget(self.claim_table)
        else:
            self.claims_empty.setText(
                "" if self._case_id is None else (EMPTY_CLAIMS if policies else NO_POLICY_FOR_CLAIMS)
            )
            self._claim_stack.setCurrentWidget(self.claims_empty)
        self._show_coverage(summary)
        if keep_policy is not None:
            self._select(self.policy_table, self.policy_model.row_of(keep_policy.id))
        if keep_claim is not None:
            self._select(self.claim_table, self.claim_model.row_of(keep_claim.claim.id))
        self._update_buttons()

    def selected_policy(self) -> Policy | None:
        """The policy on the selected row."""
        policy: Policy | None = selected_data(self.policy_table, InsuranceRole.RECORD)
        return policy

    def selected_claim(self) -> ClaimView | None:
        """The claim on the selected row."""
        claim: ClaimView | None = selected_data(self.claim_table, InsuranceRole.RECORD)
        return claim

    # --- actions ---------------------------------------------------------------------------------

    def add_policy(self) -> None:
        """Ask for a new policy and add it."""
        if self._case_id is None:
            return
        saved = PolicyDialog.ask(self, self._insurance, self._contacts, self._case_id)
        if saved is not None:
            self._after_change()
            self._select(self.policy_table, self.policy_model.row_of(saved.id))

    def edit_policy(self) -> None:
        """Edit the selected policy."""
        selected = self.selected_policy()
        if selected is None or self._case_id is None:
            return
        saved = PolicyDialog.ask(self, self._insurance, self._contacts, self._case_id, selected)
        if saved is not None:
            self._after_change()
        else:
            self.refresh()

    def delete_policy(self) -> None:
        """Delete the selected policy (after asking when claims go with it); Undo puts it all back."""
        selected = self.selected_policy()
        if selected is None or selected.id is None:
            return
        try:
            dependents = self._insurance.dependents(selected.id)
        except CasedeskError as exc:
            show_error(self, "Policy not deleted", exc)
            self.refresh()
            return
        if dependents.claims and not confirm(
            self,
            "Delete policy",
            f"Delete the {selected.coverage.label} policy with {selected.carrier}?",
            "Delete policy and claims",
            f"Its {dependents.text} are deleted with it. Undo (Ctrl+Z) puts them back.",
        ):
            return
        self._undo.delete(selected)  # type: ignore[arg-type]  # only its id is read

    def add_claim(self) -> None:
        """Ask for a new claim (on the selected policy, if one is) and add it."""
        if self._case_id is None:
            return
        policies = self.policy_model_rows()
        if not policies:
            show_error(self, "No policy yet", _no_policy_error())
            return
        selected = self.selected_policy()
        policy_id = selected.id if selected else None
        saved = ClaimDialog.ask(
            self, self._insurance, self._contacts, self._case_id, policies, None, policy_id
        )
        if saved is not None:
            self._after_change()
            self._select(self.claim_table, self.claim_model.row_of(saved.claim.id))
            if saved.claim.reported_on or saved.claim.representation_sent_on:
                self.timeline_changed.emit()

    def edit_claim(self) -> None:
        """Edit the selected claim."""
        selected = self.selected_claim()
        if selected is None or self._case_id is None:
            return
        saved = ClaimDialog.ask(
            self, self._insurance, self._contacts, self._case_id, self.policy_model_rows(), selected
        )
        if saved is None:
            self.refresh()
            return
        self._after_change()
        before, after = selected.claim, saved.claim
        if (after.reported_on, after.representation_sent_on) != (
            before.reported_on,
            before.representation_sent_on,
        ):
            self.timeline_changed.emit()

    def delete_claim(self) -> None:
        """Delete the selected claim (after asking when negotiation entries go with it); Undo puts it back."""
        selected = self.selected_claim()
        if selected is None:
            return
        try:
            entries = self._insurance.claim_entries(selected.id)
            if entries and not confirm(
                self,
                "Delete claim",
                f"Delete the claim {selected.display_name}?",
                "Delete claim and negotiation",
                f"Its {entries} negotiation entr{'ies' if entries != 1 else 'y'} are deleted with it. "
                "Undo (Ctrl+Z) puts them back.",
            ):
                return
            gone = self._insurance.delete_claim(selected.id)
        except CasedeskError as exc:
            show_error(self, "Claim not deleted", exc)
            self.refresh()
            return
        self._undo.offer(gone, _describe(gone), self._restore)
        self._after_change()
        self.claim_table.setFocus(Qt.FocusReason.OtherFocusReason)

    def policy_model_rows(self) -> list[Policy]:
        """The policies listed."""
        return [self.policy_model.policy(row) for row in range(self.policy_model.rowCount())]

    # --- helpers ---------------------------------------------------------------------------------

    def _restore(self, deleted: DeletedPolicy | DeletedClaim) -> DeletedPolicy | DeletedClaim:
        from casedesk.services.insurance import DeletedPolicy

        if isinstance(deleted, DeletedPolicy):
            return replace(deleted, policy=self._insurance.restore_policy(deleted))
        return replace(deleted, claim=self._insurance.restore_claim(deleted))

    def _after_change(self) -> None:
        self.refresh()
        self.claims_changed.emit()

    @staticmethod
    def _select(table: QTableView, row: int | None) -> None:
        if row is not None:
            table.selectRow(row)

    def _show_coverage(self, summary: CoverageSummary | None) -> None:
        if summary is None or not summary.lines:
            self.coverage_box.setVisible(False)
            self.warning_label.hide()
            return
        self.coverage_box.setVisible(True)
        total = escape(summary.total_text)
        lines = [
            f"<span style='font-size:12pt'>Coverage available for the injury claim: <b>{total}</b></span>"
        ]
        for line in summary.counted:
            lines.append(
                f"&nbsp;&nbsp;• {escape(line.policy.carrier)} — {escape(line.policy.coverage.label)} "
                f"({escape(line.policy.party.label)}): {escape(line.limits)}"
            )
        others = [line for line in summary.lines if not line.counted]
        if others:
            listed = "; ".join(
                escape(f"{line.policy.carrier} {line.policy.coverage.label} ({line.policy.party.label})")
                for line in others
            )
            lines.append(f"<span style='color:#555'>Also listed, not in the total: {listed}.</span>")
        if summary.unknown:
            lines.append(f"<span style='color:#8a5a00'>{escape(summary.unknown_text)}</span>")
        if summary.value is not None:
            lines.append(f"<span style='color:#555'>The valuation's value: {summary.value}.</span>")
        lines.append(f"<span style='color:#555'>{REVIEW_NOTE}</span>")
        self.coverage_label.setText("<br>".join(lines))
        self.warning_label.setText(summary.warning)
        self.warning_label.setVisible(bool(summary.warning))

    def _update_buttons(self) -> None:
        has_case = self._case_id is not None
        self.add_policy_button.setEnabled(has_case)
        self.add_claim_button.setEnabled(has_case and self.policy_model.rowCount() > 0)
        policy = self.selected_policy() is not None
        claim = self.selected_claim() is not None
        self.edit_policy_button.setEnabled(policy)
        self.delete_policy_button.setEnabled(policy)
        self.edit_claim_button.setEnabled(claim)
        self.delete_claim_button.setEnabled(claim)

    def _on_policy_activated(self, _index: QModelIndex) -> None:
        self.edit_policy()

    def _on_claim_activated(self, _index: QModelIndex) -> None:
        self.edit_claim()

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._update_buttons()


def _describe(gone: DeletedPolicy | DeletedClaim) -> str:
    from casedesk.services.insurance import DeletedPolicy

    if isinstance(gone, DeletedPolicy):
        policy = gone.policy
        extra = ""
        if gone.claims:
            claims = f"{len(gone.claims)} claim{'s' if len(gone.claims) != 1 else ''}"
            entries = f"{len(gone.entries)} negotiation entr{'ies' if len(gone.entries) != 1 else 'y'}"
            extra = f" with its {claims} and {entries}"
        return f"Deleted the {policy.coverage.label} policy with {policy.carrier}{extra}."
    return f"Deleted the claim {gone.claim.claim_number or 'without a number'}."


def _no_policy_error() -> CasedeskError:
    return CasedeskError("A claim is made on a policy, and this case has none yet.", "Add the policy first.")


def _empty_label() -> QLabel:
    label = QLabel()
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


def _stack(table: QWidget, empty: QWidget) -> QStackedWidget:
    stack = QStackedWidget()
    stack.addWidget(table)
    stack.addWidget(empty)
    return stack
