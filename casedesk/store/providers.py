"""Providers on cases (``case_providers``) and the requests sent to them (``record_requests``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.money import Money
from casedesk.domain.providers import (
    CaseProvider,
    RecordRequest,
    RequestKind,
    RequestMethod,
    RequestStatus,
    TreatmentStatus,
)
from casedesk.store.base import Base, MoneyCents


class CaseProviderRow(Base):
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


class RecordRequestRow(Base):
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
        }
