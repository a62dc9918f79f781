"""The calendar: events, their participants, tasks, dismissed reminders and cases' limitation settings."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, and_, delete, exists, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.calendar import Event, EventKind, EventOrigin, Priority, Task
from casedesk.domain.cases import CaseStatus
from casedesk.domain.deadlines import CaseLimitation
from casedesk.domain.errors import NotFoundError
from casedesk.domain.limitations import DefendantType, TollingEvent
from casedesk.store.base import Base, UtcDateTime, Versioned
from casedesk.store.cases import CaseRow, get_case


class EventRow(Versioned, Base):
    """A calendar event of a case (``events``)."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_case_day", "case_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    uid: Mapped[str] = mapped_column(String(255), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    origin: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    day: Mapped[date] = mapped_column(Date, index=True)
    starts_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    ends_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
    location: Mapped[str] = mapped_column(String(300), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Days before the event that reminders come, comma-separated, largest first ("150,120,90").
    reminders: Mapped[str] = mapped_column(String(200), default="")
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    #: The day the first reminder comes (``day`` minus the largest reminder); lets due reminders be found
    #: without reading every future event.
    remind_from: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)

    def to_domain(self, participant_ids: Sequence[int] = ()) -> Event:
        """The event as a domain object."""
        return Event(
            id=self.id,
            case_id=self.case_id,
            uid=self.uid,
            kind=EventKind(self.kind),
            origin=EventOrigin(self.origin),
            title=self.title,
            day=self.day,
            starts_at=self.starts_at,
            ends_at=self.ends_at,
            location=self.location,
            notes=self.notes,
            reminders=tuple(int(days) for days in self.reminders.split(",") if days),
            done_on=self.done_on,
            participant_ids=tuple(participant_ids),
            revision=self.revision,
        )

    @staticmethod
    def values(event: Event) -> dict[str, Any]:
        """Column values for the domain record (not the id): the one mapping fill and bulk inserts use."""
        return {
            "case_id": event.case_id,
            "uid": event.uid,
            "kind": event.kind.value,
            "origin": event.origin.value,
            "title": event.title.strip(),
            "day": event.day,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "location": event.location.strip(),
            "notes": event.notes,
            "reminders": ",".join(str(days) for days in sorted(set(event.reminders), reverse=True)),
            "done_on": event.done_on,
            "revision": event.revision,
            "remind_from": event.day - timedelta(days=max(event.reminders)) if event.reminders else None,
        }


class EventParticipantRow(Base):
    """A contact taking part in an event (``event_participants``)."""

    __tablename__ = "event_participants"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class TaskRow(Versioned, Base):
    """A to-do of a case (``tasks``)."""

    __tablename__ = "tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None] = mapped_column(Date, nullable=True, index=True)
    priority: Mapped[int] = mapped_column(Integer, default=Priority.NORMAL)
    done_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Task:
        """The task as a domain object."""
        return Task(
            id=self.id,
            case_id=self.case_id,
            title=self.title,
            due_on=self.due_on,
            priority=Priority(self.priority),
            done_on=self.done_on,
            notes=self.notes,
        )

    @staticmethod
    def values(task: Task) -> dict[str, Any]:
        """Column values for the domain record (not the id): the one mapping fill and bulk inserts use."""
        return {
            "case_id": task.case_id,
            "title": task.title.strip(),
            "due_on": task.due_on,
            "priority": int(task.priority),
            "done_on": task.done_on,
            "notes": task.notes,
        }


class ReminderDismissalRow(Base):
    """A reminder the user has seen and dismissed (``reminder_dismissals``)."""

    __tablename__ = "reminder_dismissals"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    remind_on: Mapped[date] = mapped_column(Date, primary_key=True)


class CaseLimitationRow(Versioned, Base):
    """A case's limitation settings and override (``case_limitations``, one row per case at most)."""

    __tablename__ = "case_limitations"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    defendant_type: Mapped[str] = mapped_column(String(20))
    #: Tolling events as JSON: ``[{"cause": ..., "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}]``.
    tolling: Mapped[str] = mapped_column(Text, default="[]")
    override_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    override_reason: Mapped[str] = mapped_column(String(300), default="")

    def to_domain(self) -> CaseLimitation:
        """The settings as a domain object."""
        return CaseLimitation(
            case_id=self.case_id,
            defendant_type=DefendantType(self.defendant_type),
            tolling=tuple(
                TollingEvent(
                    str(item["cause"]), date.fromisoformat(item["start"]), date.fromisoformat(item["end"])
                )
                for item in json.loads(self.tolling)
            ),
            override_on=self.override_on,
            override_reason=self.override_reason,
        )

    @staticmethod
    def values(settings: CaseLimitation) -> dict[str, Any]:
        """Column values for the domain record."""
        tolling = [
            {"cause": event.cause.strip(), "start": event.start.isoformat(), "end": event.end.isoformat()}
            for event in settings.tolling
        ]
        return {
            "case_id": settings.case_id,
            "defendant_type": settings.defendant_type.value,
            "tolling": json.dumps(tolling),
            "override_on": settings.override_on,
            "override_reason": settings.override_reason.strip() if settings.override_on else "",
        }


