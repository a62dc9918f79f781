"""One field per question kind: what the interview form shows for a question, read and written as text."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.interviews import PAIN_SCALE_MAX, Answer, Question, QuestionKind, Rows
from casedesk.ui.forms import DateField, ignore_wheel_unless_focused

_PLACEHOLDERS = {
    QuestionKind.TIME: "2:15 PM",
    QuestionKind.NUMBER: "e.g. 12 or 7.5",
    QuestionKind.MONEY: "0.00",
}
_TABLE_MAX_VISIBLE_ROWS = 8


class AnswerField(ABC):
    """The field of one question: its widget, its answer as text, and a callback on every edit.

    One subclass per kind of field (:func:`answer_field` picks it).

    Attributes:
        widget: What the form shows.
        focus_widget: What takes the keyboard focus (a label's buddy).
    """

    def __init__(self, widget: QWidget, focus_widget: QWidget | None = None) -> None:
        self.widget = widget
        self.focus_widget = focus_widget or widget

    @abstractmethod
    def value(self) -> Answer:
        """The answer as typed."""

    @abstractmethod
    def set_value(self, answer: Answer | None) -> None:
        """Show an answer (None or blank: empty)."""

    @abstractmethod
    def set_read_only(self, read_only: bool) -> None:
        """Show the answer without letting it be changed (a completed interview)."""

    @abstractmethod
    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every edit the user makes."""


class LineField(AnswerField):
    """A one-line text: text, date, time, number and amount questions."""

    def __init__(self, question: Question) -> None:
        edit = DateField() if question.kind is QuestionKind.DATE else QLineEdit()
        if question.kind in _PLACEHOLDERS:
            edit.setPlaceholderText(_PLACEHOLDERS[question.kind])
        if question.kind in (QuestionKind.TIME, QuestionKind.NUMBER, QuestionKind.MONEY):
            edit.setMaximumWidth(160)
        super().__init__(edit)
        self.edit = edit

    def value(self) -> Answer:
        """The answer as typed."""
        return self.edit.text()

    def set_value(self, answer: Answer | None) -> None:
        """Show an answer."""
        self.edit.setText(answer if isinstance(answer, str) else "")

    def set_read_only(self, read_only: bool) -> None:
        """Show without editing."""
        self.edit.setReadOnly(read_only)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back on every edit."""
        self.edit.textEdited.connect(lambda _text: callback())


class ParagraphField(AnswerField):
    """A paragraph: long answers in the client's own words (Tab moves on, as in every other field)."""

    def __init__(self, _question: Question) -> None:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 5)
        edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 9)
        super().__init__(edit)
        self.edit = edit

    def value(self) -> Answer:
        """The answer as typed."""
        return self.edit.toPlainText()

    def set_value(self, answer: Answer | None) -> None:
        """Show an answer."""
        self.edit.setPlainText(answer if isinstance(answer, str) else "")

    def set_read_only(self, read_only: bool) -> None:
        """Show without editing."""
        self.edit.setReadOnly(read_only)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back on every edit."""
        self.edit.textChanged.connect(callback)


class ChoiceField(AnswerField):
    """A pick from a list: yes/no, a choice, or a level on the 0–10 scale; a first, blank item is no answer.

    Typing the first letters picks an item, so it is as quick from the keyboard as a text field.
    """

    def __init__(self, question: Question) -> None:
        combo = QComboBox()
        ignore_wheel_unless_focused(combo)
        combo.addItem("—", "")
        if question.kind is QuestionKind.YES_NO:
            combo.addItem("Yes", "yes")
            combo.addItem("No", "no")
        elif question.kind is QuestionKind.SCALE:
            for level in range(PAIN_SCALE_MAX + 1):
                words = {0: " — none", 5: " — moderate", PAIN_SCALE_MAX: " — worst imaginable"}.get(level, "")
                combo.addItem(f"{level}{words}", str(level))
        else:
            for option in question.options:
                combo.addItem(option, option)
        combo.setMinimumWidth(160)
        super().__init__(combo)
        self.combo = combo
        self._question = question

    def value(self) -> Answer:
        """The answer chosen ("" for none)."""
        data = self.combo.currentData()
        return data if isinstance(data, str) else ""

    def set_value(self, answer: Answer | None) -> None:
        """Show an answer; one no longer among the options is kept, shown as typed."""
        text = answer.strip() if isinstance(answer, str) else ""
        index = next(
            (
                i
                for i in range(self.combo.count())
                if str(self.combo.itemData(i)).casefold() == text.casefold()
            ),
            -1,
        )
        if index < 0 and text.casefold() in ("y", "true", "n", "false"):
            index = self.combo.findData("yes" if text.casefold() in ("y", "true") else "no")
        if index < 0:
            self.combo.addItem(text, text)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def set_read_only(self, read_only: bool) -> None:
        """Show without editing."""
        self.combo.setEnabled(not read_only)

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back on every choice."""
        self.combo.activated.connect(lambda _index: callback())


