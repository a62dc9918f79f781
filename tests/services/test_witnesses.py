"""Witness use cases: adding (existing or new contact), order of appearance, exhibits, undo, timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest

from casedesk.domain.activity import ActivityKind
from casedesk.domain.cases import Case
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.providers import CaseProvider
from casedesk.domain.witnesses import Witness, WitnessKind
from casedesk.services.casefiles import Services
from casedesk.store.exhibits import ExhibitRow
from tests.conftest import TODAY

MakeCase = Callable[..., Case]


@pytest.fixture
def case_id(make_case: MakeCase) -> int:
    case = make_case()
    assert case.id is not None
    return case.id


def contact(services: Services, name: str, role: ContactRole = ContactRole.WITNESS) -> int:
    saved = services.contacts.create(Contact(name=name, role=role, phone="(512) 555-0100"))
    assert saved.id is not None
    return saved.id


def add_exhibits(services: Services, case_id: int, count: int, witness_id: int | None = None) -> list[int]:
    """Exhibit rows as the exhibits list would store them."""
    with services._case_file.session() as session:
        rows = [
            ExhibitRow(
                case_id=case_id,
                party="plaintiff",
                position=i,
                description=f"Exhibit {i}",
                status="identified",
                witness_id=witness_id,
                notes="",
            )
            for i in range(count)
        ]
        session.add_all(rows)
        session.flush()
        return [row.id for row in rows]


def test_adding_an_existing_contact_links_it_to_the_case(services: Services, case_id: int) -> None:
    """The witness shows the contact's details and the contact is linked as a witness."""
    eve = contact(services, "Eve Witness")
    view = services.witnesses.add(Witness(case_id=case_id, contact_id=eve, topics="Saw the crash"))
    assert (view.name, view.phone, view.witness.position) == ("Eve Witness", "(512) 555-0100", 0)
    links = services.contacts.for_case(case_id)
    assert [(link.contact.name, link.role) for link in links] == [("Eve Witness", ContactRole.WITNESS)]
    assert services.witnesses.witnesses(case_id) == [view]


def test_a_new_contact_is_created_in_the_role_of_its_kind(services: Services, case_id: int) -> None:
    """A treating physician typed as a new name is a provider in the contacts book."""
    view = services.witnesses.add(
        Witness(case_id=case_id, contact_id=0, kind=WitnessKind.TREATING_PHYSICIAN),
        Contact(name="Dr. Ana Ruiz", organization="Austin Ortho"),
    )
    book = services.contacts.get(view.witness.contact_id)
    assert (book.name, book.role, view.organization) == (
        "Dr. Ana Ruiz",
        ContactRole.MEDICAL_PROVIDER,
        "Austin Ortho",
    )


def test_a_bad_new_contact_saves_nothing(services: Services, case_id: int) -> None:
    """A new contact without a name is refused and nothing is created."""
    with pytest.raises(ValidationError) as raised:
        services.witnesses.add(Witness(case_id=case_id, contact_id=0), Contact(name=" "))
    assert "contact_name" in raised.value.errors
    assert services.contacts.find() == []
    assert services.witnesses.witnesses(case_id) == []


def test_a_contact_is_a_witness_once_per_case(services: Services, case_id: int) -> None:
    """Adding the same contact twice is refused with a message naming them."""
    eve = contact(services, "Eve Witness")
    services.witnesses.add(Witness(case_id=case_id, contact_id=eve))
    with pytest.raises(ValidationError, match="already on this case's witness list"):
        services.witnesses.add(Witness(case_id=case_id, contact_id=eve, kind=WitnessKind.EXPERT))
    assert len(services.witnesses.witnesses(case_id)) == 1


def test_a_future_subpoena_is_refused(services: Services, case_id: int) -> None:
    """A subpoena cannot be served tomorrow."""
    eve = contact(services, "Eve Witness")
    witness = Witness(case_id=case_id, contact_id=eve, subpoena_served_on=TODAY + timedelta(days=1))
    assert "subpoena_served_on" in services.witnesses.errors(witness)
    with pytest.raises(ValidationError):
        services.witnesses.add(witness)
    assert services.witnesses.witnesses(case_id) == []


