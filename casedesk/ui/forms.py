"""Form building blocks: date fields that accept what people type, and errors shown as they type."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QWidget,
)

from casedesk.domain.errors import CasedeskError, ConflictError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.typed import format_date, parse_date
from casedesk.ui.messages import confirm, show_error

T = TypeVar("T")
ERROR_STYLE = "color: #b00020;"
INVALID_FIELD_STYLE = "border: 1px solid #b00020;"


class DateField(QLineEdit):
    """A line edit for an optional date, typed as MM/DD/YYYY.

    Signals:
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("MM/DD/YYYY")
        self.setMaximumWidth(130)

    def value(self) -> date | None:
        """The date typed.

        Raises:
            DateError: The text is not a valid date.
        """
        return parse_date(self.text())

    def set_value(self, value: date | None) -> None:
        """Show a date (or clear the field)."""
        self.setText(format_date(value))


class FormErrors:
    """Shows validation messages beside the fields and keeps the OK button off while any remain.

    Args:
        buttons: The dialog's button box; its OK (or Save) button is enabled only when valid. ``None`` for
            a form that saves by itself (it must not save while errors remain).
        fields: Field name to its widget and the label that shows that field's message.
    """

    def __init__(
        self, buttons: QDialogButtonBox | None, fields: Mapping[str, tuple[QWidget, QLabel]]
    ) -> None:
        self._ok = None
        if buttons is not None:
            self._ok = buttons.button(QDialogButtonBox.StandardButton.Save) or buttons.button(
                QDialogButtonBox.StandardButton.Ok
            )
        self._fields = dict(fields)
        self._touched: set[str] = set()
        for _widget, label in self._fields.values():
            label.setStyleSheet(ERROR_STYLE)
            label.setWordWrap(True)
            label.hide()

    def touch(self, *names: str) -> None:
        """Mark fields as edited: their messages show from now on (untouched fields stay quiet)."""
        self._touched.update(names or self._fields)

    def reset(self) -> None:
        """Forget which fields were edited (a form loaded afresh shows no messages until edited)."""
        self._touched.clear()

    def show(self, errors: Mapping[str, str]) -> None:
        """Show these messages (by field name) for touched fields and clear the others.

        The OK button is off while any error remains, touched or not, so nothing invalid is saved.
        """
        for name, (widget, label) in self._fields.items():
            message = errors.get(name, "") if name in self._touched else ""
            label.setText(message)
            label.setVisible(bool(message))
            widget.setStyleSheet(INVALID_FIELD_STYLE if message else "")
            widget.setToolTip(message)
        if self._ok is not None:
            self._ok.setEnabled(not errors)

    def focus_first_error(self, errors: Mapping[str, str]) -> None:
        """Put the cursor in the first field (in form order) that has a message.

        Save turns itself off while errors remain; without this, focus would fall to Cancel and the
        next Enter would throw the user's edits away.
        """
        for name, (widget, _label) in self._fields.items():
            if name in errors:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    def message(self, name: str) -> str:
        """The message currently shown for a field ("" when none)."""
        return self._fields[name][1].text() if self._fields[name][1].isVisible() else ""


class _WheelGuard(QObject):
    """Lets a widget take wheel events only while it has the focus."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt override: swallow the wheel for an unfocused widget, so passing over it changes nothing."""
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True
        return False


