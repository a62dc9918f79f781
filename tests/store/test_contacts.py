"""Contacts book and case links repositories: CRUD, search, links and what deleting takes along."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casedesk.domain.cases import Case, Client
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store.casefile import CaseFile, open_case_file
from casedesk.store.contacts import CaseContactRow
from tests.conftest import TEST_USER


@pytest.fixture
def case_file(case_target: Path | str) -> Iterator[CaseFile]:
    """A new, empty case file (or firm database, signed in) opened at the store level."""
    documents = Path(os.environ["CASEDESK_DOCUMENTS"]) if isinstance(case_target, str) else None
    opened = open_case_file(case_target, create=True, documents=documents)
    opened.user = opened.user or TEST_USER
    yield opened
    opened.close()


@pytest.fixture
def case_ids(case_file: CaseFile) -> tuple[int, int]:
    """Two saved cases of one client."""
    with case_file.session() as session:
        client = case_store.add_client(session, Client(name="Maria Alvarez"))
        assert client.id is not None
        ids = []
        for number in ("PI-0001", "PI-0002"):
            case = case_store.add_case(
                session,
                Case(
                    number=number,
                    caption="Alvarez v. Driver",
                    client_id=client.id,
                    opened_on=date(2026, 6, 1),
                ),
            )
            assert case.id is not None
            ids.append(case.id)
    return ids[0], ids[1]


def add(case_file: CaseFile, contact: Contact) -> int:
    with case_file.session() as session:
        saved = contact_store.add_contact(session, contact)
    assert saved.id is not None
    return saved.id


def link_count(case_file: CaseFile) -> int:
    with case_file.session() as session:
        return session.scalar(select(func.count()).select_from(CaseContactRow)) or 0


def test_contact_round_trips_with_trimmed_fields(case_file: CaseFile) -> None:
    """A saved contact reads back field for field, blanks trimmed, the organization flag kept."""
    typed = Contact(
        name=" St. David's Medical Center ",
        role=ContactRole.MEDICAL_PROVIDER,
        is_organization=True,
        organization=" ",
        phone=" 512-555-0100",
        email="records@stdavids.example ",
        address="98 San Jacinto Blvd ",
        notes=" Records dept. fax only ",
    )
    contact_id = add(case_file, typed)
    with case_file.session() as session:
        read = contact_store.get_contact(session, contact_id)
    assert read == replace(
        typed,
        id=contact_id,
        name="St. David's Medical Center",
        organization="",
        phone="512-555-0100",
        email="records@stdavids.example",
        address="98 San Jacinto Blvd",
    )


def test_update_contact_saves_changes(case_file: CaseFile) -> None:
    """Edited contact fields are saved."""
    contact_id = add(case_file, Contact(name="Janet Ortiz", role=ContactRole.ADJUSTER))
    with case_file.session() as session:
        contact = contact_store.get_contact(session, contact_id)
        contact_store.update_contact(session, replace(contact, organization="Lone Star Mutual"))
    with case_file.session() as session:
        assert contact_store.get_contact(session, contact_id).organization == "Lone Star Mutual"


def test_missing_contact_is_not_found(case_file: CaseFile, case_ids: tuple[int, int]) -> None:
    """Reading, editing, deleting or linking a contact that does not exist raises NotFoundError."""
    with case_file.session() as session:
        with pytest.raises(NotFoundError):
            contact_store.get_contact(session, 404)
        with pytest.raises(NotFoundError):
            contact_store.update_contact(session, Contact(name="Ghost", id=404))
        with pytest.raises(NotFoundError):
            contact_store.delete_contact(session, 404)
        with pytest.raises(NotFoundError):
            contact_store.link_contact(session, case_ids[0], 404, ContactRole.WITNESS)
        with pytest.raises(NotFoundError):
            contact_store.unlink_contact(session, 404)


def test_linking_to_a_missing_case_is_not_found_and_saves_nothing(case_file: CaseFile) -> None:
    """A link to a case deleted meanwhile raises NotFoundError, not a database error."""
    contact_id = add(case_file, Contact(name="Janet Ortiz"))
    with pytest.raises(NotFoundError, match="case"), case_file.session() as session:
        contact_store.link_contact(session, 404, contact_id, ContactRole.ADJUSTER)
    assert link_count(case_file) == 0


@pytest.mark.parametrize(
    ("text", "role", "expected"),
    [
        ("", None, ["Dr. Ana Reyes", "janet ortiz", "Lone Star Mutual", "Sam Ortiz"]),
        ("ortiz", None, ["janet ortiz", "Sam Ortiz"]),
        ("LONE star", None, ["janet ortiz", "Lone Star Mutual"]),
        ("ortiz lone", None, ["janet ortiz"]),
        ("", ContactRole.ADJUSTER, ["janet ortiz"]),
        ("ortiz", ContactRole.WITNESS, ["Sam Ortiz"]),
        ("reyes", ContactRole.WITNESS, []),
        ("%", None, []),
        ("_", None, []),
    ],
)
def test_find_contacts_by_name_or_organization_and_role(
    case_file: CaseFile, text: str, role: ContactRole | None, expected: list[str]
) -> None:
    """Every word must be in the name or organization (any case, wildcards literal); role filters."""
    for contact in [
        Contact(name="Sam Ortiz", role=ContactRole.WITNESS),
        Contact(name="janet ortiz", role=ContactRole.ADJUSTER, organization="Lone Star Mutual"),
        Contact(name="Lone Star Mutual", role=ContactRole.INSURER, is_organization=True),
        Contact(name="Dr. Ana Reyes", role=ContactRole.MEDICAL_PROVIDER),
    ]:
        add(case_file, contact)
    with case_file.session() as session:
        assert [c.name for c in contact_store.find_contacts(session, text, role)] == expected


def test_links_list_by_role_then_name_and_count_distinct_cases(
    case_file: CaseFile, case_ids: tuple[int, int]
) -> None:
    """A case's contacts list by role then name; two roles on one case count as one case."""
    first, second = case_ids
    ortiz = add(case_file, Contact(name="Janet Ortiz"))
    reyes = add(case_file, Contact(name="ana Reyes"))
    with case_file.session() as session:
        link = contact_store.link_contact(session, first, ortiz, ContactRole.WITNESS, note=" saw the crash ")
        contact_store.link_contact(session, first, ortiz, ContactRole.ADJUSTER)
        contact_store.link_contact(session, first, reyes, ContactRole.WITNESS)
        contact_store.link_contact(session, second, ortiz, ContactRole.ADJUSTER)
    assert link.note == "saw the crash"
    assert link.contact.name == "Janet Ortiz"

    with case_file.session() as session:
        listed = contact_store.list_for_case(session, first)
        assert [(c.role, c.contact.name) for c in listed] == [
            (ContactRole.ADJUSTER, "Janet Ortiz"),
            (ContactRole.WITNESS, "ana Reyes"),
            (ContactRole.WITNESS, "Janet Ortiz"),
        ]
        assert listed[2] == link
        assert contact_store.count_cases_of_contact(session, ortiz) == 2
        assert contact_store.count_cases_of_contact(session, reyes) == 1


