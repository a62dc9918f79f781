"""Today, the calendar views, reminders and the main window's pages, driven as a case manager would."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from casedesk.domain.calendar import Event, EventKind, Task
from casedesk.domain.cases import Case, CaseStatus
from casedesk.services.casefiles import Services, open_services
from casedesk.ui.calendar import reminders as reminders_module
from casedesk.ui.calendar import today as today_module
from casedesk.ui.calendar import views as views_module
from casedesk.ui.calendar.agenda import COL_TIME, COL_TITLE, AgendaTableModel, conflict_map
from casedesk.ui.calendar.dialogs import EventDialog
from casedesk.ui.calendar.picker import CasePickerDialog
from casedesk.ui.calendar.reminders import ReminderTableModel
from casedesk.ui.calendar.today import (
    SECTION_LIMITATIONS,
    SECTION_OVERDUE,
    SECTION_TODAY,
    SECTION_WEEK,
    TodayView,
)
from casedesk.ui.calendar.views import CalendarMode, CalendarView
from casedesk.ui.main_window import PAGE_CALENDAR, PAGE_CASES, PAGE_TODAY, MainWindow
from casedesk.ui.settings import AppSettings
from tests.conftest import NOW, TODAY, fixed_clock

ZONE = NOW.tzinfo


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment in the office's time zone."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE)


def add_event(services: Services, case: Case, title: str, day: date, **fields: object) -> Event:
    kind = fields.pop("kind", EventKind.COURT)
    assert isinstance(kind, EventKind)
    return services.calendar.add_event(
        Event(case_id=case.id or 0, kind=kind, title=title, day=day, **fields)  # type: ignore[arg-type]
    )


def add_task(services: Services, case: Case, title: str, due_on: date | None) -> Task:
    return services.calendar.add_task(Task(case_id=case.id or 0, title=title, due_on=due_on))


def titles(view: TodayView, section: int) -> list[str]:
    return [item.title for item in view.items(section)]


def double_click(qtbot: QtBot, view: QAbstractItemView, pos: QPoint) -> None:
    """Double-click a spot of a view, as a user would (a view takes a double-click on what was pressed)."""
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def double_click_row(qtbot: QtBot, tree: QTreeWidget, row: QTreeWidgetItem) -> None:
    """Double-click a tree row on its title."""
    tree.scrollToItem(row)
    rect = tree.visualItemRect(row)
    x = tree.header().sectionViewportPosition(today_module.COL_TITLE) + 10
    double_click(qtbot, tree, QPoint(x, rect.center().y()))


@pytest.fixture
def today_view(qtbot: QtBot, services: Services) -> Callable[[], TodayView]:
    def make() -> TodayView:
        view = TodayView(services.calendar)
        qtbot.addWidget(view)
        view.resize(1200, 700)
        return view

    return make


@pytest.fixture
def calendar_view(qtbot: QtBot, services: Services) -> Callable[[], CalendarView]:
    def make() -> CalendarView:
        view = CalendarView(services.calendar, services.cases, services.contacts)
        qtbot.addWidget(view)
        view.resize(1200, 700)
        return view

    return make


# --- the agenda's models ---------------------------------------------------------------------------


def test_agenda_and_reminder_models_pass_the_model_tester(  # type: ignore[no-untyped-def]
    qtmodeltester, services: Services, make_case: Callable[..., Case]
) -> None:
    """The agenda and reminder models behave as Qt's views expect."""
    case = make_case()
    day = TODAY + timedelta(days=2)
    add_event(services, case, "Hearing", day, starts_at=at(day, 9), reminders=(2,))
    add_event(services, case, "Deposition", day, starts_at=at(day, 9, 30), reminders=(7,))
    add_task(services, case, "Order records", TODAY - timedelta(days=1))
    found = services.calendar.range(TODAY, TODAY + timedelta(days=7))
    model = AgendaTableModel()
    model.set_rows(found.agenda.items, found.case_labels, conflict_map(found.agenda.conflicts))
    qtmodeltester.check(model)
    reminders = ReminderTableModel()
    reminders.set_rows(services.calendar.due_reminders(), TODAY)
    assert reminders.rowCount() == 2
    qtmodeltester.check(reminders)