# --- events ------------------------------------------------------------------------------------------


def get_event(session: Session, event_id: int) -> Event:
    """The event with this id.

    Raises:
        NotFoundError: It does not exist (deleted elsewhere).
    """
    row = _event_row(session, event_id)
    return row.to_domain(_participants(session, [row.id]).get(row.id, ()))


def find_event_by_uid(session: Session, uid: str) -> Event | None:
    """The event with this iCalendar UID, if the file has one."""
    row = session.scalar(select(EventRow).where(EventRow.uid == uid))
    return None if row is None else row.to_domain(_participants(session, [row.id]).get(row.id, ()))


def list_events(
    session: Session,
    *,
    case_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
    open_deadlines_before: date | None = None,
    origins: Collection[EventOrigin] = (),
) -> list[Event]:
    """Events by day and start time.

    Args:
        session: The unit of work.
        case_id: Only this case's events.
        start: Only events on or after this day…
        end: …and on or before this day.
        open_deadlines_before: Also deadlines before this day that are not done (overdue items), whatever
            ``start`` says.
        origins: Only events of these origins (all when empty).
    """
    query = select(EventRow)
    if case_id is not None:
        query = query.where(EventRow.case_id == case_id)
    if origins:
        query = query.where(EventRow.origin.in_([origin.value for origin in origins]))
    in_range = []
    if start is not None:
        in_range.append(EventRow.day >= start)
    if end is not None:
        in_range.append(EventRow.day <= end)
    if open_deadlines_before is not None:
        deadline_kinds = [kind.value for kind in EventKind if kind.is_deadline]
        overdue = and_(
            EventRow.day < open_deadlines_before,
            EventRow.done_on.is_(None),
            EventRow.kind.in_(deadline_kinds),
        )
        query = query.where(or_(and_(*in_range), overdue) if in_range else overdue)
    elif in_range:
        query = query.where(*in_range)
    rows = list(session.scalars(query.order_by(EventRow.day, EventRow.starts_at, EventRow.id)))
    participants = _participants(session, [row.id for row in rows])
    return [row.to_domain(participants.get(row.id, ())) for row in rows]


def add_event(session: Session, event: Event) -> Event:
    """Store a new event with its participants.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, event.case_id)
    row = EventRow(**EventRow.values(event))
    session.add(row)
    session.flush()
    _set_participants(session, row.id, event.participant_ids)
    return row.to_domain(event.participant_ids)


def update_event(session: Session, event: Event) -> Event:
    """Store changes to an event; its revision goes up by one.

    Raises:
        NotFoundError: The event does not exist.
    """
    row = _event_row(session, event.id or 0)
    revision = row.revision + 1
    for column, value in EventRow.values(event).items():
        setattr(row, column, value)
    row.revision = revision
    session.flush()
    _set_participants(session, row.id, event.participant_ids)
    return row.to_domain(event.participant_ids)


def delete_event(session: Session, event_id: int) -> None:
    """Delete an event (its participants and dismissed reminders go with it).

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_event_row(session, event_id))
    session.flush()


def _event_row(session: Session, event_id: int) -> EventRow:
    row = session.get(EventRow, event_id)
    if row is None:
        raise NotFoundError("This event no longer exists; it was deleted elsewhere.")
    return row


def _participants(session: Session, event_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = {}
    for chunk in _chunks(event_ids):
        rows = session.execute(
            select(EventParticipantRow.event_id, EventParticipantRow.contact_id)
            .where(EventParticipantRow.event_id.in_(chunk))
            .order_by(EventParticipantRow.contact_id)
        )
        for event_id, contact_id in rows:
            found.setdefault(event_id, []).append(contact_id)
    return {event_id: tuple(ids) for event_id, ids in found.items()}


def _chunks(ids: Sequence[int], size: int = 500) -> Iterator[Sequence[int]]:
    """Ids in slices small enough for one ``IN (…)`` each (SQLite limits the parameters of a statement)."""
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _set_participants(session: Session, event_id: int, contact_ids: Sequence[int]) -> None:
    session.execute(delete(EventParticipantRow).where(EventParticipantRow.event_id == event_id))
    for contact_id in dict.fromkeys(contact_ids):
        session.add(EventParticipantRow(event_id=event_id, contact_id=contact_id))
    session.flush()


# --- tasks -------------------------------------------------------------------------------------------


def get_task(session: Session, task_id: int) -> Task:
    """The task with this id.

    Raises:
        NotFoundError: It does not exist (deleted elsewhere).
    """
    return _task_row(session, task_id).to_domain()


def list_tasks(
    session: Session,
    *,
    case_id: int | None = None,
    open_only: bool = False,
    due_before: date | None = None,
) -> list[Task]:
    """Tasks by due date (undated last), then priority (highest first).

    Args:
        session: The unit of work.
        case_id: Only this case's tasks.
        open_only: Leave out done tasks.
        due_before: Only tasks due on or before this day, plus undated ones.
    """
    query = select(TaskRow)
    if case_id is not None:
        query = query.where(TaskRow.case_id == case_id)
    if open_only:
        query = query.where(TaskRow.done_on.is_(None))
    if due_before is not None:
        query = query.where(or_(TaskRow.due_on.is_(None), TaskRow.due_on <= due_before))
    query = query.order_by(TaskRow.due_on.is_(None), TaskRow.due_on, TaskRow.priority.desc(), TaskRow.id)
    return [row.to_domain() for row in session.scalars(query)]


def add_task(session: Session, task: Task) -> Task:
    """Store a new task.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, task.case_id)
    row = TaskRow(**TaskRow.values(task))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_task(session: Session, task: Task) -> Task:
    """Store changes to a task.

    Raises:
        NotFoundError: The task does not exist.
    """
    row = _task_row(session, task.id or 0)
    for column, value in TaskRow.values(task).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_task(session: Session, task_id: int) -> None:
    """Delete a task.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_task_row(session, task_id))
    session.flush()


