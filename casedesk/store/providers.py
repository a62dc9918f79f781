"""Providers on cases (``case_providers``) and the requests sent to them (``record_requests``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint, column, func, select, table
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.cases import CaseStatus
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.providers import (
    CaseProvider,
    RecordRequest,
    RequestKind,
    RequestMethod,
    RequestStatus,
    TreatmentStatus,
)
from casedesk.store.base import Base, MoneyCents, Versioned
from casedesk.store.cases import CaseRow, ClientRow, get_case
from casedesk.store.contacts import ContactRow


class CaseProviderRow(Versioned, Base):
    """A provider from the contacts book treating the client on a case (``case_providers``)."""

    __tablename__ = "case_providers"
    __table_args__ = (UniqueConstraint("case_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    first_visit: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_visit: Mapped[date | None] = mapped_column(Date, nullable=True)
    specialty: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self, name: str = "") -> CaseProvider:
        """The provider on the case as a domain object (``name`` from the contacts book)."""
        return CaseProvider(
            id=self.id,
            case_id=self.case_id,
            contact_id=self.contact_id,
            status=TreatmentStatus(self.status),
            first_visit=self.first_visit,
            last_visit=self.last_visit,
            specialty=self.specialty,
            notes=self.notes,
            name=name,
        )

    @staticmethod
    def values(provider: CaseProvider) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": provider.case_id,
            "contact_id": provider.contact_id,
            "status": provider.status.value,
            "first_visit": provider.first_visit,
            "last_visit": provider.last_visit,
            "specialty": provider.specialty.strip(),
            "notes": provider.notes,
        }


class RecordRequestRow(Versioned, Base):
    """A request to a provider for records, bills, imaging or a report (``record_requests``)."""

    __tablename__ = "record_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("case_providers.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    sent_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), index=True)
    range_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    range_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    cost: Mapped[Money | None] = mapped_column(MoneyCents, nullable=True)
    follow_up_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    extended_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    def to_domain(self) -> RecordRequest:
        """The request as a domain object."""
        return RecordRequest(
            id=self.id,
            case_id=self.case_id,
            provider_id=self.provider_id,
            kind=RequestKind(self.kind),
            sent_on=self.sent_on,
            method=RequestMethod(self.method),
            status=RequestStatus(self.status),
            range_from=self.range_from,
            range_to=self.range_to,
            cost=self.cost,
            follow_up_on=self.follow_up_on,
            received_on=self.received_on,
            notes=self.notes,
            extended_on=self.extended_on,
        )

    @staticmethod
    def values(request: RecordRequest) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": request.case_id,
            "provider_id": request.provider_id,
            "kind": request.kind.value,
            "sent_on": request.sent_on,
            "method": request.method.value,
            "status": request.status.value,
            "range_from": request.range_from,
            "range_to": request.range_to,
            "cost": request.cost,
            "follow_up_on": request.follow_up_on,
            "received_on": request.received_on,
            "notes": request.notes,
            "extended_on": request.extended_on,
        }


# Tables of other areas, named here only to count what refers to a provider (no import of their rows).
_bills = table("bills", column("id", Integer), column("provider_id", Integer))
_documents = table("documents", column("id", Integer), column("provider_id", Integer))
_entries = table(
    "record_entries",
    column("id", Integer),
    column("provider_id", Integer),
    column("service_from", Date),
    column("service_to", Date),
)


@dataclass(frozen=True, slots=True)
class ProviderCounts:
    """What other records of the case file refer to a provider on a case.

    Attributes:
        requests: Record requests to the provider.
        open_requests: Of those, the ones still waiting (status requested).
        bills: Bills from the provider.
        documents: Documents filed under the provider.
        entries: Record index entries of the provider.
        indexed_first: The earliest date of service in the record index.
        indexed_last: The latest date of service in the record index.
    """

    requests: int = 0
    open_requests: int = 0
    bills: int = 0
    documents: int = 0
    entries: int = 0
    indexed_first: date | None = None
    indexed_last: date | None = None


@dataclass(frozen=True, slots=True)
class OpenRequestRow:
    """An open request with the names the cross-case list shows."""

    request: RecordRequest
    case_number: str
    client: str
    provider: str


# --- providers on cases ------------------------------------------------------------------------------


def list_providers(session: Session, case_id: int) -> list[CaseProvider]:
    """A case's providers with their names from the contacts book, by name."""
    rows = session.execute(
        select(CaseProviderRow, ContactRow.name)
        .join(ContactRow, ContactRow.id == CaseProviderRow.contact_id)
        .where(CaseProviderRow.case_id == case_id)
        .order_by(func.lower(ContactRow.name), CaseProviderRow.id)
    )
    return [row.to_domain(name) for row, name in rows]


