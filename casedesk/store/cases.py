"""Clients and cases: rows and repository functions. Repositories never commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    Text,
    func,
    select,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.cases import (
    Case,
    CaseList,
    CaseQuery,
    CaseStatus,
    CaseSummary,
    CaseType,
    Client,
)
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.store import caselist
from casedesk.store.base import Base, Versioned
from casedesk.store.caselist import escape_like
from casedesk.store.engine import fold_text


class ClientRow(Versioned, Base):
    """A client (``clients``)."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    date_of_birth: Mapped[date | None]
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(50), default="English")
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Client:
        """The client as a domain object."""
        return Client(
            id=self.id,
            name=self.name,
            date_of_birth=self.date_of_birth,
            phone=self.phone,
            email=self.email,
            address=self.address,
            language=self.language,
            notes=self.notes,
        )

    @staticmethod
    def values(client: Client) -> dict[str, Any]:
        """Column values for the domain record (not the id): the one mapping fill and bulk inserts use."""
        return {
            "name": client.name.strip(),
            "date_of_birth": client.date_of_birth,
            "phone": client.phone.strip(),
            "email": client.email.strip(),
            "address": client.address.strip(),
            "language": client.language.strip(),
            "notes": client.notes,
        }

    def fill(self, client: Client) -> None:
        """Copy a domain client's fields onto this row (not the id)."""
        for column, value in self.values(client).items():
            setattr(self, column, value)