def test_unlink_removes_one_role_and_keeps_the_contact(
    case_file: CaseFile, case_ids: tuple[int, int]
) -> None:
    """Unlinking removes that role from the case only; the contact stays in the book."""
    ortiz = add(case_file, Contact(name="Janet Ortiz"))
    with case_file.session() as session:
        witness = contact_store.link_contact(session, case_ids[0], ortiz, ContactRole.WITNESS)
        contact_store.link_contact(session, case_ids[0], ortiz, ContactRole.ADJUSTER)
    with case_file.session() as session:
        assert witness.link_id is not None
        contact_store.unlink_contact(session, witness.link_id)
    with case_file.session() as session:
        assert [c.role for c in contact_store.list_for_case(session, case_ids[0])] == [ContactRole.ADJUSTER]
        assert contact_store.get_contact(session, ortiz).name == "Janet Ortiz"


def test_deleting_a_contact_removes_its_links(case_file: CaseFile, case_ids: tuple[int, int]) -> None:
    """A contact deleted from the book disappears from every case; other links stay."""
    ortiz = add(case_file, Contact(name="Janet Ortiz"))
    reyes = add(case_file, Contact(name="Ana Reyes"))
    with case_file.session() as session:
        for case_id in case_ids:
            contact_store.link_contact(session, case_id, ortiz, ContactRole.ADJUSTER)
        contact_store.link_contact(session, case_ids[0], reyes, ContactRole.MEDICAL_PROVIDER)
    with case_file.session() as session:
        contact_store.delete_contact(session, ortiz)
    assert link_count(case_file) == 1
    with case_file.session() as session:
        assert [c.contact.name for c in contact_store.list_for_case(session, case_ids[0])] == ["Ana Reyes"]
        assert contact_store.list_for_case(session, case_ids[1]) == []
        assert contact_store.count_cases_of_contact(session, ortiz) == 0