def test_a_served_subpoena_goes_on_the_timeline_once(services: Services, case_id: int) -> None:
    """Setting the date logs it; saving again unchanged does not log it twice; a new date logs again."""
    eve = contact(services, "Eve Witness")
    view = services.witnesses.add(Witness(case_id=case_id, contact_id=eve))
    assert services.timeline.entries(case_id) == []
    served = replace(view.witness, subpoena_served_on=date(2026, 10, 1))
    services.witnesses.update(served)
    services.witnesses.update(replace(served, topics="Weather"))
    entries = services.timeline.entries(case_id)
    assert [(e.kind, e.subject, e.occurred_at.date()) for e in entries] == [
        (ActivityKind.NOTE, "Subpoena served: Eve Witness", date(2026, 10, 1))
    ]
    services.witnesses.update(replace(served, subpoena_served_on=date(2026, 10, 3)))
    assert len(services.timeline.entries(case_id)) == 2


def test_witnesses_are_moved_in_the_order_of_appearance(services: Services, case_id: int) -> None:
    """Moving renumbers the list; it survives reopening."""
    ids = [
        services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, name))).id
        for name in ("A", "B", "C")
    ]
    order = services.witnesses.move(case_id, ids[2], 0)
    assert [v.name for v in order] == ["C", "A", "B"]
    assert [v.witness.position for v in order] == [0, 1, 2]
    services.witnesses.move(case_id, ids[2], 5)
    assert [v.name for v in services.witnesses.witnesses(case_id)] == ["A", "B", "C"]


def test_update_keeps_the_place_in_the_order(services: Services, case_id: int) -> None:
    """Editing a witness does not move it, whatever position the form carried."""
    first = services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, "A")))
    services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, "B")))
    services.witnesses.update(replace(first.witness, position=7, kind=WitnessKind.EXPERT))
    views = services.witnesses.witnesses(case_id)
    assert [(v.name, v.witness.kind, v.witness.position) for v in views] == [
        ("A", WitnessKind.EXPERT, 0),
        ("B", WitnessKind.FACT, 1),
    ]


def test_exhibits_to_use_are_kept_in_order(services: Services, case_id: int) -> None:
    """The exhibits come back in examination order; duplicates and foreign exhibits are refused."""
    view = services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, "A")))
    exhibits = add_exhibits(services, case_id, 3)
    saved = services.witnesses.set_exhibits(view.id, [exhibits[2], exhibits[0]])
    assert saved.exhibit_ids == (exhibits[2], exhibits[0])
    with pytest.raises(ValidationError, match="listed twice"):
        services.witnesses.set_exhibits(view.id, [exhibits[1], exhibits[1]])
    with pytest.raises(ValidationError, match="another case"):
        services.witnesses.set_exhibits(view.id, [exhibits[0], 9999])
    assert services.witnesses.witness(view.id).exhibit_ids == (exhibits[2], exhibits[0])


def test_exhibits_of_another_case_are_refused(services: Services, make_case: MakeCase) -> None:
    """A witness uses only exhibits of its own case."""
    first, second = make_case(), make_case()
    assert first.id is not None and second.id is not None
    view = services.witnesses.add(Witness(case_id=first.id, contact_id=contact(services, "A")))
    foreign = add_exhibits(services, second.id, 1)
    with pytest.raises(ValidationError, match="another case"):
        services.witnesses.set_exhibits(view.id, foreign)


def test_delete_and_restore_puts_everything_back(services: Services, case_id: int) -> None:
    """Undo brings back the witness in its place, with its exhibits and the exhibits that named it."""
    names = ("A", "B", "C")
    views = [services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, n))) for n in names]
    middle = views[1]
    used = add_exhibits(services, case_id, 2)
    naming = add_exhibits(services, case_id, 1, witness_id=middle.id)
    services.witnesses.set_exhibits(middle.id, list(reversed(used)))

    deleted = services.witnesses.delete(middle.id)
    remaining = services.witnesses.witnesses(case_id)
    assert [(v.name, v.witness.position) for v in remaining] == [("A", 0), ("C", 1)]
    with services._case_file.session() as session:
        assert session.get(ExhibitRow, naming[0]).witness_id is None  # type: ignore[union-attr]
    with pytest.raises(NotFoundError):
        services.witnesses.witness(middle.id)

    restored = services.witnesses.restore(deleted)
    assert restored.id == middle.id
    assert restored.exhibit_ids == tuple(reversed(used))
    assert [v.name for v in services.witnesses.witnesses(case_id)] == ["A", "B", "C"]
    with services._case_file.session() as session:
        assert session.get(ExhibitRow, naming[0]).witness_id == middle.id  # type: ignore[union-attr]


