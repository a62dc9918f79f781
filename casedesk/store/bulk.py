"""Bulk loading: many clients, cases, contacts, links, timelines, valuations, interviews, medical records.

Used for generated data (the demo case file) where thousands of rows go in at once: the rows' ``values()``
mappings are written with one Core ``INSERT … executemany`` per table, never one ``session.add`` per row.
Repositories never commit; the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity
from casedesk.domain.bills import Bill, Lien
from casedesk.domain.calendar import Event, Task
from casedesk.domain.cases import Case, Client
from casedesk.domain.contacts import CaseContact, Contact
from casedesk.domain.interviews import Interview
from casedesk.domain.providers import CaseProvider, RecordRequest
from casedesk.domain.records import RecordEntry
from casedesk.domain.scenarios import Scenario, ValuationInputs
from casedesk.store.activity import ActivityRow
from casedesk.store.base import Base
from casedesk.store.bills import BillRow, LienRow
from casedesk.store.calendar import EventParticipantRow, EventRow, ReminderDismissalRow, TaskRow
from casedesk.store.cases import CaseRow, ClientRow
from casedesk.store.contacts import CaseContactRow, ContactRow
from casedesk.store.interviews import InterviewRow, copy_ids, questionnaire_json
from casedesk.store.providers import CaseProviderRow, RecordRequestRow
from casedesk.store.records import RecordEntryRow
from casedesk.store.search import deferred_indexing
from casedesk.store.valuation import ScenarioRow, ValuationInputsRow


@dataclass(frozen=True, slots=True)
class RecordCounts:
    """How many records of each kind a case file holds."""

    clients: int
    cases: int
    contacts: int
    case_contacts: int
    activities: int
    events: int = 0
    tasks: int = 0
    interviews: int = 0

    @property
    def is_empty(self) -> bool:
        """Nothing the user entered: no clients, cases, contacts, links or timeline entries."""
        return not (self.clients or self.cases or self.contacts or self.case_contacts or self.activities)


def count_records(session: Session) -> RecordCounts:
    """Count the records of every kind, in one query."""
    counts = [
        select(func.count()).select_from(row_class).scalar_subquery()
        for row_class in (
            ClientRow,
            CaseRow,
            ContactRow,
            CaseContactRow,
            ActivityRow,
            EventRow,
            TaskRow,
            InterviewRow,
        )
    ]
    return RecordCounts(*session.execute(select(*counts)).one())


def insert_clients(session: Session, clients: Sequence[Client]) -> None:
    """Insert clients that already carry their ids (chosen by the caller, unused in the file)."""
    rows = [ClientRow.values(client) | {"id": _id(client.id)} for client in clients]
    _insert(session, ClientRow, rows)


def insert_cases(session: Session, cases: Sequence[Case]) -> None:
    """Insert cases that already carry their ids; their clients must exist and numbers be unused."""
    rows = [CaseRow.values(case) | {"id": _id(case.id)} for case in cases]
    _insert(session, CaseRow, rows)


def insert_contacts(session: Session, contacts: Sequence[Contact]) -> None:
    """Insert contacts that already carry their ids (chosen by the caller, unused in the file)."""
    rows = [ContactRow.values(contact) | {"id": _id(contact.id)} for contact in contacts]
    _insert(session, ContactRow, rows)


def insert_case_contacts(session: Session, links: Sequence[CaseContact]) -> None:
    """Link saved contacts to saved cases; the links get new ids."""
    rows = [
        {
            "case_id": link.case_id,
            "contact_id": _id(link.contact.id),
            "role": link.role.value,
            "note": link.note.strip(),
        }
        for link in links
    ]
    _insert(session, CaseContactRow, rows)


def insert_activities(session: Session, activities: Sequence[Activity]) -> None:
    """Insert timeline entries of saved cases; the entries get new ids.

    Their notes go into the full-text index in one batch after the insert, not row by row.
    """
    rows = [ActivityRow.values(activity) for activity in activities]
    with deferred_indexing(session):
        _insert(session, ActivityRow, rows)


def insert_valuation_inputs(session: Session, inputs: Sequence[ValuationInputs]) -> None:
    """Insert the valuation figures of saved cases (at most one per case)."""
    _insert(session, ValuationInputsRow, [ValuationInputsRow.values(figures) for figures in inputs])


def insert_scenarios(session: Session, scenarios: Sequence[Scenario]) -> None:
    """Insert valuation scenarios of saved cases at the positions they carry; they get new ids.

    Names must be unique per case (ignoring case and accents): bulk inserts do not check.
    """
    _insert(session, ScenarioRow, [ScenarioRow.values(scenario) for scenario in scenarios])


def insert_events(session: Session, events: Sequence[Event]) -> None:
    """Insert events that carry their ids (unused in the file) and UIDs, with their participants."""
    _insert(session, EventRow, [EventRow.values(event) | {"id": _id(event.id)} for event in events])
    participants = [
        {"event_id": _id(event.id), "contact_id": contact_id}
        for event in events
        for contact_id in dict.fromkeys(event.participant_ids)
    ]
    _insert(session, EventParticipantRow, participants)


def insert_dismissed_reminders(session: Session, reminders: Sequence[tuple[int, date]]) -> None:
    """Record reminders (event id, reminder day) of inserted events as already seen."""
    rows = [{"event_id": event_id, "remind_on": day} for event_id, day in reminders]
    _insert(session, ReminderDismissalRow, rows)


def insert_tasks(session: Session, tasks: Sequence[Task]) -> None:
    """Insert tasks of saved cases; they get new ids."""
    _insert(session, TaskRow, [TaskRow.values(task) for task in tasks])


def insert_interviews(session: Session, interviews: Sequence[Interview]) -> None:
    """Insert interviews of saved cases; they get new ids.

    Their questionnaires are stored once each (the copies are the largest part of an interview), and each
    distinct questionnaire object is serialized once.
    """
    by_object: dict[int, int] = {}
    distinct = {id(i.questionnaire): i.questionnaire for i in interviews}
    ids = copy_ids(session, distinct.values())
    for key, questionnaire in distinct.items():
        by_object[key] = ids[questionnaire_json(questionnaire)[1]]
    rows = [InterviewRow.values(i, by_object[id(i.questionnaire)]) for i in interviews]
    _insert(session, InterviewRow, rows)


def insert_medical_records(
    session: Session,
    providers: Sequence[CaseProvider],
    requests: Sequence[RecordRequest],
    entries: Sequence[RecordEntry],
    bills: Sequence[Bill],
    liens: Sequence[Lien],
) -> None:
    """Insert providers on cases, record requests, index entries, bills and liens, keeping their ids.

    The records carry their ids because they refer to each other (a bill to its provider on the case).
    """
    _insert(session, CaseProviderRow, [_with_id(CaseProviderRow.values(p), p.id) for p in providers])
    _insert(session, RecordRequestRow, [_with_id(RecordRequestRow.values(r), r.id) for r in requests])
    with deferred_indexing(session):  # the entries' notes are indexed in one batch
        _insert(session, RecordEntryRow, [_with_id(RecordEntryRow.values(e), e.id) for e in entries])
    _insert(session, BillRow, [_with_id(BillRow.values(b), b.id) for b in bills])
    _insert(session, LienRow, [_with_id(LienRow.values(lien), lien.id) for lien in liens])


def cite_document(
    session: Session, document_id: int, entry_ids: Sequence[int], bill_ids: Sequence[int]
) -> None:
    """Cite a stored document in index entries and bills (their page numbers are already set)."""
    if entry_ids:
        session.execute(
            update(RecordEntryRow).where(RecordEntryRow.id.in_(entry_ids)).values(document_id=document_id)
        )
    if bill_ids:
        session.execute(update(BillRow).where(BillRow.id.in_(bill_ids)).values(document_id=document_id))


def _with_id(values: dict[str, Any], record_id: int | None) -> dict[str, Any]:
    return {"id": _id(record_id), **values}


def _insert(session: Session, row_class: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        # A Core INSERT on the table: the ORM's bulk path leaves a None's column out of the statement, so
        # rows with and without a value (an incident date, a multiplier) could not share one executemany.
        table = row_class.__table__
        assert isinstance(table, Table)
        session.execute(insert(table), rows)


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("bulk inserts need records that carry their ids")
    return value
