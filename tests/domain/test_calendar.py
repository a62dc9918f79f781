"""Calendar events and tasks: validation, deadlines, conflicts and the agenda's order."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casedesk.domain.calendar import (
    LIMITATION_REMINDERS,
    Event,
    EventKind,
    Priority,
    Task,
    build_agenda,
    conflicts,
    validate_event,
    validate_task,
)

CENTRAL = timezone(timedelta(hours=-6))
TODAY = date(2026, 11, 21)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CENTRAL)


def event(kind: EventKind = EventKind.COURT, day: int = 24, **fields: object) -> Event:
    return Event(
        case_id=1, kind=kind, title=fields.pop("title", kind.label), day=date(2026, 11, day), **fields
    )  # type: ignore[arg-type]


def test_every_kind_has_a_label_and_reminders() -> None:
    """Each kind reads well and comes with reminders; a limitation deadline warns from 150 days out."""
    for kind in EventKind:
        assert kind.label and kind.default_reminders and 0 in kind.default_reminders
    assert (
        EventKind.LIMITATION.default_reminders == LIMITATION_REMINDERS == (150, 120, 90, 60, 30, 14, 7, 1, 0)
    )
    assert EventKind.DEPOSITION.needs_attendance and not EventKind.FILING_DEADLINE.needs_attendance


def test_a_valid_timed_event_passes() -> None:
    """A deposition from 9 to 11 with a place is fine."""
    assert (
        validate_event(
            event(EventKind.DEPOSITION, starts_at=at(24, 9), ends_at=at(24, 11), location="Suite 4")
        )
        == {}
    )


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"title": "  "}, "title", "Say what"),
        ({"starts_at": datetime(2026, 11, 24, 9)}, "starts_at", "time zone"),  # noqa: DTZ001 - naive on purpose
        ({"ends_at": at(24, 9)}, "ends_at", "Only a timed event"),
        ({"starts_at": at(24, 10), "ends_at": at(24, 9)}, "ends_at", "cannot end before"),
        ({"reminders": (7, -1)}, "reminders", "before the event"),
        ({"done_on": TODAY}, "done_on", "Only deadlines"),
        ({"title": "x" * 301}, "title", "At most 300"),
    ],
)
def test_bad_events_are_refused_by_field(fields: dict[str, object], field: str, words: str) -> None:
    """Each problem is reported on its own field, in words."""
    errors = validate_event(event(**fields))
    assert words in errors[field]


def test_deadlines_are_overdue_until_done() -> None:
    """A filing deadline past its day is overdue; marking it done ends that; a hearing is never overdue."""
    filing = event(EventKind.FILING_DEADLINE, day=20)
    assert filing.is_overdue(TODAY)
    assert not Event(**{**_fields(filing), "done_on": date(2026, 11, 19)}).is_overdue(TODAY)
    assert not event(EventKind.COURT, day=20).is_overdue(TODAY)
    assert not event(EventKind.FILING_DEADLINE, day=21).is_overdue(TODAY)  # due today is not late yet


def _fields(record: Event) -> dict[str, object]:
    return {name: getattr(record, name) for name in Event.__slots__}


def test_reminder_days_fall_before_the_event() -> None:
    """Reminders 7, 1 and 0 days before the 24th fall on the 17th, 23rd and 24th."""
    hearing = event(reminders=(7, 1, 0, 1))
    assert hearing.reminder_days() == [date(2026, 11, 17), date(2026, 11, 23), date(2026, 11, 24)]


def test_two_court_events_at_once_conflict() -> None:
    """Overlapping attended events conflict; touching ones, all-day ones and deadlines do not."""
    hearing = event(EventKind.COURT, starts_at=at(24, 9), ends_at=at(24, 11), id=1)
    deposition = event(EventKind.DEPOSITION, starts_at=at(24, 10, 30), id=2)
    ime = event(EventKind.MEDICAL_EVALUATION, starts_at=at(24, 11), id=3)  # starts as the hearing ends
    filing = event(EventKind.FILING_DEADLINE, starts_at=at(24, 9, 30), id=4)
    all_day = event(EventKind.TRIAL, id=5)
    found = conflicts([ime, filing, deposition, all_day, hearing])
    assert [(c.first.id, c.second.id) for c in found] == [(1, 2), (2, 3)]  # deposition runs 10:30-11:30


def test_an_event_without_an_end_lasts_an_hour() -> None:
    """Two hearings an hour apart do not conflict; 59 minutes apart they do."""
    first = event(starts_at=at(24, 9), id=1)
    assert conflicts([first, event(starts_at=at(24, 10), id=2)]) == []
    assert len(conflicts([first, event(starts_at=at(24, 9, 59), id=2)])) == 1


def test_tasks_validate_and_go_overdue() -> None:
    """A task needs a title; an open task past its due date is overdue, a done one is not."""
    assert "Say what" in validate_task(Task(case_id=1, title=" "))["title"]
    late = Task(case_id=1, title="Call adjuster", due_on=date(2026, 11, 20))
    assert validate_task(late) == {} and late.is_overdue(TODAY)
    assert not Task(case_id=1, title="x", due_on=date(2026, 11, 20), done_on=TODAY).is_overdue(TODAY)
    assert not Task(case_id=1, title="Someday").is_overdue(TODAY)


def test_agenda_lists_overdue_first_then_by_day_and_time() -> None:
    """Overdue items lead; then each day's events (all-day, then timed by start), then tasks by priority."""
    items = build_agenda(
        [
            event(EventKind.COURT, day=25, starts_at=at(25, 14), title="Hearing 2 PM"),
            event(EventKind.COURT, day=25, starts_at=at(25, 9), title="Hearing 9 AM"),
            event(EventKind.LIMITATION, day=25, title="Limitation"),
            event(EventKind.FILING_DEADLINE, day=18, title="Late filing"),
        ],
        [
            Task(case_id=1, title="Low task", due_on=date(2026, 11, 25), priority=Priority.LOW),
            Task(case_id=1, title="Urgent task", due_on=date(2026, 11, 25), priority=Priority.HIGH),
            Task(case_id=1, title="Late task", due_on=date(2026, 11, 10)),
            Task(case_id=1, title="Undated"),
            Task(case_id=1, title="Done", due_on=date(2026, 11, 25), done_on=TODAY),
        ],
        TODAY,
    ).items
    assert [item.title for item in items] == [
        "Late task",
        "Late filing",
        "Limitation",
        "Hearing 9 AM",
        "Hearing 2 PM",
        "Urgent task",
        "Low task",
        "Undated",
    ]
    assert [item.overdue for item in items[:3]] == [True, True, False]


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 23), st.booleans()), max_size=12))
def test_agenda_keeps_every_item_once_and_overdue_ones_first(specs: list[tuple[int, int, bool]]) -> None:
    """Whatever the mix, nothing is lost or repeated and no overdue item follows one that is not."""
    start = date(2026, 11, 1)
    events = [
        Event(
            case_id=1,
            kind=EventKind.FILING_DEADLINE if timed else EventKind.COURT,
            title=f"e{n}",
            day=start + timedelta(days=offset),
            starts_at=None
            if timed
            else datetime.combine(start + timedelta(days=offset), datetime.min.time(), CENTRAL)
            + timedelta(hours=hour),
            id=n,
        )
        for n, (offset, hour, timed) in enumerate(specs)
    ]
    items = build_agenda(events, [], TODAY).items
    assert sorted(item.title for item in items) == sorted(e.title for e in events)
    flags = [item.overdue for item in items]
    assert flags == sorted(flags, reverse=True)


