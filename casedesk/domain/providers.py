"""Providers who treat a client on a case, and the requests sent to them for records and bills.

A request's follow-up date defaults to the patient's right of access: under 45 CFR 164.524 a provider has
30 days to answer, extendable once by 30 days with written notice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from datetime import date, timedelta

from casedesk.domain.calendar import Event, EventKind, EventOrigin
from casedesk.domain.cases import EARLIEST_DATE
from casedesk.domain.errors import ValidationError
from casedesk.domain.money import Money

#: Days a provider has to answer a request for records (45 CFR 164.524(b)(2)).
RIGHT_OF_ACCESS_DAYS = 30
#: The one extension the rule allows, with written notice to the patient.
RIGHT_OF_ACCESS_EXTENSION_DAYS = 30


class TreatmentStatus(enum.StrEnum):
    """Where the client stands with a provider."""

    TREATING = "treating"
    DISCHARGED = "discharged"
    REFERRED = "referred"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class CaseProvider:
    """A provider (a contact) who treats or treated the client on a case.

    Attributes:
        contact_id: The provider in the contacts book.
        name: The provider's name from the contacts book (filled when read; not stored here).
        first_visit: The first visit, as typed (the record index may know earlier ones).
        last_visit: The last visit, as typed.
    """

    case_id: int
    contact_id: int
    status: TreatmentStatus = TreatmentStatus.TREATING
    first_visit: date | None = None
    last_visit: date | None = None
    specialty: str = ""
    notes: str = ""
    name: str = ""
    id: int | None = None


class RequestKind(enum.StrEnum):
    """What a request asks a provider for."""

    RECORDS = "records"
    BILLS = "bills"
    ITEMIZED = "itemized"
    IMAGING = "imaging"
    NARRATIVE = "narrative"

    @property
    def label(self) -> str:
        """Display name."""
        return _REQUEST_KIND_LABELS[self]


_REQUEST_KIND_LABELS = {
    RequestKind.RECORDS: "Medical records",
    RequestKind.BILLS: "Bills",
    RequestKind.ITEMIZED: "Itemized statement",
    RequestKind.IMAGING: "Imaging",
    RequestKind.NARRATIVE: "Narrative report",
}


class RequestMethod(enum.StrEnum):
    """How a request was sent."""

    MAIL = "mail"
    FAX = "fax"
    EMAIL = "email"
    PORTAL = "portal"
    HAND = "hand"

    @property
    def label(self) -> str:
        """Display name."""
        return _REQUEST_METHOD_LABELS[self]


_REQUEST_METHOD_LABELS = {
    RequestMethod.MAIL: "Mail",
    RequestMethod.FAX: "Fax",
    RequestMethod.EMAIL: "Email",
    RequestMethod.PORTAL: "Patient portal",
    RequestMethod.HAND: "Hand delivery",
}


class RequestStatus(enum.StrEnum):
    """A request's progress: requested → received → reviewed."""

    REQUESTED = "requested"
    RECEIVED = "received"
    REVIEWED = "reviewed"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


@dataclass(frozen=True, slots=True)
class RecordRequest:
    """A request sent to a provider for records, bills, imaging or a report.

    Attributes:
        provider_id: The :class:`CaseProvider` asked.
        range_from: The first date of treatment asked for (``None``: from the start).
        range_to: The last date of treatment asked for (``None``: to date).
        follow_up_on: When to chase the provider; see :func:`default_follow_up`.
        received_on: When the provider's answer came (set once received).
        extended_on: When the provider took the rule's one 30-day extension, if it did.
    """

    case_id: int
    provider_id: int
    kind: RequestKind
    sent_on: date
    method: RequestMethod = RequestMethod.MAIL
    status: RequestStatus = RequestStatus.REQUESTED
    range_from: date | None = None
    range_to: date | None = None
    cost: Money | None = None
    follow_up_on: date | None = None
    received_on: date | None = None
    notes: str = ""
    extended_on: date | None = None
    id: int | None = None


def default_follow_up(sent_on: date) -> date:
    """The right-of-access deadline for a request sent on ``sent_on``: 30 days later."""
    return sent_on + timedelta(days=RIGHT_OF_ACCESS_DAYS)


#: A request's notes are not a document: this many characters at most.
MAX_NOTES = 10_000
#: The longest specialty a provider can have (the column's size).
MAX_SPECIALTY = 200
#: The most a record request can cost before the amount is taken as a typing mistake.
MAX_REQUEST_COST = Money(100_000_00)
#: The latest a follow-up can be set after the request was sent (a year: longer is a typing mistake).
MAX_FOLLOW_UP_DAYS = 366
#: Why the follow-up date defaults to 30 days after sending (shown in the request form).
FOLLOW_UP_REASON = (
    "Providers must answer a patient's request for records within 30 days (45 CFR 164.524(b)(2)); "
    "they may extend that once by 30 days, with written notice."
)