# --- Today -----------------------------------------------------------------------------------------


def test_today_lists_overdue_first_then_today_the_week_and_limitation_deadlines(
    services: Services, make_case: Callable[..., Case], today_view: Callable[[], TodayView]
) -> None:
    """Each item lands in its section; overdue ones are red; limitation deadlines say the days left."""
    case = make_case(incident_date=date(2024, 12, 1))  # TX, 2 years: due Tuesday 12/01/2026
    add_event(services, case, "File the petition", TODAY - timedelta(days=3), kind=EventKind.FILING_DEADLINE)
    add_task(services, case, "Order ER records", TODAY - timedelta(days=1))
    add_event(services, case, "Status hearing", TODAY, starts_at=at(TODAY, 10), location="Room 4B")
    add_task(services, case, "Call the adjuster", TODAY)
    add_event(
        services, case, "IME with Dr. Patel", TODAY + timedelta(days=3), kind=EventKind.MEDICAL_EVALUATION
    )
    add_event(services, case, "Mediation", TODAY + timedelta(days=20), kind=EventKind.MEDIATION)
    done = add_task(services, case, "Send the LOR", TODAY)
    services.calendar.set_task_done(done, True)
    add_event(services, case, "Past hearing", TODAY - timedelta(days=2))  # not a deadline: not overdue

    view = today_view()
    assert view.day_label.text() == "Saturday, November 21, 2026"
    assert titles(view, SECTION_OVERDUE) == ["File the petition", "Order ER records"]
    assert titles(view, SECTION_TODAY) == ["Status hearing", "Call the adjuster"]
    assert titles(view, SECTION_WEEK) == ["IME with Dr. Patel"]  # the limitation deadline is 10 days out
    assert titles(view, SECTION_LIMITATIONS) == ["Limitation deadline (TX, 2 years)"]
    assert view.sections[SECTION_OVERDUE].text(0) == "Overdue (2)"
    assert view.summary_label.text() == "2 overdue · 2 today · 1 in the next 7 days"

    petition = view.row_of(SECTION_OVERDUE, "File the petition")
    assert petition is not None
    assert petition.text(0) == "Wed 11/18/2026"
    assert petition.text(4) == "3 days overdue"
    assert petition.foreground(2).color().name() == "#b00020"
    assert petition.checkState(0) == Qt.CheckState.Unchecked  # a deadline can be ticked off
    hearing = view.row_of(SECTION_TODAY, "Status hearing")
    assert hearing is not None
    assert hearing.text(1) == "Court date / hearing"
    assert hearing.text(3) == f"{case.number} · {case.caption}"
    assert hearing.data(0, Qt.ItemDataRole.CheckStateRole) is None  # a hearing is attended, not ticked
    limitation = view.rows(SECTION_LIMITATIONS)[0]
    assert limitation.text(0) == "Tue 12/01/2026"
    assert limitation.text(1) == "10 days left"
    assert limitation.font(0).bold()  # within 30 days


def test_a_quiet_day_says_so(services: Services, make_case: Callable[..., Case], today_view) -> None:  # type: ignore[no-untyped-def]
    """With nothing due, the page says "Nothing overdue. Nothing today." and counts the cases to plan."""
    make_case(incident_date=None)  # no limitation deadline, nothing scheduled
    view = today_view()
    assert view.summary_label.text() == "Nothing overdue. Nothing today. Nothing in the next 7 days."
    assert view.sections[SECTION_OVERDUE].child(0).text(0) == "Nothing overdue."
    assert view.items(SECTION_OVERDUE) == []
    assert "1 open case has no next deadline" in view.without_label.text()
    requested: list[bool] = []
    view.without_deadline_requested.connect(lambda: requested.append(True))
    view.without_label.linkActivated.emit("without")
    assert requested == [True]


