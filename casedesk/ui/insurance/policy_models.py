"""Table models of the Policies sub-tab: a case's policies, and the claims made on them."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from casedesk.domain.insurance import ClaimView, Policy, counts_toward_injury
from casedesk.domain.money import Money
from casedesk.domain.typed import format_date
from casedesk.ui.tables import RecordTableModel

_Index = QModelIndex | QPersistentModelIndex
PALE = QColor("#777777")
#: Shown for a limit not known yet.
UNKNOWN = "not known yet"

P_CARRIER, P_COVERAGE, P_PARTY, P_INSURED, P_NUMBER, P_PERSON, P_OCCURRENCE, P_NOTES = range(8)
C_POLICY, C_NUMBER, C_STATUS, C_ADJUSTER, C_REPORTED, C_SENT, C_CLOSED, C_NOTES = range(8)


class InsuranceRole(enum.IntEnum):
    """Custom data roles of the models here."""

    #: The :class:`Policy` or :class:`ClaimView` shown on the row.
    RECORD = Qt.ItemDataRole.UserRole + 1


def format_limit(limit: Money | None) -> str:
    """A limit, or :data:`UNKNOWN`."""
    return UNKNOWN if limit is None else str(limit)


class PolicyTableModel(RecordTableModel):
    """A case's policies as table rows."""

    HEADERS = (
        "Carrier",
        "Coverage",
        "Whose",
        "Insured",
        "Policy number",
        "Per person",
        "Per occurrence",
        "Notes",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Policy] = []

    def set_rows(self, rows: list[Policy]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def policy(self, row: int) -> Policy:
        """The policy on a row."""
        return self._rows[row]

    def row_of(self, policy_id: int | None) -> int | None:
        """The row showing a policy, if listed."""
        return next((row for row, p in enumerate(self._rows) if p.id == policy_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        policy = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(policy, column)
        if role == InsuranceRole.RECORD:
            return policy
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (P_PERSON, P_OCCURRENCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            unknown = (column == P_PERSON and policy.per_person is None) or (
                column == P_OCCURRENCE and policy.per_occurrence is None
            )
            return QBrush(PALE) if unknown else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == P_COVERAGE:
                counted = counts_toward_injury(policy)
                return (
                    "Counts toward the coverage available for the injury claim"
                    if counted
                    else "Listed, not counted toward the coverage available for the injury claim"
                )
            return self._text(policy, column)[:1000] or None
        return None

    @staticmethod
    def _text(policy: Policy, column: int) -> str:
        texts = {
            P_CARRIER: policy.carrier,
            P_COVERAGE: policy.coverage.label,
            P_PARTY: policy.party.label,
            P_INSURED: policy.insured,
            P_NUMBER: policy.policy_number,
            P_PERSON: format_limit(policy.per_person),
            P_OCCURRENCE: format_limit(policy.per_occurrence),
            P_NOTES: " ".join(policy.notes.split()),
        }
        return texts[column]


class ClaimTableModel(RecordTableModel):
    """A case's claims as table rows, each with the policy it is made on."""

    HEADERS = (
        "Policy",
        "Claim number",
        "Status",
        "Adjuster",
        "Reported",
        "Rep. letter sent",
        "Closed",
        "Notes",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ClaimView] = []

    def set_rows(self, rows: list[ClaimView]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def claim(self, row: int) -> ClaimView:
        """The claim on a row."""
        return self._rows[row]

    def row_of(self, claim_id: int | None) -> int | None:
        """The row showing a claim, if listed."""
        return next((row for row, c in enumerate(self._rows) if c.claim.id == claim_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        """Qt override."""
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt override."""
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self.HEADERS):
            return None
        view = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(view, column)
        if role == InsuranceRole.RECORD:
            return view
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and column == C_SENT
            and view.claim.representation_sent_on is None
        ):
            return QBrush(PALE)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._text(view, column)[:1000] or None
        return None

    @staticmethod
    def _text(view: ClaimView, column: int) -> str:
        claim = view.claim
        texts = {
            C_POLICY: f"{view.policy.carrier} · {view.policy.coverage.short}",
            C_NUMBER: claim.claim_number,
            C_STATUS: claim.status.label,
            C_ADJUSTER: view.adjuster,
            C_REPORTED: format_date(claim.reported_on),
            C_SENT: format_date(claim.representation_sent_on) or "not yet",
            C_CLOSED: format_date(claim.closed_on),
            C_NOTES: " ".join(claim.notes.split()),
        }
        return texts[column]