@given(
    st.lists(
        st.tuples(
            st.integers(0, 48), st.one_of(st.none(), st.integers(0, 6)), st.sampled_from(list(EventKind))
        ),
        max_size=14,
    )
)
def test_conflicts_are_exactly_the_overlapping_pairs(specs: list[tuple[int, int | None, EventKind]]) -> None:
    """The sweep finds the same pairs as comparing every pair (half-hour starts, 0-3 hour lengths)."""
    events = []
    for n, (slot, length, kind) in enumerate(specs):
        start = at(24, 0) + timedelta(minutes=30 * slot)
        end = None if length is None else start + timedelta(minutes=30 * length)
        events.append(Event(1, kind, f"e{n}", start.date(), starts_at=start, ends_at=end, id=n))

    def overlap(a: Event, b: Event) -> bool:
        assert a.starts_at is not None and b.starts_at is not None
        a_end = a.ends_at or a.starts_at + timedelta(hours=1)
        b_end = b.ends_at or b.starts_at + timedelta(hours=1)
        return a.starts_at < b_end and b.starts_at < a_end

    attended = [e for e in events if e.kind.needs_attendance]
    expected = {
        frozenset((a.id, b.id)) for i, a in enumerate(attended) for b in attended[i + 1 :] if overlap(a, b)
    }
    assert {frozenset((c.first.id, c.second.id)) for c in conflicts(events)} == expected
