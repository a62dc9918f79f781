"""Use cases for the calendar: events and tasks, the agenda, reminders, limitation deadlines, ICS files."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity, ActivityKind, Direction
from casedesk.domain.calendar import (
    Agenda,
    Event,
    EventKind,
    EventOrigin,
    Task,
    build_agenda,
    validate_event,
    validate_task,
)
from casedesk.domain.cases import Case, CaseStatus
from casedesk.domain.deadlines import CaseDeadline, CaseLimitation, computed_events, validate_case_limitation
from casedesk.domain.errors import ConflictError, ValidationError
from casedesk.domain.limitations import HolidayCalendar, LimitationRules, compute_limitation, us_holidays
from casedesk.domain.negotiation import answered_on, deadline_event
from casedesk.domain.providers import (
    RequestStatus,
    follow_up_event,
    mark_received,
    reopen,
    request_id_of,
    validate_request,
)
from casedesk.services.audit import record_export
from casedesk.services.clock import Clock, system_clock, today
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import activity as activity_store
from casedesk.store import calendar as calendar_store
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store import insurance as insurance_store
from casedesk.store import negotiation as negotiation_store
from casedesk.store import providers as provider_store
from casedesk.store.casefile import CaseFile

#: How far ahead the Today view looks for limitation deadlines.
LIMITATION_HORIZON = timedelta(days=180)


@dataclass(frozen=True, slots=True)
class CalendarRange:
    """The agenda of a span of days, with the cases' labels for display.

    Attributes:
        start: The first day shown.
        end: The last day shown.
        agenda: The events and open tasks, overdue first (see :func:`build_agenda`).
        case_labels: Case id → "number · caption" for every case in the agenda.
    """

    start: date
    end: date
    agenda: Agenda
    case_labels: dict[int, str]


@dataclass(frozen=True, slots=True)
class CaseCalendar:
    """One case's calendar.

    Attributes:
        events: Every event of the case, by day.
        tasks: Every task of the case, open ones first.
        deadline: The case's limitation deadline and settings.
    """

    events: tuple[Event, ...]
    tasks: tuple[Task, ...]
    deadline: CaseDeadline


@dataclass(frozen=True, slots=True)
class DueReminder:
    """A reminder that has come due and not been dismissed.

    Attributes:
        event: The event it is about.
        remind_on: The latest reminder day of the event that has come (earlier ones are folded into it).
        case_label: "number · caption" of the event's case.
    """

    event: Event
    remind_on: date
    case_label: str

    def days_left(self, on: date) -> int:
        """Days from ``on`` to the event (negative once it has passed)."""
        return (self.event.day - on).days


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an ICS import did.

    Attributes:
        added: Events created.
        updated: Events that were already in the case file (same UID) and were updated.
        skipped: Events left alone: they belong to another case, or are computed deadlines.
    """

    added: int
    updated: int
    skipped: int


