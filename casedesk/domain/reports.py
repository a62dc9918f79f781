"""The case progress report: where a case stands, on one page, for the attorney or the client."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import TypeVar

from casedesk.domain.chronology import Visit
from casedesk.domain.firm import FirmProfile
from casedesk.domain.money import Money

#: Printed under every report: the figures come from the case file as it stands.
VERIFY_NOTE = "figures to be verified by the attorney"

_T = TypeVar("_T")


class Audience(StrEnum):
    """Who the report is for: the attorney sees the valuation range, the client does not."""

    ATTORNEY = "attorney"
    CLIENT = "client"

    @property
    def label(self) -> str:
        """Display name."""
        return "Attorney" if self is Audience.ATTORNEY else "Client"


@dataclass(frozen=True, slots=True)
class TreatmentLine:
    """One provider's treatment as the chronology shows it.

    Attributes:
        provider: The provider's name.
        first_visit: The first date of service indexed.
        last_visit: The last day of care indexed.
        visits: How many visits the chronology counts.
        still_treating: The provider's status on the case is "treating".
    """

    provider: str
    first_visit: date
    last_visit: date
    visits: int
    still_treating: bool = False


@dataclass(frozen=True, slots=True)
class ClaimLine:
    """Where one insurance claim stands.

    Attributes:
        insurer: The carrier.
        coverage: The coverage claimed on, in words.
        claim_number: The insurer's claim number ("" when not known yet).
        status: The claim's status, in words.
        last_demand: The latest demand (initial or counter) and its day, if any.
        last_offer: The latest offer (offer, counter-offer or final) and its day, if any.
        net_at_last_offer: The client's net if the last offer were accepted (``None``: not computed).
        deadline: The day the latest demand or offer lapses, if it has one.
    """

    insurer: str
    coverage: str
    claim_number: str
    status: str
    last_demand: tuple[date, Money] | None = None
    last_offer: tuple[date, Money] | None = None
    net_at_last_offer: Money | None = None
    deadline: date | None = None


@dataclass(frozen=True, slots=True)
class DateLine:
    """A date coming up on the case."""

    day: date
    title: str


@dataclass(frozen=True, slots=True)
class Specials:
    """The special damages so far.

    Attributes:
        medical_billed: The bills' total billed (as ``BillService.totals``).
        medical_paid: The bills' total paid by every source.
        lost_wages: The lost wages (as ``WageService.total``).
        property_damage: The property damage (the valuation's figure).
    """

    medical_billed: Money = field(default_factory=Money.zero)
    medical_paid: Money = field(default_factory=Money.zero)
    lost_wages: Money = field(default_factory=Money.zero)
    property_damage: Money = field(default_factory=Money.zero)
    bill_count: int = 0

    @property
    def total(self) -> Money:
        """Medical billed, lost wages and property damage together."""
        return self.medical_billed + self.lost_wages + self.property_damage


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """Everything the case progress report prints, read at one moment.

    Attributes:
        prepared_on: The day the report is prepared.
        firm: The firm's letterhead (may be empty).
        status: The case's status, in words.
        incident: The incident's type, date and place, in words.
        facts: The incident facts as entered on the case.
        treatment: One line per provider seen, in the order of first visits.
        still_treating: Whether any provider still treats the client.
        claims: One line per insurance claim.
        next_dates: Open calendar events from today on, by day.
        limitation_day: The limitation deadline the calendar holds, if known.
        limitation_note: Why there is no limitation deadline, or its rule, in words.
        value_low: The lowest value of the case's valuation scenarios (``None``: no valuation yet).
        value_high: The highest value of the scenarios.
    """

    prepared_on: date
    firm: FirmProfile
    case_number: str
    caption: str
    client: str
    status: str
    attorney: str
    next_action: str
    next_action_on: date | None
    incident: str
    facts: str
    treatment: tuple[TreatmentLine, ...]
    still_treating: bool
    specials: Specials
    claims: tuple[ClaimLine, ...]
    next_dates: tuple[DateLine, ...]
    limitation_day: date | None
    limitation_note: str = ""
    value_low: Money | None = None
    value_high: Money | None = None


def treatment_lines(visits: Iterable[Visit], treating: Iterable[str] = ()) -> tuple[TreatmentLine, ...]:
    """One line per provider from the chronology's visits, in the order of their first visit.

    Args:
        visits: The chronology's visits (those without a provider are left out).
        treating: The names of the providers still treating the client.
    """
    still = set(treating)
    firsts: dict[str, date] = {}
    lasts: dict[str, date] = {}
    counts: dict[str, int] = {}
    for visit in visits:
        if visit.provider_id is None:
            continue
        name = visit.provider
        firsts[name] = min(firsts.get(name, visit.service_from), visit.service_from)
        lasts[name] = max(lasts.get(name, visit.last_day), visit.last_day)
        counts[name] = counts.get(name, 0) + 1
    order = sorted(firsts, key=lambda name: (firsts[name], name))
    return tuple(
        TreatmentLine(name, firsts[name], lasts[name], counts[name], name in still) for name in order
    )


def value_range(
    values: Iterable[tuple[Money | None, Money | None, Money | None]],
) -> tuple[Money, Money] | None:
    """The range across scenarios, from each one's (low, value, high); ``None`` when none has a value."""
    lows: list[Money] = []
    highs: list[Money] = []
    for low, value, high in values:
        bottom = low if low is not None else value
        top = high if high is not None else value
        if bottom is not None:
            lows.append(bottom)
        if top is not None:
            highs.append(top)
    if not lows or not highs:
        return None
    return min(lows), max(highs)


def shorten(items: Sequence[_T], limit: int) -> tuple[tuple[_T, ...], int]:
    """At most ``limit`` items, and how many more were left out (the last shown line says "and N more")."""
    if limit < 1:
        return (), len(items)
    if len(items) <= limit:
        return tuple(items), 0
    return tuple(items[: limit - 1]), len(items) - (limit - 1)


def more_text(count: int) -> str:
    """The line standing for items left out: ``and 4 more``."""
    return f"and {count} more"