def test_double_click_or_enter_goes_to_the_case_calendar(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], today_view
) -> None:  # type: ignore[no-untyped-def]
    """Double-clicking an item, or Enter on it, asks for its case on the Calendar tab."""
    make_case()
    case = make_case()
    add_task(services, case, "Call the adjuster", TODAY)
    view = today_view()
    view.show()
    row = view.row_of(SECTION_TODAY, "Call the adjuster")
    assert row is not None
    with qtbot.waitSignal(view.case_requested) as blocker:
        double_click_row(qtbot, view.tree, row)
    assert blocker.args == [case.id, "calendar"]
    view.tree.setCurrentItem(row)
    with qtbot.waitSignal(view.case_requested) as blocker:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert blocker.args == [case.id, "calendar"]


def test_ticking_a_task_done_takes_it_off_today_and_undo_brings_it_back(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], today_view
) -> None:  # type: ignore[no-untyped-def]
    """Space on a task marks it done (saved, gone from Today); Undo opens it again."""
    case = make_case()
    task = add_task(services, case, "Order ER records", TODAY - timedelta(days=2))
    view = today_view()
    view.show()
    row = view.row_of(SECTION_OVERDUE, "Order ER records")
    assert row is not None
    view.tree.setCurrentItem(row)
    view.tree.setFocus()
    with qtbot.waitSignal(view.calendar_changed):
        qtbot.keyClick(view.tree, Qt.Key.Key_Space)
    assert services.calendar.get_task(task.id or 0).done_on == TODAY
    assert view.items(SECTION_OVERDUE) == []
    assert view.summary_label.text().startswith("Nothing overdue. Nothing today.")
    assert view.undo_bar.isVisible() and "Order ER records" in view.undo_bar.label.text()
    qtbot.mouseClick(view.undo_bar.button, Qt.MouseButton.LeftButton)
    assert services.calendar.get_task(task.id or 0).done_on is None
    assert titles(view, SECTION_OVERDUE) == ["Order ER records"]