def test_restore_skips_exhibits_deleted_meanwhile(services: Services, case_id: int) -> None:
    """An exhibit deleted after the witness does not stop the undo."""
    view = services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, "A")))
    used = add_exhibits(services, case_id, 2)
    services.witnesses.set_exhibits(view.id, used)
    deleted = services.witnesses.delete(view.id)
    with services._case_file.session() as session:
        session.delete(session.get(ExhibitRow, used[0]))
    assert services.witnesses.restore(deleted).exhibit_ids == (used[1],)


def test_suggestions_are_case_witnesses_and_providers_not_yet_listed(
    services: Services, case_id: int
) -> None:
    """Witness contacts come first as fact witnesses, then providers; listed ones drop out."""
    eve = contact(services, "Eve Witness")
    services.contacts.link(case_id, eve, ContactRole.WITNESS)
    doc = contact(services, "Dr. Ana Ruiz", ContactRole.MEDICAL_PROVIDER)
    services.providers.add_provider(CaseProvider(case_id=case_id, contact_id=doc, specialty="Orthopedics"))
    suggestions = services.witnesses.suggestions(case_id)
    assert [(s.name, s.kind, s.reason) for s in suggestions] == [
        ("Eve Witness", WitnessKind.FACT, "Witness on the case"),
        ("Dr. Ana Ruiz", WitnessKind.TREATING_PHYSICIAN, "Provider: Orthopedics"),
    ]
    services.witnesses.add(Witness(case_id=case_id, contact_id=eve))
    assert [s.name for s in services.witnesses.suggestions(case_id)] == ["Dr. Ana Ruiz"]


def test_a_deleted_witness_cannot_be_moved_or_edited(services: Services, case_id: int) -> None:
    """Stale views get a clear error."""
    view = services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, "A")))
    services.witnesses.delete(view.id)
    with pytest.raises(NotFoundError):
        services.witnesses.move(case_id, view.id, 0)
    with pytest.raises(NotFoundError):
        services.witnesses.update(view.witness)


def test_saving_with_bad_exhibits_saves_nothing(services: Services, case_id: int) -> None:
    """The witness's fields and its exhibits are saved together or not at all."""
    view = services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, "A")))
    (exhibit,) = add_exhibits(services, case_id, 1)
    with pytest.raises(ValidationError):
        services.witnesses.update(replace(view.witness, topics="Changed"), [exhibit, 9999])
    assert services.witnesses.witness(view.id).witness.topics == ""
    saved = services.witnesses.update(replace(view.witness, topics="Changed"), [exhibit])
    assert (saved.witness.topics, saved.exhibit_ids) == ("Changed", (exhibit,))
    with pytest.raises(ValidationError):
        services.witnesses.add(Witness(case_id=case_id, contact_id=contact(services, "B")), None, [9999])
    assert [v.name for v in services.witnesses.witnesses(case_id)] == ["A"]


def test_the_cases_a_contact_is_a_witness_on_are_known(services: Services, make_case: MakeCase) -> None:
    """What the contacts book needs to refuse deleting a witness with a clear message."""
    from casedesk.store.witnesses import cases_with_witness

    first, second = make_case(), make_case()
    eve = contact(services, "Eve Witness")
    for case in (second, first):
        services.witnesses.add(Witness(case_id=case.id or 0, contact_id=eve))
    with services._case_file.session() as session:
        assert cases_with_witness(session, eve) == [first.number, second.number]
        assert cases_with_witness(session, contact(services, "Nobody")) == []
