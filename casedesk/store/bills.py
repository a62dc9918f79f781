"""Medical bills (``bills``) and liens (``liens``) of cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from casedesk.domain.bills import Bill, Lien, LienKind, LienStatus
from casedesk.domain.money import Money
from casedesk.store.base import Base, MoneyCents


class BillRow(Base):
    """One provider's charges for a date of service (``bills``)."""

    __tablename__ = "bills"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("case_providers.id"), index=True)
    service_from: Mapped[date] = mapped_column(Date)
    service_to: Mapped[date | None] = mapped_column(Date, nullable=True)
    billed: Mapped[Money] = mapped_column(MoneyCents)
    adjustment: Mapped[Money] = mapped_column(MoneyCents)
    health_paid: Mapped[Money] = mapped_column(MoneyCents)
    pip_paid: Mapped[Money] = mapped_column(MoneyCents)
    client_paid: Mapped[Money] = mapped_column(MoneyCents)
    owed: Mapped[Money | None] = mapped_column(MoneyCents, nullable=True)
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="SET NULL"), nullable=True, index=True
    )
    page: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Bill:
        """The bill as a domain object."""
        return Bill(
            id=self.id,
            case_id=self.case_id,
            provider_id=self.provider_id,
            service_from=self.service_from,
            service_to=self.service_to,
            billed=self.billed,
            adjustment=self.adjustment,
            health_paid=self.health_paid,
            pip_paid=self.pip_paid,
            client_paid=self.client_paid,
            owed=self.owed,
            document_id=self.document_id,
            page=self.page,
            notes=self.notes,
        )

    @staticmethod
    def values(bill: Bill) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": bill.case_id,
            "provider_id": bill.provider_id,
            "service_from": bill.service_from,
            "service_to": bill.service_to,
            "billed": bill.billed,
            "adjustment": bill.adjustment,
            "health_paid": bill.health_paid,
            "pip_paid": bill.pip_paid,
            "client_paid": bill.client_paid,
            "owed": bill.owed,
            "document_id": bill.document_id,
            "page": bill.page,
            "notes": bill.notes,
        }


class LienRow(Base):
    """A lien asserted against a case's recovery (``liens``)."""

    __tablename__ = "liens"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    holder: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    asserted: Mapped[Money] = mapped_column(MoneyCents)
    reduction: Mapped[Money] = mapped_column(MoneyCents)
    final: Mapped[Money | None] = mapped_column(MoneyCents, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    holder_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contacts.id", ondelete="SET NULL"), nullable=True
    )
    provider_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_providers.id", ondelete="SET NULL"), nullable=True
    )
    asserted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Lien:
        """The lien as a domain object."""
        return Lien(
            id=self.id,
            case_id=self.case_id,
            holder=self.holder,
            kind=LienKind(self.kind),
            asserted=self.asserted,
            reduction=self.reduction,
            final=self.final,
            status=LienStatus(self.status),
            holder_contact_id=self.holder_contact_id,
            provider_id=self.provider_id,
            asserted_on=self.asserted_on,
            notes=self.notes,
        )

    @staticmethod
    def values(lien: Lien) -> dict[str, Any]:
        """Column values for the domain record (not the id)."""
        return {
            "case_id": lien.case_id,
            "holder": " ".join(lien.holder.split()),
            "kind": lien.kind.value,
            "asserted": lien.asserted,
            "reduction": lien.reduction,
            "final": lien.final,
            "status": lien.status.value,
            "holder_contact_id": lien.holder_contact_id,
            "provider_id": lien.provider_id,
            "asserted_on": lien.asserted_on,
            "notes": lien.notes,
        }