class CalendarService:
    """The calendars of the cases in one case file.

    Attributes:
        clock: What this service takes "now" and "today" to be.
    """

    def __init__(
        self,
        case_file: CaseFile,
        limitation_rules: LimitationRules,
        clock: Clock = system_clock,
        holidays: HolidayCalendar = us_holidays,
    ) -> None:
        self._case_file = case_file
        self._rules = limitation_rules
        self._holidays = holidays
        self.clock = clock

    def today(self) -> date:
        """Today's date by the service's clock."""
        return today(self.clock)

    # --- reading ---------------------------------------------------------------------------------

    def range(self, start: date, end: date, case_id: int | None = None) -> CalendarRange:
        """Events from ``start`` to ``end`` and the open tasks due by ``end``, with overdue items first.

        When ``start`` is today or later, overdue deadlines and tasks and undated open tasks are included too
        (the agenda of what is still to do); a span in the past lists only what fell in it.
        """
        overdue_from = self.today() if start >= self.today() else None
        with self._case_file.session() as session:
            events = calendar_store.list_events(
                session, case_id=case_id, start=start, end=end, open_deadlines_before=overdue_from
            )
            tasks = [
                t
                for t in calendar_store.list_tasks(session, case_id=case_id, open_only=True, due_before=end)
                if (t.due_on is None and overdue_from is not None)
                or (
                    t.due_on is not None and (t.due_on >= start or (overdue_from and t.due_on < overdue_from))
                )
            ]
            agenda = build_agenda(events, tasks, self.today())
            labels = _case_labels(session, {item.case_id for item in agenda.items})
        return CalendarRange(start, end, agenda, labels)

    def case_calendar(self, case_id: int) -> CaseCalendar:
        """A case's events, tasks and limitation deadline.

        Raises:
            NotFoundError: The case no longer exists.
        """
        with self._case_file.session() as session:
            deadline = self._deadline(session, case_store.get_case(session, case_id))
            events = calendar_store.list_events(session, case_id=case_id)
            tasks = calendar_store.list_tasks(session, case_id=case_id)
        tasks.sort(key=lambda t: t.done_on is not None)
        return CaseCalendar(tuple(events), tuple(tasks), deadline)

    def deadline(self, case_id: int) -> CaseDeadline:
        """A case's limitation deadline as computed now, with its settings and calendar events."""
        with self._case_file.session() as session:
            return self._deadline(session, case_store.get_case(session, case_id))

    def upcoming_limitations(self, horizon: timedelta = LIMITATION_HORIZON) -> CalendarRange:
        """Open limitation and notice-of-claim deadlines from today to ``horizon`` ahead, overdue first."""
        start = self.today()
        with self._case_file.session() as session:
            computed = [origin for origin in EventOrigin if origin.computed]
            events = [
                e
                for e in calendar_store.list_events(
                    session, start=start, end=start + horizon, open_deadlines_before=start, origins=computed
                )
                if e.done_on is None
            ]
            agenda = build_agenda(events, [], start)
            labels = _case_labels(session, {e.case_id for e in events})
        return CalendarRange(start, start + horizon, agenda, labels)

    def cases_without_next_deadline(self) -> list[tuple[int, str]]:
        """Open cases with no upcoming deadline, hearing or appointment: (case id, label), by number."""
        with self._case_file.session() as session:
            ids = calendar_store.cases_without_next_deadline(session, self.today())
            labels = _case_labels(session, set(ids))
        return [(case_id, labels[case_id]) for case_id in ids]

    def get_event(self, event_id: int) -> Event:
        """One event (NotFoundError if it was deleted elsewhere)."""
        with self._case_file.session() as session:
            return calendar_store.get_event(session, event_id)

    def get_task(self, task_id: int) -> Task:
        """One task (NotFoundError if it was deleted elsewhere)."""
        with self._case_file.session() as session:
            return calendar_store.get_task(session, task_id)

    def case_label(self, case_id: int) -> str:
        """The case's label: number · caption."""
        with self._case_file.session() as session:
            return _case_labels(session, {case_id})[case_id]

    # --- events ----------------------------------------------------------------------------------

    def new_event(
        self, case_id: int, kind: EventKind = EventKind.CONSULTATION, day: date | None = None
    ) -> Event:
        """A blank event of a kind, with the kind's default reminders (not saved)."""
        return Event(
            case_id=case_id, kind=kind, title="", day=day or self.today(), reminders=kind.default_reminders
        )

    def event_errors(self, event: Event) -> dict[str, str]:
        """What is wrong with an event; empty when it can be saved."""
        return validate_event(event)

    def add_event(self, event: Event) -> Event:
        """Save a new event (it gets a UID that stays with it through exports and re-imports).

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            NotFoundError: The case no longer exists.
        """
        _raise_if(self.event_errors(event))
        if event.origin.follows_record:
            raise ValidationError(
                {"kind": "Limitation deadlines are computed from the case, not added by hand."}
            )
        with self._case_file.session() as session:
            return calendar_store.add_event(session, replace(event, uid=event.uid or _new_uid(), revision=0))

    def update_event(self, event: Event) -> Event:
        """Save changes to an event.

        A computed deadline keeps its kind, title, day and notes (they follow the case and explain it); its
        reminders, location, participants and done state can change.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
            ConflictError: The event was changed elsewhere since ``event.revision`` was read.
            NotFoundError: It was deleted elsewhere.
        """
        _raise_if(self.event_errors(event))
        with self._case_file.session() as session:
            stored = calendar_store.get_event(session, event.id or 0)
            if stored.revision != event.revision:
                raise ConflictError("event")
            if stored.origin.computed:
                event = replace(
                    event,
                    kind=stored.kind,
                    title=stored.title,
                    day=stored.day,
                    notes=stored.notes,
                    origin=stored.origin,
                )
            if stored.origin is EventOrigin.REQUEST:
                return self._update_follow_up(session, stored, event)
            if stored.origin is EventOrigin.DEMAND:
                _raise_if(_demand_deadline_changes(stored, event))
            return calendar_store.update_event(session, replace(event, uid=stored.uid))

    def set_event_done(self, event: Event, done: bool) -> Event:
        """Mark a deadline or follow-up done today (or open again)."""
        return self.update_event(replace(event, done_on=self.today() if done else None))

    def delete_event(self, event_id: int) -> Event:
        """Delete an event; returns it so that the user can undo with :meth:`restore_event`.

        Raises:
            ValidationError: The event is a computed deadline (change the case's limitation data instead).
        """
        with self._case_file.session() as session:
            event = calendar_store.get_event(session, event_id)
            if event.origin.computed:
                raise ValidationError(
                    {
                        "event": "A computed deadline cannot be deleted; "
                        "set the limitation date by hand instead."
                    }
                )
            if event.origin is EventOrigin.REQUEST:
                raise ValidationError(
                    {
                        "event": "This follow-up belongs to a record request. Mark the request received "
                        "(tick the follow-up done) or delete the request on the case's Medical tab."
                    }
                )
            if event.origin is EventOrigin.DEMAND:
                raise ValidationError({"event": DEMAND_DEADLINE_HELP})
            calendar_store.delete_event(session, event_id)
            return event

    def restore_event(self, event: Event) -> Event:
        """Put back an event deleted by :meth:`delete_event` (undo), with its UID."""
        with self._case_file.session() as session:
            return calendar_store.add_event(session, replace(event, id=None))

    # --- tasks -----------------------------------------------------------------------------------

    def task_errors(self, task: Task) -> dict[str, str]:
        """What is wrong with a task; empty when it can be saved."""
        return validate_task(task)

    def add_task(self, task: Task) -> Task:
        """Save a new task (ValidationError if a field is wrong)."""
        _raise_if(self.task_errors(task))
        with self._case_file.session() as session:
            return calendar_store.add_task(session, task)

    def update_task(self, task: Task, expected: Task | None = None) -> Task:
        """Save changes to a task (ConflictError if it changed since ``expected`` was read)."""
        _raise_if(self.task_errors(task))
        with self._case_file.session() as session:
            refuse_if_changed(session, calendar_store.TaskRow, "task", expected, calendar_store.get_task)
            return calendar_store.update_task(session, task)

    def set_task_done(self, task: Task, done: bool) -> Task:
        """Mark a task done today (or open again)."""
        return self.update_task(replace(task, done_on=self.today() if done else None), expected=task)

    def delete_task(self, task_id: int) -> Task:
        """Delete a task; returns it so that the user can undo with :meth:`restore_task`."""
        with self._case_file.session() as session:
            task = calendar_store.get_task(session, task_id)
            calendar_store.delete_task(session, task_id)
            return task

    def restore_task(self, task: Task) -> Task:
        """Put back a task deleted by :meth:`delete_task` (undo)."""
        with self._case_file.session() as session:
            return calendar_store.add_task(session, replace(task, id=None))

    # --- limitation deadlines --------------------------------------------------------------------

    def limitation_errors(self, settings: CaseLimitation) -> dict[str, str]:
        """What is wrong with a case's limitation settings; empty when they can be saved."""
        return validate_case_limitation(settings)

    def preview_deadline(self, settings: CaseLimitation) -> CaseDeadline:
        """The deadline the settings would give, without saving them (for the form as the user types)."""
        with self._case_file.session() as session:
            case = case_store.get_case(session, settings.case_id)
            return self._compute(session, case, settings)

    def save_limitation(
        self, settings: CaseLimitation, expected: CaseLimitation | None = None
    ) -> CaseDeadline:
        """Save a case's limitation settings and bring its deadline events in step.

        Setting, changing or removing the override adds an entry to the case's timeline with the reason,
        so the case keeps an audit of who moved the date and why.

        Raises:
            ValidationError: A field is wrong (an override needs a reason); nothing is saved.
            ConflictError: The settings changed elsewhere since ``expected`` was read.
        """
        _raise_if(self.limitation_errors(settings))
        with self._case_file.session() as session:
            case = case_store.get_case(session, settings.case_id)
            stored = calendar_store.get_limitation(session, settings.case_id)
            if expected is not None and stored != expected:
                raise ConflictError("limitation settings")
            saved = calendar_store.save_limitation(session, settings)
            deadline = self._compute(session, case, saved)
            if stored.override_on != saved.override_on or (
                saved.override_on is not None and stored.override_reason != saved.override_reason
            ):
                activity_store.add_activity(session, self._override_audit(stored, deadline))
            return self._sync(session, case, deadline)

    def sync_case(self, session: Session, case_id: int) -> None:
        """Bring a case's computed deadline events in step with the case (inside the caller's transaction).

        Called whenever a case or its client is saved: the incident date, jurisdiction, case type and date
        of birth all move the deadline.
        """
        case = case_store.get_case(session, case_id)
        settings = calendar_store.get_limitation(session, case_id)
        self._sync(session, case, self._compute(session, case, settings))
        self.sync_follow_ups(session, case_id)
        self.sync_demand_deadlines(session, case_id)

    def sync_follow_ups(self, session: Session, case_id: int) -> None:
        """Bring a case's record-request follow-ups in step with its requests, in the caller's transaction.

        Each request has one follow-up event on its follow-up day, done once the request was received; a
        closed case keeps none (as with its deadlines), and reopening it brings them back.
        """
        case = case_store.get_case(session, case_id)
        wanted: dict[str, Event] = {}
        if case.status is not CaseStatus.CLOSED:
            names = provider_store.provider_names(session, case_id)
            for request in provider_store.list_requests(session, case_id):
                event = follow_up_event(request, names.get(request.provider_id, "the provider"))
                wanted[event.uid] = event
        _keep_in_step(session, case_id, EventOrigin.REQUEST, wanted)

    def sync_demand_deadlines(self, session: Session, case_id: int) -> None:
        """Bring a case's demand and offer deadlines in step with its negotiation (in the caller's session).

        Each entry with a deadline running has one deadline event on that day, done once a later entry
        answered it (or the claim settled); a closed case keeps none, as with its other deadlines.
        """
        case = case_store.get_case(session, case_id)
        wanted: dict[str, Event] = {}
        if case.status is not CaseStatus.CLOSED:
            claims = insurance_store.claim_views(session, case_id)
            names = {claim.id: claim.display_name for claim in claims}
            for claim_id, entries in negotiation_store.list_case_entries(session, case_id).items():
                name = names.get(claim_id, "a claim")
                for entry in entries:
                    event = deadline_event(entry, case_id, name, answered_on(entry, entries))
                    if event is not None:
                        wanted[event.uid] = event
        _keep_in_step(session, case_id, EventOrigin.DEMAND, wanted)

    def _update_follow_up(self, session: Session, stored: Event, event: Event) -> Event:
        """Save a request's follow-up, passing what it says about the request on to the request.

        Ticking it done records the request as received that day; opening it again makes the request
        wait for the provider again; moving it moves the request's follow-up date. Its kind and title
        follow the request.
        """
        request = provider_store.find_request(session, request_id_of(stored.uid) or 0)
        if request is None:  # the request went meanwhile; the next sync removes the follow-up
            return calendar_store.update_event(session, replace(event, uid=stored.uid))
        errors = {}
        if event.kind is not stored.kind:
            errors["kind"] = "A record request's follow-up stays a follow-up."
        if event.title.strip() != stored.title:
            errors["title"] = "The title follows the record request; change the request on the Medical tab."
        changed = request
        if event.day != stored.day:
            changed = replace(changed, follow_up_on=event.day)
            if "follow_up_on" in validate_request(changed):
                errors["day"] = validate_request(changed)["follow_up_on"]
        if event.done_on is not None and stored.done_on is None and request.status is RequestStatus.REQUESTED:
            changed = mark_received(changed, event.done_on)
        elif event.done_on is None and stored.done_on is not None:
            if request.status is RequestStatus.REVIEWED:
                errors["done_on"] = (
                    "The records were received and reviewed; open the request again on the Medical tab."
                )
            else:
                changed = reopen(changed)
        _raise_if(errors)
        if changed != request:
            provider_store.update_request(session, changed)
        saved = calendar_store.update_event(session, replace(event, uid=stored.uid))
        self.sync_follow_ups(session, stored.case_id)
        return calendar_store.get_event(session, saved.id or 0)

    def _deadline(self, session: Session, case: Case) -> CaseDeadline:
        settings = calendar_store.get_limitation(session, case.id or 0)
        computed = self._compute(session, case, settings)
        events = calendar_store.list_events(session, case_id=case.id)
        return replace(
            computed,
            event=next((e for e in events if e.origin is EventOrigin.LIMITATION), None),
            notice_event=next((e for e in events if e.origin is EventOrigin.NOTICE), None),
        )

    def _compute(self, session: Session, case: Case, settings: CaseLimitation) -> CaseDeadline:
        missing = [
            label
            for label, value in (("incident date", case.incident_date), ("jurisdiction", case.jurisdiction))
            if not value
        ]
        if missing:
            problem = f"Enter the {' and the '.join(missing)} of the case to compute its limitation deadline."
            return CaseDeadline(settings, None, problem)
        assert case.incident_date is not None
        client = case_store.get_client(session, case.client_id)
        try:
            result = compute_limitation(
                self._rules,
                case.jurisdiction,
                case.incident_date,
                case_type=case.case_type,
                defendant_type=settings.defendant_type,
                date_of_birth=client.date_of_birth,
                tolling=settings.tolling,
                holidays=self._holidays,
            )
        except ValidationError as exc:
            return CaseDeadline(settings, None, " ".join(exc.errors.values()))
        return CaseDeadline(settings, result)

    def _sync(self, session: Session, case: Case, deadline: CaseDeadline) -> CaseDeadline:
        case_id = case.id or 0
        # A closed case keeps no deadline reminders; reopening it brings them back.
        wanted = (
            {}
            if case.status is CaseStatus.CLOSED
            else {e.origin: e for e in computed_events(case_id, deadline.settings, deadline.result)}
        )
        existing = {
            e.origin: e for e in calendar_store.list_events(session, case_id=case_id) if e.origin.computed
        }
        kept: dict[EventOrigin, Event] = {}
        for origin in (EventOrigin.LIMITATION, EventOrigin.NOTICE):
            want, have = wanted.get(origin), existing.get(origin)
            if want is None and have is not None:
                calendar_store.delete_event(session, have.id or 0)
            elif want is not None and have is None:
                kept[origin] = calendar_store.add_event(session, replace(want, uid=_new_uid()))
            elif want is not None and have is not None:
                changed = (want.title, want.day, want.notes) != (have.title, have.day, have.notes)
                # A deadline met stays met unless its date moves.
                done_on = have.done_on if want.day == have.day else None
                kept[origin] = (
                    calendar_store.update_event(
                        session,
                        replace(have, title=want.title, day=want.day, notes=want.notes, done_on=done_on),
                    )
                    if changed
                    else have
                )
        return replace(
            deadline, event=kept.get(EventOrigin.LIMITATION), notice_event=kept.get(EventOrigin.NOTICE)
        )

    def _override_audit(self, before: CaseLimitation, deadline: CaseDeadline) -> Activity:
        after = deadline.settings
        computed = f" The computed date is {deadline.result.due:%Y-%m-%d}." if deadline.result else ""
        if after.override_on is None:
            subject = "Limitation deadline: override removed, the computed date applies again"
            body = f"Was set by hand to {before.override_on:%Y-%m-%d} ({before.override_reason}).{computed}"
        else:
            subject = f"Limitation deadline set by hand to {after.override_on:%Y-%m-%d}"
            body = f"Reason: {after.override_reason.strip()}.{computed}"
        return Activity(
            case_id=after.case_id,
            kind=ActivityKind.NOTE,
            occurred_at=self.clock(),
            subject=subject,
            direction=Direction.INTERNAL,
            body=body,
        )

    # --- reminders -------------------------------------------------------------------------------

    def due_reminders(self) -> list[DueReminder]:
        """Reminders that have come due and were not dismissed, soonest event first.

        An event whose several reminders came due (the app was closed) is listed once, under the latest.
        Done deadlines and events that have passed (other than open deadlines) have no reminders.
        """
        now = self.today()
        with self._case_file.session() as session:
            events = calendar_store.events_reminding(session, now)
            dismissed = calendar_store.dismissed_reminders(session, [e.id or 0 for e in events])
            found = []
            for event in events:
                if event.done_on is not None:
                    continue
                came = [day for day in event.reminder_days() if day <= now]
                if came and (event.id, came[-1]) not in dismissed:
                    found.append((event, came[-1]))
            labels = _case_labels(session, {event.case_id for event, _ in found})
        return [DueReminder(event, day, labels[event.case_id]) for event, day in found]

    def dismiss(self, reminders: Sequence[DueReminder]) -> None:
        """Mark reminders as seen: they do not come back (the event's next reminder still will)."""
        with self._case_file.session() as session:
            calendar_store.dismiss_reminders(session, [(r.event.id or 0, r.remind_on) for r in reminders])

    # --- iCalendar files --------------------------------------------------------------------------

    def export_ics(self, path: Path, case_id: int | None = None) -> int:
        """Write every event (or one case's) to an .ics file; returns how many were written.

        Each event keeps its UID and its revision as SEQUENCE, so importing the file again into Outlook or
        Google Calendar updates the events there instead of duplicating them.

        Raises:
            ExportError: The file cannot be written; a file already there is left as it was.
        """
        from casedesk.exports.ics import IcsItem, write_ics

        with self._case_file.session() as session:
            events = calendar_store.list_events(session, case_id=case_id)
            labels = _case_labels(session, {e.case_id for e in events})
            names = contact_store.contact_names(session, {i for e in events for i in e.participant_ids})
            items = [
                IcsItem(e, labels[e.case_id], tuple(names[i] for i in e.participant_ids if i in names))
                for e in events
            ]
        name = f"casedesk — {labels[case_id]}" if case_id is not None and case_id in labels else "casedesk"
        write_ics(path, items, calendar_name=name, generated_at=self.clock())
        record_export(self._case_file, case_id, "Calendar (.ics)", path)
        return len(items)

    def import_ics(self, path: Path, case_id: int) -> ImportResult:
        """Import the events of an .ics file into a case, in one transaction.

        An event whose UID is already in the case file is updated (re-importing a file never duplicates);
        one of another case, or a computed deadline, is left alone. Imported events without a casedesk kind
        become "Other" with the kind's default reminders.

        Raises:
            ImportFileError: The file cannot be read or is not an iCalendar file; nothing is imported.
            NotFoundError: The case no longer exists.
        """
        from casedesk.exports.ics import read_ics

        entries = read_ics(path, self.clock().tzinfo or UTC)
        added = updated = skipped = 0
        with self._case_file.session() as session:
            case_store.get_case(session, case_id)
            for entry in entries:
                kind = entry.kind or EventKind.OTHER
                if kind is EventKind.LIMITATION:
                    kind = EventKind.FILING_DEADLINE
                imported = Event(
                    case_id=case_id,
                    kind=kind,
                    title=entry.summary[:300],
                    day=entry.day,
                    starts_at=entry.starts_at,
                    ends_at=entry.ends_at if entry.starts_at and entry.ends_at else None,
                    location=entry.location[:300],
                    notes=entry.description,
                    reminders=entry.reminders or kind.default_reminders,
                    uid=entry.uid[:255],
                    origin=EventOrigin.IMPORTED,
                )
                if validate_event(imported):
                    skipped += 1
                    continue
                existing = calendar_store.find_event_by_uid(session, imported.uid)
                if existing is None:
                    calendar_store.add_event(session, imported)
                    added += 1
                elif existing.case_id != case_id or existing.origin.follows_record:
                    skipped += 1
                else:
                    calendar_store.update_event(
                        session,
                        replace(
                            imported,
                            id=existing.id,
                            origin=existing.origin,
                            done_on=existing.done_on,
                            participant_ids=existing.participant_ids,
                        ),
                    )
                    updated += 1
        return ImportResult(added, updated, skipped)

    # --- participants ----------------------------------------------------------------------------

    def participant_names(self, contact_ids: Sequence[int]) -> list[str]:
        """The names of contacts, in the order given (deleted ones left out)."""
        with self._case_file.session() as session:
            names = contact_store.contact_names(session, contact_ids)
        return [names[contact_id] for contact_id in contact_ids if contact_id in names]


