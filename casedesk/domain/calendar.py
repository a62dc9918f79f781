"""The calendar: events (court dates, evaluations, deadlines…) and tasks of the cases, and the agenda."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from casedesk.domain.cases import EARLIEST_DATE, length_errors

#: How long a timed event without an end is taken to last when looking for conflicts.
DEFAULT_DURATION = timedelta(hours=1)
#: Reminders before a limitation deadline, in days (the product default; editable per event).
LIMITATION_REMINDERS = (150, 120, 90, 60, 30, 14, 7, 1, 0)
_EARLIEST_MOMENT = datetime.min.replace(tzinfo=UTC)


class EventKind(enum.StrEnum):
    """What an event is."""

    CONSULTATION = "consultation"
    COURT = "court"
    DEPOSITION = "deposition"
    MEDICAL_EVALUATION = "medical_evaluation"
    MEDIATION = "mediation"
    TRIAL = "trial"
    FILING_DEADLINE = "filing_deadline"
    FOLLOW_UP = "follow_up"
    LIMITATION = "limitation"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _EVENT_LABELS[self]

    @property
    def needs_attendance(self) -> bool:
        """Whether someone must be somewhere (two of these at once are a conflict)."""
        return self in _ATTENDED

    @property
    def is_deadline(self) -> bool:
        """Whether the event is a date something must be done by (it can be overdue until done)."""
        return self in (EventKind.FILING_DEADLINE, EventKind.LIMITATION, EventKind.FOLLOW_UP)

    @property
    def default_reminders(self) -> tuple[int, ...]:
        """Days before the event that reminders come by default."""
        if self is EventKind.LIMITATION:
            return LIMITATION_REMINDERS
        if self is EventKind.FILING_DEADLINE:
            return (14, 7, 3, 1, 0)
        if self.needs_attendance:
            return (7, 1, 0)
        return (1, 0)


_EVENT_LABELS = {
    EventKind.CONSULTATION: "Legal consultation",
    EventKind.COURT: "Court date / hearing",
    EventKind.DEPOSITION: "Deposition",
    EventKind.MEDICAL_EVALUATION: "Medical evaluation / IME",
    EventKind.MEDIATION: "Mediation",
    EventKind.TRIAL: "Trial",
    EventKind.FILING_DEADLINE: "Filing deadline",
    EventKind.FOLLOW_UP: "Follow-up",
    EventKind.LIMITATION: "Limitation deadline",
    EventKind.OTHER: "Other",
}
_ATTENDED = frozenset(
    {
        EventKind.CONSULTATION,
        EventKind.COURT,
        EventKind.DEPOSITION,
        EventKind.MEDICAL_EVALUATION,
        EventKind.MEDIATION,
        EventKind.TRIAL,
    }
)


class EventOrigin(enum.StrEnum):
    """Where an event comes from: entered by the user, imported, or computed from the case."""

    USER = "user"
    IMPORTED = "imported"
    LIMITATION = "limitation"  #: the case's computed limitation deadline
    NOTICE = "notice"  #: the case's computed notice-of-claim deadline (government defendant)
    REQUEST = "request"  #: the follow-up of a record request, kept in step with the request
    DEMAND = "demand"  #: the deadline of a time-limited demand or offer, kept in step with the negotiation

    @property
    def computed(self) -> bool:
        """Whether casedesk keeps the event's date in step with the case (the user does not move it)."""
        return self in (EventOrigin.LIMITATION, EventOrigin.NOTICE)

    @property
    def follows_record(self) -> bool:
        """Whether another record owns the event (a computed deadline, a record request's follow-up)."""
        return self.computed or self in (EventOrigin.REQUEST, EventOrigin.DEMAND)


class Priority(enum.IntEnum):
    """How urgent a task is (higher sorts first)."""

    LOW = 0
    NORMAL = 1
    HIGH = 2

    @property
    def label(self) -> str:
        """Display name."""
        return self.name.capitalize()


@dataclass(frozen=True, slots=True)
class Event:
    """A dated event of a case.

    Attributes:
        case_id: The case.
        kind: What the event is.
        title: What it is called ("Deposition of Dr. Patel").
        day: The event's date; for a timed event, the date at the place it was entered.
        starts_at: When a timed event starts (timezone-aware); ``None`` for an all-day event.
        ends_at: When it ends (timezone-aware), if known.
        location: Where.
        notes: Free notes.
        reminders: Days before ``day`` that a reminder comes, largest first.
        done_on: When a deadline was met (filed, followed up); ``None`` while open.
        participant_ids: Contacts taking part.
        uid: The iCalendar UID, fixed at creation so a calendar program updates the event on re-import.
        origin: Where the event comes from.
        revision: Counts saves; a save based on an older revision is refused, and exports use it as the
            iCalendar SEQUENCE.
        id: The stored id (``None`` before saving).
    """

    case_id: int
    kind: EventKind
    title: str
    day: date
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    location: str = ""
    notes: str = ""
    reminders: tuple[int, ...] = ()
    done_on: date | None = None
    participant_ids: tuple[int, ...] = ()
    uid: str = ""
    origin: EventOrigin = EventOrigin.USER
    revision: int = 0
    id: int | None = None

    @property
    def all_day(self) -> bool:
        """Whether the event has no time of day."""
        return self.starts_at is None

    def is_overdue(self, today: date) -> bool:
        """A deadline whose day has passed without it being done."""
        return self.kind.is_deadline and self.done_on is None and self.day < today

    def reminder_days(self) -> list[date]:
        """The dates the reminders fall on, earliest first."""
        return sorted(self.day - timedelta(days=days) for days in set(self.reminders))


