"""Record requests: the 30-day clock, overdue days, the one extension, validation and list order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from casedesk.domain.calendar import EventKind, EventOrigin
from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money
from casedesk.domain.providers import (
    CaseProvider,
    OutstandingRequest,
    ProviderSummary,
    RecordRequest,
    RequestKind,
    RequestStatus,
    days_overdue,
    default_follow_up,
    extend,
    follow_up_day,
    follow_up_event,
    follow_up_uid,
    is_overdue,
    mark_received,
    mark_reviewed,
    outstanding_order,
    overdue_summary,
    reopen,
    request_id_of,
    request_order,
    validate_provider,
    validate_request,
)

TODAY = date(2026, 11, 21)


def request(**changes: Any) -> RecordRequest:
    fields: dict[str, Any] = {
        "case_id": 1,
        "provider_id": 2,
        "kind": RequestKind.RECORDS,
        "sent_on": date(2026, 10, 1),
        "follow_up_on": date(2026, 10, 31),
        "id": 7,
    }
    return RecordRequest(**(fields | changes))


def test_the_follow_up_defaults_to_thirty_days_after_sending() -> None:
    """45 CFR 164.524: thirty days, across a month end."""
    assert default_follow_up(date(2026, 1, 15)) == date(2026, 2, 14)
    assert follow_up_day(request(follow_up_on=None, sent_on=date(2026, 10, 1))) == date(2026, 10, 31)


@pytest.mark.parametrize(
    ("follow_up", "status", "expected"),
    [
        (date(2026, 11, 9), RequestStatus.REQUESTED, 12),
        (date(2026, 11, 20), RequestStatus.REQUESTED, 1),
        (date(2026, 11, 21), RequestStatus.REQUESTED, 0),  # due today is not yet overdue
        (date(2026, 12, 1), RequestStatus.REQUESTED, 0),
        (date(2026, 11, 9), RequestStatus.RECEIVED, 0),  # received: no longer outstanding
        (date(2026, 11, 9), RequestStatus.REVIEWED, 0),
    ],
)
def test_days_overdue(follow_up: date, status: RequestStatus, expected: int) -> None:
    """Overdue means not received and the follow-up date is before today."""
    item = request(sent_on=date(2026, 10, 1), follow_up_on=follow_up, status=status)
    assert days_overdue(item, TODAY) == expected
    assert is_overdue(item, TODAY) is (expected > 0)


def test_received_then_reviewed_then_reopened() -> None:
    """Receiving records the date; reviewing keeps it; reopening clears it."""
    received = mark_received(request(), date(2026, 11, 2))
    assert (received.status, received.received_on) == (RequestStatus.RECEIVED, date(2026, 11, 2))
    reviewed = mark_reviewed(received, date(2026, 11, 5))
    assert (reviewed.status, reviewed.received_on) == (RequestStatus.REVIEWED, date(2026, 11, 2))
    assert mark_reviewed(request(), TODAY).received_on == TODAY
    assert reopen(reviewed) == replace(request(), status=RequestStatus.REQUESTED, received_on=None)


def test_the_one_extension_moves_the_follow_up_thirty_days_and_is_noted() -> None:
    """The rule allows one 30-day extension; a second is refused with the date of the first."""
    extended = extend(request(notes="Faxed with HIPAA release."), TODAY)
    assert extended.follow_up_on == date(2026, 11, 30)
    assert extended.extended_on == TODAY
    assert extended.notes.startswith("Faxed with HIPAA release.\n11/21/2026: extended 30 days")
    assert "follow up by 11/30/2026 instead of 10/31/2026" in extended.notes
    with pytest.raises(ValidationError, match="already extended on 11/21/2026"):
        extend(extended, TODAY)
    with pytest.raises(ValidationError, match="still waiting"):
        extend(mark_received(request(), TODAY), TODAY)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"follow_up_on": date(2026, 9, 30)}, "follow_up_on", "before the request was sent"),
        ({"follow_up_on": date(2027, 12, 1)}, "follow_up_on", "more than a year"),
        ({"range_from": date(2026, 7, 1), "range_to": date(2026, 6, 1)}, "range_to", "cannot end before"),
        ({"cost": Money.parse("-5")}, "cost", "cannot be negative"),
        ({"cost": Money.parse("1,000,000")}, "cost", "At most $100,000.00"),
        ({"sent_on": date(1899, 1, 1), "follow_up_on": None}, "sent_on", "before 1900"),
        ({"received_on": date(2026, 11, 1)}, "received_on", "Only a received request"),
        (
            {"status": RequestStatus.RECEIVED, "received_on": date(2026, 9, 1)},
            "received_on",
            "before the request was sent",
        ),
        ({"notes": "x" * 10_001}, "notes", "At most 10,000 characters"),
    ],
)
def test_a_bad_request_is_refused_with_its_reason(changes: dict[str, Any], field: str, message: str) -> None:
    """Each mistake is reported under its field."""
    errors = validate_request(request(**changes))
    assert message in errors[field]


def test_a_good_request_has_no_errors() -> None:
    """The follow-up may be the sent day itself; a zero cost is fine."""
    assert validate_request(request(follow_up_on=date(2026, 10, 1), cost=Money.zero())) == {}


def test_provider_visits_in_order() -> None:
    """The last visit cannot come before the first; a long specialty is refused."""
    provider = CaseProvider(
        case_id=1, contact_id=2, first_visit=date(2026, 7, 1), last_visit=date(2026, 6, 1)
    )
    assert "before the first" in validate_provider(provider)["last_visit"]
    assert (
        "At most 200"
        in validate_provider(CaseProvider(case_id=1, contact_id=2, specialty="x" * 201))["specialty"]
    )
    assert validate_provider(replace(provider, last_visit=date(2026, 7, 1))) == {}


def test_a_cases_requests_list_open_ones_first_by_follow_up() -> None:
    """Open requests by follow-up date; received and reviewed ones after, newest first."""
    late = request(id=1, follow_up_on=date(2026, 12, 5))
    soon = request(id=2, follow_up_on=date(2026, 11, 1))
    old_done = request(id=3, sent_on=date(2026, 8, 1), status=RequestStatus.RECEIVED, follow_up_on=None)
    new_done = request(id=4, sent_on=date(2026, 9, 1), status=RequestStatus.REVIEWED, follow_up_on=None)
    ordered = sorted([old_done, late, new_done, soon], key=request_order)
    assert [r.id for r in ordered] == [2, 1, 4, 3]


def outstanding(request_id: int, days: int, follow_up: date, provider: str = "Dr. Lee") -> OutstandingRequest:
    return OutstandingRequest(request(id=request_id, follow_up_on=follow_up), "PI-1", "Ana", provider, days)


def test_outstanding_is_most_overdue_first_then_by_follow_up() -> None:
    """Days overdue descending, then the follow-up date."""
    items = [
        outstanding(1, 0, date(2026, 12, 9)),
        outstanding(2, 3, date(2026, 11, 18)),
        outstanding(3, 12, date(2026, 11, 9)),
        outstanding(4, 0, date(2026, 11, 30)),
    ]
    assert [i.request.id for i in sorted(items, key=outstanding_order)] == [3, 2, 4, 1]


def test_the_overview_line_names_the_overdue_requests() -> None:
    """Count, provider, what, how late; not-yet-due requests are left out."""
    items = [
        outstanding(1, 12, date(2026, 11, 9), "Dr. Lee"),
        outstanding(2, 0, date(2026, 12, 9), "Austin ER"),
        outstanding(3, 1, date(2026, 11, 20), "Capital PT"),
    ]
    assert overdue_summary(items) == (
        "2 record requests overdue — Dr. Lee's medical records, 12 days; Capital PT's medical records, 1 day"
    )
    assert overdue_summary(items[1:2]) == ""


def test_removal_effects_say_what_happens_to_other_records() -> None:
    """Requests go with the provider; documents and index entries stay."""
    summary = ProviderSummary(CaseProvider(1, 2), requests=2, documents=1, entries=3)
    assert summary.removal_effects() == [
        "2 record requests to them will be deleted with them",
        "1 document will stay, no longer filed under them",
        "3 record index entries will stay, without a provider",
    ]


def test_the_follow_up_event_pairs_with_its_request() -> None:
    """A follow-up of kind Follow-up on the follow-up day, done on the received date."""
    event = follow_up_event(request(), "Dr. Lee")
    assert (event.kind, event.origin, event.day, event.done_on) == (
        EventKind.FOLLOW_UP,
        EventOrigin.REQUEST,
        date(2026, 10, 31),
        None,
    )
    assert event.title == "Follow up with Dr. Lee: medical records requested 10/01/2026"
    assert request_id_of(event.uid) == 7 and event.uid == follow_up_uid(7)
    assert request_id_of("0f3c@casedesk") is None
    assert follow_up_event(mark_received(request(), date(2026, 11, 3)), "Dr. Lee").done_on == date(
        2026, 11, 3
    )
