"""The review step: what an interview's answers would add to the case, each confirmed by the user."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.interviews import ProposalKind, ReviewItem

_GROUPS = {
    ProposalKind.FACTS: "Facts of the case",
    ProposalKind.INCIDENT_DATE: "Facts of the case",
    ProposalKind.INCIDENT_PLACE: "Facts of the case",
    ProposalKind.PROVIDER: "Medical providers",
    ProposalKind.WITNESS: "Witnesses",
    ProposalKind.WAGES: "Lost wages",
}
_KEY = Qt.ItemDataRole.UserRole + 1


class ReviewDialog(QDialog):
    """Lists what the answers would add to the case, each ticked to confirm it.

    What is already in the case is shown greyed, with the reason.

    Attributes:
        keys: After Add to Case, the keys of the proposals the user confirmed.
    """

    def __init__(self, items: Sequence[ReviewItem], title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add the Interview's Answers to the Case")
        self.keys: list[str] = []
        intro = QLabel(
            f"The {title} named these. Tick what to add to the case; nothing is added twice, and a person "
            "already in the contacts book is linked rather than created again."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Add", "What it does"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        groups: dict[str, QTreeWidgetItem] = {}
        for item in items:
            group_title = _GROUPS[item.proposal.kind]
            group = groups.get(group_title)
            if group is None:
                group = QTreeWidgetItem(self.tree, [group_title])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                groups[group_title] = group
            label = item.proposal.title
            if item.proposal.kind in (ProposalKind.FACTS, ProposalKind.INCIDENT_PLACE):
                label = f"{label}: {_first_line(item.proposal.text)}"
            row = QTreeWidgetItem(group, [label, item.message])
            row.setData(0, _KEY, item.proposal.key)
            tip = item.proposal.text or (item.proposal.person.note if item.proposal.person else "")
            if tip:
                row.setToolTip(0, tip[:1000])
            if item.state.actionable:
                row.setFlags(
                    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
                )
                row.setCheckState(0, Qt.CheckState.Checked)
            else:
                row.setFlags(Qt.ItemFlag.NoItemFlags)
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 320)
        self.nothing = QLabel("Every answer that feeds the case is already in it.")
        self.nothing.setVisible(not self.actionable_keys())
        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("&Add to Case", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.add_button.setEnabled(bool(self.actionable_keys()))
        self.add_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.nothing)
        layout.addWidget(self.buttons)
        self.resize(760, 460)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        first = self._rows()[0] if self._rows() else None
        if first is not None:
            self.tree.setCurrentItem(first)

    def _rows(self) -> list[QTreeWidgetItem]:
        rows: list[QTreeWidgetItem] = []
        for group in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(group)
            if top is not None:
                rows.extend(child for i in range(top.childCount()) if (child := top.child(i)) is not None)
        return [row for row in rows if row.flags() & Qt.ItemFlag.ItemIsUserCheckable]

    def actionable_keys(self) -> list[str]:
        """The keys of every proposal that would change the case."""
        return [row.data(0, _KEY) for row in self._rows()]

    def checked_keys(self) -> list[str]:
        """The keys of the proposals ticked."""
        return [row.data(0, _KEY) for row in self._rows() if row.checkState(0) == Qt.CheckState.Checked]

    def set_checked(self, key: str, checked: bool) -> None:
        """Tick or untick a proposal (as a click on its box does)."""
        for row in self._rows():
            if row.data(0, _KEY) == key:
                row.setCheckState(0, Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _on_buttons_accepted(self) -> None:
        self.keys = self.checked_keys()
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, items: Sequence[ReviewItem], title: str) -> list[str] | None:
        """Show the review; the confirmed keys, or None when cancelled."""
        dialog = cls(items, title, parent)
        return dialog.keys if dialog.exec() == QDialog.DialogCode.Accepted else None


def _first_line(text: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= 80 else line[:79] + "…"
