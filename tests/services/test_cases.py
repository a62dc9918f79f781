"""Case and client use cases: one transaction per action, validation first, nothing saved half-way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case, CaseQuery, CaseSort, CaseStatus, Client
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import CaseFileError, NotFoundError, ValidationError
from casedesk.services.casefiles import Services, open_services
from casedesk.services.cases import RECENT_ACTIVITY_COUNT
from tests.conftest import NOW, TODAY, fixed_clock

MakeCase = Callable[..., Case]
MakeClient = Callable[..., Client]


def draft(client_id: int = 0, **fields: Any) -> Case:
    """An unsaved, valid case."""
    case = Case(
        number="PI-2026-0100",
        caption="Ruiz v. Metro Transit",
        client_id=client_id,
        incident_date=date(2026, 9, 3),
        jurisdiction="TX",
        opened_on=date(2026, 9, 10),
    )
    return replace(case, **fields)


def saved_id(record: Case | Client | Contact | Activity) -> int:
    assert record.id is not None
    return record.id


def all_numbers(services: Services) -> list[str]:
    return [s.number for s in services.cases.list_cases(CaseQuery())]


def test_create_case_saves_and_returns_it_with_an_id(services: Services, make_client: MakeClient) -> None:
    """A valid case is saved and comes back with its id."""
    client = make_client()
    case = services.cases.create_case(draft(saved_id(client)))
    assert case == replace(draft(saved_id(client)), id=case.id)
    assert services.cases.overview(saved_id(case)).case == case


def test_create_case_with_new_client_saves_both(services: Services) -> None:
    """A case for a new client saves the client too, and links them."""
    case = services.cases.create_case(draft(), new_client=Client(name="Tomás Ruiz", phone="512-555-0177"))
    client = services.cases.get_client(case.client_id)
    assert client.name == "Tomás Ruiz"
    assert services.cases.overview(saved_id(case)).client == client


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"caption": ""}, "caption"),
        ({"number": " "}, "number"),
        ({"jurisdiction": "ZZ"}, "jurisdiction"),
        ({"incident_date": TODAY + timedelta(days=1)}, "incident_date"),
    ],
)
def test_invalid_case_with_new_client_saves_neither(
    services: Services, changes: dict[str, Any], field: str
) -> None:
    """When the case is invalid, its new client is not saved either."""
    with pytest.raises(ValidationError) as info:
        services.cases.create_case(draft(**changes), new_client=Client(name="Tomás Ruiz"))
    assert field in info.value.errors
    assert all_numbers(services) == []
    assert services.cases.find_clients() == []


def test_invalid_new_client_is_reported_under_client_fields(services: Services) -> None:
    """A new client's problems are keyed ``client.<field>`` and nothing is saved."""
    with pytest.raises(ValidationError) as info:
        services.cases.create_case(draft(caption=""), new_client=Client(name="", email="nope"))
    assert set(info.value.errors) == {"client.name", "client.email", "caption"}
    assert services.cases.find_clients() == []


def test_duplicate_number_with_new_client_saves_neither(services: Services, make_case: MakeCase) -> None:
    """A taken case number fails on ``number``; the new client of the refused case is rolled back."""
    existing = make_case()
    with pytest.raises(ValidationError) as info:
        services.cases.create_case(draft(number=existing.number), new_client=Client(name="Tomás Ruiz"))
    assert set(info.value.errors) == {"number"}
    assert all_numbers(services) == [existing.number]
    assert [c.name for c in services.cases.find_clients()] == ["Maria Alvarez"]


def test_validation_uses_the_service_clock_not_the_computer_date(services: Services) -> None:
    """Today is the clock's date in its own zone: incidents today are fine, tomorrow is not."""
    assert NOW.date() == TODAY
    assert services.cases.case_errors(draft(incident_date=TODAY, opened_on=TODAY)) == {}
    assert set(services.cases.case_errors(draft(incident_date=TODAY + timedelta(days=1)))) == {
        "incident_date"
    }
    assert set(
        services.cases.client_errors(Client(name="Baby Ruiz", date_of_birth=TODAY + timedelta(days=1)))
    ) == {"date_of_birth"}


def test_update_case_saves_valid_changes(services: Services, make_case: MakeCase) -> None:
    """Edits are saved and the overview shows them."""
    case = make_case()
    services.cases.update_case(
        replace(case, status=CaseStatus.DEMAND, next_action="Send demand", next_action_on=TODAY)
    )
    updated = services.cases.overview(saved_id(case)).case
    assert (updated.status, updated.next_action, updated.next_action_on) == (
        CaseStatus.DEMAND,
        "Send demand",
        TODAY,
    )


