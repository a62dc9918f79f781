"""Providers on cases and their record requests: saved, counted, overdue, on the calendar, undone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from casedesk.domain.calendar import EventKind, EventOrigin
from casedesk.domain.cases import Case, CaseStatus, with_status
from casedesk.domain.contacts import Contact, ContactRole
from casedesk.domain.errors import NotFoundError, ValidationError
from casedesk.domain.money import Money
from casedesk.domain.providers import (
    CaseProvider,
    RecordRequest,
    RequestKind,
    RequestMethod,
    RequestStatus,
    TreatmentStatus,
)
from casedesk.services.casefiles import Services
from tests.conftest import TODAY

MakeCase = Callable[..., Case]


@pytest.fixture
def case(make_case: MakeCase) -> Case:
    return make_case()


def add_lee(services: Services, case: Case, **changes: object) -> CaseProvider:
    contact = services.contacts.create(Contact("Dr. Helen Lee", role=ContactRole.MEDICAL_PROVIDER))
    provider = CaseProvider(case_id=case.id or 0, contact_id=contact.id or 0, specialty="Orthopedics")
    return services.providers.add_provider(replace(provider, **changes))


def sent(services: Services, provider: CaseProvider, days_ago: int, **changes: object) -> RecordRequest:
    request = services.providers.new_request(provider.case_id, provider.id or 0)
    day = TODAY - timedelta(days=days_ago)
    return services.providers.add_request(
        replace(request, sent_on=day, follow_up_on=day + timedelta(days=30), **changes)
    )


def follow_ups(services: Services, case: Case) -> list[tuple[str, date, date | None]]:
    events = services.calendar.case_calendar(case.id or 0).events
    return [(e.title, e.day, e.done_on) for e in events if e.origin is EventOrigin.REQUEST]


def test_a_provider_and_request_survive_a_reopen(
    services: Services, case: Case, open_case: Callable[..., Services]
) -> None:
    """Every field comes back as saved after the case file is closed and opened again."""
    provider = add_lee(
        services,
        case,
        status=TreatmentStatus.DISCHARGED,
        first_visit=date(2026, 6, 15),
        last_visit=date(2026, 9, 2),
        notes="Surgeon",
    )
    request = services.providers.add_request(
        RecordRequest(
            case_id=case.id or 0,
            provider_id=provider.id or 0,
            kind=RequestKind.ITEMIZED,
            sent_on=date(2026, 11, 2),
            method=RequestMethod.FAX,
            range_from=date(2026, 6, 15),
            range_to=date(2026, 9, 2),
            cost=Money.parse("25.50"),
            follow_up_on=date(2026, 12, 2),
            notes="HIPAA release attached",
        )
    )
    services.close()
    again = open_case()
    try:
        [summary] = again.providers.providers(case.id or 0)
        assert summary.provider == provider
        assert summary.provider.name == "Dr. Helen Lee"
        assert (summary.requests, summary.open_requests, summary.overdue_requests) == (1, 1, 0)
        assert again.providers.requests(case.id or 0) == [request]
    finally:
        again.close()


def test_a_contact_is_on_a_case_once(services: Services, case: Case) -> None:
    """Adding the same contact again is refused with a message naming them; nothing is added."""
    provider = add_lee(services, case)
    with pytest.raises(ValidationError) as caught:
        services.providers.add_provider(replace(provider, id=None))
    assert caught.value.errors["contact"].startswith("Dr. Helen Lee is already a provider on this case")
    assert len(services.providers.providers(case.id or 0)) == 1


def test_a_new_provider_contact_goes_into_the_book_and_the_case_contacts(
    services: Services, case: Case
) -> None:
    """Created inline: a medical provider in the contacts book, linked to the case as a key contact."""
    saved = services.providers.add_provider(
        CaseProvider(case_id=case.id or 0, contact_id=0, specialty="Physical therapy"),
        new_contact=Contact("Capital Physical Therapy", phone="(512) 555-0100", address="1 Main St"),
    )
    contact = services.contacts.get(saved.contact_id)
    assert (contact.name, contact.role, contact.phone) == (
        "Capital Physical Therapy",
        ContactRole.MEDICAL_PROVIDER,
        "(512) 555-0100",
    )
    links = services.contacts.for_case(case.id or 0)
    assert [(link.contact.id, link.role) for link in links] == [
        (saved.contact_id, ContactRole.MEDICAL_PROVIDER)
    ]


def test_a_bad_new_contact_saves_nothing(services: Services, case: Case) -> None:
    """A new contact without a name is refused and no contact is created."""
    with pytest.raises(ValidationError) as caught:
        services.providers.add_provider(
            CaseProvider(case_id=case.id or 0, contact_id=0), new_contact=Contact("  ")
        )
    assert "name is required" in caught.value.errors["contact_name"]
    assert services.contacts.find() == []


def test_index_dates_and_counts_of_a_provider(services: Services, case: Case) -> None:
    """The first and last date of service come from the record index; documents and bills are counted."""
    provider = add_lee(services, case)
    with services._case_file.session() as session:
        for start, end in (
            (date(2026, 6, 20), None),
            (date(2026, 6, 14), date(2026, 6, 16)),
            (date(2026, 8, 1), date(2026, 8, 3)),
        ):
            session.execute(
                text(
                    "INSERT INTO record_entries (case_id, service_from, service_to, kind, provider_id, "
                    "complaint, summary, diagnoses, procedures) "
                    "VALUES (:case, :start, :end, 'office_visit', :p, '', '', '', '')"
                ),
                {"case": case.id, "start": start, "end": end, "p": provider.id},
            )
    [summary] = services.providers.providers(case.id or 0)
    assert (summary.entries, summary.indexed_first, summary.indexed_last) == (
        3,
        date(2026, 6, 14),
        date(2026, 8, 3),
    )


def test_removing_a_provider_takes_its_requests_and_follow_ups(services: Services, case: Case) -> None:
    """The requests cascade; the follow-ups leave the calendar."""
    provider = add_lee(services, case)
    sent(services, provider, 40)
    assert len(follow_ups(services, case)) == 1
    removed = services.providers.remove_provider(provider.id or 0)
    assert removed.requests == 1
    assert services.providers.providers(case.id or 0) == []
    assert services.providers.requests(case.id or 0) == []
    assert follow_ups(services, case) == []


def test_a_provider_with_bills_is_not_removed(services: Services, case: Case) -> None:
    """Bills refer to the provider without a cascade: removal is refused, saying why."""
    provider = add_lee(services, case)
    with services._case_file.session() as session:
        session.execute(
            text(
                "INSERT INTO bills (case_id, provider_id, service_from, billed, adjustment, health_paid, "
                "pip_paid, client_paid, notes) VALUES (:case, :p, '2026-06-15', 100000, 0, 0, 0, 0, '')"
            ),
            {"case": case.id, "p": provider.id},
        )
    with pytest.raises(ValidationError, match=r"Dr\. Helen Lee has 1 bill on this case"):
        services.providers.remove_provider(provider.id or 0)
    assert len(services.providers.providers(case.id or 0)) == 1


def test_outstanding_across_cases_most_overdue_first(services: Services, make_case: MakeCase) -> None:
    """Open requests of open cases by days overdue, then follow-up; received ones and closed cases are out."""
    first, second, closed = make_case(), make_case(), make_case()
    lee = add_lee(services, first)
    other = services.contacts.create(Contact("Austin ER", role=ContactRole.MEDICAL_PROVIDER))
    er = services.providers.add_provider(CaseProvider(case_id=second.id or 0, contact_id=other.id or 0))
    closed_provider = services.providers.add_provider(
        CaseProvider(case_id=closed.id or 0, contact_id=other.id or 0)
    )
    a = sent(services, lee, 35)  # 5 days overdue
    b = sent(services, er, 42)  # 12 days overdue
    c = sent(services, er, 10)  # due in 20 days
    received = sent(services, lee, 50)
    services.providers.mark_received(received.id or 0)
    sent(services, closed_provider, 60)
    services.cases.update_case(
        with_status(services.cases.overview(closed.id or 0).case, CaseStatus.CLOSED, TODAY)
    )

    items = services.providers.outstanding(TODAY)
    assert [(i.request.id, i.days_overdue) for i in items] == [(b.id, 12), (a.id, 5), (c.id, 0)]
    assert (items[0].case_number, items[0].client, items[0].provider) == (
        second.number,
        "Maria Alvarez",
        "Austin ER",
    )
    assert [i.request.id for i in services.providers.outstanding(TODAY, first.id)] == [a.id]
    assert [i.request.id for i in services.providers.overdue(second.id or 0)] == [b.id]


def test_a_requests_follow_up_is_on_the_calendar_and_moves_with_it(services: Services, case: Case) -> None:
    """Added, moved, received and deleted: the follow-up event follows each change."""
    provider = add_lee(services, case)
    request = sent(services, provider, 40)
    title = f"Follow up with Dr. Helen Lee: medical records requested {request.sent_on:%m/%d/%Y}"
    assert follow_ups(services, case) == [(title, date(2026, 11, 11), None)]
    agenda = services.calendar.range(TODAY, TODAY + timedelta(days=7)).agenda
    assert [
        (i.title, i.overdue) for i in agenda.items if i.event and i.event.kind is EventKind.FOLLOW_UP
    ] == [(title, True)]

    extended = services.providers.extend_request(request.id or 0)
    assert follow_ups(services, case) == [(title, date(2026, 12, 11), None)]
    services.providers.mark_received(extended.id or 0)
    assert follow_ups(services, case) == [(title, date(2026, 12, 11), TODAY)]
    deleted = services.providers.delete_request(extended.id or 0)
    assert follow_ups(services, case) == []
    restored = services.providers.restore_request(deleted)
    assert restored.status is RequestStatus.RECEIVED
    assert follow_ups(services, case) == [(title, date(2026, 12, 11), TODAY)]


def test_marking_the_follow_up_done_on_the_calendar_receives_the_request(
    services: Services, case: Case
) -> None:
    """Done on the calendar is received on the request; opening it again makes it wait again."""
    provider = add_lee(services, case)
    request = sent(services, provider, 40)
    [event] = [
        e for e in services.calendar.case_calendar(case.id or 0).events if e.origin is EventOrigin.REQUEST
    ]
    done = services.calendar.set_event_done(event, True)
    assert done.done_on == TODAY
    received = services.providers.get_request(request.id or 0)
    assert (received.status, received.received_on) == (RequestStatus.RECEIVED, TODAY)
    assert services.providers.outstanding(TODAY) == []

    services.calendar.set_event_done(done, False)
    assert services.providers.get_request(request.id or 0).status is RequestStatus.REQUESTED
    assert len(services.providers.overdue(case.id or 0)) == 1


def test_moving_the_follow_up_on_the_calendar_moves_the_request(services: Services, case: Case) -> None:
    """The day moves the request's follow-up; a day before the request was sent is refused."""
    provider = add_lee(services, case)
    request = sent(services, provider, 40)
    [event] = [
        e for e in services.calendar.case_calendar(case.id or 0).events if e.origin is EventOrigin.REQUEST
    ]
    moved = services.calendar.update_event(
        replace(event, day=date(2026, 11, 28), notes="Called, they said next week")
    )
    assert services.providers.get_request(request.id or 0).follow_up_on == date(2026, 11, 28)
    assert moved.notes == "Called, they said next week"
    with pytest.raises(ValidationError) as caught:
        services.calendar.update_event(replace(moved, day=date(2026, 9, 1)))
    assert "before the request was sent" in caught.value.errors["day"]
    with pytest.raises(ValidationError) as caught:
        services.calendar.update_event(replace(moved, title="Something else"))
    assert "follows the record request" in caught.value.errors["title"]
    with pytest.raises(ValidationError, match="belongs to a record request"):
        services.calendar.delete_event(moved.id or 0)


