"""Choosing the case a new event belongs to: a list of open cases, narrowed as the user types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.cases import CaseQuery, CaseSort

if TYPE_CHECKING:
    from casedesk.services.cases import CaseService

#: How many matching cases the list shows; typing narrows the rest down.
SHOWN_CASES = 200


class CasePickerDialog(QDialog):
    """Asks which case something is for.

    Attributes:
        search: Narrows the list by client name, case number or caption.
        list: The matching open cases.
    """

    def __init__(
        self,
        cases: CaseService,
        title: str = "Choose a case",
        selected_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(520, 460)
        self._cases = cases
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search client, case number, caption…")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.count_label = QLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Choose")
        prompt = QLabel("&Case:")
        prompt.setBuddy(self.search)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.currentItemChanged.connect(self._on_list_current_item_changed)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.refresh(selected_id)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        cases: CaseService,
        title: str = "Choose a case",
        selected_id: int | None = None,
    ) -> tuple[int, str] | None:
        """The case chosen, as (case id, "number · caption"), or None if the user cancelled."""
        dialog = cls(cases, title, selected_id, parent)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return dialog.chosen() if accepted else None

    def refresh(self, selected_id: int | None = None) -> None:
        """List the open cases matching the search, keeping (or moving) the selection."""
        keep = selected_id if selected_id is not None else self._current_id()
        query = CaseQuery(text=self.search.text(), sort=CaseSort.NUMBER, include_closed=False)
        ids = self._cases.case_list(query).ids
        self.list.clear()
        for summary in self._cases.summaries(ids[:SHOWN_CASES]):
            row = QListWidgetItem(f"{summary.number} · {summary.caption} — {summary.client_name}")
            row.setData(Qt.ItemDataRole.UserRole, (summary.id, f"{summary.number} · {summary.caption}"))
            self.list.addItem(row)
        if len(ids) > SHOWN_CASES:
            self.count_label.setText(f"{SHOWN_CASES} of {len(ids):,} open cases shown; type to narrow.")
        elif not ids:
            self.count_label.setText("No open case matches." if self.search.text() else "No open cases.")
        else:
            self.count_label.setText(f"{len(ids):,} open case{'' if len(ids) == 1 else 's'}")
        rows = [self.list.item(i).data(Qt.ItemDataRole.UserRole)[0] for i in range(self.list.count())]
        self.list.setCurrentRow(rows.index(keep) if keep in rows else 0 if rows else -1)
        self._update_ok()

    def chosen(self) -> tuple[int, str] | None:
        """The case selected, as (case id, "number · caption")."""
        if self.list.currentRow() < 0:
            return None
        case_id, label = self.list.currentItem().data(Qt.ItemDataRole.UserRole)
        return int(case_id), str(label)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: Up and Down in the search field move through the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()))
            if step is not None and self.list.count():
                row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
                self.list.setCurrentRow(row)
                return True
        return False

    def _current_id(self) -> int | None:
        chosen = self.chosen()
        return chosen[0] if chosen is not None else None

    def _update_ok(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(
            self.list.currentItem() is not None
        )

    def _on_search_text_changed(self, _text: str) -> None:
        self.refresh()

    def _on_list_item_activated(self, _row: QListWidgetItem) -> None:
        self.accept()

    def _on_list_current_item_changed(self, _current: QListWidgetItem | None, _previous: object) -> None:
        self._update_ok()
