"""The dialog to add or edit a timeline entry."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.typed import DateError, format_time, local_moment
from casedesk.ui.forms import DateField, FormDialog, FormErrors, error_label, save_form

if TYPE_CHECKING:
    from casedesk.services.timeline import TimelineService

#: The direction a new entry of each kind usually has; the user can change it.
DEFAULT_DIRECTION = {
    ActivityKind.CALL: Direction.OUTGOING,
    ActivityKind.EMAIL: Direction.OUTGOING,
    ActivityKind.LETTER: Direction.OUTGOING,
    ActivityKind.MEETING: Direction.INTERNAL,
    ActivityKind.NOTE: Direction.INTERNAL,
}


class ActivityDialog(FormDialog):
    """Add an entry to a case's timeline, or edit one."""

    discard_subject = "this timeline entry"

    FIELDS = ("occurred_at", "subject")

    def __init__(
        self,
        timeline: TimelineService,
        case_id: int,
        activity: Activity | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeline = timeline
        self._case_id = case_id
        self._activity = activity
        self.saved: Activity | None = None
        self.setWindowTitle("New timeline entry" if activity is None else "Timeline entry")
        self.setMinimumWidth(520)
        self.kind = QComboBox()
        for kind in ActivityKind:
            self.kind.addItem(kind.label, kind)
        self.direction = QComboBox()
        for direction in Direction:
            self.direction.addItem(direction.label, direction)
        # Typed, not spun: a spin box silently kept the old value for "02/30" and ignored "PM".
        self.occurred_on = DateField()
        self.occurred_time = QLineEdit()
        self.occurred_time.setPlaceholderText("2:15 PM")
        self.occurred_time.setMaximumWidth(100)
        self.occurred_at = QWidget()
        when = QHBoxLayout(self.occurred_at)
        when.setContentsMargins(0, 0, 0, 0)
        when.addWidget(self.occurred_on)
        when.addWidget(self.occurred_time)
        when.addStretch(1)
        self.parties = QLineEdit()
        self.parties.setPlaceholderText("e.g. Adjuster J. Ortiz (State Mutual); client")
        self.subject = QLineEdit()
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("What was said or done, and what follows from it.")
        self.labels = {name: error_label() for name in self.FIELDS}
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.form_errors = FormErrors(
            self.buttons,
            {
                "occurred_at": (self.occurred_at, self.labels["occurred_at"]),
                "subject": (self.subject, self.labels["subject"]),
            },
        )
        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        form.addRow("&Direction:", self.direction)
        form.addRow("&When:", self.occurred_at)
        form.addRow("", self.labels["occurred_at"])
        form.addRow("&Parties:", self.parties)
        form.addRow("&Subject:", self.subject)
        form.addRow("", self.labels["subject"])
        form.addRow("&Notes:", self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._load(activity)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.subject.textChanged.connect(lambda _t: self._on_field_edited("subject"))
        self.occurred_on.textChanged.connect(lambda _t: self._on_field_edited("occurred_at"))
        self.occurred_time.textChanged.connect(lambda _t: self._on_field_edited("occurred_at"))
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        self._validate()
        self.remember_loaded()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        timeline: TimelineService,
        case_id: int,
        activity: Activity | None = None,
    ) -> Activity | None:
        """Show the dialog; the saved entry, or None if cancelled."""
        dialog = cls(timeline, case_id, activity, parent)
        return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None

    def _load(self, activity: Activity | None) -> None:
        if activity is None:
            self.kind.setCurrentIndex(self.kind.findData(ActivityKind.CALL))
            self.direction.setCurrentIndex(self.direction.findData(DEFAULT_DIRECTION[ActivityKind.CALL]))
            moment = self._timeline.clock().astimezone().replace(second=0, microsecond=0, tzinfo=None)
        else:
            self.kind.setCurrentIndex(self.kind.findData(activity.kind))
            self.direction.setCurrentIndex(self.direction.findData(activity.direction))
            moment = activity.occurred_at.astimezone().replace(tzinfo=None)
            self.parties.setText(activity.parties)
            self.subject.setText(activity.subject)
            self.body.setPlainText(activity.body)
        self.occurred_on.set_value(moment.date())
        self.occurred_time.setText(format_time(moment.time()))

    def _read(self) -> tuple[Activity, dict[str, str]]:
        errors: dict[str, str] = {}
        try:
            day = self.occurred_on.value()
            if day is None:
                raise DateError("The date is required.")
            moment = local_moment(day, self.occurred_time.text())
        except DateError as exc:
            errors["occurred_at"] = str(exc)
            moment = self._timeline.clock()  # stands in so the other fields can be checked
        activity = Activity(
            id=None if self._activity is None else self._activity.id,
            case_id=self._case_id,
            kind=ActivityKind(self.kind.currentData()),
            occurred_at=moment,
            direction=Direction(self.direction.currentData()),
            parties=self.parties.text(),
            subject=self.subject.text(),
            body=self.body.toPlainText(),
        )
        return activity, self._timeline.errors(activity) | errors

    def _validate(self) -> None:
        self.form_errors.show(self._read()[1])

    def _on_field_edited(self, key: str) -> None:
        self.form_errors.touch(key)
        self._validate()

    def _on_kind_changed(self, _index: int) -> None:
        if self._activity is None:
            kind = ActivityKind(self.kind.currentData())
            self.direction.setCurrentIndex(self.direction.findData(DEFAULT_DIRECTION[kind]))

    def _on_save(self) -> None:
        activity, errors = self._read()
        timeline, existing = self._timeline, self._activity
        save = (
            (lambda: timeline.add(activity))
            if existing is None
            else (lambda: timeline.update(replace(activity, id=existing.id), existing))
        )
        self.saved = save_form(self, self.form_errors, errors, save, "Entry not saved")

    def use_their_version(self, current: object) -> None:
        """Show the entry as saved now (someone else changed it); the user's typing is dropped."""
        assert isinstance(current, Activity)
        self._activity = current
        self._load(current)
        self._validate()
        self.remember_loaded()

    def keep_mine(self, current: object) -> None:
        """Keep the form as typed; the next Save replaces the entry as saved now."""
        assert isinstance(current, Activity)
        self._activity = current