def _task_row(session: Session, task_id: int) -> TaskRow:
    row = session.get(TaskRow, task_id)
    if row is None:
        raise NotFoundError("This task no longer exists; it was deleted elsewhere.")
    return row


# --- reminders ---------------------------------------------------------------------------------------


def events_reminding(session: Session, today: date) -> list[Event]:
    """Open events whose first reminder has come: upcoming ones, and deadlines past and not done."""
    deadline_kinds = [kind.value for kind in EventKind if kind.is_deadline]
    query = (
        select(EventRow)
        .where(
            EventRow.remind_from <= today,
            EventRow.done_on.is_(None),
            or_(EventRow.day >= today, EventRow.kind.in_(deadline_kinds)),
        )
        .order_by(EventRow.day, EventRow.starts_at, EventRow.id)
    )
    rows = list(session.scalars(query))
    participants = _participants(session, [row.id for row in rows])
    return [row.to_domain(participants.get(row.id, ())) for row in rows]


def dismissed_reminders(session: Session, event_ids: Sequence[int]) -> set[tuple[int, date]]:
    """The (event id, reminder day) pairs the user has dismissed among these events."""
    found: set[tuple[int, date]] = set()
    for chunk in _chunks(event_ids):
        rows = session.execute(
            select(ReminderDismissalRow.event_id, ReminderDismissalRow.remind_on).where(
                ReminderDismissalRow.event_id.in_(chunk)
            )
        )
        found.update((event_id, day) for event_id, day in rows)
    return found


def dismiss_reminders(session: Session, reminders: Sequence[tuple[int, date]]) -> None:
    """Record reminders as seen (already-dismissed ones are left as they are)."""
    already = dismissed_reminders(session, [event_id for event_id, _ in reminders])
    for event_id, day in dict.fromkeys(reminders):
        if (event_id, day) not in already:
            session.add(ReminderDismissalRow(event_id=event_id, remind_on=day))
    session.flush()


# --- limitation settings -----------------------------------------------------------------------------


def get_limitation(session: Session, case_id: int) -> CaseLimitation:
    """The case's limitation settings (the defaults when none were saved).

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, case_id)
    row = session.get(CaseLimitationRow, case_id)
    return CaseLimitation(case_id) if row is None else row.to_domain()


def save_limitation(session: Session, settings: CaseLimitation) -> CaseLimitation:
    """Store the case's limitation settings, replacing what was there.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, settings.case_id)
    row = session.get(CaseLimitationRow, settings.case_id)
    if row is None:
        row = CaseLimitationRow(case_id=settings.case_id)
        session.add(row)
    for column, value in CaseLimitationRow.values(settings).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


# --- cases and deadlines ---------------------------------------------------------------------------


def cases_without_next_deadline(session: Session, today: date) -> list[int]:
    """Ids of open cases (not closed) with no open deadline or appointment from today on, by number.

    The computed limitation and notice deadlines do not count: they are months or years away and say
    nothing about what is next on the case.
    """
    upcoming = exists().where(
        EventRow.case_id == CaseRow.id,
        EventRow.day >= today,
        EventRow.done_on.is_(None),
        EventRow.origin.not_in([origin.value for origin in EventOrigin if origin.computed]),
        EventRow.kind.in_([kind.value for kind in EventKind if kind.is_deadline or kind.needs_attendance]),
    )
    query = (
        select(CaseRow.id)
        .where(CaseRow.status != CaseStatus.CLOSED.value, ~upcoming)
        .order_by(CaseRow.number)
    )
    return list(session.scalars(query))