def ignore_wheel_unless_focused(widget: QWidget) -> None:
    """Keep a scroll of the page from changing a combo box or spin box the pointer passes over."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    guard = _WheelGuard(widget)
    widget.installEventFilter(guard)


def save_form(
    dialog: QDialog, form_errors: FormErrors, errors: Mapping[str, str], save: Callable[[], T], failure: str
) -> T | None:
    """What every form's Save button does: save if valid, explain if not, close on success.

    Args:
        dialog: The form's dialog; accepted once the save succeeded.
        form_errors: Where field messages show (all fields count as touched from now on).
        errors: What is wrong with the typed values; nothing is saved while any remain.
        save: Saves through a service and returns what was saved.
        failure: Title of the message shown when saving fails for another reason.

    Returns:
        What ``save`` returned, or None when nothing was saved.
    """
    form_errors.touch()
    if errors:
        form_errors.show(errors)
        form_errors.focus_first_error(errors)
        return None
    try:
        saved = save()
    except ValidationError as exc:  # the store alone knows some rules, e.g. a case number in use
        form_errors.show(exc.errors)
        form_errors.focus_first_error(exc.errors)
        return None
    except ConflictError as exc:  # someone else saved it meanwhile: the form stays open as typed
        from casedesk.ui.conflicts import resolve_conflict

        resolve_conflict(dialog, exc)
        return None
    except CasedeskError as exc:
        show_error(dialog, failure, exc)
        return None
    dialog.accept()
    return saved


def notes_box(placeholder: str, lines: int = 4) -> QPlainTextEdit:
    """A box for a few lines of notes, ``lines`` high; Tab moves on, as in every other field."""
    box = QPlainTextEdit()
    box.setPlaceholderText(placeholder)
    box.setTabChangesFocus(True)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 12)
    return box


def error_label() -> QLabel:
    """An empty, hidden label for one field's message."""
    label = QLabel()
    label.hide()
    return label


class MoneyField(QLineEdit):
    """An amount of money typed as people write it (``1,234.50``, ``$1234.5``); blank is ``blank``.

    Args:
        blank: What an empty field means: zero for most amounts, ``None`` for "not known".
    """

    def __init__(self, blank: Money | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._blank = blank
        self.setPlaceholderText("0.00" if blank is not None else "not known")
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("9,999,999.00") + 16)
        self.setMaximumWidth(160)
        self.editingFinished.connect(self._tidy)

    def value(self) -> Money | None:
        """The amount typed (``blank`` when empty).

        Raises:
            ValidationError: The text is not an amount (its message is under ``"amount"``).
        """
        text = self.text().strip()
        return self._blank if not text else Money.parse(text)

    def set_value(self, value: Money | None) -> None:
        """Show an amount as ``10,000.00`` (empty for ``None`` and for a zero that means blank)."""
        self.setText("" if value is None or value == self._blank else f"{value.amount:,.2f}")

    def _tidy(self) -> None:
        """Rewrite a valid amount in the usual form (``1234.5`` → ``1,234.50``) once typing is done."""
        try:
            value = self.value()
        except ValidationError:
            return
        tidy = "" if value is None or value == self._blank else f"{value.amount:,.2f}"
        if tidy != self.text():
            self.setText(tidy)


def form_state(root: QWidget) -> tuple[object, ...]:
    """What the user can have changed in a form: the value of every input widget under ``root``."""
    state: list[object] = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, QLineEdit):
            state.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            state.append(widget.toPlainText())
        elif isinstance(widget, QComboBox):
            state.append(widget.currentText())
        elif isinstance(widget, QAbstractButton) and widget.isCheckable():
            state.append(widget.isChecked())
        elif isinstance(widget, QTableWidget):
            state.append(
                tuple(
                    "" if (item := widget.item(row, column)) is None else item.text()
                    for row in range(widget.rowCount())
                    for column in range(widget.columnCount())
                )
            )
    return tuple(state)


class FormDialog(QDialog):
    """A form in a dialog that asks before Cancel, Escape or the close button throws typed changes away.

    Subclasses call :meth:`remember_loaded` once the form shows the record being edited.
    """

    #: What the form edits, for the question ("Discard your changes to this case?").
    discard_subject = "this form"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loaded: tuple[object, ...] | None = None

    def remember_loaded(self) -> None:
        """Take the form as it is now as unchanged."""
        self._loaded = form_state(self)

    def has_changes(self) -> bool:
        """Whether the user changed anything since :meth:`remember_loaded`."""
        return self._loaded is not None and form_state(self) != self._loaded

    def reject(self) -> None:
        """Qt override: close without saving, after asking if that would lose typed changes."""
        if self.has_changes() and not confirm(
            self,
            "Discard changes",
            f"Discard your changes to {self.discard_subject}?",
            "Discard changes",
            "Nothing you typed here has been saved yet.",
        ):
            return
        super().reject()
