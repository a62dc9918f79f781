"""Contacts book use cases: validation, search, links, deletion."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.providers import CaseProvider
from casedesk.domain.witnesses import Witness
from casedesk.services.casefiles import Services

MakeCase = Callable[..., Case]


def saved_id(record: Case | Contact) -> int:
    assert record.id is not None
    return record.id


def test_create_validates_and_saves(services: Services) -> None:
    """An invalid contact is refused with its field errors and not saved; a valid one is."""
    with pytest.raises(ValidationError) as info:
        services.contacts.create(Contact(name="", email="janet@"))
    assert set(info.value.errors) == {"name", "email"}
    assert services.contacts.find() == []

    saved = services.contacts.create(Contact(name="Janet Ortiz", role=ContactRole.ADJUSTER))
    assert services.contacts.get(saved_id(saved)) == saved
    assert set(services.contacts.errors(Contact(name="Sam Ortiz", phone="12"))) == {"phone"}


def test_update_validates_and_saves(services: Services) -> None:
    """Edits are validated first; a valid edit is saved."""
    saved = services.contacts.create(Contact(name="Janet Ortiz"))
    with pytest.raises(ValidationError):
        services.contacts.update(replace(saved, name=" "))
    services.contacts.update(replace(saved, organization="Lone Star Mutual"))
    assert services.contacts.get(saved_id(saved)).organization == "Lone Star Mutual"
    assert services.contacts.get(saved_id(saved)).name == "Janet Ortiz"


def test_find_by_text_and_role(services: Services) -> None:
    """The book is searched by name or organization and filtered by role, by name."""
    services.contacts.create(Contact(name="Janet Ortiz", role=ContactRole.ADJUSTER, organization="Lone Star"))
    services.contacts.create(Contact(name="Lone Star Mutual", role=ContactRole.INSURER, is_organization=True))
    services.contacts.create(Contact(name="Sam Ortiz", role=ContactRole.WITNESS))
    assert [c.name for c in services.contacts.find("lone star")] == ["Janet Ortiz", "Lone Star Mutual"]
    assert [c.name for c in services.contacts.find("ortiz", ContactRole.WITNESS)] == ["Sam Ortiz"]
    assert [c.name for c in services.contacts.find(role=ContactRole.INSURER)] == ["Lone Star Mutual"]


def test_link_unlink_and_count(services: Services, make_case: MakeCase) -> None:
    """Contacts link to cases in roles; unlinking keeps them in the book; counts are per case."""
    first, second = make_case(), make_case()
    janet = services.contacts.create(Contact(name="Janet Ortiz", role=ContactRole.ADJUSTER))
    link = services.contacts.link(saved_id(first), saved_id(janet), ContactRole.ADJUSTER, note="Claim 44-1")
    services.contacts.link(saved_id(second), saved_id(janet), ContactRole.ADJUSTER)
    assert services.contacts.for_case(saved_id(first)) == [link]
    assert services.contacts.case_count(saved_id(janet)) == 2

    assert link.link_id is not None
    services.contacts.unlink(link.link_id)
    assert services.contacts.for_case(saved_id(first)) == []
    assert services.contacts.case_count(saved_id(janet)) == 1
    assert services.contacts.get(saved_id(janet)) == janet
    with pytest.raises(NotFoundError):
        services.contacts.unlink(link.link_id)


def test_delete_removes_the_contact_from_every_case(services: Services, make_case: MakeCase) -> None:
    """Deleting a contact removes its links everywhere; the cases stay."""
    first, second = make_case(), make_case()
    janet = services.contacts.create(Contact(name="Janet Ortiz"))
    sam = services.contacts.create(Contact(name="Sam Ortiz"))
    for case in (first, second):
        services.contacts.link(saved_id(case), saved_id(janet), ContactRole.ADJUSTER)
    services.contacts.link(saved_id(first), saved_id(sam), ContactRole.WITNESS)

    services.contacts.delete(saved_id(janet))

    assert [c.contact.name for c in services.contacts.for_case(saved_id(first))] == ["Sam Ortiz"]
    assert services.contacts.for_case(saved_id(second)) == []
    assert [c.name for c in services.contacts.find()] == ["Sam Ortiz"]
    assert services.cases.overview(saved_id(second)).case == second


def test_missing_ids_raise_not_found(services: Services, make_case: MakeCase) -> None:
    """A contact or case that is gone gives NotFoundError, and no half link is saved."""
    case = make_case()
    janet = services.contacts.create(Contact(name="Janet Ortiz"))
    services.contacts.delete(saved_id(janet))
    with pytest.raises(NotFoundError):
        services.contacts.get(saved_id(janet))
    with pytest.raises(NotFoundError):
        services.contacts.update(janet)
    with pytest.raises(NotFoundError):
        services.contacts.delete(saved_id(janet))
    with pytest.raises(NotFoundError):
        services.contacts.link(saved_id(case), saved_id(janet), ContactRole.ADJUSTER)

    sam = services.contacts.create(Contact(name="Sam Ortiz"))
    services.cases.delete_case(saved_id(case))
    with pytest.raises(NotFoundError):
        services.contacts.link(saved_id(case), saved_id(sam), ContactRole.WITNESS)
    assert services.contacts.case_count(saved_id(sam)) == 0


def test_a_provider_on_a_case_cannot_be_deleted_from_the_book(
    services: Services, make_case: MakeCase
) -> None:
    """Requests, bills and index entries name the provider: deleting it is refused, saying where it is."""
    case = make_case()
    lee = services.contacts.create(Contact(name="Dr. Amy Lee", role=ContactRole.MEDICAL_PROVIDER))
    services.providers.add_provider(CaseProvider(case_id=saved_id(case), contact_id=saved_id(lee)))

    with pytest.raises(ValidationError) as refused:
        services.contacts.delete(saved_id(lee))

    assert f"provider on 1 case ({case.number})" in str(refused.value)
    assert services.contacts.get(saved_id(lee)) == lee


def test_a_witness_on_a_case_cannot_be_deleted_from_the_book(services: Services, make_case: MakeCase) -> None:
    """A trial witness is a contact: deleting it is refused, naming the case, and nothing changes."""
    case = make_case()
    eve = services.contacts.create(Contact(name="Eve Marsh", role=ContactRole.WITNESS))
    services.witnesses.add(Witness(case_id=saved_id(case), contact_id=saved_id(eve)))

    with pytest.raises(ValidationError) as refused:
        services.contacts.delete(saved_id(eve))

    assert f"witness on 1 case ({case.number})" in str(refused.value)
    assert "Trial tab" in str(refused.value)
    assert [view.name for view in services.witnesses.witnesses(saved_id(case))] == ["Eve Marsh"]
