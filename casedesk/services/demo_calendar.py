"""Demo calendars: each open case's limitation deadline, and the events and tasks its stage calls for.

Drawn from its own ``random.Random`` so adding calendars left the rest of the demo unchanged. Timed events
are on weekdays in office hours, US Central time (a fixed offset, like the demo's timeline); a few tasks and
follow-ups are overdue, as in any real caseload. A limitation deadline already passed was met: suit was
filed (or the claim settled) some weeks before it, and it is marked done then.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, tzinfo

from casedesk.domain.calendar import Event, EventKind, Priority, Task
from casedesk.domain.cases import Case, CaseStatus, Client
from casedesk.domain.contacts import CaseContact, ContactRole
from casedesk.domain.deadlines import CaseLimitation, computed_events
from casedesk.domain.errors import ValidationError
from casedesk.domain.limitations import LimitationRules, compute_limitation

#: kind, title, days ahead (least, most), hour (None: all day), the roles on the case that take part.
_EventPlan = tuple[EventKind, str, tuple[int, int], int | None, tuple[ContactRole, ...]]
#: The events each case status calls for.
_EVENTS: dict[CaseStatus, tuple[_EventPlan, ...]] = {
    CaseStatus.INTAKE: ((EventKind.CONSULTATION, "Intake consultation with the attorney", (1, 12), 10, ()),),
    CaseStatus.TREATING: (
        (EventKind.MEDICAL_EVALUATION, "Follow-up evaluation", (3, 40), 14, (ContactRole.MEDICAL_PROVIDER,)),
        (EventKind.FOLLOW_UP, "Follow up on the medical records request", (-6, 14), None, ()),
    ),
    CaseStatus.DEMAND: (
        (
            EventKind.FOLLOW_UP,
            "Demand response due from the adjuster",
            (5, 30),
            None,
            (ContactRole.ADJUSTER,),
        ),
    ),
    CaseStatus.NEGOTIATION: (
        (EventKind.MEDIATION, "Mediation", (10, 60), 9, (ContactRole.ADJUSTER,)),
        (
            EventKind.FOLLOW_UP,
            "Call the adjuster about the counteroffer",
            (-4, 10),
            None,
            (ContactRole.ADJUSTER,),
        ),
    ),
    CaseStatus.LITIGATION: (
        (EventKind.MEDICAL_EVALUATION, "Defense medical examination (IME)", (5, 45), 9, ()),
        (EventKind.DEPOSITION, "Deposition of the client", (4, 50), 10, (ContactRole.OPPOSING_COUNSEL,)),
        (EventKind.COURT, "Status conference", (7, 80), 9, (ContactRole.COURT, ContactRole.OPPOSING_COUNSEL)),
        (EventKind.FILING_DEADLINE, "Discovery responses due", (-3, 25), None, ()),
    ),
    CaseStatus.TRIAL: (
        (
            EventKind.COURT,
            "Pretrial conference",
            (3, 30),
            13,
            (ContactRole.COURT, ContactRole.OPPOSING_COUNSEL),
        ),
        (
            EventKind.TRIAL,
            "Jury trial begins",
            (30, 120),
            9,
            (ContactRole.COURT, ContactRole.OPPOSING_COUNSEL),
        ),
        (EventKind.FILING_DEADLINE, "Exhibit and witness lists due", (2, 20), None, ()),
    ),
    CaseStatus.SETTLED: ((EventKind.FOLLOW_UP, "Confirm lien payoff amounts", (-5, 15), None, ()),),
}
#: (title, due days ahead (least, most), priority) by case status.
_TASKS: dict[CaseStatus, tuple[tuple[str, tuple[int, int], Priority], ...]] = {
    CaseStatus.INTAKE: (
        ("Send HIPAA authorizations to the client", (-2, 10), Priority.HIGH),
        ("Order the police report", (1, 30), Priority.NORMAL),
    ),
    CaseStatus.TREATING: (("Check in with the client on treatment", (-3, 35), Priority.NORMAL),),
    CaseStatus.DEMAND: (("Finish the demand package", (-2, 30), Priority.HIGH),),
    CaseStatus.NEGOTIATION: (("Update the valuation after the last offer", (1, 30), Priority.NORMAL),),
    CaseStatus.LITIGATION: (("Prepare the client for deposition", (1, 45), Priority.HIGH),),
    CaseStatus.TRIAL: (("Assemble the trial binder", (1, 40), Priority.HIGH),),
    CaseStatus.SETTLED: (("Prepare the settlement statement", (-1, 20), Priority.HIGH),),
}
#: Cases opened this many days ago or less show their intake interview on the calendar.
_PAST_DAYS = 120
#: Share of past due dates drawn that are moved ahead instead (keeps overdue items to a realistic few).
_TURNED_AHEAD = 0.8
#: How many minutes a timed demo event lasts, by kind (others: one hour).
_MINUTES = {EventKind.DEPOSITION: 180, EventKind.MEDIATION: 240, EventKind.TRIAL: 480, EventKind.COURT: 60}


@dataclass(slots=True)
class CalendarBatch:
    """Events (with ids), their participants, tasks, and reminders already seen, for a chunk of cases."""

    events: list[Event] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    dismissed: list[tuple[int, date]] = field(default_factory=list)


class DemoCalendars:
    """Draws each demo case's calendar; event ids count up from 1 (the file is empty)."""

    def __init__(self, rng: random.Random, today: date, rules: LimitationRules, zone: tzinfo) -> None:
        self._rng = rng
        self._today = today
        self._rules = rules
        self._zone = zone
        self._next_id = 1

    def draw(self, case: Case, client: Client, links: Sequence[CaseContact], batch: CalendarBatch) -> None:
        """Add the case's limitation deadline (open cases), events and tasks to the batch."""
        if case.status is CaseStatus.CLOSED:
            return
        case_id = case.id or 0
        for event in self._limitation_events(case, client):
            self._add(batch, event)
        if (self._today - case.opened_on).days <= _PAST_DAYS and case.opened_on < self._today:
            start = datetime.combine(case.opened_on, time(9), tzinfo=self._zone)
            intake = Event(
                case_id, EventKind.CONSULTATION, "Intake interview with the client", case.opened_on
            )
            self._add(batch, replace(intake, starts_at=start, ends_at=start + timedelta(hours=1)))
        for kind, title, (least, most), hour, roles in _EVENTS.get(case.status, ()):
            day = self._day(least, most)
            participants = tuple(link.contact.id or 0 for link in links if link.role in roles)
            event = Event(
                case_id=case_id,
                kind=kind,
                title=title,
                day=day,
                reminders=kind.default_reminders,
                participant_ids=tuple(dict.fromkeys(participants)),
            )
            if hour is not None:
                start = datetime.combine(day, time(hour, self._rng.choice((0, 0, 30))), tzinfo=self._zone)
                event = replace(
                    event, starts_at=start, ends_at=start + timedelta(minutes=_MINUTES.get(kind, 60))
                )
            self._add(batch, event)
        for title, (least, most), priority in _TASKS.get(case.status, ()):
            due = self._day(least, most)
            batch.tasks.append(Task(case_id=case_id, title=title, due_on=due, priority=priority))

    def _day(self, least: int, most: int) -> date:
        """A weekday ``least`` to ``most`` days from today; most of the drawn past days are turned ahead."""
        days = self._rng.randint(least, most)
        if days < 0 and self._rng.random() < _TURNED_AHEAD:
            days = self._rng.randint(1, most)
        return _weekday_on_or_after(self._today + timedelta(days=days))

    def _limitation_events(self, case: Case, client: Client) -> list[Event]:
        if case.incident_date is None or not case.jurisdiction:
            return []
        try:
            result = compute_limitation(
                self._rules,
                case.jurisdiction,
                case.incident_date,
                case_type=case.case_type,
                date_of_birth=client.date_of_birth,
            )
        except ValidationError:
            return []
        events = computed_events(case.id or 0, CaseLimitation(case.id or 0), result)
        return [self._met_if_passed(event) for event in events]

    def _met_if_passed(self, event: Event) -> Event:
        if event.day >= self._today:
            return event
        met = event.day - timedelta(days=self._rng.randint(10, 90))
        return replace(event, done_on=met - timedelta(days=max(0, met.weekday() - 4)))

    def add_follow_ups(self, events: Sequence[Event], batch: CalendarBatch) -> None:
        """Add the follow-ups of a case's record requests (they keep the uid that pairs them with it)."""
        for event in events:
            self._add(batch, event)

    def _add(self, batch: CalendarBatch, event: Event) -> None:
        uid = event.uid or f"{uuid.UUID(int=self._rng.getrandbits(128), version=4)}@casedesk"
        batch.events.append(replace(event, id=self._next_id, uid=uid))
        # The case manager has been using the app: reminders that came before today were seen then.
        came = [day for day in event.reminder_days() if day < self._today]
        if came and event.done_on is None:
            batch.dismissed.append((self._next_id, came[-1]))
        self._next_id += 1


def _weekday_on_or_after(day: date) -> date:
    """``day`` itself on a weekday, else the Monday after it."""
    return day + timedelta(days=max(0, 7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
