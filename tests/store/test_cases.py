"""Client and case repositories: CRUD, uniqueness, deletion rules, the case list's search and sort."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from casedesk.domain.activity import Activity, ActivityKind
from casedesk.domain.cases import Case, CaseQuery, CaseSort, CaseStatus, CaseType, Client
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.store import activity as activity_store
from casedesk.store import cases as case_store
from casedesk.store import contacts as contact_store
from casedesk.store.activity import ActivityRow
from casedesk.store.casefile import CaseFile
from casedesk.store.cases import CaseRow, ClientRow
from casedesk.store.contacts import CaseContactRow, ContactRow
from tests.store.test_search import open_store


@pytest.fixture
def case_file(case_target: Path | str) -> Iterator[CaseFile]:
    """A new, empty case file (or firm database, signed in) opened at the store level."""
    opened = open_store(case_target, create=True)
    yield opened
    opened.close()


def new_case(client_id: int, number: str = "PI-0001", **fields: object) -> Case:
    return replace(
        Case(number=number, caption="Alvarez v. Driver", client_id=client_id, opened_on=date(2026, 6, 20)),
        **fields,  # type: ignore[arg-type]
    )


def count(case_file: CaseFile, row: type[object]) -> int:
    with case_file.session() as session:
        return session.scalar(select(func.count()).select_from(row)) or 0


@pytest.fixture
def client(case_file: CaseFile) -> Client:
    with case_file.session() as session:
        return case_store.add_client(session, Client(name="Maria Alvarez"))


def client_id(client: Client) -> int:
    assert client.id is not None
    return client.id


# --- clients -------------------------------------------------------------------------------------


def test_client_round_trips_with_trimmed_fields(case_file: CaseFile) -> None:
    """A saved client reads back field for field, with surrounding blanks trimmed."""
    typed = Client(
        name="  Maria Alvarez ",
        date_of_birth=date(1984, 3, 2),
        phone=" 512-555-0142 ",
        email=" maria@example.com",
        address="12 Elm St\nAustin TX ",
        language="Spanish ",
        notes="  Prefers calls after 5pm  ",
    )
    with case_file.session() as session:
        saved = case_store.add_client(session, typed)
    with case_file.session() as session:
        read = case_store.get_client(session, client_id(saved))
    assert read == saved
    assert read == replace(
        typed,
        id=saved.id,
        name="Maria Alvarez",
        phone="512-555-0142",
        email="maria@example.com",
        address="12 Elm St\nAustin TX",
        language="Spanish",
    )


def test_update_client_saves_changes(case_file: CaseFile, client: Client) -> None:
    """Edited client fields are saved."""
    with case_file.session() as session:
        case_store.update_client(session, replace(client, name="Maria Alvarez-Ruiz", phone="512-555-0100"))
    with case_file.session() as session:
        read = case_store.get_client(session, client_id(client))
    assert (read.name, read.phone) == ("Maria Alvarez-Ruiz", "512-555-0100")


def test_missing_client_is_not_found(case_file: CaseFile) -> None:
    """Reading, editing or deleting a client that does not exist raises NotFoundError."""
    with case_file.session() as session:
        with pytest.raises(NotFoundError):
            case_store.get_client(session, 404)
        with pytest.raises(NotFoundError):
            case_store.update_client(session, Client(name="Ghost", id=404))
        with pytest.raises(NotFoundError):
            case_store.delete_client(session, 404)


def test_find_clients_by_name_part_case_insensitively(case_file: CaseFile) -> None:
    """Client search matches part of the name in any case and lists by name, ignoring case."""
    with case_file.session() as session:
        for name in ["maria alvarez", "Tomás Ruiz", "Mario Bianchi", "Ann O'Neil"]:
            case_store.add_client(session, Client(name=name))
        assert [c.name for c in case_store.find_clients(session, "MAR")] == ["maria alvarez", "Mario Bianchi"]
        assert [c.name for c in case_store.find_clients(session, "")] == [
            "Ann O'Neil",
            "maria alvarez",
            "Mario Bianchi",
            "Tomás Ruiz",
        ]
        assert [c.name for c in case_store.find_clients(session, "o'n")] == ["Ann O'Neil"]


def test_find_clients_treats_wildcards_literally(case_file: CaseFile) -> None:
    """``%`` and ``_`` typed in the search match themselves, not any text."""
    with case_file.session() as session:
        for name in ["Acme_Holdings", "AcmeXHoldings", "100% Pure LLC", "1000 Pure LLC"]:
            case_store.add_client(session, Client(name=name))
        assert [c.name for c in case_store.find_clients(session, "acme_")] == ["Acme_Holdings"]
        assert [c.name for c in case_store.find_clients(session, "100%")] == ["100% Pure LLC"]


def test_delete_client_refused_while_the_client_has_cases(case_file: CaseFile, client: Client) -> None:
    """A client with a case cannot be deleted; without cases they can."""
    with case_file.session() as session:
        case = case_store.add_case(session, new_case(client_id(client)))
    with pytest.raises(ValidationError) as info, case_file.session() as session:
        case_store.delete_client(session, client_id(client))
    assert set(info.value.errors) == {"client"}
    assert "Maria Alvarez" in info.value.errors["client"]
    assert count(case_file, ClientRow) == 1

    with case_file.session() as session:
        assert case.id is not None
        case_store.delete_case(session, case.id)
        case_store.delete_client(session, client_id(client))
    assert count(case_file, ClientRow) == 0


def test_database_restricts_deleting_a_client_with_cases(case_file: CaseFile, client: Client) -> None:
    """Even bypassing the repository, the database keeps a case from losing its client."""
    with case_file.session() as session:
        case_store.add_case(session, new_case(client_id(client)))
    with pytest.raises(IntegrityError), case_file.session() as session:
        session.execute(text("DELETE FROM clients"))
    assert count(case_file, ClientRow) == 1


# --- cases ---------------------------------------------------------------------------------------


def test_case_round_trips_every_field(case_file: CaseFile, client: Client) -> None:
    """A saved case reads back exactly, enums and dates included."""
    typed = Case(
        number=" PI-2026-0001 ",
        caption=" Alvarez v. Driver ",
        client_id=client_id(client),
        incident_date=date(2026, 6, 14),
        case_type=CaseType.PREMISES,
        incident_place="H-E-B, Austin",
        jurisdiction="TX",
        status=CaseStatus.DEMAND,
        attorney="R. Patel",
        opened_on=date(2026, 6, 20),
        closed_on=date(2026, 11, 1),
        facts="Slipped on spilled detergent.",
        next_action="Send demand",
        next_action_on=date(2026, 12, 1),
    )
    with case_file.session() as session:
        saved = case_store.add_case(session, typed)
    with case_file.session() as session:
        assert saved.id is not None
        read = case_store.get_case(session, saved.id)
    assert read == replace(typed, id=saved.id, number="PI-2026-0001", caption="Alvarez v. Driver")


def test_update_case_saves_changes(case_file: CaseFile, client: Client) -> None:
    """Edited case fields are saved; keeping its own number is not a duplicate."""
    with case_file.session() as session:
        case = case_store.add_case(session, new_case(client_id(client)))
    with case_file.session() as session:
        case_store.update_case(session, replace(case, status=CaseStatus.TREATING, caption="Alvarez v. Lee"))
    with case_file.session() as session:
        assert case.id is not None
        read = case_store.get_case(session, case.id)
    assert (read.status, read.caption, read.number) == (CaseStatus.TREATING, "Alvarez v. Lee", "PI-0001")


@pytest.mark.parametrize("number", ["PI-0001", " PI-0001 "])
def test_duplicate_case_number_is_refused_and_nothing_saved(
    case_file: CaseFile, client: Client, number: str
) -> None:
    """A second case with a used number fails on ``number`` and is not saved."""
    with case_file.session() as session:
        case_store.add_case(session, new_case(client_id(client)))
    with pytest.raises(ValidationError) as info, case_file.session() as session:
        case_store.add_case(session, new_case(client_id(client), number, caption="Alvarez v. Other"))
    assert set(info.value.errors) == {"number"}
    assert "Alvarez v. Driver" in info.value.errors["number"]
    assert count(case_file, CaseRow) == 1


def test_renumbering_onto_another_cases_number_is_refused(case_file: CaseFile, client: Client) -> None:
    """Editing a case to take another case's number fails on ``number`` and changes nothing."""
    with case_file.session() as session:
        case_store.add_case(session, new_case(client_id(client), "PI-0001"))
        second = case_store.add_case(session, new_case(client_id(client), "PI-0002"))
    with pytest.raises(ValidationError) as info, case_file.session() as session:
        case_store.update_case(session, replace(second, number="PI-0001"))
    assert set(info.value.errors) == {"number"}
    with case_file.session() as session:
        assert second.id is not None
        assert case_store.get_case(session, second.id).number == "PI-0002"


