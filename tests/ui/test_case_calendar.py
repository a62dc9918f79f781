"""A case's Calendar tab and its event and task dialogs, driven as a user would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from casedesk.domain.calendar import Event, EventKind, EventOrigin, Priority, Task
from casedesk.domain.cases import Case, Client
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.deadlines import CaseLimitation
from casedesk.domain.limitations import DefendantType, TollingEvent
from casedesk.exports.ics import read_ics
from casedesk.services.casefiles import Services, open_services
from casedesk.ui import messages
from casedesk.ui.calendar import case_limitation, case_panel
from casedesk.ui.calendar.case_limitation import EDIT_CASE_LINK, TOLL_CAUSE, TOLL_END, TOLL_START
from casedesk.ui.calendar.case_model import (
    COMPUTED_MARK,
    EVENT_DAY,
    EVENT_DONE,
    EVENT_KIND,
    EVENT_LOCATION,
    EVENT_TIME,
    EVENT_TITLE,
    TASK_DONE,
    TASK_TITLE,
    CalendarRole,
    EventTableModel,
    TaskTableModel,
)
from casedesk.ui.calendar.case_panel import CaseCalendarPanel
from casedesk.ui.calendar.dialogs import EventDialog, TaskDialog, parse_reminders
from casedesk.ui.cases.dialogs import CaseDialog
from casedesk.ui.cases.workspace import CaseWorkspace
from tests.conftest import NOW, TODAY, fixed_clock
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
    monkeypatch.setattr(messages, "show_error", lambda _p, _t, error: shown.append(str(error).lower()))
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
    assert dialog.title.isReadOnly() and dialog.day.isReadOnly() and dialog.notes.isReadOnly()
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


# --- the Calendar tab ------------------------------------------------------------------------------


def make_panel(qtbot: QtBot, services: Services, case_id: int | None) -> CaseCalendarPanel:
    """The tab on its own, on screen and active (so its keyboard shortcuts work)."""
    panel = CaseCalendarPanel(services.calendar, services.contacts)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    panel.set_case(case_id)
    return panel


def event_titles(panel: CaseCalendarPanel) -> list[str]:
    return [panel.event_model.index(r, EVENT_TITLE).data() for r in range(panel.event_model.rowCount())]


def select_event(panel: CaseCalendarPanel, title: str) -> None:
    panel.events_table.selectRow(event_titles(panel).index(title))


def add_event(services: Services, case_id: int, kind: EventKind, title: str, day: date) -> Event:
    return services.calendar.add_event(replace(services.calendar.new_event(case_id, kind, day), title=title))


def test_calendar_models_pass_the_model_tester(  # type: ignore[no-untyped-def]
    qtmodeltester, services: Services, make_case: Callable[..., Case]
) -> None:
    """Both calendar models behave as Qt's views expect."""
    case_id = make_case().id or 0
    add_event(services, case_id, EventKind.FOLLOW_UP, "Call adjuster", date(2026, 11, 2))
    services.calendar.add_task(Task(case_id=case_id, title="Request films", due_on=date(2026, 11, 1)))
    calendar = services.calendar.case_calendar(case_id)
    events, tasks = EventTableModel(), TaskTableModel()
    events.set_rows(list(calendar.events), TODAY)
    tasks.set_rows(list(calendar.tasks), TODAY)
    qtmodeltester.check(events)
    qtmodeltester.check(tasks)
    assert events.index(0, EVENT_DONE).data() == "Overdue"
    assert events.index(0, EVENT_DONE).data(CalendarRole.OVERDUE) is True
    assert tasks.index(0, TASK_DONE).data() == "Overdue"
    assert COMPUTED_MARK in events.index(1, EVENT_KIND).data()