def follow_up_day(request: RecordRequest) -> date:
    """The day to chase the provider: the request's follow-up date, or the 30-day default."""
    return request.follow_up_on or default_follow_up(request.sent_on)


def is_open(request: RecordRequest) -> bool:
    """Whether the request is still waiting for the provider (neither received nor reviewed)."""
    return request.status is RequestStatus.REQUESTED


def days_overdue(request: RecordRequest, today: date) -> int:
    """Days since the follow-up date of an open request; 0 when it is not overdue."""
    if not is_open(request):
        return 0
    return max(0, (today - follow_up_day(request)).days)


def is_overdue(request: RecordRequest, today: date) -> bool:
    """An open request whose follow-up date is before ``today``."""
    return days_overdue(request, today) > 0


def mark_received(request: RecordRequest, on: date) -> RecordRequest:
    """The request with the provider's answer received on ``on`` (a reviewed one keeps its status)."""
    status = RequestStatus.REVIEWED if request.status is RequestStatus.REVIEWED else RequestStatus.RECEIVED
    return replace(request, status=status, received_on=on)


def mark_reviewed(request: RecordRequest, on: date) -> RecordRequest:
    """The request with what came back reviewed (received on ``on`` if no date was recorded)."""
    return replace(request, status=RequestStatus.REVIEWED, received_on=request.received_on or on)


def reopen(request: RecordRequest) -> RecordRequest:
    """The request as still waiting for the provider (the received date is cleared)."""
    return replace(request, status=RequestStatus.REQUESTED, received_on=None)


def extend(request: RecordRequest, on: date) -> RecordRequest:
    """The request with the provider's one 30-day extension: follow-up moved, noted in the request.

    Raises:
        ValidationError: The request was already extended, or is no longer waiting for the provider.
    """
    if request.extended_on is not None:
        raise ValidationError(
            {
                "follow_up_on": f"This request was already extended on {request.extended_on:%m/%d/%Y}; "
                "the rule allows one extension. Change the follow-up date by hand if needed."
            }
        )
    if not is_open(request):
        raise ValidationError({"follow_up_on": "Only a request still waiting for the provider is extended."})
    new_day = follow_up_day(request) + timedelta(days=RIGHT_OF_ACCESS_EXTENSION_DAYS)
    note = (
        f"{on:%m/%d/%Y}: extended 30 days (45 CFR 164.524(b)(2)(iii)); "
        f"follow up by {new_day:%m/%d/%Y} instead of {follow_up_day(request):%m/%d/%Y}."
    )
    notes = f"{request.notes.rstrip()}\n{note}" if request.notes.strip() else note
    return replace(request, follow_up_on=new_day, extended_on=on, notes=notes)


def validate_request(request: RecordRequest) -> dict[str, str]:
    """Problems with a record request, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if request.sent_on < EARLIEST_DATE:
        errors["sent_on"] = f"A request cannot be sent before {EARLIEST_DATE:%Y}."
    if request.range_from and request.range_to and request.range_to < request.range_from:
        errors["range_to"] = "The treatment range cannot end before it starts."
    if request.follow_up_on is not None:
        if request.follow_up_on < request.sent_on:
            errors["follow_up_on"] = "The follow-up cannot be before the request was sent."
        elif (request.follow_up_on - request.sent_on).days > MAX_FOLLOW_UP_DAYS:
            errors["follow_up_on"] = "The follow-up is more than a year after sending; check the date."
    if request.cost is not None:
        if request.cost.cents < 0:
            errors["cost"] = "The cost cannot be negative."
        elif request.cost > MAX_REQUEST_COST:
            errors["cost"] = f"At most {MAX_REQUEST_COST} for one request."
    if request.received_on is not None:
        if request.status is RequestStatus.REQUESTED:
            errors["received_on"] = "Only a received request has a received date."
        elif request.received_on < request.sent_on:
            errors["received_on"] = "It cannot be received before the request was sent."
    if len(request.notes) > MAX_NOTES:
        errors["notes"] = f"At most {MAX_NOTES:,} characters ({len(request.notes):,} typed)."
    return errors


def validate_provider(provider: CaseProvider) -> dict[str, str]:
    """Problems with a provider on a case, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if provider.first_visit is not None and provider.first_visit < EARLIEST_DATE:
        errors["first_visit"] = f"A visit cannot be before {EARLIEST_DATE:%Y}."
    if provider.first_visit and provider.last_visit and provider.last_visit < provider.first_visit:
        errors["last_visit"] = "The last visit cannot be before the first."
    if len(provider.specialty.strip()) > MAX_SPECIALTY:
        errors["specialty"] = f"At most {MAX_SPECIALTY} characters ({len(provider.specialty.strip())} typed)."
    if len(provider.notes) > MAX_NOTES:
        errors["notes"] = f"At most {MAX_NOTES:,} characters ({len(provider.notes):,} typed)."
    return errors