def test_case_for_a_missing_client_is_not_saved(case_file: CaseFile) -> None:
    """A case whose client does not exist is refused with NotFoundError."""
    with pytest.raises(NotFoundError), case_file.session() as session:
        case_store.add_case(session, new_case(404))
    assert count(case_file, CaseRow) == 0


def test_missing_case_is_not_found(case_file: CaseFile, client: Client) -> None:
    """Reading, editing or deleting a case that does not exist raises NotFoundError."""
    with case_file.session() as session:
        with pytest.raises(NotFoundError):
            case_store.get_case(session, 404)
        with pytest.raises(NotFoundError):
            case_store.update_case(session, new_case(client_id(client), id=404))
        with pytest.raises(NotFoundError):
            case_store.delete_case(session, 404)


def test_deleting_a_case_cascades_timeline_and_links_but_keeps_contacts(
    case_file: CaseFile, client: Client
) -> None:
    """A deleted case takes its timeline and contact links with it; the contacts stay in the book."""
    with case_file.session() as session:
        doomed = case_store.add_case(session, new_case(client_id(client), "PI-0001"))
        kept = case_store.add_case(session, new_case(client_id(client), "PI-0002"))
        contact = contact_store.add_contact(session, Contact(name="Janet Ortiz", role=ContactRole.ADJUSTER))
        assert doomed.id is not None and kept.id is not None and contact.id is not None
        for case_id in (doomed.id, kept.id):
            contact_store.link_contact(session, case_id, contact.id, ContactRole.ADJUSTER)
            activity_store.add_activity(
                session,
                Activity(
                    case_id, ActivityKind.CALL, datetime(2026, 11, 20, 15, tzinfo=UTC), "Called adjuster"
                ),
            )
    with case_file.session() as session:
        case_store.delete_case(session, doomed.id)

    assert count(case_file, CaseRow) == 1
    assert count(case_file, ContactRow) == 1
    with case_file.session() as session:
        assert session.scalars(select(ActivityRow.case_id)).all() == [kept.id]
        assert session.scalars(select(CaseContactRow.case_id)).all() == [kept.id]


