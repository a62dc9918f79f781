"""Calendar use cases: events and tasks saved safely, the agenda, deadlines that follow the case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from casedesk.domain.activity import ActivityKind
from casedesk.domain.calendar import LIMITATION_REMINDERS, Event, EventKind, EventOrigin, Priority, Task
from casedesk.domain.cases import Case, CaseStatus, Client, with_status
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.deadlines import CaseLimitation
from casedesk.domain.errors import ConflictError, NotFoundError, ValidationError
from casedesk.domain.limitations import DefendantType, TollingEvent
from casedesk.services.casefiles import Services
from tests.conftest import NOW, TODAY

MakeCase = Callable[..., Case]


def saved_id(record: Case | Event | Task | Client | Contact) -> int:
    assert record.id is not None
    return record.id


def deposition(
    case_id: int, day: date = TODAY + timedelta(days=3), hour: int = 10, **fields: object
) -> Event:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=NOW.tzinfo)
    event = Event(
        case_id=case_id,
        kind=EventKind.DEPOSITION,
        title="Deposition of Dr. Patel",
        day=day,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        location="Suite 400, 100 Congress Ave, Austin",
        reminders=(7, 1, 0),
    )
    return replace(event, **fields)  # type: ignore[arg-type]


@pytest.fixture
def elsewhere(open_case: Callable[..., Services], services: Services) -> Iterator[Services]:
    """The same case file opened a second time, as another window or computer would."""
    other = open_case()
    yield other
    other.close()


# --- events ----------------------------------------------------------------------------------------


def test_an_event_is_saved_with_a_uid_and_its_participants(services: Services, make_case: MakeCase) -> None:
    case = make_case()
    doctor = services.contacts.create(Contact(name="Dr. Anil Patel", role=ContactRole.MEDICAL_PROVIDER))
    saved = services.calendar.add_event(deposition(saved_id(case), participant_ids=(saved_id(doctor),)))

    assert saved.uid.endswith("@casedesk") and saved.revision == 0
    again = services.calendar.get_event(saved_id(saved))
    assert again == saved
    assert again.starts_at is not None and again.starts_at.tzinfo is not None
    assert again.starts_at == deposition(saved_id(case)).starts_at
    assert services.calendar.participant_names(again.participant_ids) == ["Dr. Anil Patel"]


def test_a_bad_event_is_refused_and_nothing_is_saved(services: Services, make_case: MakeCase) -> None:
    case = make_case()
    bad = deposition(saved_id(case), title="  ")
    bad = replace(bad, ends_at=bad.starts_at - timedelta(hours=1) if bad.starts_at else None)

    with pytest.raises(ValidationError) as raised:
        services.calendar.add_event(bad)

    assert set(raised.value.errors) == {"title", "ends_at"}
    assert services.calendar.case_calendar(saved_id(case)).events == (
        services.calendar.case_calendar(saved_id(case)).deadline.event,
    )


def test_editing_an_event_changed_elsewhere_is_refused(
    services: Services, elsewhere: Services, make_case: MakeCase
) -> None:
    event = services.calendar.add_event(deposition(saved_id(make_case())))
    moved = elsewhere.calendar.update_event(replace(event, location="Courtroom 5"))
    assert moved.revision == 1

    with pytest.raises(ConflictError):
        services.calendar.update_event(replace(event, title="Deposition of Dr. A. Patel"))

    assert services.calendar.get_event(saved_id(event)).location == "Courtroom 5"


def test_a_deleted_event_comes_back_with_its_uid(services: Services, make_case: MakeCase) -> None:
    event = services.calendar.add_event(deposition(saved_id(make_case())))
    deleted = services.calendar.delete_event(saved_id(event))

    with pytest.raises(NotFoundError):
        services.calendar.get_event(saved_id(event))
    restored = services.calendar.restore_event(deleted)

    assert restored.uid == event.uid and restored.title == event.title


def test_a_deadline_is_marked_done_today(services: Services, make_case: MakeCase) -> None:
    case = make_case()
    filing = services.calendar.add_event(
        Event(saved_id(case), EventKind.FILING_DEADLINE, "File the answer", TODAY - timedelta(days=2))
    )
    assert services.calendar.range(TODAY, TODAY + timedelta(days=7)).agenda.items[0].overdue

    done = services.calendar.set_event_done(filing, True)

    assert done.done_on == TODAY
    items = services.calendar.range(TODAY, TODAY + timedelta(days=7)).agenda.items
    assert all(item.event is None or item.event.id != filing.id for item in items)


# --- tasks -----------------------------------------------------------------------------------------


def test_tasks_are_saved_done_and_restored(services: Services, make_case: MakeCase) -> None:
    case_id = saved_id(make_case())
    task = services.calendar.add_task(
        Task(case_id, "Request ER records", due_on=TODAY + timedelta(days=1), priority=Priority.HIGH)
    )
    done = services.calendar.set_task_done(task, True)
    assert done.done_on == TODAY

    with pytest.raises(ConflictError):
        services.calendar.update_task(replace(task, title="Request ER records again"), expected=task)
    deleted = services.calendar.delete_task(saved_id(task))
    restored = services.calendar.restore_task(deleted)

    assert replace(restored, id=None) == replace(done, id=None)
    with pytest.raises(ValidationError):
        services.calendar.add_task(Task(case_id, ""))


# --- the agenda --------------------------------------------------------------------------------------


def test_the_agenda_lists_overdue_first_then_by_day_across_cases(
    services: Services, make_case: MakeCase
) -> None:
    first, second = saved_id(make_case()), saved_id(make_case())
    services.calendar.add_event(deposition(first, TODAY + timedelta(days=2)))
    services.calendar.add_event(
        Event(second, EventKind.MEDICAL_EVALUATION, "IME with Dr. Stone", TODAY + timedelta(days=1))
    )
    services.calendar.add_task(Task(second, "Call the adjuster", due_on=TODAY - timedelta(days=1)))
    services.calendar.add_event(deposition(first, TODAY + timedelta(days=30), title="Far away"))

    week = services.calendar.range(TODAY, TODAY + timedelta(days=7))

    assert [item.title for item in week.agenda.items] == [
        "Call the adjuster",
        "IME with Dr. Stone",
        "Deposition of Dr. Patel",
    ]
    assert week.agenda.items[0].overdue
    assert week.case_labels[second].startswith("PI-2026-0002 · ")


def test_a_past_range_shows_what_happened_then_without_todays_overdue_items(
    services: Services, make_case: MakeCase
) -> None:
    case_id = saved_id(make_case())
    services.calendar.add_task(Task(case_id, "Overdue", due_on=TODAY - timedelta(days=1)))
    services.calendar.add_event(deposition(case_id, date(2026, 10, 5), title="October deposition"))

    october = services.calendar.range(date(2026, 10, 1), date(2026, 10, 31))

    assert [item.title for item in october.agenda.items] == ["October deposition"]


def test_overlapping_court_events_are_flagged(services: Services, make_case: MakeCase) -> None:
    first, second = saved_id(make_case()), saved_id(make_case())
    services.calendar.add_event(deposition(first, hour=10))
    services.calendar.add_event(deposition(second, hour=11, kind=EventKind.COURT, title="Hearing"))

    agenda = services.calendar.range(TODAY, TODAY + timedelta(days=7)).agenda

    assert [(c.first.title, c.second.title) for c in agenda.conflicts] == [
        ("Deposition of Dr. Patel", "Hearing")
    ]


def test_cases_without_a_next_deadline(services: Services, make_case: MakeCase) -> None:
    busy = make_case()
    idle = make_case(incident_date=None)
    make_case(status=CaseStatus.CLOSED, incident_date=None)
    services.calendar.add_event(deposition(saved_id(busy)))

    assert [case_id for case_id, _ in services.calendar.cases_without_next_deadline()] == [saved_id(idle)]


# --- limitation deadlines ------------------------------------------------------------------------------


def test_a_new_case_gets_its_limitation_deadline_on_the_calendar(
    services: Services, make_case: MakeCase
) -> None:
    case = make_case(jurisdiction="TX", incident_date=date(2026, 6, 14))

    deadline = services.calendar.deadline(saved_id(case))

    assert deadline.result is not None and deadline.result.deadline == date(2028, 6, 14)
    assert deadline.event is not None
    assert deadline.event.day == deadline.result.due
    assert deadline.event.kind is EventKind.LIMITATION and deadline.event.origin is EventOrigin.LIMITATION
    assert deadline.event.reminders == tuple(sorted(LIMITATION_REMINDERS, reverse=True))
    assert "verify" in deadline.event.notes.casefold()


def test_the_deadline_moves_when_the_case_changes(services: Services, make_case: MakeCase) -> None:
    case = make_case(jurisdiction="TX", incident_date=date(2026, 6, 14))
    before = services.calendar.deadline(saved_id(case)).event
    assert before is not None

    services.calendar.add_event(deposition(saved_id(case)))
    services.cases.update_case(replace(case, jurisdiction="TN"))  # 1 year in Tennessee
    after = services.calendar.deadline(saved_id(case)).event

    assert after is not None and after.uid == before.uid
    assert after.day == date(2027, 6, 14) and after.revision == before.revision + 1


def test_a_minor_clients_birthday_change_moves_every_case_of_the_client(
    services: Services, make_client: Callable[..., Client], make_case: MakeCase
) -> None:
    client = make_client(date_of_birth=date(1990, 1, 1))
    case = make_case(client_id=saved_id(client), jurisdiction="TX", incident_date=date(2026, 6, 14))
    services.cases.update_client(replace(client, date_of_birth=date(2010, 9, 1)))  # 15 on the incident date

    event = services.calendar.deadline(saved_id(case)).event

    assert event is not None and event.day == date(
        2030, 9, 3
    )  # 18 on 2028-09-01 + 2 years, moved past Labor Day


def test_a_case_without_incident_date_explains_what_is_missing(
    services: Services, make_case: MakeCase
) -> None:
    case = make_case(incident_date=None, jurisdiction="")

    deadline = services.calendar.deadline(saved_id(case))

    assert deadline.result is None and deadline.event is None
    assert deadline.problem == (
        "Enter the incident date and the jurisdiction of the case to compute its limitation deadline."
    )


def test_an_override_needs_a_reason_and_is_audited_on_the_timeline(
    services: Services, make_case: MakeCase
) -> None:
    case_id = saved_id(make_case(jurisdiction="TX", incident_date=date(2026, 6, 14)))
    settings = CaseLimitation(case_id, override_on=date(2028, 3, 1))

    with pytest.raises(ValidationError) as raised:
        services.calendar.save_limitation(settings)
    assert set(raised.value.errors) == {"override_reason"}

    deadline = services.calendar.save_limitation(replace(settings, override_reason="Discovery rule applies"))

    assert deadline.effective == date(2028, 3, 1)
    assert deadline.event is not None and deadline.event.day == date(2028, 3, 1)
    assert "Computed: 2028-06-14" in deadline.event.notes
    audit = services.timeline.entries(case_id, {ActivityKind.NOTE})
    assert [entry.subject for entry in audit] == ["Limitation deadline set by hand to 2028-03-01"]
    assert "Discovery rule applies" in audit[0].body

    services.calendar.save_limitation(CaseLimitation(case_id), expected=deadline.settings)
    assert services.calendar.deadline(case_id).event.day == date(2028, 6, 14)  # type: ignore[union-attr]
    assert len(services.timeline.entries(case_id, {ActivityKind.NOTE})) == 2


def test_saving_settings_changed_elsewhere_is_refused(
    services: Services, elsewhere: Services, make_case: MakeCase
) -> None:
    case_id = saved_id(make_case())
    read = services.calendar.deadline(case_id).settings
    elsewhere.calendar.save_limitation(replace(read, defendant_type=DefendantType.GOVERNMENT))

    with pytest.raises(ConflictError):
        services.calendar.save_limitation(replace(read, tolling=()), expected=read)


def test_tolling_and_a_government_defendant(services: Services, make_case: MakeCase) -> None:
    case_id = saved_id(make_case(jurisdiction="TX", incident_date=date(2026, 6, 14)))
    settings = CaseLimitation(
        case_id,
        defendant_type=DefendantType.GOVERNMENT,
        tolling=(TollingEvent("Defendant out of state", date(2026, 7, 1), date(2026, 7, 31)),),
    )

    deadline = services.calendar.save_limitation(settings)

    assert deadline.result is not None and deadline.result.deadline == date(2028, 7, 14)
    assert deadline.notice_event is not None and deadline.notice_event.origin is EventOrigin.NOTICE
    assert deadline.notice_event.day == deadline.result.notice.deadline  # type: ignore[union-attr]
    assert services.calendar.deadline(case_id).settings == settings


def test_computed_deadlines_cannot_be_deleted_or_moved(services: Services, make_case: MakeCase) -> None:
    event = services.calendar.deadline(saved_id(make_case())).event
    assert event is not None

    with pytest.raises(ValidationError):
        services.calendar.delete_event(saved_id(event))
    kept = services.calendar.update_event(
        replace(event, day=date(2030, 1, 1), notes="Moved by hand", reminders=(30, 0), done_on=TODAY)
    )

    assert (kept.day, kept.notes) == (event.day, event.notes)
    assert (kept.reminders, kept.done_on) == ((30, 0), TODAY)


def test_a_met_deadline_stays_met_until_its_date_moves(services: Services, make_case: MakeCase) -> None:
    case = make_case(jurisdiction="TX", incident_date=date(2026, 6, 14))
    event = services.calendar.deadline(saved_id(case)).event
    assert event is not None
    services.calendar.set_event_done(event, True)

    services.cases.update_case(replace(case, caption="Alvarez v. Driver (amended)"))
    assert services.calendar.deadline(saved_id(case)).event.done_on == TODAY  # type: ignore[union-attr]
    services.cases.update_case(replace(case, incident_date=date(2026, 6, 20)))
    assert services.calendar.deadline(saved_id(case)).event.done_on is None  # type: ignore[union-attr]


def test_closing_a_case_takes_its_deadline_off_the_calendar(services: Services, make_case: MakeCase) -> None:
    case = make_case()
    services.cases.update_case(with_status(case, CaseStatus.CLOSED, TODAY))
    assert services.calendar.deadline(saved_id(case)).event is None

    services.cases.update_case(with_status(case, CaseStatus.NEGOTIATION, TODAY))
    assert services.calendar.deadline(saved_id(case)).event is not None


# --- reminders -------------------------------------------------------------------------------------------


def test_reminders_that_came_while_closed_show_once_and_stay_dismissed(
    services: Services, make_case: MakeCase, open_case: Callable[..., Services]
) -> None:
    case_id = saved_id(make_case(incident_date=None))
    services.calendar.add_event(deposition(case_id, TODAY + timedelta(days=1)))  # 7 and 1 days before: came
    services.calendar.add_event(deposition(case_id, TODAY + timedelta(days=20), title="Later"))  # none yet

    due = services.calendar.due_reminders()

    assert [(r.event.title, r.remind_on, r.days_left(TODAY)) for r in due] == [
        ("Deposition of Dr. Patel", TODAY, 1)
    ]
    services.calendar.dismiss(due)
    reopened = open_case()
    try:
        assert reopened.calendar.due_reminders() == []
    finally:
        reopened.close()


def test_an_overdue_deadline_keeps_reminding_until_done(services: Services, make_case: MakeCase) -> None:
    case_id = saved_id(make_case(incident_date=None))
    filing = services.calendar.add_event(
        Event(
            case_id, EventKind.FILING_DEADLINE, "File the answer", TODAY - timedelta(days=3), reminders=(1, 0)
        )
    )
    assert [r.event.id for r in services.calendar.due_reminders()] == [filing.id]

    services.calendar.set_event_done(filing, True)

    assert services.calendar.due_reminders() == []


# --- iCalendar files ---------------------------------------------------------------------------------------


def test_an_exported_calendar_reimports_without_duplicates(
    services: Services, make_case: MakeCase, tmp_path: Path
) -> None:
    source = saved_id(make_case())
    services.calendar.add_event(deposition(source))
    path = tmp_path / "calendar.ics"

    written = services.calendar.export_ics(path, case_id=source)
    target = saved_id(make_case(incident_date=None))
    first = services.calendar.import_ics(path, source)
    again = services.calendar.import_ics(path, target)

    assert written == 2  # the deposition and the limitation deadline
    assert (first.added, first.updated, first.skipped) == (0, 1, 1)  # computed deadline left alone
    assert (again.added, again.updated, again.skipped) == (0, 0, 2)  # both belong to another case
    events = services.calendar.case_calendar(source).events
    assert sorted(e.title for e in events) == ["Deposition of Dr. Patel", "Limitation deadline (TX, 2 years)"]


def test_an_ics_file_from_elsewhere_is_imported_into_a_case(
    services: Services, make_case: MakeCase, tmp_path: Path
) -> None:
    case_id = saved_id(make_case(incident_date=None))
    path = tmp_path / "invite.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//EN\r\nBEGIN:VEVENT\r\n"
        "UID:abc-123@example.com\r\nDTSTAMP:20261120T120000Z\r\nDTSTART:20261201T150000Z\r\n"
        "DTEND:20261201T160000Z\r\nSUMMARY:Mediation with Judge Ray\r\nLOCATION:Room 2\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )

    result = services.calendar.import_ics(path, case_id)
    second = services.calendar.import_ics(path, case_id)

    assert (result.added, second.added, second.updated) == (1, 0, 1)
    (event,) = services.calendar.case_calendar(case_id).events
    assert event.title == "Mediation with Judge Ray" and event.origin is EventOrigin.IMPORTED
    assert event.starts_at == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert event.kind is EventKind.OTHER and event.uid == "abc-123@example.com"
