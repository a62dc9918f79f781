"""Use cases for the contacts book and contacts' roles on cases."""

from __future__ import annotations

from casedesk.domain.contacts import CaseContact, Contact, ContactRole, validate_contact
from casedesk.domain.errors import ValidationError
from casedesk.services.conflicts import refuse_if_changed
from casedesk.store import contacts as contact_store
from casedesk.store import providers as provider_store
from casedesk.store import witnesses as witness_store
from casedesk.store.casefile import CaseFile


class ContactService:
    """The contacts book of one case file."""

    def __init__(self, case_file: CaseFile) -> None:
        self._case_file = case_file

    def find(
        self, text: str = "", role: ContactRole | None = None, limit: int | None = None
    ) -> list[Contact]:
        """Contacts matching a search (name or organization) and optionally a role; all by default."""
        with self._case_file.session() as session:
            return contact_store.find_contacts(session, text, role, limit)

    def get(self, contact_id: int) -> Contact:
        """One contact."""
        with self._case_file.session() as session:
            return contact_store.get_contact(session, contact_id)

    def errors(self, contact: Contact) -> dict[str, str]:
        """What is wrong with a contact's fields; empty when it can be saved."""
        return validate_contact(contact)

    def create(self, contact: Contact) -> Contact:
        """Add a contact to the book.

        Raises:
            ValidationError: A field is wrong; nothing is saved.
        """
        self._check(contact)
        with self._case_file.session() as session:
            return contact_store.add_contact(session, contact)

    def update(self, contact: Contact, expected: Contact | None = None) -> Contact:
        """Save changes to a contact (refused with ConflictError if it changed since ``expected``)."""
        self._check(contact)
        with self._case_file.session() as session:
            refuse_if_changed(
                session, contact_store.ContactRow, "contact", expected, contact_store.get_contact
            )
            return contact_store.update_contact(session, contact)

    def delete(self, contact_id: int) -> None:
        """Remove a contact from the book and from every case it was linked to.

        Raises:
            ValidationError: The contact is a provider on a case (its bills, requests and index entries
                name it) or a witness on one; nothing is deleted.
        """
        with self._case_file.session() as session:
            treated = provider_store.cases_treated_by(session, contact_id)
            if treated:
                raise ValidationError(
                    {
                        "contact": f"This contact is a provider on {_cases(treated)}, whose requests, bills "
                        "and record index name it. Remove it from those cases' Medical tab first."
                    }
                )
            testifies = witness_store.cases_with_witness(session, contact_id)
            if testifies:
                raise ValidationError(
                    {
                        "contact": f"This contact is a witness on {_cases(testifies)}. Remove it from those "
                        "cases' Witnesses list (Trial tab) first."
                    }
                )
            contact_store.delete_contact(session, contact_id)

    def case_count(self, contact_id: int) -> int:
        """On how many cases the contact is linked (to warn before deleting it)."""
        with self._case_file.session() as session:
            return contact_store.count_cases_of_contact(session, contact_id)

    def for_case(self, case_id: int) -> list[CaseContact]:
        """The contacts linked to a case."""
        with self._case_file.session() as session:
            return contact_store.list_for_case(session, case_id)

    def link(self, case_id: int, contact_id: int, role: ContactRole, note: str = "") -> CaseContact:
        """Link a contact to a case in a role."""
        with self._case_file.session() as session:
            return contact_store.link_contact(session, case_id, contact_id, role, note)

    def unlink(self, link_id: int) -> None:
        """Remove a contact's role from a case; the contact stays in the book."""
        with self._case_file.session() as session:
            contact_store.unlink_contact(session, link_id)

    def _check(self, contact: Contact) -> None:
        errors = self.errors(contact)
        if errors:
            raise ValidationError(errors)


def _cases(numbers: list[str]) -> str:
    """``3 cases (PI-…, PI-…, PI-…)``, naming at most three."""
    shown = ", ".join(numbers[:3]) + (f" and {len(numbers) - 3:,} more" if len(numbers) > 3 else "")
    return f"{len(numbers):,} case{'' if len(numbers) == 1 else 's'} ({shown})"