def test_today_reads_itself_again_when_the_date_changes(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past midnight (or after the computer slept) the page moves on to the new day by itself."""
    case = make_case()
    add_task(services, case, "Call the adjuster", TODAY + timedelta(days=1))
    monkeypatch.setattr(today_module, "DAY_CHECK_MS", 10)
    view = TodayView(services.calendar)
    qtbot.addWidget(view)
    assert titles(view, SECTION_WEEK) == ["Call the adjuster"]
    monkeypatch.setattr(services.calendar, "clock", lambda: NOW + timedelta(days=1))
    qtbot.waitUntil(lambda: view.shown_day == TODAY + timedelta(days=1))
    assert view.day_label.text() == "Sunday, November 22, 2026"
    assert titles(view, SECTION_TODAY) == ["Call the adjuster"]


# --- the calendar views ----------------------------------------------------------------------------


def test_the_calendar_follows_the_date_past_midnight(
    qtbot: QtBot, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left on the week of today, the Calendar moves its highlight (and its week) on to the new day."""
    monkeypatch.setattr(views_module, "DAY_CHECK_MS", 10)
    view = CalendarView(services.calendar, services.cases, services.contacts)
    qtbot.addWidget(view)
    assert view.title.text() == "Week of Nov 16, 2026"
    monkeypatch.setattr(services.calendar, "clock", lambda: NOW + timedelta(days=2))
    qtbot.waitUntil(lambda: view.title.text() == "Week of Nov 23, 2026")
    monday = view.week.cell_for(TODAY + timedelta(days=2))
    assert monday is not None and "#1565c0" in monday.header.styleSheet()


def test_week_view_puts_items_on_their_days_in_time_order(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], calendar_view
) -> None:  # type: ignore[no-untyped-def]
    """Monday to Sunday; each day lists all-day items first, then by start time; navigation moves a week."""
    case = make_case()
    tuesday = date(2026, 11, 17)
    add_event(
        services, case, "Afternoon deposition", tuesday, kind=EventKind.DEPOSITION, starts_at=at(tuesday, 14)
    )
    add_event(services, case, "Morning hearing", tuesday, starts_at=at(tuesday, 9))
    add_event(services, case, "Brief due", tuesday, kind=EventKind.FILING_DEADLINE)
    add_event(services, case, "Next week's mediation", date(2026, 11, 25), kind=EventKind.MEDIATION)
    view = calendar_view()
    view.show()
    view.set_mode(CalendarMode.WEEK)
    assert view.title.text() == "Week of Nov 16, 2026"
    assert [cell.day for cell in view.week.cells] == [
        date(2026, 11, 16) + timedelta(days=i) for i in range(7)
    ]
    cell = view.week.cell_for(tuesday)
    assert cell is not None
    assert [item.title for item in cell.items()] == ["Brief due", "Morning hearing", "Afternoon deposition"]
    assert cell.header.text() == "Tue Nov 17"
    assert all(not c.items() for c in view.week.cells if c.day != tuesday)
    today_cell = view.week.cell_for(TODAY)
    assert today_cell is not None and "#1565c0" in today_cell.header.styleSheet()
    assert "#f1f1f1" in today_cell.styleSheet() or "#e3f2fd" in today_cell.styleSheet()  # a weekend day

    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.title.text() == "Week of Nov 23, 2026"
    wednesday = view.week.cell_for(date(2026, 11, 25))
    assert wednesday is not None and [i.title for i in wednesday.items()] == ["Next week's mediation"]
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.week.cells[0].list.setFocus()
    qtbot.keyClick(view.week.cells[0].list, Qt.Key.Key_PageDown)
    assert view.title.text() == "Week of Nov 30, 2026"
    qtbot.keyClick(view.week.cells[0].list, Qt.Key.Key_PageUp)
    qtbot.keyClick(view.week.cells[0].list, Qt.Key.Key_PageUp)
    assert view.title.text() == "Week of Nov 16, 2026"
    view.go_next()
    qtbot.keyClick(view.week.cells[0].list, Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier)
    assert view.title.text() == "Week of Nov 16, 2026"

    with qtbot.waitSignal(view.case_requested) as blocker:
        cell = view.week.cell_for(tuesday)
        assert cell is not None
        double_click(qtbot, cell.list, cell.list.visualItemRect(cell.list.item(1)).center())
    assert blocker.args == [case.id, "calendar"]


def test_month_view_shows_six_weeks_with_more_links(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], calendar_view
) -> None:  # type: ignore[no-untyped-def]
    """November 2026's grid starts on Monday Oct 26; a busy day lists three items and "+2 more"."""
    case = make_case()
    busy = date(2026, 11, 24)
    for hour in range(9, 14):
        add_event(
            services, case, f"Meeting at {hour}", busy, kind=EventKind.CONSULTATION, starts_at=at(busy, hour)
        )
    add_event(services, case, "December hearing", date(2026, 12, 3))
    view = calendar_view()
    view.show()
    view.set_mode(CalendarMode.MONTH)
    assert view.title.text() == "November 2026"
    assert view.month.cells[0].day == date(2026, 10, 26) and view.month.cells[-1].day == date(2026, 12, 6)
    cell = view.month.cell_for(busy)
    assert cell is not None
    assert [item.title for item in cell.items()] == ["Meeting at 9", "Meeting at 10", "Meeting at 11"]
    assert cell.hidden_count() == 2 and cell.more_label.text().endswith("+2 more</a>")
    december = view.month.cell_for(date(2026, 12, 3))
    assert december is not None and [i.title for i in december.items()] == ["December hearing"]
    assert "#9e9e9e" in december.header.styleSheet()  # a day of the next month is dimmed
    assert "#f1f1f1" in view.month.cells[6].styleSheet()  # Sunday Nov 1 is shaded

    cell.more_label.linkActivated.emit("more")
    assert view.mode is CalendarMode.WEEK and view.title.text() == "Week of Nov 23, 2026"
    tuesday = view.week.cell_for(busy)
    assert tuesday is not None and len(tuesday.items()) == 5

    view.set_mode(CalendarMode.MONTH)
    qtbot.mouseClick(view.next_button, Qt.MouseButton.LeftButton)
    assert view.title.text() == "December 2026"
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(view.previous_button, Qt.MouseButton.LeftButton)
    assert view.title.text() == "October 2026"
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert view.title.text() == "November 2026"