@dataclass(frozen=True, slots=True)
class Task:
    """A to-do of a case.

    Attributes:
        case_id: The case.
        title: What to do.
        due_on: By when, if there is a date.
        priority: How urgent.
        done_on: When it was done; ``None`` while open.
        notes: Free notes.
        id: The stored id (``None`` before saving).
    """

    case_id: int
    title: str
    due_on: date | None = None
    priority: Priority = Priority.NORMAL
    done_on: date | None = None
    notes: str = ""
    id: int | None = None

    def is_overdue(self, today: date) -> bool:
        """An open task whose due date has passed."""
        return self.done_on is None and self.due_on is not None and self.due_on < today


def validate_event(event: Event) -> dict[str, str]:
    """Problems with an event, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if not event.title.strip():
        errors["title"] = "Say what the event is (e.g. Deposition of Dr. Patel)."
    if event.day < EARLIEST_DATE:
        errors["day"] = f"An event cannot be before {EARLIEST_DATE:%Y}."
    if event.starts_at is not None and event.starts_at.tzinfo is None:
        errors["starts_at"] = "The time must carry a time zone."
    if event.ends_at is not None:
        if event.starts_at is None:
            errors["ends_at"] = "Only a timed event has an end time."
        elif event.ends_at.tzinfo is None:
            errors["ends_at"] = "The time must carry a time zone."
        elif event.ends_at < event.starts_at:
            errors["ends_at"] = "The event cannot end before it starts."
    if any(days < 0 for days in event.reminders):
        errors["reminders"] = "Reminders come before the event (0 = on the day)."
    if event.done_on is not None and not event.kind.is_deadline:
        errors["done_on"] = "Only deadlines and follow-ups are marked done."
    errors.update(length_errors(title=event.title, location=event.location))
    return errors


def validate_task(task: Task) -> dict[str, str]:
    """Problems with a task, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if not task.title.strip():
        errors["title"] = "Say what there is to do."
    if task.due_on is not None and task.due_on < EARLIEST_DATE:
        errors["due_on"] = f"A due date cannot be before {EARLIEST_DATE:%Y}."
    errors.update(length_errors(title=task.title))
    return errors


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two events that need someone in two places at once.

    Attributes:
        first: The earlier-starting event.
        second: The other one.
    """

    first: Event
    second: Event


def conflicts(events: Iterable[Event]) -> list[Conflict]:
    """Pairs of timed events that need attendance and overlap in time.

    An event without an end lasts :data:`DEFAULT_DURATION`; one ending as the other starts is no conflict.
    """
    timed = sorted(
        (e for e in events if e.kind.needs_attendance and e.starts_at is not None),
        key=lambda e: (e.starts_at, e.id or 0),
    )
    found = []
    # Sorted by start, each event can only overlap the ones starting before it ends: a sweep, not all pairs.
    for index, first in enumerate(timed):
        end = _end(first)
        for second in timed[index + 1 :]:
            assert first.starts_at is not None and second.starts_at is not None
            if second.starts_at >= end:
                break
            if first.starts_at < _end(second):  # not a zero-length event at the very start
                found.append(Conflict(first, second))
    return found


def _end(event: Event) -> datetime:
    assert event.starts_at is not None
    return event.ends_at or event.starts_at + DEFAULT_DURATION


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One line of the agenda: an event or a task, with why it is where it is.

    Attributes:
        day: The date it is listed under (a task without a due date: ``None``, listed last).
        event: The event, when the item is one.
        task: The task, when the item is one.
        overdue: A deadline or task past its date and not done.
    """

    day: date | None
    event: Event | None = None
    task: Task | None = None
    overdue: bool = False

    @property
    def case_id(self) -> int:
        """The case the item belongs to."""
        record = self.event or self.task
        assert record is not None
        return record.case_id

    @property
    def title(self) -> str:
        """What the item is called."""
        record = self.event or self.task
        assert record is not None
        return record.title


@dataclass(frozen=True, slots=True)
class Agenda:
    """What is coming: overdue items first, then by date and time.

    Attributes:
        items: The items in agenda order.
        conflicts: Attended events that overlap.
    """

    items: tuple[AgendaItem, ...]
    conflicts: tuple[Conflict, ...] = field(default_factory=tuple)


def build_agenda(events: Sequence[Event], tasks: Sequence[Task], today: date) -> Agenda:
    """Order events and open tasks as the agenda lists them.

    Overdue items come first (oldest first), then by day: events before tasks (all-day events before timed
    ones, timed ones by start), tasks by priority; tasks without a due date come last. Done tasks are left
    out.
    """
    items = [AgendaItem(e.day, event=e, overdue=e.is_overdue(today)) for e in events]
    items += [AgendaItem(t.due_on, task=t, overdue=t.is_overdue(today)) for t in tasks if t.done_on is None]

    def key(item: AgendaItem) -> tuple[object, ...]:
        when = item.event.starts_at if item.event is not None and item.event.starts_at else None
        priority = -item.task.priority if item.task is not None else 0
        return (
            not item.overdue,
            item.day is None,
            item.day or date.max,
            item.task is not None,
            when is not None,
            when or _EARLIEST_MOMENT,
            priority,
            item.title.casefold(),
        )

    return Agenda(tuple(sorted(items, key=key)), tuple(conflicts(events)))
