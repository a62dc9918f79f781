"""Medical bills (``bills``) and liens (``liens``) of cases."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.bills import Bill, Lien, LienKind, LienStatus
from casedesk.domain.contacts import Contact
from casedesk.domain.documents import Document
from casedesk.domain.errors import NotFoundError
from casedesk.domain.money import Money
from casedesk.domain.providers import CaseProvider
from casedesk.store.base import Base, MoneyCents, Versioned
from casedesk.store.cases import get_case
from casedesk.store.contacts import ContactRow, list_for_case
from casedesk.store.documents import DocumentRow
from casedesk.store.providers import CaseProviderRow


class BillRow(Versioned, Base):
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


class LienRow(Versioned, Base):
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


# --- bills -------------------------------------------------------------------------------------------


def list_bills(session: Session, case_id: int, provider_id: int | None = None) -> list[Bill]:
    """A case's bills (one provider's when ``provider_id`` is given), by date of service, then as entered."""
    stmt = select(BillRow).where(BillRow.case_id == case_id)
    if provider_id is not None:
        stmt = stmt.where(BillRow.provider_id == provider_id)
    rows = session.scalars(stmt.order_by(BillRow.service_from, BillRow.id))
    return [row.to_domain() for row in rows]


def get_bill(session: Session, bill_id: int) -> Bill:
    """The bill with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _bill_row(session, bill_id).to_domain()


def add_bill(session: Session, bill: Bill) -> Bill:
    """Store a new bill.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, bill.case_id)
    row = BillRow(**BillRow.values(bill))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_bill(session: Session, bill: Bill) -> Bill:
    """Store changes to a bill.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _bill_row(session, bill.id or 0)
    for column, value in BillRow.values(bill).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_bill(session: Session, bill_id: int) -> None:
    """Delete a bill.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_bill_row(session, bill_id))
    session.flush()


def _bill_row(session: Session, bill_id: int) -> BillRow:
    row = session.get(BillRow, bill_id)
    if row is None:
        raise NotFoundError("This bill no longer exists; it was deleted elsewhere.")
    return row


# --- liens -------------------------------------------------------------------------------------------


def list_liens(session: Session, case_id: int) -> list[Lien]:
    """A case's liens, by date asserted (undated last), then as entered."""
    rows = session.scalars(
        select(LienRow)
        .where(LienRow.case_id == case_id)
        .order_by(LienRow.asserted_on.is_(None), LienRow.asserted_on, LienRow.id)
    )
    return [row.to_domain() for row in rows]


def get_lien(session: Session, lien_id: int) -> Lien:
    """The lien with this id.

    Raises:
        NotFoundError: It does not exist.
    """
    return _lien_row(session, lien_id).to_domain()


def add_lien(session: Session, lien: Lien) -> Lien:
    """Store a new lien.

    Raises:
        NotFoundError: The case does not exist.
    """
    get_case(session, lien.case_id)
    row = LienRow(**LienRow.values(lien))
    session.add(row)
    session.flush()
    return row.to_domain()


def update_lien(session: Session, lien: Lien) -> Lien:
    """Store changes to a lien.

    Raises:
        NotFoundError: It does not exist.
    """
    row = _lien_row(session, lien.id or 0)
    for column, value in LienRow.values(lien).items():
        setattr(row, column, value)
    session.flush()
    return row.to_domain()


def delete_lien(session: Session, lien_id: int) -> None:
    """Delete a lien.

    Raises:
        NotFoundError: It does not exist.
    """
    session.delete(_lien_row(session, lien_id))
    session.flush()


def _lien_row(session: Session, lien_id: int) -> LienRow:
    row = session.get(LienRow, lien_id)
    if row is None:
        raise NotFoundError("This lien no longer exists; it was deleted elsewhere.")
    return row


# --- what bills and liens refer to -------------------------------------------------------------------


def bill_providers(session: Session, case_id: int) -> list[CaseProvider]:
    """The providers on a case with their names from the contacts book, by name."""
    rows = session.execute(
        select(CaseProviderRow, ContactRow.name)
        .join(ContactRow, ContactRow.id == CaseProviderRow.contact_id)
        .where(CaseProviderRow.case_id == case_id)
        .order_by(func.lower(ContactRow.name), CaseProviderRow.id)
    )
    return [row.to_domain(name) for row, name in rows]


def bill_documents(session: Session, case_id: int) -> list[Document]:
    """A case's stored documents, newest import first (a bill links to one of them)."""
    rows = session.scalars(
        select(DocumentRow)
        .where(DocumentRow.case_id == case_id)
        .order_by(DocumentRow.imported_at.desc(), DocumentRow.id.desc())
    )
    return [row.to_domain() for row in rows]


def lien_holder_choices(session: Session, case_id: int, limit: int = 500) -> list[Contact]:
    """Contacts to pick a lien holder from: those linked to the case first, then the book by name."""
    linked = [link.contact for link in list_for_case(session, case_id)]
    seen = {contact.id for contact in linked}
    unique: list[Contact] = []
    for contact in linked:
        if contact.id in seen:
            seen.discard(contact.id)
            unique.append(contact)
    taken = {contact.id for contact in unique}
    rows = session.scalars(
        select(ContactRow).order_by(func.lower(ContactRow.name), ContactRow.id).limit(limit)
    )
    return unique + [row.to_domain() for row in rows if row.id not in taken]