# --- the case list -------------------------------------------------------------------------------

#: Four cases chosen so that every sort order differs from insertion order and from the others.
LISTED = [
    (
        "PI-0003",
        "bravo Baker",
        "Charlie v. Xu",
        CaseStatus.NEGOTIATION,
        date(2026, 3, 1),
        "TX",
        date(2026, 12, 1),
    ),
    ("PI-0001", "Alpha Adams", "alpha v. Young", CaseStatus.TRIAL, None, "CA", None),
    (
        "PI-0002",
        "Charlie Clark",
        "Bravo v. Zane",
        CaseStatus.INTAKE,
        date(2025, 1, 1),
        "NY",
        date(2026, 11, 25),
    ),
    ("PI-0004", "delta Day", "delta v. Ward", CaseStatus.SETTLED, date(2026, 1, 1), "AL", None),
]


@pytest.fixture
def listed(case_file: CaseFile) -> CaseFile:
    with case_file.session() as session:
        for number, name, caption, status, incident, jurisdiction, next_on in LISTED:
            owner = case_store.add_client(session, Client(name=name))
            case_store.add_case(
                session,
                new_case(
                    client_id(owner),
                    number,
                    caption=caption,
                    status=status,
                    incident_date=incident,
                    jurisdiction=jurisdiction,
                    next_action="Follow up" if next_on else "",
                    next_action_on=next_on,
                ),
            )
    return case_file


def numbers(case_file: CaseFile, query: CaseQuery) -> list[str]:
    with case_file.session() as session:
        return [s.number for s in case_store.list_summaries(session, query)]


@pytest.mark.parametrize(
    ("sort", "ascending", "descending"),
    [
        (CaseSort.NUMBER, "1 2 3 4", "4 3 2 1"),
        (CaseSort.CLIENT, "1 3 2 4", "4 2 3 1"),
        (CaseSort.CAPTION, "1 2 3 4", "4 3 2 1"),
        (CaseSort.STATUS, "2 3 1 4", "4 1 3 2"),
        (CaseSort.INCIDENT_DATE, "2 4 3 1", "3 4 2 1"),
        (CaseSort.JURISDICTION, "4 1 2 3", "3 2 1 4"),
        (CaseSort.NEXT_ACTION_ON, "2 3 1 4", "3 2 1 4"),
    ],
)
def test_every_sort_in_both_directions(
    listed: CaseFile, sort: CaseSort, ascending: str, descending: str
) -> None:
    """Each column sorts both ways (names ignore case, statuses in pipeline order, no date last)."""
    expected_up = [f"PI-000{n}" for n in ascending.split()]
    expected_down = [f"PI-000{n}" for n in descending.split()]
    assert numbers(listed, CaseQuery(sort=sort)) == expected_up
    assert numbers(listed, CaseQuery(sort=sort, descending=True)) == expected_down


