"""The contacts book and the links between contacts and cases: rows and repository functions."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import Boolean, ForeignKey, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from casedesk.domain.contacts import CaseContact, Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.store.base import Base, Versioned
from casedesk.store.caselist import escape_like
from casedesk.store.cases import get_case
from casedesk.store.engine import fold_text


class ContactRow(Versioned, Base):
    """A person or organization in the contacts book (``contacts``)."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    role: Mapped[str] = mapped_column(String(40))
    is_organization: Mapped[bool] = mapped_column(Boolean, default=False)
    organization: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(50), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    def to_domain(self) -> Contact:
        """The contact as a domain object."""
        return Contact(
            id=self.id,
            name=self.name,
            role=ContactRole(self.role),
            is_organization=self.is_organization,
            organization=self.organization,
            phone=self.phone,
            email=self.email,
            address=self.address,
            notes=self.notes,
        )

    @staticmethod
    def values(contact: Contact) -> dict[str, Any]:
        """Column values for the domain record (not the id): the one mapping fill and bulk inserts use."""
        return {
            "name": contact.name.strip(),
            "role": contact.role.value,
            "is_organization": contact.is_organization,
            "organization": contact.organization.strip(),
            "phone": contact.phone.strip(),
            "email": contact.email.strip(),
            "address": contact.address.strip(),
            "notes": contact.notes,
        }

    def fill(self, contact: Contact) -> None:
        """Copy a domain contact's fields onto this row (not the id)."""
        for column, value in self.values(contact).items():
            setattr(self, column, value)


class CaseContactRow(Versioned, Base):
    """A contact's role on a case (``case_contacts``)."""

    __tablename__ = "case_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(String(300), default="")


def get_contact(session: Session, contact_id: int) -> Contact:
    """The contact with this id.

    Raises:
        NotFoundError: No such contact.
    """
    return _contact_row(session, contact_id).to_domain()


def contact_names(session: Session, contact_ids: Collection[int]) -> dict[int, str]:
    """The names of these contacts by id, in one query (ids of deleted contacts are left out)."""
    if not contact_ids:
        return {}
    rows = session.execute(select(ContactRow.id, ContactRow.name).where(ContactRow.id.in_(list(contact_ids))))
    return {contact_id: name for contact_id, name in rows}


def add_contact(session: Session, contact: Contact) -> Contact:
    """Insert a contact; returns it with its id."""
    row = ContactRow()
    row.fill(contact)
    session.add(row)
    session.flush()
    return row.to_domain()


def update_contact(session: Session, contact: Contact) -> Contact:
    """Save a changed contact."""
    if contact.id is None:
        raise ValueError("update_contact needs a saved contact")
    row = _contact_row(session, contact.id)
    row.fill(contact)
    session.flush()
    return row.to_domain()


def delete_contact(session: Session, contact_id: int) -> None:
    """Delete a contact and its links to cases."""
    session.delete(_contact_row(session, contact_id))
    session.flush()


def find_contacts(
    session: Session, text: str = "", role: ContactRole | None = None, limit: int | None = 1000
) -> list[Contact]:
    """Contacts whose name or organization contains ``text``, optionally of one role, by name."""
    stmt = select(ContactRow).order_by(func.lower(ContactRow.name), ContactRow.id).limit(limit)
    for word in text.split():
        pattern = f"%{escape_like(word)}%"
        stmt = stmt.where(
            ContactRow.name.ilike(pattern, escape="\\") | ContactRow.organization.ilike(pattern, escape="\\")
        )
    if role is not None:
        stmt = stmt.where(ContactRow.role == role.value)
    return [row.to_domain() for row in session.scalars(stmt)]


def contacts_named(session: Session, name: str) -> list[Contact]:
    """Contacts whose name is ``name``, ignoring case, accents and spacing (to link rather than duplicate)."""
    wanted = _name_key(name)
    return [c for c in find_contacts(session, name, limit=None) if _name_key(c.name) == wanted]


def _name_key(name: str) -> str:
    return " ".join(fold_text(name).split())


def count_cases_of_contact(session: Session, contact_id: int) -> int:
    """On how many cases the contact is linked."""
    stmt = select(func.count(func.distinct(CaseContactRow.case_id))).where(
        CaseContactRow.contact_id == contact_id
    )
    return session.scalar(stmt) or 0


def link_contact(
    session: Session, case_id: int, contact_id: int, role: ContactRole, note: str = ""
) -> CaseContact:
    """Link a contact to a case in a role.

    Raises:
        NotFoundError: The case or the contact no longer exists.
    """
    get_case(session, case_id)  # a clear error rather than a foreign-key failure at flush
    contact = _contact_row(session, contact_id).to_domain()
    already = select(CaseContactRow.id).where(
        CaseContactRow.case_id == case_id,
        CaseContactRow.contact_id == contact_id,
        CaseContactRow.role == role.value,
    )
    if session.scalar(already) is not None:
        raise ValidationError({"role": f"{contact.name} is already on this case as {role.label.lower()}."})
    row = CaseContactRow(case_id=case_id, contact_id=contact_id, role=role.value, note=note.strip())
    session.add(row)
    session.flush()
    return CaseContact(case_id=case_id, contact=contact, role=role, note=row.note, link_id=row.id)


def unlink_contact(session: Session, link_id: int) -> None:
    """Remove one contact's role from a case (the contact stays in the book)."""
    row = session.get(CaseContactRow, link_id)
    if row is None:
        raise NotFoundError("That contact is no longer linked to the case.")
    session.delete(row)
    session.flush()


def list_for_case(session: Session, case_id: int) -> list[CaseContact]:
    """The contacts linked to a case, by role then name."""
    stmt = (
        select(CaseContactRow, ContactRow)
        .join(ContactRow, ContactRow.id == CaseContactRow.contact_id)
        .where(CaseContactRow.case_id == case_id)
        .order_by(CaseContactRow.role, func.lower(ContactRow.name))
    )
    return [
        CaseContact(
            case_id=case_id,
            contact=contact.to_domain(),
            role=ContactRole(link.role),
            note=link.note,
            link_id=link.id,
        )
        for link, contact in session.execute(stmt)
    ]


def _contact_row(session: Session, contact_id: int) -> ContactRow:
    row = session.get(ContactRow, contact_id)
    if row is None:
        raise NotFoundError("That contact no longer exists in this case file.")
    return row