def get_provider(session: Session, provider_id: int) -> CaseProvider:
    """The provider on a case with this id, with its name.

    Raises:
        NotFoundError: It does not exist (removed elsewhere).
    """
    row = _provider_row(session, provider_id)
    contact = session.get(ContactRow, row.contact_id)
    return row.to_domain(contact.name if contact is not None else "")


def find_provider(session: Session, case_id: int, contact_id: int) -> CaseProvider | None:
    """The case's provider entry for a contact, if the contact is on the case already."""
    row = session.scalar(
        select(CaseProviderRow).where(
            CaseProviderRow.case_id == case_id, CaseProviderRow.contact_id == contact_id
        )
    )
    return None if row is None else get_provider(session, row.id)


def add_provider(session: Session, provider: CaseProvider) -> CaseProvider:
    """Put a contact on a case as a provider.

    Raises:
        NotFoundError: The case or the contact does not exist.
        ValidationError: The contact is on the case already (a contact is on a case once).
    """
    get_case(session, provider.case_id)
    contact = session.get(ContactRow, provider.contact_id)
    if contact is None:
        raise NotFoundError("This contact no longer exists; it was deleted from the contacts book.")
    if find_provider(session, provider.case_id, provider.contact_id) is not None:
        raise ValidationError(
            {
                "contact": f"{contact.name} is already a provider on this case. "
                "Select them in the list and press Edit instead."
            }
        )
    row = CaseProviderRow(**CaseProviderRow.values(provider))
    session.add(row)
    session.flush()
    return row.to_domain(contact.name)


def update_provider(session: Session, provider: CaseProvider) -> CaseProvider:
    """Store changes to a provider on a case (status, visits, specialty, notes; not the contact).

    Raises:
        NotFoundError: It does not exist.
    """
    row = _provider_row(session, provider.id or 0)
    for name, value in CaseProviderRow.values(provider).items():
        if name not in ("case_id", "contact_id"):
            setattr(row, name, value)
    session.flush()
    return get_provider(session, row.id)


def delete_provider(session: Session, provider_id: int) -> None:
    """Take a provider off a case; its requests go with it (documents and index entries stay).

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_provider_row(session, provider_id))
    session.flush()


def provider_counts(session: Session, provider_ids: Sequence[int]) -> dict[int, ProviderCounts]:
    """What refers to each of these providers (ids without any references get zero counts)."""
    if not provider_ids:
        return {}
    ids = list(provider_ids)
    requests = dict.fromkeys(ids, 0)
    open_requests = dict.fromkeys(ids, 0)
    for provider_id, status, count in session.execute(
        select(RecordRequestRow.provider_id, RecordRequestRow.status, func.count())
        .where(RecordRequestRow.provider_id.in_(ids))
        .group_by(RecordRequestRow.provider_id, RecordRequestRow.status)
    ):
        requests[provider_id] += count
        if status == RequestStatus.REQUESTED.value:
            open_requests[provider_id] += count
    bills = _count_by_provider(session, _bills, ids)
    documents = _count_by_provider(session, _documents, ids)
    entries: dict[int, tuple[int, date | None, date | None]] = {}
    last_day = func.max(func.coalesce(_entries.c.service_to, _entries.c.service_from))
    for provider_id, count, first, last in session.execute(
        select(_entries.c.provider_id, func.count(), func.min(_entries.c.service_from), last_day)
        .where(_entries.c.provider_id.in_(ids))
        .group_by(_entries.c.provider_id)
    ):
        entries[provider_id] = (count, _as_date(first), _as_date(last))
    return {
        provider_id: ProviderCounts(
            requests=requests[provider_id],
            open_requests=open_requests[provider_id],
            bills=bills.get(provider_id, 0),
            documents=documents.get(provider_id, 0),
            entries=entries.get(provider_id, (0, None, None))[0],
            indexed_first=entries.get(provider_id, (0, None, None))[1],
            indexed_last=entries.get(provider_id, (0, None, None))[2],
        )
        for provider_id in ids
    }


def _count_by_provider(session: Session, source: Any, ids: list[int]) -> dict[int, int]:
    rows = session.execute(
        select(source.c.provider_id, func.count())
        .where(source.c.provider_id.in_(ids))
        .group_by(source.c.provider_id)
    )
    return {provider_id: count for provider_id, count in rows}


def _as_date(value: object) -> date | None:
    # Aggregates over a lightweight table come back as the driver gives them: a date, or ISO text.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _provider_row(session: Session, provider_id: int) -> CaseProviderRow:
    row = session.get(CaseProviderRow, provider_id)
    if row is None:
        raise NotFoundError("This provider is no longer on the case; it was removed elsewhere.")
    return row


# --- record requests ---------------------------------------------------------------------------------


def list_requests(session: Session, case_id: int) -> list[RecordRequest]:
    """A case's record requests, as entered."""
    rows = session.scalars(
        select(RecordRequestRow).where(RecordRequestRow.case_id == case_id).order_by(RecordRequestRow.id)
    )
    return [row.to_domain() for row in rows]