def test_agenda_lists_overdue_first_and_flags_conflicts(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], calendar_view
) -> None:  # type: ignore[no-untyped-def]
    """Overdue items lead; two overlapping depositions carry a red mark naming each other."""
    first, second = make_case(), make_case()
    monday = date(2026, 11, 23)
    add_event(
        services,
        first,
        "Deposition of Dr. Patel",
        monday,
        kind=EventKind.DEPOSITION,
        starts_at=at(monday, 10),
        ends_at=at(monday, 12),
    )
    add_event(
        services, second, "Mediation with Acme", monday, kind=EventKind.MEDIATION, starts_at=at(monday, 11)
    )
    add_event(
        services, second, "Follow up with adjuster", TODAY - timedelta(days=4), kind=EventKind.FOLLOW_UP
    )
    add_event(services, first, "Lunch", monday, kind=EventKind.OTHER, starts_at=at(monday, 11))
    view = calendar_view()
    view.set_mode(CalendarMode.AGENDA)
    assert view.title.text() == "Nov 21 – Dec 18, 2026"
    model = view.agenda_model
    shown = [model.item(row).title for row in range(model.rowCount())]
    assert shown == ["Follow up with adjuster", "Deposition of Dr. Patel", "Lunch", "Mediation with Acme"]
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    deposition = model.index(1, COL_TIME)
    assert deposition.data().startswith("⚠ ")
    assert "Mediation with Acme" in model.index(1, COL_TITLE).data(Qt.ItemDataRole.ToolTipRole)
    assert "Deposition of Dr. Patel" in model.index(3, COL_TIME).data(Qt.ItemDataRole.ToolTipRole)
    assert not model.index(2, COL_TIME).data().startswith("⚠")  # lunch needs no attendance

    view.set_mode(CalendarMode.WEEK)
    view.go_next()
    cell = view.week.cell_for(monday)
    assert cell is not None
    assert [text.startswith("⚠") for text in cell.texts()] == [True, False, True]
    assert "Conflicts with:\nMediation with Acme" in cell.list.item(0).toolTip()

    view.set_mode(CalendarMode.AGENDA)
    view.go_today()
    view.go_next()
    assert view.title.text() == "Dec 19, 2026 – Jan 15, 2027"
    assert view.agenda_model.rowCount() == 0
    assert view.agenda_empty.text() == "Nothing scheduled from Dec 19, 2026 to Jan 15, 2027."
    view.go_today()
    view.agenda_table.show()
    with qtbot.waitSignal(view.case_requested) as blocker:
        view.agenda_table.activated.emit(model.index(3, COL_TITLE))
    assert blocker.args == [second.id, "calendar"]


def test_cases_without_a_next_deadline_are_listed(
    qtbot: QtBot, services: Services, make_case: Callable[..., Case], calendar_view
) -> None:  # type: ignore[no-untyped-def]
    """Open cases with nothing ahead are listed; double-click goes to the case; navigation is off there."""
    idle = make_case()  # its limitation deadline, years ahead, says nothing about what is next
    busy = make_case()
    add_event(services, busy, "Deposition", TODAY + timedelta(days=9), kind=EventKind.DEPOSITION)
    view = calendar_view()
    view.show()
    qtbot.mouseClick(view.mode_buttons.button(CalendarMode.WITHOUT_DEADLINE), Qt.MouseButton.LeftButton)
    assert view.mode is CalendarMode.WITHOUT_DEADLINE
    assert view.title.text() == "Open cases without a next deadline (1)"
    assert [view.without_list.item(i).text() for i in range(view.without_list.count())] == [
        f"{idle.number} · {idle.caption}"
    ]
    assert not view.next_button.isEnabled() and not view.next_action.isEnabled()
    with qtbot.waitSignal(view.case_requested) as blocker:
        view.without_list.itemActivated.emit(view.without_list.item(0))
    assert blocker.args == [idle.id, "calendar"]