def request_order(request: RecordRequest) -> tuple[object, ...]:
    """How a case's requests are listed: open ones first by follow-up date, then the rest, newest first."""
    if is_open(request):
        return (0, follow_up_day(request).toordinal(), request.id or 0)
    return (1, -request.sent_on.toordinal(), -(request.id or 0))


@dataclass(frozen=True, slots=True)
class ProviderSummary:
    """A provider on a case with what the case file holds about them.

    Attributes:
        provider: The provider on the case.
        open_requests: Requests still waiting for the provider.
        overdue_requests: Of those, the ones past their follow-up date.
        requests: All requests to the provider.
        bills: Bills from the provider.
        documents: Documents filed under the provider.
        entries: Record index entries of the provider.
        indexed_first: The earliest date of service in the record index, if any.
        indexed_last: The latest date of service in the record index, if any.
    """

    provider: CaseProvider
    open_requests: int = 0
    overdue_requests: int = 0
    requests: int = 0
    bills: int = 0
    documents: int = 0
    entries: int = 0
    indexed_first: date | None = None
    indexed_last: date | None = None

    def removal_effects(self) -> list[str]:
        """What removing the provider from the case would do to other records, in words."""
        effects = []
        if self.requests:
            effects.append(f"{_count(self.requests, 'record request')} to them will be deleted with them")
        if self.documents:
            effects.append(f"{_count(self.documents, 'document')} will stay, no longer filed under them")
        if self.entries:
            effects.append(
                f"{_count(self.entries, 'record index entry', 'record index entries')} will stay, "
                "without a provider"
            )
        return effects


@dataclass(frozen=True, slots=True)
class OutstandingRequest:
    """An open request in the cross-case list of what is still to come from providers.

    Attributes:
        request: The request.
        case_number: The case's number.
        client: The client's name.
        provider: The provider's name.
        days_overdue: Days past the follow-up date (0 when not yet due).
    """

    request: RecordRequest
    case_number: str
    client: str
    provider: str
    days_overdue: int

    @property
    def follow_up(self) -> date:
        """The day to chase the provider."""
        return follow_up_day(self.request)


def outstanding_order(item: OutstandingRequest) -> tuple[object, ...]:
    """Most overdue first, then by follow-up date, case number and provider."""
    return (
        -item.days_overdue,
        item.follow_up,
        item.case_number,
        item.provider.casefold(),
        item.request.id or 0,
    )


def overdue_summary(items: list[OutstandingRequest]) -> str:
    """One line for the case overview: ``2 record requests overdue — Dr. Lee's medical records, 12 days``."""
    overdue = sorted((i for i in items if i.days_overdue > 0), key=outstanding_order)
    if not overdue:
        return ""
    parts = [
        f"{i.provider}'s {i.request.kind.label.lower()}, {_count(i.days_overdue, 'day')}" for i in overdue[:3]
    ]
    more = f"; and {len(overdue) - 3} more" if len(overdue) > 3 else ""
    noun = "record request" if len(overdue) == 1 else "record requests"
    return f"{len(overdue)} {noun} overdue — {'; '.join(parts)}{more}"


def _count(number: int, singular: str, plural: str = "") -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


#: What a record request's follow-up on the calendar says about itself.
FOLLOW_UP_EVENT_NOTES = (
    "The follow-up of a record request on the case's Medical tab, kept in step with it. Marking it done "
    "records the request as received; moving it moves the request's follow-up date."
)
_UID_PREFIX = "record-request-"
_UID_SUFFIX = "@casedesk"


def follow_up_uid(request_id: int) -> str:
    """The calendar UID of a request's follow-up (derived from the request, so the two stay paired)."""
    return f"{_UID_PREFIX}{request_id}{_UID_SUFFIX}"


def request_id_of(uid: str) -> int | None:
    """The request whose follow-up has this calendar UID (None for any other event)."""
    if not (uid.startswith(_UID_PREFIX) and uid.endswith(_UID_SUFFIX)):
        return None
    number = uid[len(_UID_PREFIX) : -len(_UID_SUFFIX)]
    return int(number) if number.isdigit() else None


def follow_up_title(request: RecordRequest, provider: str) -> str:
    """The follow-up's title on the calendar: ``Follow up with Dr. Lee: medical records sent 10/22/2026``."""
    title = f"Follow up with {provider}: {request.kind.label.lower()} requested {request.sent_on:%m/%d/%Y}"
    return title[:300]


def follow_up_event(request: RecordRequest, provider: str) -> Event:
    """The calendar event of a saved request's follow-up: done once the request was received."""
    assert request.id is not None
    done_on = None if is_open(request) else request.received_on or follow_up_day(request)
    return Event(
        case_id=request.case_id,
        kind=EventKind.FOLLOW_UP,
        title=follow_up_title(request, provider),
        day=follow_up_day(request),
        notes=FOLLOW_UP_EVENT_NOTES,
        reminders=EventKind.FOLLOW_UP.default_reminders,
        done_on=done_on,
        uid=follow_up_uid(request.id),
        origin=EventOrigin.REQUEST,
    )