def get_request(session: Session, request_id: int) -> RecordRequest:
    """The request with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _request_row(session, request_id).to_domain()


def find_request(session: Session, request_id: int) -> RecordRequest | None:
    """The request with this id, if it still exists."""
    row = session.get(RecordRequestRow, request_id)
    return None if row is None else row.to_domain()


def add_request(session: Session, request: RecordRequest) -> RecordRequest:
    """Store a new request.

    Raises:
        NotFoundError: The provider is no longer on the case.
        ValidationError: The provider is on another case.
    """
    _check_provider_of_case(session, request)
    row = RecordRequestRow(**RecordRequestRow.values(request))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_request(session: Session, request: RecordRequest) -> RecordRequest:
    """Store changes to a request.

    Raises:
        NotFoundError: It, or its provider, no longer exists.
    """
    row = _request_row(session, request.id or 0)
    _check_provider_of_case(session, request)
    for name, value in RecordRequestRow.values(request).items():
        setattr(row, name, value)
    session.flush()
    return row.to_domain()


def delete_request(session: Session, request_id: int) -> None:
    """Delete a request.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_request_row(session, request_id))
    session.flush()


def list_open_requests(session: Session, case_id: int | None = None) -> list[OpenRequestRow]:
    """Requests still waiting for their provider, on open cases (or one case), with the names to show."""
    query = (
        select(RecordRequestRow, CaseRow.number, ClientRow.name, ContactRow.name)
        .join(CaseRow, CaseRow.id == RecordRequestRow.case_id)
        .join(ClientRow, ClientRow.id == CaseRow.client_id)
        .join(CaseProviderRow, CaseProviderRow.id == RecordRequestRow.provider_id)
        .join(ContactRow, ContactRow.id == CaseProviderRow.contact_id)
        .where(RecordRequestRow.status == RequestStatus.REQUESTED.value)
    )
    if case_id is not None:
        query = query.where(RecordRequestRow.case_id == case_id)
    else:
        query = query.where(CaseRow.status != CaseStatus.CLOSED.value)
    return [
        OpenRequestRow(row.to_domain(), number, client, provider)
        for row, number, client, provider in session.execute(query)
    ]


def provider_names(session: Session, case_id: int) -> dict[int, str]:
    """Provider id → name for the providers on a case."""
    return {p.id or 0: p.name for p in list_providers(session, case_id)}


def _check_provider_of_case(session: Session, request: RecordRequest) -> None:
    provider = _provider_row(session, request.provider_id)
    if provider.case_id != request.case_id:
        raise ValidationError({"provider": "This provider is on another case."})


def _request_row(session: Session, request_id: int) -> RecordRequestRow:
    row = session.get(RecordRequestRow, request_id)
    if row is None:
        raise NotFoundError("This record request no longer exists; it was deleted elsewhere.")
    return row


def cases_treated_by(session: Session, contact_id: int) -> list[str]:
    """Numbers of the cases on which a contact is a provider, in order."""
    return list(
        session.scalars(
            select(CaseRow.number)
            .join(CaseProviderRow, CaseProviderRow.case_id == CaseRow.id)
            .where(CaseProviderRow.contact_id == contact_id)
            .order_by(CaseRow.number)
        )
    )