def test_new_event_asks_for_the_case_then_adds_it_on_the_day_picked(
    qtbot: QtBot,
    services: Services,
    make_case: Callable[..., Case],
    calendar_view,
    monkeypatch: pytest.MonkeyPatch,
    answer_dialog,
) -> None:  # type: ignore[no-untyped-def]
    """New Event… asks which case, opens the event form on the day clicked, and shows what was saved."""
    make_case()
    case = make_case()
    label = f"{case.number} · {case.caption}"
    asked: list[int | None] = []

    def pick(
        _cls: object, _parent: object, _cases: object, _title: str, selected: int | None = None
    ) -> object:
        asked.append(selected)
        return case.id, label

    monkeypatch.setattr(CasePickerDialog, "ask", classmethod(pick))
    shown = answer_dialog(EventDialog, lambda d: qtbot.keyClicks(d.title, "Site inspection"))
    view = calendar_view()
    view.show()
    view.set_mode(CalendarMode.WEEK)
    view.go_next()
    wednesday = view.week.cell_for(date(2026, 11, 25))
    assert wednesday is not None
    qtbot.mouseClick(wednesday.list.viewport(), Qt.MouseButton.LeftButton)
    assert wednesday.selected
    with qtbot.waitSignal(view.notice_posted) as blocker:
        qtbot.mouseClick(view.new_event_button, Qt.MouseButton.LeftButton)
    assert asked == [None]
    assert shown and label in shown[0].windowTitle()
    assert blocker.args == [f"“Site inspection” added to {label}."]
    [saved] = [
        e for e in services.calendar.case_calendar(case.id or 0).events if e.title == "Site inspection"
    ]
    assert saved.day == date(2026, 11, 25)
    assert [item.title for item in wednesday.items()] == ["Site inspection"]


def test_case_picker_narrows_as_the_user_types(
    qtbot: QtBot, make_case: Callable[..., Case], make_client, services: Services
) -> None:  # type: ignore[no-untyped-def]
    """The list of open cases narrows by client name; the first match is chosen."""
    make_case(client_id=make_client(name="Ana Brooks").id)
    wanted = make_case(client_id=make_client(name="Ben Carter").id)
    dialog = CasePickerDialog(services.cases)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 2 and dialog.count_label.text() == "2 open cases"
    qtbot.keyClicks(dialog.search, "carter")
    assert dialog.list.count() == 1
    assert dialog.chosen() == (wanted.id, f"{wanted.number} · {wanted.caption}")
    qtbot.keyClicks(dialog.search, "zzz")
    assert dialog.chosen() is None and dialog.count_label.text() == "No open case matches."


