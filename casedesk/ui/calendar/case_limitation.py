"""The limitation box of a case's Calendar tab: the deadline, how it was reached, and its settings."""

from __future__ import annotations

from datetime import date
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.deadlines import CaseDeadline, CaseLimitation
from casedesk.domain.errors import CasedeskError, ConflictError, ValidationError
from casedesk.domain.limitations import LIMITATION_DISCLAIMER, DefendantType, TollingEvent
from casedesk.domain.typed import DateError, format_date, parse_date
from casedesk.ui.calendar.agenda import format_day
from casedesk.ui.forms import DateField, FormErrors, error_label, form_state, ignore_wheel_unless_focused
from casedesk.ui.messages import show_error

if TYPE_CHECKING:
    from casedesk.services.calendar import CalendarService

DEFENDANT_LABELS = {
    DefendantType.PRIVATE: "Private (person or company)",
    DefendantType.GOVERNMENT: "Government (city, county, state, agency)",
}
TOLL_CAUSE, TOLL_START, TOLL_END = range(3)
EDIT_CASE_LINK = "edit-case"
#: The tallest the deadline text grows before it scrolls (the events below need the room).
RESULT_MOST_HEIGHT = 330
WARNING_COLOR = "#b35c00"
OVERDUE_COLOR = "#b00020"