def _case_labels(session: Session, case_ids: set[int]) -> dict[int, str]:
    summaries = case_store.get_summaries(session, sorted(case_ids))
    return {s.id: f"{s.number} · {s.caption}" for s in summaries}


def _new_uid() -> str:
    return f"{uuid.uuid4()}@casedesk"


#: Why a demand or offer deadline is not changed on the calendar.
DEMAND_DEADLINE_HELP = (
    "This deadline belongs to a demand or offer in the negotiation log. Change it, or record the answer "
    "that closes it, on the case's Insurance tab (Negotiation)."
)


def _demand_deadline_changes(stored: Event, event: Event) -> dict[str, str]:
    """What a save may not change on a demand's deadline: its kind, title, day and done state follow it."""
    errors = {}
    if event.kind is not stored.kind:
        errors["kind"] = DEMAND_DEADLINE_HELP
    if event.title.strip() != stored.title:
        errors["title"] = DEMAND_DEADLINE_HELP
    if event.day != stored.day:
        errors["day"] = DEMAND_DEADLINE_HELP
    if (event.done_on is None) != (stored.done_on is None):
        errors["done_on"] = DEMAND_DEADLINE_HELP
    return errors


def _raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _keep_in_step(session: Session, case_id: int, origin: EventOrigin, wanted: dict[str, Event]) -> None:
    """Make a case's events of one origin exactly ``wanted`` (by uid): add, move, retitle, tick or delete."""
    for have in calendar_store.list_events(session, case_id=case_id, origins=[origin]):
        want = wanted.pop(have.uid, None)
        if want is None:
            calendar_store.delete_event(session, have.id or 0)
        elif (want.title, want.day, want.done_on) != (have.title, have.day, have.done_on):
            calendar_store.update_event(
                session, replace(have, title=want.title, day=want.day, done_on=want.done_on)
            )
    for want in wanted.values():
        calendar_store.add_event(session, want)
