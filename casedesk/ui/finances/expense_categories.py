"""The dialog that edits the case file's expense categories: add, rename, reorder, hide."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ValidationError
from casedesk.domain.expenses import ExpenseCategory
from casedesk.ui.forms import ERROR_STYLE, FormDialog
from casedesk.ui.messages import show_error

if TYPE_CHECKING:
    from casedesk.services.expenses import ExpenseService

#: Item data: the category as loaded (None for one added here).
_CATEGORY = Qt.ItemDataRole.UserRole + 1
NEW_NAME = "New category"
HELP_TEXT = (
    "Ticked categories are offered for new expenses; untick one to hide it (expenses filed under it keep "
    "it). Double-click or F2 renames a category, and every expense filed under it with it."
)


class CategoriesDialog(FormDialog):
    """The case file's expense categories, edited as a list and saved in one go.

    Attributes:
        saved: The renames made (old name to new) once Save succeeded; None before.
    """

    discard_subject = "the categories"

    def __init__(self, expenses: ExpenseService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._expenses = expenses
        self.saved: dict[str, str] | None = None
        self.setWindowTitle("Expense categories")
        self.setMinimumSize(460, 420)
        try:
            categories = expenses.categories()
            self._use = expenses.category_use()
        except CasedeskError as exc:
            show_error(self, "Categories not read", exc)
            categories, self._use = [], {}

        self.list = QListWidget()
        self.list.setAccessibleName("Expense categories")
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.add_button = QPushButton("&Add")
        self.rename_button = QPushButton("&Rename")
        self.rename_button.setToolTip("Rename the selected category (F2 or double-click)")
        self.up_button = QPushButton("Move &Up")
        self.up_button.setToolTip("Ctrl+Up")
        self.down_button = QPushButton("Move &Down")
        self.down_button.setToolTip("Ctrl+Down")
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        help_label = QLabel(HELP_TEXT)
        help_label.setWordWrap(True)
        help_label.setStyleSheet("color: #555;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )

        side = QVBoxLayout()
        for button in (self.add_button, self.rename_button, self.up_button, self.down_button):
            side.addWidget(button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label)
        layout.addLayout(row, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for category in categories:
            self._add_item(category)
        QShortcut(QKeySequence("Ctrl+Up"), self.list, lambda: self.move_selected(-1))
        QShortcut(QKeySequence("Ctrl+Down"), self.list, lambda: self.move_selected(1))
        self.add_button.clicked.connect(self.add_category)
        self.rename_button.clicked.connect(self._on_rename)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.list.itemChanged.connect(lambda _item: self._check())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._check()
        self.remember_loaded()

    @classmethod
    def ask(cls, parent: QWidget | None, expenses: ExpenseService) -> dict[str, str] | None:
        """Show the dialog; the renames saved (old name to new), or None if cancelled."""
        dialog = cls(expenses, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def categories(self) -> list[ExpenseCategory]:
        """The list as edited, in order."""
        result = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            loaded: ExpenseCategory | None = item.data(_CATEGORY)
            hidden = item.checkState() != Qt.CheckState.Checked
            if loaded is None:
                result.append(ExpenseCategory(item.text(), row, hidden))
            else:
                result.append(replace(loaded, name=item.text(), position=row, hidden=hidden))
        return result

    def add_category(self) -> None:
        """Add a category at the end and start typing its name."""
        item = self._add_item(None)
        self.list.setCurrentItem(item)
        self.list.editItem(item)
        self._check()

    def move_selected(self, step: int) -> None:
        """Move the selected category up (-1) or down (1)."""
        row = self.list.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.list.count():
            return
        item = self.list.takeItem(row)
        self.list.insertItem(target, item)
        self.list.setCurrentRow(target)
        self._check()

    # --- helpers ---------------------------------------------------------------------------------

    def _add_item(self, category: ExpenseCategory | None) -> QListWidgetItem:
        item = QListWidgetItem(NEW_NAME if category is None else category.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked if category and category.hidden else Qt.CheckState.Checked)
        item.setData(_CATEGORY, category)
        if category is not None:
            used = self._use.get(category.name, 0)
            item.setToolTip(
                f"Used by {used} expense{'s' if used != 1 else ''}; renaming renames them too"
                if used
                else "Not used by any expense yet"
            )
        self.list.addItem(item)
        return item

    def _on_rename(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.editItem(item)

    def _check(self) -> dict[int, str]:
        errors = self._expenses.category_errors(self.categories())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not errors)
        messages = [f"Line {row + 1}: {message}" for row, message in sorted(errors.items())]
        self.error.setText("\n".join(messages))
        self.error.setVisible(bool(messages))
        self._update_buttons()
        return errors

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        self.rename_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < self.list.count() - 1)

    def _on_save(self) -> None:
        if self._check():
            return
        try:
            self.saved = self._expenses.save_categories(self.categories())
        except ValidationError as exc:
            self.error.setText(exc.message)
            self.error.show()
            return
        except CasedeskError as exc:
            show_error(self, "Categories not saved", exc)
            return
        self.accept()
