"""The demo's calendars: open cases' limitation deadlines, events their stages call for, a few overdue."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta, timezone
from pathlib import Path

import pytest

from casedesk.domain.calendar import EventKind, EventOrigin
from casedesk.domain.cases import Case, CaseQuery, CaseStatus
from casedesk.services.calendar import CaseCalendar
from casedesk.services.casefiles import Services, open_services
from casedesk.services.demo import create_demo
from tests.conftest import TODAY, fixed_clock

CENTRAL = timezone(timedelta(hours=-6))


@pytest.fixture(scope="module")
def demo_services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A 120-case demo built as of the tests' TODAY, opened with the tests' clock."""
    path = tmp_path_factory.mktemp("demo-calendar") / "demo.sqlite"
    create_demo(path, today=TODAY, cases=120, seed=3)
    opened = open_services(path, clock=fixed_clock)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def calendars(demo_services: Services) -> list[tuple[Case, CaseCalendar]]:
    """Every demo case with its calendar."""
    return [
        (demo_services.cases.get_case(summary.id), demo_services.calendar.case_calendar(summary.id))
        for summary in demo_services.cases.list_cases(CaseQuery())
    ]


def _calendar_of(path: Path) -> list[tuple[object, ...]]:
    services = open_services(path, clock=fixed_clock)
    try:
        return [
            (calendar.events, calendar.tasks)
            for calendar in (
                services.calendar.case_calendar(s.id) for s in services.cases.list_cases(CaseQuery())
            )
        ]
    finally:
        services.close()


def test_same_seed_and_date_give_the_same_calendars(tmp_path: Path) -> None:
    create_demo(tmp_path / "a.sqlite", today=TODAY, cases=25, seed=11)
    create_demo(tmp_path / "b.sqlite", today=TODAY, cases=25, seed=11)

    assert _calendar_of(tmp_path / "a.sqlite") == _calendar_of(tmp_path / "b.sqlite")


def test_every_open_case_with_an_incident_date_has_its_computed_deadline(
    calendars: list[tuple[Case, CaseCalendar]],
) -> None:
    for case, calendar in calendars:
        computed = [e for e in calendar.events if e.origin is EventOrigin.LIMITATION]
        if case.status is CaseStatus.CLOSED or case.incident_date is None:
            assert computed == []
            continue
        (event,) = computed
        assert calendar.deadline.result is not None
        assert event.day == calendar.deadline.result.due
        assert event.title == calendar.deadline.event.title  # type: ignore[union-attr]


def test_no_limitation_deadline_of_the_demo_is_blown(calendars: list[tuple[Case, CaseCalendar]]) -> None:
    """A deadline already passed was met: it is marked done on a weekday before it."""
    passed = [
        e
        for _, calendar in calendars
        for e in calendar.events
        if e.kind is EventKind.LIMITATION and e.day < TODAY
    ]
    assert passed
    assert all(e.done_on is not None and e.done_on < e.day and e.done_on.weekday() < 5 for e in passed)


def test_events_fall_on_weekdays_in_office_hours_with_the_cases_contacts(
    demo_services: Services, calendars: list[tuple[Case, CaseCalendar]]
) -> None:
    kinds = set()
    for case, calendar in calendars:
        linked = {link.contact.id for link in demo_services.contacts.for_case(case.id or 0)}
        for event in calendar.events:
            kinds.add(event.kind)
            assert set(event.participant_ids) <= linked
            if event.origin is EventOrigin.USER:
                assert event.day.weekday() < 5
            if event.starts_at is not None:
                local = event.starts_at.astimezone(CENTRAL)
                assert time(8) <= local.time() <= time(14, 30) and local.date() == event.day
    assert kinds >= {EventKind.DEPOSITION, EventKind.COURT, EventKind.MEDICAL_EVALUATION, EventKind.FOLLOW_UP}


def test_a_few_items_are_overdue_and_most_are_ahead(demo_services: Services) -> None:
    agenda = demo_services.calendar.range(TODAY, TODAY + timedelta(days=30)).agenda

    overdue = [item for item in agenda.items if item.overdue]
    assert 0 < len(overdue) < len(agenda.items) // 5


def test_reminders_before_today_were_seen_so_only_todays_come_up(demo_services: Services) -> None:
    due = demo_services.calendar.due_reminders()
    agenda = demo_services.calendar.range(TODAY, TODAY + timedelta(days=7)).agenda
    came_before = [
        item.event
        for item in agenda.items
        if item.event and any(d < TODAY for d in item.event.reminder_days())
    ]

    assert came_before
    assert all(reminder.remind_on == TODAY for reminder in due)