def test_a_reviewed_requests_follow_up_is_not_opened_on_the_calendar(services: Services, case: Case) -> None:
    """Reviewed records are not made to wait again from the calendar; the request is unchanged."""
    provider = add_lee(services, case)
    request = sent(services, provider, 40)
    services.providers.mark_reviewed(request.id or 0)
    [event] = [
        e for e in services.calendar.case_calendar(case.id or 0).events if e.origin is EventOrigin.REQUEST
    ]
    with pytest.raises(ValidationError, match="reviewed"):
        services.calendar.set_event_done(event, False)
    assert services.providers.get_request(request.id or 0).status is RequestStatus.REVIEWED


def test_closing_a_case_takes_its_follow_ups_off_the_calendar(services: Services, case: Case) -> None:
    """As with its deadlines; reopening the case brings them back."""
    provider = add_lee(services, case)
    sent(services, provider, 10)
    stored = services.cases.overview(case.id or 0).case
    services.cases.update_case(with_status(stored, CaseStatus.CLOSED, TODAY))
    assert follow_ups(services, case) == []
    services.cases.update_case(
        with_status(services.cases.overview(case.id or 0).case, CaseStatus.TREATING, TODAY)
    )
    assert len(follow_ups(services, case)) == 1


def test_an_invalid_request_saves_nothing(services: Services, case: Case) -> None:
    """A follow-up before the sent date is refused; the case keeps no request and no follow-up."""
    provider = add_lee(services, case)
    request = services.providers.new_request(case.id or 0, provider.id or 0)
    assert (request.sent_on, request.follow_up_on) == (TODAY, TODAY + timedelta(days=30))
    with pytest.raises(ValidationError, match="before the request was sent"):
        services.providers.add_request(replace(request, follow_up_on=TODAY - timedelta(days=1)))
    assert services.providers.requests(case.id or 0) == []
    assert follow_ups(services, case) == []


def test_a_request_to_a_removed_provider_is_not_restored(services: Services, case: Case) -> None:
    """Undoing a delete after its provider left the case says so."""
    provider = add_lee(services, case)
    deleted = services.providers.delete_request(sent(services, provider, 5).id or 0)
    services.providers.remove_provider(provider.id or 0)
    with pytest.raises(NotFoundError, match="no longer on the case"):
        services.providers.restore_request(deleted)