class _RowsTable(QTableWidget):
    """A table that Tab walks through cell by cell, and leaves from its blank last row or its last cell."""

    def _leaving(self, forward: bool) -> bool:
        row, column = self.currentRow(), self.currentColumn()
        if not forward:
            return row <= 0 and column <= 0
        blank = row >= 0 and not any(
            (item := self.item(row, c)) is not None and item.text().strip() for c in range(self.columnCount())
        )
        return row < 0 or blank or (row == self.rowCount() - 1 and column == self.columnCount() - 1)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Qt override: Tab moves to the next cell, or out of the table where it ends."""
        if self._leaving(next):
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """Qt override: Tab out of a cell being typed in leaves the table where it ends, too."""
        moves = {
            QAbstractItemDelegate.EndEditHint.EditNextItem: True,
            QAbstractItemDelegate.EndEditHint.EditPreviousItem: False,
        }
        forward = moves.get(hint)
        if forward is not None and self._leaving(forward):
            super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
            QWidget.focusNextPrevChild(self, forward)
            return
        super().closeEditor(editor, hint)


class TableField(AnswerField):
    """A table of rows (providers, witnesses, injuries…): a blank row at the end takes the next one.

    Typing edits a cell and Tab moves to the next; Tab in the blank row leaves the table. Ctrl+Delete
    removes a row.
    """

    def __init__(self, question: Question) -> None:
        self._columns = question.columns
        self._callback: Callable[[], None] | None = None
        self._filling = False
        table = _RowsTable(0, len(question.columns))
        table.setHorizontalHeaderLabels([c.short + (" *" if c.required else "") for c in question.columns])
        for number, column in enumerate(question.columns):
            header = table.horizontalHeaderItem(number)
            tip = column.help or (f"One of: {', '.join(column.options)}" if column.options else "")
            if column.kind is QuestionKind.DATE:
                tip = tip or "MM/DD/YYYY"
            if header is not None and tip:
                header.setToolTip(tip)
        table.setTabKeyNavigation(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)
        self.remove_button = QPushButton("Remove Row")
        self.remove_button.setToolTip("Remove the selected row (Ctrl+Delete)")
        remove = QAction("Remove row", table)
        remove.setShortcut(QKeySequence("Ctrl+Delete"))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        table.addAction(remove)
        box = QWidget()
        column_layout = QVBoxLayout(box)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(table)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        column_layout.addLayout(buttons)
        super().__init__(box, table)
        self.table = table
        table.itemChanged.connect(self._on_item_changed)
        self.remove_button.clicked.connect(self.remove_current_row)
        remove.triggered.connect(self.remove_current_row)
        self.set_value(None)

    def value(self) -> Answer:
        """The rows with something typed in them, each a mapping of column id to text."""
        rows: Rows = []
        for row in range(self.table.rowCount()):
            cells = {column.id: self._cell(row, number) for number, column in enumerate(self._columns)}
            if any(text.strip() for text in cells.values()):
                rows.append(cells)
        return rows

    def set_value(self, answer: Answer | None) -> None:
        """Show the rows, and a blank one to type the next into."""
        rows = answer if isinstance(answer, list) else []
        self._filling = True
        try:
            self.table.setRowCount(0)
            for values in rows:
                self._append_row(values)
            self._append_row({})
        finally:
            self._filling = False
        self._fit_height()

    def set_read_only(self, read_only: bool) -> None:
        """Show without editing (and without the blank row)."""
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.remove_button.setVisible(not read_only)
        last = self.table.rowCount() - 1
        if last >= 0:
            self.table.setRowHidden(last, read_only and not self._row_has_text(last))
        self._fit_height()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call back on every edit."""
        self._callback = callback

    def remove_current_row(self) -> None:
        """Remove the row with the current cell (the blank last row stays)."""
        row = self.table.currentRow()
        if row < 0 or (row == self.table.rowCount() - 1 and not self._row_has_text(row)):
            return
        if self.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers:
            return
        self.table.removeRow(row)
        self._fit_height()
        if self._callback is not None:
            self._callback()

    def _on_item_changed(self, _item: QTableWidgetItem) -> None:
        if self._filling:
            return
        last = self.table.rowCount() - 1
        if last < 0 or self._row_has_text(last):
            self._filling = True
            try:
                self._append_row({})
            finally:
                self._filling = False
            self._fit_height()
        if self._callback is not None:
            self._callback()

    def _append_row(self, values: dict[str, str]) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for number, column in enumerate(self._columns):
            self.table.setItem(row, number, QTableWidgetItem(values.get(column.id, "")))

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def _row_has_text(self, row: int) -> bool:
        return any(self._cell(row, column).strip() for column in range(self.table.columnCount()))

    def _fit_height(self) -> None:
        visible = sum(not self.table.isRowHidden(r) for r in range(self.table.rowCount()))
        rows = max(1, min(visible, _TABLE_MAX_VISIBLE_ROWS))
        height = (
            self.table.horizontalHeader().sizeHint().height()
            + rows * self.table.verticalHeader().defaultSectionSize()
        )
        self.table.setFixedHeight(height + 2 * self.table.frameWidth() + 2)


def answer_field(question: Question) -> AnswerField:
    """The field for a question of any kind."""
    match question.kind:
        case QuestionKind.LONG_TEXT:
            return ParagraphField(question)
        case QuestionKind.YES_NO | QuestionKind.CHOICE | QuestionKind.SCALE:
            return ChoiceField(question)
        case QuestionKind.TABLE:
            return TableField(question)
    return LineField(question)