class FittingScrollArea(QScrollArea):
    """A scroll area as tall as its content at its width, up to ``most`` pixels; beyond that it scrolls."""

    def __init__(self, most: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._most = most
        self._width = -1

    def sizeHint(self) -> QSize:
        """Qt override: the content's height for the width shown (wrapped text is taller when narrow)."""
        hint = super().sizeHint()
        content = self.widget()
        if content is None:
            return hint
        width = self.viewport().width()
        height = content.heightForWidth(width) if content.hasHeightForWidth() else -1
        if height < 0:
            height = content.sizeHint().height()
        return QSize(hint.width(), min(height + 2 * self.frameWidth(), self._most))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Qt override: a new width changes the height the content needs."""
        super().resizeEvent(event)
        if event.size().width() != self._width:
            self._width = event.size().width()
            self.updateGeometry()


def days_left(day: date, today: date) -> str:
    """How far a deadline is, in words: ``in 12 days``, ``today``, ``passed 3 days ago``."""
    days = (day - today).days
    if days > 1:
        return f"in {days:,} days"
    if days == 1:
        return "tomorrow"
    if days == 0:
        return "today"
    if days == -1:
        return "passed yesterday"
    return f"passed {-days:,} days ago"


def deadline_html(deadline: CaseDeadline, today: date) -> str:
    """The deadline in words for the box: the date due, why it moved, the rule, the notice deadline."""
    result, settings = deadline.result, deadline.settings
    lines: list[str] = []
    effective = deadline.effective
    done_on = deadline.event.done_on if deadline.event is not None else None
    if effective is not None:
        if done_on is not None:
            when = f"filed (marked done {format_date(done_on)})"
        else:
            color = OVERDUE_COLOR if effective < today else "inherit"
            when = f"<span style='color:{color}'>{days_left(effective, today)}</span>"
        if settings.override_on is not None:
            lines.append(
                f"<span style='font-size:13pt'>Set by hand: <b>{format_day(effective)}</b></span> — {when}"
            )
            if settings.override_reason.strip():
                lines.append(f"Reason: {escape(settings.override_reason.strip())}")
            if result is not None:
                lines.append(f"Computed date: {format_day(result.due)}")
        else:
            lines.append(
                f"<span style='font-size:13pt'>File by <b>{format_day(effective)}</b></span> — {when}"
            )
    if result is not None:
        if result.due != result.deadline:
            closed = ", ".join(escape(name) for _day, name in result.closed_days)
            lines.append(
                f"The period itself ends {format_day(result.deadline)}; courts are closed ({closed}), "
                "so the filing is due the next court day."
            )
        if result.tolled_days:
            lines.append(f"Tolling adds {result.tolled_days:,} day{'s' if result.tolled_days != 1 else ''}.")
        rule = result.rule
        lines.append(
            f"Rule: {escape(rule.label)} ({escape(result.jurisdiction)}). Source: {escape(rule.source)}; "
            f"data as of {format_date(rule.as_of)}."
        )
        if result.verify:
            lines.append(
                f"<b style='color:{WARNING_COLOR}'>Verify:</b> this rule or computation is flagged for "
                "checking; read the explanation."
            )
        if result.notice is not None:
            notice = result.notice
            color = OVERDUE_COLOR if notice.deadline < today else "inherit"
            lines.append(
                f"Notice of claim to the government defendant by <b>{format_day(notice.deadline)}</b> "
                f"(<span style='color:{color}'>{days_left(notice.deadline, today)}</span>; "
                f"{escape(notice.rule.period)}, "
                f"{escape(notice.rule.source)}; not moved for weekends or holidays)."
            )
        elif settings.defendant_type is DefendantType.GOVERNMENT:
            lines.append(
                f"<b style='color:{WARNING_COLOR}'>No notice-of-claim period for government defendants in "
                f"{escape(result.jurisdiction)} is on file:</b> check whether written notice is needed."
            )
    if deadline.problem:
        lines.append(
            f"<span style='color:{WARNING_COLOR}'>{escape(deadline.problem)}</span> "
            f"<a href='{EDIT_CASE_LINK}'>Edit case…</a>"
        )
    return "<br>".join(lines)


class LimitationBox(QGroupBox):
    """A case's limitation deadline, and the settings that move it (saved with Save, undone with Revert).

    As the settings are edited the deadline shown is a preview of what they would give.

    Signals:
        settings_saved: The settings were saved (the deadline events may have moved; the override, if
            changed, was logged on the timeline).
        edit_case_requested: The user followed "Edit case…" to fill in what the computation needs.
    """

    settings_saved = Signal()
    edit_case_requested = Signal()

    def __init__(self, calendar: CalendarService, parent: QWidget | None = None) -> None:
        super().__init__("Limitation deadline", parent)
        self._calendar = calendar
        self._loaded: CaseLimitation | None = None
        self._loaded_state: tuple[object, ...] = ()
        self._loading = False

        self.preview_note = QLabel("<i>Preview of unsaved settings: Save to keep them.</i>")
        self.preview_note.setStyleSheet("color: #1a5fb4;")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.explain_button = QToolButton()
        self.explain_button.setText("Explain…")
        self.explain_button.setCheckable(True)
        self.explain_button.setToolTip("How the date was reached, step by step")
        self.explanation = QLabel()
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation.hide()
        self.disclaimer = QLabel(LIMITATION_DISCLAIMER)
        self.disclaimer.setWordWrap(True)
        self.disclaimer.setStyleSheet("color: #555; font-style: italic;")

        self.defendant = QComboBox()
        ignore_wheel_unless_focused(self.defendant)
        for kind, label in DEFENDANT_LABELS.items():
            self.defendant.addItem(label, kind)
        self.tolling = QTableWidget(0, 3)
        self.tolling.setHorizontalHeaderLabels(["Tolling cause", "Start", "End"])
        self.tolling.verticalHeader().hide()
        self.tolling.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tolling.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tolling.horizontalHeader().setSectionResizeMode(TOLL_CAUSE, QHeaderView.ResizeMode.Stretch)
        for column in (TOLL_START, TOLL_END):
            self.tolling.horizontalHeader().resizeSection(column, 95)
        self.tolling.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.tolling.setFixedHeight(4 * (self.fontMetrics().height() + 8))
        self.tolling.setToolTip(
            "Spans when the clock stops (e.g. the defendant was out of state); MM/DD/YYYY"
        )
        self.add_tolling_button = QPushButton("Add &period")
        self.remove_tolling_button = QPushButton("Remove")
        self.override_box = QCheckBox("Set the deadline b&y hand")
        self.override_on = DateField()
        self.override_reason = QLineEdit()
        self.override_reason.setPlaceholderText(
            "Why the computed date does not apply (logged on the timeline)"
        )
        self.save_button = QPushButton("&Save settings")
        self.revert_button = QPushButton("Rever&t")
        self.labels = {name: error_label() for name in ("tolling", "override_on", "override_reason")}
        self.form_errors = FormErrors(
            None,
            {
                "tolling": (self.tolling, self.labels["tolling"]),
                "override_on": (self.override_on, self.labels["override_on"]),
                "override_reason": (self.override_reason, self.labels["override_reason"]),
            },
        )
        self._build_layout()
        self._connect()
        self.load(None)

    def _build_layout(self) -> None:
        page = QWidget()
        content = QVBoxLayout(page)
        content.setContentsMargins(0, 0, 4, 0)
        content.addWidget(self.preview_note)
        content.addWidget(self.summary)
        explain_row = QHBoxLayout()
        explain_row.addWidget(self.explain_button)
        explain_row.addStretch(1)
        content.addLayout(explain_row)
        content.addWidget(self.explanation)
        content.addStretch(1)
        # A long explanation scrolls here; it never pushes the events off the tab or gets cut off.
        self.result_scroll = FittingScrollArea(most=RESULT_MOST_HEIGHT)
        self.result_scroll.setWidgetResizable(True)
        self.result_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.result_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.result_scroll.setWidget(page)
        self.result_scroll.viewport().setAutoFillBackground(False)
        page.setAutoFillBackground(False)
        result = QVBoxLayout()
        result.addWidget(self.result_scroll, 1)
        result.addWidget(self.disclaimer)

        self.settings = QWidget()
        column = QVBoxLayout(self.settings)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        column.addLayout(form)
        column.addStretch(1)  # a long explanation beside the settings leaves them together at the top
        form.setVerticalSpacing(4)
        form.addRow("&Defendant:", self.defendant)
        tolling_buttons = QHBoxLayout()
        tolling_buttons.addWidget(self.add_tolling_button)
        tolling_buttons.addWidget(self.remove_tolling_button)
        tolling_buttons.addStretch(1)
        tolling = QVBoxLayout()
        tolling.setSpacing(2)
        tolling.addWidget(self.tolling)
        tolling.addWidget(self.labels["tolling"])
        tolling.addLayout(tolling_buttons)
        form.addRow("Tolling:", tolling)
        form.addRow(self.override_box)
        form.addRow("Date:", self.override_on)
        form.addRow("", self.labels["override_on"])
        form.addRow("&Reason:", self.override_reason)
        form.addRow("", self.labels["override_reason"])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)

        layout = QHBoxLayout(self)
        layout.addLayout(result, 3)
        layout.addSpacing(12)
        layout.addWidget(self.settings, 2)

    def _connect(self) -> None:
        self.summary.linkActivated.connect(self._on_summary_link)
        self.explain_button.toggled.connect(self._on_explain_toggled)
        self.defendant.activated.connect(lambda _i: self._on_edited())
        self.tolling.itemChanged.connect(lambda _item: self._on_edited("tolling"))
        self.add_tolling_button.clicked.connect(self.add_tolling_row)
        self.remove_tolling_button.clicked.connect(self.remove_tolling_row)
        self.override_box.toggled.connect(self._on_override_toggled)
        self.override_on.textChanged.connect(lambda _t: self._on_edited("override_on"))
        self.override_reason.textChanged.connect(lambda _t: self._on_edited("override_reason"))
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)

    # --- loading ---------------------------------------------------------------------------------

    def load(self, deadline: CaseDeadline | None) -> None:
        """Show a case's saved deadline and settings (None: no case), dropping unsaved edits."""
        self._loading = True
        self._loaded = None if deadline is None else deadline.settings
        settings = self._loaded or CaseLimitation(case_id=0)
        self.defendant.setCurrentIndex(self.defendant.findData(settings.defendant_type))
        self.tolling.setRowCount(0)
        for event in settings.tolling:
            self._append_tolling_row(event.cause, format_date(event.start), format_date(event.end))
        self.override_box.setChecked(settings.override_on is not None)
        self.override_on.set_value(settings.override_on)
        self.override_reason.setText(settings.override_reason)
        self._loading = False
        self._loaded_state = form_state(self.settings)
        self.form_errors.reset()
        self.form_errors.show({})
        self.settings.setEnabled(deadline is not None)
        self._show(deadline, preview=False)
        self._update_buttons({})

    def has_changes(self) -> bool:
        """Whether the settings shown differ from those saved."""
        return self._loaded is not None and form_state(self.settings) != self._loaded_state

    def revert(self) -> None:
        """Throw unsaved edits away and show the saved settings again."""
        if self._loaded is not None:
            self.load(self._calendar.deadline(self._loaded.case_id))

    def save(self) -> bool:
        """Save the settings shown (explaining what is wrong instead, if anything is); True once saved."""
        if self._loaded is None:
            return False
        settings, errors = self._read()
        self.form_errors.touch()
        self.form_errors.show(errors)
        if errors:
            self.form_errors.focus_first_error(errors)
            return False
        try:
            deadline = self._calendar.save_limitation(settings, self._loaded)
        except ValidationError as exc:
            self.form_errors.show(exc.errors)
            return False
        except ConflictError as exc:
            hint = "Press Revert to see the settings as saved now, then redo your edits."
            show_error(self, "Limitation settings not saved", CasedeskError(exc.message, hint))
            return False
        except CasedeskError as exc:
            show_error(self, "Limitation settings not saved", exc)
            return False
        self.load(deadline)
        self.settings_saved.emit()
        return True

    def save_pending(self) -> None:
        """Save valid edited settings (before the case or file changes); invalid edits are dropped."""
        if self.has_changes() and not self._read()[1]:
            self.save()

    # --- tolling rows ----------------------------------------------------------------------------

    def add_tolling_row(self) -> None:
        """Add an empty tolling period and start typing its cause."""
        row = self._append_tolling_row("", "", "")
        self.tolling.setCurrentCell(row, TOLL_CAUSE)
        item = self.tolling.item(row, TOLL_CAUSE)
        if item is not None:
            self.tolling.editItem(item)
        self._on_edited()

    def remove_tolling_row(self) -> None:
        """Remove the selected tolling period."""
        row = self.tolling.currentRow()
        if row >= 0:
            self.tolling.removeRow(row)
            self._on_edited("tolling")

    def _append_tolling_row(self, cause: str, start: str, end: str) -> int:
        row = self.tolling.rowCount()
        self.tolling.blockSignals(True)
        self.tolling.insertRow(row)
        for column, text in ((TOLL_CAUSE, cause), (TOLL_START, start), (TOLL_END, end)):
            self.tolling.setItem(row, column, QTableWidgetItem(text))
        self.tolling.blockSignals(False)
        return row

    def _cell(self, row: int, column: int) -> str:
        item = self.tolling.item(row, column)
        return "" if item is None else item.text().strip()

    # --- reading and showing ---------------------------------------------------------------------

    def _read(self) -> tuple[CaseLimitation, dict[str, str]]:
        """The settings as typed (what cannot be read is left out) and what is wrong with them."""
        assert self._loaded is not None
        problems: list[str] = []
        tolling: list[TollingEvent] = []
        table_rows: list[int] = []
        for row in range(self.tolling.rowCount()):
            cause, start, end = (self._cell(row, c) for c in (TOLL_CAUSE, TOLL_START, TOLL_END))
            if not (cause or start or end):
                continue  # an empty row added and never filled
            try:
                first, last = parse_date(start), parse_date(end)
            except DateError as exc:
                problems.append(f"Row {row + 1}: {exc}")
                continue
            if first is None or last is None:
                problems.append(f"Row {row + 1}: enter the day the clock stops and the day it runs again.")
                continue
            tolling.append(TollingEvent(cause, first, last))
            table_rows.append(row)
        errors: dict[str, str] = {}
        override_on = None
        reason = ""
        if self.override_box.isChecked():
            reason = self.override_reason.text()
            try:
                override_on = self.override_on.value()
                if override_on is None:
                    errors["override_on"] = "Enter the date the deadline is set to."
            except DateError as exc:
                errors["override_on"] = str(exc)
        settings = CaseLimitation(
            case_id=self._loaded.case_id,
            defendant_type=DefendantType(self.defendant.currentData()),
            tolling=tuple(tolling),
            override_on=override_on,
            override_reason=reason,
        )
        found = self._calendar.limitation_errors(settings)
        for key, message in found.items():
            if key.startswith("tolling."):
                problems.append(f"Row {table_rows[int(key.split('.')[1])] + 1}: {message}")
            else:
                errors.setdefault(key, message)
        if self.override_box.isChecked() and override_on is None and not reason.strip():
            errors["override_reason"] = (
                "Say why the computed date is overridden (it goes in the case's audit)."
            )
        if problems:
            errors["tolling"] = "\n".join(problems)
        return settings, errors

    def _on_edited(self, field: str | None = None) -> None:
        if self._loading or self._loaded is None:
            return
        if field is not None:
            self.form_errors.touch(field)
        settings, errors = self._read()
        self.form_errors.show(errors)
        self._update_buttons(errors)
        if not self.has_changes():
            self._show(self._calendar.deadline(self._loaded.case_id), preview=False)
            return
        try:
            preview = self._calendar.preview_deadline(settings)
        except CasedeskError:  # the case went away meanwhile; the next refresh says so
            return
        self._show(preview, preview=True)

    def _on_override_toggled(self, checked: bool) -> None:
        self.override_on.setEnabled(checked)
        self.override_reason.setEnabled(checked)
        if checked and not self._loading:
            self.override_on.setFocus(Qt.FocusReason.OtherFocusReason)
        self._on_edited()

    def _update_buttons(self, errors: dict[str, str]) -> None:
        changed = self.has_changes()
        self.save_button.setEnabled(changed and not errors)
        self.revert_button.setEnabled(changed)
        self.remove_tolling_button.setEnabled(self.tolling.rowCount() > 0)
        self.override_on.setEnabled(self.override_box.isChecked())
        self.override_reason.setEnabled(self.override_box.isChecked())

    def _show(self, deadline: CaseDeadline | None, *, preview: bool) -> None:
        self.preview_note.setVisible(preview)
        if deadline is None:
            self.summary.setText("No case selected.")
            self.explanation.clear()
            self.explain_button.hide()
            return
        self.summary.setText(deadline_html(deadline, self._calendar.today()))
        lines = deadline.result.explanation if deadline.result is not None else ()
        self.explanation.setText(
            "<ol style='margin-left:-20px'>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ol>"
            if lines
            else ""
        )
        self.explain_button.setVisible(bool(lines))
        if not lines:
            self.explain_button.setChecked(False)
        self.result_scroll.updateGeometry()

    def _on_explain_toggled(self, checked: bool) -> None:
        self.explanation.setVisible(checked)
        self.result_scroll.updateGeometry()

    def _on_summary_link(self, link: str) -> None:
        if link == EDIT_CASE_LINK:
            self.edit_case_requested.emit()