def test_export_writes_every_event_to_an_ics_file(
    qtbot: QtBot,
    tmp_path: Path,
    services: Services,
    make_case: Callable[..., Case],
    calendar_view,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    """Export .ics… writes the events of every case and says how many; the file reads back."""
    first, second = make_case(incident_date=None), make_case(incident_date=None)
    add_event(services, first, "Status hearing", TODAY + timedelta(days=2), starts_at=at(TODAY, 10))
    add_event(services, second, "IME", TODAY + timedelta(days=9), kind=EventKind.MEDICAL_EVALUATION)
    target = tmp_path / "calendar.ics"
    monkeypatch.setattr(views_module, "ask_export_path", lambda *_args: target)
    view = calendar_view()
    with qtbot.waitSignal(view.notice_posted) as blocker:
        qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [f"2 events written to {target}."]
    from casedesk.exports.ics import read_ics

    entries = read_ics(target, ZONE or NOW.astimezone().tzinfo)  # type: ignore[arg-type]
    assert sorted(entry.summary for entry in entries) == ["IME", "Status hearing"]


# --- reminders and the main window -----------------------------------------------------------------


def opener(path: Path, create: bool, *, passphrase: str | None = None, read_only: bool = False) -> Services:
    return open_services(path, create=create, clock=fixed_clock, passphrase=passphrase, read_only=read_only)


@pytest.fixture
def make_window(qtbot: QtBot, app_settings: AppSettings) -> Iterator[Callable[[Path], MainWindow]]:
    """Build main windows on a case file; each is closed (saving its layout) at the end."""
    windows: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        window = MainWindow(app_settings, opener, opener(path, True))
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.close()


def test_reminders_show_on_opening_and_dismissing_them_lasts(
    qtbot: QtBot, db_path: Path, services: Services, make_case: Callable[..., Case], make_window
) -> None:  # type: ignore[no-untyped-def]
    """Due reminders show in a window on opening and count on the Today tab; dismissed ones stay gone."""
    case = make_case(incident_date=None)
    add_event(services, case, "Deposition of Dr. Patel", TODAY + timedelta(days=3), reminders=(7, 1, 0))
    add_event(services, case, "Answer due", TODAY, kind=EventKind.FILING_DEADLINE, reminders=(0,))
    add_event(services, case, "Far hearing", TODAY + timedelta(days=40), reminders=(7,))
    window = make_window(db_path)
    assert window.pages is not None
    assert window.pages.tabText(PAGE_TODAY) == "Today (2)"
    reminders = window.reminders_window
    assert reminders is not None and reminders.isVisible() and not reminders.isModal()
    model = reminders.model
    assert [model.reminder(row).event.title for row in range(model.rowCount())] == [
        "Answer due",
        "Deposition of Dr. Patel",
    ]
    assert model.index(0, 1).data() == "today" and model.index(1, 1).data() == "in 3 days"
    assert reminders.heading.text() == "2 reminders have come due."

    reminders.table.selectRow(1)
    qtbot.mouseClick(reminders.dismiss_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 1 and window.pages.tabText(PAGE_TODAY) == "Today (1)"

    with qtbot.waitSignal(reminders.case_requested) as blocker:
        qtbot.mouseClick(reminders.open_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [case.id, "calendar"]
    assert window.current_page() == PAGE_CASES
    assert window.workspace is not None and window.workspace.case_id == case.id

    qtbot.mouseClick(reminders.dismiss_all_button, Qt.MouseButton.LeftButton)
    assert model.rowCount() == 0 and window.pages.tabText(PAGE_TODAY) == "Today"
    assert reminders.empty_label.isVisibleTo(reminders)
    window.close()

    again = make_window(db_path)
    assert again.reminders_window is None  # nothing due: no window
    assert again.pages is not None and again.pages.tabText(PAGE_TODAY) == "Today"


def test_a_reminder_coming_due_while_open_is_announced(
    qtbot: QtBot,
    db_path: Path,
    make_case: Callable[..., Case],
    make_window,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    """The minute check finds a new reminder: the status bar says so and the Today tab counts it."""
    case = make_case(incident_date=None)
    monkeypatch.setattr(reminders_module, "CHECK_MS", 10)
    window = make_window(db_path)
    assert window.reminders_window is None and window.services is not None and window.pages is not None
    window.services.calendar.add_event(
        Event(
            case_id=case.id or 0,
            kind=EventKind.COURT,
            title="Pretrial",
            day=TODAY + timedelta(days=1),
            reminders=(1,),
        )
    )
    qtbot.waitUntil(lambda: window.pages is not None and window.pages.tabText(PAGE_TODAY) == "Today (1)")
    message = window.statusBar().currentMessage()
    assert message == f"Reminder: Pretrial — {case.number} · {case.caption} (tomorrow)"


def test_window_opens_on_today_and_remembers_the_page(
    qtbot: QtBot, db_path: Path, services: Services, make_case: Callable[..., Case], make_window
) -> None:  # type: ignore[no-untyped-def]
    """Today first; Alt+2 shows the Calendar; the next session opens where the last one was left."""
    case = make_case()
    add_task(services, case, "Call the adjuster", TODAY)
    window = make_window(db_path)
    window.show()
    assert window.current_page() == PAGE_TODAY
    assert window.today_view is not None and titles(window.today_view, SECTION_TODAY) == ["Call the adjuster"]
    shortcuts = {
        window.today_page_action: "Alt+1",
        window.calendar_page_action: "Alt+2",
        window.cases_page_action: "Alt+3",
        window.case_calendar_action: "Ctrl+4",
    }
    for action, keys in shortcuts.items():
        assert action.shortcut().toString() == keys
    window.calendar_page_action.trigger()
    assert window.current_page() == PAGE_CALENDAR and window.calendar_page_action.isChecked()
    window.close()
    again = make_window(db_path)
    assert again.current_page() == PAGE_CALENDAR


def test_an_item_leads_to_its_case_calendar_tab(
    qtbot: QtBot, db_path: Path, services: Services, make_case: Callable[..., Case], make_window
) -> None:  # type: ignore[no-untyped-def]
    """Double-clicking an item on Today selects its case on the Cases page, on the Calendar tab."""
    make_case()
    case = make_case(status=CaseStatus.CLOSED)
    add_task(services, case, "Archive the file", TODAY)
    window = make_window(db_path)
    window.show()
    assert window.today_view is not None and window.case_list is not None and window.workspace is not None
    row = window.today_view.row_of(SECTION_TODAY, "Archive the file")
    assert row is not None
    double_click_row(qtbot, window.today_view.tree, row)
    assert window.current_page() == PAGE_CASES
    assert window.case_list.current_case_id() == case.id  # shown although closed cases were filtered out
    assert window.workspace.case_id == case.id
    assert window.workspace.tabs.currentWidget() is window.workspace.calendar

    window.overview_action.trigger()
    window.today_page_action.trigger()
    window.case_calendar_action.trigger()  # Ctrl+4 from anywhere
    assert window.current_page() == PAGE_CASES
    assert window.workspace.tabs.currentWidget() is window.workspace.calendar


def test_changes_on_one_page_show_on_the_others(
    qtbot: QtBot, db_path: Path, services: Services, make_case: Callable[..., Case], make_window
) -> None:  # type: ignore[no-untyped-def]
    """A task added on the case's Calendar tab shows on Today; one ticked off there leaves the Calendar."""
    case = make_case()
    window = make_window(db_path)
    assert window.today_view is not None and window.calendar_view is not None and window.workspace is not None
    window.services.calendar.add_task(Task(case_id=case.id or 0, title="Order records", due_on=TODAY))  # type: ignore[union-attr]
    window.workspace.calendar_changed.emit()  # as the Calendar tab does after saving
    assert titles(window.today_view, SECTION_TODAY) == ["Order records"]  # Today is in front
    window.calendar_view.set_mode(CalendarMode.AGENDA)
    assert window.calendar_view.agenda_model.item(0).title == "Order records"
    window.today_view.mark_done(window.today_view.items(SECTION_TODAY)[0])
    window.calendar_page_action.trigger()
    assert window.calendar_view.agenda_model.rowCount() == 0
    window.services.calendar.add_task(Task(case_id=case.id or 0, title="Call client", due_on=TODAY))  # type: ignore[union-attr]
    window.workspace.calendar_changed.emit()
    assert window.calendar_view.agenda_model.item(0).title == "Call client"  # the page in front is read again
    window.today_page_action.trigger()
    assert titles(window.today_view, SECTION_TODAY) == ["Call client"]


def test_preview_shows_cases_then_today_once_open(
    qtbot: QtBot, services: Services, make_case, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """While the case file opens, Cases is shown and Today waits; once open, the window turns to Today."""
    from casedesk.app import start_main_window
    from casedesk.ui.tasks import TaskRunner

    make_case()
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window, task = start_main_window(services.path, TaskRunner(), settings)
    qtbot.addWidget(window)
    assert task is not None and window.pages is not None
    assert window.current_page() == PAGE_CASES
    assert not window.pages.isTabEnabled(PAGE_TODAY) and not window.today_page_action.isEnabled()
    task.start()
    qtbot.waitUntil(lambda: window.services is not None, timeout=20_000)
    assert window.current_page() == PAGE_TODAY and window.today_view is not None
    window.close()
