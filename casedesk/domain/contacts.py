"""The contacts book: people and organizations the case manager deals with, and their case roles."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from casedesk.domain.cases import contact_details_errors, length_errors


class ContactRole(enum.StrEnum):
    """The part a contact plays, in the book and on a case."""

    MEDICAL_PROVIDER = "medical_provider"
    INSURER = "insurer"
    ADJUSTER = "adjuster"
    WITNESS = "witness"
    OPPOSING_COUNSEL = "opposing_counsel"
    COURT = "court"
    EMPLOYER = "employer"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True, slots=True)
class Contact:
    """A person or organization in the contacts book.

    Attributes:
        is_organization: An organization (hospital, insurer, court) rather than a person.
        organization: For a person, the organization they work for.
        role: The contact's usual role; a case link may give another.
    """

    name: str
    role: ContactRole = ContactRole.OTHER
    is_organization: bool = False
    organization: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CaseContact:
    """A contact linked to a case, in a role on that case.

    Attributes:
        link_id: Id of the link itself (one contact may hold several roles on a case).
    """

    case_id: int
    contact: Contact
    role: ContactRole
    note: str = ""
    link_id: int | None = None


def validate_contact(contact: Contact) -> dict[str, str]:
    """Problems with a contact's fields, by field name; empty when the contact can be saved."""
    errors: dict[str, str] = {}
    if not contact.name.strip():
        errors["name"] = "The contact's name is required."
    errors.update(contact_details_errors(contact.phone, contact.email))
    errors.update(
        length_errors(
            name=contact.name, organization=contact.organization, phone=contact.phone, email=contact.email
        )
    )
    return errors
