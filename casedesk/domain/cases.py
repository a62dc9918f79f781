"""Clients and cases: the entities every other feature hangs off, and their validation rules."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field, replace
from datetime import date

EARLIEST_DATE = date(1900, 1, 1)
#: How far ahead a planned date (a next action) may be: further is a typing mistake.
PLANNING_HORIZON_DAYS = 10 * 366
#: The longest text each field takes (the database columns are this wide).
MAX_LENGTHS = {
    "number": 50,
    "caption": 300,
    "incident_place": 300,
    "attorney": 200,
    "next_action": 300,
    "name": 200,
    "phone": 50,
    "email": 200,
    "language": 50,
    "organization": 200,
    "subject": 300,
    "parties": 300,
    "title": 300,
    "location": 300,
    "override_reason": 300,
    "cause": 200,
    "employer": 200,
    "questionnaire_title": 200,
    "interviewer": 200,
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^[0-9+()\-.\s/x]{7,}$")
_PHONE_MIN_DIGITS = 7


class CaseStatus(enum.StrEnum):
    """Where a case is in the pipeline, in pipeline order."""

    INTAKE = "intake"
    TREATING = "treating"
    DEMAND = "demand"
    NEGOTIATION = "negotiation"
    LITIGATION = "litigation"
    TRIAL = "trial"
    SETTLED = "settled"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        """Display name."""
        return self.value.capitalize()


class CaseType(enum.StrEnum):
    """The kind of incident the case is about."""

    MOTOR_VEHICLE = "motor_vehicle"
    PREMISES = "premises"
    WORKPLACE = "workplace"
    MEDICAL_MALPRACTICE = "medical_malpractice"
    DOG_BITE = "dog_bite"
    PRODUCT = "product"
    OTHER = "other"

    @property
    def label(self) -> str:
        """Display name."""
        return _CASE_TYPE_LABELS[self]


_CASE_TYPE_LABELS = {
    CaseType.MOTOR_VEHICLE: "Motor vehicle",
    CaseType.PREMISES: "Premises liability",
    CaseType.WORKPLACE: "Workplace",
    CaseType.MEDICAL_MALPRACTICE: "Medical malpractice",
    CaseType.DOG_BITE: "Dog bite",
    CaseType.PRODUCT: "Product liability",
    CaseType.OTHER: "Other",
}


@dataclass(frozen=True, slots=True)
class Client:
    """An injured person the firm represents.

    Attributes:
        id: Database id, ``None`` until saved.
        name: Full name as it appears on documents.
        date_of_birth: Needed for minority tolling and records requests.
    """

    name: str
    date_of_birth: date | None = None
    phone: str = ""
    email: str = ""
    address: str = ""
    language: str = "English"
    notes: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class Case:
    """One matter for one client.

    Attributes:
        id: Database id, ``None`` until saved.
        number: The firm's file number, unique in the case file.
        client_id: The client the case belongs to.
        jurisdiction: Two-letter code of the US state or DC whose law applies.
        next_action: What has to happen next on the case, and by when (``next_action_on``).
    """

    number: str
    caption: str
    client_id: int
    incident_date: date | None = None
    case_type: CaseType = CaseType.MOTOR_VEHICLE
    incident_place: str = ""
    jurisdiction: str = ""
    status: CaseStatus = CaseStatus.INTAKE
    attorney: str = ""
    opened_on: date = field(default_factory=date.today)
    closed_on: date | None = None
    facts: str = ""
    next_action: str = ""
    next_action_on: date | None = None
    id: int | None = None


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One row of the case list: the case and its client's name, read in one query."""

    id: int
    number: str
    caption: str
    client_name: str
    status: CaseStatus
    case_type: CaseType
    incident_date: date | None
    jurisdiction: str
    attorney: str
    next_action: str
    next_action_on: date | None


class CaseSort(enum.StrEnum):
    """Columns the case list can be sorted by (sorting happens in the database)."""

    NUMBER = "number"
    CLIENT = "client"
    CAPTION = "caption"
    STATUS = "status"
    INCIDENT_DATE = "incident_date"
    JURISDICTION = "jurisdiction"
    NEXT_ACTION_ON = "next_action_on"


@dataclass(frozen=True, slots=True)
class CaseQuery:
    """What the case list shows: a free-text search, a status filter and a sort order.

    Attributes:
        text: Matched against client name, case number and caption (case-insensitive).
        status: Only cases in this status; ``None`` for every status.
        sort: The column the database orders by (cases without a value last).
        descending: Reverse the order.
        include_closed: With ``status=None``, whether closed cases are listed too.
    """

    text: str = ""
    status: CaseStatus | None = None
    sort: CaseSort = CaseSort.NUMBER
    descending: bool = False
    include_closed: bool = True

    def admits(self, status: CaseStatus) -> bool:
        """Whether a case in ``status`` passes the status part of the query."""
        if self.status is not None:
            return status is self.status
        return self.include_closed or status is not CaseStatus.CLOSED


