"""A case's Calendar tab and its event and task dialogs, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, time

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from casedesk.domain.calendar import Event, EventKind, EventOrigin, Priority, Task
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.services.casefiles import Services
from casedesk.ui import forms
from casedesk.ui.calendar.dialogs import EventDialog, TaskDialog, parse_reminders
from tests.conftest import TODAY
from tests.ui.conftest import click_save


def link_contact(services: Services, case_id: int, name: str, role: ContactRole) -> int:
    contact = services.contacts.create(Contact(name=name, role=role))
    assert contact.id is not None
    services.contacts.link(case_id, contact.id, role)
    return contact.id


def event_dialog(qtbot: QtBot, services: Services, event: Event) -> EventDialog:
    dialog = EventDialog(services.calendar, services.contacts, event, "PI-2026-0001 · Alvarez v. Driver 1")
    qtbot.addWidget(dialog)
    return dialog


def save_button(dialog: EventDialog | TaskDialog) -> object:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


# --- the event dialog ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "days"),
    [("7, 1, 0", (7, 1, 0)), ("0 1 7 1", (7, 1, 0)), ("", ()), ("30;14", (30, 14)), ("-1", (-1,))],
)
def test_reminders_are_read_as_people_type_them(text: str, days: tuple[int, ...]) -> None:
    """Reminder days are read with commas, spaces or semicolons, largest first, each once."""
    assert parse_reminders(text) == days


def test_dialog_adds_a_deposition_with_participants(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A deposition typed into the dialog is saved at its local time, with the contacts ticked."""
    case = make_case()
    case_id = case.id or 0
    doctor = link_contact(services, case_id, "Dr. Anita Patel", ContactRole.MEDICAL_PROVIDER)
    adjuster = link_contact(services, case_id, "J. Ortiz", ContactRole.ADJUSTER)
    dialog = event_dialog(qtbot, services, services.calendar.new_event(case_id))
    assert not save_button(dialog).isEnabled()  # type: ignore[attr-defined]
    assert dialog.labels["title"].text() == ""  # nothing typed yet: no scolding
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.DEPOSITION))
    assert dialog.reminders.text() == "7, 1, 0"
    assert not dialog.all_day.isChecked()
    assert not dialog.done_box.isVisibleTo(dialog)  # a deposition is not a deadline
    qtbot.keyClicks(dialog.title, "Deposition of Dr. Patel")
    dialog.day.clear()
    qtbot.keyClicks(dialog.day, "12/03/2026")
    dialog.start_time.clear()
    qtbot.keyClicks(dialog.start_time, "2:15 pm")
    qtbot.keyClicks(dialog.end_time, "4pm")
    qtbot.keyClicks(dialog.location, "Patel Orthopedics, 200 Congress Ave")
    dialog.participant_boxes[doctor].setChecked(True)
    assert set(dialog.participant_boxes) == {doctor, adjuster}
    click_save(qtbot, dialog)
    assert dialog.saved is not None
    saved = services.calendar.get_event(dialog.saved.id or 0)
    assert saved == dialog.saved
    assert saved.kind is EventKind.DEPOSITION
    assert saved.day == date(2026, 12, 3)
    assert saved.starts_at == datetime.combine(date(2026, 12, 3), time(14, 15)).astimezone()
    assert saved.ends_at == datetime.combine(date(2026, 12, 3), time(16, 0)).astimezone()
    assert saved.participant_ids == (doctor,)
    assert saved.reminders == (7, 1, 0)
    assert saved.uid