def test_workspace_has_a_calendar_tab_that_follows_the_case(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """The fourth tab is the case's calendar; switching cases shows the other case's events."""
    first, second = make_case(), make_case()
    add_event(services, first.id or 0, EventKind.COURT, "Docket call", date(2027, 1, 12))
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.set_case(first.id)
    workspace.show_tab("calendar")
    assert workspace.tabs.currentWidget() is workspace.calendar
    assert workspace.tabs.tabText(workspace.tabs.currentIndex()) == "Calendar"
    assert "Docket call" in event_titles(workspace.calendar)
    workspace.set_case(second.id)
    assert "Docket call" not in event_titles(workspace.calendar)


def test_adding_a_deposition_lists_it(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """New Event… opens the dialog on the case; the saved deposition is listed and selected."""
    case_id = make_case().id or 0
    doctor = link_contact(services, case_id, "Dr. Anita Patel", ContactRole.MEDICAL_PROVIDER)

    def fill(dialog: EventDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.DEPOSITION))
        qtbot.keyClicks(dialog.title, "Deposition of Dr. Patel")
        dialog.day.setText("12/03/2026")
        dialog.start_time.setText("2:15 PM")
        dialog.participant_boxes[doctor].setChecked(True)

    shown = answer_dialog(EventDialog, fill)
    panel = make_panel(qtbot, services, case_id)
    assert "Ctrl+Shift+E" in panel.new_event_button.toolTip()
    with qtbot.waitSignal(panel.calendar_changed):
        qtbot.mouseClick(panel.new_event_button, Qt.MouseButton.LeftButton)
    assert "PI-2026-0001" in shown[0].windowTitle()
    row = event_titles(panel).index("Deposition of Dr. Patel")
    assert panel.event_model.index(row, EVENT_KIND).data() == "Deposition"
    assert panel.event_model.index(row, EVENT_DAY).data() == "Thu 12/03/2026"
    assert panel.event_model.index(row, EVENT_TIME).data() == "2:15 PM"
    assert panel.events_table.selectionModel().selectedRows()[0].row() == row
    saved = panel.event_model.event_at(row)
    assert saved.participant_ids == (doctor,)


def test_a_cancelled_or_refused_dialog_adds_nothing(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """A dialog left with errors saves nothing and the list stays as it was."""
    case_id = make_case().id or 0

    def fill(dialog: EventDialog) -> None:
        qtbot.keyClicks(dialog.title, "Hearing")
        dialog.day.setText("13/45/2026")

    shown = answer_dialog(EventDialog, fill)
    panel = make_panel(qtbot, services, case_id)
    before = event_titles(panel)
    panel.new_event()
    assert shown[0].labels["day"].text()
    assert event_titles(panel) == before


def test_editing_an_event_from_the_list(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """Enter on a row edits that event; the change shows in the list."""
    case_id = make_case().id or 0
    add_event(services, case_id, EventKind.MEDIATION, "Mediation", date(2027, 2, 9))

    def fill(dialog: EventDialog) -> None:
        assert dialog.title.text() == "Mediation"
        dialog.title.setText("Mediation with Judge Ruiz (ret.)")
        dialog.location.setText("Ruiz ADR, Austin")

    answer_dialog(EventDialog, fill)
    panel = make_panel(qtbot, services, case_id)
    select_event(panel, "Mediation")
    panel.events_table.setFocus()
    qtbot.keyClick(panel.events_table, Qt.Key.Key_Return)
    row = event_titles(panel).index("Mediation with Judge Ruiz (ret.)")
    assert panel.event_model.index(row, EVENT_LOCATION).data() == "Ruiz ADR, Austin"


def test_marking_a_deadline_done_and_reopening_it(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Mark done stamps today on a deadline (an overdue one stops being overdue); Reopen clears it."""
    case_id = make_case().id or 0
    event = add_event(services, case_id, EventKind.FILING_DEADLINE, "Designate experts", date(2026, 11, 16))
    hearing = add_event(services, case_id, EventKind.COURT, "Status hearing", date(2026, 12, 1))
    panel = make_panel(qtbot, services, case_id)
    row = event_titles(panel).index("Designate experts")
    assert panel.event_model.index(row, EVENT_DONE).data() == "Overdue"
    select_event(panel, "Status hearing")
    assert not panel.done_button.isEnabled()  # a hearing is attended, not "done"
    select_event(panel, "Designate experts")
    assert panel.done_button.text() == "Mark do&ne"
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert services.calendar.get_event(event.id or 0).done_on == TODAY
    row = event_titles(panel).index("Designate experts")
    assert panel.event_model.index(row, EVENT_DONE).data() == "Done 11/21/2026"
    assert panel.done_button.text() == "Reope&n"
    panel.events_table.setFocus()
    qtbot.keyClick(panel.events_table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert services.calendar.get_event(event.id or 0).done_on is None
    assert services.calendar.get_event(hearing.id or 0).done_on is None


def test_delete_then_undo_puts_the_event_back(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """The Delete key removes the event at once and offers Undo, which restores it with its UID."""
    case_id = make_case().id or 0
    event = add_event(services, case_id, EventKind.MEDICAL_EVALUATION, "IME with Dr. Chen", date(2026, 12, 8))
    panel = make_panel(qtbot, services, case_id)
    select_event(panel, "IME with Dr. Chen")
    panel.events_table.setFocus()
    qtbot.keyClick(panel.events_table, Qt.Key.Key_Delete)
    assert "IME with Dr. Chen" not in event_titles(panel)
    assert panel.undo_bar.isVisible() and "IME with Dr. Chen" in panel.undo_bar.label.text()
    qtbot.mouseClick(panel.undo_bar.button, Qt.MouseButton.LeftButton)
    assert "IME with Dr. Chen" in event_titles(panel)
    assert not panel.undo_bar.isVisible()
    [restored] = [
        e for e in services.calendar.case_calendar(case_id).events if e.title == "IME with Dr. Chen"
    ]
    assert restored.uid == event.uid


def test_a_computed_deadline_is_not_deleted(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Deleting the limitation deadline is refused with how to move it instead."""
    case_id = make_case().id or 0
    shown: list[str] = []
    monkeypatch.setattr(
        case_panel, "show_error", lambda _p, _t, error: shown.append(error.message + error.hint)
    )
    panel = make_panel(qtbot, services, case_id)
    panel.events_table.selectRow(0)
    assert panel.event_model.event_at(0).origin is EventOrigin.LIMITATION
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert shown and "computed" in shown[0] and "by hand" in shown[0]
    assert services.calendar.deadline(case_id).event is not None
    assert not panel.undo_bar.isVisible()


def test_tasks_are_added_done_and_deleted(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """New Task… adds a task; Mark done and Delete act on it; Undo brings it back."""
    case_id = make_case(incident_date=None).id or 0

    def fill(dialog: TaskDialog) -> None:
        qtbot.keyClicks(dialog.title, "Request MRI films")
        qtbot.keyClicks(dialog.due_on, "11/20/2026")

    answer_dialog(TaskDialog, fill)
    panel = make_panel(qtbot, services, case_id)
    assert "No tasks yet" in panel.tasks_empty.text() and panel.tasks_empty.isVisible()
    assert "No events yet" in panel.events_empty.text() and "Ctrl+Shift+E" in panel.events_empty.text()
    panel.new_task_button.setFocus()
    qtbot.keyClick(
        panel.new_task_button,
        Qt.Key.Key_T,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert panel.task_model.rowCount() == 1 and panel.tasks_table.isVisible()
    assert panel.task_model.index(0, TASK_DONE).data() == "Overdue"
    assert panel.tasks_table.selectionModel().selectedRows()
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    [task] = services.calendar.case_calendar(case_id).tasks
    assert task.done_on == TODAY
    panel.tasks_table.setFocus()
    qtbot.keyClick(panel.tasks_table, Qt.Key.Key_Delete)
    assert services.calendar.case_calendar(case_id).tasks == ()
    qtbot.keyClick(panel.tasks_table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [t.title for t in services.calendar.case_calendar(case_id).tasks] == ["Request MRI films"]


# --- the limitation box ----------------------------------------------------------------------------


def test_limitation_box_shows_the_computed_date_and_why_it_moved(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """06/17/2028 is a Saturday and 06/19 Juneteenth: due Tuesday, shown with the rule and a disclaimer."""
    case_id = make_case(incident_date=date(2026, 6, 17)).id or 0
    panel = make_panel(qtbot, services, case_id)
    box = panel.limitation
    text = box.summary.text()
    assert "Tue 06/20/2028" in text
    assert "Sat 06/17/2028" in text and "courts are closed" in text
    assert "§ 16.003" in text and "data as of" in text
    assert box.disclaimer.isVisible() and "verify" in box.disclaimer.text()
    assert not box.explanation.isVisible()
    qtbot.mouseClick(box.explain_button, Qt.MouseButton.LeftButton)
    assert box.explanation.isVisible() and "Juneteenth" in box.explanation.text()
    assert not box.preview_note.isVisible()
    assert not box.save_button.isEnabled() and not box.revert_button.isEnabled()


def test_a_case_without_an_incident_date_says_what_to_enter(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], answer_dialog
) -> None:  # type: ignore[no-untyped-def]
    """Without an incident date the box says to enter it; Edit case… leads there, and the date appears."""
    case = make_case(incident_date=None)

    def fill(dialog: CaseDialog) -> None:
        dialog.incident_date.setText("06/14/2026")

    answer_dialog(CaseDialog, fill)
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.set_case(case.id)
    box = workspace.calendar.limitation
    assert "Enter the incident date" in box.summary.text() and "Edit case…" in box.summary.text()
    with qtbot.waitSignal(workspace.calendar_changed):
        box.summary.linkActivated.emit(EDIT_CASE_LINK)
    assert "Wed 06/14/2028" in box.summary.text()
    assert [e.origin for e in workspace.calendar.event_model._rows] == [EventOrigin.LIMITATION]


def test_an_override_needs_a_reason_and_is_logged(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A date set by hand without a reason is refused; with one it is saved, moves the event and is logged."""
    case_id = make_case().id or 0
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.set_case(case_id)
    box = workspace.calendar.limitation
    assert not box.override_on.isEnabled()
    box.override_box.setChecked(True)
    qtbot.keyClicks(box.override_on, "03/01/2028")
    assert box.preview_note.isVisibleTo(box) and "Set by hand: <b>Wed 03/01/2028" in box.summary.text()
    assert not box.save_button.isEnabled()
    assert not box.save()
    assert "Say why" in box.labels["override_reason"].text()
    assert services.calendar.deadline(case_id).settings.override_on is None
    qtbot.keyClicks(box.override_reason, "Client's earlier claim letter; counsel sets an earlier date")
    assert box.save_button.isEnabled()
    with qtbot.waitSignal(workspace.calendar_changed):
        qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    deadline = services.calendar.deadline(case_id)
    assert deadline.settings.override_on == date(2028, 3, 1)
    assert deadline.event is not None and deadline.event.day == date(2028, 3, 1)
    assert not box.preview_note.isVisibleTo(box) and not box.save_button.isEnabled()
    [audit] = services.timeline.entries(case_id)
    assert "set by hand to 2028-03-01" in audit.subject and "earlier claim letter" in audit.body
    assert workspace.timeline.model.rowCount() == 1
    assert event_titles(workspace.calendar) == ["Limitation deadline (set by hand)"]


def test_a_government_defendant_adds_a_notice_deadline(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Choosing a government defendant previews, then saves, the notice-of-claim deadline."""
    case_id = make_case().id or 0
    panel = make_panel(qtbot, services, case_id)
    box = panel.limitation
    box.defendant.setCurrentIndex(box.defendant.findData(DefendantType.GOVERNMENT))
    box.defendant.activated.emit(box.defendant.currentIndex())
    assert "Notice of claim to the government defendant by <b>Mon 12/14/2026" in box.summary.text()
    assert box.preview_note.isVisible()
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert services.calendar.deadline(case_id).notice_event is not None
    assert any(t.startswith("Notice of claim deadline") for t in event_titles(panel))
    qtbot.mouseClick(box.explain_button, Qt.MouseButton.LeftButton)
    assert "Notice of claim" in box.explanation.text()


def test_tolling_periods_move_the_deadline_and_bad_rows_are_explained(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """A tolling period typed into the table adds its days; an impossible date is named by row."""
    case_id = make_case().id or 0
    panel = make_panel(qtbot, services, case_id)
    box = panel.limitation
    qtbot.mouseClick(box.add_tolling_button, Qt.MouseButton.LeftButton)
    box.tolling.item(0, TOLL_CAUSE).setText("Defendant out of state")
    box.tolling.item(0, TOLL_START).setText("07/01/2026")
    box.tolling.item(0, TOLL_END).setText("07/31/2026")
    assert "Tolling adds 30 days" in box.summary.text()
    box.tolling.item(0, TOLL_END).setText("07/32/2026")
    assert "Row 1" in box.form_errors.message("tolling")
    assert not box.save_button.isEnabled()
    box.tolling.item(0, TOLL_END).setText("07/31/2026")
    assert box.save()
    [toll] = services.calendar.deadline(case_id).settings.tolling
    assert (toll.cause, toll.days) == ("Defendant out of state", 30)
    box.tolling.selectRow(0)
    qtbot.mouseClick(box.remove_tolling_button, Qt.MouseButton.LeftButton)
    assert box.revert_button.isEnabled()
    qtbot.mouseClick(box.revert_button, Qt.MouseButton.LeftButton)
    assert box.tolling.rowCount() == 1 and not box.has_changes()


def test_valid_unsaved_settings_are_saved_when_the_case_changes(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Switching to another case keeps limitation settings typed and valid but not yet saved."""
    first, second = make_case(), make_case()
    workspace = CaseWorkspace(services)
    qtbot.addWidget(workspace)
    workspace.set_case(first.id)
    box = workspace.calendar.limitation
    box.defendant.setCurrentIndex(box.defendant.findData(DefendantType.GOVERNMENT))
    box.defendant.activated.emit(box.defendant.currentIndex())
    workspace.set_case(second.id)
    assert services.calendar.deadline(first.id or 0).settings.defendant_type is DefendantType.GOVERNMENT
    assert box.defendant.currentData() == DefendantType.PRIVATE


# --- calendar files and reopening ------------------------------------------------------------------


def test_export_writes_the_case_events(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Export .ics… writes the case's events with their UIDs and says how many."""
    case_id = make_case().id or 0
    deposition = add_event(
        services, case_id, EventKind.DEPOSITION, "Deposition of driver", date(2026, 12, 10)
    )
    target = tmp_path / "export.ics"
    asked: list[str] = []
    monkeypatch.setattr(case_panel, "ask_export_path", lambda _p, _t, name, *_a: asked.append(name) or target)
    panel = make_panel(qtbot, services, case_id)
    qtbot.mouseClick(panel.export_button, Qt.MouseButton.LeftButton)
    assert asked == ["PI-2026-0001 - Alvarez v. Driver 1 calendar.ics"]
    assert "Exported 2 events" in panel.notice.text() and panel.notice.isVisible()
    read = read_ics(target, NOW.tzinfo or UTC)
    assert {e.uid for e in read} == {deposition.uid, services.calendar.deadline(case_id).event.uid}  # type: ignore[union-attr]
    assert "Deposition of driver" in {e.summary for e in read}


ICS = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Example//Outlook//EN\r
BEGIN:VEVENT\r
UID:hearing-1@example.com\r
DTSTAMP:20261101T120000Z\r
DTSTART:20270112T150000Z\r
DTEND:20270112T160000Z\r
SUMMARY:{title}\r
LOCATION:Courtroom 4B\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:ime-2@example.com\r
DTSTAMP:20261101T120000Z\r
DTSTART;VALUE=DATE:20270203\r
SUMMARY:IME\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_importing_a_file_twice_updates_instead_of_duplicating(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """A second import of the same events updates them; the notice says what was added and updated."""
    case_id = make_case().id or 0
    source = tmp_path / "outlook.ics"
    source.write_text(ICS.format(title="Hearing"), encoding="utf-8", newline="")
    monkeypatch.setattr(case_panel, "ask_import_path", lambda _p: source)
    panel = make_panel(qtbot, services, case_id)
    with qtbot.waitSignal(panel.calendar_changed):
        qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert "2 added, 0 updated" in panel.notice.text()
    source.write_text(ICS.format(title="Hearing on motion to compel"), encoding="utf-8", newline="")
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    assert "0 added, 2 updated" in panel.notice.text()
    titles = event_titles(panel)
    assert titles.count("IME") == 1 and "Hearing" not in titles and "Hearing on motion to compel" in titles


def test_an_unreadable_file_is_explained(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """Importing something that is not a calendar file says so and adds nothing."""
    case_id = make_case().id or 0
    source = tmp_path / "notes.ics"
    source.write_text("Just some notes", encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(case_panel, "ask_import_path", lambda _p: source)
    monkeypatch.setattr(case_panel, "show_error", lambda _p, title, _e: shown.append(title))
    panel = make_panel(qtbot, services, case_id)
    before = event_titles(panel)
    panel.import_ics()
    assert shown == ["Calendar not imported"]
    assert event_titles(panel) == before


def test_the_calendar_survives_reopening_the_case_file(qtbot: QtBot, tmp_path: Path) -> None:
    """Events, tasks and limitation settings entered in the tab are there after the file is reopened."""
    path = tmp_path / "reopen.sqlite"
    services = open_services(path, create=True, clock=fixed_clock)
    try:
        client = services.cases.create_client(Client(name="Maria Alvarez"))
        case = services.cases.create_case(
            Case(
                number="PI-2026-0009",
                caption="Alvarez v. Metro Transit",
                client_id=client.id or 0,
                incident_date=date(2026, 6, 14),
                jurisdiction="TX",
                opened_on=date(2026, 6, 20),
            )
        )
        panel = make_panel(qtbot, services, case.id)
        box = panel.limitation
        box.defendant.setCurrentIndex(box.defendant.findData(DefendantType.GOVERNMENT))
        box.defendant.activated.emit(box.defendant.currentIndex())
        assert box.save()
        add_event(services, case.id or 0, EventKind.TRIAL, "Jury trial", date(2027, 9, 13))
        services.calendar.add_task(Task(case_id=case.id or 0, title="Prepare exhibit list"))
        panel.set_case(None)
    finally:
        services.close()
    reopened = open_services(path, clock=fixed_clock)
    try:
        panel = make_panel(qtbot, reopened, case.id)
        assert "Jury trial" in event_titles(panel)
        assert any(t.startswith("Notice of claim deadline") for t in event_titles(panel))
        assert panel.task_model.index(0, TASK_TITLE).data() == "Prepare exhibit list"
        assert panel.limitation.defendant.currentData() == DefendantType.GOVERNMENT
        panel.set_case(None)
    finally:
        reopened.close()


def test_settings_changed_elsewhere_are_not_overwritten(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saving settings someone else saved meanwhile is refused and says how to see theirs."""
    case_id = make_case().id or 0
    shown: list[str] = []
    monkeypatch.setattr(case_limitation, "show_error", lambda _p, _t, error: shown.append(error.hint))
    panel = make_panel(qtbot, services, case_id)
    box = panel.limitation
    theirs = CaseLimitation(
        case_id, tolling=(TollingEvent("Bankruptcy stay", date(2026, 8, 1), date(2026, 9, 1)),)
    )
    services.calendar.save_limitation(theirs)
    box.defendant.setCurrentIndex(box.defendant.findData(DefendantType.GOVERNMENT))
    box.defendant.activated.emit(box.defendant.currentIndex())
    assert not box.save()
    assert shown and "Revert" in shown[0]
    assert services.calendar.deadline(case_id).settings == theirs
    qtbot.mouseClick(box.revert_button, Qt.MouseButton.LeftButton)
    assert box.tolling.rowCount() == 1 and box.defendant.currentData() == DefendantType.PRIVATE


def test_a_case_deleted_elsewhere_empties_the_tab(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Refreshing the tab of a case deleted meanwhile shows no case instead of failing."""
    case_id = make_case().id or 0
    panel = make_panel(qtbot, services, case_id)
    services.cases.delete_case(case_id)
    panel.refresh()
    assert panel.case_id is None
    assert panel.events_empty.text() == "No case selected."
    assert not panel.new_event_button.isEnabled()


def test_reminders_typed_by_hand_survive_a_change_of_kind(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case]
) -> None:
    """Changing the kind of a new event resets its reminders only until the user types their own."""
    dialog = event_dialog(qtbot, services, services.calendar.new_event(make_case().id or 0))
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.FILING_DEADLINE))
    assert dialog.reminders.text() == "14, 7, 3, 1, 0"
    assert dialog.all_day.isChecked() and dialog.done_box.isVisibleTo(dialog)
    assert dialog.kind.findData(EventKind.LIMITATION) == -1  # computed, never entered by hand
    dialog.reminders.clear()
    qtbot.keyClicks(dialog.reminders, "30, 2")
    dialog.kind.setCurrentIndex(dialog.kind.findData(EventKind.TRIAL))
    assert dialog.reminders.text() == "30, 2"


@pytest.mark.parametrize("width", [700, 1100])
def test_every_event_column_stays_in_view(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], width: int
) -> None:
    """At the width a case tab has beside the case list, and wider, no event column is off to the side."""
    case_id = make_case().id or 0
    add_event(
        services, case_id, EventKind.DEPOSITION, "Deposition of the defendant driver", date(2026, 12, 3)
    )
    panel = make_panel(qtbot, services, case_id)
    panel.resize(width, 700)
    qtbot.waitUntil(lambda: panel.events_table.viewport().width() > width - 100)
    header = panel.events_table.horizontalHeader()
    shown = sum(header.sectionSize(c) for c in range(header.count()))
    assert shown <= panel.events_table.viewport().width()
    assert header.sectionSize(EVENT_TITLE) >= 140
    assert panel.events_table.horizontalScrollBar().maximum() == 0