def test_invalid_update_changes_nothing(services: Services, make_case: MakeCase) -> None:
    """An edit that breaks a rule or takes another case's number is refused; the case is unchanged."""
    first, second = make_case(), make_case()
    with pytest.raises(ValidationError) as info:
        services.cases.update_case(replace(second, caption="", next_action_on=TODAY))
    assert set(info.value.errors) == {"caption", "next_action"}
    with pytest.raises(ValidationError) as info:
        services.cases.update_case(replace(second, number=first.number))
    assert set(info.value.errors) == {"number"}
    assert services.cases.overview(saved_id(second)).case == second


def test_missing_ids_raise_not_found(services: Services, make_case: MakeCase) -> None:
    """Acting on a case or client that is gone raises NotFoundError."""
    case = make_case()
    services.cases.delete_case(saved_id(case))
    with pytest.raises(NotFoundError):
        services.cases.overview(saved_id(case))
    with pytest.raises(NotFoundError):
        services.cases.update_case(case)
    with pytest.raises(NotFoundError):
        services.cases.delete_case(saved_id(case))
    with pytest.raises(NotFoundError):
        services.cases.get_client(404)
    with pytest.raises(NotFoundError):
        services.cases.create_case(draft(404))


def test_delete_client_refused_while_they_have_cases(
    services: Services, make_client: MakeClient, make_case: MakeCase
) -> None:
    """A client with cases cannot be deleted; once the cases are gone they can."""
    client = make_client()
    case = make_case(client_id=client.id)
    with pytest.raises(ValidationError) as info:
        services.cases.delete_client(saved_id(client))
    assert set(info.value.errors) == {"client"}
    assert services.cases.get_client(saved_id(client)) == client

    services.cases.delete_case(saved_id(case))
    services.cases.delete_client(saved_id(client))
    assert services.cases.find_clients() == []


def test_delete_case_takes_its_timeline_and_links_but_not_the_contacts(
    services: Services, make_case: MakeCase
) -> None:
    """Deleting a case removes its timeline and contact links; the contacts remain in the book."""
    case, other = make_case(), make_case()
    adjuster = services.contacts.create(Contact(name="Janet Ortiz", role=ContactRole.ADJUSTER))
    for target in (case, other):
        services.contacts.link(saved_id(target), saved_id(adjuster), ContactRole.ADJUSTER)
        services.timeline.add(Activity(saved_id(target), ActivityKind.CALL, NOW, "Called adjuster"))

    services.cases.delete_case(saved_id(case))

    assert services.timeline.entries(saved_id(case)) == []
    assert services.contacts.for_case(saved_id(case)) == []
    assert services.contacts.get(saved_id(adjuster)) == adjuster
    assert services.contacts.case_count(saved_id(adjuster)) == 1
    assert len(services.timeline.entries(saved_id(other))) == 1


def test_client_create_update_find(services: Services) -> None:
    """Clients are validated, saved, edited and found by part of their name."""
    with pytest.raises(ValidationError) as info:
        services.cases.create_client(Client(name=" ", phone="12"))
    assert set(info.value.errors) == {"name", "phone"}

    client = services.cases.create_client(Client(name="Maria Alvarez"))
    services.cases.create_client(Client(name="Tomás Ruiz"))
    with pytest.raises(ValidationError):
        services.cases.update_client(replace(client, email="maria@"))
    services.cases.update_client(replace(client, email="maria@example.com"))

    assert services.cases.get_client(saved_id(client)).email == "maria@example.com"
    assert [c.name for c in services.cases.find_clients("ALV")] == ["Maria Alvarez"]
    assert [c.name for c in services.cases.find_clients()] == ["Maria Alvarez", "Tomás Ruiz"]


def test_list_and_counts_follow_search_filter_and_sort(services: Services, make_case: MakeCase) -> None:
    """The case list searches, filters by status and sorts; the counts include every status."""
    make_case(caption="Alvarez v. Zeta Freight", status=CaseStatus.TREATING)
    make_case(caption="Alvarez v. Acme Foods", status=CaseStatus.INTAKE)
    make_case(caption="Alvarez v. City of Austin", status=CaseStatus.TREATING)

    by_caption = services.cases.list_cases(CaseQuery(sort=CaseSort.CAPTION, descending=True))
    assert [s.caption for s in by_caption] == [
        "Alvarez v. Zeta Freight",
        "Alvarez v. City of Austin",
        "Alvarez v. Acme Foods",
    ]
    treating = services.cases.list_cases(CaseQuery(text="alvarez v", status=CaseStatus.TREATING))
    assert [s.caption for s in treating] == ["Alvarez v. Zeta Freight", "Alvarez v. City of Austin"]
    assert services.cases.list_cases(CaseQuery(text="alvarez nowhere")) == []

    counts = services.cases.case_list(CaseQuery(text="freight")).counts
    assert counts == {**dict.fromkeys(CaseStatus, 0), CaseStatus.TREATING: 1}