def test_summary_carries_the_list_columns(listed: CaseFile) -> None:
    """A summary row holds the case's list columns and its client's name."""
    with listed.session() as session:
        summary = case_store.list_summaries(session, CaseQuery(text="PI-0003"))[0]
    assert (summary.client_name, summary.caption, summary.status) == (
        "bravo Baker",
        "Charlie v. Xu",
        CaseStatus.NEGOTIATION,
    )
    assert (summary.incident_date, summary.jurisdiction, summary.next_action_on) == (
        date(2026, 3, 1),
        "TX",
        date(2026, 12, 1),
    )
    assert summary.case_type is CaseType.MOTOR_VEHICLE


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("", "1 2 3 4"),
        ("   ", "1 2 3 4"),
        ("ALPHA", "1"),
        ("adams", "1"),
        ("pi-0004", "4"),
        ("bravo", "2 3"),
        ("charlie", "2 3"),
        ("charlie clark", "2"),
        ("clark PI-0002", "2"),
        ("adams zane", ""),
        ("v.", "1 2 3 4"),
        ("nobody", ""),
    ],
)
def test_search_needs_every_word_in_name_number_or_caption(
    listed: CaseFile, search: str, expected: str
) -> None:
    """Each word must match the client name, case number or caption, in any letter case."""
    assert numbers(listed, CaseQuery(text=search)) == [f"PI-000{n}" for n in expected.split()]


def test_search_treats_wildcards_literally(case_file: CaseFile, client: Client) -> None:
    """``%`` and ``_`` in the search match themselves only."""
    with case_file.session() as session:
        case_store.add_case(session, new_case(client_id(client), "A_1", caption="50% fault"))
        case_store.add_case(session, new_case(client_id(client), "AX1", caption="500 fault"))
    assert numbers(case_file, CaseQuery(text="50%")) == ["A_1"]
    assert numbers(case_file, CaseQuery(text="a_1")) == ["A_1"]
    assert numbers(case_file, CaseQuery(text="%")) == ["A_1"]


def test_search_ignores_case_of_accented_letters(case_file: CaseFile) -> None:
    """Searching "álvarez" or "JOSÉ" finds José Álvarez."""
    with case_file.session() as session:
        owner = case_store.add_client(session, Client(name="José Álvarez"))
        case_store.add_case(session, new_case(client_id(owner)))
    assert numbers(case_file, CaseQuery(text="álvarez")) == ["PI-0001"]
    assert numbers(case_file, CaseQuery(text="JOSÉ")) == ["PI-0001"]


def test_status_filter_combines_with_search(listed: CaseFile) -> None:
    """The status filter keeps only cases in that status, on top of the search."""
    assert numbers(listed, CaseQuery(status=CaseStatus.TRIAL)) == ["PI-0001"]
    assert numbers(listed, CaseQuery(status=CaseStatus.CLOSED)) == []
    assert numbers(listed, CaseQuery(text="bravo", status=CaseStatus.INTAKE)) == ["PI-0002"]


def test_count_by_status_lists_every_status_with_zeros(listed: CaseFile) -> None:
    """Counts cover every status, zero included, and follow the search text."""
    with listed.session() as session:
        everything = case_store.list_case_ids(session, CaseQuery()).counts
        bravo = case_store.list_case_ids(session, CaseQuery(text="bravo")).counts
    assert list(everything) == list(CaseStatus)
    assert everything == {
        **dict.fromkeys(CaseStatus, 0),
        CaseStatus.INTAKE: 1,
        CaseStatus.NEGOTIATION: 1,
        CaseStatus.TRIAL: 1,
        CaseStatus.SETTLED: 1,
    }
    assert bravo == {**dict.fromkeys(CaseStatus, 0), CaseStatus.INTAKE: 1, CaseStatus.NEGOTIATION: 1}


def test_count_cases_of_client(case_file: CaseFile, client: Client) -> None:
    """The count is per client."""
    with case_file.session() as session:
        other = case_store.add_client(session, Client(name="Tomás Ruiz"))
        case_store.add_case(session, new_case(client_id(client), "PI-0001"))
        case_store.add_case(session, new_case(client_id(client), "PI-0002"))
        assert case_store.count_cases_of_client(session, client_id(client)) == 2
        assert case_store.count_cases_of_client(session, client_id(other)) == 0