def test_dialog_refuses_bad_input_and_keeps_it(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Bad dates, times and reminders are explained beside their fields; nothing is saved or lost."""
    case_id = make_case().id or 0
    dialog = event_dialog(qtbot, services, services.calendar.new_event(case_id, EventKind.COURT))
    qtbot.keyClicks(dialog.title, "Hearing on motion to compel")
    assert save_button(dialog).isEnabled()  # type: ignore[attr-defined]
    dialog.day.clear()
    qtbot.keyClicks(dialog.day, "02/30/2027")
    assert "does not exist" in dialog.labels["day"].text()
    assert not save_button(dialog).isEnabled()  # type: ignore[attr-defined]
    dialog.day.clear()
    qtbot.keyClicks(dialog.day, "01/12/2027")
    dialog.start_time.clear()
    qtbot.keyClicks(dialog.start_time, "10:30")
    qtbot.keyClicks(dialog.end_time, "9:00")
    assert "cannot end before it starts" in dialog.labels["ends_at"].text()
    dialog.reminders.clear()
    qtbot.keyClicks(dialog.reminders, "a week")
    assert "not a number of days" in dialog.labels["reminders"].text()
    click_save(qtbot, dialog)
    assert dialog.saved is None
    assert [e.origin for e in services.calendar.case_calendar(case_id).events] == [EventOrigin.LIMITATION]
    assert dialog.title.text() == "Hearing on motion to compel"
    assert dialog.end_time.text() == "9:00"
    dialog.end_time.setText("11:00")
    dialog.reminders.setText("7, 1")
    dialog.reminders.textEdited.emit("7, 1")
    click_save(qtbot, dialog)
    assert dialog.saved is not None and dialog.saved.reminders == (7, 1)


def test_editing_an_event_keeps_its_time_and_uid(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Changing only the location of a timed event leaves its time and UID as they were."""
    case_id = make_case().id or 0
    start = datetime.combine(date(2026, 12, 8), time(9, 0)).astimezone()
    event = services.calendar.add_event(
        replace(
            services.calendar.new_event(case_id, EventKind.MEDICAL_EVALUATION, date(2026, 12, 8)),
            title="IME with Dr. Chen",
            starts_at=start,
        )
    )
    dialog = event_dialog(qtbot, services, event)
    assert dialog.start_time.text() == "9:00 AM"
    assert not dialog.has_changes()
    qtbot.keyClicks(dialog.location, "Suite 300")
    click_save(qtbot, dialog)
    saved = services.calendar.get_event(event.id or 0)
    assert (saved.location, saved.starts_at, saved.uid) == ("Suite 300", start, event.uid)
    assert saved.revision == event.revision + 1


def test_an_event_changed_elsewhere_is_not_overwritten(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving an event someone else saved meanwhile is refused with a message saying to reopen it."""
    case_id = make_case().id or 0
    event = services.calendar.add_event(
        replace(services.calendar.new_event(case_id, EventKind.FOLLOW_UP), title="Call adjuster")
    )
    shown: list[str] = []
    monkeypatch.setattr(forms, "show_error", lambda _p, _t, error: shown.append(error.message + error.hint))
    dialog = event_dialog(qtbot, services, event)
    services.calendar.update_event(replace(event, notes="B-EDIT"))
    qtbot.keyClicks(dialog.location, "Phone")
    click_save(qtbot, dialog)
    assert dialog.saved is None
    assert shown and "changed elsewhere" in shown[0] and "open the event again" in shown[0]
    assert services.calendar.get_event(event.id or 0).notes == "B-EDIT"


def test_a_computed_deadline_keeps_its_kind_title_and_date(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """The limitation deadline's kind, title and date cannot be edited and say why; it can be marked done."""
    case_id = make_case().id or 0
    deadline = services.calendar.deadline(case_id).event
    assert deadline is not None and deadline.origin is EventOrigin.LIMITATION
    dialog = event_dialog(qtbot, services, deadline)
    assert not dialog.kind.isEnabled()
    assert dialog.title.isReadOnly() and dialog.day.isReadOnly()
    assert dialog.computed_note.isVisibleTo(dialog)
    assert "limitation data" in dialog.computed_note.text()
    assert dialog.done_box.isVisibleTo(dialog)
    dialog.done_box.setChecked(True)
    click_save(qtbot, dialog)
    saved = services.calendar.get_event(deadline.id or 0)
    assert saved.done_on == TODAY and saved.day == deadline.day and saved.title == deadline.title


# --- the task dialog -------------------------------------------------------------------------------


def test_task_dialog_adds_and_edits_a_task(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A task is saved with its due date and priority; a bad date is explained; done stamps today."""
    case_id = make_case().id or 0
    dialog = TaskDialog(services.calendar, Task(case_id=case_id, title=""), "PI-2026-0001")
    qtbot.addWidget(dialog)
    assert not save_button(dialog).isEnabled()  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.title, "Request MRI films")
    qtbot.keyClicks(dialog.due_on, "13/01/2026")
    assert (
        "not a date" in dialog.labels["due_on"].text() or "does not exist" in dialog.labels["due_on"].text()
    )
    click_save(qtbot, dialog)
    assert services.calendar.case_calendar(case_id).tasks == ()
    dialog.due_on.setText("12/01/2026")
    dialog.priority.setCurrentIndex(dialog.priority.findData(Priority.HIGH))
    click_save(qtbot, dialog)
    [task] = services.calendar.case_calendar(case_id).tasks
    assert (task.title, task.due_on, task.priority, task.done_on) == (
        "Request MRI films",
        date(2026, 12, 1),
        Priority.HIGH,
        None,
    )
    edit = TaskDialog(services.calendar, task, "PI-2026-0001")
    qtbot.addWidget(edit)
    edit.done_box.setChecked(True)
    click_save(qtbot, edit)
    assert services.calendar.get_task(task.id or 0).done_on == TODAY
