"""Providers who treat a client on a case, and the requests sent to them for records and bills.

A request's follow-up date defaults to the patient's right of access: under 45 CFR 164.524 a provider has
30 days to answer, extendable once by 30 days with written notice.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

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
    id: int | None = None


def default_follow_up(sent_on: date) -> date:
    """The right-of-access deadline for a request sent on ``sent_on``: 30 days later."""
    return sent_on + timedelta(days=RIGHT_OF_ACCESS_DAYS)