class CaseRow(Versioned, Base):
    """A case (``cases``)."""

    __tablename__ = "cases"
    __table_args__ = (Index("ix_cases_status_number", "status", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(50), unique=True)
    caption: Mapped[str] = mapped_column(String(300))
    client_id: Mapped[int] = mapped_column(ForeignKey("clients.id", ondelete="RESTRICT"), index=True)
    incident_date: Mapped[date | None]
    case_type: Mapped[str] = mapped_column(String(40))
    incident_place: Mapped[str] = mapped_column(String(300), default="")
    jurisdiction: Mapped[str] = mapped_column(String(2), default="")
    status: Mapped[str] = mapped_column(String(20))
    attorney: Mapped[str] = mapped_column(String(200), default="")
    opened_on: Mapped[date]
    closed_on: Mapped[date | None]
    facts: Mapped[str] = mapped_column(Text, default="")
    next_action: Mapped[str] = mapped_column(String(300), default="")
    next_action_on: Mapped[date | None] = mapped_column(index=True)

    def to_domain(self) -> Case:
        """The case as a domain object."""
        return Case(
            id=self.id,
            number=self.number,
            caption=self.caption,
            client_id=self.client_id,
            incident_date=self.incident_date,
            case_type=CaseType(self.case_type),
            incident_place=self.incident_place,
            jurisdiction=self.jurisdiction,
            status=CaseStatus(self.status),
            attorney=self.attorney,
            opened_on=self.opened_on,
            closed_on=self.closed_on,
            facts=self.facts,
            next_action=self.next_action,
            next_action_on=self.next_action_on,
        )

    @staticmethod
    def values(case: Case) -> dict[str, Any]:
        """Column values for the domain record (not the id): the one mapping fill and bulk inserts use."""
        return {
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

    def fill(self, case: Case) -> None:
        """Copy a domain case's fields onto this row (not the id)."""
        for column, value in self.values(case).items():
            setattr(self, column, value)


# --- clients -------------------------------------------------------------------------------------


def get_client(session: Session, client_id: int) -> Client:
    """The client with this id.

    Raises:
        NotFoundError: No such client.
    """
    return _client_row(session, client_id).to_domain()


def add_client(session: Session, client: Client) -> Client:
    """Insert a client; returns it with its id."""
    row = ClientRow()
    row.fill(client)
    session.add(row)
    session.flush()
    return row.to_domain()


def update_client(session: Session, client: Client) -> Client:
    """Save a changed client."""
    if client.id is None:
        raise ValueError("update_client needs a saved client")
    row = _client_row(session, client.id)
    row.fill(client)
    session.flush()
    return row.to_domain()


def find_clients(session: Session, text: str = "", limit: int | None = 200) -> list[Client]:
    """Clients whose name contains ``text`` (case-insensitive), by name."""
    stmt = select(ClientRow).order_by(func.lower(ClientRow.name), ClientRow.id).limit(limit)
    if text.strip():
        stmt = stmt.where(ClientRow.name.ilike(f"%{escape_like(text.strip())}%", escape="\\"))
    return [row.to_domain() for row in session.scalars(stmt)]


def case_ids_of_client(session: Session, client_id: int) -> list[int]:
    """The ids of a client's cases."""
    return list(
        session.scalars(select(CaseRow.id).where(CaseRow.client_id == client_id).order_by(CaseRow.id))
    )


def count_cases_of_client(session: Session, client_id: int) -> int:
    """How many cases the client has."""
    return session.scalar(select(func.count()).where(CaseRow.client_id == client_id)) or 0


def delete_client(session: Session, client_id: int) -> None:
    """Delete a client who has no cases.

    Raises:
        ValidationError: The client still has cases.
    """
    row = _client_row(session, client_id)
    if count_cases_of_client(session, client_id):
        raise ValidationError({"client": f"{row.name} still has cases; delete or reassign them first."})
    session.delete(row)
    session.flush()


def _client_row(session: Session, client_id: int) -> ClientRow:
    row = session.get(ClientRow, client_id)
    if row is None:
        raise NotFoundError("That client no longer exists in this case file.")
    return row


# --- cases ---------------------------------------------------------------------------------------


def get_case(session: Session, case_id: int) -> Case:
    """The case with this id.

    Raises:
        NotFoundError: No such case.
    """
    return _case_row(session, case_id).to_domain()


def add_case(session: Session, case: Case) -> Case:
    """Insert a case; returns it with its id.

    Raises:
        ValidationError: The case number is already used, or the client does not exist.
    """
    _client_row(session, case.client_id)
    _check_number_free(session, case.number.strip(), None)
    row = CaseRow()
    row.fill(case)
    session.add(row)
    session.flush()
    return row.to_domain()


def update_case(session: Session, case: Case) -> Case:
    """Save a changed case.

    Raises:
        ValidationError: The new case number is already used by another case.
        NotFoundError: The case was deleted meanwhile.
    """
    if case.id is None:
        raise ValueError("update_case needs a saved case")
    row = _case_row(session, case.id)
    _client_row(session, case.client_id)
    _check_number_free(session, case.number.strip(), case.id)
    row.fill(case)
    session.flush()
    return row.to_domain()


def delete_case(session: Session, case_id: int) -> None:
    """Delete a case with its timeline and contact links (the database cascades them)."""
    session.delete(_case_row(session, case_id))
    session.flush()


def list_case_ids(session: Session, query: CaseQuery) -> CaseList:
    """The ids of the cases matching a query, sorted in the database, with counts per status.

    One pass over the matching rows gives both the ids (a few bytes each, so even 100,000 cases are
    cheap) and the counts; the rows themselves are fetched a page at a time with :func:`get_summaries`.
    """
    return caselist.read_case_list(_executor(session), query)


def get_summaries(session: Session, ids: Sequence[int]) -> list[CaseSummary]:
    """Case-list rows for these case ids, in the order given (ids no longer found are left out)."""
    return caselist.read_summaries(_executor(session), ids)


def _executor(session: Session) -> caselist.Execute:
    def execute(sql: str, params: caselist.Params) -> Iterable[Sequence[Any]]:
        return session.execute(sql_text(sql), params)

    return execute


def list_summaries(session: Session, query: CaseQuery) -> list[CaseSummary]:
    """Every case matching the query, as list rows, sorted in the database."""
    return get_summaries(session, list_case_ids(session, query).ids)


def _check_number_free(session: Session, number: str, case_id: int | None) -> None:
    # "pi-2026-0001" and "PI-2026-0001" are the same file number to a person.
    stmt = select(CaseRow.id, CaseRow.number, CaseRow.caption).where(
        func.lower(CaseRow.number) == fold_text(number)
    )
    for other_id, other_number, caption in session.execute(stmt):
        if other_id != case_id:
            raise ValidationError({"number": f"Case number {other_number} is already used by {caption}."})


def _case_row(session: Session, case_id: int) -> CaseRow:
    row = session.get(CaseRow, case_id)
    if row is None:
        raise NotFoundError("That case no longer exists in this case file.")
    return row
