"""The dialogs to add or edit a case's calendar event or task."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.calendar import Event, EventKind, Priority, Task
from casedesk.domain.errors import NotFoundError
from casedesk.domain.typed import DateError, format_time, local_moment
from casedesk.ui.forms import (
    DateField,
    FormDialog,
    FormErrors,
    error_label,
    ignore_wheel_unless_focused,
    save_form,
)

if TYPE_CHECKING:
    from casedesk.services.calendar import CalendarService
    from casedesk.services.contacts import ContactService

#: The longest reminder lead a user can type, in days (ten years: longer is surely a typing slip).
MAX_REMINDER_DAYS = 3650
#: The start time offered when a new event stops being all-day.
DEFAULT_START = "9:00 AM"
_REMINDER_SPLIT = re.compile(r"[,;\s]+")
HINT_STYLE = "color: #555;"


class ReminderError(ValueError):
    """Reminder text that is not a list of whole days."""


def parse_reminders(text: str) -> tuple[int, ...]:
    """Days before an event, typed as ``7, 1, 0``; largest first, each once; empty text is none.

    Negative numbers are passed on (the event's validation explains them).

    Raises:
        ReminderError: A part is not a whole number, or is absurdly large.
    """
    days: set[int] = set()
    for part in _REMINDER_SPLIT.split(text.strip()):
        if not part:
            continue
        try:
            value = int(part)
        except ValueError:
            raise ReminderError(
                f"“{part}” is not a number of days; type days before the event, e.g. 7, 1, 0."
            ) from None
        if value > MAX_REMINDER_DAYS:
            raise ReminderError(f"A reminder can come at most {MAX_REMINDER_DAYS:,} days before.")
        days.add(value)
    return tuple(sorted(days, reverse=True))


def format_reminders(days: tuple[int, ...]) -> str:
    """Reminder days as the form shows them: ``7, 1, 0``."""
    return ", ".join(str(d) for d in days)


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(HINT_STYLE)
    return label


class EventDialog(FormDialog):
    """Add an event to a case's calendar, or edit one.

    A computed deadline (the case's limitation or notice-of-claim date) keeps its kind, title and date:
    they follow the case's limitation data. Its reminders, notes, location, participants and done state
    can change.
    """

    discard_subject = "this event"

    FIELDS = ("kind", "title", "day", "starts_at", "ends_at", "location", "reminders", "done_on")

    def __init__(
        self,
        calendar: CalendarService,
        contacts: ContactService,
        event: Event,
        case_label: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._event = event
        self._is_new = event.id is None
        self._computed = event.origin.computed
        self._reminders_edited = False
        self._all_day_edited = False
        self.saved: Event | None = None
        self.setWindowTitle(f"{'New event' if self._is_new else 'Event'} — {case_label}")
        self.setMinimumWidth(560)

        self.kind = QComboBox()
        ignore_wheel_unless_focused(self.kind)
        for kind in EventKind:
            # The limitation deadline is computed from the case, never entered by hand.
            if kind is not EventKind.LIMITATION or event.kind is EventKind.LIMITATION:
                self.kind.addItem(kind.label, kind)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Deposition of Dr. Patel")
        self.all_day = QCheckBox("&All day")
        self.day = DateField()
        self.start_time = QLineEdit()
        self.start_time.setPlaceholderText("2:15 PM")
        self.start_time.setMaximumWidth(100)
        self.end_time = QLineEdit()
        self.end_time.setPlaceholderText("optional")
        self.end_time.setMaximumWidth(100)
        self.when = QWidget()
        self.when.setFocusProxy(self.day)  # Alt+D goes to the date
        when = QHBoxLayout(self.when)
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.day)
        when.addWidget(self.all_day)
        when.addSpacing(12)
        self.from_label = QLabel("&from")
        self.from_label.setBuddy(self.start_time)
        self.to_label = QLabel("to")
        when.addWidget(self.from_label)
        when.addWidget(self.start_time)
        when.addWidget(self.to_label)
        when.addWidget(self.end_time)
        when.addStretch(1)
        self.computed_note = _hint(
            "This date follows the case's limitation data (incident date, jurisdiction, client's date of "
            "birth, tolling, override): change those on the case's Calendar tab to move it. The notes "
            "explain the computation and are kept in step with it."
        )
        self.location = QLineEdit()
        self.location.setPlaceholderText("e.g. Travis County Courthouse, Room 4B")
        self.participant_boxes: dict[int, QCheckBox] = {}
        self.participants = self._participants_widget(contacts, event)
        self.reminders = QLineEdit()
        self.reminders.setPlaceholderText("no reminders")
        self.reminders_hint = _hint("Days before the event, e.g. 7, 1, 0 (0 = on the day).")
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText("What to bring, who to call, what follows from it.")
        self.notes.setMinimumHeight(70)
        self.done_box = QCheckBox("Do&ne (deadline met)")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "kind": (self.kind, self.labels["kind"]),
                "title": (self.title, self.labels["title"]),
                "day": (self.day, self.labels["day"]),
                "starts_at": (self.start_time, self.labels["starts_at"]),
                "ends_at": (self.end_time, self.labels["ends_at"]),
                "location": (self.location, self.labels["location"]),
                "reminders": (self.reminders, self.labels["reminders"]),
                "done_on": (self.done_box, self.labels["done_on"]),
            },
        )
        self._build_layout(case_label)
        self._load(event)
        self._connect()
        self._validate()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        calendar: CalendarService,
        contacts: ContactService,
        event: Event,
        case_label: str,
    ) -> Event | None:
        """Show the dialog on an event (a new one has no id); the saved event, or None if cancelled."""
        dialog = cls(calendar, contacts, event, case_label, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    # --- building --------------------------------------------------------------------------------

    def _participants_widget(self, contacts: ContactService, event: Event) -> QWidget:
        names: dict[int, list[str]] = {}
        for link in contacts.for_case(event.case_id):
            if link.contact.id is not None:
                names.setdefault(link.contact.id, [link.contact.name]).append(link.role.label)
        for contact_id in event.participant_ids:  # unlinked from the case since: still shown
            if contact_id not in names:
                try:
                    names[contact_id] = [contacts.get(contact_id).name, "not linked to this case"]
                except NotFoundError:  # deleted from the book: nothing to show
                    continue
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setContentsMargins(4, 2, 4, 2)
        column.setSpacing(2)
        # Those taking part first, so they are in view without scrolling.
        order = sorted(names, key=lambda cid: (cid not in event.participant_ids, names[cid][0].casefold()))
        for contact_id in order:
            name, *roles = names[contact_id]
            box = QCheckBox(f"{name} ({', '.join(dict.fromkeys(roles))})")
            box.setChecked(contact_id in event.participant_ids)
            self.participant_boxes[contact_id] = box
            column.addWidget(box)
        if not names:
            column.addWidget(
                _hint("No contacts are linked to this case; link them on the Overview tab to pick them here.")
            )
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        rows = max(1, min(len(names), 4))
        scroll.setFixedHeight(rows * (self.fontMetrics().height() + 8) + 10)
        return scroll

    def _build_layout(self, case_label: str) -> None:
        form = QFormLayout()
        form.addRow("Case:", QLabel(case_label))
        form.addRow("&Kind:", self.kind)
        form.addRow("", self.labels["kind"])
        form.addRow("&Title:", self.title)
        form.addRow("", self.labels["title"])
        form.addRow("&Date:", self.when)
        for name in ("day", "starts_at", "ends_at"):
            form.addRow("", self.labels[name])
        form.addRow("", self.computed_note)
        form.addRow("&Location:", self.location)
        form.addRow("", self.labels["location"])
        form.addRow("&Participants:", self.participants)
        form.addRow("&Reminders:", self.reminders)
        form.addRow("", self.reminders_hint)
        form.addRow("", self.labels["reminders"])
        form.addRow("N&otes:", self.notes)
        form.addRow("", self.done_box)
        form.addRow("", self.labels["done_on"])
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

    def _load(self, event: Event) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(event.kind)))
        self.title.setText(event.title)
        self.day.set_value(event.day)
        self.all_day.setChecked(event.all_day)
        if event.starts_at is not None:
            self.start_time.setText(format_time(event.starts_at.astimezone().time()))
        if event.ends_at is not None:
            self.end_time.setText(format_time(event.ends_at.astimezone().time()))
        self.location.setText(event.location)
        self.reminders.setText(format_reminders(event.reminders))
        self.notes.setPlainText(event.notes)
        self.done_box.setChecked(event.done_on is not None)
        self._loaded_when = self._when_texts()
        if self._computed:
            self.kind.setEnabled(False)
            self.title.setReadOnly(True)
            self.day.setReadOnly(True)
            self.all_day.setEnabled(False)
            # The notes say how the date was computed; they are rewritten whenever it moves.
            self.notes.setReadOnly(True)
        self.computed_note.setVisible(self._computed)
        if self._is_new and event.all_day:
            self._apply_kind_defaults()
        self._update_enabled()

    def _connect(self) -> None:
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.title.textChanged.connect(lambda _t: self._on_field_edited("title"))
        self.day.textChanged.connect(lambda _t: self._on_field_edited("day"))
        self.all_day.toggled.connect(self._on_all_day_toggled)
        self.start_time.textChanged.connect(lambda _t: self._on_field_edited("starts_at"))
        self.end_time.textChanged.connect(lambda _t: self._on_field_edited("ends_at"))
        self.location.textChanged.connect(lambda _t: self._on_field_edited("location"))
        self.reminders.textEdited.connect(self._on_reminders_edited)
        self.done_box.toggled.connect(lambda _c: self._on_field_edited("done_on"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # --- reading ---------------------------------------------------------------------------------

    def _when_texts(self) -> tuple[object, ...]:
        return (self.day.text(), self.all_day.isChecked(), self.start_time.text(), self.end_time.text())

    def _kind(self) -> EventKind:
        return EventKind(self.kind.currentData())

    def _read(self) -> tuple[Event, dict[str, str]]:
        errors: dict[str, str] = {}
        original = self._event
        try:
            day = self.day.value()
            if day is None:
                raise DateError("The date is required.")
        except DateError as exc:
            errors["day"] = str(exc)
            day = original.day  # stands in so the other fields can be checked
        starts_at, ends_at = original.starts_at, original.ends_at
        # Untouched times stay as stored: re-reading them in another time zone would move the event.
        if self._when_texts() != self._loaded_when:
            starts_at, ends_at = self._read_times(day, errors)
        try:
            reminders = parse_reminders(self.reminders.text())
        except ReminderError as exc:
            errors["reminders"] = str(exc)
            reminders = original.reminders
        kind = self._kind()
        done_on = None
        if kind.is_deadline and self.done_box.isChecked():
            done_on = original.done_on or self._calendar.today()
        event = replace(
            original,
            kind=kind,
            title=self.title.text(),
            day=day,
            starts_at=starts_at,
            ends_at=ends_at,
            location=self.location.text(),
            notes=self.notes.toPlainText(),
            reminders=reminders,
            done_on=done_on,
            participant_ids=tuple(cid for cid, box in self.participant_boxes.items() if box.isChecked()),
        )
        service_errors = self._calendar.event_errors(event)
        return event, service_errors | errors

    def _read_times(self, day: date, errors: dict[str, str]) -> tuple[datetime | None, datetime | None]:
        if self.all_day.isChecked():
            return None, None
        try:
            starts_at = local_moment(day, self.start_time.text())
        except DateError as exc:
            errors["starts_at"] = str(exc).replace("The time is", "The start time is")
            return None, None
        if not self.end_time.text().strip():
            return starts_at, None
        try:
            return starts_at, local_moment(day, self.end_time.text())
        except DateError as exc:
            errors["ends_at"] = str(exc)
            return starts_at, None

    # --- reacting --------------------------------------------------------------------------------

    def _validate(self) -> None:
        self.form_errors.show(self._read()[1])

    def _update_enabled(self) -> None:
        timed = not self.all_day.isChecked()
        for widget in (self.from_label, self.start_time, self.to_label, self.end_time):
            widget.setEnabled(timed and not self._computed)
        self.done_box.setVisible(self._kind().is_deadline)

    def _on_field_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self._validate()

    def _apply_kind_defaults(self) -> None:
        """On a new event, what the kind implies, unless the user already chose otherwise."""
        kind = self._kind()
        if not self._reminders_edited:
            self.reminders.setText(format_reminders(kind.default_reminders))
        if not self._all_day_edited:
            # Deadlines fall on a day; hearings, depositions and appointments are at a time.
            self.all_day.blockSignals(True)
            self.all_day.setChecked(not kind.needs_attendance)
            self.all_day.blockSignals(False)
            if kind.needs_attendance and not self.start_time.text():
                self.start_time.setText(DEFAULT_START)
        self._update_enabled()

    def _on_kind_changed(self, _index: int) -> None:
        if self._is_new:
            self._apply_kind_defaults()
        self._update_enabled()
        self._on_field_edited("kind")

    def _on_all_day_toggled(self, checked: bool) -> None:
        self._all_day_edited = True
        if not checked and not self.start_time.text():
            self.start_time.setText(DEFAULT_START)
        self._update_enabled()
        self.form_errors.touch("starts_at", "ends_at")
        self._validate()

    def _on_reminders_edited(self, _text: str) -> None:
        self._reminders_edited = True
        self._on_field_edited("reminders")

    def _on_save(self) -> None:
        event, errors = self._read()
        calendar = self._calendar
        save = (lambda: calendar.add_event(event)) if self._is_new else (lambda: calendar.update_event(event))
        self.saved = save_form(self, self.form_errors, errors, save, "Event not saved")


class TaskDialog(FormDialog):
    """Add a task to a case, or edit one."""

    discard_subject = "this task"

    FIELDS = ("title", "due_on")

    def __init__(
        self, calendar: CalendarService, task: Task, case_label: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._calendar = calendar
        self._task = task
        self.saved: Task | None = None
        self.setWindowTitle(f"{'New task' if task.id is None else 'Task'} — {case_label}")
        self.setMinimumWidth(480)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Request MRI films from Austin Imaging")
        self.due_on = DateField()
        self.due_on.setPlaceholderText("MM/DD/YYYY (optional)")
        self.due_on.setMaximumWidth(180)
        self.priority = QComboBox()
        ignore_wheel_unless_focused(self.priority)
        for priority in sorted(Priority, reverse=True):
            self.priority.addItem(priority.label, priority)
        self.notes = QPlainTextEdit()
        self.notes.setMinimumHeight(70)
        self.done_box = QCheckBox("Do&ne")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "title": (self.title, self.labels["title"]),
                "due_on": (self.due_on, self.labels["due_on"]),
            },
        )
        form = QFormLayout()
        form.addRow("Case:", QLabel(case_label))
        form.addRow("&Task:", self.title)
        form.addRow("", self.labels["title"])
        form.addRow("&Due:", self.due_on)
        form.addRow("", self.labels["due_on"])
        form.addRow("&Priority:", self.priority)
        form.addRow("N&otes:", self.notes)
        form.addRow("", self.done_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)

        self.title.setText(task.title)
        self.due_on.set_value(task.due_on)
        self.priority.setCurrentIndex(self.priority.findData(task.priority))
        self.notes.setPlainText(task.notes)
        self.done_box.setChecked(task.done_on is not None)
        self.title.textChanged.connect(lambda _t: self._on_field_edited("title"))
        self.due_on.textChanged.connect(lambda _t: self._on_field_edited("due_on"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._validate()
        self.remember_loaded()

    @classmethod
    def ask(
        cls, parent: QWidget | None, calendar: CalendarService, task: Task, case_label: str
    ) -> Task | None:
        """Show the dialog on a task (a new one has no id); the saved task, or None if cancelled."""
        dialog = cls(calendar, task, case_label, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _read(self) -> tuple[Task, dict[str, str]]:
        errors: dict[str, str] = {}
        try:
            due_on = self.due_on.value()
        except DateError as exc:
            errors["due_on"] = str(exc)
            due_on = self._task.due_on
        original = self._task
        task = replace(
            original,
            title=self.title.text(),
            due_on=due_on,
            priority=Priority(self.priority.currentData()),
            notes=self.notes.toPlainText(),
            done_on=(original.done_on or self._calendar.today()) if self.done_box.isChecked() else None,
        )
        return task, self._calendar.task_errors(task) | errors

    def _validate(self) -> None:
        self.form_errors.show(self._read()[1])

    def _on_field_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self._validate()

    def _on_save(self) -> None:
        task, errors = self._read()
        calendar, original = self._calendar, self._task
        save = (
            (lambda: calendar.add_task(task))
            if original.id is None
            else (lambda: calendar.update_task(task, expected=original))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Task not saved")
