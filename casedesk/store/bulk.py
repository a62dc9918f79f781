"""Bulk loading: many clients, cases, contacts, links and timeline entries in a few statements.

Used for generated data (the demo case file) where thousands of rows go in at once: rows are written with
ORM bulk ``INSERT`` (one ``executemany`` per table), never one ``session.add`` per row. Repositories never
commit; the caller's unit of work does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from casedesk.domain.activity import Activity
from casedesk.domain.cases import Case, Client
from casedesk.domain.contacts import CaseContact, Contact
from casedesk.store.activity import ActivityRow
from casedesk.store.base import Base
from casedesk.store.cases import CaseRow, ClientRow
from casedesk.store.contacts import CaseContactRow, ContactRow


@dataclass(frozen=True, slots=True)
class RecordCounts:
    """How many records of each kind a case file holds."""

    clients: int
    cases: int
    contacts: int
    case_contacts: int
    activities: int

    @property
    def is_empty(self) -> bool:
        """Nothing the user entered: no clients, cases, contacts, links or timeline entries."""
        return not (self.clients or self.cases or self.contacts or self.case_contacts or self.activities)


def count_records(session: Session) -> RecordCounts:
    """Count the records of every kind, in one query."""
    counts = [
        select(func.count()).select_from(row_class).scalar_subquery()
        for row_class in (ClientRow, CaseRow, ContactRow, CaseContactRow, ActivityRow)
    ]
    clients, cases, contacts, links, activities = session.execute(select(*counts)).one()
    return RecordCounts(clients, cases, contacts, links, activities)


def insert_clients(session: Session, clients: Sequence[Client]) -> None:
    """Insert clients that already carry their ids (chosen by the caller, unused in the file)."""
    rows = [
        {
            "id": _id(client.id),
            "name": client.name.strip(),
            "date_of_birth": client.date_of_birth,
            "phone": client.phone.strip(),
            "email": client.email.strip(),
            "address": client.address.strip(),
            "language": client.language.strip(),
            "notes": client.notes,
        }
        for client in clients
    ]
    _insert(session, ClientRow, rows)


def insert_cases(session: Session, cases: Sequence[Case]) -> None:
    """Insert cases that already carry their ids; their clients must exist and numbers be unused."""
    rows = [
        {
            "id": _id(case.id),
            "number": case.number.strip(),
            "caption": case.caption.strip(),
            "client_id": case.client_id,
            "incident_date": case.incident_date,
            "case_type": case.case_type.value,
            "incident_place": case.incident_place.strip(),
            "jurisdiction": case.jurisdiction,
            "status": case.status.value,
            "attorney": case.attorney.strip(),
            "opened_on": case.opened_on,
            "closed_on": case.closed_on,
            "facts": case.facts,
            "next_action": case.next_action.strip(),
            "next_action_on": case.next_action_on,
        }
        for case in cases
    ]
    _insert(session, CaseRow, rows)


def insert_contacts(session: Session, contacts: Sequence[Contact]) -> None:
    """Insert contacts that already carry their ids (chosen by the caller, unused in the file)."""
    rows = [
        {
            "id": _id(contact.id),
            "name": contact.name.strip(),
            "role": contact.role.value,
            "is_organization": contact.is_organization,
            "organization": contact.organization.strip(),
            "phone": contact.phone.strip(),
            "email": contact.email.strip(),
            "address": contact.address.strip(),
            "notes": contact.notes,
        }
        for contact in contacts
    ]
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
    """Insert timeline entries of saved cases; the entries get new ids."""
    rows = [
        {
            "case_id": activity.case_id,
            "kind": activity.kind.value,
            "occurred_at": activity.occurred_at,
            "direction": activity.direction.value,
            "parties": activity.parties.strip(),
            "subject": activity.subject.strip(),
            "body": activity.body,
        }
        for activity in activities
    ]
    _insert(session, ActivityRow, rows)


def _insert(session: Session, row_class: type[Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(row_class), rows)


def _id(value: int | None) -> int:
    if value is None:
        raise ValueError("bulk inserts need records that carry their ids")
    return value
