"""Lost wages: time the client missed from work, at what rate, and the amount claimed.

The amount is computed from the rate and the time missed, rounded half-up to the cent:

- hourly rate × hours missed;
- daily rate × days missed;
- weekly rate ÷ 5 × work days missed (a five-day work week);
- yearly salary ÷ 260 × work days missed (52 weeks of five days).

Where the client's pay does not fit these (tips, overtime, a six-day week), the amount is overridden by
hand with a reason, and the reason goes on every printout.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from casedesk.domain.cases import length_errors
from casedesk.domain.money import Money

WORK_DAYS_PER_WEEK = 5
WORK_DAYS_PER_YEAR = 260
#: More time missed than this in one record is a typing mistake (ten years of full-time hours).
MAX_HOURS_MISSED = Decimal(10 * 366 * 24)
MAX_DAYS_MISSED = Decimal(10 * 366)


class WageBasis(enum.StrEnum):
    """How the client was paid: the rate is per hour, day, week or year."""

    HOURLY = "hourly"
    DAILY = "daily"
    WEEKLY = "weekly"
    ANNUAL = "annual"

    @property
    def label(self) -> str:
        """Display name."""
        return _BASIS_LABELS[self]

    @property
    def unit(self) -> str:
        """What the time missed is counted in: ``hours`` for an hourly rate, ``days`` otherwise."""
        return "hours" if self is WageBasis.HOURLY else "days"

    @property
    def per_unit(self) -> Decimal:
        """How many units of time missed one rate pays for (a weekly rate pays five work days)."""
        if self is WageBasis.WEEKLY:
            return Decimal(WORK_DAYS_PER_WEEK)
        if self is WageBasis.ANNUAL:
            return Decimal(WORK_DAYS_PER_YEAR)
        return Decimal(1)

    @classmethod
    def parse(cls, text: str) -> WageBasis | None:
        """The basis a label or a word names (``"Hourly"``, ``"salary"``); ``None`` if none does."""
        words = text.strip().lower()
        for basis, names in _BASIS_WORDS.items():
            if any(name in words for name in names):
                return basis
        return None


_BASIS_LABELS = {
    WageBasis.HOURLY: "Hourly",
    WageBasis.DAILY: "Daily",
    WageBasis.WEEKLY: "Weekly",
    WageBasis.ANNUAL: "Salary (yearly)",
}
_BASIS_WORDS = {
    WageBasis.HOURLY: ("hour",),
    WageBasis.DAILY: ("dai", "day"),
    WageBasis.WEEKLY: ("week",),
    WageBasis.ANNUAL: ("year", "annual", "salary"),
}


@dataclass(frozen=True, slots=True)
class LostWage:
    """Pay the client lost from one employer over one period.

    Attributes:
        employer: The employer's name as it goes on the claim.
        rate: Pay per hour, day, week or year (``basis``).
        missed: Hours (hourly rate) or work days (any other rate) missed.
        override: An amount typed by hand instead of the computed one; needs ``override_reason``.
        employer_contact_id: The employer in the contacts book, when linked.
        interview_id: The interview the record came from, when it did.
    """

    case_id: int
    employer: str
    rate: Money
    basis: WageBasis
    missed: Decimal
    period_from: date | None = None
    period_to: date | None = None
    override: Money | None = None
    override_reason: str = ""
    notes: str = ""
    employer_contact_id: int | None = None
    interview_id: int | None = None
    id: int | None = None

    @property
    def computed(self) -> Money:
        """The rate times the time missed, per the rules in this module's docstring."""
        return Money.of(self.rate.amount * self.missed / self.basis.per_unit)

    @property
    def amount(self) -> Money:
        """The amount claimed: the override when there is one, else the computed amount."""
        return self.override if self.override is not None else self.computed

    def explanation(self) -> str:
        """How the amount was reached, in words (for lists and printouts)."""
        missed = f"{self.missed.normalize():f} {self.basis.unit}"
        per = {WageBasis.WEEKLY: " ÷ 5", WageBasis.ANNUAL: " ÷ 260"}.get(self.basis, "")
        rule = f"{self.rate} {self.basis.label.lower()}{per} × {missed} = {self.computed}"
        if self.override is None:
            return rule
        return f"{self.override} set by hand ({self.override_reason.strip()}); computed {rule}"


def validate_lost_wage(wage: LostWage) -> dict[str, str]:
    """Problems with a lost-wage record, by field name; empty when it can be saved."""
    errors: dict[str, str] = {}
    if not wage.employer.strip():
        errors["employer"] = "The employer's name is required."
    if wage.rate.cents < 0:
        errors["rate"] = "The rate cannot be negative."
    limit = MAX_HOURS_MISSED if wage.basis is WageBasis.HOURLY else MAX_DAYS_MISSED
    if wage.missed < 0:
        errors["missed"] = f"The {wage.basis.unit} missed cannot be negative."
    elif wage.missed > limit:
        errors["missed"] = f"At most {limit:,} {wage.basis.unit} in one record."
    if wage.period_from and wage.period_to and wage.period_to < wage.period_from:
        errors["period_to"] = "The period cannot end before it starts."
    if wage.override is not None:
        if wage.override.cents < 0:
            errors["override"] = "The amount cannot be negative."
        if not wage.override_reason.strip():
            errors["override_reason"] = "Say why the amount is set by hand."
    errors.update(length_errors(employer=wage.employer, override_reason=wage.override_reason))
    return errors


def total_lost_wages(wages: Iterable[LostWage]) -> Money:
    """The sum of the amounts claimed."""
    return sum((wage.amount for wage in wages), Money.zero())