def test_overview_has_client_contacts_and_the_five_newest_entries(
    services: Services, make_client: MakeClient, make_case: MakeCase
) -> None:
    """The overview shows the case, its client, its contacts and the 5 newest entries, newest first."""
    client = make_client(name="Tomás Ruiz")
    case = make_case(client_id=client.id)
    other = make_case()
    witness = services.contacts.create(Contact(name="Sam Ortiz", role=ContactRole.WITNESS))
    services.contacts.link(saved_id(case), saved_id(witness), ContactRole.WITNESS)
    for hours in range(8):
        services.timeline.add(
            Activity(saved_id(case), ActivityKind.NOTE, NOW - timedelta(hours=hours), f"note {hours}")
        )
    services.timeline.add(Activity(saved_id(other), ActivityKind.NOTE, NOW, "other case"))

    overview = services.cases.overview(saved_id(case))

    assert overview.case == case
    assert overview.client == client
    assert [(c.contact.name, c.role) for c in overview.contacts] == [("Sam Ortiz", ContactRole.WITNESS)]
    assert RECENT_ACTIVITY_COUNT == 5
    assert [a.subject for a in overview.recent_activity] == [f"note {h}" for h in range(5)]


def test_overview_of_a_case_without_activity(services: Services, make_case: MakeCase) -> None:
    """A new case's overview has no contacts and no entries."""
    overview = services.cases.overview(saved_id(make_case()))
    assert overview.contacts == ()
    assert overview.recent_activity == ()


def test_jurisdictions_are_the_shipped_51(services: Services) -> None:
    """The case service offers the 50 states and DC, sorted by name."""
    names = [j.name for j in services.cases.jurisdictions]
    assert len(names) == 51
    assert names == sorted(names)


def test_open_services_refuses_a_file_that_is_not_a_case_file(tmp_path: Path) -> None:
    """Opening the services on a foreign file raises CaseFileError and creates nothing."""
    path = tmp_path / "notes.sqlite"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(CaseFileError):
        open_services(path, clock=fixed_clock)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_services_reopen_on_saved_data(case_target: Path | str, open_case: Callable[..., Services]) -> None:
    """Closing and reopening the services on the same file (or firm database) finds what was saved."""
    first = open_case(create=True)
    try:
        case = first.cases.create_case(draft(), new_client=Client(name="Tomás Ruiz"))
    finally:
        first.close()
    again = open_case()
    try:
        assert again.cases.overview(saved_id(case)).case == case
        assert again.backup_path is None
        if isinstance(case_target, Path):
            assert again.path == case_target and again.location == str(case_target)
        else:
            assert again.firm_mode and "casedesk:casedesk@" not in again.location  # the password is masked
    finally:
        again.close()


def test_clock_is_injected(services: Services) -> None:
    """The services judge "now" by the injected clock."""
    assert services.cases.clock() == NOW
    assert services.timeline.clock() == NOW


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("garcia", "María García"),
        ("GARCÍA", "María Garcia"),
        ("o'brien", "Sean O’Brien"),
        ("o’brien", "Sean O'Brien"),
    ],
)
def test_search_ignores_accents_and_apostrophe_styles(
    services: Services,
    make_case: Callable[..., Case],
    make_client: Callable[..., Client],
    typed: str,
    stored: str,
) -> None:
    """Names are found however the accents and apostrophes were typed."""
    case = make_case(client_id=make_client(name=stored).id)
    assert services.cases.case_list(CaseQuery(text=typed)).ids == (case.id,)


def test_case_numbers_differing_only_in_letter_case_are_the_same_number(
    services: Services, make_case: Callable[..., Case]
) -> None:
    """pi-2026-0310 is refused when PI-2026-0310 exists, naming the existing number."""
    make_case(number="PI-2026-0310")
    with pytest.raises(ValidationError) as refused:
        make_case(number="pi-2026-0310")
    assert "PI-2026-0310 is already used" in refused.value.errors["number"]