@dataclass(frozen=True, slots=True)
class CaseList:
    """The result of a case-list query: the matching case ids in order, and counts per status.

    Attributes:
        ids: The cases that match the whole query, in the query's order.
        counts: For every status, how many cases match the search text (whatever the status filter),
            so a status filter can show what each choice would give.
    """

    ids: tuple[int, ...]
    counts: dict[CaseStatus, int]

    @property
    def total(self) -> int:
        """How many cases match the search text, in any status."""
        return sum(self.counts.values())


def _check_date(errors: dict[str, str], key: str, value: date | None, label: str, today: date) -> None:
    if value is None:
        return
    if value > today:
        errors[key] = f"{label} cannot be in the future."
    elif value < EARLIEST_DATE:
        errors[key] = f"{label} cannot be before {EARLIEST_DATE:%Y}."


def length_errors(**fields: str) -> dict[str, str]:
    """Fields longer than :data:`MAX_LENGTHS` allows, by field name."""
    return {
        name: f"At most {MAX_LENGTHS[name]} characters ({len(value.strip())} typed)."
        for name, value in fields.items()
        if len(value.strip()) > MAX_LENGTHS[name]
    }


def with_status(case: Case, status: CaseStatus, today: date) -> Case:
    """The case moved to ``status``: closing stamps today's date unless one is set; reopening clears it."""
    closed_on = (case.closed_on or today) if status is CaseStatus.CLOSED else None
    return replace(case, status=status, closed_on=closed_on)


def contact_details_errors(phone: str, email: str) -> dict[str, str]:
    """Problems with a phone number and an email address, keyed ``phone`` and ``email``."""
    errors: dict[str, str] = {}
    if email.strip() and not _EMAIL.match(email.strip()):
        errors["email"] = "The email address is not valid (name@example.com)."
    phone_digits = sum(ch.isdigit() for ch in phone)
    if phone.strip() and (not _PHONE.match(phone.strip()) or phone_digits < _PHONE_MIN_DIGITS):
        errors["phone"] = "The phone number is not valid: digits, spaces, + ( ) - only, 7 or more."
    return errors


def validate_client(client: Client, today: date) -> dict[str, str]:
    """Problems with a client's fields, by field name; empty when the client can be saved."""
    errors: dict[str, str] = {}
    if not client.name.strip():
        errors["name"] = "The client's name is required."
    _check_date(errors, "date_of_birth", client.date_of_birth, "Date of birth", today)
    errors.update(contact_details_errors(client.phone, client.email))
    errors.update(
        length_errors(name=client.name, phone=client.phone, email=client.email, language=client.language)
    )
    return errors


def validate_case(case: Case, today: date, jurisdiction_codes: frozenset[str]) -> dict[str, str]:
    """Problems with a case's fields, by field name; empty when the case can be saved.

    Uniqueness of the case number is checked by the store, which alone can see the other cases.
    """
    errors: dict[str, str] = {}
    if not case.number.strip():
        errors["number"] = "The case number is required."
    if not case.caption.strip():
        errors["caption"] = "The caption is required (e.g. Smith v. Jones)."
    _check_date(errors, "incident_date", case.incident_date, "The incident date", today)
    _check_date(errors, "opened_on", case.opened_on, "The opened date", today)
    if case.jurisdiction and case.jurisdiction not in jurisdiction_codes:
        errors["jurisdiction"] = f"“{case.jurisdiction}” is not a US state or DC."
    if case.closed_on is not None:
        if case.status is not CaseStatus.CLOSED:
            errors["closed_on"] = (
                "Only a closed case has a closed date: clear it, or set the status to Closed."
            )
        elif case.closed_on < case.opened_on:
            errors["closed_on"] = "The closed date cannot be before the opened date."
        elif case.closed_on > today:
            errors["closed_on"] = "The closed date cannot be in the future."
    elif case.status is CaseStatus.CLOSED:
        errors["closed_on"] = "A closed case needs the date it was closed."
    if case.next_action_on is not None:
        if not case.next_action.strip():
            errors["next_action"] = "Say what the next action is, or clear its date."
        if case.next_action_on < EARLIEST_DATE:
            errors["next_action_on"] = f"The next action date cannot be before {EARLIEST_DATE:%Y}."
        elif (case.next_action_on - today).days > PLANNING_HORIZON_DAYS:
            errors["next_action_on"] = "The next action date is more than ten years ahead; check the year."
    errors.update(
        length_errors(
            number=case.number,
            caption=case.caption,
            incident_place=case.incident_place,
            attorney=case.attorney,
            next_action=case.next_action,
        )
    )
    return errors
